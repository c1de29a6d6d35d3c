"""Hostile text through real builds: nothing executable, nothing lost, nothing leaked, the same bytes twice.

test_pages.py checks the escaping of each page's Markdown; here whole sites are
built with MkDocs and Material and every file of the site folder is read back.
"""

from __future__ import annotations

import calendar
import gzip
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import click
import pytest

from conftest import CORPORA, FIXED_TODAY, ROOT
from journeybook.check import run_check
from journeybook.schema import RESERVED_IDS
from test_pages import playbook_files
from test_site import build, make, search_docs

PAYLOADS = (CORPORA / "xss-payloads.txt").read_text(encoding="utf-8").splitlines()


def _field_defaults() -> list[str]:
    seen: list[str] = []
    playbook_files(lambda default: seen.append(default) or default)
    return seen


FIELDS = _field_defaults()  # every free-text field of the fixture playbook, named by its default text
NOT_RENDERED = {"Where every case lives.", "People who buy for themselves.", "One answer, the first time"}
SHOWN_TO_PUBLIC = {
    "Northwind Appliances",
    "Customer Care",
    "Hardware Support",
    "Parts",
    "Home customers",
    "Returns and refunds",
    "How long do I have to return a product for a refund?",
    "can I still send it back",
    "return period",
    "You can return it within 30 days of delivery for a full refund.",
    # "EU" is a `when: {region: …}` value: staff-only (only segment and channel names are shown to customers)
    "My laptop won't charge",
    "My computer doesn't work: it won't charge or turn on.",
    "The customer has a laptop that charges and starts.",
    "Take the call",
    "Find the fault",
    "The customer says the laptop charges and starts.",
}
SHOWN = {"staff": set(FIELDS) - NOT_RENDERED, "public": SHOWN_TO_PUBLIC}

