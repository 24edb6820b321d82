"""The review report: figures from the example campaigns, both states, DOCX/PDF content."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings

import pytest

from generator.answers.load import load_answers, loads_answers, dumps_answers
from generator.views.review import build_review_view

from .conftest import EXAMPLES
from .helpers import pdffonts, pdftotext

ZH = EXAMPLES / "double11-zh.yaml"
EN = EXAMPLES / "spring-referral-en.yaml"


def answers_of(path, edit=None):
    """The example's answers, optionally after `edit(data)` on its round-trip tree."""
    loaded = load_answers(path)
    if edit is None:
        return loaded.answers
    edit(loaded.data)
    return loads_answers(dumps_answers(loaded.data), path.name).answers


def drop_results(data):
    del data["results"]


def by_code(view):
    return {kr["code"]: kr for kr in view.context["key_results"]}


# --- figures (hand-worked from examples/double11-zh.yaml) ---------------------------------

def test_key_result_completion_and_verdicts():
    view = build_review_view(answers_of(ZH), "zh")
    krs = by_code(view)
    # (11200-8000)/(12000-8000); (1380000-1e6)/5e5; (22800-15000)/1e4; (17.6-12)/8; (2060-1200)/800
    expected = {"O1-KR1": 0.8, "O1-KR2": 0.76, "O2-KR1": 0.78, "O2-KR2": 0.7, "O3-KR1": 1.075}
    for code, value in expected.items():
        assert krs[code]["completion"] == pytest.approx(value)
    assert krs["O2-KR2"]["verdict"] == "good"  # exactly 70%: still the sweet spot
    assert krs["O3-KR1"]["verdict"] == "exceeded" and krs["O3-KR1"]["verdict_text"] == "超额完成"
    assert krs["O3-KR1"]["grade"] == 1.0  # 107.5 % completion, graded 100 %
    assert [krs[c]["kind"] for c in expected] == ["count", "amount", "count", "rate", "count"]
    # objectives average grades: (0.8 + 0.76) / 2, (0.78 + 0.7) / 2, min(1.075, 1)
    scores = [o["score"] for o in view.context["objectives"]]
    assert scores == pytest.approx([0.78, 0.74, 1.0])
    okr = view.context["okr"]
    assert okr["score"] == pytest.approx((0.78 + 0.74 + 1.0) / 3)  # 0.84, was 0.865 on main
    assert okr["verdict"] == "strong" and okr["verdict_text"] == "完成良好"
    assert [r["code"] for r in okr["exceeded_rows"]] == ["O3-KR1"] and okr["missing_rows"] == []


def test_cost_benefit_and_channels():
    ctx = build_review_view(answers_of(ZH), "zh").context
    cost = ctx["cost"]
    assert cost["total_cost"] == 195100  # 124600 + 42000 + 16500 + 12000
    assert cost["variance"] == -4900
    assert cost["roi"] == pytest.approx((1380000 - 195100) / 195100)  # 6.0733
    assert cost["cpa"] == pytest.approx(195100 / 11200)  # 17.42
    assert cost["cost_per_participant"] == pytest.approx(195100 / 26400)
    ch = ctx["channels"]
    assert (ch["best"], ch["worst"]) == ("微信公众号", "线下门店海报")
    assert (ch["cheapest"], ch["dearest"]) == ("App 推送", "小红书达人种草")  # 3.07 vs 96.67
    assert ctx["funnel"]["overall"] == pytest.approx(11200 / 520000)
    shares = {s["name"]: s["share"] for s in ctx["participants"]["sources"]}
    assert shares["微信公众号"] == pytest.approx(9800 / 26400)
    assert ctx["missing"] == []


def test_markdown_of_the_report_has_the_computed_figures():
    from generator.render.templating import render_document

    doc = render_document("review", answers_of(ZH), "zh")
    md = doc.markdown
    for figure in ("80.0%", "107.5%", "¥195,100", "607.3%", "¥17.42", "¥7.39", "2.2%",
                   "37.1%", "超额完成", "完成良好", "−¥4,900", "−2.5%", "84.0%（完成良好）",
                   "O3-KR1 老带新新客数：完成度 107.5%，目标可能偏低"):
        assert figure in md, figure
    assert set(doc.images) == {"chart-kr.png", "chart-funnel.png", "chart-channels.png"}
    assert doc.html.count("<figure>") == 3
    assert 'class="blank"' not in doc.html.split("问题与改进")[0]


