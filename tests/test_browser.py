"""The built site in a real browser: swim lanes, hostile text, audiences, every page (the finder: test_finder_browser).

Headless Debian Chromium through Playwright, the site served over http on
127.0.0.1. Serving, launching and typing into the finder are shared with the
timing harnesses, benchmarks/search_timing.py and benchmarks/finder_timing.py.
Each site is built once per test session. The screenshots in docs/screenshots/
are taken here, so they always show the current site.
"""

from __future__ import annotations

import itertools
import struct
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import CORPORA, ROOT, write_tree
from test_pages import playbook_files, q
from test_site import build

sys.path.insert(0, str(ROOT / "benchmarks"))
import search_timing  # noqa: E402 - benchmarks/ is not a package; the harness and these tests share its code
from finder_timing import INPUT, RESULTS, find, wait_ready  # noqa: E402
from search_timing import CHROMIUM, Watch, open_page, serve  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.is_file(), reason=f"{CHROMIUM} is missing: apt-get install chromium"),
]

SCREENSHOTS = ROOT / "docs" / "screenshots"
PAYLOADS = (CORPORA / "xss-payloads.txt").read_text(encoding="utf-8").splitlines()

# Tags and attributes hostile text would have made live, looked up in the rendered DOM (after scripts ran,
# so it also covers what Material inserts with innerHTML, like search results).
LIVE_MARKUP = r"""(root) => {
  const found = [];
  for (const el of (root || document).querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(`${el.tagName} ${attr.name}`);
      const link = /^(href|src|action|data|formaction|xlink:href)$/i.test(attr.name);
      if (link && /^\s*(javascript|data):/i.test(attr.value))
        found.push(`${el.tagName} ${attr.name}=${attr.value}`);
    }
  }
  const tags = "iframe, object, embed, base, meta[http-equiv], video, math, "
    + "form:not(.jb-finder__form), input:not([data-jb-input]):not(.md-toggle):not(.md-option)";
  for (const el of (root || document).querySelectorAll(tags)) found.push(el.outerHTML.slice(0, 100));
  for (const script of document.scripts)
    if (/alert|xss/i.test(script.textContent)) found.push(`script: ${script.textContent.slice(0, 60)}`);
  return found;
}"""


def visible(page, selector: str = "body") -> str:
    """The text a reader sees, whitespace collapsed."""
    return " ".join(page.locator(selector).first.inner_text().split())


def clean(text: str) -> str:
    return " ".join(text.split())


# --- sites and the browser ------------------------------------------------------------------


@pytest.fixture(scope="session")
def example_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example playbook (Harbor Mutual) built for staff and for the public, with the repository's docs/."""
    tmp = tmp_path_factory.mktemp("example")
    return {audience: build(ROOT / "playbooks", tmp / audience, audience).site_dir for audience in ("staff", "public")}


def hostile_playbook(folder: Path) -> Path:
    """The small test playbook with the 40 payloads of the corpus spread over every free-text field.

    Every payload also stands in a question's `also_asked` and a step's `do`, which every staff build shows
    and indexes, so each one reaches a page and the search index whatever field it was dealt.
    """
    slot = "JB-HOSTILE-SLOT"
    payloads = itertools.cycle(PAYLOADS)
    files = {}
    for name, text in playbook_files(slot).items():
        head, *rest = text.split(q(slot))
        files[name] = head + "".join(q(next(payloads)) + part for part in rest)
    assert sum(text.count(q(slot)) for text in playbook_files(slot).values()) >= len(PAYLOADS)
    every = ", ".join(q(p) for p in PAYLOADS)
    policy, journey = files["policies/returns.yaml"], files["journeys/laptop.yaml"]
    assert policy.count("also_asked: [") == 1 and journey.count("do: [") >= 1
    files["policies/returns.yaml"] = policy.replace("also_asked: [", f"also_asked: [{every}, ", 1)
    files["journeys/laptop.yaml"] = journey.replace("do: [", f"do: [{every}, ", 1)
    return write_tree(folder / "repo" / "playbooks", files)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    return build(hostile_playbook(tmp), tmp / "site").site_dir


@pytest.fixture(scope="session")
def chromium():
    with search_timing.chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def staff_url(example_sites: dict[str, Path]) -> Iterator[str]:
    with serve(example_sites["staff"]) as base:
        yield base


@pytest.fixture(scope="session")
def public_url(example_sites: dict[str, Path]) -> Iterator[str]:
    with serve(example_sites["public"]) as base:
        yield base


@pytest.fixture(scope="session")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with serve(hostile_site) as base:
        yield base


@pytest.fixture
def tab(chromium) -> Iterator[tuple[object, Watch]]:
    """A fresh page (its own context) and what it recorded: dialogs, console errors, requests off localhost."""
    with open_page(chromium) as opened:
        yield opened


