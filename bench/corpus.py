"""A benchmark corpus: many valid answer files, zh and en, small to large, from the examples.

`make_corpus(folder, n=100)` varies the bundled examples programmatically with a fixed seed
(same files every run, so timings compare across commits): theme, slug, region, budget scale,
and size class (small: a few items and no results, so a blank review; medium: the example;
large: schedule x3 with dependencies kept, more channels, materials and risks). Files go to
`folder/<region>/<name>.yaml`, so folder discovery is exercised too.
Run alone: .venv/bin/python bench/corpus.py DIR [N]
"""

from __future__ import annotations

import copy
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {"zh": ROOT / "examples" / "double11-zh.yaml",
            "en": ROOT / "examples" / "spring-referral-en.yaml"}
REGIONS = {"zh": ["北京", "上海", "广州", "深圳", "成都", "杭州", "武汉", "西安"],
           "en": ["boston", "austin", "denver", "seattle", "chicago", "miami"]}
SIZES = ("small", "medium", "medium", "large")  # NOTE: medium twice: the common case


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip: the files look like hand-kept ones, comments and all
    yaml.width = 4096
    return yaml


def make_corpus(folder: str | Path, n: int = 100, seed: int = 20261111) -> list[Path]:
    """Write `n` varied answer files under `folder`; return their paths (sorted)."""
    folder = Path(folder)
    yaml = _yaml()
    bases = {lang: yaml.load(path.read_text(encoding="utf-8")) for lang, path in EXAMPLES.items()}
    paths = []
    for i in range(n):
        rng = random.Random(seed * 1000 + i)
        lang = "zh" if i % 2 == 0 else "en"
        data = copy.deepcopy(bases[lang])
        region = REGIONS[lang][i % len(REGIONS[lang])]
        _rename(data, lang, region, i, keep_slug=rng.random() < 0.75)
        _scale_money(data, rng.choice([0.5, 1, 1, 2, 3]))
        SIZE_CHANGES[SIZES[rng.randrange(len(SIZES))]](data, lang, rng)
        target = folder / region / f"{lang}-{i:03d}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8") as handle:
            yaml.dump(data, handle)
        paths.append(target)
    return sorted(paths)


def _rename(data, lang: str, region: str, i: int, keep_slug: bool) -> None:
    """A theme (and slug) of its own, so no two files collide."""
    campaign = data["campaign"]
    if lang == "zh":
        campaign["theme"] = f"{campaign['theme']}（{region}第 {i:03d} 店）"
    else:
        campaign["theme"] = f"{campaign['theme']} ({region.title()} store {i:03d})"
    if keep_slug:
        campaign["slug"] = f"{campaign.get('slug', 'campaign')}-{region}-{i:03d}"
    elif "slug" in campaign:
        del campaign["slug"]  # derived from the theme (CJK kept)


def _scale_money(data, factor: float) -> None:
    """Budget lines scale together, so budget totals stay consistent."""
    if factor == 1:
        return
    data["campaign"]["budget"] = round(data["campaign"]["budget"] * factor)
    for channel in data.get("channels") or []:
        if channel.get("budget") is not None:
            channel["budget"] = round(channel["budget"] * factor)


def _small(data, lang: str, rng: random.Random) -> None:
    """A store-level campaign: one objective, two channels, four tasks, no results yet."""
    data["objectives"] = data["objectives"][:1]
    for key, keep in (("channels", 2), ("materials", 1), ("development", 1), ("risks", 2),
                      ("schedule", 4), ("rules", 2)):
        if data.get(key):
            data[key] = data[key][:keep]
    data.pop("results", None)
    if rng.random() < 0.5:
        data.pop("schedule", None)  # the tool proposes a standard schedule from the phases


def _medium(data, lang: str, rng: random.Random) -> None:
    """The example as it is; a third have no results yet (a blank review template)."""
    if rng.random() < 0.33:
        data.pop("results", None)


def _large(data, lang: str, rng: random.Random) -> None:
    """A regional roll-out: the schedule three times over, more channels, materials, risks."""
    word = "第{}批" if lang == "zh" else "wave {}"
    _multiply_schedule(data, 3, word)
    extra_channels = []
    for channel in data.get("channels") or []:
        twin = copy.deepcopy(channel)
        twin["name"] = f"{channel['name']} ({word.format(2)})"
        extra_channels.append(twin)
    if extra_channels:
        data["channels"].extend(extra_channels)
        data["campaign"]["budget"] = data["campaign"]["budget"] * 2
    for key in ("materials", "risks", "rules"):
        originals = list(data.get(key) or [])
        for k in (2, 3):
            data[key].extend(_twin(item, f" ({word.format(k)})") for item in originals)
    background = data["campaign"].get("background") or ""
    data["campaign"]["background"] = background + ("\n" + background) * rng.randint(1, 3)


def _twin(item, suffix: str):
    """A copy of a list entry, told apart by its first text field (name, risk, ...)."""
    if isinstance(item, str):
        return item + suffix
    twin = copy.deepcopy(item)
    for key in ("name", "risk", "item", "task"):
        if key in twin:
            twin[key] = f"{twin[key]}{suffix}"
            break
    return twin


def _multiply_schedule(data, copies: int, word: str) -> None:
    """Schedule tasks `copies` times; each copy depends on its own copy of the predecessors."""
    tasks = data.get("schedule") or []
    result = list(tasks)
    for k in range(2, copies + 1):
        for task in tasks:
            twin = copy.deepcopy(task)
            twin["task"] = f"{task['task']} ({word.format(k)})"
            if task.get("id"):
                twin["id"] = f"{task['id']}-{k}"
            if task.get("depends_on"):
                twin["depends_on"] = [f"{d}-{k}" for d in task["depends_on"]]
            result.append(twin)
    if tasks:
        data["schedule"] = result


SIZE_CHANGES = {"small": _small, "medium": _medium, "large": _large}


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "corpus")
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    print(f"{len(make_corpus(out, count))} answer files in {out}/")
