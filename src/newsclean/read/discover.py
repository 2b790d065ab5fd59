"""Find the input files under RAW_DIR and name their documents per the contract's `doc_id` rule."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsclean import globs
from newsclean.model import SourceFormat

# Longest suffix chains first: the first that ends a file name decides its format.
_SUFFIXES: tuple[tuple[str, SourceFormat], ...] = (
    (".html.gz", "html"),
    (".htm.gz", "html"),
    (".jsonl.gz", "jsonl"),
    (".warc.gz", "warc"),
    (".txt", "txt"),
    (".html", "html"),
    (".htm", "html"),
    (".jsonl", "jsonl"),
    (".warc", "warc"),
)


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path  # absolute
    relpath: str  # relative to RAW_DIR, with forward slashes: the `source` column
    source_format: SourceFormat
    doc_id: str  # the file's doc_id; records inside a container append `#...`
    compressed: bool
    shadowed_by: str | None = None  # another file of this folder that names the same document, read instead
    stamp: tuple[int, int, int, int] | None = None  # size, mtime_ns, ctime_ns, inode; None when stat failed


def stamp_of(path: Path) -> tuple[int, int, int, int] | None:
    """The stat fields that move when a file is written, replaced or touched (as git's index uses them)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def classify(relpath: str) -> tuple[SourceFormat, str, bool] | None:
    """(format, doc_id, gzip-compressed) for an input file name, or None when it is not an input."""
    lower = relpath.lower()
    for suffix, source_format in _SUFFIXES:
        if lower.endswith(suffix):
            return source_format, relpath[: -len(suffix)], suffix.endswith(".gz")
    return None


def doc_id_for(relpath: str) -> str | None:
    found = classify(relpath)
    return found[1] if found else None


def discover(raw_dir: Path, pattern: str | None = None, exclude: Path | None = None) -> Iterator[InputFile]:
    """Input files under `raw_dir` in a stable order. Hidden files and folders are skipped, symlinked
    folders are not followed (no loops), and `exclude` (an output folder inside RAW_DIR) is left out.
    Two files of a folder that name the same document (`a.html`, `a.txt`): the first in name order is
    read, the other comes with `shadowed_by` set (it becomes a `duplicate_id` reject)."""
    root = raw_dir.resolve()
    skip = exclude.resolve() if exclude else None
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and here / d != skip)
        first_of: dict[str, str] = {}
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = here / name
            relpath = path.relative_to(root).as_posix()
            found = classify(relpath)
            if found is None or (pattern and not globs.matches(relpath, pattern)):
                continue
            source_format, doc_id, compressed = found
            first = first_of.setdefault(doc_id, relpath)
            shadowed_by = None if first == relpath else first
            yield InputFile(path, relpath, source_format, doc_id, compressed, shadowed_by, stamp_of(path))
