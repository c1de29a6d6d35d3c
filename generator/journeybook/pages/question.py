"""A question's page: its phrasings, every answer with its conditions and dates, and where it is used."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from .. import changes_page
from ..model import Question

if TYPE_CHECKING:
    from .site import Site


def question(site: Site, question: Question) -> dict:
    today = site.today
    answers = site.book.answers_to(question.id)
    current = [a for a in answers if a.effective is None or a.effective.covers(today)]
    later = [a for a in answers if a.effective is not None and (a.effective.start or date.min) > today]
    uses = [(j, s) for j, s in site.uses.get(question.id, [])]
    return {
        "question": question,
        "answers": current,
        "later": later,
        "uses": uses,
        "review_due": site._review_due(question.review_by, question.file),
        "changed": site.file_dates.get(question.file) if site.file_dates else None,
        "history": changes_page.question_history(site, question.id),
    }
