"""The screen's other charts: the SPC chart (plotly), the Overview's sparklines and spine chart (SVG).

The indicator charts themselves are drawn from metrics.figures.chart_spec, as SVG on
screen (views/svg_charts.py) and as plotly images in the pack (pack/figures.py).
"""

from __future__ import annotations

import base64
import html
import re

import plotly.graph_objects as go
import polars as pl

from metrics.core import definitions, formatting
from metrics.figures import chart_spec

FONT = dict(family="Arial, Helvetica, sans-serif", size=18, color="#1d1d1b")
OURS = chart_spec.OURS_COLOUR
#: No toolbar: its eight buttons were eight extra tab stops and covered the legend; the CSV and table beside the
#: chart give the figures, and hover still names each point.
CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": True}


def _layout(fig: go.Figure, *, height: int = 480, y_title: str = "") -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        font=FONT,
        height=height,
        margin=dict(l=10, r=30, t=70, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0, font=dict(size=17)),
        hoverlabel=dict(font_size=17),
        yaxis_title=y_title,
    )
    fig.update_xaxes(tickfont=dict(size=16, color="#1d1d1b"), showgrid=False)
    fig.update_yaxes(tickfont=dict(size=17, color="#1d1d1b"), gridcolor="#d9d9d9", zeroline=False)
    return fig


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
    # the line stops where the definition changes, as on the chart
    segment = definitions.definition_segments(s).to_list()
    lines = []
    for k in dict.fromkeys(segment):
        part = [pt for pt, seg in zip(points, segment, strict=True) if seg == k]
        if len(part) > 1:
            lines.append(
                f'<polyline fill="none" stroke="{OURS}" stroke-width="3" '
                f'points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in part)}"/>'
            )
    first, last = s["period_label"][0], s["period_label"][-1]
    x, y = points[-1]
    broken = ", with a change of definition" if len(set(segment)) > 1 else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Trend from {html.escape(first)} to '
        f'{html.escape(last)}{broken}" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
        + "".join(lines)
        + f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{OURS}"/></svg>'
    )


def sparkline_img(frame: pl.DataFrame) -> str:
    """The sparkline as an <img> of SVG, with its trend as alt text: st.html keeps images, where it drops inline SVG."""
    svg = sparkline_svg(frame)
    if not svg:
        return ""
    found = re.search(r'aria-label="([^"]*)"', svg)
    label = found.group(1) if found else ""
    data_uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img class="spark" alt="{label}" src="{data_uri}">'


