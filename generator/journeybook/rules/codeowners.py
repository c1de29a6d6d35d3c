"""Does the repository's CODEOWNERS ask the people the playbook names? (codeowners-mismatch)"""

from __future__ import annotations

from collections.abc import Iterator

from ..codeowners import escape, expected_owners, find_file, owners_of, parse, prefix_of
from ..findings import Finding, Location, Severity
from .base import RuleContext, rule


@rule("codeowners-mismatch", Severity.WARNING, "the repository's CODEOWNERS names other owners than the playbook")
def codeowners_mismatch(ctx: RuleContext) -> Iterator[Finding]:
    """Why: a change to an answer should be approved by whoever owns it. When
    CODEOWNERS still names last year's team, the pull request that changes the
    windscreen excess is approved by someone who never tells the frontline.

    Bad:
    ```yaml
    # org.yaml: dana-lee has github: dana-lee; the policy file's owner is dana-lee
    # .github/CODEOWNERS
    /playbooks/policies/glass.yaml @sam-ortiz
    ```

    Good:
    ```yaml
    # .github/CODEOWNERS, from `journeybook codeowners --output .github/CODEOWNERS`
    /playbooks/policies/glass.yaml @dana-lee
    ```

    Fix: run `journeybook codeowners --output .github/CODEOWNERS` and commit the result, or correct the owners
    (and their `github:`/`github_team:`) in the playbook.
    """
    source = ctx.playbook.source_dir
    found = find_file(source) if source is not None else None
    if found is None:
        return
    top, path = found
    rules = parse(path.read_text(encoding="utf-8", errors="replace"))
    name = path.relative_to(top).as_posix()
    prefix = prefix_of(source)
    for expected in expected_owners(ctx.playbook):
        if not expected.owners:
            continue  # nobody in it has a GitHub handle: nothing to compare
        repository_path = f"{prefix}/{expected.file}" if prefix else expected.file
        deciding = owners_of(rules, repository_path)
        actual = deciding.owners if deciding else ()
        if {o.casefold() for o in actual} == {o.casefold() for o in expected.owners}:
            continue
        given = (
            f"{name} (line {deciding.line}) gives it to {' '.join(actual) or 'nobody'}"
            if deciding
            else f"no line of {name} matches it"
        )
        yield Finding(
            "codeowners-mismatch",
            f"{given}, but the playbook's owners of what it holds are {' '.join(expected.owners)}: run "
            f"`journeybook codeowners --output {name}`, or write `{escape(repository_path)} "
            f"{' '.join(expected.owners)}`",
            Location(expected.file, 1, 1),
        )
