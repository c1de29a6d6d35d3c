"""YAML values with their 1-based line and column: what the composer builds and the schema reads."""

from __future__ import annotations


class Node:
    """A YAML value with its 1-based position."""

    __slots__ = ("line", "column")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


class Scalar(Node):
    """Always text. `null` is true only for a plain empty value (`owner:`)."""

    __slots__ = ("value", "null")

    def __init__(self, value: str, line: int, column: int, null: bool = False) -> None:
        self.line = line  # set here rather than through Node.__init__: one call less per value of every file
        self.column = column
        self.value = value
        self.null = null


class Mapping(Node):
    """Keys are text; each entry keeps its key node (for "unknown field" positions)."""

    __slots__ = ("pairs",)

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column
        self.pairs: dict[str, tuple[Scalar, Node]] = {}


class Sequence(Node):
    __slots__ = ("items",)

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column
        self.items: list[Node] = []


def kind_of(node: Node | None) -> str:
    """The word a message uses for what the author wrote."""
    if node is None or (isinstance(node, Scalar) and node.null):
        return "nothing"
    return {Scalar: "text", Mapping: "a mapping", Sequence: "a list"}[type(node)]