SPC_STYLE = {  # point type -> (colour, legend name)
    "common cause": ("#6f6f6f", "Common cause"),
    "improvement": ("#0072b2", "Special cause: improvement"),
    "concern": ("#b35c00", "Special cause: concern"),  # Making Data Count's orange, darkened to 4.5:1 on white
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
    for column, name, style in (
        ("upper", "Process limits", dict(color="#231f20", width=2, dash="dash")),
        ("lower", None, dict(color="#231f20", width=2, dash="dash")),
        ("mean", "Mean", dict(color="#231f20", width=2)),
        ("upper_two_sigma", "Two-sigma lines", dict(color="#767676", width=1.5, dash="dot")),
        ("lower_two_sigma", None, dict(color="#767676", width=1.5, dash="dot")),
    ):
        xs, ys = _segmented(points, column)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=name or column,
                showlegend=name is not None,
                legendgroup=name or column.replace("lower", "upper"),
                line=style,
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=points["period_end"].to_list(),
            y=points["value"].to_list(),
            mode="lines",
            line=dict(color="#b0b0b0", width=2),
            showlegend=False,
            hoverinfo="skip",
        )
    )
    for kind, (colour, name) in SPC_STYLE.items():
        part = points.filter(pl.col("point_type") == kind)
        if part.height == 0:
            continue
        # demonstration points hollow, as on every other chart
        symbols = [
            ("triangle-up" if s > 0 else "triangle-down" if s < 0 else "circle") + ("-open" if demo else "")
            for s, demo in part.select("side", "demonstration").iter_rows()
        ]
        hover = [
            f"<b>{label}</b>: {formatting.value(ind, v)}<br>{name}"
            + (f" ({rule})" if rule else "")
            + ("<br><b>Demonstration data</b>" if demo else "")
            for label, v, rule, demo in part.select("period_label", "value", "rule", "demonstration").iter_rows()
        ]
        fig.add_trace(
            go.Scatter(
                x=part["period_end"].to_list(),
                y=part["value"].to_list(),
                mode="markers",
                name=name,
                marker=dict(color=colour, size=13, symbol=symbols, line=dict(width=1, color="white")),
                hovertext=hover,
                hoverinfo="text",
            )
        )
    if ind.target is not None:
        fig.add_hline(
            y=ind.target,
            line=dict(color="#b10e1e", width=2, dash="longdash"),
            annotation_text=f"Target: {ind.target_text or ind.target}",
            annotation_font=dict(size=16),
        )
    first, last = points["period_end"].min(), points["period_end"].max()
    for day, label in changes.select("date", "label").iter_rows():
        if first is not None and first < day <= last:
            fig.add_vline(x=day, line=dict(color="#6a3d9a", width=2, dash="dot"))
            fig.add_annotation(
                x=day,
                y=1,
                yref="paper",
                text=label,
                showarrow=False,
                xanchor="left",
                yanchor="bottom",
                font=dict(size=14, color="#6a3d9a"),
            )
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

    from metrics.core import registry

    row_h, bar_x, bar_w, text_x = 64, 10, int(width * 0.62), int(width * 0.62) + 30
    parts = [
        f'<svg role="img" aria-label="Where this council sits among all councils, indicator by indicator" '
        f'viewBox="0 0 {width} {row_h * frame.height + 40}" width="100%" style="max-width:{width}px" '
        f'font-family="Arial, Helvetica, sans-serif">',
        f'<text x="{bar_x}" y="22" font-size="17" fill="#3b3b3b">◀ Worst council</text>',
        f'<text x="{bar_x + bar_w}" y="22" font-size="17" fill="#3b3b3b" text-anchor="end">Best council ▶</text>',
        f'<text x="{text_x}" y="22" font-size="17" font-weight="bold" fill="#1d1d1b">Value (rank of councils)</text>',
    ]
    for i, row in enumerate(frame.iter_rows(named=True)):
        ind = registry.get(row["indicator_id"])
        lo, hi = (row["min"], row["max"]) if row["direction"] == registry.HIGHER else (row["max"], row["min"])
        span = (hi - lo) or 1.0

        def x(v, lo=lo, span=span):
            return bar_x + (v - lo) / span * bar_w

        y = 40 + i * row_h
        q_a, q_b = sorted((x(row["q1"]), x(row["q3"])))
        ours = formatting.parts(ind, formatting.value(ind, row["ours"]))[0]
        england = formatting.value(ind, row["england"]) if row["england"] is not None else "not published"
        title = (
            f"{row['indicator']}, {row['period_label']}: {ours}, rank {row['rank']} of {row['of']}; "
            f"England {england}; median {formatting.value(ind, row['median'])}"
        )
        parts.append(
            f"<g><title>{escape(title)}</title>"
            f'<text x="{bar_x}" y="{y + 14}" font-size="19" fill="#1d1d1b">{escape(row["indicator"])}, '
            f"{escape(row['period_label'])}</text>"
            f'<rect x="{bar_x}" y="{y + 24}" width="{bar_w}" height="16" fill="#eeeeee" stroke="#767676" '
            f'stroke-width="1.5"/>'
            f'<rect x="{q_a:.1f}" y="{y + 24}" width="{max(q_b - q_a, 1):.1f}" height="16" fill="#767676"/>'
            f'<line x1="{x(row["median"]):.1f}" x2="{x(row["median"]):.1f}" y1="{y + 18}" y2="{y + 46}" '
            f'stroke="#1d1d1b" stroke-width="3"/>'
        )
        if row["england"] is not None:
            ex = x(row["england"])
            parts.append(
                f'<polygon points="{ex:.1f},{y + 23} {ex + 7:.1f},{y + 32} {ex:.1f},{y + 41} {ex - 7:.1f},'
                f'{y + 32}" fill="#231f20" stroke="white" stroke-width="1.5"/>'
            )
        parts.append(
            f'<circle cx="{x(row["ours"]):.1f}" cy="{y + 32}" r="8" fill="{OURS}" stroke="white" '
            f'stroke-width="2"/><text x="{text_x}" y="{y + 38}" font-size="19" fill="#1d1d1b">'
            f"{escape(ours)} (rank {row['rank']} of {row['of']})</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)
