"""Journeys: a shape filled with departments, a product and its problem; handoffs carry what later steps need."""

from __future__ import annotations

import random

from .model import Department, Journey, Person, Step, Topic
from .names import product_slug, product_type, review_date, slug
from .shapes import RECOVERY_ACTIONS, SHAPES, Shape
from .sizes import Size
from .words import CHANNELS, CORE, PART_FAULTS, SEGMENTS


def knowledge(steps: list[Step]) -> dict[str, set[str]]:
    """What the customer has given on every path to each step (before it captures)."""
    index = {s.id: s for s in steps}
    preds: dict[str, list[str]] = {s.id: [] for s in steps}
    for s in steps:
        for target in s.next:
            preds[target].append(s.id)
    universe = {item for s in steps for item in s.capture}
    known_in: dict[str, set[str]] = {s.id: set(universe) for s in steps}
    known_in[steps[0].id] = set()
    changed = True
    while changed:
        changed = False
        for s in steps[1:]:
            new = set(universe)
            for p in preds[s.id]:
                new &= known_in[p] | set(index[p].capture)
            if new != known_in[s.id]:
                known_in[s.id], changed = new, True
    return known_in


def plan_handoffs(steps: list[Step]) -> None:
    """Fill each cross-department `next` with what later steps need (plus the case basics)."""
    index = {s.id: s for s in steps}
    known_in = knowledge(steps)
    for s in steps:
        missing = set(s.needs) - known_in[s.id] - set(s.capture)
        if missing:
            raise AssertionError(f"journey shape bug: {s.id} needs {sorted(missing)}")

    def needed_from(start: str) -> set[str]:
        seen, todo, needed = set(), [start], set(CORE)
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                needed |= set(index[current].needs)
                todo.extend(index[current].next)
        return needed

    for s in steps:
        known_out = known_in[s.id] | set(s.capture)
        for target in s.next:
            if index[target].department != s.department:
                s.carry[target] = [item for item in order_items(known_out & needed_from(target))]


def order_items(items: set[str]) -> list[str]:
    """Core items first, in their usual order, then the rest alphabetically."""
    return [c for c in CORE if c in items] + sorted(items - set(CORE))


def build_journeys(
    size: Size,
    departments: list[Department],
    people: dict[str, Person],
    topics: list[Topic],
    rng: random.Random,
) -> list[Journey]:
    front_people = [p for d in departments if d.front for p in d.people]
    products = sorted({q.product for t in topics for q in t.questions}, key=slug)
    rng.shuffle(products)
    sayable: dict[tuple[str, bool], list[str]] = {}
    for topic in topics:
        for question in topic.questions:
            if question.sayable:
                sayable.setdefault((question.product, False), []).append(question.id)
                sayable.setdefault(("", False), []).append(question.id)
                if question.public:
                    sayable.setdefault((question.product, True), []).append(question.id)
                    sayable.setdefault(("", True), []).append(question.id)
    shapes = [shape for shape in SHAPES for _ in range(shape.weight)]
    journeys: list[Journey] = []
    taken: set[str] = set()
    for j in range(size.journeys):
        product = products[j % len(products)]
        owner = people[rng.choice(front_people)]
        for _ in range(1000):
            shape = rng.choice(shapes)
            issue_slug, title, problem, part = choose_issue(shape, product, rng)
            journey_id = f"{product_slug(product)}-{issue_slug}"
            if journey_id not in taken and len(journey_id) <= 64:
                break
        else:
            raise ValueError("ran out of distinct journeys; ask for fewer")
        taken.add(journey_id)
        public = rng.random() < 0.1 and ("", True) in sayable
        journey = build_journey(journey_id, shape, product, part, owner, departments, public, sayable, rng)
        journey.title, journey.problem = title, problem
        journeys.append(journey)
    return journeys


def choose_issue(shape: Shape, product: str, rng: random.Random) -> tuple[str, str, str, str]:
    """(id part, title, the customer's words, the part concerned) for one journey."""
    if shape.issues:
        issue_slug, words = rng.choice(shape.issues)
        return issue_slug, f"{product} — {issue_slug.replace('-', ' ')}", words.format(product=product), "unit"
    part, faults = rng.choice(PART_FAULTS)
    fault = rng.choice(faults)
    words = f"My {product}'s {part} {fault} and I need it working again."
    return f"{slug(part)}-{slug(fault)}", f"{product} — the {part} {fault}", words, part


def pick_roles(
    shape: Shape, owner_department: str, departments: list[Department], rng: random.Random
) -> list[Department]:
    """Two departments for roles A and B: ones whose function fits, else any others."""
    chosen: list[Department] = []
    for functions in (shape.a_functions, shape.b_functions):
        taken = {owner_department, *(d.id for d in chosen)}
        fitting = [d for d in departments if d.id not in taken and d.function in functions]
        chosen.append(rng.choice(fitting or [d for d in departments if d.id not in taken]))
    return chosen


def build_journey(
    journey_id: str,
    shape: Shape,
    product: str,
    part: str,
    owner: Person,
    departments: list[Department],
    public: bool,
    sayable: dict[tuple[str, bool], list[str]],
    rng: random.Random,
) -> Journey:
    by_id = {d.id: d for d in departments}
    others = pick_roles(shape, owner.department, departments, rng)
    roles = {"O": by_id[owner.department], "A": others[0], "B": others[1]}
    fill = {"product": product, "part": part}
    pool = sayable.get((product, public)) or sayable[("", public)]
    steps = []
    for plan in shape.steps:
        department = roles[plan.role]
        k = rng.randint(1 if plan.key == "first-contact" else 0, min(2, len(department.tools)))
        steps.append(
            Step(
                id=plan.key,
                title=plan.title.format(**fill),
                department=department.id,
                do=[line.format(**fill) for line in plan.do],
                next=list(plan.next),
                capture=list(plan.capture),
                needs=list(plan.needs),
                say=sorted(set(rng.sample(pool, min(len(pool), rng.randint(1, 2))))) if plan.says else [],
                tools=rng.sample(department.tools, k),
                confirm=plan.confirm.format(**fill),
            )
        )
    plan_handoffs(steps)
    recovery = [
        (trigger, rng.choice([owner.id, roles["O"].lead]), rng.sample(RECOVERY_ACTIONS, 2))
        for trigger in rng.sample(shape.recovery, rng.randint(1, len(shape.recovery)))
    ]
    return Journey(
        id=journey_id,
        area=slug(product_type(product)) + "s",
        title="",
        problem="",
        outcome=shape.outcome.format(**fill),
        owner=owner.id,
        segments=sorted(rng.sample([s[0] for s in SEGMENTS], rng.randint(1, 3)), key=[s[0] for s in SEGMENTS].index),
        channels=sorted(rng.sample(CHANNELS, rng.randint(1, 3)), key=CHANNELS.index),
        resolution=rng.choice(["3 days", "5 days", "10 days", "2 weeks"]),
        max_handoffs=3 if rng.random() < 0.5 else None,
        review_by=review_date(rng),
        public=public,
        steps=steps,
        recovery=recovery,
    )