# Elements that run code, load or submit something, or change how the page is read. The theme ships some
# (its scripts, stylesheets, <meta>, the search <input>, our swim-lane <svg>): a page may hold exactly those.
ACTIVE_ELEMENTS = {
    *("script", "style", "link", "meta", "base", "iframe", "frame", "frameset", "object", "embed", "applet"),
    *("form", "input", "button", "select", "textarea", "img", "video", "audio", "source", "svg", "math"),
    *("details", "template", "noscript"),
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcset"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


@dataclass(frozen=True)
class Planted:
    """One payload in one field, between two markers: `start payload end` must be read as text on the site."""

    field: str
    start: str
    payload: str
    end: str

    def shown(self) -> str:
        return " ".join(f"{self.start} {self.payload} {self.end}".split())


def hostile_files(payloads_of: Callable[[int], Sequence[int]]) -> tuple[dict[str, str], list[Planted]]:
    """The fixture playbook with field number f holding the payloads `payloads_of(f)`, each between markers."""
    planted: list[Planted] = []

    def text(default: str) -> str:
        f = FIELDS.index(default)
        parts = [Planted(default, f"zqf{f}p{n}a", PAYLOADS[n], f"zqf{f}p{n}z") for n in payloads_of(f)]
        planted.extend(parts)
        return " ".join(f"{p.start} {p.payload} {p.end}" for p in parts)

    return playbook_files(text), planted


class ParsedPage(HTMLParser):
    """A built HTML file as a browser reads it: its elements (with a script's or style's text) and visible text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, tuple[tuple[str, str | None], ...], str]] = []
        self.texts: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, tuple(attrs), ""))

    def handle_data(self, data: str) -> None:
        if self.cdata_elem:  # inside <script> or <style>: code, not text
            tag, attrs, code = self.elements[-1]
            self.elements[-1] = (tag, attrs, code + data)
        else:
            self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())

    def active(self) -> Counter:
        return Counter(e for e in self.elements if e[0] in ACTIVE_ELEMENTS)

    def dangerous_attributes(self) -> list[str]:
        found = []
        for tag, attrs, _ in self.elements:
            for name, value in attrs:
                url = "".join(c for c in (value or "") if c > " ").lower()
                if name.startswith("on") or (name in URL_ATTRIBUTES and url.startswith(BAD_SCHEMES)):
                    found.append(f"<{tag} {name}={value!r}>")
        return found


def parsed_site(site: Path) -> dict[str, ParsedPage]:
    return {p.relative_to(site).as_posix(): ParsedPage(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}


def changed(before: dict[str, bytes], site: Path) -> list[str]:
    """Files of `site` added, removed or different since `before` (an `all_bytes` of it)."""
    after = all_bytes(site) if site.is_dir() else {}
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def all_bytes(site: Path) -> dict[str, bytes]:
    """Every file of a site folder (sitemap.xml.gz unpacked as well), by path."""
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    files.update({f"{path} (unpacked)": gzip.decompress(data) for path, data in files.items() if path.endswith(".gz")})
    return files


def environment(**extra: str) -> dict[str, str]:
    """For a journeybook subprocess: this checkout's code, today pinned, no SOURCE_DATE_EPOCH from the caller."""
    inherited = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    return {**inherited, "PYTHONPATH": str(ROOT / "generator"), "JOURNEYBOOK_TODAY": FIXED_TODAY.isoformat(), **extra}


def journeybook(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m journeybook ARGS` in a fresh process (its own hash seed, its own imports)."""
    return subprocess.run(
        [sys.executable, "-m", "journeybook", *args],
        cwd=cwd,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


# --- hostile text: nothing executable, everything readable, nothing after it lost -------------


@pytest.fixture(scope="module")
def clean_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, ParsedPage]]:
    """The fixture playbook with its ordinary text, built for each audience: what the theme itself puts in a page."""
    tmp = tmp_path_factory.mktemp("clean")
    return {
        audience: parsed_site(build(make(tmp / audience), tmp / audience / "site", audience).site_dir)
        for audience in ("staff", "public")
    }


def assert_hostile_site_is_inert(site: Path, clean: dict[str, ParsedPage], planted: list[Planted], audience: str):
    pages = parsed_site(site)
    assert set(pages) == set(clean)
    problems = []
    for path, page in pages.items():
        problems += [f"{path}: {found}" for found in page.dangerous_attributes()]
        problems += [f"{path}: new {element}" for element in page.active() - clean[path].active()]
        lost = Counter(e[0] for e in clean[path].elements) - Counter(e[0] for e in page.elements)
        if lost:  # a payload swallowed what followed it (an unclosed comment, an element left open)
            problems.append(f"{path}: elements after a payload are gone: {dict(lost)}")
    assert problems == []
    shown = " ".join(page.text for page in pages.values())
    expected = [p for p in planted if p.field in SHOWN[audience]]
    assert {p.field for p in expected} == SHOWN[audience]
    assert [(p.field, p.payload) for p in expected if p.shown() not in shown] == []
    assert "49" not in shown  # {{ 7*7 }} was never evaluated (payload 37 and 38 are Jinja2 too)
    # The finder's index keeps the texts as typed (its results insert them with textContent, never as HTML);
    # what must hold is that every link it makes is one of the site's own pages.
    for entry in search_docs(site):
        assert re.fullmatch(r"(questions|journeys)/[a-z0-9-]+/", entry["u"]), entry["u"]
    return pages


@pytest.mark.parametrize("audience", ["staff", "public"])
def test_every_payload_in_every_field_stays_text(tmp_path: Path, clean_sites, audience: str) -> None:
    """All 40 payloads in each field at once: one build per audience covers every payload × field pair."""
    files, planted = hostile_files(lambda field: range(len(PAYLOADS)))
    built = build(make(tmp_path, files), tmp_path / "site", audience)
    pages = assert_hostile_site_is_inert(built.site_dir, clean_sites[audience], planted, audience)
    question = [d for d in search_docs(built.site_dir) if d["u"] == "questions/refund-window/"]
    searchable = " ".join([question[0]["a"], *question[0]["aa"]])  # as the finder's results show it (textContent)
    for field in ("How long do I have to return a product for a refund?", "can I still send it back"):
        assert [p.payload for p in planted if p.field == field and p.shown() not in " ".join(searchable.split())] == []
    title = re.search(r"<title>(.*?)</title>", (built.site_dir / "index.html").read_text("utf-8"), re.DOTALL)
    assert title and "<" not in title.group(1) and "zqf0p39z" in title.group(1)  # the organisation, to its end
    assert "zqf0p39z" in pages["404.html"].text


@pytest.mark.slow
@pytest.mark.parametrize("shift", range(len(PAYLOADS)))
def test_each_payload_alone_in_each_field_stays_text(tmp_path: Path, clean_sites, shift: int) -> None:
    """One payload per field, rotated: over the 40 builds each field holds each payload once, with no neighbours."""
    audience = ("staff", "public")[shift % 2]
    files, planted = hostile_files(lambda field: [(field + shift) % len(PAYLOADS)])
    built = build(make(tmp_path, files), tmp_path / "site", audience)
    assert_hostile_site_is_inert(built.site_dir, clean_sites[audience], planted, audience)


# --- ids that would be unsafe as file names ---------------------------------------------------


@pytest.mark.parametrize("bad", ["con", "nul", "com1", "lpt9", "aux", "index"])
def test_an_id_that_cannot_be_a_file_name_is_rejected_before_anything_is_written(tmp_path: Path, bad: str) -> None:
    files = playbook_files()
    files["journeys/recall.yaml"] = files["journeys/recall.yaml"].replace("id: warehouse-recall", f"id: {bad}")
    source = make(tmp_path, files)
    findings = [(f.rule, str(f.location), f.message) for f in run_check(source, today=FIXED_TODAY).findings]
    why = (
        "it is the name of each section's list page"
        if bad == "index"
        else f"{bad.upper()} is a device name on Windows, where no file can have it"
    )
    assert (
        "schema",
        "journeys/recall.yaml:2:5",
        f'"{bad}" cannot be an id: {why}; choose another, e.g. "{bad}-1"',
    ) in findings
    done = journeybook("build", str(source), "--site-dir", str(tmp_path / "site"), cwd=tmp_path)
    assert done.returncode == 1 and "Not publishing" in done.stderr
    assert not (tmp_path / "site").exists() and not list(tmp_path.glob(".site*"))


def test_reserved_names_cover_windows_devices_and_section_pages() -> None:
    devices = {"con", "prn", "aux", "nul"} | {f"com{n}" for n in range(10)} | {f"lpt{n}" for n in range(10)}
    assert RESERVED_IDS == devices | {"index"}


def test_a_reference_to_a_reserved_id_names_what_it_refers_to(tmp_path: Path) -> None:
    files = playbook_files()
    files["journeys/recall.yaml"] = files["journeys/recall.yaml"].replace("department: parts", "department: prn")
    messages = [f.message for f in run_check(make(tmp_path, files), today=FIXED_TODAY).findings if f.rule == "schema"]
    assert messages == [
        '"prn" cannot be a department id: PRN is a device name on Windows, where no file can have it; '
        'choose another, e.g. "prn-1"'
    ]


def test_an_id_with_a_trailing_line_break_is_rejected(tmp_path: Path) -> None:
    """`$` in a Python pattern matches before a final newline: "recall\\n" must not become journeys/recall\\n.md."""
    files = playbook_files()
    files["journeys/recall.yaml"] = files["journeys/recall.yaml"].replace(
        "id: warehouse-recall", 'id: "warehouse-recall\\n"'
    )
    result = run_check(make(tmp_path, files), today=FIXED_TODAY)
    assert [str(f.location) for f in result.findings if f.rule == "schema"] == ["journeys/recall.yaml:2:5"]
    assert "warehouse-recall\n" not in result.playbook.journeys


def test_a_handwritten_page_that_would_take_a_generated_page_s_place_is_refused(tmp_path: Path) -> None:
    """Same address once lower-cased (People.md) or as a folder index (journeys.md → journeys/): one would be lost."""
    for name, theirs in (("People.md", "people.md"), ("journeys.md", "journeys/index.md")):
        source = make(tmp_path / name, docs={name: "# Mine\n"})
        with pytest.raises(click.ClickException, match=rf"docs/{name} would take the place of {theirs}, a page"):
            build(source, tmp_path / name / "site")
        assert not (tmp_path / name / "site").exists()


# --- nothing leaked: a public build holds no staff-only string in any file --------------------


STAFF_ONLY_FIELDS = set(FIELDS) - NOT_RENDERED - SHOWN_TO_PUBLIC  # with `decision`: customers hear `say`
# Ids of staff-only content (in addresses, the sitemap, "Question id:"); people and tools show as their names.
STAFF_ONLY_IDS = {"warehouse-flag": "zq-staff-question", "warehouse-recall": "zq-staff-journey"}


AUDIT_LOG = """\
journey: laptop-will-not-charge
date: 2026-05-04
caller: zqleak-audit-caller
channel: phone
contacts:
  - department: customer-care
    heard:
      refund-window: zqleak-audit-heard
    notes: zqleak-audit-notes
"""


def leak_fixture(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The fixture playbook with a unique sentinel in every staff-only field and id, and a staff-only guide page."""
    sentinels: dict[str, str] = {}

    def text(default: str) -> str:
        if default in STAFF_ONLY_FIELDS:
            sentinels[default] = f"zqleak{FIELDS.index(default)}"
            return sentinels[default]
        return default

    files = playbook_files(text)
    for path, content in files.items():
        for old, new in STAFF_ONLY_IDS.items():
            content = re.sub(rf"\b{old}\b", new, content)
        files[path] = content.replace("say: [refund-window]", "say: [refund-window, zq-staff-question]")
    sentinels.update({old: new for old, new in STAFF_ONLY_IDS.items()})
    sentinels["guide"], sentinels["attachment"] = "zqleak-guide", "zqleak-attachment"
    files["audits/call.yaml"] = AUDIT_LOG  # test calls are staff-only, however public their journey
    sentinels.update({f"audit {what}": f"zqleak-audit-{what}" for what in ("caller", "heard", "notes")})
    docs = {
        "welcome.md": "# Welcome\n\nzqleak-guide: the staff room code.\n",
        "forms/returns.txt": "zqleak-attachment\n",
        "faq.md": "---\naudience: public\n---\n# FAQ\n\nAsk us anything.\n",
    }
    return make(tmp_path, files, docs), sentinels


def test_public_build_holds_no_staff_only_string_in_any_file(tmp_path: Path) -> None:
    source, sentinels = leak_fixture(tmp_path)
    staff = build(source, tmp_path / "staff").site_dir
    public = build(source, tmp_path / "public", "public").site_dir
    staff_files = b"\n".join(all_bytes(staff).values()).lower()
    assert [name for name, s in sentinels.items() if s.encode() not in staff_files] == []  # each one is planted
    public_files = all_bytes(public)
    index = "assets/journeybook/finder-index.js"  # the answer finder's index: public content only
    assert {"index.html", "404.html", "sitemap.xml", "sitemap.xml.gz (unpacked)", index} <= set(public_files)
    assert any(path.startswith("assets/") for path in public_files) and "faq/index.html" in public_files
    staff_pages = ("welcome/", "forms/", "people/", "health/", "departments/")
    assert not [path for path in public_files if path.startswith(staff_pages)]
    leaks = [
        (name, path)
        for path, data in public_files.items()
        for name, s in sentinels.items()
        if s.encode() in data.lower()
    ]
    assert leaks == []
    shown = " ".join(page.text for page in parsed_site(public).values())
    assert "You can return it within 30 days" in shown and "Ask us anything." in shown  # the public part is there


# --- reproducible: the same playbook gives the same bytes -------------------------------------


SITE_URL_CONFIG = (ROOT / "mkdocs.yml").read_text(encoding="utf-8") + "site_url: https://playbook.example/\n"


def test_the_same_playbook_builds_to_the_same_bytes(tmp_path: Path) -> None:
    """Two processes, different hash seeds and site folders: every byte equal, sitemap dates included."""
    source = make(tmp_path, docs={"welcome.md": "# Welcome\n"})
    (tmp_path / "repo" / "mkdocs.yml").write_text(SITE_URL_CONFIG, encoding="utf-8")  # a sitemap with <lastmod>
    sites = []
    for seed, name in (("1", "site-a"), ("2", "site-b")):
        done = journeybook("build", str(source), "--site-dir", name, cwd=tmp_path, PYTHONHASHSEED=seed)
        assert done.returncode == 0, done.stderr
        sites.append(all_bytes(tmp_path / name))
    first, second = sites
    assert set(first) == set(second)
    assert [path for path in first if first[path] != second[path]] == []
    sitemap = first["sitemap.xml"].decode()
    assert "<loc>https://playbook.example/questions/refund-window/</loc>" in sitemap
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {FIXED_TODAY.isoformat()}  # not the real date
    assert int.from_bytes(first["sitemap.xml.gz"][4:8], "little") == calendar.timegm(FIXED_TODAY.timetuple())


def test_a_source_date_epoch_given_by_the_caller_wins(tmp_path: Path, monkeypatch) -> None:
    source = make(tmp_path)
    (tmp_path / "repo" / "mkdocs.yml").write_text(SITE_URL_CONFIG, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    build(source, tmp_path / "site")
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", (tmp_path / "site" / "sitemap.xml").read_text())) == {
        "2023-11-14"
    }
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    build(source, tmp_path / "site")
    assert "SOURCE_DATE_EPOCH" not in os.environ  # pinned for MkDocs only, then put back as it was


# --- nothing lost: a killed build leaves the previous site -----------------------------------


def benchmark_playbook(folder: Path, seed: int) -> Path:
    """A playbook big enough that a build takes a few seconds (141 pages), written by benchmarks/generate.py."""
    script = ROOT / "benchmarks" / "generate.py"
    done = subprocess.run(
        [sys.executable, str(script), "--scale", "5", "--seed", str(seed), "--force", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return folder


def temporary_folders(site: Path) -> list[Path]:
    return sorted(site.parent.glob(f".{site.name}.journeybook-*"))


KILL_MOMENTS = {  # when to SIGKILL the build, by what it has done so far (no clocks)
    "at start": None,
    "checking": "check-report",
    "rendering": "Rendering ",
    "MkDocs writing journeybook's files from memory": "site/assets/journeybook/journeybook.css",
    "MkDocs starting": "Building the site with MkDocs",
    "MkDocs copying the theme": "site/assets/javascripts/*.js",
    "MkDocs writing 404.html and sitemap.xml": "site/sitemap.xml",
    "MkDocs writing pages": "site/**/index.html",
}


def start_build(source: Path, site: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "journeybook", "build", str(source), "--site-dir", str(site)],
        cwd=site.parent,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def kill_when(process: subprocess.Popen[str], site: Path, moment: str | None) -> None:
    """SIGKILL `process` once it printed `moment`, or once a file matching `moment` is in its temporary folder."""
    if moment is None:
        pass
    elif moment == "check-report":
        assert process.stderr is not None
        process.stderr.readline()  # the first line of the check report: loading and checking are done
    elif "/" in moment:
        ours = f".{site.name}.journeybook-{process.pid}-*"  # not a folder an earlier killed build left
        while process.poll() is None and not any(
            p.is_file() for work in site.parent.glob(ours) for p in work.glob(moment)
        ):
            time.sleep(0.002)
    else:
        assert process.stderr is not None
        for line in process.stderr:
            if line.startswith(moment):
                break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL, f"the build finished before it was killed ({moment})"


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_the_previous_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = benchmark_playbook(tmp_path / "repo" / "playbooks", seed=1)
    done = journeybook("build", str(first), "--site-dir", str(site), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    before = all_bytes(site)
    second = benchmark_playbook(tmp_path / "repo" / "playbooks", seed=2)  # a build that would change the site
    for moment, what in KILL_MOMENTS.items():
        kill_when(start_build(second, site), site, what)
        assert changed(before, site) == [], moment
    assert temporary_folders(site)  # the killed builds left theirs
    done = journeybook("build", str(second), "--site-dir", str(site), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert changed(before, site) and temporary_folders(site) == []


RENAME_THEN_DIE = """
import os, signal, sys
from journeybook.cli import main
rename = os.rename
def rename_then_die(source, target):
    rename(source, target)
    if os.path.basename(target) == "old":  # the previous site moved aside, the new one not yet in its place
        os.kill(os.getpid(), signal.SIGKILL)
os.rename = rename_then_die
main(sys.argv[1:])
"""


def test_a_build_killed_between_its_two_renames_gets_the_previous_site_back(tmp_path: Path) -> None:
    """The one moment the site folder is missing: the next run of journeybook moves the previous site back."""
    source = make(tmp_path)
    site = tmp_path / "site"
    assert journeybook("build", str(source), "--site-dir", str(site), cwd=tmp_path).returncode == 0
    before = all_bytes(site)
    policy = source / "policies" / "returns.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("return period", "return window"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", RENAME_THEN_DIE, "build", str(source), "--site-dir", str(site)],
        cwd=tmp_path,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert not site.exists() and [changed(before, w / "old") for w in temporary_folders(site)] == [[]]
    # The next run is refused by the check (a duplicate key) but first puts the previous site back, byte for byte.
    policy.write_text(policy.read_text(encoding="utf-8") + "topic: again\n", encoding="utf-8")
    done = journeybook("build", str(source), "--site-dir", str(site), cwd=tmp_path)
    assert done.returncode == 1 and "yaml-duplicate-key" in done.stderr and "Not publishing" in done.stderr
    assert changed(before, site) == [] and temporary_folders(site) == []
