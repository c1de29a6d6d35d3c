"""The check pipeline: load → model → rules → severities and suppressions. Returns data; prints nothing."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property
from pathlib import Path

import click

from .findings import Finding, Location, Severity, Summary, summarize
from .load import Limits, SourceFile, load_file, yaml_files
from .model import Playbook, Settings, build_playbook, classify, read_settings
from .rules import RULES, RULES_BY_ID, RuleContext
from .schema import did_you_mean

SETTINGS_FILES = ("journeybook.yaml", "journeybook.yml")


class SettingsError(click.ClickException):
    """journeybook.yaml is unusable, or the source folder is missing: exit 2 (SPEC §4)."""

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


def run_check(source: Path, today: date | None = None) -> CheckResult:
    source = Path(source)
    if not source.is_dir():
        raise SettingsError(f"the playbook folder {source} does not exist (give it as `journeybook check FOLDER`)")
    paths = yaml_files(source)
    names = [p.relative_to(source).as_posix() for p in paths]
    settings, settings_file = _read_settings(source, names)
    findings: list[Finding] = []
    files = [settings_file] if settings_file else []
    total = settings_file.size if settings_file else 0
    limits = settings.limits
    for path, name in zip(paths, names, strict=True):
        if classify(name) == "settings":
            continue
        if total > limits.max_total_bytes:
            findings.append(
                Finding(
                    "schema",
                    f"the playbook is over {limits.max_total_bytes:,} bytes "
                    "(limits.max_total_bytes in journeybook.yaml); this file and the ones "
                    "after it were not read",
                    Location(name),
                )
            )
            break
        file = load_file(path, name, limits)
        total += file.size
        files.append(file)
        findings.extend(file.findings)
    playbook = build_playbook(files, settings, findings)
    playbook.source_dir = source
    context = RuleContext(playbook, today or today_from_env())
    severities = _severities(settings)
    for rule in RULES:
        if rule.check is not None and severities[rule.id] is not Severity.OFF:
            findings.extend(rule.check(context))
    findings.extend(_unknown_suppressions(playbook))
    return CheckResult(playbook, _finalise(findings, playbook, severities), context)


def _read_settings(source: Path, names: list[str]) -> tuple[Settings, SourceFile | None]:
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
    return {r.id: Severity.parse(settings.rules.get(r.id, r.severity.label)) for r in RULES}


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
