"""Template folders, campaign-docs.toml and `templates export`."""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from docx import Document

from generator.__main__ import cli
from generator.resources import templates_dir

from .company_templates import company_plan_template
from .conftest import EXAMPLES

ZH = EXAMPLES / "double11-zh.yaml"


def invoke(*args):
    return CliRunner().invoke(cli, [*map(str, args)])


def exported(tmp_path):
    result = invoke("templates", "export", tmp_path / "company", "--lang", "zh")
    assert result.exit_code == 0, result.output
    return tmp_path / "company"


def test_export_writes_our_templates_and_never_over_files(tmp_path):
    folder = exported(tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == [
        "paged.css", "plan.md.j2", "reference.docx", "review.md.j2", "schedule.md.j2",
        "screen.css", "style.css"]
    assert (folder / "paged.css").read_bytes() == (templates_dir() / "paged.css").read_bytes()
    reference = Document(folder / "reference.docx")
    heading = reference.styles["Heading 1"]
    assert heading.font.color.rgb is not None  # our navy headings, to edit in Word
    assert all(s.header.is_linked_to_previous for s in reference.sections)
    (folder / "plan.md.j2").write_text("mine", encoding="utf-8")
    again = invoke("templates", "export", folder, "--lang", "en")
    assert again.exit_code == 1
    assert ("not written over: plan.md.j2, schedule.md.j2, review.md.j2, style.css, paged.css, "
            "screen.css, reference.docx") in again.output
    assert (folder / "plan.md.j2").read_text(encoding="utf-8") == "mine"
    assert invoke("templates", "export", folder, "--force").exit_code == 0
    assert (folder / "plan.md.j2").read_text(encoding="utf-8") != "mine"


def test_an_override_changes_only_its_document(tmp_path):
    folder = exported(tmp_path)
    (folder / "reference.docx").unlink()
    plan = (folder / "plan.md.j2").read_text(encoding="utf-8")
    (folder / "plan.md.j2").write_text(
        plan.replace("{% set a = answers %}", "{% set a = answers %}\nACME 方案版式 {{ days }} 天",
                     1), encoding="utf-8")
    ours = invoke("generate", ZH, "--format", "md", "-o", "ours")
    theirs = invoke("generate", ZH, "--format", "md,docx", "-o", "theirs",
                    "--template-dir", folder)
    assert ours.exit_code == 0 and theirs.exit_code == 0, theirs.output
    plan_md = (tmp_path / "theirs" / "double11-2026-plan.md").read_text(encoding="utf-8")
    assert plan_md.startswith("ACME 方案版式 11 天\n")
    for doc in ("schedule", "review"):
        assert (tmp_path / "theirs" / f"double11-2026-{doc}.md").read_bytes() == \
            (tmp_path / "ours" / f"double11-2026-{doc}.md").read_bytes()
    docx_text = [p.text for p in Document(tmp_path / "theirs" / "double11-2026-plan.docx")
                 .paragraphs]
    assert "ACME 方案版式 11 天" in docx_text


def test_a_bad_override_is_checked_before_anything_is_written(tmp_path):
    folder = tmp_path / "company"
    folder.mkdir()
    (folder / "review.md.j2").write_text("# {{ doc_title }}\n\n{{ okr.score | pct }\n",
                                         encoding="utf-8")
    result = invoke("generate", ZH, "--format", "md", "-o", "out", "--template-dir", folder,
                    "--lang", "zh")
    assert result.exit_code == 4
    assert result.output.startswith("错误：review.md.j2:3：模板语法错误：")
    assert not (tmp_path / "out").exists()


def test_config_file_in_the_current_folder(tmp_path):
    company_plan_template(tmp_path / "company")
    (tmp_path / "campaign-docs.toml").write_text(
        '[docx_templates]\nplan = "company/company-plan.docx"\n', encoding="utf-8")
    result = invoke("generate", ZH, "--doc", "plan,schedule", "--format", "docx", "-o", "out")
    assert result.exit_code == 0, result.output
    plan = Document(tmp_path / "out" / "double11-2026-plan.docx")
    assert plan.paragraphs[1].text == "文档：活动策划方案"  # the company's template
    schedule = Document(tmp_path / "out" / "double11-2026-schedule.docx")
    assert "分工排期表" in "\n".join(p.text for p in schedule.paragraphs)  # ours


def test_config_given_with_config_and_a_folder_reference(tmp_path):
    folder = exported(tmp_path)
    shutil.copy(folder / "reference.docx", tmp_path / "look.docx")
    settings = tmp_path / "settings"
    settings.mkdir()
    (settings / "cd.toml").write_text('reference_docx = "../look.docx"\n', encoding="utf-8")
    result = invoke("generate", ZH, "--doc", "plan", "--format", "docx", "-o", "out",
                    "--config", settings / "cd.toml")
    assert result.exit_code == 0, result.output
    document = Document(tmp_path / "out" / "double11-2026-plan.docx")
    # the exported look keeps our running header (the reference has none of its own)
    assert document.sections[0].header.paragraphs[0].text == "双十一老客回馈季 · 活动策划方案"


def test_config_mistakes_are_named(tmp_path):
    config = tmp_path / "campaign-docs.toml"
    config.write_text('template_dri = "company"\n', encoding="utf-8")
    result = invoke("generate", ZH, "--lang", "zh")
    assert result.exit_code == 2
    assert "campaign-docs.toml：没有 template_dri 这项设置（是不是 template_dir？）" in result.output
    config.write_text('template_dir = company\n', encoding="utf-8")
    result = invoke("generate", ZH, "--lang", "en")
    assert f"{config}:1: this is not valid TOML" in result.output
    config.write_text('reference_docx = "nope.docx"\n', encoding="utf-8")
    result = invoke("generate", ZH, "--lang", "en")
    assert "reference_docx names nope.docx, which does not exist" in result.output


def test_batch_fills_the_company_template_and_regenerates_when_it_changes(tmp_path):
    import json

    (tmp_path / "in").mkdir()
    shutil.copy(ZH, tmp_path / "in" / "zh.yaml")
    folder = tmp_path / "company"
    template = company_plan_template(folder)
    template.rename(folder / "plan.docx")  # a Word template in the folder, by name
    args = ("batch", "in", "-o", "out", "-j", "1", "--doc", "plan", "--format", "docx",
            "--template-dir", folder, "--report", "r.json", "--lang", "en")

    def status():
        report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        return [i["status"] for i in report["inputs"]]

    assert invoke(*args).exit_code == 0
    assert status() == ["generated"]
    (out,) = (tmp_path / "out").glob("*/plan.docx")
    assert Document(out).paragraphs[1].text == "文档：活动策划方案"
    assert invoke(*args).exit_code == 0
    assert status() == ["skipped"]
    (folder / "logo.png").write_bytes((folder / "logo.png").read_bytes() + b"\0")
    assert invoke(*args).exit_code == 0
    assert status() == ["generated"]  # a picture beside the template changed
