"""One function run in a forked process while this one goes on: the answer finder's index beside page rendering.

Building the finder's index (V8, seconds at company size) and rendering the
pages (Jinja2, seconds) need nothing of each other, and page rendering keeps
one core busy: the index is built on another. Where forking is not safe (no
fork, or other threads whose locks a child would inherit held) or the child
fails, the function runs here instead when its result is asked for, so an
error is raised as it would be without the fork; JOURNEYBOOK_WORKERS=1 runs
it here too.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def start(function: Callable[..., T], *args: object) -> Callable[..., T | None]:
    """Begin `function(*args)` in a child process; the returned callable waits for it and gives its result
    (called with `cancel=True`, it stops the child instead: the caller failed and wants nothing; after the
    result was taken, that does nothing)."""
    one = os.environ.get("JOURNEYBOOK_WORKERS", "").strip() == "1"  # engine.WORKERS_VARIABLE: no forking at all
    if one or not hasattr(os, "fork") or threading.active_count() > 1:
        return _once(lambda cancel=False: None if cancel else function(*args))
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running the parent's cleanup
        os.close(reader)
        code = 0
        try:
            data = pickle.dumps(function(*args), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 — the parent runs it again and raises it there
            data, code = b"", 1
        try:
            with os.fdopen(writer, "wb") as out:
                out.write(data)
        finally:
            os._exit(code)
    os.close(writer)

    def result(cancel: bool = False) -> T | None:
        if cancel:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(reader)
            return None
        with os.fdopen(reader, "rb") as stream:
            data = stream.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not data:
            return function(*args)
        return pickle.loads(data)

    return _once(result)


def _once(result: Callable[..., T | None]) -> Callable[..., T | None]:
    """`result`, taken once: waited for or stopped already, cancelling again is nothing, asking again a mistake."""
    taken = False

    def once(cancel: bool = False) -> T | None:
        nonlocal taken
        if taken:
            if cancel:
                return None
            raise RuntimeError("the forked result was taken already")
        taken = True
        return result(cancel)

    return once
