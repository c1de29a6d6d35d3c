"""Figures for the Audits pages: per journey, per department and per month, from the call logs. Pure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .compare import AuditContext, decision_key, handoffs, max_handoffs
from .model import CallLog, Contact


@dataclass(frozen=True)
class Heard:
    """One decision a caller heard that was not the playbook's."""

    log: CallLog
    contact: Contact
    question: str
    words: str
    expected: tuple[str, ...]  # the playbook's decisions for that contact on that day


@dataclass
class Tally:
    """Running totals for one group of calls (a journey, a department, a month, everything)."""

    calls: int = 0
    contacts: int = 0
    handoffs: int = 0
    over_target: int = 0
    wrong: int = 0
    mixed: int = 0
    asked_again: int = 0
    solved: int = 0
    solved_known: int = 0
    yes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    known: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    treated: list[int] = field(default_factory=list)
    satisfied: list[int] = field(default_factory=list)
    target: int | None = None
    call_ids: set[str] = field(default_factory=set)

    def share(self, what: str) -> float | None:
        return self.yes[what] / self.known[what] if self.known[what] else None

    @property
    def mean_treated(self) -> float | None:
        return sum(self.treated) / len(self.treated) if self.treated else None

    @property
    def mean_satisfied(self) -> float | None:
        return sum(self.satisfied) / len(self.satisfied) if self.satisfied else None

    @property
    def mean_handoffs(self) -> float | None:
        return self.handoffs / self.calls if self.calls else None

    @property
    def solved_share(self) -> float | None:
        return self.solved / self.solved_known if self.solved_known else None

    def add_contact(self, contact: Contact) -> None:
        self.contacts += 1
        self.asked_again += len(contact.asked_again)
        for what in QUALITIES:
            value = getattr(contact, what)
            if value is not None:
                self.known[what] += 1
                self.yes[what] += value
        if contact.treated is not None:
            self.treated.append(contact.treated)


QUALITIES = ("knowledgeable", "defined_problem", "offered_solution")


@dataclass
class AuditStats:
    total: Tally
    journeys: dict[str, Tally]
    departments: dict[str, Tally]
    months: dict[str, Tally]  # "2027-01" → tally, in order
    journey_months: dict[str, dict[str, Tally]]
    wrong: list[Heard]
    mixed: list[Heard]  # the later versions; `expected` holds the first version heard

    def heard_differently(self, question_id: str) -> list[Heard]:
        return [h for h in self.wrong if h.question == question_id]


def mixed_messages(log: CallLog) -> Iterable[tuple[Contact, str, str, Contact, str]]:
    """(contact, question, words, earlier contact, earlier words) for each version after the first in a call."""
    first: dict[str, dict[str, tuple[Contact, str]]] = {}
    for contact in log.contacts:
        for question_id, words in contact.heard.items():
            versions = first.setdefault(question_id, {})
            key = decision_key(words)
            if key in versions:
                continue
            if versions:
                earlier, earlier_words = next(iter(versions.values()))
                yield contact, question_id, words, earlier, earlier_words
            versions[key] = (contact, words)


def gather(ctx: AuditContext) -> AuditStats:
    book = ctx.playbook
    total = Tally()
    journeys: dict[str, Tally] = {}
    departments: dict[str, Tally] = {}
    months: dict[str, Tally] = {}
    journey_months: dict[str, dict[str, Tally]] = defaultdict(dict)
    wrong: list[Heard] = []
    mixed: list[Heard] = []
    for log in sorted(book.audits, key=lambda entry: (entry.day, entry.file)):
        month = log.day.strftime("%Y-%m")
        limit = max_handoffs(book, book.journeys.get(log.journey))
        journey_tally = journeys.setdefault(log.journey, Tally(target=limit))
        groups = [
            total,
            journey_tally,
            months.setdefault(month, Tally()),
            journey_months[log.journey].setdefault(month, Tally()),
        ]
        count = handoffs(log)
        for tally in groups:
            tally.calls += 1
            tally.handoffs += count
            tally.over_target += count > limit
            if log.outcome is not None and log.outcome.solved is not None:
                tally.solved_known += 1
                tally.solved += log.outcome.solved
            if log.outcome is not None and log.outcome.satisfied is not None:
                tally.satisfied.append(log.outcome.satisfied)
        for contact in log.contacts:
            department = departments.setdefault(contact.department, Tally())
            if log.file not in department.call_ids:
                department.call_ids.add(log.file)
                department.calls += 1
            for tally in (*groups, department):
                tally.add_contact(contact)
            for question_id in contact.heard:
                expected = ctx.wrong(log, contact, question_id)
                if expected is not None:
                    decisions = tuple(dict.fromkeys(a.decision for a in expected))
                    wrong.append(Heard(log, contact, question_id, contact.heard[question_id], decisions))
                    for tally in (*groups, department):
                        tally.wrong += 1
        for contact, question_id, words, earlier, earlier_words in mixed_messages(log):
            mixed.append(Heard(log, contact, question_id, words, (earlier_words,)))
            involved = {contact.department, earlier.department}
            for tally in (*groups, *(departments[d] for d in sorted(involved))):
                tally.mixed += 1  # a department counts each mixed message it gave one of the versions of
    return AuditStats(total, journeys, departments, dict(sorted(months.items())), journey_months, wrong, mixed)
