"""The answer finder without a browser: its index, its ranking in embedded V8, vocabulary, search-tests.yaml."""

from __future__ import annotations

import gzip
import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT
from journeybook.check import run_check
from journeybook.cli import main
from journeybook.finder import BASE_VOCABULARY, INDEX, Engine, documents, index_script, run_search_tests
from test_reports import CLEAN, POLICY

TODAY = date(2026, 6, 1)

SEARCH_TESTS = """\
- say: how long can I send it back
  expect: refund-window
- say: my screen is cracked
  expect: refund-window
"""
POLICY_TWO = (
    POLICY
    + """\
  - id: broken-on-arrival
    ask: My laptop arrived broken
    also_asked: [the screen is cracked]
    answers:
      - decision: replace
        say: We'll send a new one today.
"""
)


@pytest.fixture
def cli(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JOURNEYBOOK_TODAY", "2026-06-01")

    def run(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


@pytest.fixture(scope="module")
def harbor():
    return run_check(ROOT / "playbooks", today=TODAY)


@pytest.fixture(scope="module")
def engine(harbor):
    with Engine(documents(harbor.playbook, "staff", TODAY)) as running:
        yield running


def questions(engine: Engine, said: str, n: int = 3) -> list[str]:
    return [i for kind, i in engine.search(said, 10) if kind == "q"][:n]


# --- ranking: the same finder-core.js the site runs ------------------------------------------


@pytest.mark.parametrize(
    ("said", "question"),
    [
        ("tow truck damaged my car", "tow-damage-who-pays"),
        ("do I get a hire car", "courtesy-car"),  # Material's search ranked this wrong
        ("refunded", "cancellation-refund"),  # stemming
        ("curtesy car", "courtesy-car"),  # a typing slip
        ("cancle my polcy", "cancel-how"),
        ("widnscreen chip", "chip-repair-cost"),  # two letters swapped in a long word
        ("windshield chip", "chip-repair-cost"),  # vocabulary: windshield = windscreen
        ("I had a prang", "report-accident"),
        ("telematics", "young-driver-app"),
    ],
)
def test_what_the_caller_says_finds_its_question_first(engine: Engine, said: str, question: str) -> None:
    assert questions(engine, said, 1) == [question]


def test_every_phrasing_in_the_yaml_finds_its_own_question_first(harbor, engine: Engine) -> None:
    misses = [
        (said, q.id, questions(engine, said))
        for q in harbor.playbook.questions.values()
        for said in (q.ask, *q.also_asked)
        if questions(engine, said, 1) != [q.id]
    ]
    assert misses == []


def test_short_words_do_not_match_everything(engine: Engine) -> None:
    """Stop words are not searched, and no prefix search under three letters: "a", "be", "up" find nothing."""
    assert engine.search("a") == [] or len(engine.search("a")) < 3
    assert questions(engine, "I am up", 3) == []


def test_journeys_are_found_below_the_question_that_answers(engine: Engine) -> None:
    found = engine.search("tow truck damaged my car", 5)
    assert found[0] == ("q", "tow-damage-who-pays")
    assert ("j", "tow-truck-damage") in found


def test_not_coming_is_not_the_same_as_coming() -> None:
    """The built-in vocabulary keeps "never turned up" apart from "arrive": a no-show finds the no-show question,
    not the one about arrival times, though both are about the engineer coming."""
    docs = [
        {"k": "q", "id": "arrival", "a": "What time will the engineer come?", "aa": ["engineer arrival time"]},
        {"k": "q", "id": "no-show", "a": "What happens if the engineer doesn't come?", "aa": ["missed appointment"]},
    ]
    data = {"vocabulary": [list(group) for group in BASE_VOCABULARY], "docs": docs}
    with Engine(data) as running:
        for said in ("the technician never turned up", "nobody came", "he didnt show"):
            assert questions(running, said, 1) == ["no-show"], said
        assert questions(running, "when will the engineer arrive", 1) == ["arrival"]


def test_a_phrase_inside_a_longer_one_does_not_add_its_own_meaning() -> None:
    """ "never turned up" is the no-show group; the "turned up" inside it must not also join the arrival group,
    or a question asked as "arrive" outranks the no-show one (neither has also_asked to help)."""
    docs = [
        {"k": "q", "id": "arrival", "a": "When will the engineer arrive?"},
        {"k": "q", "id": "no-show", "a": "What if the engineer doesn't come?"},
    ]
    data = {"vocabulary": [list(group) for group in BASE_VOCABULARY], "docs": docs}
    with Engine(data) as running:
        assert questions(running, "the engineer never turned up", 1) == ["no-show"]
        assert questions(running, "when will he turn up", 1) == ["arrival"]  # "turned up" alone still arrives


def test_no_one_does_not_search_one() -> None:
    """ "one" stems to "on", a stop word: "no one rang me" must not find a question about a one-off fee."""
    data = {"vocabulary": [], "docs": [{"k": "q", "id": "one-off", "a": "Is there a one-off fee?"}]}
    with Engine(data) as running:
        assert questions(running, "no one rang me") == []


# --- the index ---------------------------------------------------------------------------------


def test_index_holds_answers_per_department_with_conditions(harbor) -> None:
    data = documents(harbor.playbook, "staff", TODAY)
    docs = {(d["k"], d["id"]): d for d in data["docs"]}
    arrival = docs[("q", "tow-arrival-time")]
    assert arrival["u"] == "questions/tow-arrival-time/"
    by = {(a["by"], a["w"]): a for a in arrival["an"]}
    premium = by[("roadside-assistance", "Premium")]
    assert premium["dc"] == "1:00" and premium["sg"] == ["premium"]
    assert ["windscreen", "windshield", "front window", "glass"] in data["vocabulary"]  # the playbook's own
    assert docs[("j", "tow-truck-damage")]["p"].startswith("Your tow truck damaged my car")


def test_public_index_holds_public_content_only(harbor) -> None:
    book = harbor.playbook
    public = documents(book, "public", TODAY)
    text = json.dumps(public)
    ids = {d["id"] for d in public["docs"] if d["k"] == "q"}
    assert ids == {q.id for q in book.questions.values() if q.audience == "public"}
    journeys = {d["id"] for d in public["docs"] if d["k"] == "j"}
    assert journeys == {j.id for j in book.journeys.values() if j.audience == "public"}
    assert all(a.internal not in text for a in book.answers if a.internal)
    assert '"dc"' not in text and '"n"' not in text and '"dp"' not in text
    assert all(p.name not in text and (p.email or "@@") not in text for p in book.people.values())


def test_index_script_keeps_hostile_text_inert() -> None:
    from py_mini_racer import MiniRacer

    hostile = "</script><script>alert(1)</script>\u2028\u2029 \\' \" \\u003c \n\r"
    data = {"vocabulary": [], "docs": [{"k": "q", "id": "x", "a": hostile, "aa": [], "an": []}]}
    script = index_script(data).decode()
    assert "<" not in script and "\u2028" not in script and len(script.splitlines()) == 3
    v8 = MiniRacer()
    try:
        v8.eval("var window = {};")
        v8.eval(script)
        assert json.loads(v8.eval("JSON.stringify(window.JB_FINDER_DATA)")) == data
        assert json.loads(v8.eval("JSON.stringify(window.JB_FINDER_INDEX)"))["documentCount"] == 1
    finally:
        v8.close()


def test_index_of_the_example_site_is_small(tmp_path: Path) -> None:
    from test_site import build

    site = build(ROOT / "playbooks", tmp_path / "site", "staff").site_dir
    index = (site / INDEX).read_bytes()
    assert len(gzip.compress(index)) < 50_000
    assert not (site / "search" / "search_index.json").exists()  # Material's search is gone, not doubled
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "assets/journeybook/finder.js" in page and "md-search__input" not in page
    health = (site / "health" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="search-tests">Search tests' in health  # each test, the rank of its question, the first
    assert re.search(
        r"<td>engineer never showed</td>\s*<td><a [^>]*>How long until the tow truck gets to me\?</a></td>"
        r"\s*<td>1</td>",
        health,
    )


# --- vocabulary ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vocabulary", "at", "message"),
    [
        ("vocabulary: windscreen\n", "2:13", "expected a list of synonym groups"),
        ("vocabulary:\n  - windscreen\n", "3:5", "expected a synonym group here (a list such as"),
        ("vocabulary:\n  - [windscreen]\n", "3:5", "a synonym group needs at least two words or phrases"),
        ("vocabulary:\n  - [windscreen, {a: b}]\n", "3:18", "expected text here"),
    ],
)
def test_vocabulary_of_the_wrong_shape_is_a_schema_error(cli, playbook_dir, vocabulary, at, message) -> None:
    playbook_dir({**CLEAN, "journeybook.yaml": "organization: Test Co\n" + vocabulary})
    result = cli("check", "playbook")
    assert result.exit_code == 2, result.output
    assert f"journeybook.yaml:{at}: schema {message}" in result.output


# --- search-tests.yaml in check -------------------------------------------------------------------


def test_search_tests_report_a_miss_in_every_format(cli, playbook_dir) -> None:
    playbook_dir({**CLEAN, "policies/returns.yaml": POLICY_TWO, "search-tests.yaml": SEARCH_TESTS})
    text = cli("check", "playbook")
    assert text.exit_code == 0, text.output  # a warning: the site can still be published
    expected = (
        'search-tests.yaml:3:8: warning search-miss "my screen is cracked" should find question "refund-window" '
        'in the top 3, but it is not in the first 10 results; the finder ranks "broken-on-arrival" first'
    )
    assert expected in text.output
    assert "how long can I send it back" not in text.output  # that one passes
    assert cli("check", "playbook", "--strict").exit_code == 1

    found = json.loads(cli("check", "playbook", "--format", "json").output)
    misses = [f for f in found if f["rule"] == "search-miss"]
    assert [(m["file"], m["line"], m["severity"]) for m in misses] == [("playbook/search-tests.yaml", 3, "warning")]

    sarif = json.loads(cli("check", "playbook", "--format", "sarif").output)
    results = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "search-miss"]
    assert results[0]["level"] == "warning"
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 3

    github = cli("check", "playbook", "--format", "github").output
    assert "::warning file=playbook/search-tests.yaml,line=3,col=8,title=search-miss::" in github


def test_search_tests_of_the_wrong_shape_and_unknown_ids(cli, playbook_dir) -> None:
    tests = "- say: my screen is cracked\n  expect: refund-windw\n- expect: refund-window\n- just text\n"
    playbook_dir({**CLEAN, "search-tests.yaml": tests})
    result = cli("check", "playbook")
    assert result.exit_code == 1
    unknown = 'search-tests.yaml:2:11: error unknown-reference the search test "my screen is cracked" expects'
    assert f'{unknown} "refund-windw"' in result.output
    assert "search-tests.yaml:3:3: error schema this search test has no `say`" in result.output
    assert "search-tests.yaml:4:3: error schema expected a search test here" in result.output


def test_example_search_tests_all_pass_and_the_health_page_lists_their_ranks(harbor) -> None:
    results = run_search_tests(harbor.playbook, TODAY)
    assert len(results) >= 10
    assert [(t.say, rank) for t, rank, _ in results if rank is None or rank > 3] == []
    assert not [f for f in harbor.findings if f.rule == "search-miss"]
    listed = yaml.safe_load((ROOT / "playbooks" / "search-tests.yaml").read_text(encoding="utf-8"))
    assert [t.say for t, _, _ in results] == [entry["say"] for entry in listed]
