"""Real MkDocs builds of a small playbook: the site, its search index, audiences, offline use, atomic replacement."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from conftest import FIXED_TODAY, write_tree
from journeybook.check import run_check
from journeybook.site import DEFAULT_CONFIG, Preview, build_site, remove_stale
from test_pages import ALSO_ASKED, SAY, STAFF_ONLY, playbook_files

ROOT = Path(__file__).resolve().parents[1]


def make(tmp_path: Path, files: dict[str, str] | None = None, docs: dict[str, str] | None = None) -> Path:
    """A repository in tmp_path: playbooks/ (the YAML) and, optionally, hand-written docs/."""
    source = write_tree(tmp_path / "repo" / "playbooks", files or playbook_files())
    if docs:
        write_tree(tmp_path / "repo" / "docs", docs)
    return source


def build(source: Path, site: Path, audience: str = "staff", messages: list[str] | None = None):
    result = run_check(source, today=FIXED_TODAY)
    return build_site(result, site, audience, progress=(messages.append if messages is not None else lambda m: None))


def site_text(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes().decode("utf-8", errors="replace")
        for path in site.rglob("*")
        if path.is_file() and path.suffix != ".gz"
    }


def finder_data(site: Path) -> dict:
    """The answer finder's index as the browser reads it: window.JB_FINDER_DATA of finder-index.js."""
    from py_mini_racer import MiniRacer

    v8 = MiniRacer()
    try:
        v8.eval("var window = {};")
        v8.eval((site / "assets" / "journeybook" / "finder-index.js").read_text(encoding="utf-8"))
        return json.loads(v8.eval("JSON.stringify(window.JB_FINDER_DATA)"))
    finally:
        v8.close()


def search_docs(site: Path) -> list[dict]:
    """The finder's documents: questions ("k": "q") and journeys ("k": "j")."""
    return finder_data(site)["docs"]


@pytest.fixture(scope="module")
def staff_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("staff")
    source = make(tmp, docs={"welcome.md": "# Welcome\n\nHow to use this site.\n", "screenshots/home.png": "png"})
    messages: list[str] = []
    built = build(source, tmp / "site", messages=messages)
    assert messages[0].startswith("Rendering ") and messages[1] == "Building the site with MkDocs"
    assert built.pages == 16 and built.site_dir == tmp / "site"  # 15 pages and one topic page
    return built.site_dir


def test_build_writes_a_searchable_site(staff_site: Path) -> None:
    assert (staff_site / "index.html").is_file()
    assert (staff_site / "journeys" / "laptop-will-not-charge" / "index.html").is_file()
    docs = search_docs(staff_site)
    question = [d for d in docs if d["u"] == "questions/refund-window/"]
    assert question and ALSO_ASKED in question[0]["aa"] and question[0]["k"] == "q"
    internal = [a.get("n") for d in docs for a in d.get("an", [])]
    assert STAFF_ONLY["internal"] in internal  # internal notes are searchable by staff
    assert {d["k"] for d in docs} == {"q", "j"}  # questions and journeys; list pages are not results
    # a journey is found by its own words; the answers it shows inline are found on their question's page
    journey = [d for d in docs if d["u"] == "journeys/laptop-will-not-charge/"]
    assert journey and SAY not in json.dumps(journey)


def test_journey_page_shows_swim_lane_and_answer_inline(staff_site: Path) -> None:
    page = (staff_site / "journeys" / "laptop-will-not-charge" / "index.html").read_text(encoding="utf-8")
    assert '<div class="jb-swimlane" data-search-exclude>\n<svg width=' in page
    assert SAY in page
    assert "do not ask the customer again" in page
    assert re.search(r'<h2 [^>]*\bid="diagnose"[ >]', page)


def test_handwritten_pages_are_merged_but_not_screenshots(staff_site: Path) -> None:
    assert (staff_site / "welcome" / "index.html").is_file()
    assert not (staff_site / "screenshots").exists()
    assert "How to use this site." in (staff_site / "welcome" / "index.html").read_text(encoding="utf-8")


def test_navigation_stays_small(staff_site: Path) -> None:
    """Material prints the navigation into every page: it lists sections, never each journey or question."""
    page = (staff_site / "questions" / "refund-window" / "index.html").read_text(encoding="utf-8")
    nav = page[page.index('<nav class="md-nav md-nav--primary') :]
    nav = nav[: nav.index("</nav>")]
    assert "laptop-will-not-charge" not in nav and "warehouse-flag" not in nav
    assert "Journeys" in nav and "Welcome" in nav