# --- pages: a journey as staff read it during a call ----------------------------------------


def test_journey_page_shows_swim_lanes_owner_and_the_answer_to_say(tab, staff_url: str) -> None:
    page, watch = tab
    page.goto(staff_url + "journeys/tow-truck-damage/")
    lanes = page.locator(".jb-swimlane svg")
    assert lanes.is_visible()
    box = lanes.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 400
    # One lane per department, side by side, each headed by the department's name, in the order the case moves.
    lane_boxes = lanes.locator(":scope > rect").evaluate_all(
        "rects => rects.map(r => { const b = r.getBoundingClientRect(); return [b.x, b.width, b.height]; })"
    )
    assert len(lane_boxes) == 3
    assert all(width > 100 and height > 400 for _, width, height in lane_boxes)
    assert [x for x, _, _ in lane_boxes] == sorted(x for x, _, _ in lane_boxes)
    headings = lanes.locator(":scope > text").all_text_contents()
    assert headings[:3] == ["Customer Care", "Roadside Assistance", "Claims"]
    # Each step is a box in its department's lane; the case starts in Customer Care.
    steps = lanes.locator(":scope > g").evaluate_all(
        """groups => groups.filter(g => g.querySelector("rect[rx='6']")).map(g => [
            [...g.querySelectorAll("tspan")].map(span => span.textContent).join(" "),
            g.getBoundingClientRect().x,
        ])"""
    )
    assert [label for label, _ in steps] == [
        "1. Listen, apologise and record the damage",
        "2. Check the breakdown job and decide how to put it right",
        "3. Pay for the damage",
        "4. Arrange the repair as a no-fault claim",
        "5. Check the customer is satisfied",
    ]
    lane_of = [max(n for n, (x, _, _) in enumerate(lane_boxes) if x <= left) for _, left in steps]
    assert lane_of == [0, 1, 1, 2, 1]
    # Who owns it and how to reach them, then the answer itself, inline, for the step's department.
    text = visible(page, "article")
    assert "Kerry Walsh (Roadside Assistance) · kerry.walsh@harbormutual.example" in text
    assert "Their team: Roadside Assistance, 020 7946 0300, ext. 4300" in text
    assert "I'm sorry; that should never happen. We'll pay to put it right" in visible(page, ".jb-say")
    size = "element => getComputedStyle(element).fontSize"
    assert page.locator(".jb-say .admonition p").last.evaluate(size) == page.locator("article > p").first.evaluate(size)
    assert "Hand over to Roadside Assistance with: case number, policy number" in text
    assert watch.problems() == []


def test_every_kind_of_page_loads_without_errors_or_requests_off_localhost(
    tab, staff_url: str, public_url: str
) -> None:
    page, watch = tab
    paths = [
        "",
        "journeys/",
        "journeys/accident-claim/",
        "questions/",
        "questions/tow-arrival-time/",
        "departments/",
        "departments/claims/",
        "people/",
        "health/",
        "welcome/",
        "glossary/",
    ]
    for path in paths:
        response = page.goto(staff_url + path)
        assert response is not None and response.status == 200, path
        assert page.locator("article h1").first.is_visible(), path
    wait_ready(page)
    assert find(page, "windscreen")[0] == "windscreen-replacement-excess"
    page.goto(public_url)
    wait_ready(page)
    assert find(page, "windscreen")
    assert watch.problems() == []


# --- hostile text ---------------------------------------------------------------------------


def test_hostile_text_fires_nothing_and_shows_as_typed_on_every_page(tab, hostile_site: Path, hostile_url: str) -> None:
    page, watch = tab
    pages = sorted(p.parent.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("index.html"))
    assert len(pages) >= 12
    for path in pages:
        page.goto(hostile_url + ("" if path == "." else path + "/"))
        page.mouse.move(400, 400)  # onmouseover payloads would fire now
        assert page.evaluate(LIVE_MARKUP, None) == [], path
    page.goto(hostile_url + "journeys/laptop-will-not-charge/")
    steps = visible(page, "article")
    page.goto(hostile_url + "questions/refund-window/")
    asked = visible(page, "article")
    missing = [p for p in PAYLOADS if clean(p) not in steps or clean(p) not in asked]
    assert missing == []
    assert watch.dialogs == [] and watch.page_errors == [] and watch.outside_requests == []


