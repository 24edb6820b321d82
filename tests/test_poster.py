"""The results poster (战报, `--doc poster`): a one-page PDF and its 1080 × 1920 PNG.

The figures are hand-worked from the small campaign below: participants 2,500; funnel
exposure 40,000 -> conversions 600, so the overall conversion rate is 600 / 40,000 = 1.5%;
costs 30,000 + 6,000 = ¥36,000 against revenue ¥90,000, so ROI = (90,000 − 36,000) /
36,000 = 150.0%; the channels converted 450 (公众号) and 150 (短信召回): 公众号 leads with
450 / 600 = 75.0% of the channels' conversions. Its one key result (600 of a target of 500)
is met, so the OKR score is 100.0%.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from PIL import Image

from generator.__main__ import cli
from generator.answers.load import load_answers
from generator.generate import generate_file, plan_outputs
from generator.views.poster import build_poster_view
from generator.writers import palette, poster

from .conftest import ROOT
from .company_templates import png
from .helpers import pdf_page_count, pdfimages, pdftotext

DATA = ROOT / "tests" / "data"

CAMPAIGN = """\
format: 1
lang: {lang}
campaign:
  theme: "{theme}"
  slug: poster-test
  purpose: conversion
  start: 2026-11-01
  end: 2026-11-11
  owner: 张敏
  budget: 100000
objectives:
  - objective: 提升复购
    key_results:
      - metric: 复购用户数
        target: 500
channels:
  - name: "{channel}"
    budget: 30000
  - name: 短信召回
    budget: 20000
"""
RESULTS = """\
results:
  key_results:
    - metric: 复购用户数
      actual: 600
  participants:
    total: 2500
  funnel:
    exposure: 40000
    clicks: 6000
    shares: 900
    conversions: 600
  revenue: 90000
  costs:
    - item: 渠道投放
      amount: 30000
    - item: 奖品
      amount: 6000
  channels:
    - name: "{channel}"
      participants: 1500
      conversions: 450
      cost: 20000
    - name: 短信召回
      participants: 1000
      conversions: 150
      cost: 10000
"""


def campaign_file(tmp_path, lang="zh", theme="双十一老客回馈季", channel="公众号",
                  results=True):
    text = CAMPAIGN.format(lang=lang, theme=theme, channel=channel)
    if results:
        text += RESULTS.format(channel=channel)
    path = tmp_path / f"campaign-{lang}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def make_poster(path, *options):
    return CliRunner().invoke(cli, ["generate", str(path), "--doc", "poster", "-o", "out",
                                    *options])


def flat(text: str) -> str:
    """pdftotext's text without its line breaks and spaces (a wrapped name reads whole)."""
    return re.sub(r"\s+", "", text)


def test_the_chinese_poster_shows_the_reviews_headline_figures(tmp_path):
    result = make_poster(campaign_file(tmp_path))
    assert result.exit_code == 0, result.output
    pdf, png = tmp_path / "out/poster-test-poster.pdf", tmp_path / "out/poster-test-poster.png"
    assert result.output.split() == [str(p.relative_to(tmp_path)) for p in (pdf, png)]
    text = pdftotext(pdf)
    for line in ["活动战报", "双十一老客回馈季", "2026-11-01 至 2026-11-11（11 天）",
                 "OKR 综合得分 100.0%（全部达成）",
                 "参与人数", "2,500", "总转化", "600", "整体转化率 1.5%",
                 "活动收入", "¥90,000", "投资回报率 ROI", "150.0%", "总投入 ¥36,000",
                 "最佳渠道", "公众号", "带来 450 次转化，占全部转化的 75.0%"]:
        assert line in text, line
    assert pdf_page_count(pdf) == 1
    assert Image.open(png).size == (1080, 1920)


def test_the_english_poster(tmp_path):
    result = make_poster(campaign_file(tmp_path, lang="en", theme="Spring Referral Sprint",
                                       channel="Referral banner"))
    assert result.exit_code == 0, result.output
    text = " ".join(pdftotext(tmp_path / "out/poster-test-poster.pdf").split())
    for line in ["Campaign results", "Spring Referral Sprint", "2026-11-01 to 2026-11-11 (11 days)",
                 "Overall OKR score 100.0%",
                 "Participants", "2,500", "Conversions", "1.5% overall conversion rate",
                 "Revenue", "$90,000", "ROI", "150.0%", "on $36,000 spent",
                 "Best channel", "Referral banner", "450 conversions, 75.0% of all",
                 "Figures from the review report"]:
        assert line in text, line
    assert not re.search(r"[\u4e00-\u9fff]", text.replace("复购用户数", ""))  # no Chinese word
    assert Image.open(tmp_path / "out/poster-test-poster.png").size == (1080, 1920)


