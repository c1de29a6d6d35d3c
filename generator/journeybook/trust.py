"""What `build` would run or read beyond the playbook's YAML: the repository's mkdocs.yml and docs/ folder.

`check` never executes anything: mkdocs.yml is only composed (PyYAML's composer builds nodes and never
constructs a tag, so `!!python/object/apply` and `!ENV` stay inert), and docs/ pages are only read. Everything
that would make `build` run code, read the build machine's environment or files outside the repository, or put
a script on a page becomes a finding with file:line, so the pull request fails before it is merged. `build` and
`serve` refuse the same things unless the person running them passes `--trust-config` on the command line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import click
import yaml

from .findings import Finding, Location
from .walk import NotRegular, inside, read_limited, walk

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
NEEDS_TRUST = ("unsafe-config", "unsafe-docs")  # accepted with --trust-config
NEVER_TRUSTED = ("symlink-outside", "skipped-path")  # never followed or read, whatever the flag
LOCKED_RULES = (*NEEDS_TRUST, *NEVER_TRUSTED)  # journeybook.yaml (a pull request can change it) cannot turn these off
SKIPPED_DOCS = ("screenshots",)
MAX_CONFIG_BYTES = 1_000_000
MAX_INHERIT = 5

# Plugins journeybook's own site needs (and Material's tags). Any other is code a pull request chooses to run.
ALLOWED_PLUGINS = frozenset({"search", "material/search", "offline", "material/offline", "tags", "material/tags"})
# Python-Markdown's own extensions and PyMdown Extensions are installed with MkDocs and Material; any other name
# is imported as a Python module, which a pull request can add to the repository.
MARKDOWN_BUILTINS = frozenset(
    (
        "abbr admonition attr_list codehilite def_list extra fenced_code footnotes legacy_attrs legacy_em "
        "md_in_html meta nl2br sane_lists smarty tables toc wikilinks"
    ).split()
)
# Tags that only say what the scalar already is. Everything else makes MkDocs' loader run something.
PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
# Files the theme or journeybook put on every page: a docs/ file with such a name would replace them.
OWN_ASSETS = ("assets/javascripts/", "assets/stylesheets/", "assets/journeybook/", "search/")
OWN_FILES = ("404.html", "sitemap.xml", "sitemap.xml.gz", "assets/images/favicon.png", ".journeybook-site")
ACTIVE_TAGS = frozenset({"script", "iframe", "object", "embed", "applet", "base", "meta", "link", "style", "form"})


@dataclass(frozen=True)
class Audit:
    """Findings about the repository around a playbook, with file names relative to the playbook folder."""

    findings: list[Finding]

    def needing_trust(self) -> list[Finding]:
        return [f for f in self.findings if f.rule in NEEDS_TRUST]


def audit(source: Path, max_file_bytes: int = 20_000_000) -> Audit:
    """mkdocs.yml and docs/ beside the playbook folder `source`, as `build` would use them."""
    source = Path(source)
    repo = source.resolve().parent
    findings = config_findings(repo, source) + docs_findings(repo, source, max_file_bytes)
    return Audit(sorted(findings, key=lambda f: f.sort_key))


def name_of(path: Path, source: Path) -> str:
    """A path as a finding names it: relative to the playbook folder (report.relocate re-roots it)."""
    return os.path.relpath(path, source.resolve() if path.is_absolute() else source).replace(os.sep, "/")


# --- mkdocs.yml -----------------------------------------------------------------------------


def config_findings(repo: Path, source: Path) -> list[Finding]:
    path = next((repo / n for n in CONFIG_NAMES if (repo / n).exists() or (repo / n).is_symlink()), None)
    if path is None:
        return []
    return _config_file(path, repo, source, set())


def _config_file(path: Path, repo: Path, source: Path, seen: set[Path]) -> list[Finding]:
    name = name_of(path, source)

    def finding(message: str, node: yaml.Node | None = None) -> Finding:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
        return Finding("unsafe-config", message, Location(name, line, column))

    if path.is_symlink() and not inside(path, repo):
        return [Finding("symlink-outside", f"{path.name} links out of the repository; never read", Location(name))]
    try:
        data = read_limited(path, MAX_CONFIG_BYTES)
    except NotRegular as error:
        return [Finding("skipped-path", f"cannot read {path.name}: it is {error.strerror}", Location(name))]
    except OSError as error:
        return [Finding("skipped-path", f"cannot read {path.name}: {error.strerror}", Location(name))]
    if len(data) > MAX_CONFIG_BYTES:
        return [finding(f"{path.name} is over {MAX_CONFIG_BYTES:,} bytes; a site configuration is a few hundred")]
    try:
        root = yaml.compose(data.decode("utf-8-sig"), Loader=yaml.SafeLoader)  # nodes only: no tag is constructed
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as error:
        mark = getattr(error, "problem_mark", None)
        where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        return [Finding("unsafe-config", f"{path.name} is not valid YAML, so MkDocs cannot read it either", where)]
    if root is None:
        return []
    found = [_tag_finding(node, finding) for node in _nodes(root) if node.tag not in PLAIN_TAGS]
    if not isinstance(root, yaml.MappingNode):
        return found
    top = _pairs(root)
    if "hooks" in top:
        found.append(
            finding(
                "`hooks` makes MkDocs run these Python files when the site is built; remove it, or build with "
                "--trust-config",
                top["hooks"][0],
            )
        )
    for key in ("extra_javascript", "extra_templates"):
        if key in top:
            what = "adds JavaScript to every page" if key == "extra_javascript" else "renders templates that run code"
            found.append(finding(f"`{key}` {what}; remove it, or build with --trust-config", top[key][0]))
    if "theme" in top and isinstance(top["theme"][1], yaml.MappingNode):
        custom = _pairs(top["theme"][1]).get("custom_dir")
        if custom is not None:
            found.append(
                finding(
                    "`theme.custom_dir` replaces the theme's templates, which run as code when the site is built; "
                    "remove it, or build with --trust-config",
                    custom[0],
                )
            )
    if "plugins" in top:
        for key_node, plugin, _ in _names(top["plugins"][1]):
            if plugin not in ALLOWED_PLUGINS:
                found.append(
                    finding(
                        f'the plugin "{plugin}" would run when the site is built, and journeybook\'s site needs only '
                        f"{', '.join(sorted(p for p in ALLOWED_PLUGINS if '/' not in p))}; remove it, or build with "
                        "--trust-config",
                        key_node,
                    )
                )
    if "markdown_extensions" in top:
        for key_node, extension, options in _names(top["markdown_extensions"][1]):
            found.extend(_extension(extension, key_node, options, repo, finding))
    if "INHERIT" in top:
        key, value = top["INHERIT"]
        parent = (path.parent / value.value) if isinstance(value, yaml.ScalarNode) else None
        if parent is None or not inside(parent, repo):
            found.append(
                finding("`INHERIT` names a file outside the repository; keep the whole configuration in it", value)
            )
        elif parent.resolve() in seen or len(seen) >= MAX_INHERIT:
            found.append(finding("`INHERIT` goes round in a circle, or deeper than 5 files", value))
        else:
            found.extend(_config_file(parent, repo, source, seen | {path.resolve()}))
    return found


def _tag_finding(node: yaml.Node, finding) -> Finding:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    if tag == "!ENV":
        why = "reads an environment variable of the build machine (a secret could be published)"
    elif tag.startswith("!!python/"):
        why = "makes MkDocs import or run Python code when the site is built"
    elif tag == "!relative":
        why = "makes MkDocs resolve a path on the build machine"
    else:
        why = "makes MkDocs construct a value with code instead of reading text"
    return finding(f"the tag `{tag}` {why}; write the value out, or build with --trust-config", node)


def _nodes(root: yaml.Node):
    """Every node once (an alias is the same node object: a billion laughs is walked once)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        if isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))


