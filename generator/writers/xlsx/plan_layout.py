"""Where things are in the plan workbook: shared by its writer and its reader.

One sheet per questionnaire section, named by the section's title
(`questionnaire.plan.sections.<id>.title`), and column headers that are the questionnaire's
labels (`questionnaire.plan.questions.<key>.label`, its help in the header's comment): the
questionnaire's words are the one source, so a sheet and a question can never disagree.
The few fields the questionnaire does not ask (a task's id and predecessors, the file-name
stem, the documents' language) and every other word of the workbook are in the
catalogue's `plan_workbook` section.

A sheet is a form (one row per field: its label in column A, the value in column B), a
table (a header row, then one row per record), or both (the audience: its summary, then
the segments). The reader finds form rows by their label and table columns by their
header, in any catalogue language, so a workbook written in English reads back into a
Chinese answers file, and a team that inserts a row or moves a column breaks nothing.
Every field of the answers model's plan sections has its place here; a test checks it,
so a field added to the model cannot be left out of the workbook.
"""

from __future__ import annotations

import contextlib
import unicodedata
from dataclasses import dataclass
from typing import Any

from generator.locales import DEFAULT_LANG, MissingMessage, available, labels, lookup, t

TITLE_ROW, HINT_ROW, FIRST_ROW = 1, 2, 4  # the form or the table header starts at row 4
EXTRA_ROWS = 8  # blank, formatted rows under each table for records the team adds
MAX_ROWS = 2000  # a plan has tens of rows; a value further down is refused, never ignored
VALIDATED_ROWS = 500  # drop-downs and number checks reach this far down each table
META_SHEET = "campaign-docs"  # hidden: the workbook's format, language, lists and proposals
FORMAT = 1
PROPOSAL = "proposal"  # column A of a proposal's row on the hidden sheet (its JSON in B)
LIST_COLUMN = 5  # the drop-downs' lists start in column E of the hidden sheet
LIST_SEPARATORS = ",，、;；"  # what separates the items of a one-line list cell (as typed)
REQUIRED_MARK = " *"  # after a required field's header (the front sheet's legend says so)

# Field kinds: how a cell is written, validated and read back.
TEXT, MULTILINE, LIST, DATE, MONEY, COUNT, NUMBER, CHOICE, BOOL = (
    "text", "multiline", "list", "date", "money", "count", "number", "choice", "bool")


@dataclass(frozen=True)
class Field:
    """One answers field: a form row or a table column.

    `key` is the field's name in its record (`budget`) or, on a form, its path in the
    answers (`campaign.budget`); `question` is where its label and help live under
    `questionnaire.plan.questions` (None: under `plan_workbook.fields.<key>`).
    """

    key: str
    kind: str = TEXT
    question: str | None = None
    group: str | None = None  # labels.<group>: the choices of a CHOICE field
    required: bool = False
    width: float = 16

    def label(self, lang: str) -> str:
        """The header (or form label) in `lang`."""
        if self.question is None:
            return t(f"plan_workbook.fields.{self.key.rpartition('.')[2]}.label", lang=lang)
        return t(f"questionnaire.plan.questions.{self.question}.label", lang=lang)

    def help(self, lang: str) -> str | None:
        """The questionnaire's help for this field in `lang`, if it has one."""
        key = (f"plan_workbook.fields.{self.key.rpartition('.')[2]}.help"
               if self.question is None else f"questionnaire.plan.questions.{self.question}.help")
        try:
            return t(key, lang=lang)
        except MissingMessage:
            return None

    def spellings(self) -> set[str]:
        """The label in every catalogue language, normalised for matching."""
        return {squash(self.label(lang)) for lang in languages()}


@dataclass(frozen=True)
class Table:
    """A repeated record: one row each. `path` is the answers list; `item` is None when the
    list holds plain text (rules, flow) and its one column is the text itself."""

    path: str
    columns: tuple[Field, ...]
    extra_rows: int = EXTRA_ROWS
    # a field that alone makes no record: the phase names a blank workbook lists
    alone: str | None = None


@dataclass(frozen=True)
class Sheet:
    """One worksheet: the questionnaire section `key`, its form rows and its table."""

    key: str
    form: tuple[Field, ...] = ()
    table: Table | None = None

    def title(self, lang: str) -> str:
        """The sheet's name in `lang` (the questionnaire section's title)."""
        return sheet_title(self.key, lang)


def _f(key: str, kind: str = TEXT, question: str | None = "", **kw: Any) -> Field:
    """A Field whose question path defaults to its key (`campaign.theme`)."""
    return Field(key, kind, key if question == "" else question, **kw)


def _columns(section: str, *specs: tuple) -> tuple[Field, ...]:
    """Table columns of `section`: (key, kind, extra settings) with the question path
    `<section>.<key>` unless the field has no question (question=None)."""
    fields = []
    for key, kind, *rest in specs:
        extra = rest[0] if rest else {}
        question = extra.pop("question", f"{section}.{key}")
        fields.append(Field(key, kind, question, **extra))
    return tuple(fields)


