"""Ids, product names and dates derived from the word lists."""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata

from .sizes import REVIEW_FROM, REVIEW_UNTIL
from .words import BRANDS, MORE_BRANDS, PRODUCT_TYPES, SERIES


def slug(words: str) -> str:
    """`Tomás O'Brien` → `tomas-obrien`."""
    ascii_text = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-")


def product_name(brand: int, kind: int) -> str:
    """`Lumen Breeze 40 air purifier`: brand, model series and number, product type."""
    series = SERIES[(7 * brand + kind) % len(SERIES)]
    return f"{(BRANDS + MORE_BRANDS)[brand]} {series} {10 * (1 + (brand + 2 * kind) % 9)} {PRODUCT_TYPES[kind]}"


def product_type(product: str) -> str:
    return product.split(" ", 3)[3]


def product_slug(product: str) -> str:
    """Ids name the brand and the type, not the model: `lumen-air-purifier`."""
    return slug(f"{product.split(' ', 1)[0]} {product_type(product)}")


def capitalise(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def review_date(rng: random.Random) -> str:
    span = (REVIEW_UNTIL - REVIEW_FROM).days
    return (REVIEW_FROM + dt.timedelta(days=rng.randrange(span + 1))).isoformat()


def numbered(names: list[str], n: int) -> list[str]:
    """The first n names, then the names again with " 2", " 3", ... when the list runs out."""
    return [names[i % len(names)] + (f" {i // len(names) + 1}" if i >= len(names) else "") for i in range(n)]
