"""Plotly figures for the chart tables built by metrics.chart_data.

Readable on a projector: large type, thick lines. Meaning never rests on
colour alone: every comparator has its own dash pattern and marker shape and
is named in the legend; breakdown lines are labelled at their ends;
demonstration points are drawn hollow and say so in the hover text.
"""
from __future__ import annotations

import base64
import html
import re

import plotly.graph_objects as go
import polars as pl

from metrics import chart_data, formatting

FONT = dict(family="Arial, Helvetica, sans-serif", size=18, color="#1d1d1b")
OURS = "#005EB8"
STYLE = {  # kind -> (colour, dash, marker)
    "england": ("#231f20", "dash", "square"),
    "region": ("#6d4c9f", "dot", "diamond"),
    "neighbours": ("#8a5300", "dashdot", "triangle-up"),
    "group": ("#00703c", "longdash", "star"),
}
#: Okabe-Ito, safe for colour-blind readers, for breakdown categories.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid", "dash")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross", "pentagon")
CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"], "responsive": True}


def _layout(fig: go.Figure, *, height: int = 480, y_title: str = "") -> go.Figure:
    fig.update_layout(
        template="plotly_white", font=FONT, height=height, margin=dict(l=10, r=30, t=70, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0, font=dict(size=17)),
        hoverlabel=dict(font_size=17), yaxis_title=y_title,
    )
    fig.update_xaxes(tickfont=dict(size=16, color="#1d1d1b"), showgrid=False)
    fig.update_yaxes(tickfont=dict(size=17, color="#1d1d1b"), gridcolor="#d9d9d9", zeroline=False)
    return fig


def _hover(ind, frame: pl.DataFrame) -> list[str]:
    out = []
    for series, label, value, demo, source in frame.select("series", "period_label", "value", "demonstration",
                                                           "source").iter_rows():
        tag = "<br><b>Demonstration data</b>" if demo else ""
        out.append(f"<b>{series}</b><br>{label}: {formatting.value(ind, value)}{tag}<br><i>{source[:90]}</i>")
    return out


def _x_axis(fig: go.Figure, frame: pl.DataFrame) -> None:
    points = frame.select("period_end", "period_label").unique().sort("period_end")
    if points.height <= 16:
        fig.update_xaxes(tickvals=points["period_end"].to_list(), ticktext=points["period_label"].to_list())
    else:
        fig.update_xaxes(tickformat="%b %Y", nticks=10)


def _pad(fig: go.Figure, values: list[float], *, axis: str = "y") -> None:
    lo, hi = min(values), max(values)
    span = (hi - lo) or abs(hi) or 1.0
    rng = [lo - 0.12 * span, hi + 0.12 * span]
    (fig.update_yaxes if axis == "y" else fig.update_xaxes)(range=rng)


def comparison_bars(table: chart_data.ChartTable) -> go.Figure:
    """One period, no breakdown: a bar for us and for each comparator, each labelled with its name and value."""
    ind, drawn = table.indicator, table.drawn
    rows = drawn.select("series", "kind", "value", "demonstration").reverse()
    colours = [OURS if k == "ours" else STYLE.get(k, ("#6f6f6f",))[0] for k in rows["kind"].to_list()]
    fig = go.Figure(go.Bar(
        y=rows["series"].to_list(), x=rows["value"].to_list(), orientation="h", marker=dict(color=colours),
        text=[formatting.value(ind, v) for v in rows["value"].to_list()], textposition="inside",
        insidetextanchor="start", textfont=dict(size=18, color="white"),
        hovertext=_hover(ind, drawn.reverse()), hoverinfo="text", showlegend=False))
    label = drawn["period_label"][0] if drawn.height else ""
    fig.update_xaxes(title=f"{ind.unit}, {label}", range=[0, max(rows["value"].max() * 1.1, ind.target or 0)])
    fig = _layout(fig, height=max(240, 70 + 70 * rows.height))
    return fig.update_layout(margin=dict(t=20))


