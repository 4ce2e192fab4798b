"""The funnel plot as inline SVG: every council's figure against its denominator, England's value as the centre
line, and the 95% and 99.8% limits (metrics.figures.funnels). Our council and its neighbours are marked by shape and
words as well as colour; each point names its council, figure, denominator and position on hover, and the page
lists them all in a table."""

from __future__ import annotations

import math
from html import escape
from typing import cast

import polars as pl

from metrics.core import formatting, registry
from metrics.figures.funnels import Funnel
from views.svg_charts import (
    DASH,
    FONT,
    GREY,
    GRID,
    INK,
    MAX_SCALE,
    NEIGHBOUR,
    OTHER,
    OURS,
    WIDTH,
    LegendItem,
    _legend,
    _tick_text,
    _ticks,
    _title,
    marker,
)

#: The limits' styles: told apart by dash as well as shade, and each at 3:1 or more on white.
LIMIT_95 = ("#3b3b3b", "dash")
LIMIT_998 = ("#1d1d1b", "longdash")


def _log_ticks(lo: float, hi: float) -> list[float]:
    """1, 2 and 5 times powers of ten within [lo, hi]."""
    out = []
    for power in range(math.floor(math.log10(max(lo, 1))), math.ceil(math.log10(max(hi, 1))) + 1):
        out += [m * 10**power for m in (1, 2, 5) if lo <= m * 10**power <= hi]
    return out


def axis_title(funnel: Funnel) -> str:
    ind = funnel.indicator
    if funnel.survey:
        return "Survey respondents (log scale)"
    if ind.unit == registry.RATE_100K:
        return "Population (log scale)"
    return f"Denominator: {ind.denominator or 'people counted'} (log scale)"


def description(funnel: Funnel, *, area_name: str) -> str:
    """The text alternative: what is plotted, the centre and limits, and the sentence naming who is outside."""
    ind = funnel.indicator
    return (
        f"Funnel plot of {ind.title}, every council, {funnel.period_label}: each council's figure against its "
        f"denominator, with England's value ({formatting.value(ind, funnel.centre)}) as the centre line and 95% "
        f"and 99.8% limits ({funnel.method}). {funnel.sentence(area_name=area_name)} The data table lists every "
        "council."
    )


