"""The go-live checklist and compliance (issue 16): what to check before launch, proposed.

Pure proposals from an `Answers` model. An item is proposed when the campaign has what
makes it necessary (the words matched are the catalogue's `proposals.checklist_words`, in
the answers' language, as `defaults.mentions` matches them):

- prize rules and their public notice: a prizes budget line, or a lottery, prize or draw
  named in the rules, the flow, the development items or the theme;
- advertising-law wording (no 最/第一 absolute terms): a paid, KOL or offline channel;
- personal-data consent: phone numbers, addresses, sign-ups or SMS named anywhere the
  campaign collects or uses them (rules, flow, development, channels, key results);
- the customer-service FAQ: always (every campaign gets questions);
- a rollback plan: development work (a development item or a development task).

Each gets a due date a few days before the launch (LEAD_DAYS; the wording check also before
the first ad goes out in warm-up) and an owner: the A of the workstream that does the work
(the RACI's, proposed from the schedule when the answers have none), else the campaign owner.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.locales import lookup
from generator.planning.defaults import mentions
from generator.planning.scheduling import key_of
from generator.planning.team import lang_of, lead_of, raci_rows, schedule_work, workstream_of

DAY = dt.timedelta(days=1)
KINDS = ("prize_rules", "ad_wording", "data_consent", "service_faq", "rollback")
# Days before the launch each check is due: legal review of prize rules and consent texts
# needs a week's margin less the time to publish; the FAQ needs the final rules; the
# rollback plan is the last thing signed off with the integration test.
LEAD_DAYS = {"prize_rules": 5, "ad_wording": 7, "data_consent": 5, "service_faq": 3,
             "rollback": 2}
# Whose work each check is: the first workstream with an A owns it.
OWNED_BY = {"prize_rules": (), "ad_wording": ("materials", "channels"),
            "data_consent": ("development", "data"), "service_faq": ("service",),
            "rollback": ("development",)}
AD_CHANNELS = ("paid", "kol", "offline")


def needed(answers: Any) -> list[str]:
    """The checklist kinds this campaign needs, in the checklist's order."""
    words = lookup("proposals.checklist_words", lang_of(answers))
    found = {
        "prize_rules": _has_prizes(answers, words["prizes"]),
        "ad_wording": bool(_ad_channels(answers)),
        "data_consent": mentions(_personal_text(answers), words["personal_data"]),
        "service_faq": True,
        "rollback": _has_development(answers),
    }
    return [kind for kind in KINDS if found[kind]]


def due_date(answers: Any, kind: str) -> dt.date:
    """When a check is due: LEAD_DAYS before the launch; the wording check also the day
    before the first ad channel starts, when that is earlier."""
    due = answers.campaign.start - LEAD_DAYS[kind] * DAY
    if kind == "ad_wording":
        starts = [ch.start for ch in _ad_channels(answers) if ch.start]
        due = min([due] + [start - DAY for start in starts])
    return due


def propose_checklist(answers: Any) -> list[dict]:
    """The proposed go-live checklist: item, kind, detail, owner, due (see the docstring),
    the earliest due first."""
    words = lookup("proposals.checklist", lang_of(answers))
    rows = raci_rows(answers)
    items = [{"item": words[kind]["item"], "kind": kind, "detail": words[kind]["detail"],
              "owner": lead_of(answers, *OWNED_BY[kind], rows=rows),
              "due": due_date(answers, kind)} for kind in needed(answers)]
    return sorted(items, key=lambda item: item["due"])  # stable: kinds in order on a day


def _has_prizes(answers: Any, words: list[str]) -> bool:
    budget = answers.budget
    if budget is not None and any(key_of(line.kind) == "prizes" for line in budget.lines):
        return True
    texts = [answers.campaign.theme, *answers.rules, *answers.flow,
             *(f"{d.item} {d.detail or ''}" for d in answers.development)]
    return mentions("\n".join(texts), words)


def _ad_channels(answers: Any) -> list[Any]:
    return [ch for ch in answers.channels if key_of(ch.kind) in AD_CHANNELS]


def _personal_text(answers: Any) -> str:
    """Everything that says what the campaign collects or uses about people."""
    texts = [*answers.rules, *answers.flow,
             *(f"{d.item} {d.detail or ''}" for d in answers.development),
             *(ch.name for ch in answers.channels),
             *(kr.metric for o in answers.objectives for kr in o.key_results)]
    return "\n".join(texts)


def _has_development(answers: Any) -> bool:
    if answers.development:
        return True
    return any(workstream_of(w.task, answers) == "development" for w in schedule_work(answers))
