"""The pages' charts as inline SVG, drawn in Python: the same encodings as views.charts, no chart library to load.

Why: bench/page_bench.py measured the plotly chart component at about 0.4 s
of browser time on every page load, most of a page's cost. An SVG drawn here
costs the browser almost nothing, prints and projects sharply, and shows each
point's figure on hover through SVG <title> elements (which screen readers
also read). The meeting pack keeps plotly's figures (views.charts), exported
as images by kaleido, and the SPC and "Where we sit" charts stay in plotly.

Encodings follow views.charts: our series solid and thick, each comparator
with its own colour, dash pattern and marker shape named in the legend,
demonstration points hollow, breakdown lines labelled at their ends, the
middle half of councils as a grey band, projections dashed with an open
diamond, a dotted red line where a definition changed.
"""
from __future__ import annotations

import math
from datetime import date
from html import escape

import polars as pl

from metrics import chart_data, formatting
from views.charts import DASHES, OURS, PALETTE, STYLE, SYMBOLS

#: Drawing units across; about the column's width at 1280x720, so 17-unit text is about 17px there. On wider
#: screens the chart grows to at most MAX_SCALE times, so text stays readable from the back of a room.
WIDTH = 780
MAX_SCALE = 1.25
FONT = 'font-family="Arial, Helvetica, sans-serif"'
INK, GREY, GRID, BAND, RED = "#1d1d1b", "#3b3b3b", "#d9d9d9", "rgba(120,120,120,0.20)", "#b10e1e"
DASH = {"solid": "", "dash": "12 7", "dot": "3 6", "dashdot": "12 6 3 6", "longdash": "22 8",
        "longdashdot": "22 6 3 6"}
MEDIAN_NAME = chart_data.SPREAD_SERIES["median"]


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
        "pentagon": [(math.cos(math.radians(a)) * 1.2, math.sin(math.radians(a)) * 1.2)
                     for a in range(-90, 270, 72)],
        "star": [((1.3 if k % 2 == 0 else 0.55) * math.cos(math.radians(-90 + 36 * k)),
                  (1.3 if k % 2 == 0 else 0.55) * math.sin(math.radians(-90 + 36 * k))) for k in range(10)],
        "cross": [(-0.4, -1.1), (0.4, -1.1), (0.4, -0.4), (1.1, -0.4), (1.1, 0.4), (0.4, 0.4), (0.4, 1.1),
                  (-0.4, 1.1), (-0.4, 0.4), (-1.1, 0.4), (-1.1, -0.4), (-0.4, -0.4)],
    }
    if symbol == "x":
        return (f'<path d="M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}M{x - r:.1f},{y + r:.1f}L{x + r:.1f},'
                f'{y - r:.1f}" stroke="{colour}" stroke-width="3.5" fill="none"/>')
    points = " ".join(f"{x + dx * r:.1f},{y + dy * r:.1f}" for dx, dy in corners.get(symbol, corners["diamond"]))
    return f'<polygon points="{points}" {style}/>'


def _legend(items: list[tuple[str, str, str, str | None, bool]], *, x0: float, width: float) -> tuple[str, float]:
    """Legend entries (name, colour, dash, symbol, is a band) laid out in rows; returns the SVG and its height."""
    parts, x, y = [], x0, 22
    for name, colour, dash, symbol, band in items:
        w = 50 + 8.4 * len(name)
        if x + w > x0 + width and x > x0:
            x, y = x0, y + 28
        if band:
            parts.append(f'<rect x="{x:.0f}" y="{y - 9}" width="40" height="16" fill="{BAND}"/>')
        else:
            parts.append(f'<line x1="{x:.0f}" x2="{x + 40:.0f}" y1="{y}" y2="{y}" stroke="{colour}" stroke-width="3.5" '
                         f'stroke-dasharray="{DASH.get(dash, "")}"/>')
            if symbol:
                parts.append(marker(symbol, x + 20, y, size=11, colour=colour))
        parts.append(f'<text x="{x + 48:.0f}" y="{y + 6}" font-size="16" fill="{INK}">{escape(name)}</text>')
        x += w + 14
    return "".join(parts), y + 18


def _title(text: str) -> str:
    return f"<title>{escape(text)}</title>"


