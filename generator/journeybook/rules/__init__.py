"""The explicit registry of rules, in the reference's order. Adding a rule: write it, list it here, add its fixture."""

from __future__ import annotations

from . import (  # noqa: E402
    answers,
    audit,
    characters,
    codeowners,
    consistency,
    flow,
    freshness,
    handoffs,
    ownership,
    references,
    referrals,
    resources,
    search,
    trust,
    wording,
)
from .base import Rule, RuleContext
from .syntax import LOAD_RULES

RULES: list[Rule] = [
    *LOAD_RULES,
    *trust.TRUST_LOAD_RULES,
    references.duplicate_id.rule,
    references.unknown_reference.rule,
    ownership.owner_missing.rule,
    answers.answer_conflict.rule,
    consistency.inverted_dates.rule,
    answers.answer_missing.rule,
    referrals.referral_loop.rule,
    answers.possible_duplicate_question.rule,
    characters.invisible_character.rule,
    flow.unreachable_step.rule,
    flow.dead_end.rule,
    flow.closure_without_confirmation.rule,
    flow.closed_by_non_owner.rule,
    flow.too_many_handoffs.rule,
    handoffs.customer_repeats.rule,
    handoffs.context_unavailable.rule,
    consistency.carry_unused.rule,
    resources.missing_tool.rule,
    freshness.stale.rule,
    freshness.history_unavailable.rule,
    ownership.no_recovery.rule,
    wording.impersonal_term.rule,
    trust.public_names_person.rule,
    codeowners.codeowners_mismatch.rule,
    search.search_miss.rule,
    *audit.DOCUMENTED,  # run by `journeybook audit`, not `check` (see rules/audit.py)
]

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}

__all__ = ["RULES", "RULES_BY_ID", "Rule", "RuleContext"]