def test_hostile_text_typed_into_the_finder_renders_results_as_text(tab, hostile_url: str) -> None:
    page, watch = tab
    page.goto(hostile_url)
    wait_ready(page)
    with_results = 0
    for payload in PAYLOADS:
        found = find(page, payload, paste=True)
        assert page.locator(RESULTS).evaluate(LIVE_MARKUP) == [], payload
        with_results += len(found) > 0
    assert with_results >= 10  # enough payloads match to render results built from the hostile index entries
    find(page, "onerror alert xss 39")
    shown = page.locator(RESULTS).inner_text()
    assert "<img src=x onerror=alert('xss-39')>" in shown  # the payload is shown as text
    page.goto(hostile_url + "?q=" + quote(PAYLOADS[1]))  # a link puts the text straight into the finder
    page.wait_for_function("document.querySelector('[data-jb-input]').value.length > 0")
    assert page.locator(INPUT).input_value() == PAYLOADS[1]
    wait_ready(page)
    assert page.evaluate(LIVE_MARKUP, None) == []
    assert watch.dialogs == [] and watch.page_errors == [] and watch.outside_requests == []


def test_the_checks_notice_live_markup_dialogs_and_requests_off_localhost(tab, hostile_url: str) -> None:
    """The hostile-text tests pass because nothing happened, not because these checks are blind."""
    page, watch = tab
    page.goto(hostile_url)
    page.evaluate(
        """() => document.body.insertAdjacentHTML("beforeend",
            '<img src="x" onerror="1"><a href="javascript:void 0">x</a><iframe></iframe>')"""
    )
    assert len(page.evaluate(LIVE_MARKUP, None)) == 3
    page.evaluate("() => { alert('xss-check'); fetch('http://example.invalid/x').catch(() => {}); }")
    page.wait_for_function("() => performance.getEntriesByName('http://example.invalid/x').length > 0")
    assert watch.dialogs == ["alert: xss-check"]
    assert watch.outside_requests == ["http://example.invalid/x"]


# --- screenshots ----------------------------------------------------------------------------


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_screenshots_of_the_example_site(tab, staff_url: str, example_sites: dict[str, Path]) -> None:
    """docs/screenshots/ shows the current site; the build never publishes that folder."""
    page, watch = tab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = {"animations": "disabled", "caret": "hide"}

    page.goto(staff_url)
    wait_ready(page)
    find(page, "tow truck damaged my car")
    page.screenshot(path=SCREENSHOTS / "home-search.png", **shot)

    page.goto(staff_url + "journeys/tow-truck-damage/")
    page.locator("#jb-lanes").evaluate("h => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 64)")
    page.screenshot(path=SCREENSHOTS / "journey.png", **shot)

    page.goto(staff_url + "questions/tow-damage-who-pays/")
    page.screenshot(path=SCREENSHOTS / "question.png", **shot)

    page.goto(staff_url + "health/")
    page.screenshot(path=SCREENSHOTS / "health.png", **shot)

    page.goto(staff_url + "audits/")  # the whole page: tables by journey and department, then the trend charts
    page.screenshot(path=SCREENSHOTS / "audits.png", full_page=True, **shot)
    assert png_size(SCREENSHOTS / "audits.png")[0] == 1280

    for name in ("home-search", "journey", "question", "health"):
        assert png_size(SCREENSHOTS / f"{name}.png") == (1280, 900), name
    assert not (example_sites["staff"] / "screenshots").exists()
    assert watch.problems() == []


# --- the "What changed" page (a git history: test_changes_page.py) ----------------------------


@pytest.fixture(scope="module")
def changes_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from test_changes_page import history

    tmp = tmp_path_factory.mktemp("changes")
    with serve(build(history(tmp / "content") / "playbooks", tmp / "site").site_dir) as base:
        yield base


def test_the_changes_page_is_a_tab_shows_its_changes_and_serves_the_feed(tab, changes_url: str) -> None:
    page, watch = tab
    page.goto(changes_url)
    link = page.locator("a.md-tabs__link", has_text="What changed")
    assert link.count() == 1 and link.get_attribute("href") == "changes/"
    page.goto(changes_url + "changes/")
    article = clean(page.locator("article").first.inner_text())
    assert "Changing soon" in article
    assert "From 2027-01-01 · How much do I pay towards a new windscreen? — Customer Care: £115" in article
    assert "Say: “No, chip repairs are free.” → “No, chip repairs cost nothing.”" in article
    assert "Commit: Glass excess from 2027 <b>and</b> staff discount" in article  # shown as text, not markup
    assert page.locator("article b", has_text="and").count() == 0
    question = page.locator("article a", has_text="Do I pay to fix a chip?").first
    assert question.get_attribute("href") == "../questions/chip-repair/"
    page.goto(changes_url + "questions/chip-repair/")
    assert "Last changes" in page.locator("article").first.inner_text()
    feed = page.request.get(changes_url + "changes/feed.xml")
    assert feed.ok and feed.text().startswith("<?xml version='1.0' encoding='utf-8'?>\n<feed")
    assert watch.problems() == []
