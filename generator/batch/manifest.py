"""The output folder's manifest: what we wrote there, by content hash, not mtime.

One JSON file per output folder (`DIR/.campaign-docs-manifest.json`), shared by `generate`
and `batch`:

- `files`: every output either command wrote, relative path -> SHA-256 of the bytes written.
  A file at an output path whose bytes differ (a review workbook filled in, a DOCX edited in
  Word), or which the manifest does not know (not written by us), belongs to the user: it
  is kept, never replaced without `--force` (`Manifest.owner_of`).
- `entries` (batch): for each slug the hash of the answers bytes, the *key* those outputs
  were made from (answers + every template/CSS file + the tool version) and the outputs of
  that key. An input is skipped when its key is unchanged and every output it needs is on
  disk with the recorded content (or is the user's now).

The manifest is rewritten atomically after every finished input, so an interrupted batch
(Ctrl-C, a killed worker) loses nothing that was already written. A manifest from before
`files` existed still counts its entries' outputs as ours.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path

from generator import __version__, locales
from generator.atomic import write_text

MANIFEST_NAME = ".campaign-docs-manifest.json"
MANIFEST_FORMAT = 1


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's content, read in chunks (PDFs can be large)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def templates_fingerprint(folder: Path, code: Path | None = None) -> str:
    """One hash over every file under the templates folder (names and bytes) + tool version.

    Any template, CSS or catalogue (locales/*.json) change therefore invalidates every output. With `code` (the package
    folder) its Python sources count too, so a fix in a writer between two releases with the
    same version number still regenerates.
    """
    digest = hashlib.sha256(f"campaign-docs {__version__}\n".encode())
    _hash_tree(digest, folder, "*")
    # NOTE: the documents' words live in the catalogues, so a wording change regenerates too.
    _hash_tree(digest, locales.catalogue_dir(), "*.json")
    if code is not None:
        _hash_tree(digest, code, "*.py")
    return digest.hexdigest()


def _hash_tree(digest, folder: Path, pattern: str) -> None:
    """Feed relative names and bytes of the files under `folder` into `digest`, sorted."""
    digest.update(f"[{folder.name}]".encode())
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
        if "__pycache__" in path.parts:
            continue  # NOTE: bytecode differs per machine and says nothing about output
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")


def input_key(answers_sha: str, fingerprint: str) -> str:
    """The key an input's outputs are made from: its answers plus the templates and version."""
    return sha256_bytes(f"{answers_sha}\n{fingerprint}".encode())


@dataclass
class Manifest:
    """The manifest of one output folder; `entries[slug]` describes that slug's outputs."""

    path: Path
    entries: dict[str, dict] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # relative path -> sha256 written
    _by_answers: dict[str, str] | None = field(default=None, repr=False)

    @classmethod
    def load(cls, outdir: Path) -> Manifest:
        """Read the manifest of `outdir`; a missing or unreadable one means "nothing known"."""
        path = outdir / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)  # NOTE: a damaged manifest only costs a full regeneration
        if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
            return cls(path)
        entries = data.get("entries")
        files = data.get("files")
        return cls(path, entries if isinstance(entries, dict) else {},
                   files if isinstance(files, dict) else {})

    def slug_for_answers(self, answers_sha: str) -> str | None:
        """The slug recorded for these exact answers bytes (lets a re-run skip parsing)."""
        if self._by_answers is None:  # NOTE: one pass, not one per input (10,000-file folders)
            self._by_answers = {entry.get("answers_sha"): slug
                                for slug, entry in self.entries.items()
                                if entry.get("slug_version") == __version__}
        return self._by_answers.get(answers_sha)

    def stale_docs(self, slug: str, key: str, wanted: dict[str, list[str]],
                   kept: Container[str] = ()) -> list[str]:
        """The documents of `wanted` ({doc: [relative output paths]}) not up to date on disk.

        An output in `kept` (the user's now, see `owner_of`) counts as up to date: its
        document is not made again on its account.
        """
        entry = self.entries.get(slug) or {}
        if entry.get("key") != key:
            return list(wanted)
        recorded = entry.get("outputs") or {}
        outdir = self.path.parent
        return [doc for doc, rels in wanted.items()
                if not all(rel in kept or _unchanged(outdir / rel, recorded.get(rel))
                           for rel in rels)]

    def written_sha(self, rel: str) -> str | None:
        """The SHA-256 of what we last wrote at `rel` (relative to the folder), if we did."""
        if rel in self.files:
            return self.files[rel]
        # NOTE: a manifest from before `files` existed: its batch entries know their outputs
        for entry in self.entries.values():
            sha = (entry.get("outputs") or {}).get(rel)
            if sha:
                return sha
        return None

    def owner_of(self, path: Path) -> str | None:
        """Whose the file at an output path is: None when absent or exactly as we wrote it
        (ours to replace), "changed" when edited since, "foreign" when we never wrote it."""
        try:
            rel = Path(path).relative_to(self.path.parent).as_posix()
        except ValueError:
            rel = Path(path).as_posix()
        if not Path(path).is_file():
            return None
        recorded = self.written_sha(rel)
        if recorded is None:
            return "foreign"
        return None if _unchanged(Path(path), recorded) else "changed"

    def remember(self, outputs: dict[str, str]) -> None:
        """Note freshly written `outputs` ({relative path: sha256}); `save()` writes them down."""
        self.files.update(outputs)

    def compare_with(self, slug: str | None) -> str | None:
        """The `compare_with` the answers recorded for `slug` named (as typed), if any."""
        return (self.entries.get(slug) or {}).get("compare_with") if slug else None

    def record(self, slug: str, *, key: str, answers_sha: str, source: str,
               outputs: dict[str, str], compare_with: str | None = None) -> None:
        """Remember freshly written `outputs` ({relative path: sha256}) and save at once."""
        old = self.entries.get(slug) or {}
        # Outputs made from another key are stale; keep only those made from this one.
        merged = dict(old.get("outputs") or {}) if old.get("key") == key else {}
        merged.update(outputs)
        self._by_answers = None
        self.entries[slug] = {"key": key, "answers_sha": answers_sha, "slug_version": __version__,
                              "source": source, "outputs": dict(sorted(merged.items()))}
        if compare_with:
            # NOTE: a re-run that skips parsing these answers still hashes the file they name
            self.entries[slug]["compare_with"] = compare_with
        self.remember(outputs)
        self.save()

    def save(self) -> None:
        """Write the manifest atomically (a reader never sees half of it)."""
        data = {"format": MANIFEST_FORMAT, "tool_version": __version__,
                "files": dict(sorted(self.files.items())),
                "entries": dict(sorted(self.entries.items()))}
        write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _unchanged(path: Path, recorded_sha: str | None) -> bool:
    """True when `path` exists with exactly the recorded content."""
    if not recorded_sha:
        return False
    try:
        return sha256_file(path) == recorded_sha
    except OSError:
        return False


def remove_stale_temporaries(folder: Path) -> None:
    """Delete temp files a killed writer left (`atomic_path` names them `.NAME.XXXX.tmp`)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.startswith(".") and name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                (folder / name).unlink()