def test_no_page_references_an_external_host(staff_site: Path) -> None:
    assert DEFAULT_CONFIG["theme"]["font"] is False
    for path, text in site_text(staff_site).items():
        if path.endswith((".html", ".css", ".xml")):
            found = re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|url\(\s*["']?(?:https?:)?//""", text)
            assert not found, (path, text[found.start() - 80 : found.end() + 80] if found else "")


def test_a_failing_build_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    source = make(tmp_path)
    site = tmp_path / "site"
    build(source, site)
    before = site_text(site)
    (tmp_path / "repo" / "mkdocs.yml").write_text("site_name: x\ntheme:\n  name: no-such-theme\n", encoding="utf-8")
    with pytest.raises(click.ClickException) as raised:
        build(source, site)
    assert "was left as it was" in raised.value.format_message()
    assert site_text(site) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []  # no temporary folder left


def test_the_repository_mkdocs_yml_is_used_when_there_is_one(tmp_path: Path) -> None:
    source = make(tmp_path)
    (tmp_path / "repo" / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    built = build(source, tmp_path / "site")
    assert "Harbor Mutual playbook</title>" in (built.site_dir / "index.html").read_text(encoding="utf-8")
    built = build(make(tmp_path / "other"), tmp_path / "other-site")
    assert "Northwind Appliances playbook</title>" in (built.site_dir / "index.html").read_text("utf-8")


def test_a_minimal_repository_mkdocs_yml_gets_the_extensions_pages_need(tmp_path: Path) -> None:
    source = make(tmp_path)
    (tmp_path / "repo" / "mkdocs.yml").write_text("site_name: Ours\ntheme:\n  name: material\n  font: false\n")
    built = build(source, tmp_path / "site")
    page = (built.site_dir / "journeys" / "laptop-will-not-charge" / "index.html").read_text(encoding="utf-8")
    assert '<div class="admonition info">' in page and 'id="diagnose"' in page and "!!!" not in page


def test_stale_temporary_folders_of_killed_builds_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".site.journeybook-{dead.stdout.strip()}-abc"
    (stale / "site").mkdir(parents=True)
    alive = tmp_path / f".site.journeybook-{os.getppid()}-def"
    alive.mkdir()
    remove_stale(tmp_path / "site")
    assert not stale.exists() and alive.exists()


@pytest.mark.parametrize("where", ["source", "parent", "not-a-site"])
def test_refuses_a_site_folder_whose_replacement_would_delete_other_files(tmp_path: Path, where: str) -> None:
    source = make(tmp_path)
    target = {"source": source, "parent": tmp_path / "repo", "not-a-site": tmp_path / "documents"}[where]
    if where == "not-a-site":
        write_tree(target, {"letter.txt": "keep me"})
    with pytest.raises(click.ClickException):
        build(source, target)
    assert source.joinpath("org.yaml").is_file()
    assert where != "not-a-site" or (target / "letter.txt").is_file()


def test_offline_setting_builds_a_site_that_opens_from_disk(tmp_path: Path) -> None:
    files = playbook_files()
    files["journeybook.yaml"] += "site:\n  offline: true\n"
    built = build(make(tmp_path, files), tmp_path / "site")
    site = built.site_dir
    assert finder_data(site)["html"] is True  # the finder links to page.html files, as the offline site has them
    assert (site / "assets" / "journeybook" / "iframe-worker-shim.js").is_file()
    assert (site / "journeys" / "laptop-will-not-charge.html").is_file()  # no directory URLs from disk
    pages = {path: text for path, text in site_text(site).items() if path.endswith(".html")}
    assert [path for path, text in pages.items() if "unpkg.com" in text] == []  # the shim is ours, not a CDN's


def test_serve_rewrites_only_changed_pages_and_survives_errors(tmp_path: Path) -> None:
    source = make(tmp_path)
    said: list[str] = []
    preview = Preview(source, "staff", said.append, tmp_path / "work")
    assert preview.rebuild()
    assert (preview.site / "index.html").is_file()
    assert said[-1].startswith("Rebuilt in ") and "files changed" in said[-1]
    page = preview.docs / "questions" / "refund-window.md"
    untouched = preview.docs / "journeys" / "warehouse-recall.md"
    stamps = page.stat().st_mtime_ns, untouched.stat().st_mtime_ns

    policy = source / "policies" / "returns.yaml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("return period", "return window"), encoding="utf-8")
    assert preview.rebuild()
    assert "return window" in page.read_text(encoding="utf-8")
    assert page.stat().st_mtime_ns != stamps[0] and untouched.stat().st_mtime_ns == stamps[1]

    journey = source / "journeys" / "recall.yaml"
    journey.write_text(journey.read_text(encoding="utf-8").replace("department: parts", "department: nowhere"))
    assert preview.rebuild()  # an error in the YAML: printed and shown on the health page, the site still updates
    assert any("unknown-reference" in message for message in said)
    assert "unknown-reference" in (preview.site / "health" / "index.html").read_text(encoding="utf-8")

    (source / "journeybook.yaml").write_text("rules: {no-such-rule: error}\n", encoding="utf-8")
    assert not preview.rebuild()  # unusable settings: say so, keep serving the last good site
    assert said[-1].startswith("Not rebuilt:") and (preview.site / "index.html").is_file()