def test_the_poster_never_contradicts_the_review(tmp_path):
    """The review's own headline table prints the figures the poster shows."""
    path = campaign_file(tmp_path)
    generate_file(path, docs=["review"], formats=["md"], outdir=tmp_path / "out")
    review = (tmp_path / "out/poster-test-review.md").read_text(encoding="utf-8")
    for cells in ["<td>OKR 综合得分</td><td class=\"good\">100.0%（全部达成）</td>",
                  "<td>参与人数</td><td>2,500 人</td>", "<td>总转化</td><td>600（整体转化率 1.5%）",
                  "<td>活动收入</td><td>¥90,000</td>", "<td>投资回报率 ROI</td><td>150.0%</td>",
                  "**公众号**带来的转化最多：450，占全部转化的 75.0%"]:
        assert cells in review, cells


@pytest.mark.parametrize("lang, sentence", [
    ("zh", "还没有活动结果，生成不了战报：请先运行 campaign-docs results {file} 录入实际数据，"
           "再生成战报"),
    ("en", "there are no results yet, so there is nothing to put on a poster: record the actual "
           "figures with campaign-docs results {file} first, then generate the poster"),
])
def test_without_results_the_poster_is_refused_in_one_sentence(tmp_path, lang, sentence):
    path = campaign_file(tmp_path, lang=lang, results=False)
    result = make_poster(path, "--doc", "plan,poster", "--format", "md,png,pdf")
    assert result.exit_code != 0
    assert sentence.format(file=path) in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").glob("*-p*.*"))


def test_the_poster_is_opt_in_and_gets_both_formats():
    assert all(doc != "poster" for doc, _ in plan_outputs(None, None))
    assert plan_outputs(["poster"], None) == [("poster", "pdf"), ("poster", "png")]
    assert plan_outputs(["plan", "poster"], ["png"]) == [("poster", "png")]


def test_a_brand_campaign_shows_reach_and_what_it_cost():
    """tests/data/brand-zh.yaml: reach 2,000,000 with 90,000 clicks (4.5%); costs 48,000 +
    16,000 = ¥64,000 of an ¥80,000 budget (80.0%), per thousand exposures ¥32.00; no
    revenue, so no ROI; 小红书达人 leads with 12,000 of 22,200 channel participants (54.1%)."""
    answers = load_answers(DATA / "brand-zh.yaml").answers
    view = build_poster_view(answers, "zh").context
    assert [(tile["label"], tile["figure"], tile["note"]) for tile in view["tiles"]] == [
        ("参与人数", "21,000", None), ("触达（曝光）", "2,000,000", "点击率 4.5%"),
        ("实际总成本", "¥64,000", "预算使用 80.0%"), ("千次曝光成本 CPM", "¥32.00", None)]
    assert view["best"] == {"label": "最佳渠道", "name": "小红书达人",
                            "note": "带来 12,000 位参与者，占全部参与的 54.1%"}


def test_untrusted_names_are_shown_literally(tmp_path):
    """Markup and mathtext in a name are the user's characters, not markup."""
    theme = "$x$ <b>粗体</b> & 100%"
    channel = "<i>渠道</i> $y$"
    result = make_poster(campaign_file(tmp_path, theme=theme, channel=channel))
    assert result.exit_code == 0, result.output
    text = " ".join(pdftotext(tmp_path / "out/poster-test-poster.pdf").split())
    assert theme in text
    assert channel in text


def test_a_long_name_wraps_smaller_and_a_very_long_one_is_cut(tmp_path):
    longish = "二零二六年双十一老客回馈季暨会员日全渠道联动大促之老带新裂变拉新专场活动"
    assert poster.fit(longish, poster.THEME_WIDTH, poster.THEME_STEPS)[1] == longish
    result = make_poster(campaign_file(tmp_path, theme=longish))
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "out/poster-test-poster.pdf"
    assert longish in flat(pdftotext(pdf))  # whole, on several lines
    assert pdf_page_count(pdf) == 1

    endless = "超长活动名称" * 40 + "Extremely-Long-Campaign-Name-Without-Spaces" * 4
    size, shown = poster.fit(endless, poster.THEME_WIDTH, poster.THEME_STEPS)
    assert size == poster.THEME_STEPS[-1][0] and shown.endswith("…")
    result = make_poster(campaign_file(tmp_path, theme=endless), "--force")
    assert result.exit_code == 0, result.output
    text = flat(pdftotext(pdf))
    assert shown.rstrip("…") in text and "…" in text
    # nothing below the name was pushed off the page: the last tile, the channel, the footer
    assert all(flat(end) in text for end in ["总投入 ¥36,000", "带来 450 次转化", "数据取自活动复盘报告"])
    assert Image.open(tmp_path / "out/poster-test-poster.png").size == (1080, 1920)


