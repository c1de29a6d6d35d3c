"""What a rule is: an id, a default severity, a one-line summary, a check, and its documentation.

A rule's docstring is its user documentation (README table, site, SARIF help):
a *Why* paragraph, then *Bad* and *Good* YAML, then *Fix*. The engine — not
the rule — stamps the configured severity and applies `suppress:`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from ..findings import Finding, Severity
from ..history import history_problem, last_changes
from ..model import Playbook


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str
    check: Callable[[RuleContext], Iterable[Finding]] | None
    doc: str

    @property
    def why(self) -> str:
        return self.doc.split("\n\n", 1)[0].removeprefix("Why:").strip()

    @property
    def fix(self) -> str:
        marker = "Fix:"
        return self.doc.split(marker, 1)[1].strip() if marker in self.doc else ""


def rule(rule_id: str, severity: Severity, summary: str) -> Callable:
    """Decorator: attaches Rule metadata to a check function (`fn.rule`)."""

    def wrap(fn: Callable[[RuleContext], Iterable[Finding]]) -> Callable:
        fn.rule = Rule(rule_id, severity, summary, fn, inspect.cleandoc(fn.__doc__ or ""))  # type: ignore[attr-defined]
        return fn

    return wrap


def documented(rule_id: str, severity: Severity, summary: str, doc: str) -> Rule:
    """A rule whose findings come from the loader or model, not from a check over the playbook."""
    return Rule(rule_id, severity, summary, None, inspect.cleandoc(doc))


class RuleContext:
    """What every rule sees: the playbook, the settings, today, and shared analyses computed once."""

    def __init__(self, playbook: Playbook, today: date) -> None:
        self.playbook = playbook
        self.settings = playbook.settings
        self.today = today
        # Questions whose answers are not all known (one was rejected, or may be in a file that did not load):
        # answer-missing and answer-conflict wait until those are fixed, rather than report what follows from them.
        self.doubtful_questions: set[str] = set()

    @cached_property
    def history_problem(self) -> str | None:
        """Why git history cannot date the files (no git, not a repository, a shallow clone); None when it can."""
        if self.playbook.source_dir is None:
            return "the playbook was not read from a folder"
        return history_problem(self.playbook.source_dir)

    @cached_property
    def file_dates(self) -> dict[str, date] | None:
        """Last git change per file (relative path); None when history cannot be trusted (see history_problem).

        A commit dated after today (a wrong clock; history on a shared branch cannot be rewritten) counts as today.
        """
        if self.history_problem is not None:
            return None
        dates = last_changes(self.playbook.source_dir)  # type: ignore[arg-type]
        if dates is None:
            return None
        return {name: min(day, self.today) for name, day in dates.items()}

    @cached_property
    def flows(self) -> dict:
        """Information flow per journey id (see rules/flow_analysis.py), shared by the handoff rules."""
        from .flow_analysis import analyse

        return {jid: analyse(journey, self.playbook) for jid, journey in self.playbook.journeys.items()}
