"""The swim-lane diagram of a journey as inline SVG, drawn at build time: no JavaScript, no external files.

One lane per department (a column, in the order the journey first meets
them), the steps as boxes from top to bottom in file order (so the diagram
fits the page however long the journey is), and one arrow per `next` entry.
A handoff arrow (the case moves to another department) is labelled with what
travels with it. A handoff is drawn red and dashed, and says what it drops,
exactly where the checker reports a loss there (`customer-repeats`,
`context-unavailable`): red means what a rule says. Items left behind that
no later step asks for again or needs are listed in the arrow's neutral label.
Every text is escaped for XML; the caller puts the result in a raw
HTML block.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .model import Journey, Step
from .rules.handoffs import lost_at_handoffs

# Geometry, in pixels: lanes are columns, steps are rows.
LANE_W = 190
BOX_W, BOX_H = 160, 56
GAP = 76  # between two rows: room for a handoff label
ROW = BOX_H + GAP
HEADER = 48
MARGIN = 28  # left and right, for arrows that swing round boxes
SWING = 36
LABEL_CHARS = 26  # a handoff label line, at 11 px
LABEL_LINES = 5
BOX_CHARS = 24  # a step title line, at 12 px
BOX_LINES = 3

NO_DEPARTMENT = "No department"
LANE_FILL = ("#eceff1", "#f7f9fa")


@dataclass(frozen=True)
class Arrow:
    """One `next` entry as the diagram needs it (built from the flow analysis' EdgeFlow)."""

    source: str
    target: str
    handoff: bool
    carried: tuple[str, ...]
    dropped: tuple[str, ...]  # left behind at a handoff: known before it, not carried
    lost: tuple[str, ...] = ()  # of those, what a later step asks the customer for again or needs (a rule fires)


# XML's five, and Markdown's active characters as numeric references: the diagram sits in a raw HTML block,
# and should Markdown ever read it as text, `[x](javascript:…)` in a name still cannot become a link.
_ESCAPE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
    | {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#!|~^$"}
)


def text(value: object) -> str:
    """Escape any value for an SVG text node or attribute (XML, and inert as Markdown)."""
    return str(value).translate(_ESCAPE)


def item_label(item: str) -> str:
    """`serial-number` → `serial number`: how staff say an information item."""
    return item.replace("-", " ")


def _wrap(value: str, width: int, lines: int) -> list[str]:
    wrapped = textwrap.wrap(value, width=width, break_long_words=True, break_on_hyphens=False) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1].rstrip() + "…"
    return wrapped


def arrows_from_flow(flow: object | None) -> list[Arrow]:
    """The diagram's arrows from a `rules.flow_analysis.Flow` (its `edges`, in file order)."""
    if flow is None:
        return []
    lost = lost_at_handoffs(flow)  # type: ignore[arg-type]  # the handoff rules' own reasoning: red is what they report
    arrows = []
    for e in flow.edges:  # type: ignore[attr-defined]
        order = list(e.edge.carry)
        carried = [i for i in order if i in e.carried] + sorted(e.carried - set(order))
        gone = lost.get((e.source.id, e.index), frozenset()) & e.dropped
        arrows.append(
            Arrow(e.source.id, e.target.id, e.handoff, tuple(carried), tuple(sorted(e.dropped)), tuple(sorted(gone)))
        )
    return arrows


