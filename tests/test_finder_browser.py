"""The answer finder in a real browser: typing, ?q= links, department picker, filters, keys, offline, public.

Headless Debian Chromium through Playwright; the sites are the example playbook built for staff and the public
(test_browser's fixtures) and an offline build opened straight from disk. The finder's screenshot in
docs/screenshots/finder.png is taken here.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import test_browser  # noqa: E402
from finder_timing import INPUT, RESULTS, find, result_ids, wait_ready  # noqa: E402 - benchmarks/ is not a package
from search_timing import CHROMIUM, open_page  # noqa: E402
from test_browser import LIVE_MARKUP, PAYLOADS, SCREENSHOTS, png_size  # noqa: E402
from test_pages import playbook_files  # noqa: E402
from test_site import build, make  # noqa: E402

# test_browser's sites and browser, shared (pytest finds fixtures by their name in this module)
chromium, example_sites, staff_url, public_url = (
    test_browser.chromium,
    test_browser.example_sites,
    test_browser.staff_url,
    test_browser.public_url,
)
hostile_site, hostile_url, tab = test_browser.hostile_site, test_browser.hostile_url, test_browser.tab

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"{CHROMIUM} is missing: apt-get install chromium"),
]


def first_result(page):
    return page.locator(f"{RESULTS} > li").first


@pytest.fixture(scope="module")
def finder_page(chromium, staff_url: str):  # noqa: F811
    """One staff page with the finder ready, shared by the typing tests."""
    with open_page(chromium) as (page, watch):
        page.goto(staff_url)
        wait_ready(page)
        yield page, watch


@pytest.mark.parametrize(
    ("said", "question"),
    [
        ("tow truck damaged my car", "tow-damage-who-pays"),
        ("the recovery driver scratched my car", "tow-damage-who-pays"),
        ("do I get a hire car", "courtesy-car"),
        ("my kid just passed their test", "add-young-driver"),
        ("cancle my polcy", "cancel-how"),
        ("curtesy car", "courtesy-car"),
        ("windshield chip", "chip-repair-cost"),
        ("telematics", "young-driver-app"),
    ],
)
def test_typing_what_the_customer_said_shows_the_question_first_with_its_answer(finder_page, said, question) -> None:
    page, watch = finder_page
    found = find(page, said, key_delay_ms=5)
    assert found[0] == question, found[:3]
    first = first_result(page)
    assert first.get_attribute("data-question") == question
    assert first.locator(".jb-answer__say").first.inner_text().strip()  # the words to say, in the result
    assert watch.problems() == []


def test_result_shows_decision_say_and_conditions_and_journeys_as_the_customers_problem(finder_page) -> None:
    page, watch = finder_page
    find(page, "how long until the tow truck gets to me", paste=True)
    first = first_result(page)
    text = " ".join(first.inner_text().split())
    assert "Roadside Assistance" in text and "Decision: 1:30" in text
    assert "Private drivers, Small-business fleets" in text
    assert "We aim to be with you within 90 minutes" in text
    found = find(page, "tow truck damaged my car", paste=True)
    assert "journey:tow-truck-damage" in found
    journey = page.locator(f"{RESULTS} > li[data-journey='tow-truck-damage']")
    assert "The customer's problem" in journey.text_content()
    assert "Your tow truck damaged my car" in journey.text_content()
    assert watch.problems() == []


def test_a_link_with_q_opens_the_finder_with_results_on_any_page(tab, staff_url: str) -> None:  # noqa: F811
    page, watch = tab
    page.goto(staff_url + "journeys/accident-claim/?q=" + quote("broke down in France"))
    page.wait_for_selector(f"{RESULTS} > li")
    assert page.locator(INPUT).input_value() == "broke down in France"
    assert result_ids(page)[0] == "breakdown-abroad"
    assert page.locator("[data-jb-finder] .jb-finder__panel").is_visible()
    assert watch.problems() == []


def test_meaning_loads_in_the_background_and_finds_what_the_words_miss(tab, staff_url: str) -> None:  # noqa: F811
    """The example site has `site: {meaning: true}`: the model loads after the index, from the site itself."""
    page, watch = tab
    page.goto(staff_url)
    wait_ready(page)
    assert page.get_attribute("[data-jb-finder]", "data-jb-meaning") == "ready"
    assert find(page, "a van reversed into me", key_delay_ms=5)[0] == "report-accident"  # words: courtesy-car
    first = first_result(page)
    assert first.get_attribute("data-question") == "report-accident"
    assert first.locator(".jb-answer__say").first.inner_text().strip()
    assert watch.problems() == []  # no console error, no request to another host


def test_a_link_with_q_gets_meaning_once_the_model_has_loaded(tab, staff_url: str) -> None:  # noqa: F811
    page, watch = tab
    page.goto(staff_url + "?q=" + quote("a van reversed into me"))
    wait_ready(page)
    page.wait_for_function(
        "document.querySelector('[data-jb-results] [data-question]')?.dataset.question === 'report-accident'",
        timeout=30_000,
    )
    assert page.locator(INPUT).input_value() == "a van reversed into me"
    assert watch.problems() == []


def test_department_picker_puts_my_answer_first_and_is_remembered(tab, staff_url: str) -> None:  # noqa: F811
    page, watch = tab
    page.goto(staff_url)
    wait_ready(page)
    find(page, "who pays if the tow truck damaged my car", paste=True)
    who = first_result(page).locator(".jb-answer__who strong")
    assert who.first.inner_text() == "Roadside Assistance"
    page.select_option("[data-jb-department]", "customer-care")
    assert who.first.inner_text() == "Customer Care"
    page.goto(staff_url + "questions/?q=" + quote("who pays if the tow truck damaged my car"))
    page.wait_for_selector(f"{RESULTS} > li")
    assert page.locator("[data-jb-department]").input_value() == "customer-care"  # kept in the browser
    assert first_result(page).locator(".jb-answer__who strong").first.inner_text() == "Customer Care"
    assert watch.problems() == []


def test_filters_by_segment_channel_and_department(finder_page) -> None:
    page, watch = finder_page
    everything = find(page, "tow truck", paste=True)
    assert "tow-arrival-time" in everything and "journey:tow-truck-damage" in everything
    page.select_option("[data-jb-filter='department']", "billing")
    assert not [r for r in result_ids(page) if "tow" in r]  # billing answers nothing about tow trucks
    page.select_option("[data-jb-filter='department']", "roadside-assistance")
    assert "tow-arrival-time" in result_ids(page)
    page.select_option("[data-jb-filter='department']", "")
    page.select_option("[data-jb-filter='segment']", "premium")
    assert "tow-arrival-time" in result_ids(page)  # it has an answer for premium customers
    page.select_option("[data-jb-filter='segment']", "")
    young = find(page, "add my son to my insurance", paste=True)
    assert "journey:add-young-driver" in young
    page.select_option("[data-jb-filter='segment']", "small-business")
    assert "journey:add-young-driver" not in result_ids(page)  # that journey is for private and premium customers
    page.select_option("[data-jb-filter='segment']", "")
    find(page, "tow truck", paste=True)
    page.select_option("[data-jb-filter='channel']", "phone")
    assert result_ids(page)
    page.select_option("[data-jb-filter='channel']", "")
    assert result_ids(page) == everything
    assert watch.problems() == []


def test_keyboard_only_slash_arrows_enter(tab, staff_url: str) -> None:  # noqa: F811
    page, watch = tab
    page.goto(staff_url + "people/")
    wait_ready(page)
    assert "Press /" in " ".join(page.goto(staff_url) and page.locator("article").inner_text().split())
    wait_ready(page)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('[data-jb-input]')")
    page.keyboard.type("windscreen", delay=10)
    page.wait_for_selector(f"{RESULTS} > li.jb-result--active")
    ids = result_ids(page)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    active = page.locator(f"{RESULTS} > li.jb-result--active")
    assert active.get_attribute("data-question") == ids[1]
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/questions/{ids[1]}/")
    assert watch.problems() == []


def test_public_finder_holds_no_staff_only_note(tab, staff_url: str, public_url: str) -> None:  # noqa: F811
    """The courtesy-car question is public; its internal note (a wheelchair-accessible hire car) is not."""
    page, watch = tab
    page.goto(staff_url)
    wait_ready(page)
    assert find(page, "wheelchair accessible", paste=True)[0] == "courtesy-car"
    assert "wheelchair" in first_result(page).inner_text()
    page.goto(public_url)
    wait_ready(page)
    public = find(page, "wheelchair accessible", paste=True)
    assert "wheelchair" not in page.locator(RESULTS).inner_text().lower()
    assert "Decision:" not in page.locator(RESULTS).inner_text()
    assert all(not r.startswith("journey:") or r for r in public)
    assert find(page, "courtesy car", paste=True)[0] == "courtesy-car"  # the public question is there
    assert watch.problems() == []


def test_offline_site_searches_from_disk(tmp_path: Path, chromium) -> None:  # noqa: F811
    files = playbook_files()
    files["journeybook.yaml"] += "site:\n  offline: true\n"
    site = build(make(tmp_path, files), tmp_path / "site").site_dir
    with open_page(chromium) as (page, watch):
        page.goto((site / "index.html").as_uri() + "?q=" + quote("refund"))
        page.wait_for_selector(f"{RESULTS} > li", timeout=20_000)
        assert result_ids(page)[0] == "refund-window"
        with page.expect_navigation():
            page.locator(INPUT).press("Enter")
        assert page.url.startswith("file://") and page.url.endswith("/questions/refund-window.html")
        assert page.locator("article h1").first.is_visible()
        assert watch.problems() == []


def test_hostile_text_in_results_and_q_stays_text(tab, hostile_url: str) -> None:  # noqa: F811
    page, watch = tab
    page.goto(hostile_url + "?q=" + quote(PAYLOADS[0]))
    page.wait_for_function("document.querySelector('[data-jb-input]').value.length > 0")
    wait_ready(page)
    assert page.locator(INPUT).input_value() == PAYLOADS[0]
    for payload in PAYLOADS[::4]:
        find(page, payload, paste=True)
        page.mouse.move(300, 300)
        assert page.evaluate(LIVE_MARKUP, None) == [], payload
    assert watch.dialogs == [] and watch.page_errors == [] and watch.outside_requests == []


def test_works_at_phone_width(chromium, staff_url: str) -> None:  # noqa: F811
    with open_page(chromium, viewport={"width": 390, "height": 844}) as (page, watch):
        page.goto(staff_url + "?q=" + quote("my car broke down"))
        page.wait_for_selector(f"{RESULTS} > li")
        box = page.locator(INPUT).bounding_box()
        assert box is not None and box["width"] >= 120 and box["x"] + box["width"] <= 390
        panel = page.locator(".jb-finder__panel").bounding_box()
        assert panel is not None and panel["x"] >= 0 and panel["x"] + panel["width"] <= 391
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert watch.problems() == []


def test_screenshot_of_a_search_with_the_answer_in_the_result(chromium, staff_url: str) -> None:  # noqa: F811
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with open_page(chromium) as (page, watch):
        page.goto(staff_url + "?q=" + quote("engineer never showed"))
        wait_ready(page)  # the meaning layer too: the screenshot shows the results as they settle
        page.wait_for_selector(f"{RESULTS} > li")
        page.select_option("[data-jb-department]", "roadside-assistance")
        page.screenshot(path=SCREENSHOTS / "finder.png", animations="disabled", caret="hide")
        assert result_ids(page)[0] == "tow-arrival-time"
        assert watch.problems() == []
    assert png_size(SCREENSHOTS / "finder.png") == (1280, 900)
    assert (ROOT / "docs" / "screenshots" / "finder.png").is_file()
