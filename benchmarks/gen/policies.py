"""Topics, their questions and two answers per question that never conflict."""

from __future__ import annotations

import random

from .asks import MAX_QUESTIONS, Vocabulary, ask_texts, smallest_prime_grid
from .model import Answer, Department, Person, Question, Topic
from .names import numbered, product_slug, review_date, slug
from .sizes import QUESTIONS_PER_TOPIC, Size
from .words import ACTIONS, CHANNELS, INTERNAL_NOTES, SAY_ENDINGS, SEGMENTS, THEMES


def say_text(action: int, decision_index: int, noun: str, product: str, rng: random.Random) -> str:
    said = ACTIONS[action][3][decision_index][1].format(n=noun, product=product)
    if rng.random() < 0.5:
        said += " " + rng.choice(SAY_ENDINGS)
    return said


def internal_note(department: Department, tool_names: dict[str, str], rng: random.Random) -> str:
    return rng.choice(INTERNAL_NOTES).format(tool=tool_names[rng.choice(department.tools)].lower())


def build_answers(
    question: Question,
    kind: tuple[int, str],
    owner_department: Department,
    other: Department,
    tool_names: dict[str, str],
    rng: random.Random,
) -> None:
    """Two answers that never conflict: the same decision, or disjoint conditions."""
    action, noun = kind
    decisions = ACTIONS[action][3]
    first = rng.randrange(len(decisions))
    segment_ids = [s[0] for s in SEGMENTS]

    def answer(department: Department, index: int) -> Answer:
        made = Answer(department.id, decisions[index][0], say_text(action, index, noun, question.product, rng))
        if rng.random() < 0.3:
            made.internal = internal_note(department, tool_names, rng)
        return made

    a, b = answer(owner_department, first), answer(other, first)
    a.show_by = rng.random() < 0.5  # `by` defaults to the owner's department
    roll = rng.random()
    if roll < 0.6:  # the other department agrees
        question.sayable = True
        if rng.random() < 0.3:
            b.when = ("segment", tuple(sorted(rng.sample(segment_ids, 2), key=segment_ids.index)))
        elif rng.random() < 0.2:
            b.effective_from = "2026-01-01"
    else:  # it decides differently, for other customers or another channel
        b = answer(other, (first + 1 + rng.randrange(len(decisions) - 1)) % len(decisions))
        dimension, values = ("segment", segment_ids) if roll < 0.85 else ("channel", CHANNELS)
        special = rng.choice(values)
        b.when = (dimension, (special,))
        a.when = (dimension, tuple(v for v in values if v != special))
    question.answers = [a, b]


def build_topics(
    size: Size,
    departments: list[Department],
    people: dict[str, Person],
    tool_names: dict[str, str],
    rng: random.Random,
) -> tuple[list[Topic], dict[str, list[tuple[str, Answer]]]]:
    q = smallest_prime_grid(size.questions)
    vocab = Vocabulary.shuffled(rng, q)
    if q > vocab.capacity:
        raise ValueError(f"at most {MAX_QUESTIONS:,} distinct questions can be generated; ask for fewer")
    by_id = {d.id: d for d in departments}
    topics: list[Topic] = []
    extra: dict[str, list[tuple[str, Answer]]] = {}
    chunks = max(1, round(q / QUESTIONS_PER_TOPIC))
    for i in range(size.questions):
        x, y = divmod(i, q)
        chunk = y * chunks // q
        if y == 0 or chunk != (y - 1) * chunks // q:
            topics.append(new_topic(len(topics), vocab.products[x], chunk, departments, rng))
        topic = topics[-1]
        slots = vocab.slots(x, y, q)
        product, kind = slots.product, slots.kind
        ask, also_asked = ask_texts(slots, rng)
        owner = topic.owner
        if rng.random() < 0.1:
            owner = rng.choice(by_id[topic.department].people)
        question = Question(
            id=f"{product_slug(product)}-{ACTIONS[kind[0]][2]}-{slug(kind[1])}",
            ask=ask,
            also_asked=also_asked,
            owner=owner,
            show_owner=owner != topic.owner,
            public=rng.random() < 0.3,
            review_by=review_date(rng),
            product=product,
        )
        owner_department = by_id[people[owner].department]
        other = rng.choice([d for d in departments if d is not owner_department])
        build_answers(question, kind, owner_department, other, tool_names, rng)
        if rng.random() < 0.25:  # the other department keeps this answer in its own file
            extra.setdefault(other.id, []).append((question.id, question.answers.pop()))
        topic.questions.append(question)
    return topics, extra


def new_topic(index: int, product: str, chunk: int, departments: list[Department], rng: random.Random) -> Topic:
    department = departments[index % len(departments)]
    theme = numbered(THEMES, chunk + 1)[-1]
    return Topic(
        id=f"{product_slug(product)}-{slug(theme)}",
        title=f"{product} — {theme.lower()}",
        owner=rng.choice(department.people),
        department=department.id,
        review_by=review_date(rng),
    )
