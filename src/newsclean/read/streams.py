"""Input files as bounded byte streams: gzip is decompressed as it is read, in pieces, never past a limit.

Only regular files are read (a FIFO would block the run forever, a device never ends), and only up to the size
they had when opened: a file that grows while it is read (a crawler appending to a feed) is read as it was, and
its stat stamp has moved by then, so that the next run reads the rest.

Every failure to read becomes an `InputError` whose `reason` is the rejects code (`unreadable`, `bad_gzip`,
`too_large`), so that readers turn it into one Reject instead of an exception.
"""

from __future__ import annotations

import gzip
import os
import stat
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol

from newsclean.read.discover import InputFile, readable_name
from newsclean.safepath import is_under, opened_path
from newsclean.settings import Limits
from newsclean.vocab import Reason


class InputError(Exception):
    """Reading an input failed; `reason` is the rejects code and `detail` one sentence."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def describe(exc: BaseException) -> str:
    """An exception's message on one line, without a final full stop, to quote inside a sentence."""
    text = " ".join(str(exc).split())[:200].rstrip(".")
    return text or type(exc).__name__


def readable(path: str) -> str:
    """A path to quote in a detail sentence: valid Unicode, and short."""
    text = readable_name(path)
    return text if len(text) <= 200 else f"{text[:100]}...{text[-90:]}"


def as_clause(detail: str) -> str:
    """A detail sentence to follow a colon: its first letter in lower case."""
    return detail[:1].lower() + detail[1:]


class Source(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...

    def readline(self, size: int = -1, /) -> bytes: ...


class BoundedStream:
    """A file's bytes, gunzipped on the fly when `gzipped`. Reads are as large as asked and no larger (gzip
    output included), so memory stays bounded; past `cap` bytes in all, reading raises InputError too_large."""

    def __init__(self, handle: Source, *, gzipped: bool, cap: int | None) -> None:
        self._source: Source = gzip.GzipFile(fileobj=handle, mode="rb") if gzipped else handle
        self._cap = cap
        self._count = 0

    def read(self, size: int | None = -1) -> bytes:
        return self._counted(self._source.read, size)

    def readline(self, size: int | None = -1) -> bytes:
        return self._counted(self._source.readline, size)

    def tell(self) -> int:
        """Bytes delivered so far (decompressed)."""
        return self._count

    def _counted(self, method: Callable[[int], bytes], size: int | None) -> bytes:
        size = -1 if size is None else size
        if self._cap is not None:
            room = self._cap - self._count + 1  # one byte more than allowed tells "too large" from "exactly full"
            size = room if size < 0 else min(size, room)
        try:
            data = method(size)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            raise InputError(Reason.BAD_GZIP, f"The gzip data is broken ({describe(exc)}).") from exc
        except OSError as exc:
            raise InputError(
                Reason.UNREADABLE, f"The file could not be read: {exc.strerror or describe(exc)}."
            ) from exc
        self._count += len(data)
        if self._cap is not None and self._count > self._cap:
            raise InputError(
                Reason.TOO_LARGE, f"The file decompresses to more than the {self._cap:,}-byte limit per file."
            )
        return data


@contextmanager
def open_input(item: InputFile, limits: Limits) -> Iterator[BoundedStream]:
    """The file as a BoundedStream of its bytes up to its size when opened; `max_decompressed_bytes` caps gzip
    files (plain files are streamed and need no cap: their size is on disk already)."""
    handle, size = open_regular(item.path, item.root)
    with handle:
        cap = limits.max_decompressed_bytes if item.compressed else None
        yield BoundedStream(UpTo(handle, size), gzipped=item.compressed, cap=cap)


def open_regular(path: Path, root: Path | None = None) -> tuple[BinaryIO, int]:
    """An open regular file and its size, or InputError (`unreadable`, `outside_roots`). A symlink is
    followed only to a file under `root` (RAW_DIR): one that leads elsewhere is refused before anything
    outside is opened, and what was opened is checked again, so that a link swapped meanwhile is caught.
    Opened without blocking, so that a FIFO without a writer cannot hang the run, then checked to be a
    regular file before anything is read."""
    target = _resolved_inside(path, root)
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError as exc:
        raise InputError(Reason.UNREADABLE, f"The file could not be opened: {exc.strerror or describe(exc)}.") from exc
    try:
        _check_opened(fd, path, root)
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(Reason.UNREADABLE, f"The path is {_kind(info.st_mode)}, not a regular file.")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb"), info.st_size
    except BaseException:
        os.close(fd)
        raise


def _resolved_inside(path: Path, root: Path | None) -> str:
    """`path` with its symlinks resolved, or InputError `outside_roots` when that leaves `root`."""
    target = os.path.realpath(path)
    if root is not None and not is_under(target, root):
        raise InputError(Reason.OUTSIDE_ROOTS, f"The file is a symbolic link to {readable(target)}, outside RAW_DIR.")
    return target


def _check_opened(fd: int, path: Path, root: Path | None) -> None:
    """What the open reached, read back from the kernel (Linux): a folder on the way swapped for a symlink
    after the check above still cannot lead the read outside RAW_DIR."""
    opened = opened_path(fd)
    if root is not None and opened is not None and not is_under(opened, root):
        raise InputError(Reason.OUTSIDE_ROOTS, f"{readable(str(path))} led outside RAW_DIR, to {readable(opened)}.")


_KINDS: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "something else")


class UpTo:
    """The first `size` bytes of a file: what it held when it was opened, however much it grows meanwhile."""

    def __init__(self, handle: BinaryIO, size: int) -> None:
        self._handle = handle
        self._left = size

    def read(self, size: int = -1, /) -> bytes:
        return self._take(self._handle.read, size)

    def readline(self, size: int = -1, /) -> bytes:
        return self._take(self._handle.readline, size)

    def _take(self, method: Callable[[int], bytes], size: int) -> bytes:
        size = self._left if size < 0 else min(size, self._left)
        data = method(size) if size > 0 else b""
        self._left -= len(data)
        return data


def read_at_most(stream: BoundedStream, limit: int) -> bytes | None:
    """All of the stream's bytes, or None when there are more than `limit` (never holding more than limit + 1)."""
    data = stream.read(limit + 1)
    return None if len(data) > limit else data