def over_time(table: chart_data.ChartTable) -> go.Figure:
    """Lines over time: our series (or one per breakdown category) and every comparator.

    With a single period and no breakdown, a line has nothing to join: draw comparison bars instead.
    """
    ind, drawn = table.indicator, table.drawn
    if table.breakdown_dim is None and drawn["period_label"].n_unique() == 1:
        return comparison_bars(table)
    fig = go.Figure()
    ours = drawn.filter(pl.col("kind") == "ours")
    names = list(dict.fromkeys(ours["series"].to_list()))
    many = table.breakdown_dim is not None
    for i, name in enumerate(names):
        s = ours.filter(pl.col("series") == name).sort("period_end")
        colour = PALETTE[i % len(PALETTE)] if many else OURS
        symbol = SYMBOLS[i % len(SYMBOLS)] if many else "circle"
        demo = s["demonstration"].to_list()
        label = name + (" (hollow points: demonstration data)" if any(demo) and not many else "")
        fig.add_trace(go.Scatter(
            x=s["period_end"].to_list(), y=s["value"].to_list(), name=label, mode="lines+markers",
            line=dict(color=colour, width=4 if not many else 3, dash=DASHES[i % len(DASHES)] if many else "solid"),
            marker=dict(size=9 if s.height > 24 else 12, color=colour, line=dict(width=2, color=colour),
                        symbol=[f"{symbol}-open" if d else symbol for d in demo]),
            hovertext=_hover(ind, s), hoverinfo="text"))
        if many and len(names) <= 8 and s.height:
            fig.add_annotation(x=s["period_end"][-1], y=s["value"][-1], text=f" {name}", showarrow=False,
                               xanchor="left", font=dict(size=15, color=colour))
    for kind, (colour, dash, symbol) in STYLE.items():
        theirs = drawn.filter(pl.col("kind") == kind)
        for name in dict.fromkeys(theirs["series"].to_list()):
            s = theirs.filter(pl.col("series") == name).sort("period_end")
            fig.add_trace(go.Scatter(
                x=s["period_end"].to_list(), y=s["value"].to_list(), name=name, mode="lines+markers",
                line=dict(color=colour, width=3, dash=dash), marker=dict(size=12, symbol=symbol, color=colour),
                hovertext=_hover(ind, s), hoverinfo="text"))
    projected = drawn.filter(pl.col("kind") == "projection")
    actual = ours.sort("period_end")
    for i, (name, day, value, note) in enumerate(projected.select("series", "period_end", "value", "note").iter_rows()):
        start = actual.row(-1, named=True) if actual.height else None
        xs = ([start["period_end"]] if start else []) + [day]
        ys = ([start["value"]] if start else []) + [value]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines+markers", name=name,
                                 line=dict(color=OURS, width=3, dash="dash" if i == 0 else "dot"),
                                 marker=dict(size=[0] * (len(xs) - 1) + [14], symbol="diamond-open", color=OURS),
                                 hovertext=[""] * (len(xs) - 1) + [note], hoverinfo="text"))
    spread = drawn.filter(pl.col("kind") == "spread")
    if spread.height:
        q1 = spread.filter(pl.col("series") == chart_data.SPREAD_SERIES["q1"]).sort("period_end")
        q3 = spread.filter(pl.col("series") == chart_data.SPREAD_SERIES["q3"]).sort("period_end")
        med = spread.filter(pl.col("series") == chart_data.SPREAD_SERIES["median"]).sort("period_end")
        fig.add_trace(go.Scatter(x=q1["period_end"].to_list(), y=q1["value"].to_list(), mode="lines",
                                 line=dict(width=0), showlegend=False, hoverinfo="skip"))
        fig.add_trace(go.Scatter(x=q3["period_end"].to_list(), y=q3["value"].to_list(), mode="lines",
                                 line=dict(width=0), fill="tonexty", fillcolor="rgba(120,120,120,0.18)",
                                 name="Middle half of councils (25th to 75th percentile)",
                                 hovertext=[f"Middle half of councils: {formatting.value(ind, a)} to "
                                            f"{formatting.value(ind, b)}" for a, b in zip(q1["value"], q3["value"])],
                                 hoverinfo="text"))
        fig.add_trace(go.Scatter(x=med["period_end"].to_list(), y=med["value"].to_list(), mode="lines",
                                 name="Median of all councils", line=dict(color="#6f6f6f", width=2, dash="dot"),
                                 hovertext=_hover(ind, med), hoverinfo="text"))
        # draw the band underneath everything else
        fig.data = fig.data[-3:] + fig.data[:-3]
    breaks = drawn.filter(pl.col("note").str.contains("not comparable with earlier").fill_null(False)).sort("period_end")
    if breaks.height:
        fig.add_vline(x=breaks["period_end"][0], line=dict(color="#b10e1e", width=2, dash="dot"))
        fig.add_annotation(x=breaks["period_end"][0], y=1.0, yref="paper", text="Definition changed: not comparable",
                           showarrow=False, xanchor="right", yanchor="bottom", font=dict(size=15, color="#b10e1e"))
    if ind.target is not None:
        fig.add_hline(y=ind.target, line=dict(color="#b10e1e", width=2, dash="dash"),
                      annotation_text=f"Target: {ind.target_text or ind.target}", annotation_position="top left",
                      annotation_font=dict(size=16, color="#b10e1e"))
    _x_axis(fig, drawn)
    _pad(fig, drawn["value"].to_list() + ([ind.target] if ind.target is not None else []))
    if many:
        fig.update_layout(margin=dict(r=220))
    return _layout(fig, y_title=ind.unit)


