"""The YAML of the answer finder: `vocabulary:` in journeybook.yaml and search-tests.yaml at the playbook root."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .load import Node, Sequence, kind_of
from .schema import INVALID, Context, Field, Id, ListOf, Obj, Source, Text

SEARCH_TESTS_NAMES = ("search-tests.yaml", "search-tests.yml")


class SynonymGroups(ListOf):
    """`vocabulary:` — a list of groups, each a list of two or more words or phrases that mean the same."""

    def __init__(self) -> None:
        super().__init__(ListOf(Text()))
        self.label = "a list of synonym groups (each a list of words, e.g. [windscreen, windshield, glass])"

    def convert(self, node: Node, ctx: Context) -> Any:
        if not isinstance(node, Sequence):
            return ctx.error(
                f"expected {self.label} here, found {kind_of(node)}; write each group on its own line as "
                "`- [windscreen, windshield, front window]`",
                node,
            )
        groups = []
        for item in node.items:
            if not isinstance(item, Sequence):
                ctx.error(
                    f"expected a synonym group here (a list such as [engineer, technician]), found {kind_of(item)}",
                    item,
                )
                continue
            words = self.item.convert(item, ctx)
            if words is INVALID:
                continue
            words = tuple(w for w in words if w.strip())
            if len(words) < 2:
                ctx.error("a synonym group needs at least two words or phrases that mean the same", item)
                continue
            groups.append(words)
        return tuple(groups)


VOCABULARY_FIELD = Field(
    SynonymGroups(), "groups of words callers use for the same thing; the finder treats each group as one word"
)


@dataclass(frozen=True)
class SearchTest:
    """One entry of search-tests.yaml: what a caller says, and the question that must answer it."""

    src: Source = field(compare=False, repr=False)  # type: ignore[assignment]
    say: str = ""
    expect: str = ""


@dataclass(frozen=True)
class SearchTestsFile:
    src: Source = field(compare=False, repr=False)  # type: ignore[assignment]
    tests: tuple[SearchTest, ...] = ()


SEARCH_TEST = Obj(
    SearchTest,
    "a search test",
    {
        "say": Field(Text(), "what the caller says, as staff would type it", required=True),
        "expect": Field(Id("question"), "the id of the question that must come in the top 3", required=True),
    },
)


class _TestsList(ListOf):
    """search-tests.yaml is a bare list of {say, expect}."""

    def convert(self, node: Node, ctx: Context) -> Any:
        tests = super().convert(node, ctx)
        return INVALID if tests is INVALID else SearchTestsFile(src=Source(ctx.file, node), tests=tests)

    def json_schema(self) -> dict:
        return {
            **super().json_schema(),
            "description": "what callers say and the question the site's finder must rank in its top 3",
        }


SEARCH_TESTS = _TestsList(SEARCH_TEST)
