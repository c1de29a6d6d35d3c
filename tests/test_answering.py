"""answering.py: decisions compared as departments mean them, conditions, step answers, and alike asks."""

from __future__ import annotations

import random
import string
from datetime import date
from itertools import combinations

import pytest

from journeybook.answering import (
    answers_for_step,
    applies_to,
    candidate_pairs,
    dice,
    normalise_ask,
    normalise_decision,
    overlap,
    similar_pairs,
    trigrams,
)
from journeybook.check import run_check
from journeybook.model import Answer, Effective, Person, Playbook, Question, Settings

DAY = date(2026, 6, 1)
ANSWER_RULES = ("answer-conflict", "answer-missing", "possible-duplicate-question")


def answer(
    by: str | None = "customer-care",
    decision: str = "30 days",
    start: date | None = None,
    end: date | None = None,
    question: str = "refund-window",
    **when: list[str],
) -> Answer:
    effective = Effective(src=None, start=start, end=end) if start or end else None  # type: ignore[arg-type]
    return Answer(
        src=None,  # type: ignore[arg-type]
        question=question,
        by=by,
        decision=decision,
        say=decision,
        when={k: tuple(v) for k, v in when.items()},
        effective=effective,
    )


# --- normalise_decision ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["30 days", "30 Days", "30d", "  30   days ", "30 DAYS", "30days", "720 hours", "30 day", "43200 min"]
)
def test_durations_in_any_spelling_are_one_decision(text: str) -> None:
    assert normalise_decision(text) == normalise_decision("30 days")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("1 month", "30 days"),  # months have no fixed length: compared as text
        ("30 days", "30"),  # a duration is not a plain number
        ("30 days", "31 days"),
        ("no", "yes"),
        ("010", "10"),  # a leading zero marks a code, not an amount
        ("no", "no."),
    ],
)
def test_different_decisions_stay_different(a: str, b: str) -> None:
    assert normalise_decision(a) != normalise_decision(b)


def test_text_decisions_compare_by_case_and_spacing_only() -> None:
    assert normalise_decision("no") == "no"
    assert normalise_decision("NO") == normalise_decision("no") == normalise_decision(" No ")
    assert normalise_decision("Phone, chat or\n  app") == "phone, chat or app"
    assert normalise_decision("1 month") == "1 month"


def test_plain_numbers_compare_by_value() -> None:
    assert normalise_decision("30") == normalise_decision("30.0") == normalise_decision("+30") == "30"
    assert normalise_decision("0.5") == normalise_decision("0.50") == "0.5"
    assert normalise_decision("-0") == normalise_decision("0")


def test_normalising_twice_changes_nothing() -> None:
    for text in ["30 Days", "1.5 h", "30.0", "NO", "1 month", "  phone  or chat "]:
        assert normalise_decision(normalise_decision(text)) == normalise_decision(text)


# --- overlap --------------------------------------------------------------------------------


def test_answers_without_conditions_overlap() -> None:
    assert overlap(answer(), answer(decision="60 days"))


def test_a_dimension_both_name_must_share_a_value() -> None:
    assert not overlap(answer(segment=["consumer"]), answer(segment=["small-business"]))
    assert overlap(answer(segment=["consumer", "premium"]), answer(segment=["premium", "small-business"]))


def test_a_dimension_only_one_names_does_not_separate_them() -> None:
    assert overlap(answer(segment=["consumer"]), answer(channel=["phone"]))
    assert overlap(answer(segment=["consumer"]), answer())


def test_every_shared_dimension_must_meet() -> None:
    a = answer(segment=["consumer"], channel=["phone"])
    assert not overlap(a, answer(segment=["consumer"], channel=["chat"]))
    assert overlap(a, answer(segment=["consumer"], channel=["chat", "phone"]))


def test_values_compare_case_insensitively() -> None:
    assert overlap(answer(region=["NO"]), answer(region=[" no"]))
    assert not overlap(answer(region=["NO"]), answer(region=["SE"]))


