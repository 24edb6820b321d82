"""Which company templates a run uses: the command line, `campaign-docs.toml`, a template folder.

    # campaign-docs.toml, in the current folder or given with --config
    template_dir = "company"             # its files replace ours by name, the rest are ours
    theme = "formal"                     # --theme: clean (ours, the default) or formal
    reference_docx = "company/look.docx" # --reference-docx
    [docx_templates]                     # --docx-template, per document
    plan = "company/方案模板.docx"

A template folder may hold `plan.md.j2`, `schedule.md.j2`, `review.md.j2` (Markdown templates:
the PDF, HTML, Markdown and our DOCX of that document), `plan.docx` ... (a Word template
filled for that document's DOCX), `reference.docx` (the look of our DOCX) and `style.css`,
`paged.css`, `screen.css`, `extra.css` (the PDF and HTML look, writers/look.py). The command line
wins over the config file, the config file over the folder. Paths in the config file are
relative to it. A Markdown template is checked (lint.py) before it is used.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.company.names import DOCS
from generator.errors import UsageError
from generator.locales import listing, msg

CONFIG_NAME = "campaign-docs.toml"
PICTURES = (".png", ".jpg", ".jpeg", ".gif")
LOGOS = (*PICTURES, ".svg")
SETTINGS = ("template_dir", "reference_docx", "docx_templates", "branding", "theme")
BRANDING = ("company", "logo", "accent", "confidential")


@dataclass(frozen=True)
class Templates:
    """The company templates of one run (nothing set: ours)."""

    template_dir: Path | None = None
    docx_templates: Mapping[str, Path] = field(default_factory=dict)
    reference_docx: Path | None = None
    branding: Any = None  # branding.py: Branding, from the config file's [branding]
    files: tuple[Path, ...] = ()  # every file that shapes the output (for the manifest)
    theme: str = "clean"  # writers/look.py: a shipped theme

    def look(self):
        """The look of the PDF and HTML (writers/look.py): theme, branding, the folder's CSS."""
        from generator.writers.look import Look

        return Look(self.theme, self.branding, self.template_dir)

    def missing(self) -> list[Path]:
        """The files and folders these templates name that are not here (a cluster worker
        reads them at the paths given: each must be reachable there too)."""
        named = [self.template_dir, *self.docx_templates.values(), self.reference_docx,
                 getattr(self.branding, "logo", None), *self.files]
        return [path for path in dict.fromkeys(named) if path is not None and not path.exists()]

    def fingerprint(self) -> str:
        """A hash over every file these templates read (a batch regenerates when one
        changes): the template folder's files, each Word template with the pictures beside
        it, the reference file; "" when the templates are ours."""
        files = set(self.files)
        if self.template_dir is not None:
            files |= {p for p in self.template_dir.rglob("*") if p.is_file()}
        for template in self.docx_templates.values():
            files |= {p for p in template.parent.iterdir() if p.suffix.lower() in PICTURES}
        if not files and self.theme == "clean":
            return ""
        digest = hashlib.sha256(f"theme {self.theme}\n".encode())
        for path in sorted(files):
            digest.update(str(path.resolve()).encode("utf-8") + b"\0" + path.read_bytes())
        return digest.hexdigest()


def resolve(docs: Iterable[str] | None, docx_template: str | Path | None = None,
            reference_docx: str | Path | None = None, template_dir: str | Path | None = None,
            config: str | Path | None = None, theme: str | None = None) -> Templates:
    """The templates to use for `docs`; a UsageError names a bad setting and its file."""
    docs = tuple(docs or DOCS)
    config_path = Path(config) if config else _found_config()
    settings = read_config(config_path)
    folder = Path(template_dir) if template_dir else settings.get("template_dir")
    if folder is not None and not folder.is_dir():
        raise UsageError(msg("templates.config.not_folder", path=str(folder)))
    theme = _known_theme(theme or settings.get("theme") or "clean")
    word: dict[str, Path] = {}
    for doc in docs:
        in_folder = folder / f"{doc}.docx" if folder else None
        chosen = settings.get("docx_templates", {}).get(doc) or \
            (in_folder if in_folder and in_folder.is_file() else None)
        if chosen:
            word[doc] = chosen
    if docx_template is not None:
        if len(docs) != 1:
            raise UsageError(msg("cli.docx_template_one_doc", docs=listing(docs)))
        word[docs[0]] = Path(docx_template)
    reference = Path(reference_docx) if reference_docx else settings.get("reference_docx")
    if reference is None and folder is not None and (folder / "reference.docx").is_file():
        reference = folder / "reference.docx"
    markdown = [folder / f"{doc}.md.j2" for doc in docs
                if folder and (folder / f"{doc}.md.j2").is_file()]
    _check_markdown(markdown)
    branding = settings.get("branding")
    logo = [branding.logo] if branding and branding.logo else []
    if logo:
        _logo_inside(logo[0], config_path, folder)
        # an SVG logo's PNG or JPEG twin is the DOCX's logo (branding.docx_logo)
        logo += [logo[0].with_suffix(s) for s in PICTURES if logo[0].suffix.lower() == ".svg"
                 and logo[0].with_suffix(s).is_file()]
    files = tuple(sorted({*word.values(), *markdown, *([reference] if reference else []),
                          *logo}))
    return Templates(folder, word, reference, branding, files, theme)


