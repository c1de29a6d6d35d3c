"""Rules whose findings come from reading files (load.py) and converting them (model.py)."""

from __future__ import annotations

from ..findings import Severity
from .base import documented

YAML_SYNTAX = documented(
    "yaml-syntax",
    Severity.ERROR,
    "a file that is not valid YAML",
    """
    Why: a file the parser cannot read hides everything in it from the checker
    and the site. Encodings other than UTF-8, tabs used for indentation, more
    than one document per file and nesting deeper than 64 levels are reported
    here too.

    Bad:
    ```yaml
    say: Call us at: 555 0100
    ```

    Good:
    ```yaml
    say: "Call us at: 555 0100"
    ```

    Fix: quote text that contains `: `, ` #`, or starts with `*`, `&`, `@`, `` ` ``; indent with spaces; save as UTF-8.
""",
)

YAML_DUPLICATE_KEY = documented(
    "yaml-duplicate-key",
    Severity.ERROR,
    "a mapping that repeats a key",
    """
    Why: most YAML tools silently keep the last of two equal keys, so an edit
    "wins" without anyone noticing that an older value was still there.

    Bad:
    ```yaml
    decision: 30 days
    decision: 60 days
    ```

    Good:
    ```yaml
    decision: 30 days
    ```

    Fix: keep one of the two keys.
""",
)

YAML_ALIAS = documented(
    "yaml-alias",
    Severity.ERROR,
    "an anchor or alias",
    """
    Why: playbooks are written by people for people; an alias makes one edit
    change text in places the editor cannot see, and alias expansion is an
    attack surface (billion laughs).

    Bad:
    ```yaml
    say: &refund You can return it within 30 days.
    ```

    Good:
    ```yaml
    say: You can return it within 30 days.
    ```

    Fix: write the value out where it is used; quote text that starts with `*` or `&`.
""",
)

SCHEMA = documented(
    "schema",
    Severity.ERROR,
    "wrong type, missing required field, unknown field, bad id, date or duration",
    """
    Why: a misspelt field is silently ignored by most tools; here it is an
    error with a "did you mean", so what the editor wrote is what staff see.
    Every value is text unless its field says otherwise: `no`, `NO`, `1:30`
    and `010` stay exactly as written.

    Bad:
    ```yaml
    questions:
      - id: Refund Window
        aks: How long do I have to return it?
        review_by: 2027-02-30
    ```

    Good:
    ```yaml
    questions:
      - id: refund-window
        ask: How long do I have to return it?
        review_by: 2027-02-28
    ```

    Fix: use the field names and value forms of the README's YAML tour.
""",
)

YAML_COMMENT = documented(
    "yaml-comment",
    Severity.WARNING,
    "unquoted text cut short by a `#` that YAML reads as a comment",
    """
    Why: in YAML, ` #` starts a comment, so everything after it silently
    disappears from the value. Text pasted from an email (`open 9-5 #not on
    holidays`, `ask for ticket #4711`) loses its most important part, and
    nobody notices until a customer is told the wrong opening hours. Only a
    `#` glued to the next word is reported: `# ` with a space is a comment.

    Bad:
    ```yaml
    say: We are open 9-5 #not on holidays
    ```

    Good:
    ```yaml
    say: "We are open 9-5 #not on holidays"
    ```

    Fix: put the whole value in quotes, or write `# ` with a space if it is meant as a comment.
""",
)

LOAD_RULES = [YAML_SYNTAX, YAML_DUPLICATE_KEY, YAML_ALIAS, YAML_COMMENT, SCHEMA]
