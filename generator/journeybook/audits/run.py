"""The audit pipeline: load the playbook and its call logs → model → call-log checks and audit rules → severities.

Like check.py it returns data and prints nothing. It does not run the playbook's own rules (that is `check`):
it reports only what concerns the call logs, so `journeybook audit` stays fast on a large playbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from ..check import SettingsError, _collector_paused, _finalise, _read_settings, _severities, today_from_env
from ..findings import Finding, Severity, Summary, summarize
from ..load import load_file, total_size_problem, yaml_files
from ..model import Playbook, build_playbook, classify
from ..rules.audit import AUDIT_RULES
from .compare import AuditContext
from .validate import check_logs


@dataclass
class AuditResult:
    playbook: Playbook
    findings: list[Finding]  # sorted, severities stamped, suppressions applied, rules set to off dropped
    context: AuditContext

    @cached_property
    def summary(self) -> Summary:
        return summarize(self.findings, len(self.playbook.audits))

    def fails(self, strict: bool = False) -> bool:
        worst = Severity.WARNING if strict else Severity.ERROR
        return any(f.severity >= worst for f in self.findings if f.suppressed is None)


def run_audit(source: Path, today: date | None = None, use_git: bool = True) -> AuditResult:
    """Audit the call logs under SOURCE/audits against the playbook as it was on each call's day."""
    with _collector_paused():
        return _run_audit(Path(source), today or today_from_env(), use_git)


def _run_audit(source: Path, today: date, use_git: bool) -> AuditResult:
    if not source.is_dir():
        raise SettingsError(f"the playbook folder {source} does not exist (give it as `journeybook audit FOLDER`)")
    paths = yaml_files(source)
    names = [p.relative_to(source).as_posix() for p in paths]
    settings, settings_file = _read_settings(source, names)
    too_big = total_size_problem(paths, settings.limits)
    if too_big:
        raise SettingsError(too_big)
    files = [settings_file] if settings_file else []
    load_findings: list[Finding] = []
    for path, name in zip(paths, names, strict=True):
        kind = classify(name)
        if kind == "settings" or kind is None:
            continue
        file = load_file(path, name, settings.limits)
        files.append(file)
        if kind == "audit":
            load_findings.extend(file.findings)
    model_findings: list[Finding] = []
    playbook = build_playbook(files, settings, model_findings)
    playbook.source_dir = source
    findings = load_findings + [f for f in model_findings if classify(f.location.file) == "audit"]
    findings.extend(check_logs(playbook, today))
    audit_findings, context = audit_playbook(playbook, today, use_git, finalise=False)
    findings.extend(audit_findings)
    return AuditResult(playbook, _finalise(findings, playbook, _severities(settings)), context)


def audit_playbook(
    playbook: Playbook, today: date, use_git: bool = True, finalise: bool = True
) -> tuple[list[Finding], AuditContext]:
    """The audit rules' findings over a loaded playbook's call logs (severities stamped and suppressions applied
    when `finalise`); the site's Audits pages use this too."""
    context = AuditContext(playbook, today, use_git)
    severities = _severities(playbook.settings)
    findings: list[Finding] = []
    for rule in AUDIT_RULES:
        if severities[rule.id] is not Severity.OFF:
            findings.extend(rule.check(context))  # type: ignore[misc]
    return (_finalise(findings, playbook, severities) if finalise else findings), context
