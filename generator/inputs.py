"""The one place where an input file is read: answers files, workbooks, questionnaires.

Every input goes through `read_input`, so every command refuses the same shapes in the
same words: only regular files are read (a folder, a FIFO, a device or a socket is named
as what it is, and a FIFO is never waited on), and the size cap is real: at most
`limit + 1` bytes are read whatever the size the file system reports (`/dev/zero` and
`/proc` files report 0), so nothing can make the tool read without end.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from generator.errors import AnswersError, Problem, os_reason
from generator.locales import Message, msg

MB = 1024 * 1024
# The kinds of file we name when refusing one (answers.file.kind.* in the catalogue).
_KINDS = ((stat.S_ISDIR, "folder"), (stat.S_ISFIFO, "pipe"), (stat.S_ISCHR, "device"),
          (stat.S_ISBLK, "device"), (stat.S_ISSOCK, "socket"))


def read_input(path: str | os.PathLike[str], limit: int, name: str | None = None) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them; AnswersError otherwise.

    `name` is how messages call the file (default: the path as given).
    """
    name = str(path) if name is None else name
    try:
        # NOTE: O_NONBLOCK so opening a FIFO with no writer returns at once instead of
        # waiting for one; the fstat below then refuses it. A regular file ignores the flag.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _refused(name, _open_reason(path, exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _refused(name, not_a_file(info.st_mode))
        if info.st_size > limit:
            raise _refused(name, too_big(info.st_size, limit))
        data = _read_at_most(fd, limit + 1)
    except OSError as exc:
        raise _refused(name, msg("answers.file.cannot_read", reason=os_reason(exc))) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # the reported size was wrong (/proc, a file growing as we read)
        raise _refused(name, too_big(None, limit))
    return data


def check_readable(path: str | os.PathLike[str], limit: int, name: str | None = None) -> None:
    """Raise the AnswersError `read_input` would, without keeping the bytes."""
    read_input(path, limit, name)


def not_a_file(mode: int) -> Message:
    """Why a non-regular file is refused: "a folder, not a file" and so on."""
    kind = next((kind for test, kind in _KINDS if test(mode)), "other")
    return msg("answers.file.not_regular", kind=msg(f"answers.file.kind.{kind}"))


def too_big(size: int | None, limit: int) -> Message:
    """The size sentence: the size when it is known, else "larger than the limit"."""
    limit_mb = _mb(limit)
    if size is None:
        return msg("answers.file.over_limit", limit=limit_mb)
    return msg("answers.file.too_big", size=f"{size / MB:.1f}", limit=limit_mb)


def _mb(size: int) -> str:
    text = f"{size / MB:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _read_at_most(fd: int, count: int) -> bytes:
    """Up to `count` bytes from `fd` (fewer at the end of the file)."""
    chunks, left = [], count
    while left > 0:
        chunk = os.read(fd, min(left, MB))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _open_reason(path: str | os.PathLike[str], exc: OSError) -> Message:
    """Why opening failed; a folder is said as such (on Linux opening one read-only works,
    elsewhere it may fail with EISDIR or EACCES)."""
    if exc.errno in (errno.EISDIR, errno.EACCES) and Path(path).is_dir():
        return not_a_file(stat.S_IFDIR)
    return msg("answers.file.cannot_read", reason=os_reason(exc))


def _refused(name: str, why: Message) -> AnswersError:
    return AnswersError([Problem(name, None, "", why)])
