"""The schema and model through run_check: text stays text, typed fields convert, and every mistake is a finding."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import FIXED_TODAY, write_tree
from journeybook.check import CheckResult, SettingsError, run_check
from journeybook.decisions import invisible_characters
from journeybook.findings import Severity
from journeybook.load import parse_text
from journeybook.schema import Duration

BASE = Path(__file__).parent / "fixtures" / "rules" / "_base"

JOURNEY = """\
id: laptop-will-not-charge
title: My laptop won't charge
owner: dana-lee
steps:
  - id: first-contact
    department: customer-care
    tools: [crm]
    next: [confirm-fixed]
  - id: confirm-fixed
    department: customer-care
    closes: true
    confirm: The customer says the laptop charges.
recovery:
  - trigger: The part is late
    owner: dana-lee
"""

POLICY = """\
topic: returns
title: Returns and refunds
owner: sam-ortiz
questions:
  - id: refund-window
    ask: How long do I have to return a product?
    answers:
      - decision: 30 days
        say: You can return it within 30 days.
"""


def check(tmp_path: Path, files: dict[str, str | None], base: bool = True) -> CheckResult:
    return run_check(write_tree(tmp_path / "playbook", files, BASE if base else None), today=FIXED_TODAY)


def schema(result: CheckResult) -> list[tuple[str, str]]:
    return [(str(f.location), f.message) for f in result.findings if f.rule == "schema"]


# --- every scalar is text until its field says otherwise -----------------------------------------


def test_every_scalar_stays_text_into_the_model(tmp_path: Path) -> None:
    result = check(
        tmp_path,
        {
            "policies/returns.yaml": """\
topic: returns
owner: sam-ortiz
questions:
  - id: water-damage
    ask: ~
    also_asked: [yes, on, 1.10, 2024-02-30]
    answers:
      - decision: no
        say: 1:30
        when: {region: [NO], product: 010}
      - by: sales
        decision: 010
        say: Null
        internal: off
