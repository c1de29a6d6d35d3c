"""Zensical builds the folder `build --keep-docs` keeps into the same pages as MkDocs (skipped without Zensical).

Tested with Zensical 0.0.73: the newest release the package registry serves whose dependencies resolve (0.0.74 and
later pin a `zensical-ui` package it does not have). Install it with `pip install -e ".[zensical]"`.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from journeybook.check import run_check
from journeybook.site import build_site
from test_keep_docs import example_repository, pages

sys.path.insert(0, str(ROOT / "benchmarks"))
import search_timing  # noqa: E402 - benchmarks/ is not a package
from finder_timing import RESULTS, find, wait_ready  # noqa: E402
from search_timing import CHROMIUM, open_page, serve  # noqa: E402

pytest.importorskip("zensical")

TESTED = "0.0.73"


def main_text(page: Path) -> str:
    """The words of a page's article, without any tag chips Zensical would add (pages carry no `tags` now; the
    strip stays for a repository whose own hand-written pages have them)."""
    text = page.read_text(encoding="utf-8")
    found = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', text, re.DOTALL)
    body = re.sub(r'<nav class="md-tags".*?</nav>', " ", found.group(1) if found else "", flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(MkDocs' site, Zensical's site) of the example playbook, from one kept docs folder."""
    tmp = tmp_path_factory.mktemp("zensical")
    source = example_repository(tmp / "repo")
    built = build_site(run_check(source), tmp / "site", keep_docs=tmp / "kept")
    zensical = shutil.which("zensical", path=str(Path(sys.executable).parent)) or "zensical"
    done = subprocess.run(
        [zensical, "build", "--clean", "-f", str(tmp / "kept" / "mkdocs.yml")],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp / "kept",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return built.site_dir, tmp / "kept" / "site"


def test_the_version_tested_is_installed() -> None:
    from importlib.metadata import version

    if version("zensical") != TESTED:
        pytest.skip(f"Zensical {version('zensical')} is installed; these tests were written against {TESTED}")


def test_zensical_builds_the_same_pages_with_the_same_titles(both: tuple[Path, Path]) -> None:
    mkdocs_site, zensical_site = both
    ours, theirs = pages(mkdocs_site), pages(zensical_site)
    assert len(ours) > 50 and theirs == ours


def test_zensical_shows_the_same_answers_and_steps(both: tuple[Path, Path]) -> None:
    mkdocs_site, zensical_site = both
    differ = [page for page in pages(mkdocs_site) if main_text(mkdocs_site / page) != main_text(zensical_site / page)]
    assert differ == []
    question = main_text(zensical_site / "questions" / "windscreen-replacement-excess" / "index.html")
    assert "£95" in question and "£115" in question  # both answers, before and after the new excess
    journey = main_text(zensical_site / "journeys" / "windscreen-chip" / "index.html")
    assert "1. Take the request" in journey and "Book the glass technician" in journey


def test_the_kept_config_asks_zensical_for_materials_look(both: tuple[Path, Path]) -> None:
    _, zensical_site = both
    assert "variant: classic" in (zensical_site.parent / "mkdocs.yml").read_text(encoding="utf-8")
    assert "stylesheets/classic/main." in (zensical_site / "index.html").read_text(encoding="utf-8")


def test_build_with_engine_zensical_publishes_the_same_pages(tmp_path: Path, both: tuple[Path, Path]) -> None:
    mkdocs_site, _ = both
    source = example_repository(tmp_path / "repo")
    built = build_site(run_check(source), tmp_path / "site", engine="zensical")
    assert pages(built.site_dir) == pages(mkdocs_site)


def test_zensical_shows_one_search_box_the_answer_finder(both: tuple[Path, Path]) -> None:
    """Zensical's own search is turned off in the settings it is given: no second box, no index of the pages."""
    _, zensical_site = both
    page = (zensical_site / "questions" / "courtesy-car" / "index.html").read_text(encoding="utf-8")
    assert "md-search" not in page and "data-jb-finder" not in page  # the finder's box is added by finder.js
    assert '<script src="../../assets/journeybook/finder.js"></script>' in page
    search = zensical_site / "search.json"
    assert not search.exists() or json.loads(search.read_text(encoding="utf-8"))["items"] == []


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"{CHROMIUM} is missing: apt-get install chromium")
def test_the_answer_finder_ranks_the_same_on_both_engines(both: tuple[Path, Path]) -> None:
    """Typed into each site in Chromium, callers' words give the same results in the same order, with answers."""
    seen = {}
    with search_timing.chromium() as browser:
        for name, site in zip(("mkdocs", "zensical"), both, strict=True):
            with serve(site) as base, open_page(browser) as (page, watch):
                page.goto(base + "questions/courtesy-car/")
                wait_ready(page)
                seen[name] = [find(page, said) for said in ("crack in my windscreen", "cancle my polcy", "hire car")]
                first = page.locator(f"{RESULTS} > li").first.inner_text()
                assert "Decision" in first, first
                assert page.locator("[data-jb-finder]").count() == 1 and page.locator(".md-search").count() == 0
                assert watch.console_errors == [] and watch.outside_requests == []
    assert seen["zensical"] == seen["mkdocs"]
    assert [found[0] for found in seen["mkdocs"]] == ["windscreen-replacement-excess", "cancel-how", "courtesy-car"]
