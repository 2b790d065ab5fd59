"""Bounds on one record's cost, so that no input can hang a batch: cheap checks of the markup before it is
parsed, and a time limit on the whole of a record's cleaning.

The markup checks run before the parse because the parsers are where hostile markup costs most: lexbor
takes 20 s over 100,000 nested <div>s (its cost grows with the square of the depth), and libxml2, under
trafilatura, drops everything below a depth of 256 anyway.
"""

from __future__ import annotations

import ctypes
import os
import random
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate

from newsclean.settings import Limits
from newsclean.vocab import Reason


class OverLimit(Exception):
    """A record over one of the limits; `reason` is the rejects code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class RecordTimeout(BaseException):
    """Raised inside a record's cleaning when it runs out of time. A BaseException, so that the broad
    `except Exception` of the libraries it passes through does not swallow it."""


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]{0,30})")
# Elements that never have an end tag: they open nothing.
_VOID = frozenset("area base br col embed hr img input link meta source track wbr param keygen frame".split())


def check_markup(html: str, limits: Limits) -> None:
    """Raise OverLimit for a page with too many tags, nested deeper than the limit, or whose elements hold
    more attributes than the parsers can go through in bounded time."""
    opening = html.count("<")
    if opening > limits.max_html_tags:
        raise OverLimit(
            Reason.TOO_MANY_TAGS, f"The page has {opening:,} tags or more; the limit is {limits.max_html_tags:,}."
        )
    if opening > limits.max_dom_depth:  # fewer tags than that cannot nest that deep: skip the scan
        depth = nesting_depth(html)
        if depth > limits.max_dom_depth:
            raise OverLimit(Reason.TOO_DEEP, f"Tags nest {depth:,} deep; the limit is {limits.max_dom_depth:,}.")
    pairs, most = attribute_pairs(html)
    if pairs > limits.max_attribute_pairs:
        raise OverLimit(
            Reason.TOO_MANY_ATTRIBUTES,
            f"The page's elements hold {pairs:,} pairs of attributes (one holds {most:,} attributes); the limit"
            f" is {limits.max_attribute_pairs:,}.",
        )


# A start tag as the HTML tokenizer reads it, to its `>`: a quote opens a value only after `=` (elsewhere it
# is part of a name: `a"b`), and an unclosed quoted value runs to the end of the page, as in a browser. A
# comment, and the text of <script> and <style> (whose `<` open no tag), are taken whole. Possessive
# quantifiers throughout, and alternatives that begin with different characters: nothing is scanned twice.
_TAG_REST = r"""(?:[^"'=>]++|=\s*+(?:"[^"]*+"?|'[^']*+'?)?|["'])*+"""
_START_TAGS = re.compile(
    r"<!--(?:[^-]++|-(?!->))*+(?:-->)?"  # a comment
    rf"|(<(?:(script|style)(?![^\s/>])|[a-zA-Z]){_TAG_REST})"  # a start tag (group 1)
    r"(?(2)>?(?:[^<]++|<(?!/\2))*+)",  # after <script> or <style>: the text up to its end tag
    re.IGNORECASE,
)
_ATTRIBUTE_VALUE = re.compile(r"""=\s*+(?:"[^"]*+"?|'[^']*+'?|[^\s>]*+)""")
_NAME = re.compile(r"[^\s/]++")
_SHORT_TAG = 64  # characters: a tag this short holds at most 31 attributes, and is not counted


def attribute_pairs(html: str) -> tuple[int, int]:
    """(pairs of attributes within one element, summed over the page; the most attributes of one element).
    The parsers compare each new attribute of an element with those before it (lexbor, libxml2): one <div>
    with 200,000 attributes held lexbor for minutes in one call that no time limit can cut short. Tags of
    up to `_SHORT_TAG` characters are not counted: their cost is bounded by the tag limit."""
    pairs = most = 0
    for tag, _raw in _START_TAGS.findall(html):
        if len(tag) > _SHORT_TAG:
            n = len(_NAME.findall(_ATTRIBUTE_VALUE.sub(" ", tag))) - 1  # the names left, less the tag's own
            pairs += n * (n - 1) // 2
            most = max(most, n)
    return pairs, most