def _point_title(ind, series: str, label: str, value: float, demo: bool, source: str) -> str:
    return _title(f"{series}, {label}: {formatting.value(ind, value)}" + (" (demonstration data)" if demo else "")
                  + (f". Source: {source[:120]}" if source else ""))


def over_time(table: chart_data.ChartTable, *, plot_height: int = 300) -> str:
    """Lines over time: our series (or one per breakdown category), every comparator, the band, projections.

    ``plot_height`` is the height of the plotting area; the legend above it takes what it needs.
    """
    ind, drawn = table.indicator, table.drawn
    if table.breakdown_dim is None and drawn["period_label"].n_unique() == 1:
        return comparison_bars(table)
    ours = drawn.filter(pl.col("kind") == "ours")
    many = table.breakdown_dim is not None
    names = list(dict.fromkeys(ours["series"].to_list()))
    legend: list[tuple[str, str, str, str | None, bool]] = []
    styles: dict[str, tuple[str, str, str]] = {}
    for i, name in enumerate(names):
        styles[name] = ((PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)], SYMBOLS[i % len(SYMBOLS)]) if many
                        else (OURS, "solid", "circle"))
        label = name + (" (hollow points: demonstration data)" if not many and ours["demonstration"].any() else "")
        legend.append((label, *styles[name], False))
    theirs = drawn.filter(pl.col("kind").is_in(list(STYLE)))
    for kind, (colour, dash, symbol) in STYLE.items():
        for name in dict.fromkeys(theirs.filter(pl.col("kind") == kind)["series"].to_list()):
            styles[name] = (colour, dash, symbol)
            legend.append((name, colour, dash, symbol, False))
    spread = drawn.filter(pl.col("kind") == "spread")
    if spread.height:
        legend.append(("Middle half of councils (25th to 75th percentile)", GREY, "solid", None, True))
        legend.append((MEDIAN_NAME, "#6f6f6f", "dot", None, False))
    projected = drawn.filter(pl.col("kind") == "projection")
    for i, name in enumerate(dict.fromkeys(projected["series"].to_list())):
        legend.append((name, OURS, "dash" if i == 0 else "dot", "diamond", False))

    longest = max((len(n[:24]) for n in names), default=0) if many else 0
    left, right = 80, (int(24 + 9.2 * longest) if many else 30)
    legend_svg, top = _legend(legend, x0=left - 60, width=WIDTH - left + 20)
    top += 22
    bottom = top + plot_height
    height = bottom + 44
    values = drawn["value"].to_list() + ([ind.target] if ind.target is not None else [])
    y_lo, y_hi, yticks = _ticks(min(values), max(values))
    step = yticks[1] - yticks[0] if len(yticks) > 1 else 1.0
    days = drawn["period_end"].to_list()
    d0, d1 = min(days), max(days)
    span_days = max((d1 - d0).days, 1)
    plot_w = WIDTH - left - right
    pad = 0.04 * plot_w

    def xp(day: date) -> float:
        return left + pad + (day - d0).days / span_days * (plot_w - 2 * pad)

    def yp(v: float) -> float:
        return bottom - (v - y_lo) / (y_hi - y_lo) * (bottom - top)

    out = [f'<svg role="img" aria-label="{escape(_summary(table))}" viewBox="0 0 {WIDTH} {height}" width="100%" '
           f'style="max-width:{WIDTH * MAX_SCALE:.0f}px" {FONT}>', legend_svg]
    for v in yticks:
        out.append(f'<line x1="{left}" x2="{WIDTH - right}" y1="{yp(v):.1f}" y2="{yp(v):.1f}" stroke="{GRID}"/>'
                   f'<text x="{left - 10}" y="{yp(v) + 6:.1f}" font-size="17" text-anchor="end" fill="{INK}">'
                   f'{_tick_text(v, step)}</text>')
    out.append(f'<text x="18" y="{(top + bottom) / 2:.0f}" font-size="16" fill="{GREY}" text-anchor="middle" '
               f'transform="rotate(-90 18 {(top + bottom) / 2:.0f})">{escape(ind.unit)}</text>')
    points = drawn.select("period_end", "period_label").unique().sort("period_end")
    widest = 8.8 * max(len(lab) for lab in points["period_label"].to_list()) + 16
    room = max(2, int((plot_w - 2 * pad) / widest) + 1)  # labels that fit side by side without touching
    every = max(1, math.ceil(points.height / room))
    if points.height <= room:
        shown = points
    elif points.height <= 16:  # every k-th label, always keeping the latest
        shown = points.filter(pl.int_range(pl.len()).reverse() % every == 0)
    else:  # long monthly series: one label a year, at January, as the year
        years = sorted({d.year for d in points["period_end"].to_list()})
        step_years = max(1, math.ceil(len(years) / 7))
        shown = pl.DataFrame({"period_end": [date(y, 1, 1) for y in years[::step_years] if d0 <= date(y, 1, 1) <= d1],
                              "period_label": [str(y) for y in years[::step_years] if d0 <= date(y, 1, 1) <= d1]})
    for day, label in shown.iter_rows():
        out.append(f'<text x="{xp(day):.1f}" y="{bottom + 30}" font-size="16" text-anchor="middle" fill="{INK}">'
                   f'{escape(label)}</text>')
    if spread.height:
        q1 = spread.filter(pl.col("series") == chart_data.SPREAD_SERIES["q1"]).sort("period_end")
        q3 = spread.filter(pl.col("series") == chart_data.SPREAD_SERIES["q3"]).sort("period_end")
        band = [(xp(d), yp(v)) for d, v in q3.select("period_end", "value").iter_rows()]
        band += [(xp(d), yp(v)) for d, v in reversed(q1.select("period_end", "value").rows())]
        out.append(f'<polygon points="{" ".join(f"{a:.1f},{b:.1f}" for a, b in band)}" fill="{BAND}">'
                   f'{_title("Middle half of councils (25th to 75th percentile)")}</polygon>')
        med = spread.filter(pl.col("series") == MEDIAN_NAME).sort("period_end")
        out.append(_polyline(med, xp, yp, colour="#6f6f6f", dash="dot", width=2.5))
        out += [f'<circle cx="{xp(d):.1f}" cy="{yp(v):.1f}" r="9" fill="transparent">'
                f'{_point_title(ind, MEDIAN_NAME, lab, v, False, "")}</circle>'
                for d, lab, v in med.select("period_end", "period_label", "value").iter_rows()]
    breaks = drawn.filter(pl.col("note").str.contains("not comparable with earlier").fill_null(False)).sort("period_end")
    if breaks.height:
        bx = xp(breaks["period_end"][0]) - 0.5 * (plot_w - 2 * pad) / max(points.height - 1, 1)
        out.append(f'<line x1="{bx:.1f}" x2="{bx:.1f}" y1="{top}" y2="{bottom}" stroke="{RED}" stroke-width="2.5" '
                   f'stroke-dasharray="3 5"/><text x="{bx - 6:.1f}" y="{top + 16}" font-size="15" fill="{RED}" '
                   f'text-anchor="end">Definition changed: not comparable</text>')
    if ind.target is not None:
        ty = yp(ind.target)
        out.append(f'<line x1="{left}" x2="{WIDTH - right}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="{RED}" '
                   f'stroke-width="2.5" stroke-dasharray="12 7"/><text x="{left + 6}" y="{ty - 8:.1f}" font-size="16" '
                   f'fill="{RED}">Target: {escape(str(ind.target_text or ind.target))}</text>')
    for name in [n for n in styles if n not in names]:  # comparators under our line
        s = theirs.filter(pl.col("series") == name).sort("period_end")
        colour, dash, symbol = styles[name]
        out.append(_polyline(s, xp, yp, colour=colour, dash=dash, width=3))
        out += [f'<g>{_point_title(ind, name, lab, v, False, src)}{marker(symbol, xp(d), yp(v), size=12, colour=colour)}'
                f'</g>' for d, lab, v, src in s.select("period_end", "period_label", "value", "source").iter_rows()]
    actual = ours.sort("period_end")
    for i, (name, day, value, note) in enumerate(projected.select("series", "period_end", "value", "note").iter_rows()):
        start = actual.row(-1, named=True) if actual.height else None
        if start:
            out.append(f'<line x1="{xp(start["period_end"]):.1f}" y1="{yp(start["value"]):.1f}" x2="{xp(day):.1f}" '
                       f'y2="{yp(value):.1f}" stroke="{OURS}" stroke-width="3" '
                       f'stroke-dasharray="{DASH["dash" if i == 0 else "dot"]}"/>')
        out.append(f'<g>{_title(note or name)}{marker("diamond", xp(day), yp(value), size=15, colour=OURS, hollow=True)}'
                   f'</g>')
    for name in names:
        s = ours.filter(pl.col("series") == name).sort("period_end")
        colour, dash, symbol = styles[name]
        out.append(_polyline(s, xp, yp, colour=colour, dash=dash, width=3.5 if many else 4.5))
        size = (6 if many else 9) if s.height > 24 else 13
        out += [f'<g>{_point_title(ind, name, lab, v, demo, src)}'
                f'{marker(symbol, xp(d), yp(v), size=size, colour=colour, hollow=demo)}</g>'
                for d, lab, v, demo, src in s.select("period_end", "period_label", "value", "demonstration",
                                                    "source").iter_rows()]
    if many:  # each line named at its end, labels pushed apart so none overlaps another
        ends = [(yp(s["value"][-1]), xp(s["period_end"][-1]), name) for name in names
                if (s := ours.filter(pl.col("series") == name).sort("period_end")).height]
        placed: list[float] = []
        for y, x, name in sorted(ends):
            y = max(y, placed[-1] + 19) if placed else y
            placed.append(y)
            out.append(f'<text x="{x + 12:.1f}" y="{y + 6:.1f}" font-size="16" fill="{styles[name][0]}" '
                       f'font-weight="bold">{escape(name if len(name) <= 24 else name[:23] + "…")}</text>')
    out.append("</svg>")
    return "".join(out)