def one_period(table: chart_data.ChartTable) -> go.Figure:
    """Horizontal bars for each category in one period, comparators as marked points on the same rows."""
    ind, drawn = table.indicator, table.drawn
    ours = drawn.filter(pl.col("kind") == "ours").sort("value")
    order = ours["breakdown_cat"].to_list()
    fig = go.Figure(go.Bar(
        y=order, x=ours["value"].to_list(), orientation="h", name=table.area_name,
        marker=dict(color=OURS, pattern=dict(shape=["/" if d else "" for d in ours["demonstration"].to_list()])),
        text=[formatting.value(ind, v) for v in ours["value"].to_list()], textposition="inside",
        insidetextanchor="start", textfont=dict(size=18, color="white"), hovertext=_hover(ind, ours),
        hoverinfo="text", cliponaxis=False))
    for kind, (colour, _dash, symbol) in STYLE.items():
        theirs = drawn.filter(pl.col("kind") == kind)
        for name in dict.fromkeys(theirs["series"].to_list()):
            s = theirs.filter(pl.col("series") == name)
            fig.add_trace(go.Scatter(y=s["breakdown_cat"].to_list(), x=s["value"].to_list(), name=name, mode="markers",
                                     marker=dict(size=18, symbol=symbol, color=colour, line=dict(width=2, color="white")),
                                     hovertext=_hover(ind, s), hoverinfo="text"))
    if ind.target is not None:
        fig.add_vline(x=ind.target, line=dict(color="#b10e1e", width=2, dash="dash"),
                      annotation_text=f"Target: {ind.target_text or ind.target}", annotation_font=dict(size=16))
    fig.update_yaxes(categoryorder="array", categoryarray=order, automargin=True)
    top = max(drawn["value"].max() or 0, ind.target or 0)
    fig.update_xaxes(range=[0, top * 1.18 if top else 1], title=ind.unit)
    return _layout(fig, height=max(320, 90 + 70 * len(order)))


def sparkline_svg(frame: pl.DataFrame, *, width: int = 300, height: int = 52) -> str:
    """A small trend line as inline SVG: no chart library to load on a page of tiles."""
    s = frame.filter(pl.col("value").is_not_null()).sort("period_end")
    values = s["value"].to_list()
    if len(values) < 2:
        return ""
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    step = (width - 8) / (len(values) - 1)
    points = [(4 + i * step, height - 4 - (v - lo) / span * (height - 8)) for i, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    first, last = s["period_label"][0], s["period_label"][-1]
    x, y = points[-1]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Trend from {html.escape(first)} to '
            f'{html.escape(last)}" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
            f'<polyline fill="none" stroke="{OURS}" stroke-width="3" points="{path}"/>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{OURS}"/></svg>')


