"""The pages' charts as inline SVG, drawn in Python from the chart's one meaning (metrics.figures.chart_spec).

Why: bench/page_bench.py measured the plotly chart component at about 0.4 s
of browser time on every page load, most of a page's cost. An SVG drawn here
costs the browser almost nothing, prints and projects sharply, and shows each
point's figure on hover through SVG <title> elements (which screen readers
also read). The meeting pack draws the same spec with plotly (pack/figures.py),
exported as images by kaleido; the SPC chart stays in plotly (views/charts.py).

What is drawn, in which style and order, comes from the spec: this module
only places marks. Elements carry data-series, data-value and data-role
attributes, so a test can read back what was drawn and compare it with the
pack's figure (tests/test_chart_parity.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from html import escape

import polars as pl

from metrics.core import formatting
from metrics.figures import annotated, chart_data, chart_spec

OURS = chart_spec.OURS_COLOUR

#: Drawing units across; about the column's width at 1280x720, so 17-unit text is about 17px there. On wider
#: screens the chart grows to at most MAX_SCALE times, so text stays readable from the back of a room.
WIDTH = 780
MAX_SCALE = 1.25
#: The time axis's title under the period labels takes this much from the plot's height, so a chart with it is no
#: taller than one without and still fits a 1280x720 screen under its controls.
TIME_TITLE_ROOM = 26
FONT = 'font-family="Arial, Helvetica, sans-serif"'
INK, GREY, GRID, BAND = "#1d1d1b", "#3b3b3b", "#d9d9d9", "rgba(120,120,120,0.20)"
NEIGHBOUR, OTHER = "#9a5b00", "#8c8c8c"  # the ranked chart's bars: both reach 3:1 on white
DASH = {"solid": "", "dash": "12 7", "dot": "3 6", "dashdot": "12 6 3 6", "longdash": "22 8", "longdashdot": "22 6 3 6"}


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _ticks(lo: float, hi: float) -> tuple[float, float, list[float]]:
    """A padded axis range and round tick values inside it."""
    span = (hi - lo) or abs(hi) or 1.0
    lo, hi = lo - 0.08 * span, hi + 0.08 * span
    step = _nice_step(hi - lo)
    first = math.ceil(lo / step) * step
    values = [first + i * step for i in range(int((hi - first) / step) + 1)]
    return lo, hi, values


def _tick_text(value: float, step: float) -> str:
    return f"{value:,.0f}" if step >= 1 else f"{value:,.{max(0, -math.floor(math.log10(step)))}f}"


def marker(symbol: str, x: float, y: float, *, size: float, colour: str, hollow: bool = False) -> str:
    """One marker shape; hollow for demonstration points."""
    fill, stroke = ("white", colour) if hollow else (colour, "white" if symbol != "x" else colour)
    style = f'fill="{fill}" stroke="{stroke}" stroke-width="{2.5 if hollow else 1.5}"'
    r = size / 2
    if symbol == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {style}/>'
    if symbol == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{size:.1f}" height="{size:.1f}" {style}/>'
    corners = {
        "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        "triangle-up": [(0, -1.25), (1.2, 0.9), (-1.2, 0.9)],
        "pentagon": [(math.cos(math.radians(a)) * 1.2, math.sin(math.radians(a)) * 1.2) for a in range(-90, 270, 72)],
        "star": [
            (
                (1.3 if k % 2 == 0 else 0.55) * math.cos(math.radians(-90 + 36 * k)),
                (1.3 if k % 2 == 0 else 0.55) * math.sin(math.radians(-90 + 36 * k)),
            )
            for k in range(10)
        ],
        "cross": [
            (-0.4, -1.1),
            (0.4, -1.1),
            (0.4, -0.4),
            (1.1, -0.4),
            (1.1, 0.4),
            (0.4, 0.4),
            (0.4, 1.1),
            (-0.4, 1.1),
            (-0.4, 0.4),
            (-1.1, 0.4),
            (-1.1, -0.4),
            (-0.4, -0.4),
        ],
    }
    if symbol == "x":
        return (
            f'<path d="M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}M{x - r:.1f},{y + r:.1f}L{x + r:.1f},'
            f'{y - r:.1f}" stroke="{colour}" stroke-width="3.5" fill="none"/>'
        )
    points = " ".join(f"{x + dx * r:.1f},{y + dy * r:.1f}" for dx, dy in corners.get(symbol, corners["diamond"]))
    return f'<polygon points="{points}" {style}/>'


def _hatch_id(colour: str) -> str:
    return "hatch" + colour.lstrip("#")


def _hatch(colour: str, *, size: int = 10) -> str:
    """A pattern of ``colour`` with white stripes: bars of demonstration data, or neighbours on the ranked chart."""
    return (
        f'<pattern id="{_hatch_id(colour)}" width="{size}" height="{size}" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="{size}" height="{size}" fill="{colour}"/>'
        f'<line x1="0" y1="0" x2="0" y2="{size}" stroke="white" stroke-width="{size * 0.35:.1f}"/></pattern>'
    )


#: A legend entry: name, colour, dash, marker symbol, and the swatch (False for a line, True for the band, or
#: "bar", "hatch", "interval", "point").
LegendItem = tuple[str, str, str, str | None, bool | str]


def _legend(items: list[LegendItem], *, x0: float, width: float) -> tuple[str, float]:
    """Legend entries (name, colour, dash, symbol, swatch: False for a line, True for the band, "bar" or "hatch")
    laid out in rows, each swatch drawn
    as its series is; returns the SVG and its height."""
    parts, x, y = [], x0, 22
    for name, colour, dash, symbol, band in items:
        w = 50 + 8.4 * len(name)
        if x + w > x0 + width and x > x0:
            x, y = x0, y + 28
        if band == "bar":
            parts.append(f'<rect x="{x:.0f}" y="{y - 9}" width="40" height="16" fill="{colour}"/>')
        elif band == "hatch":  # drawn as the bars are: hatched, with a solid edge
            parts.append(
                f'<rect x="{x:.0f}" y="{y - 9}" width="40" height="16" fill="url(#{_hatch_id(colour)})" '
                f'stroke="{colour}" stroke-width="2"/>'
            )
        elif band == "point":  # a marker on its own, as points are drawn
            parts.append(marker(symbol or "circle", x + 20, y, size=13, colour=colour))
        elif band == "interval":  # an error bar as drawn: a line with caps at both ends
            parts.append(
                f'<path d="M{x + 20:.0f},{y - 9}V{y + 9}M{x + 12:.0f},{y - 9}H{x + 28:.0f}M{x + 12:.0f},'
                f'{y + 9}H{x + 28:.0f}" stroke="{colour}" stroke-width="2.5" fill="none"/>'
            )
        elif band:  # the band as drawn: a light fill between two edge lines
            parts.append(
                f'<rect x="{x:.0f}" y="{y - 9}" width="40" height="16" fill="{BAND}"/>'
                f'<line x1="{x:.0f}" x2="{x + 40:.0f}" y1="{y - 9}" y2="{y - 9}" stroke="{chart_spec.BAND_EDGE}" '
                f'stroke-width="1.5" stroke-dasharray="{DASH["dash"]}"/>'
                f'<line x1="{x:.0f}" x2="{x + 40:.0f}" y1="{y + 7}" y2="{y + 7}" stroke="{chart_spec.BAND_EDGE}" '
                f'stroke-width="1.5" stroke-dasharray="{DASH["dash"]}"/>'
            )
        else:
            parts.append(
                f'<line x1="{x:.0f}" x2="{x + 40:.0f}" y1="{y}" y2="{y}" stroke="{colour}" stroke-width="3.5" '
                f'stroke-dasharray="{DASH.get(dash, "")}"/>'
            )
            if symbol:
                parts.append(marker(symbol, x + 20, y, size=11, colour=colour))
        parts.append(f'<text x="{x + 48:.0f}" y="{y + 6}" font-size="16" fill="{INK}">{escape(name)}</text>')
        x += w + 14
    return "".join(parts), y + 18


def _title(text: str) -> str:
    return f"<title>{escape(text)}</title>"


def _point_title(ind, series: str, label: str, value: float, demo: bool, source: str) -> str:
    return _title(
        f"{series}, {label}: {formatting.value(ind, value)}"
        + (" (demonstration data)" if demo else "")
        + (f". Source: {source[:120]}" if source else "")
    )


def _open(spec: chart_spec.ChartSpec, height: float, *, width: int = WIDTH) -> str:
    """The <svg> element: an image with the spec's text alternative (the data table follows it on the page)."""
    return (
        f'<svg role="img" aria-label="{escape(spec.description)}" viewBox="0 0 {width} {height:.0f}" '
        f'width="100%" style="max-width:{width * MAX_SCALE:.0f}px" {FONT}>'
    )


