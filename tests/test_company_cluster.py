"""A batch task on a cluster worker with company templates: they must be there at their path."""

from __future__ import annotations

import io
import socket
from pathlib import Path

from docx import Document

from generator.answers.load import load_answers
from generator.batch.worker import Task, generate_detached
from generator.company.config import Templates
from generator.locales import render

from .company_templates import company_plan_template
from .conftest import EXAMPLES


def task(tmp_path: Path, templates: Templates) -> Task:
    answers = load_answers(EXAMPLES / "double11-zh.yaml").answers
    return Task(source="stores/double11.yaml", slug=answers.slug, answers=answers,
                docs=("plan",), formats=("docx",), outdir=str(tmp_path / "out"), key="k",
                answers_sha="s", templates=templates)


def test_a_worker_without_the_template_fails_that_file_with_a_sentence(tmp_path):
    missing = tmp_path / "share" / "方案模板.docx"  # on the batch machine, not on this worker
    outcome = generate_detached(task(tmp_path, Templates(docx_templates={"plan": missing})))
    assert not outcome.ok and outcome.files == {}
    assert render(outcome.error, "zh") == (
        f"stores/double11.yaml: 集群工作机 {socket.gethostname()} 上找不到公司模板用到的 "
        f"{missing}；工作机按同样的路径读取这些文件，请把它们放在每台机器都能访问的同一路径下（例如共享目录）")


def test_a_worker_with_the_template_sends_the_filled_file_back(tmp_path):
    template = company_plan_template(tmp_path / "share")
    outcome = generate_detached(task(tmp_path, Templates(docx_templates={"plan": template})))
    assert outcome.ok, outcome.error
    (name,) = outcome.files
    assert name.endswith("/plan.docx")
    document = Document(io.BytesIO(outcome.files[name]))
    assert document.paragraphs[1].text == "文档：活动策划方案"