def test_missing_actuals_are_named_not_zero():
    from generator.render.templating import render_document

    def edit(data):
        del data["results"]["key_results"][0]  # 复购用户数
        del data["results"]["channels"][5]  # 线下门店海报
        del data["results"]["funnel"]["shares"]
        del data["results"]["revenue"]

    answers = answers_of(ZH, edit)
    ctx = build_review_view(answers, "zh").context
    assert "缺少“复购用户数”的实际值" in ctx["missing"]
    assert "缺少渠道“线下门店海报”的实际数据" in ctx["missing"]
    assert "漏斗缺少“分享”数据" in ctx["missing"]
    assert "缺少收入数据，无法计算 ROI" in ctx["missing"]
    kr = by_code(build_review_view(answers, "zh"))["O1-KR1"]
    assert kr["actual"] is None and kr["completion"] is None
    # O1 is scored on its one measured KR, not pulled down by a 0
    objective = build_review_view(answers, "zh").context["objectives"][0]
    assert objective["score"] == pytest.approx(0.76)
    assert (objective["graded"], objective["total"]) == (1, 2)
    assert [r["code"] for r in objective["missing_rows"]] == ["O1-KR1"]
    md = render_document("review", answers, "zh").markdown
    assert "缺少“复购用户数”的实际值" in md
    row = next(line for line in md.splitlines() if "复购用户数（人）" in line)
    assert ">—<" in row and ">0<" not in row
    assert "<tr><td>未计入得分</td><td>O1-KR1 复购用户数：缺少实际值</td></tr>" in md
    assert "未计入 O1-KR1" in md


def test_missing_actual_named_in_english():
    def edit(data):
        del data["results"]["key_results"][0]

    ctx = build_review_view(answers_of(EN, edit), "en").context
    assert "no actual for New sign-ups via referral" in ctx["missing"]


def test_zero_target_and_zero_cost_never_divide_by_zero():
    from generator.render.templating import render_document

    def edit(data):
        kr = data["objectives"][0]["key_results"][0]
        del kr["baseline"]
        kr["target"] = 0
        for line in data["results"]["costs"]:
            line["amount"] = 0
        for ch in data["results"]["channels"]:
            ch["cost"] = 0
        data["campaign"]["budget"] = 0

    answers = answers_of(ZH, edit)
    ctx = build_review_view(answers, "zh").context
    assert by_code(build_review_view(answers, "zh"))["O1-KR1"]["completion"] is None
    assert "“复购用户数”的目标为 0，无法计算完成度" in ctx["missing"]
    assert ctx["cost"]["roi"] is None and ctx["cost"]["budget_used"] is None
    assert ctx["cost"]["cpa"] == 0
    md = render_document("review", answers, "zh").markdown
    assert "投资回报率 ROI（收益 ÷ 成本）</td><td class=\"num \">—</td>" in md


def test_template_state_has_blank_actuals_and_no_charts():
    from generator.render.templating import render_document

    answers = answers_of(ZH, drop_results)
    view = build_review_view(answers, "zh")
    assert dict(view.images) == {} and view.context["has_results"] is False
    doc = render_document("review", answers, "zh")
    assert "<figure>" not in doc.html and doc.images == {}
    kr_rows = [r for r in doc.html.split("<tr>") if "复购用户数" in r]
    assert kr_rows and kr_rows[0].count('class="blank"') == 4
    assert "12,000" in kr_rows[0] and "8,000" in kr_rows[0]  # plan figures prefilled
    wechat = next(r for r in doc.html.split("<tr>") if "微信公众号" in r and "¥30,000" in r)
    assert wechat.count('class="blank"') == 3  # spent, participants, conversions
    assert "这是复盘模板" in doc.markdown
    assert "%" not in kr_rows[0]


def test_untrusted_text_stays_text():
    from generator.render.templating import render_document

    def edit(data):
        data["objectives"][0]["key_results"][0]["metric"] = "<b>x</b> | $\\alpha$ **y**"
        data["results"]["key_results"][0]["metric"] = "<b>x</b> | $\\alpha$ **y**"
        data["results"]["channels"][0]["name"] = "[click](http://evil.example) <img src=x>"
        data["results"]["feedback"] = ["# not a heading <script>alert(1)</script>"]

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        doc = render_document("review", answers_of(ZH, edit), "zh")
        images = doc.images
    assert "<b>x</b>" not in doc.html and "&lt;b&gt;x&lt;/b&gt;" in doc.html
    assert "<script>" not in doc.html and "<img src=x>" not in doc.html
    assert 'href="http://evil' not in doc.html
    assert "<h1>not a heading" not in doc.html
    assert images["chart-kr.png"][:8] == b"\x89PNG\r\n\x1a\n"