SHEETS: tuple[Sheet, ...] = (
    Sheet("basics", form=(
        _f("campaign.theme", required=True),
        _f("campaign.slug", question=None),
        _f("campaign.background", MULTILINE),
        _f("campaign.purpose", CHOICE, group="purpose", required=True),
        _f("campaign.nature"),
        _f("campaign.start", DATE, required=True),
        _f("campaign.end", DATE, required=True),
        _f("campaign.owner", required=True),
        _f("campaign.departments", LIST),
        _f("campaign.budget", MONEY),
        _f("campaign.currency"),
        _f("lang", CHOICE, question=None, group="lang"),
    )),
    Sheet("goals", table=Table("objectives", (
        Field("objective", TEXT, "objectives.objective", required=True, width=24),
        *_columns("objectives.key_results",
                  ("metric", TEXT, {"required": True, "width": 22}),
                  ("baseline", NUMBER, {"width": 12}),
                  ("target", NUMBER, {"required": True, "width": 12}),
                  ("unit", TEXT, {"width": 8}),
                  ("kind", CHOICE, {"group": "metric_kind", "width": 14}),
                  ("deadline", DATE, {"width": 12})),
    ))),
    Sheet("audience", form=(_f("audience.summary"),), table=Table("audience.segments", _columns(
        "audience.segments",
        ("name", TEXT, {"required": True, "width": 18}),
        ("size", COUNT, {"width": 12}),
        ("needs", LIST, {"width": 30}),
        ("pain_points", LIST, {"width": 30})))),
    Sheet("rules", table=Table("rules", (Field("", TEXT, "rules", width=100),))),
    Sheet("flow", table=Table("flow", (Field("", TEXT, "flow", width=100),))),
    Sheet("phases", table=Table("phases", _columns(
        "phases",
        ("phase", CHOICE, {"group": "phase", "required": True, "width": 14}),
        ("start", DATE, {"required": True, "width": 12}),
        ("end", DATE, {"required": True, "width": 12})), extra_rows=0, alone="phase")),
    Sheet("channels", table=Table("channels", _columns(
        "channels",
        ("name", TEXT, {"required": True, "width": 18}),
        ("kind", CHOICE, {"group": "channel_kind", "width": 12}),
        ("process", MULTILINE, {"width": 30}),
        ("budget", MONEY, {"width": 12}),
        ("owner", TEXT, {"width": 10}),
        ("start", DATE, {"width": 12}),
        ("end", DATE, {"width": 12}),
        ("expected_reach", COUNT, {"width": 12}),
        ("expected_conversions", COUNT, {"width": 12})))),
    Sheet("budget", form=(_f("budget.contingency", NUMBER),), table=Table("budget.lines", _columns(
        "budget.lines",
        ("item", TEXT, {"required": True, "width": 22}),
        ("kind", CHOICE, {"group": "budget_kind", "width": 12}),
        ("face_value", MONEY, {"width": 12}),
        ("quantity", COUNT, {"width": 12}),
        ("redemption", NUMBER, {"width": 12}),
        ("amount", MONEY, {"width": 12}),
        ("note", TEXT, {"width": 24})))),
    Sheet("materials", table=Table("materials", _columns(
        "materials",
        ("name", TEXT, {"required": True, "width": 18}),
        ("kind", CHOICE, {"group": "material_kind", "width": 12}),
        ("copy", MULTILINE, {"width": 30}),
        ("owner", TEXT, {"width": 10}),
        ("due", DATE, {"width": 12}),
        ("deliverable", TEXT, {"width": 24})))),
    Sheet("development", table=Table("development", _columns(
        "development",
        ("item", TEXT, {"required": True, "width": 22}),
        ("kind", CHOICE, {"group": "development_kind", "width": 14}),
        ("detail", MULTILINE, {"width": 36}),
        ("owner", TEXT, {"width": 10}),
        ("due", DATE, {"width": 12})))),
    Sheet("schedule", table=Table("schedule", _columns(
        "schedule",
        ("id", TEXT, {"question": None, "width": 7}),
        ("task", TEXT, {"required": True, "width": 28}),
        ("phase", CHOICE, {"group": "phase", "width": 12}),
        ("owner", TEXT, {"width": 10}),
        ("start", DATE, {"width": 12}),
        ("end", DATE, {"width": 12}),
        ("deliverable", TEXT, {"width": 26}),
        ("depends_on", LIST, {"question": None, "width": 10}),
        ("milestone", BOOL, {"width": 9})))),
    Sheet("risks", table=Table("risks", _columns(
        "risks",
        ("risk", TEXT, {"required": True, "width": 24}),
        ("likelihood", CHOICE, {"group": "level", "width": 10}),
        ("impact", CHOICE, {"group": "level", "width": 10}),
        ("mitigation", MULTILINE, {"width": 40})))),
    Sheet("team", table=Table("team.raci", _columns(
        "team.raci",
        ("workstream", CHOICE, {"group": "workstream", "required": True, "width": 12}),
        ("responsible", LIST, {"width": 22}),
        ("accountable", LIST, {"width": 12}),
        ("consulted", LIST, {"width": 16}),
        ("informed", LIST, {"width": 16})))),
    Sheet("rhythm", table=Table("team.rhythm", _columns(
        "team.rhythm",
        ("meeting", TEXT, {"required": True, "width": 16}),
        ("cadence", CHOICE, {"group": "cadence", "width": 10}),
        ("start", DATE, {"width": 12}),
        ("end", DATE, {"width": 12}),
        ("time", TEXT, {"width": 14}),
        ("owner", TEXT, {"width": 10}),
        ("attendees", LIST, {"width": 24}),
        ("channel", TEXT, {"width": 18})))),
    Sheet("checklist", table=Table("checklist", _columns(
        "checklist",
        ("item", TEXT, {"required": True, "width": 22}),
        ("kind", CHOICE, {"group": "checklist_kind", "width": 14}),
        ("detail", MULTILINE, {"width": 36}),
        ("owner", TEXT, {"width": 10}),
        ("due", DATE, {"width": 12}),
        ("done", BOOL, {"width": 9})))),
    Sheet("signoff", table=Table("approvers", _columns(
        "approvers",
        ("name", TEXT, {"required": True, "width": 14}),
        ("role", TEXT, {"width": 18}),
        ("date", DATE, {"width": 12})))),
)
BY_KEY = {sheet.key: sheet for sheet in SHEETS}
# The answers' top-level keys the workbook holds (all of them but format, results and what
# the tool writes for itself): an import changes nothing outside these.
SECTIONS = ("lang", "campaign", "objectives", "audience", "rules", "flow", "phases",
            "channels", "budget", "materials", "development", "schedule", "risks", "team",
            "checklist", "approvers")
