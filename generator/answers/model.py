"""The answers file, format 1, as a pydantic v2 model (see /work/shared/answers-format.yaml).

Field names are the contract. Every model forbids unknown keys so a typo (`budjet`) is
reported, not silently dropped. Enum fields hold plain strings (`use_enum_values`), so
templates compare and print `"conversion"`, never `Purpose.conversion`.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from generator import textsafe
from generator.locales import t
from generator.answers import numbers
from generator.answers.numbers import NumberProblem
from generator.answers.types import (
    Count,
    Currency,
    Date,
    Flag,
    ListOf,
    Money,
    Number,
    Percent,
    RequiredText,
    Text,
    TextList,
    UnitConflict,
    choice,
    error,
    show,
)

FORMAT = 1


class Purpose(enum.StrEnum):
    """活动目的."""

    acquisition = "acquisition"
    activation = "activation"
    conversion = "conversion"
    brand = "brand"


class PhaseName(enum.StrEnum):
    """The four operations phases, in order."""

    planning = "planning"
    warmup = "warmup"
    launch = "launch"
    review = "review"


class ChannelKind(enum.StrEnum):
    """推广渠道 kinds."""

    owned = "owned"
    paid = "paid"
    partner = "partner"
    kol = "kol"
    offline = "offline"
    other = "other"


class MaterialKind(enum.StrEnum):
    """物料: online or offline."""

    online = "online"
    offline = "offline"


class DevelopmentKind(enum.StrEnum):
    """功能开发需求 kinds: rules integration, page feature, tracking events."""

    rules = "rules"
    page = "page"
    tracking = "tracking"


class MetricKind(enum.StrEnum):
    """What a key result measures, which decides how it is paced, graded and printed."""

    count = "count"  # people, orders, shares: accumulates day by day
    amount = "amount"  # money in: GMV, revenue
    rate = "rate"  # a percentage (percentage points): conversion rate, retention
    cost = "cost"  # money per result, lower is better: CPA, cost per new user
    level = "level"  # an index or score read at a moment: search index, NPS, rating


class BudgetKind(enum.StrEnum):
    """What a budget line pays for (预算明细 by kind); channel budgets count as media."""

    prizes = "prizes"
    coupons = "coupons"
    media = "media"
    people = "people"
    materials = "materials"
    development = "development"
    other = "other"


class Workstream(enum.StrEnum):
    """团队分工 workstreams of a RACI table (display names: labels.workstream)."""

    channels = "channels"
    materials = "materials"
    development = "development"
    data = "data"
    service = "service"


class Cadence(enum.StrEnum):
    """How often a meeting or report of the reporting rhythm happens."""

    daily = "daily"
    weekly = "weekly"
    once = "once"


class ChecklistKind(enum.StrEnum):
    """What a go-live checklist item checks (上线检查清单); other = the user's own."""

    prize_rules = "prize_rules"
    ad_wording = "ad_wording"
    data_consent = "data_consent"
    service_faq = "service_faq"
    rollback = "rollback"
    other = "other"


class Level(enum.StrEnum):
    """Risk likelihood / impact."""

    low = "low"
    medium = "medium"
    high = "high"


class Lang(enum.StrEnum):
    """Language of the questionnaire and the documents."""

    zh = "zh"
    en = "en"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=True,
                              validate_default=False, str_strip_whitespace=False)


def _d(text: str) -> Any:
    """Field(description=...) shorthand: the contract's comment, shown by editors."""
    return Field(default=None, description=text)


class Campaign(_Section):
    """活动基本信息."""

    theme: RequiredText = Field(description="活动主题 (required); also the default file-name stem")
    slug: Text | None = _d("file-name stem; derived from theme if absent")
    background: Text | None = _d("活动背景: why now, what the data says (basic Markdown)")
    purpose: choice(Purpose) = Field(description="活动目的 (required)")
    nature: Text | None = _d("定性: one line on what kind of campaign this is")
    start: Date = Field(description="campaign goes live (required), YYYY-MM-DD")
    end: Date = Field(description="campaign ends (required, >= start), YYYY-MM-DD")
    owner: RequiredText = Field(description="accountable person (required)")
    departments: TextList = Field(default_factory=list, description="related departments")
    budget: Money | None = _d("total budget in `currency` (20000, \"2万\", \"¥20,000\")")
    currency: Currency | None = _d("ISO 4217 code (CNY, USD ...; RMB/元/￥ mean CNY); "
                                   "CNY default for zh, USD for en")