# --- charts -------------------------------------------------------------------------------

def test_charts_draw_in_the_cjk_font_without_missing_glyphs():
    from matplotlib import font_manager
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" is a UserWarning
        images = dict(build_review_view(answers_of(ZH), "zh").images)
    for name, png in images.items():
        width, height = Image.open(io.BytesIO(png)).size
        assert width >= 1000 and height >= 300, name
    font = font_manager.findfont(font_manager.FontProperties(family="Noto Sans CJK SC"),
                                 fallback_to_default=False)
    assert "NotoSansCJK" in str(font)


def test_formats_without_pictures_never_import_matplotlib(tmp_path):
    """md, xlsx, ics, and the HTML of documents without charts: no chart is drawn (a fresh
    interpreter, so nothing imported by another test can hide an import)."""
    script = (
        "import sys\n"
        "from generator.generate import generate_file\n"
        f"written = generate_file({str(ZH)!r}, docs=['plan', 'schedule', 'review'],\n"
        "    formats=['md', 'xlsx', 'ics'], outdir=sys.argv[1])\n"
        f"written += generate_file({str(ZH)!r}, docs=['plan', 'schedule'], formats=['html'],\n"
        "    outdir=sys.argv[1])\n"
        "print(len(written), 'matplotlib' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True,
                            text=True, check=True, cwd=EXAMPLES.parent)
    # plan md; schedule md xlsx ics; review md xlsx; plan and schedule html
    assert result.stdout.split() == ["8", "False"]
    review_md = (tmp_path / "double11-2026-review.md").read_text(encoding="utf-8")
    assert review_md.count("chart-") == 3  # the report does show its 3 charts elsewhere