def test_effective_ends_are_inclusive() -> None:
    until = answer(end=date(2026, 12, 31))
    assert not overlap(until, answer(start=date(2027, 1, 1)))
    assert not overlap(answer(start=date(2027, 1, 1)), until)
    assert overlap(until, answer(start=date(2026, 12, 31)))
    assert overlap(until, answer())
    assert overlap(answer(), until)
    assert overlap(answer(start=date(2026, 1, 1), end=date(2026, 1, 1)), answer(end=date(2026, 1, 1)))


def test_overlap_needs_both_conditions_and_dates() -> None:
    a = answer(segment=["consumer"], start=date(2027, 1, 1))
    assert not overlap(a, answer(segment=["consumer"], end=date(2026, 12, 31)))
    assert not overlap(a, answer(segment=["small-business"], start=date(2027, 1, 1)))


# --- applies_to -----------------------------------------------------------------------------


def test_an_answer_without_conditions_applies_to_everyone() -> None:
    assert applies_to(answer(), "consumer", "phone", DAY)
    assert applies_to(answer(), None, None, DAY)


def test_all_segments_needs_an_answer_without_a_segment_condition() -> None:
    business = answer(segment=["small-business"])
    assert applies_to(business, "small-business", None, DAY)
    assert applies_to(business, "Small-Business", "chat", DAY)
    assert not applies_to(business, "consumer", None, DAY)
    assert not applies_to(business, None, "phone", DAY)


def test_all_channels_needs_an_answer_without_a_channel_condition() -> None:
    phone = answer(channel=["phone"])
    assert applies_to(phone, "consumer", "phone", DAY)
    assert not applies_to(phone, "consumer", "chat", DAY)
    assert not applies_to(phone, "consumer", None, DAY)


def test_other_dimensions_do_not_restrict() -> None:
    assert applies_to(answer(product=["roadside-plus"], region=["NO"]), None, None, DAY)


def test_effective_must_cover_the_day() -> None:
    assert applies_to(answer(start=DAY), None, None, DAY)
    assert applies_to(answer(end=DAY), None, None, DAY)
    assert not applies_to(answer(start=date(2026, 6, 2)), None, None, DAY)
    assert not applies_to(answer(end=date(2026, 5, 31)), None, None, DAY)


# --- answers_for_step -----------------------------------------------------------------------


def _book(*answers: Answer) -> Playbook:
    book = Playbook(
        settings=Settings(src=None),
        people={"sam-ortiz": Person(src=None, id="sam-ortiz", name="Sam Ortiz", department="sales")},  # type: ignore[arg-type]
        questions={"refund-window": Question(src=None, id="refund-window", owner="sam-ortiz")},  # type: ignore[arg-type]
        answers=list(answers),
    )
    book.index_answers()
    return book


def test_step_answers_put_the_step_department_first_then_the_owner_department() -> None:
    parts = answer(by="parts", decision="p1")
    sales_1 = answer(by="sales", decision="s1")
    care_1 = answer(by="customer-care", decision="c1")
    sales_2 = answer(by="sales", decision="s2")
    care_2 = answer(by="customer-care", decision="c2")
    nobody = answer(by=None, decision="n1")
    book = _book(parts, sales_1, care_1, nobody, sales_2, care_2)
    found = answers_for_step(book, "refund-window", "customer-care", (), (), DAY)
    assert [a.decision for a in found] == ["c1", "c2", "s1", "s2", "p1", "n1"]
    found = answers_for_step(book, "refund-window", None, (), (), DAY)
    assert [a.decision for a in found] == ["s1", "s2", "p1", "c1", "n1", "c2"]


def test_step_answers_are_those_that_apply_to_some_case_of_the_journey_today() -> None:
    consumer = answer(decision="consumer", segment=["consumer"])
    business_chat = answer(decision="business chat", segment=["small-business"], channel=["chat"])
    premium = answer(decision="premium", segment=["premium"])
    expired = answer(decision="expired", end=date(2026, 5, 31))
    future = answer(decision="future", start=date(2026, 6, 2))
    other_question = answer(decision="elsewhere", question="warranty")
    book = _book(consumer, business_chat, premium, expired, future, other_question)
    found = answers_for_step(book, "refund-window", "sales", ("consumer", "small-business"), ("phone", "chat"), DAY)
    assert [a.decision for a in found] == ["consumer", "business chat"]
    found = answers_for_step(book, "refund-window", "sales", ("small-business",), ("phone",), DAY)
    assert found == []
    assert answers_for_step(book, "refund-window", "sales", (), (), date(2026, 5, 1)) == [expired]


