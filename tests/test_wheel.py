"""The packaged data ships in the wheel: a non-editable install runs the demo from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the wheel from the source tree (pip's PEP 517 build, no dependencies fetched)."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(dist),
         str(ROOT)],
        check=True, capture_output=True, text=True, cwd=dist,
    )
    (found,) = dist.glob("campaign_docs-*.whl")
    return found


def test_wheel_contains_templates_questionnaires_and_examples(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for doc in ("plan", "schedule", "review"):
        assert f"generator/templates/{doc}.md.j2" in names
    assert "generator/locales/zh.json" in names and "generator/locales/en.json" in names
    assert any(n.startswith("generator/templates/") and n.endswith(".css") for n in names)
    for theme in ("clean", "formal"):  # the shipped themes (writers/look.py)
        assert f"generator/templates/themes/{theme}.css" in names
        assert f"generator/templates/themes/{theme}.json" in names
    assert any(n.startswith("generator/questionnaires/") and n.endswith(".yaml") for n in names)
    assert "generator/examples/double11-zh.yaml" in names


def test_installed_wheel_runs_demo_from_another_directory(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # The dependencies come from the project's venv (a .pth line adds its site-packages
    # without running its .pth files, so the editable campaign-docs there stays invisible);
    # campaign-docs itself is the wheel, installed non-editable.
    purelib = Path(sysconfig.get_paths()["purelib"])
    new_site = Path(subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True).stdout.strip())
    (new_site / "deps.pth").write_text(f"{purelib}\n")
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)],
                   check=True, capture_output=True, text=True)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    where = subprocess.run([str(python), "-c", "import generator; print(generator.__file__)"],
                           check=True, capture_output=True, text=True, cwd=elsewhere, env=env)
    assert str(venv) in where.stdout, "the wheel, not the source tree, must be imported"

    result = subprocess.run([str(venv / "bin" / "campaign-docs"), "demo", "-o", "out"],
                            capture_output=True, text=True, cwd=elsewhere, env=env)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (elsewhere / "out").iterdir())
    assert "double11-2026-plan.pdf" in written
    assert "double11-2026-plan.docx" in written
    assert "double11-2026-schedule.xlsx" in written
    assert "double11-2026-review.pdf" in written