""",
            "org.yaml": (BASE / "org.yaml").read_text(encoding="utf-8").replace("name: Lou Chen", "name: Null"),
            "journeybook.yaml": "dimensions: {region: [NO], product: [010]}\n",
        },
    )
    assert schema(result) == []
    question = result.playbook.questions["water-damage"]
    assert question.ask == "~"
    assert question.also_asked == ("yes", "on", "1.10", "2024-02-30")
    first, second = question.answers
    assert (first.decision, first.say, first.when) == ("no", "1:30", {"region": ("NO",), "product": ("010",)})
    assert (second.decision, second.say, second.internal) == ("010", "Null", "off")
    assert result.playbook.people["lou-chen"].name == "Null"


HIDDEN_BREAKS = "\x85\u2028\u2029"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
SPECIAL_TEXTS = [
    *["NO", "no", "Yes", "on", "~", "null", "Null", "", " ", "true"],  # booleans and nulls in YAML 1.1
    *["1:30", "0123", "010", "08", "1.10", "0x1F", "1e3", ".inf", ".NaN", "12_000", "9" * 400],  # numbers
    *["2024-02-30", "2024-01-05 10:00:00", "0000-01-01"],  # dates, possible or not
    *["=", "<<", "*a", "&a", "!x", "%x", "@x", "`x", "- x", "? x", "a: b", "a #b", "#x", "[a", "{a", "|", ">"],
    *["'", '"', "\\", "\t", "\n", " x\n", "x\n\n", "\r\n", "\x07", "\x00", "\ufeff", "\u00a0", "\u200b"],
    *["\u2028", "\x85", "caf\u00e9 \U0001f600", "\u202eevil", "word " * 40],
]


def _read_back(
    tmp_path_factory: pytest.TempPathFactory, text: str, allow_unicode: bool, width: int, style: str | None
) -> None:
    """What yaml.safe_dump writes into `title`, `ask` and `say`, in any style, the loader reads back byte for byte."""
    document = {
        "topic": "round-trip",
        "title": text,
        "owner": "sam-ortiz",
        "questions": [{"id": "round-trip", "ask": text, "answers": [{"decision": "30 days", "say": text}]}],
    }
    written = yaml.safe_dump(document, allow_unicode=allow_unicode, width=width, default_style=style, sort_keys=False)
    root, findings = parse_text(written, "policies/round-trip.yaml")
    if any(character in written for character in HIDDEN_BREAKS):  # only allow_unicode writes them unescaped
        # line breaks to YAML that editors do not show: reported first, where they are, never silently kept
        assert findings and findings[0].message.startswith("an invisible ")
        return
    assert findings == []
    question = root.pairs["questions"][1].items[0]
    answer = question.pairs["answers"][1].items[0]
    assert [node.pairs[key][1].value for node, key in ((root, "title"), (question, "ask"), (answer, "say"))] == [
        text
    ] * 3
    folder = write_tree(tmp_path_factory.mktemp("round-trip"), {"policies/round-trip.yaml": written}, BASE)
    result = run_check(folder, today=FIXED_TODAY)
    if any(character in text for character in BIDI):
        assert [f.rule for f in result.findings] == ["schema"] * 3  # refused in text, each where it is
        return
    expected = text.strip() if "\n" in text else text  # the model trims multi-line text only
    # An invisible character in the ask is read back, and reported as what it is (unless trimming took it:
    # Python counts \x1c-\x1f as white space).
    assert [f.rule for f in result.findings] == (["invisible-character"] if invisible_characters(expected) else [])
    model = result.playbook.questions["round-trip"]
    assert (result.playbook.topics[0].title, model.ask, model.answers[0].say) == (expected,) * 3


def _with_special_texts(test):
    for text in SPECIAL_TEXTS:
        test = example(text=text, allow_unicode=True, width=80, style=None)(test)
    for text in HIDDEN_BREAKS:  # escaped as \L, \N, \P, so read back without a finding
        test = example(text=text, allow_unicode=False, width=80, style=None)(test)
    return test


_ROUND_TRIP = given(
    text=st.text(),
    allow_unicode=st.booleans(),
    width=st.sampled_from([80, 20, 1_000_000]),
    style=st.sampled_from([None, '"', "'", "|", ">"]),  # plain or quoted as safe_dump sees fit, or forced
)
test_safe_dumped_text_reads_back_byte_for_byte = _with_special_texts(
    settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])(_ROUND_TRIP(_read_back))
)
test_safe_dumped_text_reads_back_byte_for_byte_many = pytest.mark.slow(
    settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])(_ROUND_TRIP(_read_back))
)


def test_typed_fields_convert(tmp_path: Path) -> None:
    journey = JOURNEY.replace(
        "owner: dana-lee\nsteps:",
        "owner: dana-lee\nreview_by: 2027-02-28\ntargets:\n  resolution: 5 days\n  max_handoffs: 010\nsteps:",
    )
    policy = POLICY.replace(
        "        say: You can return it within 30 days.\n",
        "        say: You can return it within 30 days.\n        effective: {from: 2026-01-01, to: 2026-12-31}\n",
    )
    result = check(tmp_path, {"journeys/charge.yaml": journey, "policies/returns.yaml": policy})
    assert schema(result) == []
    found = result.playbook.journeys["laptop-will-not-charge"]
    assert found.review_by == date(2027, 2, 28)
    assert found.targets.resolution == Duration(5, "day")
    assert found.targets.max_handoffs == 10  # a leading zero is never octal
    assert found.steps[1].closes is True and found.steps[0].closes is False
    effective = result.playbook.answers_to("refund-window")[0].effective
    assert (effective.start, effective.end) == (date(2026, 1, 1), date(2026, 12, 31))
    assert result.playbook.segments["small-business"].lifetime_value == 12000.0


@pytest.mark.parametrize(
    ("written", "minutes"),
    [
        ("30 min", 30),
        ("30 mins", 30),
        ("30 minute", 30),
        ("30 minutes", 30),
        ("4 h", 240),
        ("4 hr", 240),
        ("4 hrs", 240),
        ("1 hour", 60),
        ("4 hours", 240),
        ("5 d", 7200),
        ("1 day", 1440),
        ("5 days", 7200),
        ("5days", 7200),
        ("5 Days", 7200),
        ("2 w", 20160),
        ("2 wk", 20160),
        ("2 wks", 20160),
        ("1 week", 10080),
        ("2 weeks", 20160),
        ("1.5 days", 2160),
        ("0 days", 0),
        ("5217 weeks", 5217 * 10080),
    ],
)
def test_durations_in_every_unit_spelling(tmp_path: Path, written: str, minutes: float) -> None:
    journey = JOURNEY.replace("steps:", f"targets:\n  resolution: {written}\nsteps:")
    result = check(tmp_path, {"journeys/charge.yaml": journey})
    assert schema(result) == []
    assert result.playbook.journeys["laptop-will-not-charge"].targets.resolution.minutes == minutes


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "1 month",
            '"1 month" is not a duration: write a number and a unit, e.g. "30 minutes", "4 hours", "5 days", "2 weeks"',
        ),
        ("5", '"5" is not a duration: write a number and a unit, e.g. "30 minutes", "4 hours", "5 days", "2 weeks"'),
        (
            "-5 days",
            '"-5 days" is not a duration: write a number and a unit, e.g. "30 minutes", "4 hours", "5 days", "2 weeks"',
        ),
        ("5219 weeks", '"5219 weeks" is longer than 100 years: write the duration you mean, e.g. "180 days"'),
        (
            "9" * 400 + " days",
            f'"{"9" * 400} days" is longer than 100 years: write the duration you mean, e.g. "180 days"',
        ),
    ],
)
def test_a_bad_duration_is_a_schema_error_at_its_value(tmp_path: Path, written: str, message: str) -> None:
    journey = JOURNEY.replace("steps:", f"targets:\n  resolution: {written}\nsteps:")
    assert schema(check(tmp_path, {"journeys/charge.yaml": journey})) == [("journeys/charge.yaml:5:15", message)]


@pytest.mark.parametrize(
    ("written", "fix"),
    [
        ("yes", "write `true`"),
        ("Yes", "write `true`"),
        ("on", "write `true`"),
        ("1", "write `true`"),
        ("no", "write `false`"),
        ("off", "write `false`"),
        ("True", "write `true`"),
        ("maybe", "write `true` or `false`"),
    ],
)
def test_only_true_and_false_are_booleans(tmp_path: Path, written: str, fix: str) -> None:
    journey = JOURNEY.replace("closes: true", f"closes: {written}")
    assert schema(check(tmp_path, {"journeys/charge.yaml": journey})) == [
        (
            "journeys/charge.yaml:11:13",
            f'"{written}" is not true or false: {fix} (journeybook reads only `true` and `false` as yes or no, '
            "never `yes`, `on` or `1`)",
        )
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("two", '"two" is not a whole number from 0 to 100'),
        ("2.5", '"2.5" is not a whole number from 0 to 100'),
        ("101", '"101" is not a whole number from 0 to 100'),
        ("-1", '"-1" is not a whole number from 0 to 100'),
        ("9" * 5000, f'"{"9" * 5000}" is not a whole number from 0 to 100'),  # int() of it would raise
    ],
)
def test_a_bad_integer(tmp_path: Path, written: str, message: str) -> None:
    journey = JOURNEY.replace("steps:", f"targets:\n  max_handoffs: {written}\nsteps:")
    assert schema(check(tmp_path, {"journeys/charge.yaml": journey})) == [("journeys/charge.yaml:5:17", message)]


@pytest.mark.parametrize("written", ["nan", ".inf", "inf", "1e400", "-5", "12k"])
def test_a_bad_number(tmp_path: Path, written: str) -> None:
    segments = f"segments:\n  - id: consumer\n    name: Consumer\n    lifetime_value: {written}\n"
    assert schema(check(tmp_path, {"segments.yaml": segments})) == [
        ("segments.yaml:4:21", f'"{written}" is not a number from 0 to 1e+15')
    ]


@pytest.mark.parametrize(
    "written", ["2027-02-30", "0000-01-01", "2027-13-01", "2027-00-10", "2026-02-29", "9999-99-99"]
)
def test_an_impossible_date(tmp_path: Path, written: str) -> None:
    journey = JOURNEY.replace("steps:", f"review_by: {written}\nsteps:")
    assert schema(check(tmp_path, {"journeys/charge.yaml": journey})) == [
        (
            "journeys/charge.yaml:4:12",
            f'"{written}" is not a real calendar date: check the year, month and day (YYYY-MM-DD, e.g. 2027-02-28)',
        )
    ]


@pytest.mark.parametrize(
    "written", ["31.12.2027", "2027-2-1", "2027/02/01", "20270201", "next week", "2027-02-01T10:00"]
)
def test_a_date_in_another_format(tmp_path: Path, written: str) -> None:
    journey = JOURNEY.replace("steps:", f"review_by: {written}\nsteps:")
    assert schema(check(tmp_path, {"journeys/charge.yaml": journey})) == [
        ("journeys/charge.yaml:4:12", f'"{written}" is not a date: write it as YYYY-MM-DD, e.g. 2027-03-31')
    ]


# --- unknown fields, ids, shapes -------------------------------------------------------------------


def test_an_unknown_field_says_did_you_mean(tmp_path: Path) -> None:
    policy = POLICY.replace("    ask:", "    aks:")
    journey = JOURNEY.replace("title:", "Title:")
    result = check(tmp_path, {"policies/returns.yaml": policy, "journeys/charge.yaml": journey})
    assert schema(result) == [
        (
            "journeys/charge.yaml:1:1",
            "this journey has no `title`: add `title:` with the journey's name, from the customer's side",
        ),
        (
            "journeys/charge.yaml:2:1",
            'unknown field "Title" in a journey (did you mean "title"?); known fields: id, title, problem, outcome, '
            "owner, segments, channels, targets, review_by, audience, steps, recovery, suppress",
        ),
        ("policies/returns.yaml:5:5", "this question has no `ask`: add `ask:` with the question as a customer asks it"),
        (
            "policies/returns.yaml:6:5",
            'unknown field "aks" in a question (did you mean "ask"?); known fields: id, ask, also_asked, owner, '
            "audience, review_by, answers, suppress",
        ),
    ]


@pytest.mark.parametrize(
    ("written", "suggestion"),
    [
        ("Refund Window", ', e.g. "refund-window"'),
        ("refund_window", ', e.g. "refund-window"'),
        ("-refund", ', e.g. "refund"'),
        ("Rückgabe Frist", ', e.g. "r-ckgabe-frist"'),
        ("x" * 65, f', e.g. "{"x" * 64}"'),
        ("'???'", ""),
    ],
)
def test_a_bad_id_suggests_a_slug(tmp_path: Path, written: str, suggestion: str) -> None:
    policy = POLICY.replace("id: refund-window", f"id: {written}")
    shown = written.strip("'")
    assert schema(check(tmp_path, {"policies/returns.yaml": policy})) == [
        (
            "policies/returns.yaml:5:9",
            f'"{shown}" is not valid as an id: write lowercase letters, digits and hyphens (at most 64, starting '
            f"with a letter or digit){suggestion}",
        )
    ]


def test_a_bad_reference_id_names_what_it_refers_to(tmp_path: Path) -> None:
    journey = JOURNEY.replace("owner: dana-lee\nsteps:", "owner: Dana Lee\nsteps:")
    assert schema(check(tmp_path, {"journeys/charge.yaml": journey})) == [
        (
            "journeys/charge.yaml:3:8",
            '"Dana Lee" is not valid as a person id: write lowercase letters, digits and hyphens (at most 64, '
            'starting with a letter or digit), e.g. "dana-lee"',
        )
    ]


def test_a_list_at_the_top_of_a_file(tmp_path: Path) -> None:
    result = check(tmp_path, {"journeys/charge.yaml": "- id: a\n- title: b\n", "org.yaml": "just some text\n"})
    assert schema(result) == [
        ("journeys/charge.yaml:1:1", "expected a journey here, written as `field: value` lines, but found a list"),
        ("org.yaml:1:1", "expected org.yaml here, written as `field: value` lines, but found text"),
    ]


def test_a_mapping_where_a_list_belongs_and_a_list_where_a_mapping_belongs(tmp_path: Path) -> None:
    journey = (
        "id: laptop-will-not-charge\ntitle: My laptop won't charge\ntargets: [5 days]\nsteps:\n"
        "  first-contact:\n    department: customer-care\n"
    )
    result = check(tmp_path, {"journeys/charge.yaml": journey})
    assert schema(result) == [
        ("journeys/charge.yaml:3:10", "expected targets here, written as `field: value` lines, but found a list"),
        (
            "journeys/charge.yaml:5:3",
            "expected a list (each item a step) here, found a mapping; write each item on its own line starting "
            "with `- `",
        ),
    ]
    assert "laptop-will-not-charge" not in result.playbook.journeys


def test_an_empty_file_and_a_file_outside_the_layout(tmp_path: Path) -> None:
    result = check(tmp_path, {"journeys/charge.yaml": "", "README.yaml": "notes: x\n", "journeys/ok.yaml": JOURNEY})
    assert schema(result) == [
        (
            "README.yaml:1:1",
            "journeybook does not know what this file is: settings go in journeybook.yaml, people and departments in "
            "org.yaml, segments in segments.yaml, questions under policies/ and journeys under journeys/",
        ),
        ("journeys/charge.yaml:1:1", "the file is empty; add its fields or delete the file"),
    ]
    assert list(result.playbook.journeys) == ["laptop-will-not-charge"]


def test_missing_and_empty_required_fields_are_all_reported(tmp_path: Path) -> None:
    policy = POLICY.replace("      - decision: 30 days\n", "      - decision:\n").replace(
        "    ask: How long", "    ask: |\n      How long"
    )
    policy += "  - also_asked: [x]\n"
    result = check(tmp_path, {"policies/returns.yaml": policy})
    assert schema(result) == [
        (
            "policies/returns.yaml:9:9",
            "`decision` is empty: fill in the short value compared across departments, e.g. 30 days",
        ),
        (
            "policies/returns.yaml:11:5",
            "this question has no `ask`: add `ask:` with the question as a customer asks it",
        ),
        ("policies/returns.yaml:11:5", "this question has no `id`: add `id:` with a unique id such as refund-window"),
    ]
    assert result.playbook.questions["refund-window"].ask == "How long do I have to return a product?"
    # Kept without a decision (an answer may `refer:` instead), so it is compared with nothing.
    assert [a.decision for a in result.playbook.questions["refund-window"].answers] == [""]


def test_an_empty_optional_field_counts_as_absent(tmp_path: Path) -> None:
    result = check(tmp_path, {"journeys/charge.yaml": JOURNEY.replace("owner: dana-lee\nsteps:", "owner:\nsteps:")})
    assert schema(result) == []
    assert [(f.rule, str(f.location)) for f in result.findings if f.rule == "owner-missing"] == [
        ("owner-missing", "journeys/charge.yaml:3:1")
    ]


def test_questions_need_a_topic_and_keys_must_be_field_names(tmp_path: Path) -> None:
    policy = POLICY.replace("topic: returns\n", "").replace("title: Returns", "? [a, b]\n: x\ntitle: Returns")
    assert schema(check(tmp_path, {"policies/returns.yaml": policy})) == [
        (
            "policies/returns.yaml:1:1",
            "a policy file with questions needs `topic:` (an id for the topic, e.g. returns)",
        ),
        ("policies/returns.yaml:1:3", "a field name must be plain text, not a list; write `field: value`"),
    ]


def test_invisible_bidirectional_characters_are_refused(tmp_path: Path) -> None:
    policy = POLICY.replace("say: You can return", "say: You can \u202ereturn")
    assert schema(check(tmp_path, {"policies/returns.yaml": policy})) == [
        (
            "policies/returns.yaml:9:14",
            "this text contains invisible bidirectional control characters that can disguise what it says; remove them",
        )
    ]


# --- one broken file never hides the others ---------------------------------------------------------


def test_a_broken_file_next_to_good_ones(tmp_path: Path) -> None:
    good = JOURNEY.replace("tools: [crm]", "tools: [warehouse]")
    result = check(
        tmp_path,
        {
            "journeys/broken.yaml": "id: broken\ntitle: It: breaks\n",
            "journeys/latin.yaml": None,
            "journeys/good.yaml": good,
            "policies/returns.yaml": POLICY.replace("title: Returns", "title: Returns\ntitle: again"),
        },
    )
    (tmp_path / "playbook" / "journeys" / "latin.yaml").write_bytes("id: café\n".encode("latin-1"))
    result = run_check(tmp_path / "playbook", today=FIXED_TODAY)
    assert [(f.rule, str(f.location)) for f in result.findings] == [
        ("yaml-syntax", "journeys/broken.yaml:2:10"),
        ("missing-tool", "journeys/good.yaml:7:13"),
        ("yaml-syntax", "journeys/latin.yaml:1:8"),
        ("yaml-duplicate-key", "policies/returns.yaml:3:1"),
    ]
    assert list(result.playbook.questions) == ["refund-window"]
    assert result.playbook.files == [
        "journeys/broken.yaml",
        "journeys/good.yaml",
        "journeys/latin.yaml",
        "org.yaml",
        "policies/returns.yaml",
        "segments.yaml",
    ]


# --- journeybook.yaml ---------------------------------------------------------------------------------


def test_settings_problems_stop_the_check_with_exit_code_2(tmp_path: Path) -> None:
    settings_text = (
        "organization: Northwind\ndefaults:\n  max_handofs: 3\n  review_every: 6 months\nshared_record: yes\n"
    )
    with pytest.raises(SettingsError) as raised:
        check(tmp_path, {"journeybook.yaml": settings_text, "journeys/charge.yaml": JOURNEY})
    assert raised.value.exit_code == 2
    assert raised.value.format_message().splitlines() == [
        "journeybook.yaml has 3 problems; fix it before anything else is checked:",
        'journeybook.yaml:3:3: schema unknown field "max_handofs" in defaults (did you mean "max_handoffs"?); '
        "known fields: max_handoffs, review_every",
        'journeybook.yaml:4:17: schema "6 months" is not a duration: write a number and a unit, e.g. "30 minutes", '
        '"4 hours", "5 days", "2 weeks"',
        'journeybook.yaml:5:16: schema "yes" is not true or false: write `true` (journeybook reads only `true` and '
        "`false` as yes or no, never `yes`, `on` or `1`)",
    ]


@pytest.mark.parametrize(
    ("settings_text", "expected"),
    [
        (
            "organization: [a\n",
            "journeybook.yaml:1:15: yaml-syntax this `[` is never closed; add `]` after its last item",
        ),
        ("", "journeybook.yaml:1:1: schema the file is empty; add its fields or delete the file"),
        (
            "- organization: x\n",
            "journeybook.yaml:1:1: schema expected journeybook.yaml here, written as `field: value` lines, "
            "but found a list",
        ),
        (
            "rules: {answer-conflit: off}\n",
            'journeybook.yaml:1:25: schema unknown rule "answer-conflit" in `rules:` (did you mean "answer-conflict"?)',
        ),
        (
            "rules: {no-recovery: Off}\n",
            'journeybook.yaml:1:22: schema "Off" is not allowed here: use `error` or `warning` or `info` or `off` '
            '(did you mean "off"?)',
        ),
        (
            "defaults: {review_every: 999999 weeks}\n",
            'journeybook.yaml:1:26: schema "999999 weeks" is longer than 100 years: write the duration you mean, '
            'e.g. "180 days"',
        ),
        ("similarity: 1.5\n", 'journeybook.yaml:1:13: schema "1.5" is not a number from 0 to 1'),
        (
            "organization: x\norganization: y\n",
            'journeybook.yaml:2:1: yaml-duplicate-key the key "organization" appears twice in this mapping (first at '
            "line 1); keep one: journeybook never lets the last one silently win",
        ),
    ],
)
def test_each_settings_problem_is_listed_with_its_position(tmp_path: Path, settings_text: str, expected: str) -> None:
    with pytest.raises(SettingsError) as raised:
        check(tmp_path, {"journeybook.yaml": settings_text})
    assert raised.value.format_message().splitlines()[1:] == [expected]


def test_settings_convert(tmp_path: Path) -> None:
    settings_text = (
        "organization: NO\ndefaults:\n  max_handoffs: 2\n  review_every: 26 weeks\nshared_record: true\n"
        "similarity: 0.9\nimpersonal_terms: [ticket]\nrules: {no-recovery: warning}\n"
        "limits: {max_file_bytes: 1000000}\n"
    )
    settings_ = check(tmp_path, {"journeybook.yaml": settings_text}).playbook.settings
    assert settings_.organization == "NO"
    assert (settings_.defaults.max_handoffs, settings_.defaults.review_every) == (2, Duration(26, "week"))
    assert (settings_.shared_record, settings_.similarity, settings_.impersonal_terms) == (True, 0.9, ("ticket",))
    assert settings_.rules == {"no-recovery": "warning"}
    assert settings_.limits.max_file_bytes == 1_000_000


def test_a_rule_set_to_off_drops_its_findings(tmp_path: Path) -> None:
    journey = JOURNEY.split("recovery:")[0]
    assert [f.rule for f in check(tmp_path / "on", {"journeys/charge.yaml": journey}).findings] == ["no-recovery"]
    result = check(
        tmp_path / "off", {"journeys/charge.yaml": journey, "journeybook.yaml": "rules: {no-recovery: off}\n"}
    )
    assert result.findings == []
    result = check(
        tmp_path / "error", {"journeys/charge.yaml": journey, "journeybook.yaml": "rules: {no-recovery: error}\n"}
    )
    assert [(f.rule, f.severity) for f in result.findings] == [("no-recovery", Severity.ERROR)]
    assert result.fails()


# --- suppress ------------------------------------------------------------------------------------------


def test_suppress_with_an_unknown_rule_is_a_schema_finding(tmp_path: Path) -> None:
    journey = JOURNEY + "suppress:\n  no-recoverry: reason\n  Too Many: reason\n"
    assert schema(check(tmp_path, {"journeys/charge.yaml": journey})) == [
        (
            "journeys/charge.yaml:17:17",
            '`suppress:` names the unknown rule "no-recoverry" (did you mean "no-recovery"?)',
        ),
        (
            "journeys/charge.yaml:18:3",
            '"Too Many" is not valid as an id: write lowercase letters, digits and hyphens (at most 64, starting '
            'with a letter or digit), e.g. "too-many"',
        ),
    ]


def test_a_suppression_needs_a_reason(tmp_path: Path) -> None:
    journey = JOURNEY.split("recovery:")[0] + "suppress:\n  no-recovery:\n"
    result = check(tmp_path, {"journeys/charge.yaml": journey})
    assert schema(result) == [("journeys/charge.yaml:14:15", "expected text here, found nothing")]
    assert [(f.rule, f.suppressed) for f in result.findings if f.rule != "schema"] == [("no-recovery", None)]


def test_a_suppressed_finding_is_kept_with_its_reason_and_is_not_active(tmp_path: Path) -> None:
    journey = JOURNEY.split("recovery:")[0] + "suppress:\n  no-recovery: A reset is done on the call.\n"
    result = check(tmp_path, {"journeys/charge.yaml": journey, "journeybook.yaml": "rules: {no-recovery: error}\n"})
    assert [(f.rule, f.suppressed) for f in result.findings] == [("no-recovery", "A reset is done on the call.")]
    assert result.active() == []
    assert not result.fails(strict=True)
    assert (result.summary.errors, result.summary.suppressed) == (0, 1)


# --- no input makes run_check raise ------------------------------------------------------------------

FUZZ_FILES = {
    "journeybook.yaml": "organization: Northwind\ndefaults:\n  max_handoffs: 3\n  review_every: 180 days\n"
    "rules:\n  no-recovery: info\n  history-unavailable: off\n",  # not in git: review_every cannot work
    "journeys/charge.yaml": JOURNEY.replace(
        "steps:", "targets:\n  resolution: 5 days\nreview_by: 2027-01-01\nsteps:"
    ).replace(
        "    next: [confirm-fixed]\n",
        "    capture: [case-id]\n    next:\n      - step: confirm-fixed\n        carry: [case-id]\n",
    ),
    "policies/returns.yaml": POLICY
    + "    also_asked: [send it back]\nanswers:\n  - question: refund-window\n    by: sales\n    decision: 30 Days\n"
    "    say: Thirty days.\n    when: {segment: [small-business]}\n    effective: {from: 2026-01-01}\n",
}
INSERTS = [
    ":",
    ": ",
    "-",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a ",
    "*a",
    "!",
    "!!python/name:os.system ",
    "\t",
    "\x00",
    "#",
    "'",
    '"',
    "|",
    ">",
    "? ",
    ",",
    "~",
    "%",
    "@",
    "\u00a0",
    "\ufeff",
    "\r",
    "\u2028",
    "\x07",
    "  ",
    "\n",
]
MUTATION = st.tuples(
    st.sampled_from(["delete", "duplicate", "insert", "swap", "cut", "byte", "truncate"]),
    st.integers(0, 10_000),
    st.integers(0, 10_000),
    st.sampled_from(INSERTS),
)


def _mutate(text: str, mutations: list[tuple[str, int, int, str]]) -> bytes:
    """Line deletions, duplications and swaps, YAML punctuation inserted, runs of characters cut; then raw bytes
    inserted or the file cut short (both can split a UTF-8 character)."""
    lines = text.split("\n")
    byte_edits = []
    for operation, where, other, insert in mutations:
        lines = lines or [""]
        index = where % len(lines)
        if operation == "delete":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "swap":
            other %= len(lines)
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "cut":
            joined = "\n".join(lines)
            start = where % (len(joined) + 1)
            lines = (joined[:start] + joined[start + other % 40 :]).split("\n")
        elif operation == "insert":
            column = other % (len(lines[index]) + 1)
            lines[index] = lines[index][:column] + insert + lines[index][column:]
        else:
            byte_edits.append((operation, where, other))
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    for operation, where, other in byte_edits:
        position = where % (len(data) + 1)
        data = data[:position] + bytes([other % 256]) + data[position:] if operation == "byte" else data[:position]
    return data


def _check_mutated(tmp_path_factory: pytest.TempPathFactory, name: str, mutations: list) -> None:
    folder = write_tree(tmp_path_factory.mktemp("fuzz"), FUZZ_FILES, BASE)
    (folder / name).write_bytes(_mutate(FUZZ_FILES[name], mutations))
    try:
        result = run_check(folder, today=FIXED_TODAY)
    except SettingsError:
        assert name == "journeybook.yaml"
        return
    assert all(f.location.line >= 1 and f.location.column >= 1 for f in result.findings)


_FUZZ = given(name=st.sampled_from(sorted(FUZZ_FILES)), mutations=st.lists(MUTATION, min_size=1, max_size=4))
_FIXTURE_OK = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
test_no_mutation_of_a_valid_playbook_makes_run_check_raise = settings(
    max_examples=200, deadline=None, suppress_health_check=_FIXTURE_OK
)(_FUZZ(_check_mutated))
test_no_mutation_of_a_valid_playbook_makes_run_check_raise_many = pytest.mark.slow(
    settings(max_examples=3000, deadline=None, suppress_health_check=_FIXTURE_OK)(_FUZZ(_check_mutated))
)


def test_the_fuzzed_playbook_is_clean_before_it_is_mutated(tmp_path: Path) -> None:
    result = run_check(write_tree(tmp_path, FUZZ_FILES, BASE), today=FIXED_TODAY)
    assert [(f.rule, str(f.location)) for f in result.findings] == []
