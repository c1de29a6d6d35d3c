"""Do departments tell the customer the same thing? (answer-conflict, answer-missing, possible-duplicate-question)"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

from ..answering import decision_key, overlap, similar_clusters
from ..conflicts import Conflict, find_conflict
from ..findings import Finding, Related, Severity
from ..model import Answer, Effective, Journey, Playbook, Question
from ..schema import shown
from .base import RuleContext, rule
from .referrals import covered

MAX_GROUPS_NAMED = 5  # decisions named in one answer-conflict message; the rest are counted
MAX_RELATED = 10  # related locations on one finding


@rule("answer-conflict", Severity.ERROR, "two answers to one question that overlap and give different decisions")
def answer_conflict(ctx: RuleContext) -> Iterator[Finding]:
    """Why: the same customer must get the same answer whoever they ask.
    When Customer Care says "30 days", Sales says "60 days" and Service says
    "we don't do that", the customer believes the answer they liked, and the
    next department pays for it. Two answers conflict when a customer could
    get both — their `when` conditions share a value in every dimension both
    name and their `effective` dates meet — and their decisions differ after
    case, spacing and units are set aside ("30 days" and "30d" agree).

    Bad:
    ```yaml
    - id: refund-window
      ask: How long do I have to return a product?
      answers:
        - by: customer-care
          decision: 30 days
          say: You can return it within 30 days of delivery.
        - by: sales
          decision: 60 days
          say: You have 60 days to return it.
    ```

    Good:
    ```yaml
    - id: refund-window
      ask: How long do I have to return a product?
      answers:
        - by: customer-care
          decision: 30 days
          say: You can return it within 30 days of delivery.
          when: {segment: [consumer]}
        - by: sales
          decision: 60 days
          say: Business customers can return within 60 days.
          when: {segment: [small-business]}
    ```

    Fix: agree on one decision, or narrow `when`/`effective` so the answers never reach the same customer.
    """
    book = ctx.playbook
    for question in book.questions.values():
        answers = book.answers_to(question.id)
        if len(answers) < 2 or question.id in ctx.doubtful_questions:
            continue
        conflict = find_conflict(answers, [decision_key(a) for a in answers], overlap)
        if conflict is not None:
            yield _conflict_finding(book, question, conflict)


def _conflict_finding(book: Playbook, question: Question, conflict: Conflict) -> Finding:
    first, second = conflict.earlier, conflict.first
    where = first.src.loc("decision")
    fix = "agree on one decision, or make the `when`/`effective` conditions not overlap"
    scope = ("question", question.id)
    if len(conflict.groups) == 2:
        also = " also" if first.by == second.by else ""
        return Finding(
            "answer-conflict",
            f'{_department(book, second)} says "{shown(second.decision)}" but {_department(book, first)}{also} '
            f'says "{shown(first.decision)}" ({where.file}:{where.line}) {_to_whom(first, second)}: {fix}',
            second.src.loc("decision"),
            related=(Related(where, f'{_department(book, first)} says "{shown(first.decision)}" here'),),
            scope=scope,
        )
    named = [_group(book, answers) for _, answers in conflict.groups[:MAX_GROUPS_NAMED]]
    more = len(conflict.groups) - len(named)
    listed = _either(named, "and") if not more else ", ".join(named) + f" and {more:,} more"
    related = tuple(
        Related(
            answers[0].src.loc("decision"), f'{_department(book, answers[0])} says "{shown(answers[0].decision)}" here'
        )
        for _, answers in conflict.groups[:MAX_RELATED]
    )
    return Finding(
        "answer-conflict",
        f"answers that reach the same customers give {len(conflict.groups):,} different decisions: {listed}: {fix}",
        second.src.loc("decision"),
        related=related,
        scope=scope,
    )


def _group(book: Playbook, answers: tuple[Answer, ...]) -> str:
    """`"30 days" (Customer Care and 2 more, policies/returns.yaml:9)`: a decision, who says it, where first."""
    where = answers[0].src.loc("decision")
    others = f" and {len(answers) - 1} more" if len(answers) > 1 else ""
    return f'"{shown(answers[0].decision)}" ({_department(book, answers[0])}{others}, {where.file}:{where.line})'


@rule(
    "answer-missing",
    Severity.ERROR,
    "a step says a question that has no answer for the journey's segments and channels",
)
def answer_missing(ctx: RuleContext) -> Iterator[Finding]:
    """Why: a step that lists a question under `say` promises staff the
    words to use. When no answer applies to the customer in front of them —
    a segment or channel the journey serves but no answer covers, or an
    answer whose `effective` dates have run out — they improvise, and
    departments drift apart again.

    Bad:
    ```yaml
    # journeys/charge.yaml: segments: [consumer, small-business]
    - id: first-contact
      say: [refund-window]
    # policies/returns.yaml: the only answer has when: {segment: [consumer]}
    ```

    Good:
    ```yaml
    # policies/returns.yaml
    answers:
      - by: customer-care
        decision: 30 days
        say: You can return it within 30 days of delivery.
        when: {segment: [consumer]}
      - by: sales
        decision: 60 days
        say: Business customers can return within 60 days.
        when: {segment: [small-business]}
    ```

    Fix: have the question's owner add an answer for the customers named, or take it off the step's `say`.
    """
    book = ctx.playbook
    for journey in book.journeys.values():
        for index, step in enumerate(journey.steps):
            for position, question_id in enumerate(step.say):
                question = book.questions.get(question_id)
                if question is None or question_id in ctx.doubtful_questions:
                    continue  # unknown-reference, or the schema finding on one of its answers, reports it
                finding = _missing(book, journey, question, ctx.today)
                if finding is not None:
                    yield Finding(
                        "answer-missing",
                        f'step "{step.id}" says "{question.ask}" ({question.id}), but {finding}',
                        journey.src.loc("steps", index, "say", position),
                        related=(Related(question.src.loc("ask"), "the question"),),
                        scope=("journey", journey.id),
                    )


@rule("possible-duplicate-question", Severity.WARNING, "two questions asked almost the same way under different ids")
def possible_duplicate_question(ctx: RuleContext) -> Iterator[Finding]:
    """Why: when one question lives under two ids, each gets its own answers
    and its own owner, and staff find whichever their search hits first.
    Sooner or later the two answers drift apart without any `when` to
    explain why. Asks are compared by their letter trigrams, ignoring case
    and punctuation; `similarity` in journeybook.yaml sets how alike
    (default 0.88).

    Bad:
    ```yaml
    - id: refund-window
      ask: How long do I have to return a product?
    - id: return-period
      ask: How long do I have to return a product
    ```

    Good:
    ```yaml
    - id: refund-window
      ask: How long do I have to return a product?
      also_asked:
        - How long do I have to return a product
    ```

    Fix: merge them into one question with the other wording under `also_asked`, or make the asks distinct.
    """
    book = ctx.playbook
    questions = list(book.questions.values())  # file order
    for members in similar_clusters([q.ask for q in questions], ctx.settings.similarity):
        cluster = [questions[n] for n in members]
        first, second = cluster[0], cluster[1]
        where = first.src.loc("ask")
        if len(cluster) == 2:
            message = (
                f'"{second.ask}" is asked almost the same way as "{first.ask}" '
                f"(question {first.id}, {where.file}:{where.line}); {_compare_answers(book, second, first)}"
            )
        else:
            named = [f"{q.id} ({q.src.loc('ask').file}:{q.src.loc('ask').line})" for q in cluster[:MAX_GROUPS_NAMED]]
            more = len(cluster) - len(named)
            listed = ", ".join(named) + (f" and {more:,} more" if more else "")
            message = (
                f'{len(cluster):,} questions are asked almost the same way as "{second.ask}": {listed}; '
                "merge them into one question and list the other wordings under also_asked, or make the asks distinct"
            )
        yield Finding(
            "possible-duplicate-question",
            message,
            second.src.loc("ask"),
            related=tuple(
                Related(q.src.loc("ask"), f"the same question as {second.id}?")
                for q in cluster[: MAX_RELATED + 1]
                if q is not second
            )[:MAX_RELATED],
            scope=("question", second.id),
        )


# --- wording --------------------------------------------------------------------------------


def _department(book: Playbook, answer: Answer) -> str:
    if answer.by is None:
        return "an answer without `by`"
    department = book.departments.get(answer.by)
    return department.name if department else f'department "{answer.by}"'


def _to_whom(a: Answer, b: Answer) -> str:
    """The customers both answers reach, in the conditions that actually narrow it down."""
    parts = []
    for dimension in sorted(a.when.keys() | b.when.keys()):
        if dimension in a.when and dimension in b.when:
            other = {v.strip().casefold() for v in a.when[dimension]}
            values = [v for v in b.when[dimension] if v.strip().casefold() in other]
        else:
            values = list(a.when[dimension] if dimension in a.when else b.when[dimension])
        if values:  # an empty list (`segment: []`) narrows nothing worth naming
            parts.append(f"{dimension} {_either(values)}")
    dates = _shared_dates(a.effective, b.effective)
    if dates:
        parts.append(dates)
    return f"to the same customers ({'; '.join(parts)})" if parts else "to every customer"


def _shared_dates(a: Effective | None, b: Effective | None) -> str:
    starts = [e.start for e in (a, b) if e is not None and e.start is not None]
    ends = [e.end for e in (a, b) if e is not None and e.end is not None]
    start, end = max(starts, default=None), min(ends, default=None)
    if start and end:
        return f"from {start} to {end}"
    return f"from {start}" if start else f"to {end}" if end else ""


def _either(values: list[str], word: str = "or") -> str:
    unique = list(dict.fromkeys(v.strip() for v in values))
    return unique[0] if len(unique) == 1 else f"{', '.join(unique[:-1])} {word} {unique[-1]}"


def _missing(book: Playbook, journey: Journey, question: Question, today: date) -> str | None:
    """What is missing for this journey's customers, and who should write it; None when every case is covered."""
    answers = book.answers_to(question.id)
    owner = book.people.get(question.owner or "")
    who = f"{owner.name} (the question's owner)" if owner else "the question's owner"
    if not answers:
        return f"nobody has answered it yet: {who} should add an answer, or remove it from this step's `say`"
    segments = journey.segments or (None,)
    channels = journey.channels or (None,)
    uncovered: dict[str | None, list[str | None]] = {}
    dated_only = True  # every gap would be covered but for `effective` dates
    for segment in segments:
        for channel in channels:
            if covered(answers, segment, channel, today):  # directly, or where a `refer:` sends the customer
                continue
            uncovered.setdefault(segment, []).append(channel)
            if not covered([replace(a, effective=None) for a in answers], segment, channel, today):
                dated_only = False
    if not uncovered:
        return None
    cases = "; ".join(_case(segment, found, journey) for segment, found in uncovered.items())
    if dated_only:
        return (
            f"no answer for {cases} is in effect on {today}: {who} should extend the answer's `effective` dates "
            "or add a current answer, or remove the question from this step's `say`"
        )
    return (
        f"no answer applies to {cases}: {who} should add an answer whose `when` covers them, "
        "or remove the question from this step's `say`"
    )


