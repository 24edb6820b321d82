"""What the tool proposed in a plan workbook, and what the team left as proposed.

The hidden sheet records each proposal as it was exported (views/plan_workbook.py): a value
(`campaign.currency`), a key result's deadline or kind (by objective and metric), a phase
row, the whole schedule, and the answers file's own `proposed:` section. A proposal the
team kept exactly is left out of what is read back, so it keeps following its sources.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from typing import Any

from generator.answers import paths
from generator.answers.load import read_tree
from generator.errors import AnswersError
from generator.writers.xlsx import plan_layout as L


def drop_proposals(tree: dict, proposals: list[dict]) -> dict[str, Any]:
    """Leave out what the team kept exactly as the tool proposed it (see views/plan_workbook):
    not written, it keeps following its sources (the campaign dates, the channels ...).

    A proposed group the team changed in part is theirs to write; its proposal is returned
    (path -> value) to be recorded, so the rows they left alone still follow their sources
    (answers/proposed.py, questionnaire/derive.py). So is a proposal that nothing derives
    later (a key result's unit, `kept`): written as proposed, and recorded as such.
    """
    records = {}
    for proposal in proposals:
        kind, value = proposal.get("kind"), proposal.get("value")
        if kind == "value":
            path = paths.parse(str(proposal.get("path")))
            if _same(paths.get(tree, path, None), value):
                paths.remove(tree, path)
        elif kind == "kr":
            found = _find_kr(tree, proposal.get("objective"), proposal.get("metric"))
            kr = paths.get(tree, found, None) if found else None
            for key, proposed in (value or {}).items() if kr is not None else ():
                if not _same(kr.get(key), proposed):
                    continue
                if key in (proposal.get("kept") or ()):
                    records[paths.dotted(found + (key,))] = proposed  # written, recorded
                else:
                    del kr[key]
        elif kind == "row":
            items = paths.get(tree, str(proposal.get("path")), None)
            if isinstance(items, list):
                items[:] = [item for item in items if not _same(item, value)]
                if not items:
                    paths.remove(tree, str(proposal.get("path")))
        elif kind == "group":
            path = str(proposal.get("path"))
            if _same(paths.get(tree, path, None), value):
                paths.remove(tree, path)
            elif paths.get(tree, path, None) and isinstance(value, list):
                records[path] = [_dated(item) for item in value]
    return records


def _dated(item: Any) -> Any:
    """A proposed task as recorded: its dates dates again (the hidden sheet keeps JSON)."""
    if not isinstance(item, dict):
        return item
    found = dict(item)
    for key in ("start", "end"):
        if isinstance(found.get(key), str):
            with contextlib.suppress(ValueError):
                found[key] = dt.date.fromisoformat(found[key])
    return found


def recorded_section(proposals: list[dict]) -> Any:
    """The exported file's `proposed:` section (kept as YAML text on the hidden sheet)."""
    text = next((p.get("yaml") for p in proposals if p.get("kind") == "records"), None)
    if not isinstance(text, str):
        return None
    try:
        section = read_tree(text.encode("utf-8"), L.META_SHEET).get("proposed")
    except AnswersError:
        return None  # NOTE: a damaged record only costs the values their proposed mark
    return section if isinstance(section, dict) else None


def _find_kr(tree: dict, objective: Any, metric: Any) -> tuple | None:
    """The path of the key result of that objective and metric, as read."""
    for o, found in enumerate(tree.get("objectives") or []):
        if found.get("objective") == objective:
            for n, kr in enumerate(found.get("key_results") or []):
                if kr.get("metric") == metric:
                    return ("objectives", o, "key_results", n)
    return None


def _same(read: Any, proposed: Any) -> bool:
    """Equal as JSON, defaults (None, False, []) left out: how proposals are recorded."""
    return read is not None and _canonical(read) == _canonical(proposed)


def _canonical(value: Any) -> str:
    def strip(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: strip(x) for k, x in v.items() if x not in (None, False, [], "")}
        if isinstance(v, list):
            return [strip(x) for x in v]
        if isinstance(v, float) and v.is_integer():
            return int(v)
        return v

    return json.dumps(strip(value), ensure_ascii=False, default=str, sort_keys=True)
