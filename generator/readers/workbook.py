"""Opening a workbook a user filled in: the one way both workbook readers read the file.

A workbook comes back from Excel, WPS or LibreOffice, or from anyone: it is read through
`inputs.read_input` (a regular file, at most MAX_BYTES), refused when its parts would unzip
to more than MAX_UNPACKED (a zip bomb stops before openpyxl parses it), and opened twice:
once with the values the spreadsheet computed, once with the formulas themselves, so a
reader can name a formula saved without its value.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from generator.errors import AnswersError, Problem
from generator.inputs import MB, read_input
from generator.locales import msg

MAX_BYTES = 20 * MB  # the file; ours are 20-50 KB, a workbook of images is not a plan
MAX_UNPACKED = 200 * MB  # its parts once unzipped


def open_workbook(path: str | Path, messages: str) -> tuple[Any, Any]:
    """(values, formulas) of the workbook at `path`; AnswersError naming the file otherwise.

    `messages` is the catalogue section holding this reader's `not_xlsx` and `unreadable`
    sentences (each workbook tells the user where a good one comes from).
    """
    path = Path(path)
    raw = read_input(path, MAX_BYTES, path.name)
    # NOTE: heavy (~0.3 s); only the commands that read a workbook get here.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        _refuse_bomb(raw, path.name)
        return (load_workbook(io.BytesIO(raw), data_only=True),
                load_workbook(io.BytesIO(raw), data_only=False))
    except AnswersError:
        raise
    except (InvalidFileException, zipfile.BadZipFile) as exc:
        # NOTE: openpyxl's own words are English; these two are what users meet.
        raise _refused(path.name, msg(f"{messages}.not_xlsx")) from exc
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError ...
        raise _refused(path.name, msg(f"{messages}.unreadable",
                                      detail=str(exc)[:200])) from exc


def _refuse_bomb(raw: bytes, name: str) -> None:
    """A workbook whose parts unzip to more than MAX_UNPACKED is refused before parsing."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED:
        raise _refused(name, msg("answers.file.over_limit", limit=MAX_UNPACKED // MB))


def _refused(name: str, message: Any) -> AnswersError:
    return AnswersError([Problem(name, None, "", message)])
