"""Find the input files under RAW_DIR and name their documents per the contract's `doc_id` rule.

The walk never follows a symlinked folder (no loops, nothing outside RAW_DIR), and reports the folders it
cannot list (no permission, a path over the system's limit, an I/O error) instead of skipping them in
silence: the files in them are not gone, and `--prune` must not drop their rows.
"""

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
    relpath: str  # relative to RAW_DIR, with forward slashes: the `source` column (see `readable_name`)
    source_format: SourceFormat
    doc_id: str  # the file's doc_id; records inside a container append `#...`
    compressed: bool
    shadowed_by: str | None = None  # another file of this folder that names the same document, read instead
    stamp: tuple[int, int, int, int] | None = None  # size, mtime_ns, ctime_ns, inode; None when stat failed

    @property
    def root(self) -> Path:
        """RAW_DIR: every file a reader opens for this input must resolve under it."""
        return self.path.parents[self.relpath.count("/")]


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A folder under RAW_DIR the walk could not list: its files are neither read nor gone."""

    relpath: str  # relative to RAW_DIR, as `readable_name` writes it ("" for RAW_DIR itself)
    error: str  # the system's reason, e.g. "Permission denied"


def stamp_of(path: Path) -> tuple[int, int, int, int] | None:
    """The stat fields that move when a file is written, replaced or touched (as git's index uses them)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def readable_name(relpath: str) -> str:
    """A path as valid Unicode: bytes of a file name that are not UTF-8 (which Python holds as lone
    surrogates, and Parquet cannot store) are written as `\\xNN`. Stable: the same name always gives the
    same text, so such a file keeps its doc_id from run to run. (A name holding a literal `\\xff` beside one
    holding the byte gives the same text: the second in name order is a `duplicate_id` reject, and the two
    share one source path.)"""
    try:
        relpath.encode("utf-8")
        return relpath
    except UnicodeEncodeError:
        return os.fsencode(relpath).decode("utf-8", "backslashreplace")


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


def discover(
    raw_dir: Path, pattern: str | None = None, exclude: Path | None = None, unreadable: list[Unreadable] | None = None
) -> Iterator[InputFile]:
    """Input files under `raw_dir` in a stable order. Hidden files and folders are skipped, symlinked
    folders are not followed (no loops), and `exclude` (an output folder inside RAW_DIR) is left out.
    Folders that cannot be listed are appended to `unreadable` as the walk meets them.
    Two files of a folder that name the same document (`a.html`, `a.txt`): the first in name order is
    read, the other comes with `shadowed_by` set (it becomes a `duplicate_id` reject)."""
    root = raw_dir.resolve()
    skip = exclude.resolve() if exclude else None
    for here, names in _walk(root, skip, unreadable if unreadable is not None else []):
        first_of: dict[str, str] = {}
        for name in names:
            path = here / name
            relpath = readable_name(path.relative_to(root).as_posix())
            found = classify(relpath)
            if found is None or (pattern and not globs.matches(relpath, pattern)):
                continue
            source_format, doc_id, compressed = found
            first = first_of.setdefault(doc_id, name)  # by name: two names can escape to one relpath
            shadowed_by = None if first == name else readable_name(first)
            yield InputFile(path, relpath, source_format, doc_id, compressed, shadowed_by, stamp_of(path))


def _walk(root: Path, skip: Path | None, unreadable: list[Unreadable]) -> Iterator[tuple[Path, list[str]]]:
    """(folder, sorted names of its visible non-folder entries), depth first in name order, as os.walk
    gives them; but a folder that cannot be listed is recorded, not skipped silently as os.walk does."""
    stack = [root]
    while stack:
        here = stack.pop()
        try:
            folders, others = _list(here)
        except OSError as exc:
            relpath = here.relative_to(root).as_posix()
            unreadable.append(Unreadable(readable_name("" if relpath == "." else relpath), _why(exc)))
            continue
        yield here, others
        stack += [here / d for d in reversed(folders) if here / d != skip]


def _list(folder: Path) -> tuple[list[str], list[str]]:
    """(sub-folders, other entries) of a folder, hidden ones left out, in name order. A symlink to a
    folder is an `other` entry: it is not walked, and the readers refuse it if it names an input."""
    folders, others = [], []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            (folders if entry.is_dir(follow_symlinks=False) else others).append(entry.name)
    return sorted(folders), sorted(others)


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__