def _pairs(mapping: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    return {k.value: (k, v) for k, v in mapping.value if isinstance(k, yaml.ScalarNode)}


def _names(node: yaml.Node) -> list[tuple[yaml.Node, str, dict]]:
    """(key node, name, options) of each entry of a plugins or markdown_extensions list or mapping."""
    entries = []
    items = node.value if isinstance(node, yaml.SequenceNode) else [node] if isinstance(node, yaml.MappingNode) else []
    for item in items:
        if isinstance(item, yaml.ScalarNode):
            entries.append((item, item.value, {}))
        elif isinstance(item, yaml.MappingNode):
            for k, v in item.value:
                if isinstance(k, yaml.ScalarNode):
                    entries.append((k, k.value, _pairs(v) if isinstance(v, yaml.MappingNode) else {}))
    return entries


def _extension(name: str, key: yaml.Node, options: dict, repo: Path, finding) -> list[Finding]:
    short = name.removeprefix("markdown.extensions.")
    if short in MARKDOWN_BUILTINS:
        return []
    if not name.startswith("pymdownx."):
        return [
            finding(
                f'the Markdown extension "{name}" is imported as a Python module when the site is built (a file in '
                "the repository can provide it); use Python-Markdown's or PyMdown's, or build with --trust-config",
                key,
            )
        ]
    if name != "pymdownx.snippets":
        return []
    return _snippets(options, repo, finding)


def _snippets(options: dict, repo: Path, finding) -> list[Finding]:
    """pymdownx.snippets pastes files into pages: only from inside the repository, never from a URL."""
    found = []
    base = options.get("base_path")
    paths = []
    if base is not None:
        value = base[1]
        paths = [n for n in value.value] if isinstance(value, yaml.SequenceNode) else [value]
    for node in paths:
        if not isinstance(node, yaml.ScalarNode) or not inside(repo / node.value, repo):
            found.append(
                finding(
                    "`pymdownx.snippets` may paste files from outside the repository into pages (`base_path`); "
                    "keep base_path inside the repository",
                    node,
                )
            )
    for option, bad in (("restrict_base_path", "false"), ("url_download", "true")):
        if option in options and str(options[option][1].value).lower() == bad:
            found.append(
                finding(
                    f"`{option}: {bad}` lets `pymdownx.snippets` paste "
                    + ("any file of the build machine" if option == "restrict_base_path" else "any web address")
                    + " into pages; remove the option",
                    options[option][0],
                )
            )
    return found


# --- docs/ ----------------------------------------------------------------------------------


def docs_findings(repo: Path, source: Path, max_file_bytes: int) -> list[Finding]:
    docs = repo / "docs"
    if docs.is_symlink():
        return [
            Finding(
                "symlink-outside" if not inside(docs, repo) else "skipped-path",
                "docs/ is a symbolic link, and journeybook never follows a linked folder: nothing in it is "
                "published; make docs/ a real folder of the repository",
                Location(name_of(docs, source)),
            )
        ]
    if not docs.is_dir():
        return []
    files, skipped = walk(docs, skip_top=SKIPPED_DOCS)
    found = [Finding(s.rule, s.message, Location(name_of(s.path, source))) for s in skipped]
    for path in files:
        relative = path.relative_to(docs).as_posix()
        name = name_of(path, source)
        if relative.startswith(OWN_ASSETS) or relative in OWN_FILES:
            found.append(
                Finding(
                    "unsafe-docs",
                    f"docs/{relative} would replace a file the theme or journeybook puts on every page; rename it",
                    Location(name),
                )
            )
        if path.suffix.lower() in (".md", ".html", ".htm", ".svg", ".xhtml", ".xml"):
            try:
                data = read_limited(path, max_file_bytes)
            except OSError:
                continue  # walk() kept only regular files; one that vanished since is not a finding
            found.extend(active_content(data.decode("utf-8", "replace"), name))
    return found


def active_content(text: str, name: str) -> list[Finding]:
    """Scripts, event handlers, `javascript:` addresses and other active HTML in a hand-written page."""
    scanner = _Active(name)
    scanner.feed(_without_code(text))
    scanner.close()
    return scanner.found


_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,}).*?^\1\2[`~]*[ \t]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)


def _without_code(text: str) -> str:
    """The page with fenced code and code spans blanked (same lines and columns): examples there are text."""

    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group())

    return _CODE_SPAN.sub(blank, _FENCE.sub(blank, text))


class _Active(HTMLParser):
    def __init__(self, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.found: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        where = Location(self.name, line, column + 1)
        if tag in ACTIVE_TAGS:
            self.found.append(
                Finding(
                    "unsafe-docs",
                    f"a <{tag}> element in a hand-written page can run code or change every page it is on; "
                    "remove it (journeybook removes it from the site)",
                    where,
                )
            )
        for attribute, value in attrs:
            url = "".join(c for c in (value or "") if c > " ").lower()
            if attribute.startswith("on") or url.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.found.append(
                    Finding(
                        "unsafe-docs",
                        f'the attribute {attribute}="…" on <{tag}> runs JavaScript; remove it (journeybook removes it '
                        "from the site)",
                        where,
                    )
                )

    handle_startendtag = handle_starttag


# --- build and serve ------------------------------------------------------------------------


def refuse_untrusted(source: Path | None, trusted: bool) -> None:
    """Raise unless mkdocs.yml and docs/ ask for nothing that needs trust, or the person building said
    `--trust-config` (a command-line flag: a pull request cannot set it)."""
    if trusted or source is None:
        return
    problems = audit(source).needing_trust()
    if not problems:
        return
    shown = [
        f"  {os.path.normpath(os.path.join(source, f.location.file))}:{f.location.line}: {f.message}" for f in problems
    ]
    raise click.ClickException(
        "mkdocs.yml or docs/ would run code, read outside the repository or replace the theme's files:\n"
        + "\n".join(shown[:20])
        + ("\n  …" if len(shown) > 20 else "")
        + "\nRemove them, or, only if you trust everyone who can change this repository, build with --trust-config "
        "(never in a job that runs on pull requests)"
    )


def trusting(findings: list[Finding]) -> list[Finding]:
    """The findings that still count once the person building passed --trust-config."""
    return [f for f in findings if f.rule not in NEEDS_TRUST]