def test_each_chart_is_drawn_once_for_docx_pdf_and_html(tmp_path, monkeypatch):
    """One generate writing all three picture formats draws each chart once."""
    import docx

    from generator.generate import generate_file
    from generator.views import charts

    from .helpers import pdfimages

    calls = []
    for name in ("key_results_chart", "funnel_chart", "channels_chart"):
        real = getattr(charts, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(charts, name, counted)
    view = build_review_view(answers_of(ZH), "zh")
    assert (sorted(view.images), len(view.images), "chart-kr.png" in view.images) == (
        ["chart-channels.png", "chart-funnel.png", "chart-kr.png"], 3, True)
    assert calls == []  # names, len and `in` draw nothing
    written = generate_file(ZH, docs=["review"], formats=["docx", "pdf", "html"],
                            outdir=tmp_path)
    assert sorted(calls) == ["channels_chart", "funnel_chart", "key_results_chart"]
    by_ext = {p.suffix: p for p in written}
    assert len(docx.Document(str(by_ext[".docx"])).inline_shapes) == 3
    assert by_ext[".html"].read_text(encoding="utf-8").count("data:image/png;base64,") == 3
    assert pdfimages(by_ext[".pdf"]) == 3


# --- written documents --------------------------------------------------------------------

def test_report_pdf_text_and_fonts(tmp_path):
    from generator.render.templating import render_document
    from generator.writers.pdf import write_pdf

    path = write_pdf(render_document("review", answers_of(ZH), "zh"), tmp_path / "r.pdf")
    text = pdftotext(path)
    for figure in ("607.3%", "¥17.42", "¥195,100", "80.0%", "完成良好", "超额完成",
                   "84.0%（完成良好）", "−¥4,900（−2.5%）", "¥11.12", "95.8%",
                   "图 1", "图 3", "微信公众号", "线下门店海报"):
        assert figure in text, figure
    fonts = pdffonts(path)
    assert "NotoSansCJKSC" in fonts.replace("-", "") and " yes " in fonts


def test_report_docx_tables_and_images(tmp_path):
    import docx

    from generator.render.templating import render_document
    from generator.writers.docx.document import write_docx

    path = write_docx(render_document("review", answers_of(EN), "en"), tmp_path / "r.docx")
    document = docx.Document(str(path))
    cells = {c.text.strip() for t in document.tables for row in t.rows for c in row.cells}
    # EN: cost 49200+7200+2600 = 59000; ROI (86400-59000)/59000 = 46.4%; CPA 59000/5400
    for figure in ("$59,000", "46.4%", "$10.93", "78.6%", "Strong", "In-app referral banner",
                   "−$1,000 (−1.7%)", "97.4%", "$9.11", "0.3%"):
        assert figure in cells, figure
    assert len(document.inline_shapes) == 3


@pytest.mark.slow
def test_template_docx_opens_in_libreoffice(tmp_path):
    from generator.render.templating import render_document
    from generator.writers.docx.document import write_docx

    from .helpers import soffice_convert

    path = write_docx(render_document("review", answers_of(ZH, drop_results), "zh"),
                      tmp_path / "t.docx")
    text = pdftotext(soffice_convert(path, tmp_path))
    assert "活动复盘报告" in text or "关键结果完成度" in text
    assert "12,000" in text and "¥30,000" in text


# --- golden Markdown ----------------------------------------------------------------------

@pytest.mark.parametrize("example", [ZH, EN], ids=["zh", "en"])
@pytest.mark.parametrize("state", ["review", "review-template"])
def test_review_markdown_matches_golden(example, state):
    """A template change shows up as a readable diff (UPDATE_GOLDEN=1 rewrites)."""
    import os

    from generator.render.templating import render_document

    from .conftest import ROOT

    answers = answers_of(example, drop_results if state == "review-template" else None)
    markdown = render_document("review", answers).markdown
    golden = ROOT / "tests" / "golden" / f"{example.stem}.{state}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(markdown, encoding="utf-8")
    assert markdown == golden.read_text(encoding="utf-8")


def test_chart_labels_wrap_by_display_width():
    from generator.views.charts import _label

    assert _label("Instagram and TikTok ads") == "Instagram and\nTikTok ads"
    assert _label("抖音信息流广告投放渠道") == "抖音信息流广告投放\n渠道"  # 9 CJK = 18 columns
    assert _label("a\x07b") == "a\ufffdb"


def test_results_with_only_key_results_render_and_name_the_gaps():
    from generator.render.templating import render_document

    def edit(data):
        for key in list(data["results"]):
            if key != "key_results":
                del data["results"][key]

    answers = answers_of(EN, edit)
    doc = render_document("review", answers, "en")
    ctx = build_review_view(answers, "en").context
    assert "no costs recorded, so ROI and cost per conversion cannot be computed" in ctx["missing"]
    assert "no participant count" in ctx["missing"]
    assert "no results for channel Member email" in ctx["missing"]
    assert set(doc.images) == {"chart-kr.png"}  # no funnel or channel chart without data
    assert "78.6%" in doc.markdown and "Figure 1." in doc.markdown


def test_an_actual_for_an_unknown_metric_is_named():
    def edit(data):
        data["results"]["key_results"][0]["metric"] = "复购人数"

    ctx = build_review_view(answers_of(ZH, edit), "zh").context
    assert "缺少“复购用户数”的实际值" in ctx["missing"]
    assert any("实际值“复购人数”没有对应的关键结果" in m for m in ctx["missing"])


def test_charts_are_opaque_pngs_cropped_as_savefig_would(monkeypatch):
    """Each chart is drawn once and cropped by hand (not savefig's second layout): an RGB PNG
    the size savefig(bbox_inches="tight") gives the same figure (±4 px of rounding), with a
    white border all round (nothing cut off)."""
    import numpy as np
    from PIL import Image

    from generator.views import charts

    figures, real_png = [], charts._png

    def keep(fig):
        figures.append(fig)
        return real_png(fig)

    monkeypatch.setattr(charts, "_png", keep)
    images = list(dict(build_review_view(answers_of(ZH), "zh").images).values())
    assert len(images) == len(figures) == 3
    for png, fig in zip(images, figures, strict=True):
        image = Image.open(io.BytesIO(png))
        reference = io.BytesIO()
        with charts._style():
            fig.savefig(reference, format="png", dpi=charts.DPI, bbox_inches="tight")
        expected = Image.open(reference).size
        assert image.mode == "RGB"
        assert all(abs(a - b) <= 4 for a, b in zip(image.size, expected, strict=True)), (
            image.size, expected)
        ink = np.asarray(image).min(axis=2) < 250
        assert not ink[:18].any() and not ink[-18:].any()
        assert not ink[:, :18].any() and not ink[:, -18:].any()