CHOICE_GROUPS = ("purpose", "lang", "metric_kind", "phase", "channel_kind", "material_kind",
                 "development_kind", "level", "bool", "budget_kind", "workstream", "cadence",
                 "checklist_kind")


def languages() -> list[str]:
    """Every catalogue language, the default first."""
    return sorted(available(), key=lambda lang: (lang != DEFAULT_LANG, lang))


def squash(text: Any) -> str:
    """Text as compared when matching a label: NFKC, spaces, case and the required mark
    ignored."""
    text = "".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()
    return text.removesuffix(REQUIRED_MARK.strip())


def sheet_title(key: str, lang: str) -> str:
    """The name of the sheet `key` in `lang`: the section title, or `plan_workbook.sheets.*`."""
    if key == "readme":
        return t("plan_workbook.sheets.readme", lang=lang)
    return t(f"questionnaire.plan.sections.{key}.title", lang=lang)


def sheet_spellings(key: str) -> list[str]:
    """The sheet's name in every language, without repeats (the default language first)."""
    return list(dict.fromkeys(sheet_title(key, lang) for lang in languages()))


def words(key: str, lang: str, **params: Any) -> str:
    """`plan_workbook.<key>` in `lang`."""
    return t(f"plan_workbook.{key}", lang=lang, **params)


def join_list(items: list, lang: str) -> str:
    """A list in one cell: on one line joined the language's way (`a、b`, `a, b`), or one item
    per line when an item holds a separator itself, so it reads back as one item."""
    texts = [str(item) for item in items]
    if any(ch in text for text in texts for ch in LIST_SEPARATORS + "\n"):
        return "\n".join(texts)
    return t("format.list_sep", lang=lang).join(texts)


def choice_names(group: str, lang: str) -> dict[str, str]:
    """The display names of a choice group in `lang`: `labels.<group>`, or yes/no."""
    if group == "bool":
        return {"true": words("yes", lang), "false": words("no", lang)}
    return labels(group, lang)


def choice_key(group: str, value: Any, question: str | None = None) -> str | None:
    """The enum key a cell names: the key itself or a display name, in any language (and
    the questionnaire's own names for the choices of `question`); None when none matches."""
    wanted = squash(value)
    for key, name in _choice_spellings(group, question):
        if wanted in (squash(key), squash(name)):
            return key
    return None


def _choice_spellings(group: str, question: str | None) -> list[tuple[str, str]]:
    """(key, name) of every name a choice has in any language."""
    found = []
    for lang in languages():
        found.extend(choice_names(group, lang).items())
        if question:
            with contextlib.suppress(MissingMessage):  # only some questions name choices
                found.extend(lookup(f"questionnaire.plan.questions.{question}.choices",
                                    lang).items())
    return found