def _case(segment: str | None, channels: list[str | None], journey: Journey) -> str:
    who = f"segment {segment}" if segment else "all segments"
    if channels == [None]:
        return f"{who} on all channels"
    if len(channels) == len(journey.channels) > 1:
        return f"{who} on any channel"
    names = [c for c in channels if c]
    return f"{who} on channel{'s' if len(names) > 1 else ''} {_either(names, 'and')}"


def _compare_answers(book: Playbook, question: Question, other: Question) -> str:
    mine, theirs = _decisions(book, question), _decisions(book, other)
    if not mine or not theirs:
        whose = "neither has" if not mine and not theirs else "only one of them has"
        return f"{whose} answers yet: merge them into one question and list the other wording under also_asked"
    if mine.keys() == theirs.keys():
        return "their answers agree: merge them into one question and list the other wording under also_asked"
    return (
        f"its answers differ ({_quoted(mine)} vs {_quoted(theirs)}): "
        "merge them into one question, or make the asks distinct"
    )


def _decisions(book: Playbook, question: Question) -> dict[str, str]:
    """Normalised decision → the first wording of it, in file order."""
    found: dict[str, str] = {}
    for answer in book.answers_to(question.id):
        key = decision_key(answer)
        if key is not None:
            found.setdefault(key, answer.decision)
    return found


def _quoted(decisions: dict[str, str]) -> str:
    return " or ".join(f'"{d}"' for d in decisions.values())
