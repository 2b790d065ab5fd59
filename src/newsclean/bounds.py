"""Bounds on one record's cost, so that no input can hang a batch: cheap checks of the markup before it is
parsed, and a time limit on the whole of a record's cleaning.

The markup checks run before the parse because the parsers are where hostile markup costs most: lexbor
takes 20 s over 100,000 nested <div>s (its cost grows with the square of the depth), and libxml2, under
trafilatura, drops everything below a depth of 256 anyway.
"""

from __future__ import annotations

import ctypes
import random
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import accumulate

from newsclean.settings import Limits


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
    """Raise OverLimit for a page with too many tags, or nested deeper than the limit."""
    opening = html.count("<")
    if opening > limits.max_html_tags:
        raise OverLimit(
            "too_many_tags", f"The page has {opening:,} tags or more; the limit is {limits.max_html_tags:,}."
        )
    if opening > limits.max_dom_depth:  # fewer tags than that cannot nest that deep: skip the scan
        depth = nesting_depth(html)
        if depth > limits.max_dom_depth:
            raise OverLimit("too_deep", f"Tags nest {depth:,} deep; the limit is {limits.max_dom_depth:,}.")


def nesting_depth(html: str) -> int:
    """The deepest nesting of tags as written: start tags open, end tags close, void elements do neither.
    Tags closed implicitly (an unclosed <p>, <li>) count as open, so this can only overestimate."""
    steps = (-1 if end else 1 for end, name in _TAG.findall(html) if name.lower() not in _VOID)
    return max(accumulate(steps), default=0)


_REARM_SECONDS = (0.002, 0.02)  # at random in between: a loop cannot keep in step with it


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise RecordTimeout in this thread if the block runs longer than `seconds` (None: no limit).

    A watcher thread sets an asynchronous exception on this thread, which Python raises at its next
    bytecode: this works in any thread (Dask runs tasks in worker threads, where signals cannot reach),
    but cannot cut short one long call into C code; the markup and size limits bound those.

    The clock starts once the watcher runs and the block is entered, never before: the exception can only
    land inside the `try` whose `finally` withdraws one that the block's end beat to it (starting a thread
    can take longer than a short limit on a busy machine, and an exception raised while starting it escaped).
    Until the block ends, the exception is set again every few ms: one raised inside a gc callback, a destructor
    or a weakref callback is printed and dropped by Python, and the block would run on unbounded."""
    if seconds is None:
        yield
        return
    target, lock = threading.get_ident(), threading.Lock()
    entered, done, fired = threading.Event(), threading.Event(), threading.Event()

    def watch() -> None:
        entered.wait()
        wait = seconds
        while not done.wait(wait):
            with lock:
                if done.is_set():
                    return
                fired.set()
                _set_async_exc(target, RecordTimeout)
            wait = random.uniform(*_REARM_SECONDS)

    threading.Thread(target=watch, name="newsclean-time-limit", daemon=True).start()
    try:
        entered.set()
        yield
    finally:
        with lock:
            done.set()
            if fired.is_set():
                _set_async_exc(target, None)  # not raised yet (the block ended first): withdraw it


def _set_async_exc(thread_id: int, exception: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )
