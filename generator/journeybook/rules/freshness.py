"""Is every answer and journey still checked by someone? (stale)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from ..findings import Finding, Location, Severity
from ..load import Scalar
from ..model import Journey, Playbook, Question
from ..schema import Source
from .base import RuleContext, rule


def _written(src: Source | None, name: str) -> bool:
    if src is None or not src.has(name):
        return False
    node = src.node.pairs[name][1]  # type: ignore[union-attr]
    return not (isinstance(node, Scalar) and node.null)


def _own_date(src: Source, resolved: date | None) -> date | None:
    """The `review_by` written on the entity itself, not inherited from its topic."""
    if resolved is None or not _written(src, "review_by"):
        return None
    node = src.node.pairs["review_by"][1]  # type: ignore[union-attr]
    return resolved if isinstance(node, Scalar) and node.value.strip() == resolved.isoformat() else None


def _who(book: Playbook, person_id: str | None) -> str:
    person = book.people.get(person_id or "")
    return person.name if person else "its owner"


@rule("stale", Severity.WARNING, "review_by has passed, or review_every has elapsed since the last change")
def stale(ctx: RuleContext) -> Iterator[Finding]:
    """Why: prices, warranties and processes change; an answer nobody has
    checked for a year is read out to customers as if it were true. Every
    journey and question has a date by which its owner checks it again: its
    own `review_by`, its topic's, or (with `defaults.review_every` in
    journeybook.yaml) a fixed time after the file last changed in git.

    Bad:
    ```yaml
    topic: returns
    owner: sam-ortiz
    review_by: 2025-01-31      # passed
    ```

    Good:
    ```yaml
    topic: returns
    owner: sam-ortiz
    review_by: 2027-01-31      # checked with Sales and Customer Care on 2026-05-20
    ```

    Fix: have the owner check the content, then set `review_by:` to the next date to check it.
    """
    book = ctx.playbook
    yield from _passed(ctx)
    every = ctx.settings.defaults.review_every
    if every is None:
        return
    journeys, questions = _undated(book)
    if not journeys and not questions:
        return
    dates = ctx.file_dates
    if dates is None:
        return  # not in git: we cannot know when it last changed, and do not guess
    span = timedelta(minutes=every.minutes)

    def due(file: str) -> tuple[date, date] | None:
        changed = dates.get(file)  # a file not yet committed is new: nothing to review
        return (changed, changed + span) if changed is not None and changed + span < ctx.today else None

    setting = f"review_every: {every} in journeybook.yaml"
    for journey in journeys:
        when = due(journey.src.file)
        if when:
            yield Finding(
                "stale",
                f'journey "{journey.id}" has no `review_by:` and was last changed on {when[0]}, so it was due '
                f"for review on {when[1]} ({setting}): {_who(book, journey.owner)} should check that it still "
                "matches what departments do, then set `review_by:` to the next date to check it",
                journey.src.loc("id"),
                scope=("journey", journey.id),
            )
    for question in questions:
        when = due(question.file)
        if when:
            yield Finding(
                "stale",
                f'question "{question.id}" has no `review_by:` and was last changed on {when[0]}, so it was due '
                f"for review on {when[1]} ({setting}): {_who(book, question.owner)} should check its answers, "
                "then set `review_by:` on the question, or on the topic at the top of the file, to the next date "
                "to check it",
                question.src.loc("id"),
                scope=("question", question.id),
            )


def _undated(book: Playbook) -> tuple[list[Journey], list[Question]]:
    """Journeys and questions with no review date at all, which fall back to git (a rejected date was reported)."""
    journeys = [j for j in book.journeys.values() if j.review_by is None and not _written(j.src, "review_by")]
    topics_by_file = {topic.src.file: topic for topic in book.topics}
    questions = [
        q
        for q in book.questions.values()
        if q.review_by is None
        and not _written(q.src, "review_by")
        and not _written(getattr(topics_by_file.get(q.file), "src", None), "review_by")
    ]
    return journeys, questions


_HISTORY_FIX = {
    "`git` is not on PATH": "install git where journeybook runs",
    "the playbook is a shallow clone, which holds only the latest commits": (
        "fetch the whole history: `fetch-depth: 0` on actions/checkout (as in examples/github-workflow.yml), "
        "or `git fetch --unshallow`"
    ),
}


@rule("history-unavailable", Severity.INFO, "review_every is set, but git history cannot date the files")
def history_unavailable(ctx: RuleContext) -> Iterator[Finding]:
    """Why: `defaults.review_every` makes content due a fixed time after its
    last change in git. Without git on PATH, outside a git repository, or in a
    shallow clone (CI's `actions/checkout` fetches one commit unless told
    otherwise) the last change is unknown or wrong, and content would
    silently never be due. journeybook then leaves staleness from history
    off and says so once.

    Bad:
    ```yaml
    # .github/workflows/playbook.yml
    - uses: actions/checkout@v4
    ```

    Good:
    ```yaml
    - uses: actions/checkout@v4
      with:
        fetch-depth: 0   # the whole history: review_every needs each file's last change
    ```

    Fix: fetch the whole history (`fetch-depth: 0`), install git, or give the content `review_by:` dates.
    """
    every = ctx.settings.defaults.review_every
    if every is None or ctx.history_problem is None:
        return
    journeys, questions = _undated(ctx.playbook)
    if not journeys and not questions:
        return
    fix = _HISTORY_FIX.get(
        ctx.history_problem, "check the playbook out with git, or give journeys and questions `review_by:` dates"
    )
    src = ctx.settings.defaults.src
    yield Finding(
        "history-unavailable",
        f"review_every: {every} needs each file's last change from git, but {ctx.history_problem}, so staleness "
        f"from history is off: {_count(journeys, 'journey')} and {_count(questions, 'question')} without "
        f"`review_by:` are never due. To turn it on, {fix}",
        src.loc("review_every") if src is not None else Location("journeybook.yaml"),
    )


def _count(found: list, noun: str) -> str:
    return f"{len(found)} {noun}{'' if len(found) == 1 else 's'}"


def _passed(ctx: RuleContext) -> Iterator[Finding]:
    """Review dates written in the playbook that are before today."""
    book, today = ctx.playbook, ctx.today
    for journey in book.journeys.values():
        if journey.review_by is not None and journey.review_by < today:
            yield Finding(
                "stale",
                f'journey "{journey.id}" was due for review on {journey.review_by}: {_who(book, journey.owner)} '
                "should check that it still matches what departments do, then set `review_by:` to the next date "
                "to check it",
                journey.src.loc("review_by"),
                scope=("journey", journey.id),
            )
    for topic in book.topics:
        if topic.review_by is None or topic.review_by >= today:
            continue
        # A topic's date is reported once, at the topic, for the questions that inherit it.
        inheriting = [q for q in topic.questions if _own_date(q.src, q.review_by) is None]
        if inheriting:
            count = f"{len(inheriting)} question{'s' if len(inheriting) > 1 else ''}"
            yield Finding(
                "stale",
                f'topic "{topic.id}" was due for review on {topic.review_by} (the review date of {count}): '
                f"{_who(book, topic.owner)} should check the answers of its questions, then set `review_by:` to "
                "the next date to check them",
                topic.src.loc("review_by"),
                scope=("topic", topic.id) if topic.id else None,
            )
    for question in book.questions.values():
        own = _own_date(question.src, question.review_by)
        if own is not None and own < today:
            yield Finding(
                "stale",
                f'question "{question.id}" was due for review on {own}: {_who(book, question.owner)} should check '
                "its answers, then set `review_by:` to the next date to check it",
                question.src.loc("review_by"),
                scope=("question", question.id),
            )
