"""forked.start: a function's result from a child process, the same error as without it, nothing left running.

Run in a fresh interpreter: pytest-xdist's worker threads make `start` (rightly) compute in-process instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

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


def test_taking_a_result_twice_is_a_mistake_and_cancelling_after_it_is_nothing() -> None:
    result = forked.start(_double, 4)
    assert result() == 8
    assert result(cancel=True) is None
    with pytest.raises(RuntimeError, match="taken already"):
        result()


def _double(value: int) -> int:
    return value * 2


REFUSED_BUILD = """
import os, sys
from journeybook.cli import main
try:
    main(["build", sys.argv[1], "--site-dir", sys.argv[2]], standalone_mode=False)
except SystemExit:
    pass
try:
    print(os.waitpid(-1, os.WNOHANG))
except ChildProcessError:
    print("no child left")
"""


def test_a_refused_build_stops_the_finder_it_began_during_the_check(tmp_path: Path) -> None:
    """The finder's index is begun on another core once the model is built; a build refused for errors stops it."""
    source = tmp_path / "repo" / "playbooks"
    shutil.copytree(ROOT / "playbooks", source)
    (source / "journeys" / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "generator")}
    command = [sys.executable, "-c", REFUSED_BUILD, str(source), str(tmp_path / "site")]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert "Not publishing" in done.stderr and "broken.yaml:1" in done.stderr
    assert done.stdout.splitlines()[-1] == "no child left"
    assert not (tmp_path / "site").exists()