class KeyResult(_Section):
    """One KR: what is counted, from what, to what, by when."""

    metric: RequiredText = Field(description="what is counted (required)")
    baseline: Number | None = _d("last comparable period (同比/环比 basis)")
    target: Number = Field(description="the number to reach (required)")
    unit: Text | None = _d("unit shown after numbers, e.g. 人, users, %; a unit typed with "
                           "the baseline or target (\"18%\") fills it when empty")
    kind: choice(MetricKind) | None = _d(
        "count | amount | rate | cost | level; inferred from unit and metric when absent")
    deadline: Date | None = _d("defaults to campaign.end")

    @model_validator(mode="before")
    @classmethod
    def _typed_units(cls, data: Any) -> Any:
        """A unit typed with the baseline or target (`18%`) fills an empty unit; one that
        contradicts the unit is that number's error."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for name in ("baseline", "target"):
            if isinstance(data.get(name), str):
                data[name] = _unit_into(data, name)
        return data


class Objective(_Section):
    """OKR objective with its key results."""

    objective: RequiredText = Field(description="the objective (required)")
    key_results: ListOf(KeyResult) = Field(default_factory=list)


class Segment(_Section):
    """A target-audience segment."""

    name: RequiredText = Field(description="segment name (required)")
    size: Count | None = _d("number of people")
    needs: TextList = Field(default_factory=list, description="需求")
    pain_points: TextList = Field(default_factory=list, description="痛点")


class Audience(_Section):
    """目标人群."""

    summary: Text | None = _d("one line describing the target users")
    segments: ListOf(Segment) = Field(default_factory=list)


class Phase(_Section):
    """One operations phase window."""

    phase: choice(PhaseName) = Field(description="planning | warmup | launch | review")
    start: Date
    end: Date


class Channel(_Section):
    """推广渠道."""

    name: RequiredText = Field(description="channel name (required)")
    kind: choice(ChannelKind) = Field(default="other",
                                      description="owned | paid | partner | kol | offline | other")
    process: Text | None = _d("对接流程: hand-off process")
    budget: Money | None = _d("推广预算")
    owner: Text | None = _d("渠道负责人")
    start: Date | None = None
    end: Date | None = None
    expected_reach: Count | None = _d("expected exposure (曝光)")
    expected_conversions: Count | None = _d("expected conversions")


class Material(_Section):
    """物料设计需求."""

    name: RequiredText = Field(description="material name (required)")
    kind: choice(MaterialKind) | None = _d("online | offline")
    copy_text: Text | None = Field(default=None, alias="copy", description="文案")
    owner: Text | None = None
    due: Date | None = None
    deliverable: Text | None = _d("交付: what is handed over")

    model_config = ConfigDict(populate_by_name=True)

    @property
    def copy(self) -> str | None:  # type: ignore[override]
        """文案 (stored as `copy_text` because BaseModel.copy is a method)."""
        return self.copy_text


class Development(_Section):
    """功能开发需求."""

    item: RequiredText = Field(description="what to build (required)")
    kind: choice(DevelopmentKind) | None = _d("rules | page | tracking")
    detail: Text | None = None
    owner: Text | None = None
    due: Date | None = None


class Task(_Section):
    """One row of the 分工排期表."""

    id: Text | None = _d("optional; referenced by depends_on")
    task: RequiredText = Field(description="事项 (required)")
    phase: choice(PhaseName) | None = None
    owner: Text | None = _d("负责人")
    start: Date | None = _d("启动时间")
    end: Date | None = _d("结束时间")
    deliverable: Text | None = _d("交付结果")
    depends_on: TextList = Field(default_factory=list, description="ids of earlier tasks")
    milestone: Flag = False


class Risk(_Section):
    """A risk and what is done about it."""

    risk: RequiredText = Field(description="the risk (required)")
    likelihood: choice(Level) | None = _d("low | medium | high")
    impact: choice(Level) | None = _d("low | medium | high")
    mitigation: Text | None = None


class BudgetLine(_Section):
    """One line of the itemised budget: an amount, or face value × quantity × redemption."""

    item: RequiredText = Field(description="what the money is for (required)")
    kind: choice(BudgetKind) = Field(
        default="other",
        description="prizes | coupons | media | people | materials | development | other")
    amount: Money | None = _d("the line's amount; computed from face_value × quantity "
                              "(× redemption) when those are given")
    face_value: Money | None = _d("面额/单价: value of one coupon or prize, or one piece's cost")
    quantity: Count | None = _d("how many are issued or bought")
    redemption: Percent | None = _d("预计核销率: expected share redeemed, in percent "
                                    "(35 or \"35%\"); absent = 100 %")
    note: Text | None = _d("备注")


class Budget(_Section):
    """预算明细: lines by kind and a contingency; channel budgets roll in as media."""

    lines: ListOf(BudgetLine) = Field(default_factory=list)
    contingency: Percent | None = _d("不可预见费: percent of the lines and channel budgets "
                                     "(10–15 proposed)")


class Approver(_Section):
    """审批签字: one person who signs the plan off."""

    name: RequiredText = Field(description="who signs (required)")
    role: Text | None = _d("职务: their role, e.g. 市场总监")
    date: Date | None = _d("when they signed; blank leaves a line to write it on")


class Raci(_Section):
    """One workstream of the RACI table: who does, decides, is consulted, is informed."""

    workstream: choice(Workstream) = Field(
        description="channels | materials | development | data | service")
    responsible: TextList = Field(default_factory=list, description="R 执行: who does the work")
    accountable: TextList = Field(
        default_factory=list, description="A 负责: the one person who decides (exactly one)")
    consulted: TextList = Field(default_factory=list, description="C 咨询: asked before deciding")
    informed: TextList = Field(default_factory=list, description="I 知会: told of progress")


class Meeting(_Section):
    """One line of the reporting rhythm (沟通机制): a daily report, a weekly meeting ..."""

    meeting: RequiredText = Field(description="its name, e.g. 数据日报 (required)")
    cadence: choice(Cadence) | None = _d("daily | weekly | once")
    start: Date | None = _d("first day it happens")
    end: Date | None = _d("last day it happens")
    time: Text | None = _d("when in the day or week, e.g. 每天 10:00")
    owner: Text | None = _d("who runs it or writes it")
    attendees: TextList = Field(default_factory=list, description="who takes part or receives it")
    channel: Text | None = _d("where: a work group, a meeting room, a video call")


class Team(_Section):
    """团队与沟通: the RACI table by workstream and the reporting rhythm."""

    raci: ListOf(Raci) = Field(default_factory=list, description="RACI by workstream; proposed "
                               "from the schedule's task owners")
    rhythm: ListOf(Meeting) = Field(default_factory=list, description="reporting rhythm; "
                                    "proposed from the phases")


class ChecklistItem(_Section):
    """One go-live check (上线检查清单), due before launch."""

    item: RequiredText = Field(description="what is checked (required)")
    kind: choice(ChecklistKind) = Field(
        default="other", description="prize_rules | ad_wording | data_consent | service_faq | "
        "rollback | other")
    detail: Text | None = _d("what to check, in a line")
    owner: Text | None = _d("负责人")
    due: Date | None = _d("截止日期: before the launch (check warns otherwise)")
    done: Flag = False


def _unit_into(data: dict, name: str) -> Any:
    """`data[name]`, after moving its typed unit into an empty `data["unit"]`."""
    value = data.get(name)
    if not isinstance(value, str):
        return value
    try:
        reading = numbers.read_number(value)
        data["unit"] = numbers.fit_unit(reading, data.get("unit"), value)
    except NumberProblem as exc:
        return UnitConflict(exc) if exc.code == "unit_conflict" else value
    return reading.value


class KeyResultActual(_Section):
    """Actual value of a key result, matched by metric name."""

    metric: RequiredText
    actual: Number | None = None
    reason: Text | None = _d("why the target was missed or exceeded (差距原因)")
    lesson: Text | None = _d("what to keep or change next time (经验)")


class Participants(_Section):
    """参与人数."""

    total: Count | None = None
    by_source: dict[str, Count] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _empty_sources(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("by_source", {}) is None:
            data = {**data, "by_source": {}}
        return data


class Funnel(_Section):
    """exposure → click → share → conversion."""

    exposure: Count | None = None
    clicks: Count | None = None
    shares: Count | None = None
    conversions: Count | None = None


class Cost(_Section):
    """A cost line by kind (ads, people, materials, prizes ...)."""

    item: RequiredText
    amount: Money | None = None


class ChannelResult(_Section):
    """Per-channel results, matched by channel name."""

    name: RequiredText
    participants: Count | None = None
    conversions: Count | None = None
    cost: Money | None = None


class FollowUp(_Section):
    """后续跟进 action."""

    action: RequiredText
    owner: Text | None = None
    due: Date | None = None


class DailyRow(_Section):
    """One day of the daily series (每日数据): the date and each main key result's figure."""

    date: Date = Field(description="the day (required), YYYY-MM-DD")
    values: dict[str, Number] = Field(
        default_factory=dict, description="metric name (as in objectives) -> that day's figure")

    @model_validator(mode="before")
    @classmethod
    def _empty_values(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("values", {}) is None:
            data = {**data, "values": {}}
        return data


class Resource(_Section):
    """A resource asked for after the review (资源申请): what, how much, why."""

    what: RequiredText = Field(description="what is asked for (required)")
    amount: Money | None = _d("how much it costs, in `campaign.currency`")
    why: Text | None = _d("why it is needed: the finding it answers")


class Results(_Section):
    """After the campaign; absent = the review report is a blank template."""

    key_results: ListOf(KeyResultActual) = Field(default_factory=list)
    participants: Participants | None = None
    funnel: Funnel | None = None
    revenue: Money | None = None
    costs: ListOf(Cost) = Field(default_factory=list)
    channels: ListOf(ChannelResult) = Field(default_factory=list)
    feedback: TextList = Field(default_factory=list)
    problems: TextList = Field(default_factory=list)
    lessons: TextList = Field(default_factory=list)
    follow_up: ListOf(FollowUp) = Field(default_factory=list)
    resources: ListOf(Resource) = Field(
        default_factory=list, description="资源申请: resources asked for the next steps")
    daily: ListOf(DailyRow) = Field(
        default_factory=list, description="每日数据: the main key results day by day (the "
        "review draws the trend with the phases shaded, the peak and the drop marked)")


def _format(value: Any) -> int:
    """`format: 1` exactly; a newer file gets a sentence naming both versions."""
    if value is None:
        raise error("required", "answers.format.required")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise error("format", "answers.format.not_one", got=show(value))
    # NOTE: `format: "1"` is format 1 in quotes (it read "this file is format 1; ... reads format 1").
    if value != FORMAT and str(value).strip() != str(FORMAT):
        raise error("format", "answers.format.newer", got=str(value))
    return FORMAT


# NOTE: phase windows derived from the campaign dates when `phases` is absent (or partial).
_DEFAULT_WINDOWS = {"planning": ("start", -21, "start", -11), "warmup": ("start", -10, "start", -1),
                    "launch": ("start", 0, "end", 0), "review": ("end", 1, "end", 7)}


class Answers(_Section):
    """A whole answers file (format 1)."""

    format: Annotated[int, BeforeValidator(_format)] = Field(
        description="(required) the format version; must be 1")
    lang: choice(Lang) = Field(default="zh", description="zh | en: language of the documents")
    campaign: Campaign
    objectives: ListOf(Objective) = Field(
        default_factory=list, description="OKR: at most 3 objectives (more is a lint warning)")
    audience: Audience = Field(default_factory=Audience)
    rules: TextList = Field(default_factory=list, description="活动规则, one per item")
    flow: TextList = Field(default_factory=list, description="活动流程, the journey in order")
    phases: ListOf(Phase) = Field(
        default_factory=list, description="generated from the campaign dates if absent")
    channels: ListOf(Channel) = Field(default_factory=list, description="推广渠道")
    materials: ListOf(Material) = Field(default_factory=list, description="物料设计需求")
    development: ListOf(Development) = Field(default_factory=list, description="功能开发需求")
    schedule: ListOf(Task) = Field(
        default_factory=list, description="分工排期表; proposed from the phases if absent")
    risks: ListOf(Risk) = Field(default_factory=list)
    budget: Budget | None = _d("预算明细 (optional): budget lines by kind and a contingency; "
                               "check reconciles them, the channels and campaign.budget")
    team: Team | None = _d("团队与沟通 (optional): RACI by workstream and the reporting rhythm")
    checklist: ListOf(ChecklistItem) = Field(
        default_factory=list, description="上线检查清单 (optional): compliance and go-live "
        "checks, each with an owner and a due date before launch")
    approvers: ListOf(Approver) = Field(
        default_factory=list, description="审批签字 (optional): who signs the plan off; the plan "
        "ends with a signature line for each")
    results: Results | None = _d("after the campaign; absent = blank review template")
    compare_with: Text | None = _d(
        "对比活动: an earlier campaign's answers file (relative to this file) whose actuals "
        "the review puts beside these, with the change")
    proposed: dict[str, Any] | None = _d(
        "what campaign-docs proposed (dotted path -> value): a value still equal to its entry "
        "follows its sources when they change; one edited is the user's (written by the tool)")

    @model_validator(mode="before")
    @classmethod
    def _empty_audience(cls, data: Any) -> Any:
        if isinstance(data, dict) and "audience" in data and data["audience"] is None:
            data = {**data, "audience": {}}
        return data

    @model_validator(mode="before")
    @classmethod
    def _currency_from_budget(cls, data: Any) -> Any:
        """A budget typed with its currency (`$20,000`) sets an empty `campaign.currency`."""
        campaign = data.get("campaign") if isinstance(data, dict) else None
        if not isinstance(campaign, dict) or campaign.get("currency") \
                or not isinstance(campaign.get("budget"), str):
            return data
        try:
            marks = numbers.read_number(campaign["budget"], "money").currencies
        except NumberProblem:
            return data  # the budget field reports it
        if marks:
            data = {**data, "campaign": {**campaign, "currency": marks[0]}}
        return data

    @model_validator(mode="after")
    def _resolve_defaults(self) -> Answers:
        """Currency from the language; KR deadlines default to the campaign end."""
        if not self.campaign.currency:
            self.campaign.currency = t("meta.currency", lang=self.lang)
        for objective in self.objectives:
            for kr in objective.key_results:
                if kr.deadline is None:
                    kr.deadline = self.campaign.end
        return self

    @property
    def slug(self) -> str:
        """File-name stem: campaign.slug, else the theme slugified (never leaves its folder)."""
        return textsafe.slugify(self.campaign.slug or self.campaign.theme)

    def default_phases(self) -> list[Phase]:
        """The four phases derived from the campaign dates."""
        anchors = {"start": self.campaign.start, "end": self.campaign.end}
        return [Phase(phase=name, start=anchors[a] + dt.timedelta(days=da),
                      end=anchors[b] + dt.timedelta(days=db))
                for name, (a, da, b, db) in _DEFAULT_WINDOWS.items()]

    def effective_phases(self) -> list[Phase]:
        """All four phases in order: the ones given, the missing ones derived from the dates."""
        given = {p.phase: p for p in self.phases}
        return [given.get(p.phase, p) for p in self.default_phases()]

    def working_window(self) -> tuple[dt.date, dt.date]:
        """First phase start .. last phase end: where tasks and channels may be dated."""
        phases = self.effective_phases()
        return min(p.start for p in phases), max(p.end for p in phases)


def json_schema_text() -> str:
    """Pretty JSON Schema of the answers file (for editors' completion and help)."""
    schema = Answers.model_json_schema(by_alias=True)
    schema["title"] = "campaign-docs answers file (format 1)"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2)