def test_step_answers_to_an_unknown_question_are_none() -> None:
    assert answers_for_step(_book(answer()), "nope", "sales", (), (), DAY) == []


# --- asks that read alike -------------------------------------------------------------------


def test_asks_are_normalised_before_comparing() -> None:
    assert normalise_ask("  Can I   RETURN my laptop?! ") == " can i return my laptop "
    assert normalise_ask("?!") == ""
    assert trigrams("Can I return my laptop?") == trigrams("can i return my laptop")
    assert dice(trigrams("Can I return my laptop?"), trigrams("can i return my laptop")) == 1.0
    assert dice(trigrams("?"), trigrams("?")) == 0.0
    assert trigrams("a") == {" a "}


def _brute_force(texts: list[str], threshold: float) -> list[tuple[int, int, float]]:
    sets = [trigrams(t) for t in texts]
    found = []
    for i, j in combinations(range(len(texts)), 2):
        similarity = dice(sets[i], sets[j])
        if similarity >= threshold and similarity > 0:
            found.append((i, j, similarity))
    return found


OPENERS = (
    "how do i", "can i", "what happens if", "why is", "when will", "do you", "is it possible to", "where can i",
    "who do i ask about", "how long does", "what should i do about", "will you",
)  # fmt: skip
CONTENT = """
account address advance airbag alarm allowance amount annual app appeal approval arrears assessor audit
baby balance bank battery bill bodywork bonus booking boot brake branch breakdown broker budget bumper
cab camera cancel caravan card careless cashback certificate charge cheque child claim clutch commission company
complaint contract courtesy cover crack credit customer damage dashcam date dealer debit deductible deposit
diesel direct discount dispute document driveway driver duplicate electric email engine estimate europe excess
expiry family fault fee ferry fine fire fleet flood fraud fuel garage gearbox glass green guarantee hail
headlight hire history holiday home hybrid identity incident income injury installment insurer interest invoice
jump keys lease legal letter licence limit loan lock lost manager medical mileage mirror mobile modification
monthly motorway name neighbour notice number offer online owner paint paperwork parking partner payment
penalty permit pet phone photo police premium private promise quote radio receipt recovery refund registration
renewal rental repair replacement report reserve retirement review roadside roof safety salvage satnav scratch
seat second service settlement signature speed spouse statement stolen storage student surcharge suspension
tax theft tow trailer transfer travel tyre upgrade valet valuation van vandalism vehicle voucher warranty
weather wheel windscreen winter witness workshop young
""".split()
FILLERS = "my the a for with after before on in of and or to your our".split()


def _ask(rng: random.Random) -> str:
    words = [rng.choice(OPENERS)]
    for _ in range(rng.randint(1, 7)):
        if rng.random() < 0.35:
            words.append(rng.choice(FILLERS))
        words.append(rng.choice(CONTENT))
    return " ".join(words).capitalize() + rng.choice(["?", "", "?", "."])


def _mutate(text: str, rng: random.Random) -> str:
    """A near-duplicate: a few typos, a changed case, moved punctuation or a word dropped."""
    chars = list(text)
    for _ in range(rng.randint(0, 3)):
        position = rng.randrange(len(chars))
        kind = rng.random()
        if kind < 0.4:
            chars[position] = rng.choice(string.ascii_lowercase)
        elif kind < 0.7:
            chars.insert(position, rng.choice(string.ascii_lowercase + " ,"))
        elif len(chars) > 1:
            del chars[position]
    mutated = "".join(chars)
    if rng.random() < 0.3:
        mutated = mutated.upper()
    if rng.random() < 0.2:
        words = mutated.split()
        if len(words) > 2:
            del words[rng.randrange(len(words))]
        mutated = " ".join(words)
    return mutated


