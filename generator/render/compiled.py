"""Compiled templates kept between runs: Jinja's bytecode cache in the user's cache folder.

Compiling the three document templates is ~0.7 s of CPU in every `generate` (Jinja parses
each template and generates Python for it) and the same templates compile to the same code
every time. Jinja keys each cache file by the template's name and a checksum of its source,
so an edited template (ours after an upgrade, or a company's) is compiled again, and the
folder is named after the Jinja and Python versions the code was made for.

The cache only saves time: a folder that cannot be created or written (a read-only home,
another user's folder) means templates are compiled as before, never an error.
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from generator.resources import cache_dir


class QuietBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file cache that treats a folder it cannot use as an empty cache."""

    def __init__(self, folder: Path):
        super().__init__(str(folder))
        self.usable = _private_folder(folder)

    def load_bytecode(self, bucket: Bucket) -> None:
        if not self.usable:
            return
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()  # NOTE: a file cut short (a full disk): compiled again, rewritten

    def dump_bytecode(self, bucket: Bucket) -> None:
        if not self.usable:
            return
        try:
            super().dump_bytecode(bucket)  # NOTE: written to a temporary file, then renamed
        except OSError:
            self.usable = False


def bytecode_cache() -> QuietBytecodeCache:
    """The cache of compiled templates for this Jinja and Python."""
    python = "".join(map(str, sys.version_info[:2]))
    return QuietBytecodeCache(cache_dir(f"templates-jinja{jinja2.__version__}-py{python}"))


def _private_folder(folder: Path) -> bool:
    """Create `folder` (mode 0700) if needed; whether it is ours alone to read code from."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name != "posix":
            return True
        status = folder.stat()
        # NOTE: compiled code is executed when loaded: a folder another user can write to
        # could hand us theirs.
        return status.st_uid == os.getuid() and not status.st_mode & 0o022
    except OSError:
        return False
