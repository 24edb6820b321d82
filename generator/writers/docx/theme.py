"""A shipped theme on our DOCX: the `templates/themes/<name>.json` part of it.

The JSON is data, read by three small steps, each optional:
- `tables`: ruled tables, as the theme's CSS draws them: the header row (the cells our
  writer shades with the accent) loses its fill and takes `header_text` with a `rule`
  under it, the table a `rule` above and below, and without `vertical_rules` no borders
  down (our tables only: the ones in the CampaignTable style);
- `colours`: every use of a colour (text, borders, fills, in styles, body, header, footer)
  replaced, our palette (writers/palette.py) to the theme's;
- `fonts`: the font of a paragraph style (every script's slot), e.g. serif headings.
Applied to the finished DOCX, before a company's reference look and branding, as those are.
"""

from __future__ import annotations

from pathlib import Path

from generator.atomic import write_with
from generator.writers.docx.styles import TABLE_STYLE
from generator.writers.look import theme_docx
from generator.writers.palette import ACCENT, HEADER_TEXT

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COLOUR_ATTRIBUTES = (W + "val", W + "fill", W + "color")
FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
RULE_SIZE = {"outer": 12, "header": 8}  # eighths of a point, as formal.css's 1.2pt / 0.8pt


def theme_accent(name: str) -> str:
    """The accent colour of theme `name` in the DOCX (ours unless its colours replace it)."""
    return theme_docx(name).get("colours", {}).get(ACCENT, ACCENT)


def apply_theme(path: str | Path, name: str) -> Path:
    """Rewrite our DOCX at `path` in theme `name` (atomically)."""
    import docx

    data = theme_docx(name)
    document = docx.Document(str(path))
    if "tables" in data:
        rule_tables(document, data["tables"])
    if data.get("colours"):
        recolour_all(document, data["colours"])
    for style_id, font in data.get("fonts", {}).items():
        set_style_font(document, style_id, font)
    return write_with(path, lambda tmp: document.save(str(tmp)))


def rule_tables(document, tables: dict) -> None:
    """Our tables ruled across: header row unshaded between rules, no vertical rules."""
    rule = tables.get("rule", "000000")
    _plain_header_style(document, tables.get("header_text", "000000"))
    for table in document.element.body.iter(W + "tbl"):
        style = table.find(f"{W}tblPr/{W}tblStyle")
        if style is None or style.get(W + "val") != TABLE_STYLE:
            continue
        borders = table.find(f"{W}tblPr/{W}tblBorders")
        if borders is not None:
            _set_borders(borders, rule, tables.get("vertical_rules", True))
        for cell in table.iter(W + "tc"):
            shade = cell.find(f"{W}tcPr/{W}shd")
            if shade is not None and (shade.get(W + "fill") or "").upper() == ACCENT:
                _plain_header_cell(cell, shade, tables.get("header_text", "000000"), rule)


def _plain_header_style(document, text: str) -> None:
    """The table style's header row (for Word) as the cells: no fill, `text` colour."""
    for style in document.styles.element.findall(W + "style"):
        if style.get(W + "styleId") != TABLE_STYLE:
            continue
        for part in style.findall(W + "tblStylePr"):
            if part.get(W + "type") != "firstRow":
                continue
            for shade in part.findall(f"{W}tcPr/{W}shd"):
                shade.getparent().remove(shade)
            for colour in part.iter(W + "color"):
                colour.set(W + "val", text)


def _set_borders(borders, rule: str, vertical: bool) -> None:
    for side in borders:
        kind = side.tag[len(W):]
        if kind in ("top", "bottom"):
            side.set(W + "val", "single")
            side.set(W + "sz", str(RULE_SIZE["outer"]))
            side.set(W + "color", rule)
        elif kind in ("left", "right", "insideV") and not vertical:
            for attr in list(side.attrib):
                del side.attrib[attr]
            side.set(W + "val", "nil")


def _plain_header_cell(cell, shade, text: str, rule: str) -> None:
    """A header cell without its fill, its text `text`, a rule under it."""
    tcpr = shade.getparent()
    tcpr.remove(shade)
    for colour in cell.iter(W + "color"):
        if (colour.get(W + "val") or "").upper() == HEADER_TEXT:
            colour.set(W + "val", text)
    borders = tcpr.find(W + "tcBorders")
    if borders is None:
        borders = tcpr.makeelement(W + "tcBorders", {})
        width = tcpr.find(W + "tcW")
        span = tcpr.find(W + "gridSpan")
        anchor = span if span is not None else width
        if anchor is not None:
            anchor.addnext(borders)
        else:
            tcpr.insert(0, borders)
    bottom = borders.makeelement(W + "bottom", {W + "val": "single", W + "color": rule,
                                                W + "sz": str(RULE_SIZE["header"]),
                                                W + "space": "0"})
    borders.append(bottom)


def set_style_font(document, style_id: str, font: str) -> None:
    """Paragraph style `style_id` (when the document has it) in `font`, every script."""
    for style in document.styles.element.findall(W + "style"):
        if style.get(W + "styleId") != style_id:
            continue
        fonts = style.find(f"{W}rPr/{W}rFonts")
        if fonts is None:
            continue
        for slot in FONT_SLOTS:
            fonts.set(W + slot, font)
            fonts.attrib.pop(f"{W}{slot}Theme", None)


def recolour_all(document, colours: dict[str, str]) -> None:
    """Every use of each colour (text, borders, shading) in styles, body, headers and
    footers becomes its new one, all at once (so a swap of two colours works)."""
    wanted = {old.upper(): new.upper() for old, new in colours.items()}
    roots = [document.styles.element, document.element]
    for section in document.sections:
        roots += [section.header._element, section.footer._element]
    for root in roots:
        for element in root.iter():
            for name in COLOUR_ATTRIBUTES:
                new = wanted.get((element.get(name) or "").upper())
                if new is not None:
                    element.set(name, new)
