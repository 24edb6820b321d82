"""`templates lint`: each kind of mistake found with its place; hostile templates refused."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.__main__ import cli
from generator.company.lint import lint_template
from generator.locales import using
from generator.resources import templates_dir

from .company_templates import company_plan_template, paragraph, run, split_tag
from .conftest import EXAMPLES

ZH = EXAMPLES / "double11-zh.yaml"


def lint(path, doc="plan", lang="zh"):
    with using(lang):
        return [str(p) for p in lint_template(path, doc)]


def word(tmp_path, *extra, **options):
    return company_plan_template(tmp_path / "company", body_extra=list(extra), **options)


@pytest.mark.parametrize("name", ["plan.md.j2", "schedule.md.j2", "review.md.j2"])
def test_the_built_in_templates_pass(name):
    assert lint(templates_dir() / name, doc=None) == []


def test_a_clean_word_template_passes(tmp_path):
    result = CliRunner().invoke(cli, ["templates", "lint", str(word(tmp_path)), "--lang", "zh"])
    assert result.exit_code == 0
    assert result.output == "company-plan.docx：没有发现问题\n"


def test_word_template_mistakes_each_with_paragraph(tmp_path):
    path = word(tmp_path,
                paragraph(split_tag("{{ campaign.theme | xyzzy }}")),
                paragraph(run("共 "), split_tag("{{ chanels | length }}"), run(" 个渠道")),
                paragraph(split_tag("{{ key_results is odd_one }}")))
    found = lint(path)
    assert found == [
        "company-plan.docx：正文第 23 段（“{{ campaign.theme | xyzzy }}”）：没有名为 xyzzy 的过滤器；"
        "可用的过滤器：date、default、fill、first、h、join、kr、label、last、length、lower、md、"
        "mdate、money、num、pct、points、round、signed、sort、sum、upper、whole",
        "company-plan.docx：正文第 24 段（“共 {{ chanels | length }} 个渠道”）：chanels 不是可用的名称"
        "（是不是 channels？）；`campaign-docs templates vars` 列出全部可用名称",
        "company-plan.docx：正文第 25 段（“{{ key_results is odd_one }}”）：没有名为 odd_one 的判断"
        f"（is ...）；可用的判断：{found[2].split('可用的判断：')[1]}",
    ]


def test_unclosed_and_stray_blocks_in_english(tmp_path):
    path = word(tmp_path,
                paragraph(split_tag("{%p if budget %}")),
                paragraph(run("Budget noted.")),
                paragraph(split_tag("{%p for r in risks %}")),
                paragraph(split_tag("{%p endif %}")))
    assert lint(path, lang="en") == [
        "company-plan.docx: body, paragraph 26 (“{%p endif %}”): {% endif %} does not close the "
        "block {% for %} opened before it (expected {% endfor %})",
        "company-plan.docx: body, paragraph 23 (“{%p if budget %}”): the block {% if %} opened "
        "here is never closed; {% endif %} is missing",
    ]


def test_a_syntax_error_in_the_header(tmp_path):
    path = word(tmp_path, header_tag=split_tag("{{ campaign.theme ", "| }}"))
    (problem,) = lint(path)
    assert problem.startswith("company-plan.docx：页眉第 1 段（“{{ campaign.theme | }}  {{ "
                              "campaign.them…”）：模板语法错误：")


def test_markdown_template_mistakes_with_lines(tmp_path):
    source = (templates_dir() / "plan.md.j2").read_text(encoding="utf-8").splitlines()
    source.insert(5, "{{ campain.theme }} {{ days | nmu }}")
    source.append("{% for kr in key_results %}")
    path = tmp_path / "plan.md.j2"
    path.write_text("\n".join(source) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["templates", "lint", str(path), "--lang", "zh"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"plan.md.j2:{len(source)}：{{% for %}} 开始的块没有结束，缺少 {{% endfor %}}",
        "plan.md.j2：1 处问题"]
    source.pop()
    path.write_text("\n".join(source) + "\n", encoding="utf-8")
    assert lint(path, doc=None) == [
        "plan.md.j2:6：campain 不是可用的名称（是不是 campaign？）；`campaign-docs templates vars` "
        "列出全部可用名称",
        "plan.md.j2:6：没有名为 nmu 的过滤器（是不是 num？）；可用的过滤器：date、default、fill、"
        "first、h、join、kr、label、last、length、lower、md、mdate、money、num、pct、points、"
        "round、signed、sort、sum、upper、whole"]


@pytest.mark.parametrize("tag, expected", [
    ("{{ ''.__class__ }}", "模板不能访问 __class__"),
    ("{{ campaign['__dict__'] }}", "模板不能访问 __dict__"),
    ("{% include '/etc/passwd' %}", "模板不能引用其他文件（include '/etc/passwd'）"),
    ("{% import 'x.j2' as x %}", "模板不能引用其他文件（import 'x.j2'）"),
    ("{{ image('../secret.png') }}", "图片 ../secret.png 不在模板所在的文件夹"),
    ("{{ image('/etc/hostname') }}", "图片 /etc/hostname 不在模板所在的文件夹"),
    ("{{ image('missing.png') }}", "找不到图片 missing.png"),
])
def test_hostile_word_templates_fail_with_one_sentence(tmp_path, tag, expected):
    path = word(tmp_path, paragraph(split_tag(tag[:7], tag[7:])))
    result = CliRunner().invoke(cli, ["generate", str(ZH), "--doc", "plan", "--format", "docx",
                                      "--docx-template", str(path), "-o", "out", "--lang", "zh"])
    assert result.exit_code == 4
    (line,) = result.output.splitlines()
    assert line.startswith("错误：company-plan.docx：正文第 23 段（“")
    assert expected in line
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.docx"))


def test_hostile_markdown_template(tmp_path):
    path = tmp_path / "plan.md.j2"
    path.write_text("# {{ doc_title }}\n\n{{ ''.__class__.__mro__ }}\n{% include '/etc/passwd' %}\n",
                    encoding="utf-8")
    assert lint(path, lang="en") == [
        "plan.md.j2:3: a template cannot reach __mro__ (attributes starting with an underscore "
        "are closed to templates); remove it",
        "plan.md.j2:3: a template cannot reach __class__ (attributes starting with an underscore "
        "are closed to templates); remove it",
        "plan.md.j2:4: a template cannot bring in another file (include '/etc/passwd'); write "
        "what you need into the template itself",
    ]


def test_a_file_that_is_not_a_word_document(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("not a zip", encoding="utf-8")
    result = CliRunner().invoke(cli, ["templates", "lint", str(path), "--lang", "en"])
    assert result.exit_code == 4
    assert "fake.docx is not a Word document (.docx)" in result.output


def test_an_image_path_from_the_answers_is_held_to_the_folder_too(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text(ZH.read_text(encoding="utf-8").replace(
        "owner: 张敏", "owner: ../../../etc/hostname", 1), encoding="utf-8")
    path = word(tmp_path, paragraph(split_tag("{{ image(campaign.", "owner) }}")))
    result = CliRunner().invoke(cli, ["generate", str(answers), "--doc", "plan", "--format",
                                      "docx", "--docx-template", str(path), "-o", "out",
                                      "--lang", "en"])
    assert result.exit_code == 4
    assert result.output.startswith(
        "Error: company-plan.docx: body, paragraph 23 (“{{ image(campaign.owner) }}”): the image "
        "../../../etc/hostname is outside the template's folder")