def _polyline(frame: pl.DataFrame, xp, yp, *, colour: str, dash: str, width: float) -> str:
    pts = " ".join(f"{xp(d):.1f},{yp(v):.1f}" for d, v in frame.select("period_end", "value").iter_rows())
    return (f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="{width}" '
            f'stroke-dasharray="{DASH.get(dash, "")}" stroke-linejoin="round"/>')


def _summary(table: chart_data.ChartTable) -> str:
    ind = table.indicator
    ours = table.drawn.filter(pl.col("kind") == "ours").sort("period_end")
    text = f"Chart of {ind.title} for {table.area_name}" + (f" by {table.breakdown_dim}" if table.breakdown_dim else "")
    if ours.height:
        text += f", {ours['period_label'][0]} to {ours['period_label'][-1]}. The data table below lists every point."
    return text


def _bars(rows: list[tuple[str, float, str, bool, str]], *, ind, axis_title: str, markers: pl.DataFrame | None = None,
          target: float | None = None) -> str:
    """Horizontal bars (label, value, colour, hatched, hover) with optional comparator markers per row."""
    if not rows:
        return ""
    label_w = min(300, 40 + 9.6 * max(len(r[0]) for r in rows))
    left, right, row_h = label_w, 40, 58
    legend_svg, top = "", 16
    if markers is not None and markers.height:
        items = [(n, STYLE[k][0], "solid", STYLE[k][2], False)
                 for k, n in markers.select("kind", "series").unique(maintain_order=True).iter_rows()]
        legend_svg, top = _legend([(n, c, "", s, False) for n, c, _d, s, _b in items], x0=10, width=WIDTH - 20)
        top += 12
    height = top + row_h * len(rows) + 60
    values = [r[1] for r in rows] + ([] if markers is None else markers["value"].to_list()) + \
        ([target] if target is not None else [])
    hi = max(values) if values else 1.0
    step = _nice_step(hi * 1.1 or 1.0)
    x_hi = math.ceil(hi * 1.12 / step) * step or 1.0

    def xp(v: float) -> float:
        return left + v / x_hi * (WIDTH - left - right)

    out = [f'<svg role="img" aria-label="{escape(axis_title)}: bar chart; the data table below lists every value" '
           f'viewBox="0 0 {WIDTH} {height}" width="100%" style="max-width:{WIDTH * MAX_SCALE:.0f}px" {FONT}>',
           '<defs><pattern id="hatch" width="10" height="10" patternUnits="userSpaceOnUse" '
           'patternTransform="rotate(45)"><rect width="10" height="10" fill="#005EB8"/>'
           '<line x1="0" y1="0" x2="0" y2="10" stroke="white" stroke-width="4"/></pattern></defs>', legend_svg]
    bottom = top + row_h * len(rows)
    v = 0.0
    while v <= x_hi + 1e-9:
        out.append(f'<line x1="{xp(v):.1f}" x2="{xp(v):.1f}" y1="{top}" y2="{bottom}" stroke="{GRID}"/>'
                   f'<text x="{xp(v):.1f}" y="{bottom + 24}" font-size="16" text-anchor="middle" fill="{INK}">'
                   f'{_tick_text(v, step)}</text>')
        v += step
    out.append(f'<text x="{(left + WIDTH - right) / 2:.0f}" y="{bottom + 50}" font-size="16" fill="{GREY}" '
               f'text-anchor="middle">{escape(axis_title)}</text>')
    for i, (label, value, colour, hatched, hover) in enumerate(rows):
        y = top + i * row_h + 10
        w = max(xp(value) - left, 1)
        text = formatting.value(ind, value)
        inside = w > 11 * len(text) + 16
        out.append(f'<g>{_title(hover)}<text x="{left - 10}" y="{y + 27}" font-size="17" text-anchor="end" '
                   f'fill="{INK}">{escape(label)}</text><rect x="{left}" y="{y}" width="{w:.1f}" height="40" '
                   f'fill="{"url(#hatch)" if hatched else colour}"/>'
                   f'<text x="{left + 8 if inside else left + w + 8:.1f}" y="{y + 27}" font-size="18" '
                   f'font-weight="bold" fill="{"white" if inside else INK}">{escape(text)}</text></g>')
    if markers is not None:
        order = {r[0]: i for i, r in enumerate(rows)}
        for kind, name, cat, value, src in markers.select("kind", "series", "breakdown_cat", "value",
                                                           "source").iter_rows():
            if cat in order:
                y = top + order[cat] * row_h + 30
                out.append(f'<g>{_point_title(ind, name, cat, value, False, src)}'
                           f'{marker(STYLE[kind][2], xp(value), y, size=18, colour=STYLE[kind][0])}</g>')
    if target is not None:
        out.append(f'<line x1="{xp(target):.1f}" x2="{xp(target):.1f}" y1="{top}" y2="{bottom}" stroke="{RED}" '
                   f'stroke-width="2.5" stroke-dasharray="12 7"/>')
    out.append("</svg>")
    return "".join(out)