def draw(funnel: Funnel, *, area_name: str, plot_height: int = 330) -> str:
    ind = funnel.indicator
    legend: list[LegendItem] = [
        (area_name, OURS, "", "circle", "point"),
        ("Nearest neighbours (Oflog list)", NEIGHBOUR, "", "diamond", "point"),
        ("Other councils", OTHER, "", "circle", "point"),
        (f"England: {formatting.value(ind, funnel.centre)}", INK, "solid", None, False),
        ("95% limits", *LIMIT_95, None, False),
        ("99.8% limits", *LIMIT_998, None, False),
    ]
    left, right = 80, 24
    legend_svg, top = _legend(legend, x0=20, width=WIDTH - 40)
    top += 20
    bottom = top + plot_height
    pts = funnel.councils
    x_lo, x_hi = (
        float(cast(float, funnel.limits["denominator"].min())),
        float(cast(float, funnel.limits["denominator"].max())),
    )
    values = [*pts["value"].to_list(), funnel.centre]
    # the limits are wide at the smallest denominators: the axis follows the councils, and the curves are clipped
    y_lo, y_hi, yticks = _ticks(min(values), max(values))
    step = yticks[1] - yticks[0] if len(yticks) > 1 else 1.0
    lx0, lx1 = math.log10(x_lo), math.log10(x_hi)

    def xp(n: float) -> float:
        return left + (math.log10(max(n, 1e-9)) - lx0) / ((lx1 - lx0) or 1) * (WIDTH - left - right)

    def yp(v: float) -> float:
        return bottom - (v - y_lo) / (y_hi - y_lo) * (bottom - top)

    out = [
        f'<svg role="img" aria-label="{escape(description(funnel, area_name=area_name))}" '
        f'viewBox="0 0 {WIDTH} {bottom + 60}" width="100%" style="max-width:{WIDTH * MAX_SCALE:.0f}px" {FONT}>',
        f'<defs><clipPath id="funnel-plot"><rect x="{left}" y="{top}" width="{WIDTH - left - right}" '
        f'height="{plot_height}"/></clipPath></defs>',
        legend_svg,
    ]
    for v in yticks:
        out.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{yp(v):.1f}" y2="{yp(v):.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 10}" y="{yp(v) + 6:.1f}" font-size="16" text-anchor="end" fill="{INK}">'
            f"{_tick_text(v, step)}</text>"
        )
    for n in _log_ticks(x_lo, x_hi):
        out.append(
            f'<line x1="{xp(n):.1f}" x2="{xp(n):.1f}" y1="{top}" y2="{bottom}" stroke="{GRID}"/>'
            f'<text x="{xp(n):.1f}" y="{bottom + 24}" font-size="16" text-anchor="middle" fill="{INK}">'
            f"{n:,.0f}</text>"
        )
    out.append(
        f'<text x="{(left + WIDTH - right) / 2:.0f}" y="{bottom + 50}" font-size="16" fill="{GREY}" '
        f'text-anchor="middle">{escape(axis_title(funnel))}</text>'
        f'<text x="18" y="{(top + bottom) / 2:.0f}" font-size="16" fill="{GREY}" text-anchor="middle" '
        f'transform="rotate(-90 18 {(top + bottom) / 2:.0f})">{escape(ind.unit)}</text>'
    )
    curves = [
        '<g clip-path="url(#funnel-plot)">',
        f'<line data-role="centre" x1="{left}" x2="{WIDTH - right}" y1="{yp(funnel.centre):.1f}" '
        f'y2="{yp(funnel.centre):.1f}" stroke="{INK}" stroke-width="2.5"/>',
    ]
    for (colour, dash), columns, name in (
        (LIMIT_95, ("lower_95", "upper_95"), "95% limits"),
        (LIMIT_998, ("lower_998", "upper_998"), "99.8% limits"),
    ):
        for column in columns:
            line = " ".join(
                f"{xp(n):.1f},{yp(v):.1f}" for n, v in funnel.limits.select("denominator", column).iter_rows()
            )
            curves.append(
                f'<polyline data-role="limit" data-limit="{column}" points="{line}" fill="none" '
                f'stroke="{colour}" stroke-width="2" stroke-dasharray="{DASH[dash]}">{_title(name)}</polyline>'
            )
    out += [*curves, "</g>"]
    order = {"other": 0, "neighbour": 1, "ours": 2}  # ours drawn last, on top
    mine = None
    for row in pts.sort(pl.col("group").replace_strict(order, return_dtype=pl.Int8)).iter_rows(named=True):
        x, y = xp(row["denominator"]), yp(row["value"])
        words = (
            f"{row['area_name']}: {formatting.value(ind, row['value'])} of {row['denominator']:,.0f}; {row['position']}"
        )
        shape = {"ours": ("circle", 17, OURS), "neighbour": ("diamond", 13, NEIGHBOUR), "other": ("circle", 9, OTHER)}[
            row["group"]
        ]
        out.append(
            f'<g data-council="{escape(row["area_code"])}" data-value="{row["value"]!r}" '
            f'data-position="{escape(row["position"])}">{_title(words)}'
            f"{marker(shape[0], x, y, size=shape[1], colour=shape[2])}</g>"
        )
        if row["group"] == "ours":
            mine = (x, y, row)
    if mine is not None:
        x, y, row = mine
        anchor = "start" if x < WIDTH * 0.6 else "end"
        out.append(
            f'<text x="{x + (14 if anchor == "start" else -14):.1f}" y="{y - 12:.1f}" font-size="17" '
            f'font-weight="bold" fill="{OURS}" text-anchor="{anchor}" stroke="white" stroke-width="4" '
            f'paint-order="stroke">{escape(area_name)}: {escape(formatting.value(ind, row["value"]))}</text>'
        )
    out.append("</svg>")
    return "".join(out)