def test_the_fullest_poster_still_fits_one_page(tmp_path):
    """The longest name each size step allows (55 CJK characters: 28 pt on four lines), a
    channel name on three lines, a company line with a logo and the OKR line: one page."""
    path = campaign_file(tmp_path, theme="活" * 55, channel="渠" * 60)
    view = build_poster_view(load_answers(path).answers, "zh")
    assert poster.fit(view.context["theme"], poster.THEME_WIDTH, poster.THEME_STEPS)[0] == 28
    assert poster.fit(view.context["best"]["name"], poster.CHANNEL_WIDTH,
                      poster.CHANNEL_STEPS)[0] == 17
    assert view.context["okr"] == "OKR 综合得分 100.0%（全部达成）"
    (tmp_path / "logo.png").write_bytes(png())
    view.context.update(company="ACME 集团有限公司华东区域市场部用户运营中心",
                        logo=tmp_path / "logo.png")
    html = poster.poster_html(view.context)
    assert len(poster.render_pages(html, poster.logo_image(view.context)).pages) == 1


def test_a_figure_shrinks_to_stay_on_one_line():
    assert poster.figure_size("600") == poster.FIGURE_SIZES[0]
    huge = "¥1,000,000,000,000,000"
    size = poster.figure_size(huge)
    assert size < poster.FIGURE_SIZES[0]
    assert poster.width_em(huge) * size <= poster.FIGURE_WIDTH


def test_the_company_branding_on_the_poster(tmp_path):
    (tmp_path / "logo.png").write_bytes(png(rgb=(0, 160, 80)))
    (tmp_path / "campaign-docs.toml").write_text(
        '[branding]\ncompany = "ACME 集团"\nlogo = "logo.png"\naccent = "#C0392B"\n',
        encoding="utf-8")
    result = make_poster(campaign_file(tmp_path))
    assert result.exit_code == 0, result.output
    image = Image.open(tmp_path / "out/poster-test-poster.png").convert("RGB")
    assert image.getpixel((20, 20)) == (0xC0, 0x39, 0x2B)  # the band, top left
    assert (0, 160, 80) in {colour for _, colour in image.getcolors(1 << 20)}  # the logo
    pdf = tmp_path / "out/poster-test-poster.pdf"
    assert pdfimages(pdf) == 1
    assert pdftotext(pdf).startswith("ACME 集团\n")


def test_ours_without_branding_and_a_light_accent_gets_dark_text(tmp_path):
    result = make_poster(campaign_file(tmp_path), "--format", "png")
    assert result.exit_code == 0, result.output
    image = Image.open(tmp_path / "out/poster-test-poster.png").convert("RGB")
    assert image.getpixel((20, 20)) == tuple(bytes.fromhex(palette.ACCENT))
    assert f"--on-accent: #{palette.TEXT};" in poster.colour_variables("FFD700")
    assert f"--on-accent: #{palette.HEADER_TEXT};" in poster.colour_variables(None)


def test_one_layout_for_both_formats_and_the_manifest_knows_them(tmp_path, monkeypatch):
    calls = []
    real = poster._lay_out
    monkeypatch.setattr(poster, "_lay_out",
                        lambda html, images: calls.append(html) or real(html, images))
    result = make_poster(campaign_file(tmp_path))
    assert result.exit_code == 0, result.output
    assert len(calls) == 1
    manifest = json.loads((tmp_path / "out/.campaign-docs-manifest.json").read_text())
    assert {"poster-test-poster.pdf", "poster-test-poster.png"} <= set(manifest["files"])


def test_batch_writes_posters_and_names_a_file_without_results(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    campaign_file(tmp_path).rename(inputs / "done.yaml")
    without = campaign_file(tmp_path, lang="en", results=False)
    without.write_text(without.read_text().replace("poster-test", "not-yet"), encoding="utf-8")
    without.rename(inputs / "not-yet.yaml")
    result = CliRunner().invoke(cli, ["batch", str(inputs), "--doc", "poster", "-o", "out",
                                      "-j", "1", "--lang", "en"])
    assert result.exit_code != 0
    assert Image.open(tmp_path / "out/poster-test/poster.png").size == (1080, 1920)
    assert "150.0%" in pdftotext(tmp_path / "out/poster-test/poster.pdf")
    assert not (tmp_path / "out/not-yet").exists()
    assert re.search(r"not-yet\.yaml: there are no results yet, .* campaign-docs results "
                     r"\S*not-yet\.yaml first", result.output)


def test_a_page_pdfium_cannot_draw_is_one_sentence(tmp_path, monkeypatch):
    import pypdfium2

    def broken(*args, **kwargs):
        raise pypdfium2.PdfiumError("Failed to load page.")

    monkeypatch.setattr(pypdfium2, "PdfDocument", broken)
    result = make_poster(campaign_file(tmp_path), "--format", "png")
    assert result.exit_code != 0
    assert "无法把战报画成图片 poster-test-poster.png：Failed to load page." in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out/poster-test-poster.png").exists()