def _segment_lines(segments, xp, yp, *, style: chart_spec.Style, width: float | None = None) -> str:
    """One polyline per segment: a line never joins points either side of a definition break."""
    return "".join(
        f'<polyline points="{" ".join(f"{xp(p.x):.1f},{yp(p.value):.1f}" for p in seg)}" fill="none" '
        f'stroke="{style.colour}" stroke-width="{width or style.width}" '
        f'stroke-dasharray="{DASH.get(style.dash, "")}" stroke-linejoin="round"/>'
        for seg in segments
        if len(seg) > 1
    )


def _x_labels(days: list[tuple[date, str]], *, xp, plot_w: float, pad: float) -> list[tuple[date, str]]:
    """The period labels that fit side by side; a long monthly series is labelled once a year."""
    points = sorted(set(days))
    d0, d1 = points[0][0], points[-1][0]
    widest = 8.8 * max(len(lab) for _d, lab in points) + 16
    room = max(2, int((plot_w - 2 * pad) / widest) + 1)
    every = max(1, math.ceil(len(points) / room))
    if len(points) <= room:
        return points
    if len(points) <= 16:  # every k-th label, always keeping the latest
        return [pt for i, pt in enumerate(points) if (len(points) - 1 - i) % every == 0]
    years = sorted({d.year for d, _l in points})
    step_years = max(1, math.ceil(len(years) / 7))
    return [(date(y, 1, 1), str(y)) for y in years[::step_years] if d0 <= date(y, 1, 1) <= d1]


