"""The check pipeline: load → model → rules → severities and suppressions. Returns data; prints nothing."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path

import click

from .audits.validate import check_logs
from .cascade import find_follow_ons
from .findings import Finding, Location, Severity, Summary, summarize
from .load import Limits, SourceFile, load_file, playbook_files, total_size_problem
from .model import Playbook, Settings, build_playbook, classify, read_settings
from .rules import RULES, RULES_BY_ID, RuleContext
from .rules.dimensions import dimension_findings
from .rules.referrals import referral_schema_findings
from .schema import did_you_mean
from .trust import LOCKED_RULES, audit

SETTINGS_FILES = ("journeybook.yaml", "journeybook.yml")


class SettingsError(click.ClickException):
    """journeybook.yaml is unusable, or the source folder is missing: exit 2."""

    exit_code = 2

    def __init__(self, message: str, findings: list[Finding] | None = None) -> None:
        super().__init__(message)
        self.findings = findings or []

    def format_message(self) -> str:
        lines = [f"{f.location}: {f.rule} {f.message}" for f in self.findings]
        return "\n".join([self.message, *lines])


@dataclass
class CheckResult:
    playbook: Playbook
    findings: list[Finding]  # sorted; severity stamped; suppressed ones marked, rules set to off dropped
    context: RuleContext
    loaded: dict[str, SourceFile] = field(default_factory=dict)  # what the model was built from, by file name
    stale: dict[str, list[Finding]] = field(default_factory=dict)  # files shown as last loaded, with today's errors

    @cached_property
    def summary(self) -> Summary:
        return summarize(self.findings, len(self.playbook.files))

    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed is None]

    def fails(self, strict: bool = False) -> bool:
        worst = Severity.WARNING if strict else Severity.ERROR
        return any(f.severity >= worst for f in self.active())


def today_from_env() -> date:
    """JOURNEYBOOK_TODAY=YYYY-MM-DD pins "today" for reproducible checks and tests."""
    pinned = os.environ.get("JOURNEYBOOK_TODAY")
    if pinned:
        try:
            return date.fromisoformat(pinned)
        except ValueError as error:
            raise SettingsError(f"JOURNEYBOOK_TODAY={pinned!r} is not a date (YYYY-MM-DD)") from error
    return date.today()


def run_check(
    source: Path,
    today: date | None = None,
    timings: dict[str, float] | None = None,
    last_good: dict[str, SourceFile] | None = None,
    file_dates: dict[str, date] | None = None,
    on_model: Callable[[Playbook, date], None] | None = None,
) -> CheckResult:
    """Check a playbook folder. `timings`, when given, receives the seconds spent per phase and per rule
    (benchmarks/check_timing.py prints them). `last_good` (serve): a file that no longer loads is modelled as
    it last loaded, its new errors still reported, and named in `result.stale`. `file_dates` stands in for
    git's last change per file, for a folder extracted from an old revision (revisions.py), which is not a git
    work tree itself. `on_model` is called with the playbook and the day once the model is built, before the
    rules (a build starts work on the site there)."""
    with _collector_paused():
        return _run_check(Path(source), today, _Stopwatch(timings), last_good or {}, file_dates, on_model)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Loading creates millions of objects that live until the end and form no cycles; CPython's cycle
    collector would scan them again and again (a third of a large check). Paused for the run only.

    Re-enabled as it was, the collector would begin by scanning all those objects as young ones;
    freezing and unfreezing moves them to the oldest generation without a scan (unless someone else
    froze objects, which unfreezing would thaw)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


class _Stopwatch:
    """Adds the seconds since the previous lap to `timings[name]`; does nothing when there is no dict."""

    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        if self.timings is not None:
            now = time.perf_counter()
            self.timings[name] = self.timings.get(name, 0.0) + now - self.last
            self.last = now


def _run_check(
    source: Path,
    today: date | None,
    stopwatch: _Stopwatch,
    last_good: dict[str, SourceFile],
    file_dates: dict[str, date] | None = None,
    on_model: Callable[[Playbook, date], None] | None = None,
) -> CheckResult:
    if not source.is_dir():
        raise SettingsError(f"the playbook folder {source} does not exist (give it as `journeybook check FOLDER`)")
    paths, skipped = playbook_files(source)  # links, pipes and unreadable folders: findings, never silence
    names = [p.relative_to(source).as_posix() for p in paths]
    settings, settings_file = _read_settings(source, names)
    findings: list[Finding] = []
    files = [settings_file] if settings_file else []
    limits = settings.limits
    loaded: dict[str, SourceFile] = {}
    stale: dict[str, list[Finding]] = {}
    too_big = total_size_problem(paths, limits)
    if too_big:
        raise SettingsError(too_big)
    for path, name in zip(paths, names, strict=True):
        if classify(name) == "settings":
            continue
        file = load_file(path, name, limits)
        findings.extend(file.findings)
        if file.root is None and name in last_good:
            stale[name] = file.findings
            file = last_good[name]
        loaded[name] = file
        files.append(file)
    findings.extend(skipped)
    unread = any(f.rule in ("skipped-path", "symlink-outside") for f in findings)
    findings.extend(audit(source, limits.max_file_bytes).findings)  # what `build` would run or read besides
    stopwatch.lap("load")
    playbook = build_playbook(files, settings, findings)
    findings.extend(dimension_findings(playbook))
    findings.extend(referral_schema_findings(playbook))
    playbook.source_dir = source
    context = RuleContext(playbook, today or today_from_env())
    if file_dates is not None:
        context.__dict__["file_dates"] = file_dates  # fills the cached property, so git is not asked
    follow_ons = find_follow_ons(files, playbook, findings, lambda name: _read_text(source / name))
    context.doubtful_questions = follow_ons.doubtful_questions
    stopwatch.lap("model")
    if on_model is not None:
        on_model(playbook, context.today)
    if stopwatch.timings is not None:
        context.flows  # noqa: B018 - computed here so that its time is not charged to the first flow rule
        stopwatch.lap("flows")
    severities = _severities(settings)
    for rule in RULES:
        if rule.check is not None and severities[rule.id] is not Severity.OFF:
            findings.extend(rule.check(context))
            stopwatch.lap(rule.id)
    findings.extend(_unknown_suppressions(playbook))
    findings.extend(check_logs(playbook, context.today))  # call logs' ids and dates; audit rules run in `audit`
    if unread:  # what an unread file defines is unknown, not missing: one finding for the file, not one per use
        findings = [f for f in findings if f.rule != "unknown-reference"]
    findings = follow_ons.fold(findings)
    result = CheckResult(playbook, _finalise(findings, playbook, severities), context, loaded, stale)
    stopwatch.lap("suppressions and sorting")
    return result


def _read_text(path: Path) -> str | None:
    """A file's text as well as it can be decoded, for ids in a file YAML could not read."""
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None


