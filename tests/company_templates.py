"""Company Word templates written the way Word writes them, for the company-template tests.

Word splits a tag over several runs after an edit (a spell-check mark, a bold letter, an
autocorrected quote), so the tags here are raw WordprocessingML runs with `proofErr` marks
and bookmarks between the pieces, not python-docx's one run per paragraph.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

from docx import Document
from docx.oxml import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W_NS}"'


def png(width: int = 120, height: int = 40, rgb: tuple[int, int, int] = (200, 30, 60)) -> bytes:
    """A solid-colour PNG (the company logo)."""
    row = b"\x00" + bytes(rgb) * width
    raw = zlib.compress(row * height)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + \
        chunk(b"IEND", b"")


def run(text: str, props: str = "") -> str:
    """One run as Word writes it (an rsid, its properties, preserved spaces)."""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r w:rsidR="00A14B2C">{rpr}<w:t{space}>{text}</w:t></w:r>'


SPELL_START = '<w:proofErr w:type="spellStart"/>'
SPELL_END = '<w:proofErr w:type="spellEnd"/>'


def paragraph(*pieces: str, style: str | None = None) -> str:
    """A paragraph of raw pieces (runs, proofErr marks, bookmarks)."""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p {NS} w:rsidR="00A14B2C">{ppr}{"".join(pieces)}</w:p>'


def split_tag(*parts: str, props: str = "") -> str:
    """One tag over several runs, a spell-check mark between each (as Word leaves it)."""
    runs = [run(part, props) for part in parts]
    return (SPELL_START + SPELL_END).join(runs)


def _append(container, xml: str) -> None:
    element = parse_xml(xml)
    body = container._element if hasattr(container, "_element") else container
    sect = body.find(f"{{{W_NS}}}sectPr")
    if sect is not None:
        sect.addprevious(element)
    else:
        body.append(element)


def _row(*cells: str) -> str:
    return "<w:tr>" + "".join(f'<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>'
                              f"{cell}</w:tc>" for cell in cells) + "</w:tr>"


def company_plan_template(folder: Path, *, body_extra: list[str] = (),
                          header_tag: str | None = None) -> Path:
    """A company plan template: logo in the header, split tags, a row loop, a `{%p if %}`."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "logo.png").write_bytes(png())
    document = Document()
    body = document.element.body
    for element in list(body):
        if not element.tag.endswith("sectPr"):
            body.remove(element)
    header = document.sections[0].header
    header.paragraphs[0]._element.getparent().remove(header.paragraphs[0]._element)
    _append(header, paragraph(
        header_tag or split_tag("{{ image(", "'logo.png', width=", "25) }}"),
        run("  "), split_tag("{", "{ campaign.", "theme }", "}")))
    footer = document.sections[0].footer
    footer.paragraphs[0]._element.getparent().remove(footer.paragraphs[0]._element)
    _append(footer, paragraph(run("ACME 内部资料 · "), split_tag("{{ campaign.", "owner }}")))
    _append(body, paragraph(split_tag("{{ campa", "ign.the", "me }}",
                                      props='<w:rFonts w:ascii="微软雅黑" w:hAnsi="微软雅黑"/>'),
                            style="Title"))
    _append(body, paragraph(run("文档："), split_tag("{{ doc_", "title }}", props="<w:b/>")))
    _append(body, paragraph(
        run("负责人："), split_tag("{{ campaign.owner }", "}"), run("，总预算 "),
        '<w:bookmarkStart w:id="0" w:name="budget"/>',
        split_tag("{{ budget.total | mo", "ney }}"), '<w:bookmarkEnd w:id="0"/>',
        run("。")))
    table = ('<w:tbl xmlns:w="' + W_NS + '"><w:tblPr><w:tblStyle w:val="TableGrid"/>'
             '<w:tblW w:w="9000" w:type="dxa"/></w:tblPr><w:tblGrid>'
             '<w:gridCol w:w="3000"/><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>'
             + _row(paragraph(run("渠道")), paragraph(run("预算")), paragraph(run("负责人")))
             + _row(paragraph(split_tag("{%tr for ", "ch in chan", "nels %}")),
                    paragraph(), paragraph())
             + _row(paragraph(split_tag("{{ ch.", "name }}")),
                    paragraph(split_tag("{{ ch.budget | ", "money }}")),
                    paragraph(split_tag("{{ ch.owner }}")))
             + _row(paragraph(split_tag("{%tr end", "for %}")), paragraph(), paragraph())
             + "</w:tbl>")
    _append(body, table)
    _append(body, paragraph(split_tag("{%p if ", "risks %}")))
    _append(body, paragraph(run("主要风险："), split_tag("{{ risks[0].", "risk }}")))
    _append(body, paragraph(split_tag("{%p endif %}")))
    _append(body, paragraph(split_tag("{%p if not ", "risks %}")))
    _append(body, paragraph(run("本活动未列出风险。")))
    _append(body, paragraph(split_tag("{%p endif %}")))
    _append(body, paragraph(run("完。")))
    for extra in body_extra:
        _append(body, extra)
    path = folder / "company-plan.docx"
    document.save(path)
    return path