def _line_legend(spec: chart_spec.ChartSpec, *, compact: bool = False) -> list[LegendItem]:
    """The legend of a line chart: each series, the band, the median, projections and the intervals. ``compact``
    names comparators without their latest figure and the intervals without their method, for a slide that states
    both beside the chart."""
    legend: list[LegendItem] = [
        (s.name if compact and s.kind != "ours" else s.legend, s.style.colour, s.style.dash, s.style.symbol, False)
        for s in spec.legend()
    ]
    if spec.band is not None:
        legend.append((spec.band.name, GREY, "solid", None, True))
    if spec.median is not None:
        legend.append((spec.median.legend, spec.median.style.colour, spec.median.style.dash, None, False))
    for pr in spec.projections:
        legend.append((pr.name, chart_spec.OURS_COLOUR, pr.dash, "diamond", False))
    if spec.intervals is not None:
        name = chart_spec.INTERVAL_NAME if compact else spec.intervals.name
        legend.append((name, chart_spec.INTERVAL_COLOUR, "solid", None, "interval"))
    return legend


@dataclass(frozen=True)
class _Plot:
    """Where a line chart's plotting area is, and how dates and values map into it."""

    left: float
    right: float
    top: float
    bottom: float
    canvas: float  # the drawing's whole width
    d0: date
    span_days: int
    pad: float
    y_lo: float
    y_hi: float

    @property
    def width(self) -> float:
        return self.canvas - self.left - self.right

    @property
    def end(self) -> float:
        """The plotting area's right edge."""
        return self.canvas - self.right

    def xp(self, day: date) -> float:
        return self.left + self.pad + (day - self.d0).days / self.span_days * (self.width - 2 * self.pad)

    def yp(self, v: float) -> float:
        return self.bottom - (v - self.y_lo) / (self.y_hi - self.y_lo) * (self.bottom - self.top)


def _every_point(spec: chart_spec.ChartSpec) -> list:
    points = [p for s in spec.series for p in s.points] + [pr.end for pr in spec.projections]
    return points + (list(spec.median.points) if spec.median is not None else [])


def _value_range(spec: chart_spec.ChartSpec) -> list[float]:
    """Every value the y axis must hold: points, the band and interval limits, the target."""
    band = [v for seg in (spec.band.segments if spec.band else ()) for _d, lo, hi in seg for v in (lo, hi)]
    band += [v for _d, _l, lo, hi in (spec.intervals.points if spec.intervals else ()) for v in (lo, hi)]
    return [p.value for p in _every_point(spec)] + band + ([spec.target[0]] if spec.target else [])


def _axes(spec: chart_spec.ChartSpec, plot: _Plot, yticks: list[float]) -> list[str]:
    """Grid lines and value labels, the value axis title, and the period labels that fit."""
    step = yticks[1] - yticks[0] if len(yticks) > 1 else 1.0
    out = [
        f'<line x1="{plot.left}" x2="{plot.end}" y1="{plot.yp(v):.1f}" y2="{plot.yp(v):.1f}" '
        f'stroke="{GRID}"/><text x="{plot.left - 10}" y="{plot.yp(v) + 6:.1f}" font-size="17" text-anchor="end" '
        f'fill="{INK}">{_tick_text(v, step)}</text>'
        for v in yticks
    ]
    middle = (plot.top + plot.bottom) / 2
    out.append(
        f'<text data-axis="value" x="18" y="{middle:.0f}" font-size="16" fill="{GREY}" text-anchor="middle" '
        f'transform="rotate(-90 18 {middle:.0f})">{escape(spec.value_title)}</text>'
    )
    labelled = [(p.x, p.label) for s in spec.series for p in s.points]
    labelled += [(pr.end.x, pr.end.label) for pr in spec.projections]
    for day, label in _x_labels(labelled, xp=plot.xp, plot_w=plot.width, pad=plot.pad):
        out.append(
            f'<text x="{plot.xp(day):.1f}" y="{plot.bottom + 30}" font-size="16" text-anchor="middle" '
            f'fill="{INK}">{escape(label)}</text>'
        )
    if spec.period_title:  # the time axis's title, under its labels
        out.append(
            f'<text data-axis="time" x="{(plot.left + plot.end) / 2:.0f}" y="{plot.bottom + 56}" font-size="16" '
            f'fill="{GREY}" '
            f'text-anchor="middle">{escape(spec.period_title)}</text>'
        )
    return out


def _band(band: chart_spec.Band, plot: _Plot) -> list[str]:
    """The middle half of councils: a filled area per segment, with dashed edges at 3:1."""
    out = []
    xp, yp = plot.xp, plot.yp
    for seg in band.segments:
        edge = [(xp(d), yp(hi)) for d, _lo, hi in seg] + [(xp(d), yp(lo)) for d, lo, _hi in reversed(seg)]
        if len(seg) == 1:  # one period on its own: a short bar, not an invisible polygon
            x = edge[0][0]
            edge = [(x - 6, edge[0][1]), (x + 6, edge[0][1]), (x + 6, edge[1][1]), (x - 6, edge[1][1])]
        out.append(
            f'<polygon data-role="band" points="{" ".join(f"{a:.1f},{b:.1f}" for a, b in edge)}" '
            f'fill="{BAND}">{_title(band.name)}</polygon>'
        )
        if len(seg) > 1:  # the edges, dashed, at 3:1: the light fill alone would not be seen by everyone
            for pick in (lambda lo, hi: hi, lambda lo, hi: lo):
                out.append(
                    '<polyline data-role="band" points="'
                    + " ".join(f"{xp(d):.1f},{yp(pick(lo, hi)):.1f}" for d, lo, hi in seg)
                    + f'" fill="none" stroke="{chart_spec.BAND_EDGE}" stroke-width="1.5" '
                    f'stroke-dasharray="{DASH["dash"]}"/>'
                )
    return out


def _median(med, plot: _Plot) -> str:
    return (
        f'<g data-series="{escape(med.name)}" data-kind="median">'
        + _segment_lines(med.segments, plot.xp, plot.yp, style=med.style)
        + "".join(
            f'<circle data-value="{p.value!r}" cx="{plot.xp(p.x):.1f}" cy="{plot.yp(p.value):.1f}" r="9" '
            f'fill="transparent">{_title(p.hover)}</circle>'
            for p in med.points
        )
        + "</g>"
    )


def _breaks(spec: chart_spec.ChartSpec, plot: _Plot) -> list[str]:
    """A marked line where the definition changes, between the last period before and the first after."""
    dates = sorted({p.x for p in _every_point(spec)})
    out = []
    for day, label in spec.breaks:
        before = max((d for d in dates if d < day), default=day)
        bx = (plot.xp(before) + plot.xp(day)) / 2
        out.append(
            f'<g data-role="break">{_title(f"Definition changed in {label}: not comparable with earlier periods")}'
            f'<line x1="{bx:.1f}" x2="{bx:.1f}" y1="{plot.top}" y2="{plot.bottom}" '
            f'stroke="{chart_spec.BREAK_COLOUR}" stroke-width="2.5" stroke-dasharray="3 5"/><text x="{bx - 6:.1f}" '
            f'y="{plot.top + 16}" font-size="15" fill="{chart_spec.BREAK_COLOUR}" text-anchor="end">'
            f"{chart_spec.BREAK_TEXT}</text></g>"
        )
    return out


def _target(target: tuple[float, str], plot: _Plot) -> str:
    ty = plot.yp(target[0])
    return (
        f'<g data-role="target"><line x1="{plot.left}" x2="{plot.end}" y1="{ty:.1f}" y2="{ty:.1f}" '
        f'stroke="{chart_spec.TARGET_COLOUR}" stroke-width="2.5" stroke-dasharray="12 7"/>'
        f'<text x="{plot.left + 6}" y="{ty - 8:.1f}" font-size="16" fill="{chart_spec.TARGET_COLOUR}">'
        f"Target: {escape(target[1])}</text></g>"
    )


def _projection(pr, plot: _Plot) -> str:
    """A dashed line from the last figure to the projected year end, ending in a hollow diamond."""
    xp, yp = plot.xp, plot.yp
    line = ""
    if pr.start is not None:
        line = (
            f'<line x1="{xp(pr.start.x):.1f}" y1="{yp(pr.start.value):.1f}" x2="{xp(pr.end.x):.1f}" '
            f'y2="{yp(pr.end.value):.1f}" stroke="{chart_spec.OURS_COLOUR}" stroke-width="3" '
            f'stroke-dasharray="{DASH[pr.dash]}"/>'
        )
    end = marker("diamond", xp(pr.end.x), yp(pr.end.value), size=15, colour=chart_spec.OURS_COLOUR, hollow=True)
    return f'<g data-role="projection" data-value="{pr.end.value!r}">{line}{_title(pr.note)}{end}</g>'


