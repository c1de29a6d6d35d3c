"""Rendering the playbook to Markdown pages (pure): escaping, determinism, audiences, what a journey page says."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import markdown
import pytest
import yaml

from conftest import FIXED_TODAY, write_tree
from journeybook.check import run_check
from journeybook.pages import md, plain, render_pages, slug
from journeybook.site import DEFAULT_CONFIG

# Strings that appear only in staff-only content: a public build must contain none of them, anywhere.
STAFF_ONLY = {
    "internal": "STAFFONLY-INTERNAL check the warehouse ledger",
    "question": "STAFFONLY-QUESTION how do I reset the warehouse flag",
    "journey": "STAFFONLY-JOURNEY warehouse recall",
    "person": "Dana Lee",
    "email": "dana.lee@example.com",
    "suppress": "STAFFONLY-REASON parts ship from the central warehouse",
}
ALSO_ASKED = "can I still send it back"
SAY = "You can return it within 30 days of delivery for a full refund."
CONFIRM = "The customer says the laptop charges and starts."


def q(text: str) -> str:
    """A YAML scalar holding exactly `text` (JSON strings are YAML double-quoted scalars)."""
    return json.dumps(text, ensure_ascii=False)


def playbook_files(text: str | Callable[[str], str] | None = None) -> dict[str, str]:
    """A small playbook: three departments, a public journey with two handoffs, a staff-only journey and question.

    With `text`, every free-text field (names, contacts, asks, answers, steps, reasons) holds that text instead;
    a function gets each field's default text (unique per field) and returns what the field holds.
    """

    def t(default: str) -> str:
        if callable(text):
            return q(text(default))
        return q(default if text is None else text)

    return {
        # The region is declared only for the plain texts: each `t()` is a slot other tests fill in order.
        "journeybook.yaml": f"organization: {t('Northwind Appliances')}\n"
        + ("dimensions:\n  region: [EU]\n" if text is None else ""),
        "org.yaml": f"""
people:
  - id: dana-lee
    name: {t(STAFF_ONLY["person"])}
    email: {t(STAFF_ONLY["email"])}
    phone: {t("+1 555 0100")}
    role: {t("Team lead")}
    department: customer-care
  - id: kim-park
    name: {t("Kim Park")}
    department: hardware-support
  - id: sam-ortiz
    name: {t("Sam Ortiz")}
    department: parts
departments:
  - id: customer-care
    name: {t("Customer Care")}
    lead: dana-lee
    contact: {t("ext. 4100")}
    description: {t("Answers the phone and chat.")}
    tools: [crm]
  - id: hardware-support
    name: {t("Hardware Support")}
    lead: kim-park
    tools: [crm]
  - id: parts
    name: {t("Parts")}
    lead: sam-ortiz
    tools: [crm]
tools:
  - id: crm
    name: {t("Case system")}
    description: {t("Where every case lives.")}
channels: [phone, chat]
""",
        "segments.yaml": f"""
segments:
  - id: consumer
    name: {t("Home customers")}
    description: {t("People who buy for themselves.")}
    expectations: [{t("One answer, the first time")}]
""",
        "policies/returns.yaml": f"""
topic: returns
title: {t("Returns and refunds")}
owner: dana-lee
review_by: 2027-03-31
questions:
  - id: refund-window
    ask: {t("How long do I have to return a product for a refund?")}
    also_asked: [{t(ALSO_ASKED)}, {t("return period")}]
    audience: public
    answers:
      - by: customer-care
        decision: {t("30 days")}
        say: {t(SAY)}
        internal: {t(STAFF_ONLY["internal"])}
        when: {{channel: [phone, chat], region: [{t("EU")}]}}
  - id: warehouse-flag
    ask: {t(STAFF_ONLY["question"])}
    answers:
      - by: parts
        decision: {t("reset it")}
        say: {t("Reset it in the case system.")}
""",
        "journeys/laptop.yaml": f"""
