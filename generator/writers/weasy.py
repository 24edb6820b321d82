"""WeasyPrint, imported without searching the system for its libraries by running compilers.

WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject with cffi, trying several names for
each ("libgobject-2.0-0", "gobject-2.0", ... "libgobject-2.0.so.0"). For every name that is
not a loadable file, cffi asks `ctypes.util.find_library`, which on Linux runs
`ldconfig -p`, then `gcc` and `ld` twice: 70 processes and ~0.4 s of CPU before the name
that dlopen loads directly is reached. With the search answering "not found" at once, the
same libraries load by those direct names; should that fail on a system where only the
search finds them, the import is retried exactly as WeasyPrint does it.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import io
import sys
from collections.abc import Iterator


@contextlib.contextmanager
def _no_library_search() -> Iterator[None]:
    """`ctypes.util.find_library` answers None (nothing found) while the block runs."""
    real = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = real


def import_weasyprint() -> None:
    """Import weasyprint (its libraries by their direct names first); a missing library
    raises as WeasyPrint's own import does, with its message."""
    if "weasyprint" in sys.modules or not sys.platform.startswith("linux"):
        import weasyprint  # noqa: F401
        return
    try:
        # NOTE: WeasyPrint prints its installation help before raising; that print belongs
        # to the real attempt below, not to this quick one.
        with _no_library_search(), contextlib.redirect_stdout(io.StringIO()):
            import weasyprint  # noqa: F401
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        import weasyprint  # noqa: F401, F811