def _note_badge(m, *, cx: float, cy: float) -> str:
    """A note's number in a dark disc (white on near-black, 16:1), its words as the hover text."""
    return (
        f'<g data-role="note" data-note="{m.number}">{_title(m.listed)}<circle cx="{cx:.1f}" cy="{cy:.1f}" r="11" '
        f'fill="{INK}"/><text x="{cx:.1f}" y="{cy + 5:.1f}" font-size="15" font-weight="bold" fill="white" '
        f'text-anchor="middle">{m.number}</text></g>'
    )


def _note_lines(spec: chart_spec.ChartSpec, plot: _Plot) -> list[str]:
    """A thin dotted line down the plot at each noted point, under the series."""
    return [
        f'<line data-role="note-line" x1="{plot.xp(x):.1f}" x2="{plot.xp(x):.1f}" y1="{plot.top}" '
        f'y2="{plot.bottom}" stroke="{INK}" stroke-width="1.5" stroke-dasharray="2 4"/>'
        for x in dict.fromkeys(m.x for m in spec.notes)
    ]


def _note_badges(spec: chart_spec.ChartSpec, plot: _Plot) -> list[str]:
    """Each note's number above its point, in the gap between the legend and the plot; more notes on one point go
    down its dotted line, so no number covers another, and none leaves the drawing."""
    out, seen = [], dict[date, int]()
    for m in spec.notes:
        k = seen.get(m.x, 0)
        seen[m.x] = k + 1
        cx = min(max(plot.xp(m.x), plot.left + 12), plot.canvas - 12)
        out.append(_note_badge(m, cx=cx, cy=plot.top - 11 + 25 * k))
    return out


def _series(s, plot: _Plot, *, many: bool) -> str:
    """One series: its line, broken at definition changes, and a marker per point (hollow for demonstration)."""
    mine = s.kind == "ours"
    size = ((6 if many else 9) if len(s.points) > 24 else 13) if mine else 12
    symbol = s.style.symbol or "circle"
    points = "".join(
        f'<g data-value="{p.value!r}">{_title(p.hover)}'
        f"{marker(symbol, plot.xp(p.x), plot.yp(p.value), size=size, colour=s.style.colour, hollow=p.demonstration)}"
        f"</g>"
        for p in s.points
    )
    lines = _segment_lines(s.segments, plot.xp, plot.yp, style=s.style)
    return f'<g data-series="{escape(s.name)}" data-kind="{s.kind}">{lines}{points}</g>'


def _end_labels(ours: list, plot: _Plot) -> list[str]:
    """Each line named at its end, the labels pushed apart so none overlaps another."""
    ends = sorted(
        ((plot.yp(s.points[-1].value), plot.xp(s.points[-1].x), s) for s in ours if s.points), key=lambda e: e[:2]
    )
    placed: list[float] = []
    out = []
    for y, x, s in ends:
        y = max(y, placed[-1] + 19) if placed else y
        placed.append(y)
        out.append(
            f'<text x="{x + 12:.1f}" y="{y + 6:.1f}" font-size="16" fill="{s.style.colour}" '
            f'font-weight="bold">{escape(s.name if len(s.name) <= 24 else s.name[:23] + "…")}</text>'
        )
    return out


