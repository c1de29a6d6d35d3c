"""forked.start: a function's result from a child process, the same error as without it, nothing left running."""

from __future__ import annotations

import os
import time

import pytest

from journeybook import forked


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def _fails() -> None:
    raise ValueError("bad playbook")


def test_the_result_comes_from_another_process() -> None:
    pid, doubled = forked.start(_pid_and, 21)()
    assert doubled == 42
    assert pid != os.getpid()


def test_a_failing_function_raises_its_own_error_here() -> None:
    with pytest.raises(ValueError, match="bad playbook"):
        forked.start(_fails)()


def test_a_cancelled_child_is_stopped_not_waited_for() -> None:
    started = time.monotonic()
    assert forked.start(time.sleep, 60)(cancel=True) is None  # killed and reaped: no minute-long wait
    assert time.monotonic() - started < 30
