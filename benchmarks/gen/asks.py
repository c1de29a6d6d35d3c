"""Questions that never look alike: points of a prime grid mapped to five vocabulary slots."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .names import capitalise, product_name
from .words import (
    ACTIONS,
    BRANDS,
    EVENTS,
    MORE_BRANDS,
    MORE_EVENTS,
    MORE_NOUNS,
    MORE_PART_FAULTS,
    MORE_PLACE_ROOMS,
    NOUNS,
    PART_FAULTS,
    PLACE_ADJECTIVES,
    PLACE_ROOMS,
    PRODUCT_TYPES,
    WHENS,
)

BASE_CAPACITY = 140  # slot values without the MORE_ words: grids up to 139 × 139 use only these


def smallest_prime_grid(n: int) -> int:
    """The smallest prime q >= 5 with q*q >= n (5 keeps the five slot forms below independent)."""
    q = 5
    while q * q < n or any(q % d == 0 for d in range(2, int(q**0.5) + 1)):
        q += 1
    return q


@dataclass(frozen=True)
class Slots:
    """What one ask is made of. Any two questions share at most one of these five values."""

    product: str
    kind: tuple[int, str]  # (action index, noun)
    context: tuple[str, str]  # (long, short)
    problem: tuple[str, str]  # (part, fault)
    place: str


@dataclass(frozen=True)
class Vocabulary:
    """Shuffled slot values; index i of each list is one value of that slot."""

    products: list[str]
    kinds: list[tuple[int, str]]
    contexts: list[tuple[str, str]]
    problems: list[tuple[str, str]]
    places: list[str]

    @classmethod
    def shuffled(cls, rng: random.Random, q: int = 0) -> Vocabulary:
        """The slot values for a q×q grid, shuffled. Above BASE_CAPACITY the MORE_ words join in; at or
        below it they are left out, so those playbooks stay byte-identical to what earlier versions wrote."""
        more = q > BASE_CAPACITY
        brands = len(BRANDS) + (len(MORE_BRANDS) if more else 0)
        nouns = NOUNS + MORE_NOUNS if more else NOUNS
        events = EVENTS + MORE_EVENTS if more else EVENTS
        part_faults = PART_FAULTS + MORE_PART_FAULTS if more else PART_FAULTS
        rooms = PLACE_ROOMS + MORE_PLACE_ROOMS if more else PLACE_ROOMS
        products = [product_name(b, t) for b in range(brands) for t in range(len(PRODUCT_TYPES))]
        kinds = [(a, n) for a in range(len(ACTIONS)) for n in nouns]
        contexts = [(f"{w} {e}", f"{ws} {es}") for w, ws in WHENS for e, es in events]
        problems = [(part, fault) for part, faults in part_faults for fault in faults]
        places = [f"{adjective} {room}" for adjective in PLACE_ADJECTIVES for room in rooms]
        for values in (products, kinds, contexts, problems, places):
            rng.shuffle(values)
        return cls(products, kinds, contexts, problems, places)

    @property
    def capacity(self) -> int:
        return min(len(self.products), len(self.kinds), len(self.contexts), len(self.problems), len(self.places))

    def slots(self, x: int, y: int, q: int) -> Slots:
        """Point (x, y) of the q×q grid. The forms x, y, x+y, x+2y, x+3y are pairwise independent mod a
        prime q >= 5, so two distinct points agree in at most one slot and differ in at least four."""
        return Slots(
            self.products[x],
            self.kinds[y],
            self.contexts[(x + y) % q],
            self.problems[(x + 2 * y) % q],
            self.places[(x + 3 * y) % q],
        )


def ask_texts(slots: Slots, rng: random.Random) -> tuple[str, list[str]]:
    """The question as a customer asks it, and 1-3 other phrasings (each naming three slots)."""
    product, place = slots.product, slots.place
    action_index, noun = slots.kind
    action = ACTIONS[action_index][0].format(n=noun)
    part, fault = slots.problem
    ctx_long, ctx_short = slots.context
    templates = [
        f"The {part} on my {product} in our {place} {fault} {ctx_long}. {capitalise(action)}?",
        f"My {product}'s {part} {fault} {ctx_long} — {action}? It's the one in our {place}.",
        f"{capitalise(ctx_long)} the {part} of the {product} in our {place} {fault}. {capitalise(action)}?",
        f"{capitalise(action)} if the {part} on the {product} in our {place} {fault} {ctx_long}?",
    ]
    ask = rng.choice(templates)
    short_kind = f"{ACTIONS[action_index][1]} {noun}"
    phrasings = [
        f"{product} {part} {fault}, {short_kind}",
        f"{short_kind} for my {product} when the {part} {fault}",
        f"{product} in the {place}, {short_kind} {ctx_short}",
        f"{part} {fault} {ctx_short} on my {product}",
    ]
    chosen = rng.sample(phrasings, rng.randint(1, 3))
    return ask, [p.lower() if rng.random() < 0.3 else p for p in chosen]


def largest_prime_grid(capacity: int) -> int:
    """The largest prime q <= capacity: the biggest grid the slot values fill."""
    q = capacity
    while any(q % d == 0 for d in range(2, int(q**0.5) + 1)):
        q -= 1
    return q


MAX_CAPACITY = min(
    (len(BRANDS) + len(MORE_BRANDS)) * len(PRODUCT_TYPES),
    len(ACTIONS) * len(NOUNS + MORE_NOUNS),
    len(WHENS) * len(EVENTS + MORE_EVENTS),
    sum(len(faults) for _, faults in PART_FAULTS + MORE_PART_FAULTS),
    len(PLACE_ADJECTIVES) * len(PLACE_ROOMS + MORE_PLACE_ROOMS),
)
MAX_QUESTIONS = largest_prime_grid(MAX_CAPACITY) ** 2  # 239² = 57,121: 5.7 times size L
