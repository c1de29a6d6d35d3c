"""Decisions compared as people read them: Unicode forms, invisible characters, exact amounts, money, durations."""

from __future__ import annotations

import pytest

from journeybook.answering import normalise_decision
from journeybook.decisions import normalise_decision as the_same_function


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("caf\u00e9", "cafe\u0301"),  # NFC and NFD
        ("\uff2e\uff4f", "No"),  # full-width letters (NFKC)
        ("No\u200b", "no"),  # zero-width space
        ("N\u00ado", "no"),  # soft hyphen
        ("\ufeffno\u2060", "no"),  # byte-order mark, word joiner
        ("no\u00a0refund", "no refund"),  # no-break space
        ("£1,000", "£1000"),
        ("£95", "£95.00"),
        ("£95", "GBP 95"),
        ("£95", "95 GBP"),
        ("£95", "95gbp"),
        ("£95", "95 pounds"),
        ("€20", "20 EUR"),
        ("€20", "EUR20"),
        ("€20", "20 euros"),
        ("$10", "USD 10"),
        ("$10", "10 dollars"),
        ("1,000,000", "1000000"),
        ("1,000.50", "1000.5"),
        ("5%", "5.0 %"),
        ("4 weeks 2 days", "30 days"),
        ("4 weeks and 2 days", "30 days"),
        ("1 hour 30 minutes", "90 min"),
        ("1 hour, 30 minutes", "1.5 hours"),
        ("2w", "14d"),
    ],
)
def test_what_a_person_reads_as_the_same_is_one_decision(a: str, b: str) -> None:
    assert normalise_decision(a) == normalise_decision(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("9007199254740993", "9007199254740992"),  # equal as floats; exact decimals tell them apart
        ("0.1", "0.10000000000000001"),
        ("£95", "€95"),
        ("£95", "95"),  # money is not a plain number
        ("£1,000", "£1,001"),
        ("1,00", "100"),  # separators not at thousands: text
        ("010", "10"),  # a leading zero marks a code
        ("4 weeks 2 days", "4 weeks 3 days"),
        ("1 month", "30 days"),
        ("5%", "5"),
    ],
)
def test_different_decisions_stay_different(a: str, b: str) -> None:
    assert normalise_decision(a) != normalise_decision(b)


def test_the_forms_compared() -> None:
    assert normalise_decision("£1,000.50") == "1000.5 gbp"
    assert normalise_decision("4 weeks 2 days") == "43200 minutes"
    assert normalise_decision("9007199254740993") == "9007199254740993"
    assert normalise_decision(" No\u200b ") == "no"


def test_answering_keeps_the_public_name() -> None:
    assert normalise_decision is the_same_function