id: laptop-will-not-charge
title: {t("My laptop won't charge")}
problem: {t("My computer doesn't work: it won't charge or turn on.")}
outcome: {t("The customer has a laptop that charges and starts.")}
owner: dana-lee
segments: [consumer]
channels: [phone, chat]
audience: public
targets:
  resolution: 5 days
  max_handoffs: 3
steps:
  - id: first-contact
    title: {t("Take the call")}
    department: customer-care
    do: [{t("Open one case for the customer's problem.")}]
    say: [refund-window]
    capture: [case-id, serial-number]
    tools: [crm]
    next:
      - step: diagnose
        carry: [case-id, serial-number]
  - id: diagnose
    title: {t("Find the fault")}
    department: hardware-support
    needs: [serial-number]
    next:
      - step: ship-part
        carry: [case-id, serial-number]
  - id: ship-part
    department: parts
    capture: [shipping-address, serial-number]
    next: [confirm-fixed]
  - id: confirm-fixed
    department: customer-care
    closes: true
    confirm: {t(CONFIRM)}
recovery:
  - trigger: {t("The part arrives damaged")}
    owner: dana-lee
    do: [{t("Ship another by express at our cost")}]
suppress:
  customer-repeats: {t(STAFF_ONLY["suppress"])}
""",
        "journeys/recall.yaml": f"""
id: warehouse-recall
title: {t(STAFF_ONLY["journey"])}
owner: dana-lee
steps:
  - id: start
    department: parts
    say: [warehouse-flag]
    closes: true
    confirm: {t("The flag is reset.")}
""",
    }


def check(tmp_path: Path, files: dict[str, str]):
    return run_check(write_tree(tmp_path / "playbooks", files), today=FIXED_TODAY)


def pages_by_path(result, audience: str = "staff") -> dict[str, str]:
    return {page.path: page.text for page in render_pages(result, audience)}


EXTENSIONS = [e if isinstance(e, str) else next(iter(e)) for e in DEFAULT_CONFIG["markdown_extensions"]]


def to_html(page: str) -> str:
    """A page as MkDocs would turn it into HTML: front matter off, the default configuration's extensions."""
    body = re.sub(r"\A---\n.*?\n---\n", "", page, flags=re.DOTALL)
    return markdown.markdown(body, extensions=EXTENSIONS)


def visible_text(page_html: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page_html)).split())


# --- escaping -------------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "{: onclick=alert(1) }",
    "[x](javascript:alert(1))",
    "{{ 7*7 }} {% if 1 %}jinja{% endif %}",
    "</title><svg onload=alert(1)>",
    '" onmouseover="alert(1)',
    "<!-- hidden --> &lt;b&gt; &amp; ![img](x.png) *em* _u_ `code` | pipe ~~del~~ <https://example.com>",
]
ACTIVE = re.compile(
    r"<(script|img|iframe|object|embed|style|form|input|svg(?! width=))\b"  # our swim lane is the one <svg width=…>
    r"|<[a-z][^>]*\son[a-z]+\s*="  # an event handler on a real tag
    r"|href=\"\s*javascript:|<!--|<em>|<code>code</code>|<del>|<a href=\"https://example"
)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_in_every_field_renders_as_text(tmp_path: Path, hostile: str) -> None:
    result = check(tmp_path, playbook_files(hostile))
    pages = pages_by_path(result)
    assert {"journeys/laptop-will-not-charge.md", "questions/refund-window.md", "people.md", "health.md"} <= set(pages)
    for path, text in pages.items():
        page_html = to_html(text)
        assert not ACTIVE.search(page_html), (path, ACTIVE.search(page_html))
        assert "49" not in visible_text(page_html), path  # "{{ 7*7 }}" was never evaluated
    for path in ("journeys/laptop-will-not-charge.md", "questions/refund-window.md", "people.md"):
        shown = visible_text(to_html(pages[path]))
        assert " ".join(hostile.split()) in shown, path


