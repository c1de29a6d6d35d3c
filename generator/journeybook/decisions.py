"""Decisions compared as people read them: Unicode forms, invisible characters, amounts, money and durations.

`normalise_decision` turns a decision into the form two decisions are
compared in; two decisions a person reads as the same get the same form.
Numbers are exact decimals (never floats: 9007199254740993 is not
9007199254740992), so nothing is rounded into agreement.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from .schema import DURATION_UNITS, MINUTES_PER

# Characters nobody sees that change nothing a reader understands: format characters (zero-width space and
# joiners, soft hyphen, byte-order mark, word joiner) and control characters other than line breaks and tabs.
_KEEP_CONTROLS = frozenset("\t\n\r")


def is_invisible(char: str) -> bool:
    category = unicodedata.category(char)
    return category == "Cf" or (category == "Cc" and char not in _KEEP_CONTROLS)


def invisible_characters(text: str) -> list[tuple[int, str]]:
    """(index, character) of each invisible character in `text`."""
    if text.isprintable():  # at C speed: no format or control character (nor line break, nor odd space) in it
        return []
    return [(n, c) for n, c in enumerate(text) if is_invisible(c)]


def character_name(char: str) -> str:
    """`ZERO WIDTH SPACE (U+200B)`."""
    return f"{unicodedata.name(char, None) or 'CONTROL CHARACTER'} (U+{ord(char):04X})"


_SPACE = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
# A plain amount, with thousands separators or without; a leading zero ("010", "007") marks a code, which
# stays text. The separators must be where thousands are: "1,00" is not an amount.
_AMOUNT = r"[+-]?(?:0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)(?:\.\d+)?"
_NUMBER = re.compile(rf"^{_AMOUNT}$")
_PERCENT = re.compile(rf"^({_AMOUNT}) ?%$")

# Currencies in their usual spellings, each to its ISO code. `$` is taken as US dollars.
_CURRENCY_WORDS = {
    "£": "gbp",
    "gbp": "gbp",
    "pound": "gbp",
    "pounds": "gbp",
    "€": "eur",
    "eur": "eur",
    "euro": "eur",
    "euros": "eur",
    "$": "usd",
    "us$": "usd",
    "usd": "usd",
    "dollar": "usd",
    "dollars": "usd",
    "¥": "jpy",
    "jpy": "jpy",
    "yen": "jpy",
    "chf": "chf",
    "sek": "sek",
    "nok": "nok",
    "dkk": "dkk",
    "kr": "kr",
    "aud": "aud",
    "a$": "aud",
    "cad": "cad",
    "c$": "cad",
    "₹": "inr",
    "inr": "inr",
}
_CURRENCY = "|".join(re.escape(word) for word in sorted(_CURRENCY_WORDS, key=len, reverse=True))
_MONEY_BEFORE = re.compile(rf"^({_CURRENCY}) ?({_AMOUNT})$")
_MONEY_AFTER = re.compile(rf"^({_AMOUNT}) ?({_CURRENCY})$")

_UNIT = "|".join(sorted(DURATION_UNITS, key=len, reverse=True))
_DURATION_PART = re.compile(rf"(\d+(?:\.\d+)?) ?({_UNIT})\b")
_DURATION = re.compile(rf"^(?:\d+(?:\.\d+)? ?(?:{_UNIT})(?:,? (?:and )?|,|$))+$")


def without_invisible(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(c for c in text if not is_invisible(c))


def normalise_decision(text: str) -> str:
    """The form in which two decisions are compared: "30 Days", "30d", "4 weeks 2 days" all become "43200 minutes".

    In order: Unicode NFKC (so "café" is one text however it was typed, and a
    no-break space is a space); invisible characters dropped; case and runs
    of white space set aside. Then a duration, also a compound one ("1 hour
    30 minutes"), becomes its length in minutes; money ("£1,000", "GBP 1000",
    "1000 pounds") becomes "1000 gbp"; a percentage "5.0 %" becomes "5%"; a
    plain number its shortest exact form ("30.0" → "30", "1,000" → "1000").
    Anything else — "1 month", "no", "phone or chat" — is compared as text.
    """
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    folded = _SPACE.sub(" ", without_invisible(text)).strip().casefold()
    if not _DIGIT.search(folded):
        return folded  # no amount, duration or number in it: text
    if _DURATION.match(folded):
        minutes = sum(
            (Decimal(amount) * MINUTES_PER[DURATION_UNITS[unit]] for amount, unit in _DURATION_PART.findall(folded)),
            Decimal(0),
        )
        return f"{_exact(minutes)} minutes"
    money = _MONEY_BEFORE.match(folded)
    if money:
        return f"{_exact(_decimal(money.group(2)))} {_CURRENCY_WORDS[money.group(1)]}"
    money = _MONEY_AFTER.match(folded)
    if money:
        return f"{_exact(_decimal(money.group(1)))} {_CURRENCY_WORDS[money.group(2)]}"
    percent = _PERCENT.match(folded)
    if percent:
        return f"{_exact(_decimal(percent.group(1)))}%"
    if _NUMBER.match(folded):
        return _exact(_decimal(folded))
    return folded


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the patterns admit only digits, one point and separators
        return Decimal(0)


def _exact(value: Decimal) -> str:
    """The shortest exact text of a decimal: 30.0 → 30, 1E+3 → 1000, -0 → 0."""
    if value == 0:
        return "0"
    text = format(value.normalize(), "f")
    return text