def word_heading_styles(path: Path, font: str, color: str) -> None:
    """Give a template the heading styles Chinese Word writes: ids "1" and "2" (the names
    stay "heading 1" / "heading 2"), in the company's font and colour."""
    document = Document(path)
    styles = document.styles.element
    renamed = {"Heading1": "1", "Heading2": "2"}
    for style in styles.findall(f"{{{W_NS}}}style"):
        for tag in ("basedOn", "next", "link"):
            ref = style.find(f"{{{W_NS}}}{tag}")
            if ref is not None and ref.get(f"{{{W_NS}}}val") in renamed:
                ref.set(f"{{{W_NS}}}val", renamed[ref.get(f"{{{W_NS}}}val")])
        old = style.get(f"{{{W_NS}}}styleId")
        if old not in renamed:
            continue
        style.set(f"{{{W_NS}}}styleId", renamed[old])
        for tag, values in (("rFonts", {"ascii": font, "hAnsi": font, "eastAsia": font}),
                            ("color", {"val": color})):
            element = style.find(f"{{{W_NS}}}rPr/{{{W_NS}}}{tag}")
            element.attrib.clear()  # the theme's fonts and colour out, the company's in
            for name, value in values.items():
                element.set(f"{{{W_NS}}}{name}", value)
    document.save(path)


def page_break() -> str:
    return f'<w:p {NS}><w:r><w:br w:type="page"/></w:r></w:p>'


def word_toc(title: str = "目录", stale: str = "示例标题") -> str:
    """A table of contents as Word inserts it (References > Table of Contents): a content
    control around a TOC field whose stored result is a stale entry with its PAGEREF."""
    def fld(kind: str) -> str:
        return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'

    def instr(text: str) -> str:
        return f'<w:r><w:instrText xml:space="preserve">{text}</w:instrText></w:r>'

    return (
        f'<w:sdt {NS}><w:sdtPr><w:id w:val="-1912072590"/><w:docPartObj>'
        '<w:docPartGallery w:val="Table of Contents"/><w:docPartUnique/></w:docPartObj>'
        '</w:sdtPr><w:sdtContent>'
        f'<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr>{run(title)}</w:p>'
        '<w:p><w:pPr><w:pStyle w:val="TOC1"/><w:tabs><w:tab w:val="right" w:leader="dot" '
        'w:pos="8296"/></w:tabs></w:pPr>' + fld("begin") + instr(' TOC \\o "1-3" \\h \\z \\u ')
        + fld("separate") + '<w:hyperlink w:anchor="_Toc150000001" w:history="1">'
        + run(stale) + '<w:r><w:tab/></w:r>' + fld("begin")
        + instr(" PAGEREF _Toc150000001 \\h ") + fld("separate") + run("2") + fld("end")
        + "</w:hyperlink></w:p>"
        f"<w:p>{fld('end')}</w:p></w:sdtContent></w:sdt>")


# -- a template as WPS Office saves it (no WPS here: its quirks written by hand) ----------
WPS_NS = "http://www.wps.cn/officeDocument/2013/wpsCustomData"
WPS_APPLICATION = "WPS Office_11.1.0.11664_F1E327BC-269C-435d-A152-05C5408002CA"


def wps_run(text: str, lang: str = "en-US") -> str:
    """A run as WPS writes it: no rsid, `w:hint="eastAsia"` fonts, a language per run."""
    return (f'<w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:lang w:val="{lang}" '
            f'w:eastAsia="zh-CN"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>')


def wps_paragraph(*pieces: str, style: str | None = None) -> str:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    return (f'<w:p><w:pPr>{ppr}<w:bidi w:val="0"/><w:rPr><w:rFonts w:hint="eastAsia"/>'
            f'<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr></w:pPr>{"".join(pieces)}</w:p>')


