"""What test callers heard against what the playbook says (audit-wrong-answer, audit-mixed-messages,
audit-repeated, audit-handoffs, audit-not-confirmed).

These rules read call logs (audits/), and run in `journeybook audit`, not in `check`: they judge how
departments answered on a past day, not whether the playbook is right, so they must not stop a playbook from
being published. They are listed in the rule registry (with no check of their own there) so that
journeybook.yaml can set their severities and the README and SARIF document them like every other rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ..audits.compare import AuditContext, decision_key, handoffs, max_handoffs
from ..audits.validate import item_loc, key_loc
from ..findings import Finding, Related, Severity
from ..model import Playbook
from .base import Rule, rule


def _name(book: Playbook, department: str | None) -> str:
    found = book.departments.get(department or "")
    return found.name if found else (department or "no department")


def _when(log) -> str:  # noqa: ANN001 - a CallLog
    parts = [log.day.isoformat()]
    if log.segment:
        parts.append(f"segment {log.segment}")
    if log.channel:
        parts.append(f"by {log.channel}")
    return ", ".join(parts)


@rule("audit-wrong-answer", Severity.ERROR, "a test caller heard a decision the playbook did not give that day")
def audit_wrong_answer(ctx: AuditContext) -> Iterator[Finding]:
    """Why: the playbook is only as good as what departments really say.
    A decision heard on a test call that differs from the playbook's answer
    for that department, segment and channel on that day (compared like
    `answer-conflict`: case, spacing and units set aside) is a promise the
    customer will hold us to, and the next department will have to break.

    Bad:
    ```yaml
    # audits/2027-01-14-anna.yaml — the playbook says claims answers "we pay, no excess"
    contacts:
      - department: claims
        heard:
          tow-damage-who-pays: the tow company's insurer pays
    ```

    Good:
    ```yaml
    contacts:
      - department: claims
        heard:
          tow-damage-who-pays: we pay, no excess
    ```

    Fix: brief the department on the playbook's answer (the question's page has the words
    to say), or correct the playbook if the department is right.
    """
    book = ctx.playbook
    for log in book.audits:
        for contact in log.contacts:
            for question_id in contact.heard:
                expected = ctx.wrong(log, contact, question_id)
                if expected is None:
                    continue
                decisions = list(dict.fromkeys(a.decision for a in expected))
                said = " or ".join(f'"{d}"' for d in decisions)
                first = expected[0]
                yield Finding(
                    "audit-wrong-answer",
                    f'{_name(book, contact.department)} told the caller "{contact.heard[question_id]}" for '
                    f"{question_id}, but the playbook's answer was {said} ({_when(log)}): brief "
                    f"{_name(book, contact.department)} on the playbook's answer, or correct the playbook",
                    key_loc(contact.src, "heard", question_id),
                    related=(
                        Related(
                            first.src.loc("decision"),
                            f'the playbook: {_name(book, first.by)} answers "{first.decision}"',
                        ),
                    ),
                    scope=("question", question_id),
                )


@rule("audit-mixed-messages", Severity.ERROR, "one test call heard two or more versions of one question's answer")
def audit_mixed_messages(ctx: AuditContext) -> Iterator[Finding]:
    """Why: a customer who hears two versions of a policy in one call
    believes neither, and picks the one they like. Every version after the
    first heard in a call is a finding, whichever matches the playbook.

    Bad:
    ```yaml
    contacts:
      - department: customer-care
        heard: {tow-damage-who-pays: "we pay, no excess"}
      - department: claims
        heard: {tow-damage-who-pays: "the tow company's insurer pays"}
    ```

    Good:
    ```yaml
    contacts:
      - department: customer-care
        heard: {tow-damage-who-pays: "we pay, no excess"}
      - department: claims
        heard: {tow-damage-who-pays: "We pay, no excess"}
    ```

    Fix: brief the department that strays from the playbook (`audit-wrong-answer` names it),
    so every department gives the one answer.
    """
    book = ctx.playbook
    for log in book.audits:
        first_heard: dict[str, dict[str, tuple]] = {}  # question → decision key → (contact, words)
        for contact in log.contacts:
            for question_id, words in contact.heard.items():
                versions = first_heard.setdefault(question_id, {})
                key = decision_key(words)
                if key in versions:
                    continue
                if versions:
                    earlier, earlier_words = next(iter(versions.values()))
                    where = key_loc(earlier.src, "heard", question_id)
                    yield Finding(
                        "audit-mixed-messages",
                        f"the caller heard {len(versions) + 1} versions of {question_id} in one call: "
                        f'{_name(book, contact.department)} said "{words}" after '
                        f'{_name(book, earlier.department)} said "{earlier_words}" (line {where.line}): '
                        "agree the one answer and brief both departments",
                        key_loc(contact.src, "heard", question_id),
                        related=(Related(where, f'{_name(book, earlier.department)} said "{earlier_words}" here'),),
                        scope=("question", question_id),
                    )
                versions[key] = (contact, words)


@rule("audit-repeated", Severity.WARNING, "a test caller was asked again for something they had already given")
def audit_repeated(ctx: AuditContext) -> Iterator[Finding]:
    """Why: having to repeat a policy number or the whole story to each new
    department is what customers complain about most. A call log lists under
    `asked_again` each thing the caller had already given.

    Bad:
    ```yaml
    contacts:
      - department: claims
        asked_again: [policy-number, damage-description]
    ```

    Good:
    ```yaml
    contacts:
      - department: claims
        asked_again: []
    ```

    Fix: add the item to the `carry` of the journey's handoff into that department, and show
    its staff where to find it.
    """
    book = ctx.playbook
    for log in book.audits:
        carried = _carried_into(book, log.journey)
        for contact in log.contacts:
            name = _name(book, contact.department)
            for item in dict.fromkeys(contact.asked_again):
                fix = (
                    f"the journey already carries it into {name}: show the staff in {name} where to find it"
                    if item in carried.get(contact.department, ())
                    else f"carry it on the handoff into {name} in journey {log.journey}"
                )
                yield Finding(
                    "audit-repeated",
                    f"{name} asked the caller again for {item.replace('-', ' ')}, which they had already given "
                    f"({_when(log)}): {fix}",
                    item_loc(contact.src, "asked_again", item),
                    scope=("journey", log.journey),
                )


def _carried_into(book: Playbook, journey_id: str) -> dict[str | None, set[str]]:
    """department → the items some handoff of the journey carries into it."""
    journey = book.journeys.get(journey_id)
    if journey is None:
        return {}
    department = {step.id: step.department for step in journey.steps}
    carried: dict[str | None, set[str]] = {}
    for step in journey.steps:
        for edge in step.next:
            target = department.get(edge.step)
            if target != step.department:
                carried.setdefault(target, set()).update(edge.carry)
    return carried


@rule("audit-handoffs", Severity.WARNING, "a test call changed department more often than the journey's max_handoffs")
def audit_handoffs(ctx: AuditContext) -> Iterator[Finding]:
    """Why: every transfer is a chance to lose the customer and their story.
    The journey promises at most `targets.max_handoffs` department changes
    (or `defaults.max_handoffs`); a test call that needed more shows where
    calls bounce in practice, even when the journey on paper is fine.

    Bad:
    ```yaml
    # journeys/tow-truck-damage.yaml has targets: {max_handoffs: 3}
    contacts:
      - department: customer-care
      - department: claims
      - department: customer-care
      - department: roadside-assistance
      - department: claims
    ```

    Good:
    ```yaml
    contacts:
      - department: customer-care
      - department: roadside-assistance
    ```

    Fix: find where the call left the journey's path (the order of the contacts shows it), and
    let the first department route such calls straight to the right one.
    """
    book = ctx.playbook
    for log in book.audits:
        count = handoffs(log)
        limit = max_handoffs(book, book.journeys.get(log.journey))
        if count > limit:
            path = " → ".join(_name(book, c.department) for c in log.contacts)
            yield Finding(
                "audit-handoffs",
                f"the caller was handed between departments {count} times ({path}), more than the "
                f"{limit} that journey {log.journey} allows: route the call straight to the department that "
                "solves it",
                log.src.loc("contacts"),
                scope=("journey", log.journey),
            )


@rule("audit-not-confirmed", Severity.ERROR, "a test call ended unsolved, or closed without the customer's yes")
def audit_not_confirmed(ctx: AuditContext) -> Iterator[Finding]:
    """Why: a journey ends when the customer confirms the problem is solved,
    not when a department closes its case. A test call that ends unsolved,
    or that someone closed while the problem stayed open, is a customer who
    will call again — angrier.

    Bad:
    ```yaml
    outcome:
      solved: no
      closed_without_confirmation: yes
    ```

    Good:
    ```yaml
    outcome:
      solved: yes
      closed_without_confirmation: no
      satisfied: 5
    ```

    Fix: have the journey's owner follow the case to the customer's confirmation (the closing
    step's `confirm`), and find out who closed it early.
    """
    book = ctx.playbook
    for log in book.audits:
        outcome = log.outcome
        if outcome is None:
            continue
        journey = book.journeys.get(log.journey)
        closing = next((s for s in journey.steps if s.closes and s.confirm), None) if journey else None
        solved_means = f' (solved means: "{closing.confirm}")' if closing else ""
        if outcome.closed_without_confirmation:
            yield Finding(
                "audit-not-confirmed",
                f"the case was closed without the customer's confirmation{solved_means}: "
                "have the journey's owner follow it to the customer's yes",
                outcome.src.loc("closed_without_confirmation"),
                scope=("journey", log.journey),
            )
        elif outcome.solved is False:
            yield Finding(
                "audit-not-confirmed",
                f"the call ended with the problem not solved{solved_means}: "
                "have the journey's owner follow it to the customer's yes",
                outcome.src.loc("solved"),
                scope=("journey", log.journey),
            )


AUDIT_RULES: list[Rule] = [
    audit_wrong_answer.rule,
    audit_mixed_messages.rule,
    audit_repeated.rule,
    audit_handoffs.rule,
    audit_not_confirmed.rule,
]

DOCUMENTED: list[Rule] = [replace(r, check=None) for r in AUDIT_RULES]
"""The same rules for the registry: documented and configurable there, never run by `check`."""