def _read_settings(source: Path, names: list[str]) -> tuple[Settings, SourceFile | None]:
    both = [n for n in SETTINGS_FILES if n in names]
    if len(both) > 1:
        raise SettingsError(
            f"both {' and '.join(both)} are in {source}, and only one can hold the settings; "
            "merge them into journeybook.yaml and delete the other"
        )
    name = next((n for n in SETTINGS_FILES if n in names), None)
    if name is None:
        return Settings(src=None), None
    file = load_file(source / name, name, Limits())
    problems = list(file.findings)
    settings = read_settings(file, problems)
    for rule_id in settings.rules:
        if rule_id not in RULES_BY_ID:
            problems.append(
                Finding(
                    "schema",
                    f'unknown rule "{rule_id}" in `rules:`{did_you_mean(rule_id, RULES_BY_ID)}',
                    settings.src.loc("rules", rule_id) if settings.src else Location(name),
                )
            )
    if problems:
        raise SettingsError(
            f"{name} has {len(problems)} problem{'s' if len(problems) > 1 else ''}; "
            "fix it before anything else is checked:",
            problems,
        )
    return settings, file


def _severities(settings: Settings) -> dict[str, Severity]:
    """Each rule's configured severity; the trust rules keep theirs (a pull request can edit journeybook.yaml)."""
    return {
        r.id: r.severity if r.id in LOCKED_RULES else Severity.parse(settings.rules.get(r.id, r.severity.label))
        for r in RULES
    }


def _suppressions(playbook: Playbook) -> dict[tuple[str, str], dict[str, str]]:
    """scope → {rule: reason}; a question also inherits its topic's suppressions."""
    scopes: dict[tuple[str, str], dict[str, str]] = {}
    topics = {t.id: t for t in playbook.topics if t.id}
    for journey in playbook.journeys.values():
        scopes[("journey", journey.id)] = journey.suppress
    for department in playbook.departments.values():
        scopes[("department", department.id)] = department.suppress
    for topic in topics.values():
        scopes[("topic", topic.id)] = topic.suppress
    for question in playbook.questions.values():
        topic = topics.get(question.topic or "")
        scopes[("question", question.id)] = {**(topic.suppress if topic else {}), **question.suppress}
    return scopes


def _unknown_suppressions(playbook: Playbook) -> list[Finding]:
    entities = [
        *playbook.journeys.values(),
        *playbook.departments.values(),
        *playbook.questions.values(),
        *playbook.topics,
    ]
    return [
        Finding(
            "schema",
            f'`suppress:` names the unknown rule "{rule_id}"{did_you_mean(rule_id, RULES_BY_ID)}',
            entity.src.loc("suppress", rule_id),
        )
        for entity in entities
        for rule_id in entity.suppress
        if rule_id not in RULES_BY_ID
    ]


def _finalise(findings: list[Finding], playbook: Playbook, severities: dict[str, Severity]) -> list[Finding]:
    scopes = _suppressions(playbook)
    result = []
    for finding in findings:
        severity = severities.get(finding.rule, Severity.ERROR)
        if severity is Severity.OFF:
            continue
        reason = scopes.get(finding.scope, {}).get(finding.rule) if finding.scope else None
        result.append(replace(finding, severity=severity, suppressed=reason))
    result.sort(key=lambda f: f.sort_key)
    return result