def comparison_bars(table: chart_data.ChartTable) -> str:
    """One period, no breakdown: a bar for us and for each comparator, each labelled with its name and value."""
    ind, drawn = table.indicator, table.drawn
    rows = [(series, value, OURS if kind == "ours" else STYLE.get(kind, ("#6f6f6f",))[0], demo,
             f"{series}, {label}: {formatting.value(ind, value)}" + (" (demonstration data)" if demo else ""))
            for series, kind, label, value, demo in drawn.filter(pl.col("kind") != "spread")
            .select("series", "kind", "period_label", "value", "demonstration").iter_rows()]
    label = drawn["period_label"][0] if drawn.height else ""
    return _bars(rows, ind=ind, axis_title=f"{ind.unit}, {label}", target=ind.target)


def one_period(table: chart_data.ChartTable) -> str:
    """Bars for each category in one period, largest at the top; comparators as marked points on the same rows."""
    ind, drawn = table.indicator, table.drawn
    ours = drawn.filter(pl.col("kind") == "ours").sort("value", descending=True)
    rows = [(cat, value, OURS, demo, f"{cat}, {label}: {formatting.value(ind, value)}"
             + (" (demonstration data)" if demo else ""))
            for cat, label, value, demo in ours.select("breakdown_cat", "period_label", "value",
                                                       "demonstration").iter_rows()]
    if not rows:
        return ""
    marks = drawn.filter(pl.col("kind").is_in(list(STYLE)))
    return _bars(rows, ind=ind, axis_title=f"{ind.unit}, {table.period_label or ''}", markers=marks,
                 target=ind.target)