def nesting_depth(html: str) -> int:
    """The deepest nesting of tags as written: start tags open, end tags close, void elements do neither.
    Tags closed implicitly (an unclosed <p>, <li>) count as open, so this can only overestimate."""
    steps = (-1 if end else 1 for end, name in _TAG.findall(html) if name.lower() not in _VOID)
    return max(accumulate(steps), default=0)


_REARM_SECONDS = (0.002, 0.02)  # at random in between: a loop cannot keep in step with it


@dataclass
class _Watch:
    thread_id: int
    due: float  # monotonic time the next RecordTimeout is set at
    fired: bool = False


class _Watchdog:
    """One thread per process that enforces every time limit of that process: entering and leaving a limited
    block costs a dictionary update under a lock, not a thread start (a thread per record cost 0.35 ms)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.watches: dict[int, _Watch] = {}
        self.wake = threading.Event()
        self.thread: threading.Thread | None = None
        self.pid = 0
        self.next_check = 0.0  # monotonic time the thread looks at the watches next

    def watch(self, seconds: float) -> None:
        """Watch the calling thread from now. The thread is woken only when this limit falls due before
        its next look (it looks at least once a second): waking it for every record handed the GIL to it
        and back, which cost more than the record's own hashing."""
        entry = _Watch(threading.get_ident(), time.monotonic() + seconds)
        with self.lock:
            self.watches[entry.thread_id] = entry
            started = self._ensure_running()
            wake = started or entry.due < self.next_check
        if wake:
            self.wake.set()

    def release(self) -> None:
        """Stop watching the calling thread (whether or not `watch` returned: its exception may have landed
        just after it registered)."""
        with self.lock:
            entry = self.watches.pop(threading.get_ident(), None)
            if entry is not None and entry.fired:
                _set_async_exc(entry.thread_id, None)  # not raised yet (the block ended first): withdraw it

    def _ensure_running(self) -> bool:
        """Start the thread unless it runs in this process; whether it was started."""
        if self.pid == os.getpid() and self.thread is not None and self.thread.is_alive():
            return False
        self.pid = os.getpid()  # none yet, or this is a forked child, which has no threads
        self.thread = threading.Thread(target=self._run, name="newsclean-time-limits", daemon=True)
        self.thread.start()
        return True

    def _run(self) -> None:
        while True:
            self.wake.wait(self._fire_due())
            self.wake.clear()

    def _fire_due(self) -> float:
        """Set RecordTimeout on every thread past its limit, again every few ms until its block ends (one
        raised inside a gc callback or a destructor is dropped by Python); return the seconds to sleep."""
        now, sleep = time.monotonic(), _IDLE_SECONDS
        with self.lock:
            for entry in self.watches.values():
                if entry.due <= now:
                    entry.fired = True
                    _set_async_exc(entry.thread_id, RecordTimeout)
                    entry.due = now + random.uniform(*_REARM_SECONDS)
                sleep = min(sleep, entry.due - now)
            sleep = max(sleep, 0.0)
            self.next_check = now + sleep
        return sleep


_WATCHDOG = _Watchdog()
_IDLE_SECONDS = 1.0


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise RecordTimeout in this thread if the block runs longer than `seconds` (None: no limit).

    The process's watchdog thread sets an asynchronous exception on this thread, which Python raises at its
    next bytecode: this works in any thread (Dask runs tasks in worker threads, where signals cannot reach),
    but cannot cut short one long call into C code; the markup and size limits bound those. The watch starts
    inside the `try`, so the exception can only land where the `finally` withdraws one the block's end beat."""
    if seconds is None:
        yield
        return
    try:
        _WATCHDOG.watch(seconds)
        yield
    finally:
        _WATCHDOG.release()


def _set_async_exc(thread_id: int, exception: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )
