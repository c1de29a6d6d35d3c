"""Trend charts for the Audits pages as inline SVG, drawn at build time: no JavaScript, no outside host.

One line per series over the months that have calls; a month without a value for a series leaves a gap.
Every text is escaped by svg.text, and the whole chart is one line, safe inside Markdown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..svg import text

W, H = 560, 240  # two charts side by side on a laptop screen
LEFT, RIGHT, TOP, BOTTOM = 52, 40, 36, 56
COLOURS = ("#1565c0", "#2e7d32", "#c62828", "#6a1b9a")
DASHES = ("", "6 3", "2 3", "8 3 2 3")  # so the series differ without colour too


def line_chart(
    key: str,
    title: str,
    months: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    low: float,
    high: float,
    label: Callable[[float], str] = lambda v: f"{v:g}",
    ticks: int = 4,
) -> str:
    """A line chart of `series` (name, one value per month) between `low` and `high`, as one `<svg>` element."""
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    step = plot_w / max(len(months) - 1, 1)

    def x(n: int) -> float:
        return LEFT + (n * step if len(months) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h - (value - low) / ((high - low) or 1) * plot_h

    described = "; ".join(
        f"{name}: "
        + ", ".join(f"{m} {label(v) if v is not None else 'no data'}" for m, v in zip(months, vs, strict=True))
        for name, vs in series
    )
    parts = [
        f'<svg class="jb-chart" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
        f'font-family="Helvetica, Arial, sans-serif" role="img" aria-labelledby="jb-chart-{key}">',
        f'<title id="jb-chart-{key}">{text(title + ". " + described)}</title>',
        f'<rect x="0" y="0" width="{W}" height="{H}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="20" font-size="13" font-weight="bold" fill="#263238">{text(title)}</text>',
    ]
    for n in range(ticks + 1):
        value = low + (high - low) * n / ticks
        ty = y(value)
        parts.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{W - RIGHT}" y2="{ty:.1f}" stroke="#eceff1"/>')
        parts.append(
            f'<text x="{LEFT - 6}" y="{ty:.1f}" font-size="11" fill="#546e7a" text-anchor="end" '
            f'dominant-baseline="middle">{text(label(value))}</text>'
        )
    every = max(1, len(months) // 8)  # at most about eight month labels
    for n, month in enumerate(months):
        if n % every == 0 or n == len(months) - 1:
            parts.append(
                f'<text x="{x(n):.1f}" y="{TOP + plot_h + 16}" font-size="11" fill="#546e7a" '
                f'text-anchor="middle">{text(month)}</text>'
            )
    for index, (name, values) in enumerate(series):
        colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        runs: list[list[str]] = [[]]
        for n, value in enumerate(values):
            if value is None:
                runs.append([])
                continue
            runs[-1].append(f"{x(n):.1f} {y(value):.1f}")
            parts.append(
                f'<circle cx="{x(n):.1f}" cy="{y(value):.1f}" r="3.5" fill="{colour}">'
                f"<title>{text(f'{name}, {months[n]}: {label(value)}')}</title></circle>"
            )
        for run in runs:
            if len(run) > 1:
                parts.append(f'<path d="M{"L".join(run)}" fill="none" stroke="{colour}" stroke-width="2"{dashed}/>')
        lx = LEFT + index * (plot_w // max(len(series), 1))
        ly = H - 14
        parts.append(
            f'<line x1="{lx}" y1="{ly}" x2="{lx + 22}" y2="{ly}" stroke="{colour}" stroke-width="2"{dashed}/>'
            f'<text x="{lx + 28}" y="{ly}" font-size="11" fill="#263238" dominant-baseline="middle">{text(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def percent(value: float) -> str:
    return f"{value * 100:.0f}%"