def sparkline_img(frame: pl.DataFrame) -> str:
    """The sparkline as an <img> of SVG, with its trend as alt text: st.html keeps images, where it drops inline SVG."""
    svg = sparkline_svg(frame)
    if not svg:
        return ""
    label = re.search(r'aria-label="([^"]*)"', svg).group(1)
    data_uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img class="spark" alt="{label}" src="{data_uri}">'


SPC_STYLE = {  # point type -> (colour, legend name)
    "common cause": ("#7f7f7f", "Common cause"),
    "improvement": ("#0072b2", "Special cause: improvement"),
    "concern": ("#e07b00", "Special cause: concern"),
    "neutral": ("#6a3d9a", "Special cause: neither good nor bad"),
}


def _segmented(frame: pl.DataFrame, column: str) -> tuple[list, list]:
    """x and y for a line that breaks between segments."""
    xs, ys, last = [], [], None
    for x, y, seg in frame.select("period_end", column, "segment").iter_rows():
        if last is not None and seg != last:
            xs.append(None)
            ys.append(None)
        xs.append(x)
        ys.append(y)
        last = seg
    return xs, ys


def spc_chart(points: pl.DataFrame, *, ind, changes: pl.DataFrame) -> go.Figure:
    """An XmR chart: the series, its mean, process limits and two-sigma lines, points marked by type.

    Special-cause points are triangles pointing the way they are unusual, in
    Making Data Count's colours and named in the legend; common cause points
    are grey circles.
    """
    fig = go.Figure()
    for column, name, style in (("upper", "Process limits", dict(color="#231f20", width=2, dash="dash")),
                                ("lower", None, dict(color="#231f20", width=2, dash="dash")),
                                ("mean", "Mean", dict(color="#231f20", width=2)),
                                ("upper_two_sigma", "Two-sigma lines", dict(color="#9e9e9e", width=1, dash="dot")),
                                ("lower_two_sigma", None, dict(color="#9e9e9e", width=1, dash="dot"))):
        xs, ys = _segmented(points, column)
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name=name or column, showlegend=name is not None,
                                 legendgroup=name or column.replace("lower", "upper"), line=style, hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=points["period_end"].to_list(), y=points["value"].to_list(), mode="lines",
                             line=dict(color="#b0b0b0", width=2), showlegend=False, hoverinfo="skip"))
    for kind, (colour, name) in SPC_STYLE.items():
        part = points.filter(pl.col("point_type") == kind)
        if part.height == 0:
            continue
        symbols = ["triangle-up" if s > 0 else "triangle-down" if s < 0 else "circle" for s in part["side"].to_list()]
        hover = [f"<b>{label}</b>: {formatting.value(ind, v)}<br>{name}" + (f" ({rule})" if rule else "")
                 + ("<br><b>Demonstration data</b>" if demo else "")
                 for label, v, rule, demo in part.select("period_label", "value", "rule", "demonstration").iter_rows()]
        fig.add_trace(go.Scatter(x=part["period_end"].to_list(), y=part["value"].to_list(), mode="markers",
                                 name=name, marker=dict(color=colour, size=13, symbol=symbols,
                                                        line=dict(width=1, color="white")),
                                 hovertext=hover, hoverinfo="text"))
    if ind.target is not None:
        fig.add_hline(y=ind.target, line=dict(color="#b10e1e", width=2, dash="longdash"),
                      annotation_text=f"Target: {ind.target_text or ind.target}", annotation_font=dict(size=16))
    first, last = points["period_end"].min(), points["period_end"].max()
    for day, label in changes.select("date", "label").iter_rows():
        if first is not None and first < day <= last:
            fig.add_vline(x=day, line=dict(color="#6a3d9a", width=2, dash="dot"))
            fig.add_annotation(x=day, y=1, yref="paper", text=label, showarrow=False, xanchor="left",
                               yanchor="bottom", font=dict(size=14, color="#6a3d9a"))
    _x_axis(fig, points)
    _pad(fig, [v for c in ("value", "upper", "lower") for v in points[c].drop_nulls().to_list()])
    return _layout(fig, y_title=ind.unit)