def test_text_evaluating_plugins_find_nothing_to_evaluate_in_generated_pages(tmp_path: Path) -> None:
    """mkdocs-macros is told to skip generated pages; YAML text carries no Jinja2 or snippet syntax for it anyway."""
    hostile = "{{ 7*7 }} {% include 'x' %} {# c #} ${x} --8<-- \"secrets.txt\" ;--8<-- x"
    for page in render_pages(check(tmp_path, playbook_files(hostile))):
        meta, body = page.text.split("\n---\n", 1)
        assert "\nrender_macros: false" in meta, page.path
        assert not re.search(r"\{\{|\{%|\{#|\$\{|--8<--", body), page.path


def test_multiline_text_cannot_start_markdown_blocks() -> None:
    text = "1. one\n- two\n> three\n    four\n===\n# five\n: six\n+ seven"
    out = md(text)
    assert "\n" not in out
    rendered = markdown.markdown(f"- {out}\n\n**Say:** {out}", extensions=EXTENSIONS)
    assert not re.search(r"<(ol|blockquote|pre|h1|h2|dl|hr)\b", rendered)
    assert rendered.count("<li>") == 1
    assert "1. one" in html.unescape(rendered)


def test_titles_for_themes_have_no_markup_characters() -> None:
    assert plain('</title><svg onload="x">&') == "‹/title›‹svg onload=”x”›+"
    assert plain("  two\n lines ") == "two lines"


def test_ids_are_validated_before_they_become_file_names() -> None:
    assert slug("laptop-will-not-charge") == "laptop-will-not-charge"
    for bad in ("../etc/passwd", "a/b", "Upper", "", "-x", "x" * 65, "con\x00", "con", "lpt1", "index", "ok\n"):
        with pytest.raises(ValueError):
            slug(bad)


def test_an_invalid_id_that_reached_the_model_is_skipped(tmp_path: Path) -> None:
    result = check(tmp_path, playbook_files())
    journey = result.playbook.journeys.pop("laptop-will-not-charge")
    result.playbook.journeys["../../evil"] = replace(journey, id="../../evil")
    paths = [page.path for page in render_pages(result)]
    assert not any("evil" in path for path in paths)
    assert all(re.fullmatch(r"[a-z0-9/-]+\.md", path) for path in paths)


# --- determinism and audiences --------------------------------------------------------------


def test_output_is_byte_identical_twice(tmp_path: Path) -> None:
    first = render_pages(check(tmp_path / "a", playbook_files()))
    second = render_pages(check(tmp_path / "b", playbook_files()))
    assert [(p.path, p.text.encode()) for p in first] == [(p.path, p.text.encode()) for p in second]


def test_public_audience_leaves_out_staff_content(tmp_path: Path) -> None:
    result = check(tmp_path, playbook_files())
    staff = pages_by_path(result, "staff")
    public = pages_by_path(result, "public")
    everything_staff = "\n".join(staff.values())
    for sentinel in STAFF_ONLY.values():
        assert md(sentinel) in everything_staff, sentinel  # the sentinels are really there in a staff build
    everything_public = "\n".join(public.values())
    for name, sentinel in STAFF_ONLY.items():
        assert md(sentinel) not in everything_public, name
    assert "people.md" not in public and "health.md" not in public
    assert not any(path.startswith("departments/") for path in public)
    assert "questions/warehouse-flag.md" not in public and "journeys/warehouse-recall.md" not in public
    assert md(SAY) in public["questions/refund-window.md"]


def test_every_page_has_a_safe_title(tmp_path: Path) -> None:
    pages = render_pages(check(tmp_path, playbook_files("<b>x</b> & 'y'")))
    for page in pages:
        title = re.match(r'---\ntitle: (".*")\n', page.text)
        assert title, page.path
        assert not set(json.loads(title.group(1))) & set("<>&\"'"), page.path


