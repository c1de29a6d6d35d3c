"""The finder's built-in vocabulary: everyday callers' words find their question in any business's playbook."""

from __future__ import annotations

import pytest

from journeybook.finder import BASE_VOCABULARY, Engine

# A generic service company's questions, with no vocabulary of its own: only the built-in groups join the
# callers' words to these. Several questions share words ("payment", "engineer", "contract") on purpose.
ASKS = {
    "missed-payment": "What happens if I miss a payment?",
    "payment-date": "Can I change my payment date?",
    "price-rise": "Why has my price gone up?",
    "price-match": "Can you match a cheaper price?",
    "bereavement": "How do I close the account of someone who has died?",
    "scam": "Was that message a scam?",
    "moving": "Can I keep my service when I move house?",
    "updates": "How often will you update me on my case?",
    "cancel": "How do I cancel?",
    "cooling-off": "Can I change my mind?",
    "contract-end": "When does my contract end?",
    "go-live": "When will my service go live?",
    "refund": "When will I get my refund?",
    "faulty": "What do I do if my equipment is faulty?",
    "arrival": "What time will the engineer arrive?",
    "no-show": "What happens if the engineer doesn't come?",
}


@pytest.fixture(scope="module")
def engine():
    docs = [{"k": "q", "id": i, "a": ask, "aa": [], "an": []} for i, ask in ASKS.items()]
    sorry = {"by": "", "s": "We're so sorry. What's next: we'll book the first slot and text you the day before."}
    docs[list(ASKS).index("no-show")]["an"] = [{**sorry, "w": ""}]  # staff apologise too
    with Engine({"vocabulary": [list(group) for group in BASE_VOCABULARY], "docs": docs}) as running:
        yield running


def first(engine: Engine, said: str) -> str | None:
    found = [i for kind, i in engine.search(said, 10) if kind == "q"]
    return found[0] if found else None


@pytest.mark.parametrize(
    ("said", "question"),
    [
        ("I couldn't pay this month", "missed-payment"),
        ("I would prefer it after payday", "payment-date"),
        ("why are you charging more", "price-rise"),
        ("I found it for less", "price-match"),
        ("my mum passed away", "bereavement"),
        ("somebody phoned pretending to be from you", "scam"),
        ("we're moving to a new flat", "moving"),
        ("nobody has got back to me", "updates"),
        ("I want to take my business elsewhere", "cancel"),
        ("I've had second thoughts", "cooling-off"),
        ("am I still tied in", "contract-end"),
        ("when will it be up and running", "go-live"),
        ("I want my money back", "refund"),
        ("the box keeps playing up", "faulty"),
        ("is the technician on the way", "arrival"),
        ("the technician didnt show", "no-show"),
    ],
)
def test_everyday_words_find_their_question_with_no_vocabulary_of_the_playbooks_own(
    engine: Engine, said: str, question: str
) -> None:
    assert first(engine, said) == question


@pytest.mark.parametrize("said", ["hiya, sorry, what's the latest on my refund", "erm where's my refund"])
def test_call_talk_and_contractions_are_not_searched(engine: Engine, said: str) -> None:
    """Call talk ("hiya", "sorry", "erm") and contractions ("what's", "where's") are not searched: only the refund
    question is found, not the answer that says sorry and "what's next"."""
    assert [i for _, i in engine.search(said, 10)] == ["refund"]


def test_every_group_is_words_that_differ() -> None:
    """A group of one word, or one that repeats a word, is a slip in the list; every entry is lower case."""
    for group in BASE_VOCABULARY:
        assert len(group) >= 2, group
        assert len(set(group)) == len(group), group
        assert all(entry == entry.lower() and entry.strip() == entry and entry for entry in group), group