def line_chart(
    spec: chart_spec.ChartSpec, *, ind, plot_height: int = 300, width: int = WIDTH, compact_legend: bool = False
) -> str:
    """Lines over time: every series of the spec, the band, the median, projections, breaks and the target.

    ``plot_height`` is the height of the plotting area; the legend above it takes what it needs. ``width`` is the
    drawing's width in its own units: a narrower drawing keeps the same text larger in a narrow column (Present).
    ``compact_legend``: see _line_legend.
    """
    ours = [s for s in spec.series if s.kind == "ours"]
    longest = max((len(s.name[:24]) for s in ours), default=0) if spec.many else 0
    left, right = 80, (int(24 + 9.2 * longest) if spec.many else 30)
    legend_svg, top = _legend(_line_legend(spec, compact=compact_legend), x0=left - 60, width=width - left + 20)
    top += 22
    values = _value_range(spec)
    y_lo, y_hi, yticks = _ticks(min(values), max(values))
    days = [p.x for p in _every_point(spec)]
    plot = _Plot(
        left=left,
        right=right,
        top=top,
        bottom=top + plot_height - (TIME_TITLE_ROOM if spec.period_title else 0),
        canvas=width,
        d0=min(days),
        span_days=max((max(days) - min(days)).days, 1),
        pad=0.04 * (width - left - right),
        y_lo=y_lo,
        y_hi=y_hi,
    )
    foot = 44 + (TIME_TITLE_ROOM if spec.period_title else 0)  # the period labels, and the time axis's title
    out = [_open(spec, plot.bottom + foot, width=width), legend_svg, *_axes(spec, plot, yticks)]
    if spec.band is not None:
        out += _band(spec.band, plot)
    if spec.median is not None:
        out.append(_median(spec.median, plot))
    out += _breaks(spec, plot)
    if spec.target is not None:
        out.append(_target(spec.target, plot))
    out += [_projection(pr, plot) for pr in spec.projections]
    if spec.intervals is not None:  # under our line, so the points stay on top
        out.append(
            _error_bars(spec.intervals, ind=ind, at=lambda day, _label: plot.xp(day), scale=plot.yp, vertical=True)
        )
    out += _note_lines(spec, plot)
    out += [_series(s, plot, many=spec.many) for s in spec.series]  # comparators first, ours last, on top
    if spec.many:
        out += _end_labels(ours, plot)
    out += _note_badges(spec, plot)
    out.append("</svg>")
    return "".join(out)


def _error_bars(intervals: chart_spec.Intervals, *, ind, at, scale, vertical: bool) -> str:
    """Each 95% interval as an error bar with caps: vertical on a line chart, horizontal on a bar. ``at`` places a
    bar across the axis (None: not on this chart), ``scale`` places its limits along it."""
    parts = []
    for day, label, lo, hi in intervals.points:
        across = at(day, label)
        if across is None:
            continue
        a, b = scale(lo), scale(hi)
        d = (
            f"M{across:.1f},{a:.1f}V{b:.1f}M{across - 7:.1f},{a:.1f}H{across + 7:.1f}M{across - 7:.1f},{b:.1f}"
            f"H{across + 7:.1f}"
            if vertical
            else f"M{a:.1f},{across:.1f}H{b:.1f}M{a:.1f},{across - 5:.1f}V{across + 5:.1f}M{b:.1f},{across - 5:.1f}"
            f"V{across + 5:.1f}"
        )
        words = f"{label}: 95% confidence interval {_limit(ind, lo)} to {_limit(ind, hi)} ({intervals.method})"
        parts.append(
            f'<path data-lower="{lo!r}" data-upper="{hi!r}" d="{d}" stroke="{chart_spec.INTERVAL_COLOUR}" '
            f'stroke-width="2.5" fill="none">{_title(words)}</path>'
        )
    return f'<g data-role="interval">{"".join(parts)}</g>'


def _limit(ind, value: float) -> str:
    return formatting.value(ind, value) if ind is not None else f"{value:,.1f}"