def wps_template(folder: Path) -> Path:
    """A plan template with WPS's XML: the wpsCustomData namespace on the document, runs
    with `w:hint="eastAsia"` and per-run `w:lang`, tags split by proofErr marks, a bookmark
    and a language change, the KSO product in docProps/app.xml and docProps/custom.xml, a
    customXml part of WPS's custom data, and a line-grid section (docGrid type="lines")."""
    import zipfile

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "wps-plan.docx"
    Document().save(path)
    body = "".join([
        wps_paragraph(wps_run("{{ campa", "zh-CN"), SPELL_START, wps_run("ign.the"), SPELL_END,
                      wps_run("me }}", "zh-CN"), style="Title"),
        wps_paragraph(wps_run("负责人：", "zh-CN"), wps_run("{{ campaign."),
                      '<w:bookmarkStart w:id="0" w:name="owner"/>', wps_run("owner"),
                      '<w:bookmarkEnd w:id="0"/>', wps_run(" }}")),
        wps_paragraph(wps_run("背景：", "zh-CN"), wps_run("{{ campaign.background | "),
                      SPELL_START, wps_run("rich"), SPELL_END, wps_run(" }}")),
        wps_paragraph(wps_run('{{ section("kr_'), wps_run('table") }}', "zh-CN")),
        wps_paragraph(wps_run("{%p if ris"), wps_run("ks %}", "zh-CN")),
        wps_paragraph(wps_run("主要风险：", "zh-CN"), wps_run("{{ risks[0].risk }}")),
        wps_paragraph(wps_run("{%p endif %}")),
    ])
    sect = ('<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1800" '
            'w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/>'
            '<w:cols w:space="425" w:num="1"/><w:docGrid w:type="lines" w:linePitch="312" '
            'w:charSpace="0"/></w:sectPr>')
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}" xmlns:wpsCustomData="{WPS_NS}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
        'mc:Ignorable="w14 wpsCustomData">'
        f"<w:body>{body}{sect}</w:body></w:document>")
    custom_data = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   f'<s:customData xmlns="{WPS_NS}" xmlns:s="{WPS_NS}"><customSectProps>'
                   '<customSectPr/></customSectProps><customShpExts/></s:customData>')
    item_props = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
                  '<ds:datastoreItem ds:itemID="{B1977F7D-205B-4081-913C-38D41E755F92}" '
                  'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
                  "<ds:schemaRefs/></ds:datastoreItem>")
    custom_props = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties '
        'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" '
        'name="KSOProductBuildVer"><vt:lpwstr>2052-11.1.0.11664</vt:lpwstr></property>'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="3" name="ICV">'
        "<vt:lpwstr>0F2A5B8C3D7E4F1A9B6C2D8E5F3A7B1C</vt:lpwstr></property></Properties>")
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts = {n: b for n, b in parts.items() if not n.startswith("customXml/")}
    parts["word/document.xml"] = document.encode()
    parts["customXml/item1.xml"] = custom_data.encode()
    parts["customXml/itemProps1.xml"] = item_props.encode()
    parts["customXml/_rels/item1.xml.rels"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
        f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/customXmlProps" Target="itemProps1.xml"/>'
        "</Relationships>").encode()
    parts["docProps/custom.xml"] = custom_props.encode()
    app = parts["docProps/app.xml"].decode()
    parts["docProps/app.xml"] = re.sub(r"<Application>.*?</Application>",
                                       f"<Application>{WPS_APPLICATION}</Application>",
                                       app).encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    rels = re.sub(r'<Relationship [^>]*customXml[^>]*/>', "", rels)
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
        f'<Relationship Id="rId90" Type="{rel}/customXml" Target="../customXml/item1.xml"/>'
        "</Relationships>")).encode()
    package_rels = parts["_rels/.rels"].decode()
    parts["_rels/.rels"] = package_rels.replace("</Relationships>", (
        f'<Relationship Id="rId90" Type="{rel}/custom-properties" '
        'Target="docProps/custom.xml"/></Relationships>')).encode()
    types = parts["[Content_Types].xml"].decode()
    overrides = (
        '<Override PartName="/docProps/custom.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.custom-properties+xml"/>'
        '<Override PartName="/customXml/itemProps1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.customXmlProperties+xml"/>')
    types = re.sub(r'<Override PartName="/customXml/[^>]*/>', "", types)
    parts["[Content_Types].xml"] = types.replace("</Types>", overrides + "</Types>").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return path
