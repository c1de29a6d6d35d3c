"""Is every `when` dimension and value one the playbook declares? (`schema` findings, found after the model is built)

`segment` and `channel` name things the playbook defines (segments.yaml,
org.yaml's `channels`; an unknown value is the `unknown-reference` rule's).
Any other dimension, and each of its values, is declared in journeybook.yaml
(`dimensions: {product: [car, van]}`), so a typo such as `segments:` or
`product: [cars]` is an error instead of an answer that silently applies to
everyone, or to nobody.
"""

from __future__ import annotations

from ..findings import Finding, Location
from ..model import Answer, Playbook
from ..schema import did_you_mean, shown
from .references import _item_loc as item_loc

BUILT_IN = ("segment", "channel")


def dimension_findings(book: Playbook) -> list[Finding]:
    declared = book.settings.dimensions
    found: list[Finding] = []
    for answer in book.answers:
        for dimension, values in answer.when.items():
            if dimension in BUILT_IN:
                continue
            if dimension not in declared:
                found.append(_unknown_dimension(answer, dimension, declared))
                continue
            known = {v.strip().casefold() for v in declared[dimension]}
            for index, value in enumerate(values):
                if value.strip().casefold() not in known:
                    found.append(
                        Finding(
                            "schema",
                            f'"{shown(value)}" is not a {dimension} declared in journeybook.yaml'
                            f"{did_you_mean(value, declared[dimension])}: use one of "
                            f"{', '.join(declared[dimension]) or '(none declared)'}, or add it under "
                            f"`dimensions: {{{dimension}: [...]}}`",
                            item_loc(answer.src, values, index, "when", dimension),
                            scope=("question", answer.question),
                        )
                    )
    return found


def _unknown_dimension(answer: Answer, dimension: str, declared: dict[str, tuple[str, ...]]) -> Finding:
    choices = [*BUILT_IN, *declared]
    hint = did_you_mean(dimension, choices)
    example = f"`dimensions: {{{dimension}: [{', '.join(answer.when[dimension][:2]) or '...'}]}}`"
    return Finding(
        "schema",
        f'the `when` dimension "{shown(dimension)}" is not declared{hint}: use segment, channel'
        f"{''.join(f', {d}' for d in declared)}, or declare it with its values in journeybook.yaml, e.g. {example}",
        _key_loc(answer, dimension),
        scope=("question", answer.question),
    )


def _key_loc(answer: Answer, dimension: str) -> Location:
    """Where the dimension's key is written (`segments:` in `when:`)."""
    node = answer.src.node.pairs["when"][1] if answer.src.has("when") else None  # type: ignore[union-attr]
    pair = getattr(node, "pairs", {}).get(dimension)
    return Location(answer.src.file, pair[0].line, pair[0].column) if pair else answer.src.loc("when")
