"""Time `journeybook check`, `build` and `serve` on playbooks of three sizes, and plain MkDocs beside them.

Why: a playbook grows with the organisation; the site must not get slower
per page, bigger per page or harder to search as it grows. This script
measures, at each size, the commands a person runs:

- `check` and `build` (the whole command, from start to exit);
- `serve`: the first build, then one edit to one YAML file and the time from
  saving it to the browser being told to reload (MkDocs' livereload long-poll
  answers), checked by fetching the edited page;
- the same rendered docs folder built with plain `mkdocs build` and a naive
  configuration (automatic navigation listing every page, no pruning), to show
  what journeybook's short navigation and search settings save. Naive builds
  grow with the square of the playbook, so they run only at the sizes listed
  in --naive (S and M by default) and the table says so.

Every command runs as a child process; its peak memory is the child's
ru_maxrss from os.wait4, and CPU seconds are its user + system time (on a
busy machine wall time varies, CPU time much less).

Sizes: S is the example playbook in playbooks/ (with the repository's docs/
and mkdocs.yml), M and L come from generate.py (seed 1).

Usage:
    python benchmarks/run.py                       # S, M and L; naive at S and M
    python benchmarks/run.py --sizes S,M --naive S
    python benchmarks/run.py --browser             # also time the answer finder in Chromium (finder_timing.py)
    python benchmarks/run.py --work /tmp/jb-bench  # keep playbooks and sites there
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
TODAY = "2026-11-23"  # generated review dates fall in 2027–2028, so every size checks clean on this day
SIZES = ("S", "M", "L", "2L")  # 2L: twice L, for the linearity check (not run by default)
STEPS = ("check", "build", "engines", "serve")
EDIT_MARK = "Benchmark edit: we call you back within the hour."
NAIVE_CONFIG = """\
# The naive way: Material with its default navigation (every page listed, in every page) and no pruning.
site_name: Naive playbook
theme:
  name: material
  font: false
  features: [navigation.tabs, navigation.indexes, search.suggest, search.highlight]
plugins: [search]
markdown_extensions: [admonition, attr_list, md_in_html, tables, {toc: {permalink: true}}]
extra_css: [assets/journeybook/journeybook.css]
"""


@dataclass
class Run:
    """One child process: what it cost."""

    label: str
    wall: float
    cpu: float
    peak_mb: float  # the largest single process (ru_maxrss)
    code: int
    output: str = ""
    tree_mb: float = 0.0  # the most the process and its workers held at once (sampled proportional set size)


@dataclass
class Site:
    """What a built site folder holds."""

    pages: int = 0
    bytes: int = 0
    html_bytes: int = 0
    largest_page: int = 0
    largest_path: str = ""
    index_bytes: int = 0


@dataclass
class Row:
    size: str
    step: str
    run: Run | None
    site: Site | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)


# --- child processes ------------------------------------------------------------------------


def child_env() -> dict[str, str]:
    env = dict(os.environ, JOURNEYBOOK_TODAY=TODAY, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "generator"), env.get("PYTHONPATH")]))
    return env


def measure(label: str, args: list[str], cwd: Path | None = None, log: Path | None = None) -> Run:
    """Run `args` to the end; wall time here, CPU time and peak memory from the kernel's accounting."""
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 — closed below, after the child exits
    started = time.monotonic()
    try:
        process = subprocess.Popen(args, cwd=cwd, env=child_env(), stdout=out, stderr=subprocess.STDOUT)
        sampler = TreeMemory(process.pid)
        _, status, usage = os.wait4(process.pid, 0)
        sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log:
            out.close()
    wall = time.monotonic() - started
    text = log.read_text(encoding="utf-8", errors="replace") if log else ""
    cpu, peak = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
    return Run(label, wall, cpu, peak, process.returncode, text, tree_mb=max(sampler.peak_mb, peak))