def swim_lane(journey: Journey, arrows: Iterable[Arrow], department_name: Callable[[str | None], str]) -> str:
    """The journey's swim-lane diagram as one `<svg>` element (a single line: safe inside Markdown)."""
    steps: list[Step] = []
    seen: set[str] = set()
    for step in journey.steps:  # the first of two same-id steps wins, as everywhere else
        if step.id not in seen:
            seen.add(step.id)
            steps.append(step)
    lanes: list[str | None] = list(dict.fromkeys(step.department for step in steps))
    row = {step.id: n for n, step in enumerate(steps)}
    lane = {step.id: lanes.index(step.department) for step in steps}

    def box(step_id: str) -> tuple[int, int]:
        return MARGIN + lane[step_id] * LANE_W + (LANE_W - BOX_W) // 2, HEADER + 16 + row[step_id] * ROW

    width = MARGIN * 2 + max(len(lanes), 1) * LANE_W
    height = HEADER + 16 + max(len(steps), 1) * ROW - GAP + 24
    names = [department_name(d) if d else NO_DEPARTMENT for d in lanes]
    summary = " → ".join(names) or "no steps"
    parts = [
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'font-family="Helvetica, Arial, sans-serif" role="img" aria-labelledby="jb-lanes-title">',
        f'<title id="jb-lanes-title">{text("Swim lanes: " + summary)}</title>',
        "<defs>"
        '<marker id="jb-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#37474f"/></marker>'
        '<marker id="jb-arrow-drop" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#c62828"/></marker>'
        "</defs>",
    ]
    for n, name in enumerate(names):
        x = MARGIN + n * LANE_W
        parts.append(f'<rect x="{x}" y="0" width="{LANE_W}" height="{height}" fill="{LANE_FILL[n % 2]}"/>')
        label = _wrap(name, 24, 2)
        top = HEADER // 2 - (len(label) - 1) * 8
        style = 'font-size="13" font-weight="bold" fill="#37474f"'
        parts.append(_text_lines(label, x + LANE_W // 2, top, style, 16, "middle"))

    labels: list[str] = []
    for arrow in arrows:
        if arrow.source not in row or arrow.target not in row:
            continue
        path, (lx, ly) = _route(arrow, box, row, lane)
        dropped = arrow.handoff and bool(arrow.lost)
        if dropped:
            style = 'stroke="#c62828" stroke-width="2" stroke-dasharray="6 4"'
        else:
            style = 'stroke="#37474f" stroke-width="2"' if arrow.handoff else 'stroke="#78909c" stroke-width="1.5"'
        marker = "jb-arrow-drop" if dropped else "jb-arrow"
        parts.append(f'<path d="{path}" fill="none" {style} marker-end="url(#{marker})"/>')
        if arrow.handoff:
            lines = _wrap("carries: " + (", ".join(map(item_label, arrow.carried)) or "nothing"), LABEL_CHARS, 3)
            if dropped:
                lines += _wrap("drops: " + ", ".join(map(item_label, arrow.lost)), LABEL_CHARS, 2)
            behind = [item for item in arrow.dropped if item not in arrow.lost]
            if behind:
                lines += _wrap("not needed later: " + ", ".join(map(item_label, behind)), LABEL_CHARS, 2)
            labels.append(_label(lines[:LABEL_LINES], lx, ly, dropped))

    for step in steps:
        x, y = box(step.id)
        border = 'stroke="#2e7d32" stroke-width="2.5"' if step.closes else 'stroke="#546e7a" stroke-width="1.5"'
        title = _wrap(f"{row[step.id] + 1}. {step.label}", BOX_CHARS, BOX_LINES)
        parts.append(f'<g><rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="#ffffff" {border}/>')
        top = y + BOX_H // 2 - (len(title) - 1) * 7
        parts.append(_text_lines(title, x + BOX_W // 2, top, 'font-size="12" fill="#263238"', 14, "middle") + "</g>")
    parts.extend(labels)  # last, so labels sit above lines and boxes
    parts.append("</svg>")
    return "".join(parts)


def _route(arrow: Arrow, box, row: dict[str, int], lane: dict[str, int]) -> tuple[str, tuple[int, int]]:
    """An SVG path from one box to another, and where its label goes."""
    (sx, sy), (tx, ty) = box(arrow.source), box(arrow.target)
    down = row[arrow.target] - row[arrow.source]
    if down > 0 and not (lane[arrow.source] == lane[arrow.target] and down > 1):
        x1, y1, x2, y2 = sx + BOX_W // 2, sy + BOX_H, tx + BOX_W // 2, ty
        bend = (y2 - y1) // 2
        path = f"M{x1} {y1}C{x1} {y1 + bend} {x2} {y2 - bend} {x2} {y2}"
        label = ((x1 + x2) // 2, (y1 + y2) // 2) if down == 1 else (x2, y2 - GAP // 2)
        return path, label
    if down > 0:  # further down the same lane: swing round the boxes in between, on the right
        x1, y1, x2, y2 = sx + BOX_W, sy + BOX_H // 2, tx + BOX_W, ty + BOX_H // 2
        return f"M{x1} {y1}C{x1 + SWING} {y1} {x2 + SWING} {y2} {x2} {y2}", (x1 + SWING, (y1 + y2) // 2)
    # Back up (rework, a loop): swing round on the left.
    x1, y1, x2, y2 = sx, sy + BOX_H // 2, tx, ty + BOX_H // 2
    swing = min(x1, x2) - SWING
    return f"M{x1} {y1}C{swing} {y1} {swing} {y2} {x2} {y2}", (swing + 20, (y1 + y2) // 2)


def _text_lines(lines: list[str], x: int, top: int, style: str, step: int, anchor: str = "start") -> str:
    spans = "".join(f'<tspan x="{x}" y="{top + n * step}">{text(line)}</tspan>' for n, line in enumerate(lines))
    return f'<text {style} text-anchor="{anchor}" dominant-baseline="middle">{spans}</text>'


def _label(lines: list[str], x: int, y: int, dropped: bool) -> str:
    line_h = 13
    w = max(len(line) for line in lines) * 6 + 12
    h = len(lines) * line_h + 6
    top = y - h // 2
    colour = "#c62828" if dropped else "#37474f"
    return (
        f'<g><rect x="{x - w // 2}" y="{top}" width="{w}" height="{h}" rx="3" fill="#ffffff" '
        f'fill-opacity="0.94" stroke="{colour}" stroke-width="0.75"/>'
        + _text_lines(lines, x, top + 3 + line_h // 2 + 1, f'font-size="11" fill="{colour}"', line_h, "middle")
        + "</g>"
    )
