"""The organisation: departments, tools, people (each department led by its first person)."""

from __future__ import annotations

import random

from .model import Department, Person
from .names import capitalise, numbered, slug
from .sizes import Size
from .words import FIRST_NAMES, FUNCTIONS, LAST_NAMES, REGIONS, TOOL_KINDS, TOOL_QUALIFIERS


def build_departments(size: Size) -> list[Department]:
    if size.departments < 3:
        raise ValueError("a journey needs at least 3 departments")
    regional = size.departments > len(FUNCTIONS)  # then every function exists once per region
    departments = []
    for i in range(size.departments):
        function, name, front = FUNCTIONS[i % len(FUNCTIONS)]
        department_id = function
        if regional:
            region = numbered(REGIONS, i // len(FUNCTIONS) + 1)[-1]
            department_id, name = f"{function}-{slug(region)}", f"{name} ({region})"
        contact = f"+1 555 {1000 + i:04d} ext. {4100 + i}"
        departments.append(Department(department_id, name, function, front, contact))
    return departments


def build_tools(size: Size) -> list[tuple[str, str]]:
    q, k = len(TOOL_QUALIFIERS), len(TOOL_KINDS)
    # i → (i mod q, (i div q + i) mod k) is one-to-one over q*k, and mixes kinds early on
    base = [f"{TOOL_QUALIFIERS[i % q]} {TOOL_KINDS[(i // q + i) % k]}" for i in range(q * k)]
    names = numbered(base, size.tools)
    return [(slug(name), capitalise(name.replace("-", " "))) for name in names]


def build_people(size: Size, departments: list[Department], rng: random.Random) -> list[Person]:
    if size.people < size.departments:
        raise ValueError("every department needs at least one person to lead it")
    pairs = [(f, last) for f in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(pairs)
    people, seen = [], set()
    for i in range(size.people):
        first, last = pairs[i % len(pairs)]
        name = f"{first} {last}" + (f" {i // len(pairs) + 1}" if i >= len(pairs) else "")
        person_id = slug(name)
        while person_id in seen:  # two names that only differ by accents
            person_id += "-x"
        seen.add(person_id)
        # the first person of each department leads it; everyone else joins one at random
        department = departments[i] if i < len(departments) else rng.choice(departments)
        email = f"{slug(first).replace('-', '.')}.{slug(last).replace('-', '')}{i // len(pairs) or ''}@example.com"
        people.append(Person(person_id, name, email, department.id))
        department.people.append(person_id)
    for department in departments:
        department.lead = department.people[0]
    return people


def assign_tools(departments: list[Department], tools: list[tuple[str, str]], rng: random.Random) -> None:
    tool_ids = [t[0] for t in tools]
    for i, tool_id in enumerate(tool_ids):  # every tool belongs somewhere
        departments[i % len(departments)].tools.append(tool_id)
    for i, department in enumerate(departments):
        if not department.tools:
            department.tools.append(tool_ids[i % len(tool_ids)])
        extra = rng.sample(tool_ids, min(len(tool_ids), rng.randint(1, 4)))
        department.tools.extend(t for t in extra if t not in department.tools)
