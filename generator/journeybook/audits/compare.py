"""What each contact of a call should have said: the playbook's answers for that department, segment, channel
and day. Shared by the audit rules (rules/audit.py), the audit pages and the call kit."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from ..answering import applies_to, normalise_decision
from ..model import Answer, Journey, Playbook, Settings
from .history import History
from .model import CallLog, Contact


@lru_cache(maxsize=1 << 14)
def decision_key(text: str) -> str:
    """`normalise_decision`, cached: a thousand calls hear the same few decisions."""
    return normalise_decision(text)


def expected_answers(
    answers: list[Answer], department: str | None, segment: str | None, channel: str | None, day: date
) -> list[Answer]:
    """The answers that were the playbook's for this contact: the department's own that apply to the caller's
    segment and channel on the day, else — when it has none — every department's that apply (any of them was
    the playbook's word)."""
    applying = [a for a in answers if applies_to(a, segment, channel, day)]
    own = [a for a in applying if a.by == department]
    return own or applying


def max_handoffs(book: Playbook, journey: Journey | None) -> int:
    if journey is not None and journey.targets is not None and journey.targets.max_handoffs is not None:
        return journey.targets.max_handoffs
    return book.settings.defaults.max_handoffs


def handoffs(log: CallLog) -> int:
    """Department changes over the call's contacts, in order."""
    departments = [c.department for c in log.contacts]
    return sum(1 for a, b in zip(departments, departments[1:], strict=False) if a != b)


class AuditContext:
    """What every audit rule sees: the playbook, its settings, today, and the answers as of each call's day."""

    def __init__(self, playbook: Playbook, today: date, use_git: bool = True) -> None:
        self.playbook = playbook
        self.settings: Settings = playbook.settings
        self.today = today
        source: Path | None = playbook.source_dir if use_git else None
        self.history = History(source, playbook)

    def expected(self, log: CallLog, contact: Contact, question_id: str) -> list[Answer]:
        return expected_answers(
            self.history.answers_to(question_id, log.day), contact.department, log.segment, log.channel, log.day
        )

    def wrong(self, log: CallLog, contact: Contact, question_id: str) -> list[Answer] | None:
        """The answers the contact should have given, when what the caller heard matches none of them."""
        if question_id not in self.playbook.questions:
            return None  # check reports the unknown id
        expected = self.expected(log, contact, question_id)
        heard = decision_key(contact.heard[question_id])
        if not expected or any(decision_key(a.decision) == heard for a in expected):
            return None
        return expected