def test_candidates_are_far_fewer_than_all_pairs() -> None:
    rng = random.Random(20260601)
    asks = list(dict.fromkeys(_ask(rng) for _ in range(2200)))[:2000]
    assert len(asks) == 2000
    sets = [trigrams(a) for a in asks]
    all_pairs = len(asks) * (len(asks) - 1) // 2
    strict, loose = candidate_pairs(sets, 0.88), candidate_pairs(sets, 0.7)
    assert strict.probed < all_pairs / 20
    assert loose.probed < all_pairs / 5
    assert len(strict.pairs) < strict.probed / 100
    assert len(loose.pairs) < loose.probed / 20


@pytest.mark.parametrize("seed", range(6))
def test_candidates_miss_no_pair_a_brute_force_finds(seed: int) -> None:
    rng = random.Random(seed)
    bases = [_ask(rng) for _ in range(60)]
    asks = [_mutate(rng.choice(bases), rng) for _ in range(240)] + bases
    rng.shuffle(asks)
    for threshold in (1.0, 0.95, 0.88, 0.8, 0.6, 0.3, 0.0, rng.uniform(0.5, 1)):
        expected = _brute_force(asks, threshold)
        assert similar_pairs(asks, threshold) == expected, threshold
        assert any(similarity < 1 for _, _, similarity in expected) or threshold == 1.0  # not a vacuous test


def test_identical_asks_are_found_even_at_the_strictest_threshold() -> None:
    asks = ["Can I return my laptop?", "How long is the warranty?", "can i return my laptop", "CAN I RETURN MY LAPTOP"]
    assert [(i, j) for i, j, _ in similar_pairs(asks, 1.0)] == [(0, 2), (0, 3), (2, 3)]


def test_asks_without_letters_are_never_similar() -> None:
    assert similar_pairs(["?", "!!", "Can I return it?"], 0.0) == []


def test_a_pair_exactly_at_the_threshold_is_a_candidate() -> None:
    x, y = frozenset({"abc", "bcd", "cde", "def"}), frozenset({"abc", "bcd", "cde", "xyz"})
    assert dice(x, y) == 0.75
    assert candidate_pairs([x, y], 0.75).pairs == {(0, 1)}
    assert candidate_pairs([x, y], 0.76).pairs == set()


def test_the_answer_rules_skip_what_other_rules_report(playbook_dir) -> None:
    """Unknown departments, owners and questions, empty conditions: findings where they make sense, never a crash."""
    folder = playbook_dir(
        {
            "org.yaml": "departments:\n  - id: sales\n    name: Sales\n",
            "policies/odd.yaml": (
                "topic: odd\n"
                "questions:\n"
                "  - id: refund-window\n"
                "    ask: How long do I have to return it?\n"
                "    answers:\n"
                "      - decision: 30 days\n"
                "        say: Thirty days.\n"
                "        when: {segment: []}\n"
                "      - by: nowhere\n"
                "        decision: 60 days\n"
                "        say: Sixty days.\n"
                "      - by: sales\n"
                "        decision: 90 days\n"
                "        say: Ninety days.\n"
                "        when: {segment: [], channel: [phone]}\n"
                "  - id: refund-window-again\n"
                "    ask: How long do I have to return it\n"
                "answers:\n"
                "  - question: no-such-question\n"
                "    decision: yes\n"
                "    say: Yes.\n"
            ),
            "journeys/j.yaml": (
                "id: j\ntitle: J\nsegments: [consumer]\nsteps:\n"
                "  - id: a\n    say: [refund-window, no-such-question, refund-window-again]\n"
            ),
        }
    )
    result = run_check(folder, today=DAY)
    found = sorted((f.rule, str(f.location)) for f in result.findings if f.rule in ANSWER_RULES)
    assert found == [
        ("answer-conflict", "policies/odd.yaml:10:19"),  # one finding for the question, naming its three decisions
        ("answer-missing", "journeys/j.yaml:6:44"),  # refund-window-again; refund-window has an answer for all
        ("possible-duplicate-question", "policies/odd.yaml:17:10"),
    ]
    messages = [f.message for f in result.findings if f.rule == "answer-conflict"]
    assert messages == [
        'answers that reach the same customers give 3 different decisions: "30 days" (an answer without `by`, '
        'policies/odd.yaml:6), "60 days" (department "nowhere", policies/odd.yaml:10) and "90 days" (Sales, '
        "policies/odd.yaml:13): agree on one decision, or make the `when`/`effective` conditions not overlap"
    ]