def ranked(table: pl.DataFrame, *, ind, ours: str, neighbours: list[str], lines: dict[str, float],
           plot_height: int = 330) -> str:
    """Every council in rank order, best on the left; ours and our neighbours marked by colour, pattern and words."""
    rows = table.sort("rank").select("rank", "area_code", "area_name", "value").rows()
    if not rows:
        return ""
    kinds = {"ours": (OURS, "This council", False), "neighbour": ("#c98a2b", "Nearest neighbours (Oflog list)", True),
             "other": ("#b7b7b7", "Other councils", False)}
    legend = [(name, colour, "solid", "square", False) for colour, name, _h in kinds.values()]
    legend += [(f"{n}: {formatting.value(ind, v)}", INK, d, None, False) for (n, v), d in zip(lines.items(),
                                                                                           ("dash", "dot"))]
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

    out = [f'<svg role="img" aria-label="{escape(ind.title)}: every council in rank order; the data table below lists '
           f'them" viewBox="0 0 {WIDTH} {bottom + 56}" width="100%" style="max-width:{WIDTH * MAX_SCALE:.0f}px" {FONT}>',
           '<defs><pattern id="nhatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
           '<rect width="8" height="8" fill="#c98a2b"/><line x1="0" y1="0" x2="0" y2="8" stroke="white" '
           'stroke-width="3"/></pattern></defs>', legend_svg]
    for v in yticks:
        out.append(f'<line x1="{left}" x2="{WIDTH - right}" y1="{yp(v):.1f}" y2="{yp(v):.1f}" stroke="{GRID}"/>'
                   f'<text x="{left - 10}" y="{yp(v) + 6:.1f}" font-size="16" text-anchor="end" fill="{INK}">'
                   f'{_tick_text(v, step)}</text>')
    mine = None
    for i, (rank, code, name, value) in enumerate(rows):
        kind = "ours" if code == ours else "neighbour" if code in neighbours else "other"
        colour, _n, hatched = kinds[kind]
        x = left + i * bar_w
        y = yp(max(value, y_lo))
        out.append(f'<rect x="{x + 0.1 * bar_w:.1f}" y="{min(y, yp(y_lo)):.1f}" width="{max(0.8 * bar_w, 1):.1f}" '
                   f'height="{abs(yp(y_lo) - y):.1f}" fill="{"url(#nhatch)" if hatched else colour}">'
                   f'{_title(f"{name}: {formatting.value(ind, value)} (rank {rank})")}</rect>')
        if kind == "ours":
            mine = (x + bar_w / 2, y, name, value, rank)
    for (name, value), dash in zip(lines.items(), ("dash", "dot")):
        out.append(f'<line x1="{left}" x2="{WIDTH - right}" y1="{yp(value):.1f}" y2="{yp(value):.1f}" stroke="{INK}" '
                   f'stroke-width="2" stroke-dasharray="{DASH[dash]}">{_title(f"{name}: {formatting.value(ind, value)}")}'
                   f'</line>')
    if mine is not None:
        x, y, name, value, rank = mine
        anchor = "start" if x < WIDTH / 2 else "end"
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 30}" y2="{y - 4:.1f}" stroke="{OURS}" stroke-width="2"/>'
                   f'<text x="{x + (6 if anchor == "start" else -6):.1f}" y="{top - 16}" font-size="17" '
                   f'font-weight="bold" fill="{OURS}" text-anchor="{anchor}">{escape(name)}: '
                   f'{escape(formatting.value(ind, value))}, rank {rank} of {len(rows)}</text>')
    axis = "Rank (1 = best)" if ind.direction != "neutral" else "Rank (1 = largest)"
    out.append(f'<text x="{left}" y="{bottom + 24}" font-size="16" fill="{INK}">1</text>'
               f'<text x="{WIDTH - right}" y="{bottom + 24}" font-size="16" fill="{INK}" text-anchor="end">'
               f'{len(rows)}</text><text x="{(left + WIDTH - right) / 2:.0f}" y="{bottom + 44}" font-size="16" '
               f'fill="{GREY}" text-anchor="middle">{axis}</text>')
    out.append("</svg>")
    return "".join(out)


def draw(table: chart_data.ChartTable, *, plot_height: int = 300) -> str:
    """The chart a table's view calls for: lines over time, or one period's bars."""
    if table.view == chart_data.OVER_TIME:
        return over_time(table, plot_height=plot_height)
    return one_period(table)
