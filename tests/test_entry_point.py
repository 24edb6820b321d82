"""The console entry point ends the process itself (no interpreter teardown): what the user
sees must be exactly what the teardown would have given — every line of output, the
command's status, and exit handlers run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.__main__ import _exit_status, cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "double11-zh.yaml"


def _entry(*args: str, code: str = "from generator.__main__ import main; main()",
           **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, cwd=ROOT, **kwargs)


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (2, 2), (130, 130),
                                              ("a message", 1)])
def test_exit_status_is_what_sys_exit_gives(code, status):
    assert _exit_status(code) == status


def test_long_output_through_a_pipe_is_complete():
    """`templates vars` prints hundreds of lines; a pipe's buffer is flushed before leaving."""
    expected = CliRunner().invoke(cli, ["templates", "vars", "--lang", "en"]).output
    done = _entry("templates", "vars", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert len(expected.splitlines()) > 100
    assert done.stdout == expected


def test_status_of_a_failed_command_and_its_sentence(tmp_path):
    done = _entry("generate", str(tmp_path / "missing.yaml"), "--lang", "en")
    assert done.returncode == 2
    assert "missing.yaml" in done.stderr and "Traceback" not in done.stderr


def test_exit_handlers_still_run_and_an_uncaught_exception_is_status_1(tmp_path):
    """A handler registered during the command runs before the process ends; an exception
    click does not turn into an exit keeps Python's status 1 and its traceback. (Importing
    the CLI registers no handler, so every handler is the command's: registered after the
    entry point's own, run before it.)"""
    marker = tmp_path / "handler-ran"
    code = ("import atexit, pathlib, generator.__main__ as m\n"
            "def command(**kwargs):\n"
            f"    atexit.register(pathlib.Path({str(marker)!r}).write_text, 'yes')\n"
            "    raise LookupError('boom')\n"
            "m.cli = command\n"
            "m.main()")
    done = _entry(code=code)
    assert done.returncode == 1
    assert "LookupError: boom" in done.stderr
    assert marker.read_text() == "yes"


def test_importing_the_cli_registers_no_exit_handler():
    """A handler registered before `main()` would run after it and be skipped."""
    done = _entry(code="import atexit, generator.__main__; print(atexit._ncallbacks())")
    assert done.stdout.strip() == "0", done.stderr


def test_the_cli_starts_without_the_stages():
    """`campaign-docs --help` stays about as fast as importing click: loading the CLI pulls
    in no stage (orchestrator, answers model, templates, writers, their libraries)."""
    heavy = ("generator.generate", "generator.answers", "generator.render", "generator.writers",
             "weasyprint", "matplotlib", "docx", "openpyxl", "pydantic", "jinja2", "ruamel")
    done = _entry(code="import sys, generator.__main__\n"
                       "print('\\n'.join(sorted(sys.modules)))")
    loaded = [name for name in done.stdout.split() if name.startswith(heavy)]
    assert done.returncode == 0 and "click" in done.stdout.split()
    assert loaded == []
