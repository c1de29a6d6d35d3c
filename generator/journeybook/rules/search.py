"""Does the site's finder still find what callers say? (search-miss)"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Finding, Severity
from .base import RuleContext, rule


@rule("search-miss", Severity.WARNING, "a search test whose question the site's finder does not rank in its top 3")
def search_miss(ctx: RuleContext) -> Iterator[Finding]:
    """Why: staff find answers by typing what the caller says. An edit to one
    answer (or a new question with similar words) can push another question
    out of sight, and nobody notices until a caller waits. `search-tests.yaml`
    at the playbook root lists what callers say and which question must answer
    it; `journeybook check` runs each entry through the site's own finder and
    index, and reports the entries whose question is not in the top 3.

    Bad:
    ```yaml
    # search-tests.yaml — the finder ranks other questions above windscreen-excess
    - say: the glass guy wants money
      expect: windscreen-excess
    ```

    Good:
    ```yaml
    # journeybook.yaml: vocabulary: [[windscreen, glass, windshield]]
    - say: the glass guy wants money
      expect: windscreen-excess
    ```

    Fix: add the caller's words to the question's `also_asked`, or a group of
    words that mean the same to `vocabulary:` in journeybook.yaml; or correct
    `expect` if another question is the right answer.
    """
    book = ctx.playbook
    if not book.search_tests:
        return
    from ..finder import TOP, run_search_tests

    for test, rank, found in run_search_tests(book, ctx.today):
        if test.expect not in book.questions or (rank is not None and rank <= TOP):
            continue
        ranked = ", ".join(f'"{question}"' for question in found[:TOP]) or "nothing"
        where = f"ranks {rank}" if rank is not None else "is not in the first 10 results"
        yield Finding(
            "search-miss",
            f'"{test.say}" should find question "{test.expect}" in the top {TOP}, but it {where}; '
            f"the finder ranks {ranked} first",
            test.src.loc("say"),
        )
