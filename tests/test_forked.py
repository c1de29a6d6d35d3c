"""forked.start: a function's result from a child process, the same error as without it, nothing left running.

Run in a fresh interpreter: pytest-xdist's worker threads make `start` (rightly) compute in-process instead.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import ROOT
from journeybook import forked

SCRIPT = """
import os, time
from journeybook import forked

def pid_and(value):
    return os.getpid(), value * 2

pid, doubled = forked.start(pid_and, 21)()
print(doubled, pid != os.getpid())
started = time.monotonic()
print(forked.start(time.sleep, 60)(cancel=True), time.monotonic() - started < 30)
try:
    os.waitpid(-1, os.WNOHANG)
except ChildProcessError:
    print("no child left")
"""


def test_the_result_comes_from_a_child_that_is_gone_afterwards_and_cancelling_stops_it() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "generator")}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["42 True", "None True", "no child left"]


def _fails() -> None:
    raise ValueError("bad playbook")


def test_a_failing_function_raises_its_own_error_here() -> None:
    with pytest.raises(ValueError, match="bad playbook"):
        forked.start(_fails)()
