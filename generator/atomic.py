"""Atomic writes: a reader (or a crash) sees the old file or the new one, never half of one.

The one place where outputs and answers files are written. A temporary file beside the
target (`.NAME.<pid>.XXXX.tmp`) is filled and renamed over the target. A write that fails
(a full disk, a folder where the file should be, no permission) becomes one `OutputError`
sentence; a process killed mid-write leaves its temporary file, which the next write to
the same target removes (its process id says it is nobody's any more).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.errors import OutputError, os_reason
from generator.locales import Message, msg


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target` in one rename.

    On any exception the temporary file is removed and `target` is left as it was; an
    OSError while writing or renaming becomes an OutputError naming `target`.
    """
    target = Path(target)
    refuse_special(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        sweep_temporaries(target)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent
        )
    except OSError as exc:
        raise OutputError(_cannot_write(target, exc)) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        # NOTE: mkstemp creates 0600; a document should get the usual mode (0666 minus umask).
        os.chmod(tmp, 0o666 & ~_umask())
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(_cannot_write(target, exc)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def refuse_special(target: str | os.PathLike[str]) -> None:
    """A folder, a device (`/dev/null`), a FIFO or a socket at `target` is never replaced.

    (Renaming over `/dev/null` as root would put a plain file in its place.)
    """
    target = Path(target)
    try:
        mode = target.stat().st_mode
    except OSError:
        return  # nothing there yet (or unreachable: mkdir/mkstemp will say why)
    if stat.S_ISDIR(mode):
        raise OutputError(msg("errors.cannot_write", path=target,
                              reason=msg("errors.os.is_a_folder")))
    if not stat.S_ISREG(mode):
        raise OutputError(msg("errors.cannot_write", path=target,
                              reason=msg("errors.os.not_regular")))


def _cannot_write(target: Path, exc: OSError) -> Message:
    """The sentence for a failed write; a file standing where a folder should be is named."""
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):
        blocker = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            return msg("errors.cannot_write", path=target,
                       reason=msg("errors.os.blocked_by", path=blocker))
    return msg("errors.cannot_write", path=target, reason=os_reason(exc))


# `.NAME.<pid>.XXXXXXXX.tmp`: mkstemp's random part is 8 characters of [a-z0-9_].
_TEMP_RE = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[a-z0-9_]{8}\.tmp$")


def sweep_temporaries(target: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files of `target` whose writer process is gone; return them."""
    target = Path(target)
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []
    removed = []
    for name in names:
        found = _TEMP_RE.match(name)
        if found and found["name"] == target.name and not _alive(int(found["pid"])):
            with contextlib.suppress(OSError):
                (target.parent / name).unlink()
                removed.append(target.parent / name)
    return removed


def _alive(pid: int) -> bool:
    """Whether a process with this id runs (a zombie counts: its parent may still reap it)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OverflowError:
        return False  # no process can have this id
    except PermissionError:
        return True  # NOTE: someone else's process; its file is not ours to remove
    return True


def _umask() -> int:
    """The process umask (reading it means setting it, so set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_bytes(target: str | os.PathLike[str], data: bytes) -> Path:
    """Write `data` to `target` atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_text(target: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 `text` to `target` atomically."""
    return write_bytes(target, text.encode("utf-8"))


def write_with(target: str | os.PathLike[str], save: Callable[[Path], object]) -> Path:
    """Call `save(tmp_path)` (e.g. `workbook.save`) and move the result into place."""
    with atomic_path(target) as tmp:
        save(tmp)
    return Path(target)