def test_no_page_carries_front_matter_for_a_theme_search(tmp_path: Path) -> None:
    """The answer finder indexes the model itself: `search:` and `tags` would do nothing with MkDocs, and
    Zensical shows `tags` as chips on the page."""
    pages = render_pages(check(tmp_path, playbook_files('<img src=x onerror=alert(1)> & "more"')))
    for page in pages:
        meta = yaml.safe_load(page.text.split("---\n")[1])
        assert set(meta) <= {"title", "render_macros", "hide"}, page.path


def test_navigation_lists_sections_not_every_page(tmp_path: Path) -> None:
    pages = render_pages(check(tmp_path, playbook_files()))
    assert [p.nav_title for p in pages if p.nav_title] == [
        "Home",
        "Journeys",
        "Questions",
        "What changed",
        "Departments",
        "People",
        "Health",
    ]


# --- what the pages say ---------------------------------------------------------------------


def test_journey_page_has_answers_inline_handoffs_and_closing_condition(tmp_path: Path) -> None:
    page = pages_by_path(check(tmp_path, playbook_files()))["journeys/laptop-will-not-charge.md"]
    shown = visible_text(to_html(page))
    assert SAY in shown  # the answer itself, not only a link to it
    assert STAFF_ONLY["internal"] in shown
    assert "Hand over to Parts with: case id, serial number — do not ask the customer again" in shown
    assert "Hand over to Hardware Support with: case id, serial number" in shown
    assert f"Do not close until: {CONFIRM}" in shown
    assert "Dana Lee (Customer Care) · dana.lee@example.com" in shown
    assert "Home customers" in shown and "phone" in shown
    assert "Solve within: 5 days" in shown
    assert shown.index("Take the call") < shown.index("Find the fault") < shown.index("The part arrives damaged")
    assert '<div class="jb-swimlane" data-search-exclude>\n<svg ' in page
    assert re.search(r"\{ #diagnose[ }]", page)  # stable step anchors
    assert 'id="diagnose"' in to_html(page)


def test_a_step_shows_its_own_departments_answer_and_folds_the_others() -> None:
    """Customer Care reads out Customer Care's words; Roadside's answer and its internal note are one click away."""
    example = run_check(Path(__file__).resolve().parents[1] / "playbooks", today=FIXED_TODAY)
    markdown_page = pages_by_path(example)["journeys/tow-truck-damage.md"]
    assert "\nhide: [navigation]\n" in markdown_page  # the swim lanes get the navigation column's width
    page = to_html(markdown_page)
    step = page[page.index('id="towdamage-listen"') : page.index('id="towdamage-investigate"')]
    own, folded = step.split('<details class="jb-other-answers">')
    assert '<p class="admonition-title">Customer Care</p>' in own and "Roadside Assistance" not in own
    assert "<summary>What other departments say (2)</summary>" in folded
    assert '<p class="admonition-title">Roadside Assistance</p>' in folded and "Never send the customer" in folded


def test_public_journey_page_speaks_to_the_customer(tmp_path: Path) -> None:
    page = pages_by_path(check(tmp_path, playbook_files()), "public")["journeys/laptop-will-not-charge.md"]
    shown = visible_text(to_html(page))
    assert SAY in shown
    assert "Your case moves to Parts with: case id, serial number" in shown
    assert f"We close this only when: {CONFIRM}" in shown
    assert "Dana Lee" not in shown and "Case system" not in shown
    assert "Open one case" not in shown  # what staff do is for staff
    assert "The part arrives damaged" not in shown and "Ship another" not in shown  # so is service recovery