def spine_svg(frame: pl.DataFrame, *, width: int = 1000) -> str:
    """The spine chart as inline SVG: no chart library to load on the Overview, and it prints and projects sharply.

    Same encoding as :func:`spine`: light bar worst to best council (better always to the right), dark bar the
    middle half, a line for the median, a diamond for England, a circle for this council; each row has a
    <title> with its figures for screen readers.
    """
    from html import escape

    from metrics import registry

    row_h, bar_x, bar_w, text_x = 64, 10, int(width * 0.62), int(width * 0.62) + 30
    parts = [f'<svg role="img" aria-label="Where this council sits among all councils, indicator by indicator" '
             f'viewBox="0 0 {width} {row_h * frame.height + 40}" width="100%" style="max-width:{width}px" '
             f'font-family="Arial, Helvetica, sans-serif">',
             f'<text x="{bar_x}" y="22" font-size="17" fill="#3b3b3b">◀ Worst council</text>',
             f'<text x="{bar_x + bar_w}" y="22" font-size="17" fill="#3b3b3b" text-anchor="end">Best council ▶</text>',
             f'<text x="{text_x}" y="22" font-size="17" font-weight="bold" fill="#1d1d1b">Value (rank of councils)</text>']
    for i, row in enumerate(frame.iter_rows(named=True)):
        ind = registry.get(row["indicator_id"])
        lo, hi = (row["min"], row["max"]) if row["direction"] == registry.HIGHER else (row["max"], row["min"])
        span = (hi - lo) or 1.0

        def x(v, lo=lo, span=span):
            return bar_x + (v - lo) / span * bar_w

        y = 40 + i * row_h
        q_a, q_b = sorted((x(row["q1"]), x(row["q3"])))
        ours = formatting.parts(ind, row["ours"])[0]
        england = formatting.value(ind, row["england"]) if row["england"] is not None else "not published"
        title = (f"{row['indicator']}, {row['period_label']}: {ours}, rank {row['rank']} of {row['of']}; "
                 f"England {england}; median {formatting.value(ind, row['median'])}")
        parts.append(f'<g><title>{escape(title)}</title>'
                     f'<text x="{bar_x}" y="{y + 14}" font-size="19" fill="#1d1d1b">{escape(row["indicator"])}, '
                     f'{escape(row["period_label"])}</text>'
                     f'<rect x="{bar_x}" y="{y + 24}" width="{bar_w}" height="16" fill="#e6e6e6"/>'
                     f'<rect x="{q_a:.1f}" y="{y + 24}" width="{max(q_b - q_a, 1):.1f}" height="16" fill="#a6a6a6"/>'
                     f'<line x1="{x(row["median"]):.1f}" x2="{x(row["median"]):.1f}" y1="{y + 20}" y2="{y + 44}" '
                     f'stroke="#1d1d1b" stroke-width="2"/>')
        if row["england"] is not None:
            ex = x(row["england"])
            parts.append(f'<polygon points="{ex:.1f},{y + 23} {ex + 7:.1f},{y + 32} {ex:.1f},{y + 41} {ex - 7:.1f},'
                         f'{y + 32}" fill="#231f20"/>')
        parts.append(f'<circle cx="{x(row["ours"]):.1f}" cy="{y + 32}" r="8" fill="{OURS}" stroke="white" '
                     f'stroke-width="2"/><text x="{text_x}" y="{y + 38}" font-size="19" fill="#1d1d1b">'
                     f'{escape(ours)} (rank {row["rank"]} of {row["of"]})</text></g>')
    parts.append("</svg>")
    return "".join(parts)
