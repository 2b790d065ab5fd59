"""Bounds on one record's cost, so that no input can hang a batch: cheap checks of the markup before it is
parsed, and a time limit on the whole of a record's cleaning.

The markup checks run before the parse because the parsers are where hostile markup costs most: lexbor
takes 20 s over 100,000 nested <div>s (its cost grows with the square of the depth), and libxml2, under
trafilatura, drops everything below a depth of 256 anyway.
"""

from __future__ import annotations

import ctypes
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


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise RecordTimeout in this thread if the block runs longer than `seconds` (None: no limit).

    A timer thread sets an asynchronous exception on this thread, which Python raises at its next
    bytecode: this works in any thread (Dask runs tasks in worker threads, where signals cannot reach),
    but cannot cut short one long call into C code; the markup and size limits bound those."""
    if seconds is None:
        yield
        return
    target, lock, fired = threading.get_ident(), threading.Lock(), threading.Event()
    active = True

    def expire() -> None:
        with lock:
            if active:
                fired.set()
                _set_async_exc(target, RecordTimeout)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            active = False
            if fired.is_set():
                _set_async_exc(target, None)  # not raised yet (the block ended first): withdraw it


def _set_async_exc(thread_id: int, exception: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )
