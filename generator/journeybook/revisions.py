"""The playbook at a git revision: `git archive` into a temporary folder, checked with the ordinary pipeline.

Used by `journeybook diff` and `check --new-since`. A revision is written `REV` (the playbook at the same
place as in the working tree) or `REV:path` (the playbook in the folder `path` of that revision, relative to
the repository's top); no revision means the working tree. Anything git cannot give us is a RevisionError
(exit 2): a revision that fails to load is an error, never "no changes".
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

import click

from .check import CheckResult, SettingsError, run_check
from .diff import Change, compare
from .entities import Snapshot, snapshot
from .history import last_changes

DEFAULT_BRANCHES = ("main", "master", "trunk", "develop")


class RevisionError(click.ClickException):
    """A revision or folder git cannot give us: exit 2."""

    exit_code = 2


@dataclass(frozen=True)
class Revision:
    """Where a playbook is: `rev` None is the working tree; `path` is relative to the repository's top."""

    repo: Path
    rev: str | None
    path: str

    @property
    def label(self) -> str:
        where = self.path or "."
        return f"{self.rev}:{where}" if self.rev else f"working tree ({where})"


def git(repo: Path, *args: str) -> bytes:
    """Run git in `repo`; a failure becomes a RevisionError with git's own words."""
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=300, check=False)
    except OSError as error:
        raise RevisionError(f"cannot run git: {error.strerror or error}") from None
    except subprocess.TimeoutExpired:
        raise RevisionError(f"git {args[0]} took more than 5 minutes") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(f"git {' '.join(args[:2])} failed: {said[-1] if said else done.returncode}")
    return done.stdout


def locate(source: Path) -> tuple[Path, str]:
    """The repository holding the folder `source`, and `source` relative to its top. A folder missing from the
    working tree is looked for in the repository of the current directory (revisions may still have it)."""
    where = source if source.is_dir() else Path.cwd()
    try:
        top = Path(git(where, "rev-parse", "--show-toplevel").decode().strip())
    except RevisionError:
        raise RevisionError(f"{where} is not inside a git repository, so it has no revisions to compare") from None
    relative = Path(os.path.realpath(source)).relative_to(os.path.realpath(top)).as_posix()
    return top, "" if relative == "." else relative


def parse(spec: str | None, repo: Path, default_path: str) -> Revision:
    """`REV`, `REV:path`, or None (the working tree) → a Revision whose commit exists."""
    if spec is None:
        return Revision(repo, None, default_path)
    rev, colon, path = spec.partition(":")
    if not rev:
        raise RevisionError(f"{spec!r} names no revision; write REV or REV:path, e.g. main:playbooks")
    path = PurePosixPath(path).as_posix().strip("/") if colon else default_path
    if path == ".":
        path = ""
    try:
        git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except RevisionError:
        raise RevisionError(f"{rev!r} is not a commit, branch or tag of {repo}") from None
    return Revision(repo, rev, path)


def default_base(repo: Path) -> str:
    """The merge-base of HEAD with the default branch: what a pull request would be compared with."""
    candidates = []
    if os.environ.get("GITHUB_BASE_REF"):  # GitHub Actions, in a pull request
        candidates.append(f"origin/{os.environ['GITHUB_BASE_REF']}")
    with contextlib.suppress(RevisionError):
        candidates.append(git(repo, "symbolic-ref", "--short", "refs/remotes/origin/HEAD").decode().strip())
    candidates += [f"origin/{name}" for name in DEFAULT_BRANCHES] + list(DEFAULT_BRANCHES)
    for branch in candidates:
        with contextlib.suppress(RevisionError):
            return git(repo, "merge-base", "HEAD", branch).decode().strip()
    raise RevisionError(
        "cannot tell the default branch to compare with (no origin/HEAD, main or master); give BASE, "
        "e.g. `journeybook diff origin/main`"
    )


def load(revision: Revision, today: date | None = None) -> CheckResult:
    """Check the playbook at `revision`. The working tree is checked in place; a commit is extracted first."""
    with extracted(revision) as folder:
        try:
            if revision.rev is None:
                return run_check(folder, today)
            dates = last_changes(revision.repo / revision.path, revision.rev)
            return run_check(folder, today, file_dates=dates or {})
        except SettingsError as error:
            raise RevisionError(
                f"the playbook at {revision.label} cannot be checked: {error.format_message()}"
            ) from None


@contextlib.contextmanager
def extracted(revision: Revision) -> Iterator[Path]:
    """The playbook folder of `revision`: the working tree's own, or a temporary copy of the commit's."""
    if revision.rev is None:
        folder = revision.repo / revision.path
        if not folder.is_dir():
            raise RevisionError(f"the playbook folder {folder} does not exist")
        yield folder
        return
    tree = f"{revision.rev}:{revision.path}" if revision.path else f"{revision.rev}^{{tree}}"
    try:
        kind = git(revision.repo, "cat-file", "-t", tree).decode().strip()
    except RevisionError:
        kind = ""
    if kind != "tree":
        raise RevisionError(
            f"there is no folder {revision.path or '.'} at {revision.rev}; if the playbook was elsewhere then, "
            f"write {revision.rev}:<folder>"
        )
    data = git(revision.repo, "archive", "--format=tar", tree)
    with tempfile.TemporaryDirectory(prefix="journeybook-rev-") as temporary:
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            archive.extractall(temporary, filter="data")
        yield Path(temporary)


def load_pair(base: Revision, head: Revision, today: date, work: Callable) -> tuple:
    """`work(load(revision, today))` for both revisions, the base in a forked process alongside the head (so a
    diff costs about one check on two cores); one after the other where fork is unavailable or
    JOURNEYBOOK_WORKERS=1."""
    parallel = os.environ.get("JOURNEYBOOK_WORKERS") != "1" and "fork" in multiprocessing.get_all_start_methods()
    if not parallel:
        return _work(base, today, work), _work(head, today, work)
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        future = pool.submit(_work, base, today, work)
        after = _work(head, today, work)
        return future.result(), after


def _work(revision: Revision, today: date, work: Callable):
    return work(load(revision, today), revision)


def _snapshot(result: CheckResult, revision: Revision) -> Snapshot:
    return snapshot(result, revision.path)


def revisions(source: Path, base: str | None, head: str | None) -> tuple[Revision, Revision]:
    """BASE and HEAD as the user wrote them; BASE defaults to the merge-base with the default branch, HEAD to
    the working tree, and a revision without `:path` means the folder `source` is at."""
    repo, path = locate(source)
    base_revision = parse(base, repo, path) if base else Revision(repo, default_base(repo), path)
    return base_revision, parse(head, repo, path)


def diff(source: Path, base: str | None, head: str | None, today: date) -> tuple[list[Change], Revision, Revision]:
    """The changes from BASE to HEAD (see diff.py), and the two revisions compared."""
    before_revision, after_revision = revisions(source, base, head)
    before, after = load_pair(before_revision, after_revision, today, _snapshot)
    return compare(before, after), before_revision, after_revision