def _known_theme(name: str) -> str:
    from generator.writers.look import theme_names

    if name not in theme_names():
        raise UsageError(msg("templates.theme.unknown", theme=name,
                             themes=listing(theme_names())))
    return name


def _logo_inside(logo: Path, config: Path | None, folder: Path | None) -> None:
    """The logo is a file inside the config file's folder or the template folder (the PDF
    writer's URL fetcher serves nothing else)."""
    path = logo.resolve()
    roots = [p.resolve() for p in (config.parent if config else None, folder) if p]
    if not any(path.is_relative_to(root) for root in roots):
        raise UsageError(msg("templates.config.logo_outside", config=str(config),
                             path=str(logo)))


def _found_config() -> Path | None:
    path = Path.cwd() / CONFIG_NAME
    return path if path.is_file() else None


def _check_markdown(paths: list[Path]) -> None:
    from generator.company.lint import check_template

    for path in paths:
        check_template(path)


def read_config(path: Path | None) -> dict[str, Any]:
    """The settings of a config file, paths made absolute; {} without one."""
    if path is None:
        return {}
    try:
        import tomllib
    except ImportError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(msg("templates.config.unreadable", config=str(path),
                             reason=exc.strerror or type(exc).__name__)) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise UsageError(msg("templates.config.syntax", config=str(path),
                             line=line.group(1) if line else 1)) from exc
    return _settings(data, path)


def _settings(data: dict[str, Any], path: Path) -> dict[str, Any]:
    base = path.parent
    settings: dict[str, Any] = {}
    for key, value in data.items():
        if key not in SETTINGS:
            close = difflib.get_close_matches(key, SETTINGS, n=1)
            raise UsageError(msg("templates.config.unknown", config=str(path), key=key,
                                 hint=msg("templates.error.hint", name=close[0]) if close
                                 else "", settings=listing(SETTINGS)))
        if key == "branding":
            settings[key] = _branding(value, base, path)
        elif key == "theme":
            if not isinstance(value, str):
                raise UsageError(msg("templates.config.not_text", config=str(path), key=key))
            settings[key] = value
        elif key == "docx_templates":
            if not isinstance(value, dict) or set(value) - set(DOCS):
                raise UsageError(msg("templates.config.docx_templates", config=str(path),
                                     docs=listing(DOCS)))
            settings[key] = {doc: _existing(base, f"{key}.{doc}", v, path)
                             for doc, v in value.items()}
        else:
            settings[key] = _existing(base, key, value, path)
    return settings


def _branding(value: Any, base: Path, config: Path):
    """The [branding] table: company, logo (a PNG, JPEG, GIF or SVG), accent (#RRGGBB),
    confidential."""
    from generator.company.branding import Branding, accent_hex

    if not isinstance(value, dict) or set(value) - set(BRANDING):
        raise UsageError(msg("templates.config.branding", config=str(config),
                             settings=listing(BRANDING)))
    for key in ("company", "confidential"):
        if key in value and not isinstance(value[key], str):
            raise UsageError(msg("templates.config.not_text", config=str(config),
                                 key=f"branding.{key}"))
    logo = _existing(base, "branding.logo", value["logo"], config) if "logo" in value else None
    if logo is not None and logo.suffix.lower() not in LOGOS:
        raise UsageError(msg("templates.config.logo_kind", config=str(config),
                             path=value["logo"]))
    accent = None
    if "accent" in value:
        accent = accent_hex(value["accent"])
        if accent is None:
            raise UsageError(msg("templates.config.accent", config=str(config),
                                 value=str(value["accent"])))
    return Branding(value.get("company"), logo, accent, value.get("confidential"))


def _existing(base: Path, key: str, value: Any, config: Path) -> Path:
    if not isinstance(value, str) or not value:
        raise UsageError(msg("templates.config.not_path", config=str(config), key=key))
    target = base / value
    if not target.exists():
        raise UsageError(msg("templates.config.missing", config=str(config), key=key,
                             path=value))
    return target