def bar_chart(spec: chart_spec.ChartSpec, *, ind=None, width: int = WIDTH) -> str:
    """Horizontal bars, each labelled with its name and value; comparators as marked points on the same rows.
    ``width`` is the drawing's width in its own units, as for line_chart."""
    if not spec.bars:
        return ""
    label_w = min(300, 40 + 9.6 * max(len(b.label) for b in spec.bars))
    left, right, row_h = label_w, 40, 58
    legend_svg, top = "", 16.0
    items: list[LegendItem] = [(s.legend, s.style.colour, "", s.style.symbol, False) for s in spec.series]
    if spec.intervals is not None:
        items.append((spec.intervals.name, chart_spec.INTERVAL_COLOUR, "solid", None, "interval"))
    if items:
        legend_svg, top = _legend(items, x0=10, width=width - 20)
        top += 12
    height = top + row_h * len(spec.bars) + 60
    values = (
        [b.value for b in spec.bars]
        + [p.value for s in spec.series for p in s.points]
        + ([spec.target[0]] if spec.target else [])
        + [hi for _d, _l, _lo, hi in (spec.intervals.points if spec.intervals else ())]
    )
    hi = max(values) if values else 1.0
    step = _nice_step(hi * 1.1 or 1.0)
    x_hi = math.ceil(hi * 1.12 / step) * step or 1.0

    def xp(v: float) -> float:
        return left + v / x_hi * (width - left - right)

    out = [_open(spec, height, width=width), f"<defs>{_hatch(chart_spec.OURS_COLOUR)}</defs>", legend_svg]
    bottom = top + row_h * len(spec.bars)
    v = 0.0
    while v <= x_hi + 1e-9:
        out.append(
            f'<line x1="{xp(v):.1f}" x2="{xp(v):.1f}" y1="{top}" y2="{bottom}" stroke="{GRID}"/>'
            f'<text x="{xp(v):.1f}" y="{bottom + 24}" font-size="16" text-anchor="middle" fill="{INK}">'
            f"{_tick_text(v, step)}</text>"
        )
        v += step
    out.append(
        f'<text data-axis="value" x="{(left + width - right) / 2:.0f}" y="{bottom + 50}" font-size="16" '
        f'fill="{GREY}" text-anchor="middle">{escape(spec.value_title)}</text>'
    )
    for i, b in enumerate(spec.bars):
        y = top + i * row_h + 10
        w = max(xp(b.value) - left, 1)
        inside = w > 11 * len(b.text) + 16 and not b.hatched  # a figure on hatching would be hard to read
        out.append(
            f'<g data-bar="{escape(b.label)}" data-value="{b.value!r}">{_title(b.hover)}'
            f'<text x="{left - 10}" y="{y + 27}" font-size="17" text-anchor="end" fill="{INK}">'
            f'{escape(b.label)}</text><rect x="{left}" y="{y}" width="{w:.1f}" height="40" '
            f'fill="{f"url(#{_hatch_id(chart_spec.OURS_COLOUR)})" if b.hatched else b.colour}" '
            f'stroke="{b.colour}" stroke-width="2"/>'
            f'<text x="{left + 8 if inside else left + w + 8:.1f}" y="{y + 27}" font-size="18" '
            f'font-weight="bold" fill="{"white" if inside else INK}">{escape(b.text)}</text></g>'
        )
    order = {b.label: i for i, b in enumerate(spec.bars)}
    if spec.intervals is not None:
        # in the gap under each bar, clear of the bar's own figure
        out.append(
            _error_bars(
                spec.intervals,
                ind=ind,
                at=lambda _day, label: top + order[label] * row_h + 56 if label in order else None,
                scale=xp,
                vertical=False,
            )
        )
    for s in spec.series:
        out.append(
            f'<g data-series="{escape(s.name)}" data-kind="{s.kind}">'
            + "".join(
                f'<g data-value="{p.value!r}">{_title(p.hover)}'
                f"{marker(s.style.symbol or 'circle', xp(p.value), top + order[p.label] * row_h + 30, size=18, colour=s.style.colour)}</g>"
                for p in s.points
                if p.label in order
            )
            + "</g>"
        )
    if spec.target is not None:
        out.append(
            f'<g data-role="target"><line x1="{xp(spec.target[0]):.1f}" x2="{xp(spec.target[0]):.1f}" '
            f'y1="{top}" y2="{bottom}" stroke="{chart_spec.TARGET_COLOUR}" stroke-width="2.5" '
            f'stroke-dasharray="12 7"/></g>'
        )
    # a bar chart shows one period: its notes sit at the foot of the value axis, on the right
    out += [_note_badge(m, cx=width - right - 24 * k, cy=bottom + 44) for k, m in enumerate(reversed(spec.notes))]
    out.append("</svg>")
    return "".join(out)


