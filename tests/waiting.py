"""Waiting on a condition, never for a time: a test waits until what it needs has happened
(a server answers, a file is written, a process is gone, a request is held) and fails, saying
what it waited for, if that has not happened by a deadline. No test sleeps for a fixed time
to let something happen (tests/test_tests_can_fail.py refuses `time.sleep`,
`wait_for_timeout` and `asyncio.sleep` outside this module).

A browser condition the page itself can answer is waited on in the page (Playwright's
`wait_for_function`, `wait_for_selector`, `expect`, or conftest's `settle`); these are for a
condition only Python can read."""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def until(condition: Callable[[], T], what: str, timeout: float = 30.0, every: float = 0.05,
          ignoring: tuple[type[BaseException], ...] = ()) -> T:
    """Call `condition` every `every` seconds until it gives a true value, and return that
    value; fail naming `what` once `timeout` seconds have passed. An error of one of the
    `ignoring` kinds (a server not listening yet: OSError) counts as not yet."""
    deadline = time.monotonic() + timeout
    while True:
        value: T | None
        try:
            value = condition()
        except ignoring:
            value = None
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}; it never happened")
        time.sleep(every)


def until_in_page(page: Any, condition: Callable[[], T], what: str, timeout: float = 30.0, every_ms: int = 50) -> T:
    """`until` for a condition read from Python while a Playwright page runs (a route held,
    a branch committed, a frame's text): the pause between reads is the page's own, so its
    events (requests, routes, dialogs) are handled while the test waits."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"waited {timeout:g} s for {what}; it never happened")
        page.wait_for_timeout(every_ms)


def nothing_happens_for(page: Any, milliseconds: int, watching_for: str) -> None:
    """The one deliberate wait of a fixed time: for a test whose point is that something does
    NOT happen (a dialog, a request to another origin, a navigation, an element made from
    text). No event comes to say that nothing came, so the page is given `milliseconds` to do
    the wrong thing; what would show it (the dialog or request listeners, the page state read
    next) is named in `watching_for` at every use."""
    assert watching_for, "say what the wait gives the page time to do wrongly"
    page.wait_for_timeout(milliseconds)
