"""The "What changed" page in a real browser: reached from the tabs, its changes shown, the feed served as XML."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOT
from test_changes_page import repo  # noqa: F401 - the module-scoped fixture: a git history of the glass playbook
from test_site import build

sys.path.insert(0, str(ROOT / "benchmarks"))
import search_timing  # noqa: E402 - benchmarks/ is not a package; the browser tests share its harness
from search_timing import CHROMIUM, open_page, serve  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"{CHROMIUM} is missing: apt-get install chromium"),
]


@pytest.fixture(scope="module")
def site_url(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:  # noqa: F811
    site = build(repo / "playbooks", tmp_path_factory.mktemp("changes-site") / "site").site_dir
    with serve(site) as base:
        yield base


def test_the_changes_page_is_a_tab_shows_its_changes_and_serves_the_feed(site_url: str) -> None:
    with search_timing.chromium() as browser, open_page(browser) as (page, watch):
        page.goto(site_url)
        tab = page.locator("a.md-tabs__link", has_text="What changed")
        assert tab.count() == 1 and tab.get_attribute("href") == "changes/"
        page.goto(site_url.rstrip("/") + "/changes/")
        article = " ".join(page.locator("article").first.inner_text().split())
        assert "Changing soon" in article
        assert "From 2027-01-01 · How much do I pay towards a new windscreen? — Customer Care: £115" in article
        assert "Say: “No, chip repairs are free.” → “No, chip repairs cost nothing.”" in article
        assert "Commit: Glass excess from 2027 <b>and</b> staff discount" in article  # shown as text, not markup
        assert page.locator("article b", has_text="and").count() == 0
        link = page.locator("article a", has_text="Do I pay to fix a chip?").first
        assert link.get_attribute("href") == "../questions/chip-repair/"
        page.goto(site_url.rstrip("/") + "/questions/chip-repair/")
        assert "Last changes" in page.locator("article").first.inner_text()
        response = page.request.get(site_url.rstrip("/") + "/changes/feed.xml")
        assert response.ok and response.text().startswith("<?xml version='1.0' encoding='utf-8'?>\n<feed")
        assert watch.problems() == []