def ranked(
    table: pl.DataFrame,
    *,
    ind,
    ours: str,
    neighbours: list[str],
    lines: dict[str, float],
    description: str,
    plot_height: int = 330,
) -> str:
    """Every council in rank order, best on the left; ours and our neighbours marked by colour, pattern and words;
    ``description`` (metrics.figures.ranking_words) is its text alternative."""
    rows = table.sort("rank").select("rank", "area_code", "area_name", "value").rows()
    if not rows:
        return ""
    # every bar reaches 3:1 on white; neighbours are also hatched and ours is also named, so colour is not alone
    kinds = {
        "ours": (OURS, "This council", False),
        "neighbour": (NEIGHBOUR, "Nearest neighbours (Oflog list)", True),
        "other": (OTHER, "Other councils", False),
    }
    legend: list[LegendItem] = [
        (name, colour, "solid", None, "hatch" if hatched else "bar") for colour, name, hatched in kinds.values()
    ]
    legend += [
        (f"{n}: {formatting.value(ind, v)}", INK, d, None, False)
        for (n, v), d in zip(lines.items(), ("dash", "dot"), strict=False)
    ]
    left, right = 80, 20
    legend_svg, top = _legend(legend, x0=20, width=WIDTH - 40)
    top += 40
    bottom = top + plot_height
    values = [r[3] for r in rows] + list(lines.values())
    lo = min(0.0, min(values))
    y_lo, y_hi, yticks = _ticks(lo, max(values))
    y_lo = 0.0 if lo == 0 else y_lo
    yticks = [t for t in yticks if t >= y_lo]
    step = yticks[1] - yticks[0] if len(yticks) > 1 else 1.0
    bar_w = (WIDTH - left - right) / len(rows)

    def yp(v: float) -> float:
        return bottom - (v - y_lo) / (y_hi - y_lo) * (bottom - top)

    out = [
        f'<svg role="img" aria-label="{escape(description)}" viewBox="0 0 {WIDTH} {bottom + 56}" width="100%" style="max-width:{WIDTH * MAX_SCALE:.0f}px" {FONT}>',
        f"<defs>{_hatch(NEIGHBOUR, size=8)}</defs>",
        legend_svg,
    ]
    for v in yticks:
        out.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{yp(v):.1f}" y2="{yp(v):.1f}" stroke="{GRID}"/>'
            f'<text x="{left - 10}" y="{yp(v) + 6:.1f}" font-size="16" text-anchor="end" fill="{INK}">'
            f"{_tick_text(v, step)}</text>"
        )
    mine = None
    for i, (rank, code, name, value) in enumerate(rows):
        kind = "ours" if code == ours else "neighbour" if code in neighbours else "other"
        colour, _n, hatched = kinds[kind]
        x = left + i * bar_w
        y = yp(max(value, y_lo))
        out.append(
            f'<rect x="{x + 0.1 * bar_w:.1f}" y="{min(y, yp(y_lo)):.1f}" width="{max(0.8 * bar_w, 1):.1f}" '
            f'height="{abs(yp(y_lo) - y):.1f}" fill="{f"url(#{_hatch_id(colour)})" if hatched else colour}"'
            f"{f' stroke={chr(34)}{colour}{chr(34)} stroke-width={chr(34)}1.5{chr(34)}' if hatched else ''}>"
            f"{_title(f'{name}: {formatting.value(ind, value)} (rank {rank})')}</rect>"
        )
        if kind == "ours":
            mine = (x + bar_w / 2, y, name, value, rank)
    for (name, value), dash in zip(lines.items(), ("dash", "dot"), strict=False):
        out.append(
            f'<line x1="{left}" x2="{WIDTH - right}" y1="{yp(value):.1f}" y2="{yp(value):.1f}" stroke="{INK}" '
            f'stroke-width="2" stroke-dasharray="{DASH[dash]}">{_title(f"{name}: {formatting.value(ind, value)}")}'
            f"</line>"
        )
    if mine is not None:
        x, y, name, value, rank = mine
        anchor = "start" if x < WIDTH / 2 else "end"
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 30}" y2="{y - 4:.1f}" stroke="{OURS}" stroke-width="2"/>'
            f'<text x="{x + (6 if anchor == "start" else -6):.1f}" y="{top - 16}" font-size="17" '
            f'font-weight="bold" fill="{OURS}" text-anchor="{anchor}">{escape(name)}: '
            f"{escape(formatting.value(ind, value))}, rank {rank} of {len(rows)}</text>"
        )
    axis = "Rank (1 = best)" if ind.direction != "neutral" else "Rank (1 = largest)"
    out.append(
        f'<text x="{left}" y="{bottom + 24}" font-size="16" fill="{INK}">1</text>'
        f'<text x="{WIDTH - right}" y="{bottom + 24}" font-size="16" fill="{INK}" text-anchor="end">'
        f'{len(rows)}</text><text x="{(left + WIDTH - right) / 2:.0f}" y="{bottom + 44}" font-size="16" '
        f'fill="{GREY}" text-anchor="middle">{axis}</text>'
    )
    out.append("</svg>")
    return "".join(out)


def draw(
    table: chart_data.ChartTable,
    *,
    plot_height: int = 300,
    intervals: bool = True,
    notes: tuple[annotated.Marker, ...] = (),
    width: int = WIDTH,
    compact_legend: bool = False,
) -> str:
    """The chart a table's view calls for, drawn from its one meaning (metrics.figures.chart_spec); "" when nothing is drawn.
    ``intervals`` off leaves out the council's 95% confidence intervals; ``notes`` are the officers' numbered notes;
    ``width`` is the drawing's width in its own units (narrower keeps the text larger in a narrow column);
    ``compact_legend`` leaves out what a slide states beside the chart (_line_legend)."""
    spec = chart_spec.build(table, intervals=intervals, notes=notes)
    return draw_spec(spec, ind=table.indicator, plot_height=plot_height, width=width, compact_legend=compact_legend)


def draw_spec(
    spec: chart_spec.ChartSpec, *, ind, plot_height: int = 300, width: int = WIDTH, compact_legend: bool = False
) -> str:
    """The chart ``spec`` describes (a line or bar chart, as its kind says); "" when it draws nothing. For a page
    that keeps the spec it built (views/data.py chart_spec_of) rather than building it again."""
    if spec.empty:
        return ""
    if spec.kind == chart_spec.LINES:
        return line_chart(spec, ind=ind, plot_height=plot_height, width=width, compact_legend=compact_legend)
    return bar_chart(spec, ind=ind, width=width)