class TreeMemory:
    """Samples the memory of a process and its descendants (build workers) five times a second.

    ru_maxrss is per process; with forked workers the machine holds their sum. Proportional set size
    counts pages a parent and its forks share once, split between them.
    """

    def __init__(self, pid: int, every: float = 0.2) -> None:
        self.pid, self.every, self.peak_mb = pid, every, 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._done.wait(self.every):
            total = sum(_memory_kb(pid) for pid in _tree(self.pid))
            self.peak_mb = max(self.peak_mb, total / 1024)


def _tree(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                queue += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _memory_kb(pid: int) -> int:
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    match = re.search(r"^Pss:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


def journeybook(*args: str) -> list[str]:
    return [sys.executable, "-m", "journeybook", *args]


# --- playbooks and sites --------------------------------------------------------------------


def prepare(size: str, work: Path) -> Path:
    """A repository folder for `size` with the playbook in playbooks/; returns the playbook folder."""
    repo = work / size / "repo"
    source = repo / "playbooks"
    if source.is_dir():
        return source
    if size == "S":
        shutil.copytree(ROOT / "playbooks", source)
        shutil.copytree(ROOT / "docs", repo / "docs", ignore=shutil.ignore_patterns("screenshots"))
        shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    else:
        sys.path.insert(0, str(BENCHMARKS))
        from generate import generate

        generate(size, source, seed=1)
    return source


def survey(site: Path) -> Site:
    """Pages (HTML files but 404.html), bytes, average and largest page, and the search index."""
    found = Site()
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        found.bytes += size
        if path.suffix == ".html" and path.name != "404.html":
            found.pages += 1
            found.html_bytes += size
            if size > found.largest_page:
                found.largest_page, found.largest_path = size, path.relative_to(site).as_posix()
    index = site / "assets" / "journeybook" / "finder-index.js"  # the answer finder's; Material's before it
    if not index.is_file():
        index = site / "search" / "search_index.json"
    found.index_bytes = index.stat().st_size if index.is_file() else 0
    return found


def render_docs(source: Path, docs: Path) -> None:
    """The docs folder journeybook renders for `source` (staff), for plain MkDocs to build."""
    sys.path.insert(0, str(ROOT / "generator"))
    from journeybook.check import run_check
    from journeybook.site import docs_files, read_handwritten, write_docs

    result = run_check(source)
    handwritten = read_handwritten(source.parent / "docs", "staff")
    files, _ = docs_files(result, "staff", handwritten)
    write_docs(docs, files)


# --- serve: save a file, wait for the reload -----------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 120) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8", errors="replace")


def edit_one_answer(source: Path) -> tuple[Path, str]:
    """Replace the words of the first `say:` in the first policy file; returns (file, question id).

    The value may be inline or a block scalar (`say: >-` and more-indented lines); either way the
    key's lines become one double-quoted line, as an editor changing the answer would leave them.
    """
    for path in sorted((source / "policies").rglob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for number, line in enumerate(lines):
            match = re.match(r"^(\s+)say:", line)
            question = next(
                (
                    m.group(1)
                    for previous in reversed(lines[:number])
                    if (m := re.match(r"^\s+-?\s*(?:question|id): ([a-z0-9-]+)\s*$", previous))
                ),
                None,
            )
            if not match or question is None:
                continue
            end = number + 1
            indent = len(match.group(1))
            while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
                end += 1
            lines[number:end] = [f"{match.group(1)}say: {json.dumps(EDIT_MARK)}\n"]
            path.write_text("".join(lines), encoding="utf-8")
            return path, question
    raise RuntimeError(f"no policy file in {source} has a `say:` to edit")


def measure_serve(size: str, source: Path, work: Path, timeout: float = 900) -> Row:
    """`journeybook serve`: time to the first page, then from saving one YAML file to the reload signal."""
    port = free_port()
    log = work / size / "serve.log"
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    with open(log, "wb") as out:
        process = subprocess.Popen(
            journeybook("serve", str(source), "--port", str(port)),
            env=child_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_default_sigint,  # a shell's background job ignores SIGINT, and so would serve
        )
    sampler = TreeMemory(process.pid)
    first = reload = None
    note = ""
    try:
        home = _wait_for(base + "/", process, started + timeout)
        first = time.monotonic() - started
        epoch = re.search(r"livereload\((\d+),\s*(\d+)\)", home)
        if epoch is None:
            raise RuntimeError("the served page has no livereload script")
        answer: dict[str, float] = {}

        def long_poll() -> None:
            while time.monotonic() < started + timeout:
                try:
                    text = fetch(f"{base}/livereload/{epoch.group(1)}/{epoch.group(2)}", timeout=120)
                except OSError:
                    return  # the server stopped: no reload to report
                if int(text) > int(epoch.group(1)):
                    answer["at"] = time.monotonic()
                    return

        poller = threading.Thread(target=long_poll, daemon=True)
        poller.start()
        time.sleep(1.0)  # the long-poll is waiting; the file watcher has seen the folder as it was
        path, question = edit_one_answer(source)
        saved = time.monotonic()
        poller.join(timeout)
        if "at" not in answer:
            raise RuntimeError("no reload within the time limit")
        reload = answer["at"] - saved
        page = fetch(f"{base}/questions/{question}/")
        if EDIT_MARK not in page:
            note = f"the reloaded questions/{question}/ does not show the edit"
        else:
            note = f"edited {path.relative_to(source).as_posix()}"
    except Exception as error:  # a broken serve is a result to report, not a reason to lose the table
        note = f"serve failed: {error}"
    finally:
        usage = _stop(process)
        sampler.stop()
    rebuilt = re.findall(r"Rebuilt in ([\d.]+) s \(check ([\d.]+) s\)", log.read_text("utf-8", errors="replace"))
    if len(rebuilt) > 1:
        note = f"serve's rebuild {rebuilt[1][0]} s, of which check {rebuilt[1][1]} s; {note}"
    extra = {"first": first, "reload": reload, "rebuilt": [float(total) for total, _ in rebuilt]}
    peak = usage.ru_maxrss / 1024
    run = Run("serve", reload if reload is not None else float("nan"), float("nan"), peak, 0, tree_mb=sampler.peak_mb)
    return Row(size, "serve: save → reload", run, note=note, extra=extra)


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stop(process: subprocess.Popen, grace: float = 20):
    """Ctrl+C for serve (it cleans up its temporary folder), harder signals if it does not stop; its rusage."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                process.returncode = os.waitstatus_to_exitcode(status)
                return usage
            time.sleep(0.1)
    _, _, usage = os.wait4(process.pid, 0)
    return usage


def _wait_for(url: str, process: subprocess.Popen, deadline: float) -> str:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"serve exited with {process.returncode}")
        try:
            return fetch(url, timeout=5)
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("serve did not answer in time")


# --- one size -------------------------------------------------------------------------------


def bench_size(size: str, work: Path, steps: set[str], say) -> list[Row]:
    source = prepare(size, work)
    rows = []
    if "check" in steps:
        say(f"{size}: check")
        check = measure("check", journeybook("check", str(source)), log=work / size / "check.log")
        rows.append(Row(size, "check", check, note="" if check.code == 0 else f"exit {check.code}"))
    if "build" in steps:
        say(f"{size}: build")
        site, kept = work / size / "site", work / size / "kept"
        args = journeybook("build", str(source), "--site-dir", str(site))
        if "engines" in steps:  # the same docs folder for plain MkDocs and Zensical; writing it is part of the time
            args += ["--keep-docs", str(kept)]
        build = measure("build", args, log=work / size / "build.log")
        note = "" if build.code == 0 else f"exit {build.code}"
        rows.append(
            Row(size, "build", build, survey(site), note=note or ("with --keep-docs" if "engines" in steps else ""))
        )
        if "engines" in steps and build.code == 0:
            rows += bench_engines(size, kept, work, say)
    if "serve" in steps:
        say(f"{size}: serve, edit one file, wait for the reload")
        rows.append(measure_serve(size, source, work))
    return rows


def bench_engines(size: str, kept: Path, work: Path, say) -> list[Row]:
    """The docs folder `build --keep-docs` kept, built by plain `mkdocs build` and by Zensical where installed."""
    rows = []
    say(f"{size}: plain mkdocs build of the same docs folder")
    shutil.rmtree(kept / "site", ignore_errors=True)
    args = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(kept / "mkdocs.yml")]
    run = measure("mkdocs", args, log=work / size / "mkdocs.log")
    rows.append(Row(size, "plain mkdocs build", run, survey(kept / "site"), note="same docs folder and mkdocs.yml"))
    zensical = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")
    if zensical:
        say(f"{size}: zensical build of the same docs folder")
        shutil.rmtree(kept / "site", ignore_errors=True)
        version = subprocess.run([zensical, "--version"], capture_output=True, text=True, check=False).stdout
        args = [zensical, "build", "--clean", "-f", str(kept / "mkdocs.yml")]
        run = measure("zensical", args, cwd=kept, log=work / size / "zensical.log")
        note = f"zensical {version.strip()}, same docs folder"
        rows.append(Row(size, "zensical build", run, survey(kept / "site"), note=note))
    return rows


def bench_naive(size: str, work: Path, say) -> Row:
    source = prepare(size, work)
    folder = work / size / "naive"
    shutil.rmtree(folder, ignore_errors=True)
    say(f"{size}: plain mkdocs build, naive configuration")
    render_docs(source, folder / "docs")
    (folder / "mkdocs.yml").write_text(NAIVE_CONFIG, encoding="utf-8")
    run = measure(
        "naive",
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml"), "-d", str(folder / "site")],
        log=work / size / "naive.log",
    )
    return Row(size, "naive mkdocs build", run, survey(folder / "site"), note="automatic nav, no prune")


# --- the table ------------------------------------------------------------------------------


def table(rows: list[Row]) -> str:
    head = (
        f"{'size':<4} {'step':<22} {'wall s':>7} {'cpu s':>7} {'peak MB':>8} {'all MB':>7} {'pages':>6} {'site MB':>8} "
        f"{'KB/page':>8} {'max KB':>7} {'index MB':>9} {'ms/page':>8}  note"
    )
    lines = [head, "-" * len(head)]
    for row in rows:
        run, site = row.run, row.site
        cells = [f"{row.size:<4}", f"{row.step:<22}"]
        cells.append(f"{run.wall:>7.1f}" if run else f"{'-':>7}")
        cells.append(f"{run.cpu:>7.1f}" if run and run.cpu == run.cpu else f"{'-':>7}")  # NaN: not measured
        cells.append(f"{run.peak_mb:>8.0f}" if run else f"{'-':>8}")
        cells.append(f"{run.tree_mb:>7.0f}" if run and run.tree_mb else f"{'-':>7}")
        if site and site.pages:
            cells += [
                f"{site.pages:>6}",
                f"{site.bytes / 1e6:>8.1f}",
                f"{site.html_bytes / site.pages / 1e3:>8.1f}",
                f"{site.largest_page / 1e3:>7.0f}",
                f"{site.index_bytes / 1e6:>9.2f}",
                f"{run.wall / site.pages * 1e3:>8.2f}" if run else f"{'-':>8}",
            ]
        else:
            cells += [f"{'':>6}", f"{'':>8}", f"{'':>8}", f"{'':>7}", f"{'':>9}", f"{'':>8}"]
        note = row.note
        if row.extra.get("first") is not None:
            note = f"first build {row.extra['first']:.1f} s; {note}"
        lines.append(" ".join(cells) + ("  " + note if note else ""))
    return "\n".join(lines)


def ratios(rows: list[Row]) -> list[str]:
    """L against M: time against pages (linear means the time ratio is at most 1.2× the page ratio)."""
    builds = {r.size: r for r in rows if r.step == "build" and r.site and r.site.pages}
    lines = []
    if "M" in builds and "L" in builds:
        m, big = builds["M"], builds["L"]
        pages = big.site.pages / m.site.pages
        for label, attr in (("wall", "wall"), ("cpu", "cpu")):
            time_ratio = getattr(big.run, attr) / getattr(m.run, attr)
            verdict = "linear" if time_ratio <= 1.2 * pages else "NOT linear"
            lines.append(
                f"L/M build {label} time {time_ratio:.2f}× for {pages:.2f}× the pages "
                f"({time_ratio / pages:.2f} of the page ratio, limit 1.2: {verdict})"
            )
    if "L" in builds and "2L" in builds:
        big, double = builds["L"], builds["2L"]
        pages = double.site.pages / big.site.pages
        time_ratio = double.run.wall / big.run.wall
        verdict = "linear" if time_ratio <= 2.2 else "NOT linear"
        lines.append(f"2L/L build wall time {time_ratio:.2f}× for {pages:.2f}× the pages (limit 2.2×: {verdict})")
    for size, build in builds.items():
        for step in ("plain mkdocs build", "zensical build"):
            other = next((r for r in rows if r.size == size and r.step == step and r.run and r.run.code == 0), None)
            if other is not None:
                lines.append(
                    f"{size}: journeybook build took {build.run.wall / other.run.wall:.2f}× the wall time "
                    f"({build.run.cpu / other.run.cpu:.2f}× the cpu time) of {step}"
                )
    if "S" in builds and "L" in builds:
        s, big = builds["S"], builds["L"]
        per_page = (big.site.html_bytes / big.site.pages) / (s.site.html_bytes / s.site.pages)
        lines.append(f"average HTML page at L is {per_page:.2f}× the average at S (limit 1.5)")
    return lines


TARGET_WALL = 25.0  # issue 14: at L, `journeybook build` within 25 s on 2 cores ...
TARGET_RATIO = 0.5  # ... and within half of plain `mkdocs build` of the same docs folder, in the same run
TARGET_LINEAR = 2.2  # ... and 2L within 2.2× L


def speed_target(rows: list[Row]) -> list[str]:
    """journeybook build beside plain MkDocs (and Zensical) of the same kept docs folder, per size, and 2L/L."""
    builds = {r.size: r for r in rows if r.step == "build" and r.run and r.run.code == 0}
    others = {(r.size, r.step): r for r in rows if r.step in ("plain mkdocs build", "zensical build") and r.run}
    if not builds:
        return []
    head = f"{'size':<4} {'journeybook s (cpu)':>20} {'plain mkdocs s (cpu)':>21} {'zensical s (cpu)':>17}"
    head += f" {'jb/mkdocs':>10}"
    lines = ["speed target: journeybook build vs the engines on the same docs folder (wall, cpu in brackets)", head]
    for size, build in builds.items():
        cells = [f"{size:<4}", f"{build.run.wall:>11.1f} ({build.run.cpu:>5.1f})"]
        plain, zensical = others.get((size, "plain mkdocs build")), others.get((size, "zensical build"))
        for other, width in ((plain, 13), (zensical, 9)):
            ok = other is not None and other.run.code == 0
            cells.append(f"{other.run.wall:>{width}.1f} ({other.run.cpu:>5.1f})" if ok else f"{'-':>{width + 8}}")
        ratio = build.run.wall / plain.run.wall if plain is not None and plain.run.code == 0 else None
        cells.append(f"{ratio:>9.2f}×" if ratio is not None else f"{'-':>10}")
        lines.append(" ".join(cells))
    if "L" in builds:
        wall = builds["L"].run.wall
        plain = others.get(("L", "plain mkdocs build"))
        verdict = [f"L build {wall:.1f} s (target ≤ {TARGET_WALL:.0f} s: {_met(wall <= TARGET_WALL)})"]
        if plain is not None and plain.run.code == 0:
            ratio = wall / plain.run.wall
            verdict.append(f"{ratio:.2f}× plain mkdocs (target ≤ {TARGET_RATIO}×: {_met(ratio <= TARGET_RATIO)})")
        if "2L" in builds:
            linear = builds["2L"].run.wall / wall
            verdict.append(f"2L/L {linear:.2f}× (target ≤ {TARGET_LINEAR}×: {_met(linear <= TARGET_LINEAR)})")
        lines.append("; ".join(verdict))
    return lines


def _met(condition: bool) -> str:
    return "met" if condition else "NOT met"


def browser_search(rows: list[Row], work: Path, say) -> list[str]:
    """The answer finder's timing in headless Chromium, by finder_timing.py, on each built site."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from finder_timing import measure_finder
    except ImportError as error:
        return [f"--browser: finder_timing.measure_finder is not available ({error})"]
    queries = {"S": ["tow truck damaged my car", "windscreen", "cancel my insurance"]}
    generated = ["care plan refund", "battery drains overnight", "wi-fi module drops"]
    lines = []
    for row in rows:
        if row.step != "build" or not row.site or not row.site.pages:
            continue
        say(f"{row.size}: search in Chromium")
        f = measure_finder(work / row.size / "site", queries.get(row.size, generated))
        lines.append(
            f"{row.size}: finder index {f['index_bytes'] / 1e6:.1f} MB ({f['index_gzip_bytes'] / 1e6:.1f} MB gzip); "
            f"first results {f['first_results_ms']:,.0f} ms after navigation; key press → results painted "
            f"median {f['keypress_to_paint_median_ms']:,.0f} ms, worst {f['keypress_to_paint_worst_ms']:,.0f} ms"
        )
    return lines


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="S,M,L", help="comma-separated sizes among S, M, L, 2L (default: S,M,L)")
    parser.add_argument("--naive", default="S,M", help="sizes to build with plain MkDocs too ('' for none)")
    parser.add_argument(
        "--steps",
        default=",".join(STEPS),
        help="which of check, build, engines (plain MkDocs and Zensical on the kept docs folder), serve to run",
    )
    parser.add_argument("--browser", action="store_true", help="time search in headless Chromium on each site")
    parser.add_argument("--work", type=Path, help="folder for playbooks and sites (default: a temporary one)")
    args = parser.parse_args(argv)
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    naive = [s.strip().upper() for s in args.naive.split(",") if s.strip()]
    steps = {s.strip() for s in args.steps.split(",") if s.strip()}
    if steps - set(STEPS):
        parser.error(f"unknown step {sorted(steps - set(STEPS))[0]}: use {', '.join(STEPS)}")
    unknown = sorted(set(sizes + naive) - set(SIZES))
    if unknown:
        parser.error(f"unknown size {unknown[0]}: use {', '.join(SIZES)}")
    work = args.work or Path(tempfile.mkdtemp(prefix="journeybook-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()

    def say(message: str) -> None:
        print(f"[{time.monotonic() - started:6.0f} s] {message}", file=sys.stderr, flush=True)

    say(f"working in {work} on {os.cpu_count()} cores; load average {_load()}")
    rows: list[Row] = []
    for size in sizes:
        rows += bench_size(size, work, steps, say=say)
        say("\n" + table(rows))
    for size in naive:
        rows.append(bench_naive(size, work, say))
    lines = [table(rows), "", *ratios(rows), "", *speed_target(rows)]
    if args.browser:
        lines += ["", *browser_search(rows, work, say)]
    lines.append(f"\n{', '.join(sizes)} in {time.monotonic() - started:.0f} s; playbooks and sites in {work}")
    lines.append(f"load average at the end: {_load()} (other processes share the cores: compare within one run)")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