def test_swim_lane_marks_a_handoff_that_drops_information(tmp_path: Path) -> None:
    files = playbook_files()
    files["journeys/laptop.yaml"] = files["journeys/laptop.yaml"].replace(
        "      - step: ship-part\n        carry: [case-id, serial-number]", "      - ship-part"
    )
    page = pages_by_path(check(tmp_path, files))["journeys/laptop-will-not-charge.md"]
    lanes = page[page.index("<svg ") : page.index("</svg>")]
    # Red only where a rule reports the loss: Parts asks again for the serial number (customer-repeats).
    assert lanes.count('stroke-dasharray="6 4"') == 1
    labels = " ".join(re.findall(r">([^<]+)</tspan>", lanes))
    assert "carries: nothing drops: serial number not needed later: case id" in labels
    # Parts → Customer Care leaves everything behind, but nobody after needs it: a dark arrow that says so.
    assert "carries: nothing not needed later: serial number, shipping address" in labels
    assert "carries: case id, serial number" in labels
    assert "<script" not in lanes and " on" not in re.sub(r'"[^"]*"', '""', lanes).replace("font", "")
    shown = visible_text(to_html(page))
    assert "Hand over to Parts — nothing travels with the case" in shown
    assert "Not passed on: case id, serial number" in shown


def test_question_page_shows_phrasings_conditions_owner_and_uses(tmp_path: Path) -> None:
    page = pages_by_path(check(tmp_path, playbook_files()))["questions/refund-window.md"]
    shown = visible_text(to_html(page))
    assert f"“{ALSO_ASKED}” · “return period”" in shown
    assert "Customer Care — phone, chat · region: EU" in shown
    assert "Decision: 30 days" in shown
    assert "Owner: Dana Lee" in shown and "Review by: 2027-03-31" in shown
    assert "Due for review" not in shown
    assert "My laptop won't charge — step “Take the call”" in shown
    assert "refund-window" in shown  # found by its id too


def test_stale_question_shows_a_banner(tmp_path: Path) -> None:
    files = playbook_files()
    files["policies/returns.yaml"] = files["policies/returns.yaml"].replace("2027-03-31", "2026-01-31")
    page = pages_by_path(check(tmp_path, files))["questions/refund-window.md"]
    assert '!!! warning "Due for review since 2026-01-31"' in page


def test_health_page_lists_suppressed_findings_with_reasons_and_workload(tmp_path: Path) -> None:
    result = check(tmp_path, playbook_files())
    # the Parts step asks for the serial number again although it travelled: customer-repeats, suppressed
    assert any(f.rule == "customer-repeats" and f.suppressed for f in result.findings)
    shown = visible_text(to_html(pages_by_path(result)["health.md"]))
    assert f"Accepted because: {STAFF_ONLY['suppress']}" in shown
    assert "Handoffs per journey" in shown and "Owners' workload" in shown
    assert "Dana Lee 2 2 1 1" in shown  # journeys, questions, departments led, recovery paths


def test_a_broken_playbook_still_renders(tmp_path: Path) -> None:
    """`serve` shows pages while the YAML is being edited: unknown references and gaps must not crash rendering."""
    files = playbook_files()
    files["journeys/laptop.yaml"] = (
        files["journeys/laptop.yaml"]
        .replace("department: hardware-support", "department: no-such-team")
        .replace("say: [refund-window]", "say: [refund-window, no-such-question]")
        .replace("owner: dana-lee\nsegments", "owner: nobody-here\nsegments")
        .replace("      - step: diagnose\n", "      - step: nowhere\n      - step: diagnose\n")
    )
    files["journeys/empty.yaml"] = "id: empty\ntitle: Nothing here\nsteps: []\n"
    result = check(tmp_path, files)
    assert result.fails()
    pages = pages_by_path(result)
    assert "journeys/empty.md" in pages
    assert "no-such-team" in visible_text(to_html(pages["journeys/laptop-will-not-charge.md"]))
    assert "Errors" in visible_text(to_html(pages["health.md"]))


def test_home_page_puts_search_first(tmp_path: Path) -> None:
    page = pages_by_path(check(tmp_path, playbook_files()))["index.md"]
    body = page.split("---\n", 2)[2]
    assert body.index("Search first") < body.index("Journeys by customer segment") < body.index("Questions customers")
    assert f"for example “{ALSO_ASKED}”" in visible_text(to_html(page))
