"""The chart of each brief for a slide: plotly drawing the chart's one meaning (metrics.figures.chart_spec).

The screen draws the same spec as SVG (views/svg_charts.py). Neither makes
a choice about what to show: series, styles, bars, band, breaks, projections
and target all come from the spec, and tests/test_chart_parity.py draws one
table both ways and compares. Each trace carries its series name in `meta`
so the test can read the figure back.
"""

from __future__ import annotations

import plotly.graph_objects as go

from metrics.figures import chart_spec
from metrics.figures.briefing import Brief

#: Pixels of the exported image; drawn about 7.7 inches wide, so the chart's 18px text prints at about 10pt.
WIDTH, HEIGHT = 1000, 520
FONT = dict(family="Arial, Helvetica, sans-serif", size=18, color="#1d1d1b")
BAND_FILL = "rgba(120,120,120,0.20)"
NOTE_COLOUR = "#1d1d1b"
#: plotly's names for the spec's dash patterns and marker shapes, where they differ.
SYMBOL = {"x": "x-thin"}


def _layout(
    fig: go.Figure, *, height: int, value_title: str, horizontal: bool = False, period_title: str = ""
) -> go.Figure:
    fig.update_layout(
        template="plotly_white",
        font=FONT,
        width=WIDTH,
        height=height,
        margin=dict(l=10, r=40, t=60, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0, font=dict(size=17)),
        hoverlabel=dict(font_size=17),
    )
    fig.update_xaxes(tickfont=dict(size=16, color="#1d1d1b"), showgrid=horizontal)
    fig.update_yaxes(tickfont=dict(size=17, color="#1d1d1b"), gridcolor="#d9d9d9", zeroline=False)
    (fig.update_xaxes if horizontal else fig.update_yaxes)(title=value_title)
    if period_title and not horizontal:  # the time axis is labelled too (Government Analysis Function)
        fig.update_xaxes(title=period_title)
    return fig


def _with_gaps(segments) -> list:
    """The points of every segment in order, with None between segments: plotly leaves a gap there."""
    out: list = []
    for i, seg in enumerate(segments):
        if i:
            out.append(None)
        out += list(seg)
    return out


def _segmented(segments) -> tuple[list, list, list]:
    """x, y and hover for one trace whose line breaks (a gap) between segments."""
    pts = _with_gaps(segments)
    return (
        [None if p is None else p.x for p in pts],
        [None if p is None else p.value for p in pts],
        ["" if p is None else p.hover for p in pts],
    )


def line_figure(spec: chart_spec.ChartSpec) -> go.Figure:
    fig = go.Figure()
    if spec.band is not None:
        for i, seg in enumerate(spec.band.segments):
            xs = [d for d, _lo, _hi in seg]
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=[lo for _d, lo, _hi in seg],
                    mode="lines",
                    line=dict(width=1.5, color=chart_spec.BAND_EDGE, dash="dash"),
                    showlegend=False,
                    hoverinfo="skip",
                    meta="band-lower",
                )
            )
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=[hi for _d, _lo, hi in seg],
                    mode="lines",
                    line=dict(width=1.5, color=chart_spec.BAND_EDGE, dash="dash"),
                    fill="tonexty",
                    fillcolor=BAND_FILL,
                    name=spec.band.name,
                    showlegend=i == 0,
                    hoverinfo="skip",
                    meta="band",
                )
            )
    if spec.median is not None:
        xs, ys, hover = _segmented(spec.median.segments)
        st = spec.median.style
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                name=spec.median.legend,
                meta=spec.median.name,
                line=dict(color=st.colour, width=2, dash=st.dash),
                hovertext=hover,
                hoverinfo="text",
            )
        )
    for s in spec.series:
        xs, ys, hover = _segmented(s.segments)
        symbol = SYMBOL.get(s.style.symbol or "circle", s.style.symbol or "circle")
        demo = [p is not None and p.demonstration for p in _with_gaps(s.segments)]
        size = (9 if len(s.points) > 24 else 12) if s.kind == "ours" else 12
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers",
                name=s.legend,
                meta=s.name,
                line=dict(color=s.style.colour, width=s.style.width, dash=s.style.dash),
                marker=dict(
                    size=size,
                    color=s.style.colour,
                    line=dict(width=2, color=s.style.colour),
                    symbol=[f"{symbol}-open" if d else symbol for d in demo],
                ),
                hovertext=hover,
                hoverinfo="text",
            )
        )
    if spec.intervals is not None:
        _interval_trace(fig, spec.intervals, horizontal=False)
    for pr in spec.projections:
        xs = ([pr.start.x] if pr.start else []) + [pr.end.x]
        ys = ([pr.start.value] if pr.start else []) + [pr.end.value]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines+markers",
                name=pr.name,
                meta="projection",
                line=dict(color=chart_spec.OURS_COLOUR, width=3, dash=pr.dash),
                marker=dict(size=[0] * (len(xs) - 1) + [14], symbol="diamond-open", color=chart_spec.OURS_COLOUR),
                hovertext=[""] * (len(xs) - 1) + [pr.note],
                hoverinfo="text",
            )
        )
    dates = sorted({p.x for s in spec.series for p in s.points})
    for day, _label in spec.breaks:
        before = max((d for d in dates if d < day), default=day)
        middle = before + (day - before) / 2
        fig.add_vline(x=middle, line=dict(color=chart_spec.BREAK_COLOUR, width=2, dash="dot"), name="break")
        fig.add_annotation(
            x=middle,
            y=1.0,
            yref="paper",
            text=chart_spec.BREAK_TEXT,
            showarrow=False,
            xanchor="right",
            yanchor="bottom",
            font=dict(size=15, color=chart_spec.BREAK_COLOUR),
        )
    if spec.target is not None:
        fig.add_hline(
            y=spec.target[0],
            line=dict(color=chart_spec.TARGET_COLOUR, width=2, dash="dash"),
            name="target",
            annotation_text=f"Target: {spec.target[1]}",
            annotation_position="top left",
            annotation_font=dict(size=16, color=chart_spec.TARGET_COLOUR),
        )
    labelled = sorted(
        {(p.x, p.label) for s in spec.series for p in s.points} | {(pr.end.x, pr.end.label) for pr in spec.projections}
    )
    if len(labelled) <= 16:
        fig.update_xaxes(tickvals=[d for d, _l in labelled], ticktext=[lab for _d, lab in labelled])
    else:
        fig.update_xaxes(tickformat="%b %Y", nticks=10)
    if spec.many:
        for s in (s for s in spec.series if s.kind == "ours" and s.points):
            fig.add_annotation(
                x=s.points[-1].x,
                y=s.points[-1].value,
                text=f" {s.name}",
                showarrow=False,
                xanchor="left",
                font=dict(size=15, color=s.style.colour),
            )
        fig.update_layout(margin=dict(r=220))
    return _layout(fig, height=HEIGHT, value_title=spec.value_title, period_title=spec.period_title)


def _interval_trace(fig: go.Figure, intervals: chart_spec.Intervals, *, horizontal: bool) -> None:
    """The council's 95% intervals as capped error bars around each figure's midpoint (the marker itself is
    drawn by its series or bar), in the screen's colour and with its legend."""
    mids = [(lo + hi) / 2 for _d, _l, lo, hi in intervals.points]
    half = [(hi - lo) / 2 for _d, _l, lo, hi in intervals.points]
    where = [label for _d, label, _lo, _hi in intervals.points] if horizontal else [d for d, *_ in intervals.points]
    error = dict(type="data", array=half, symmetric=True, color=chart_spec.INTERVAL_COLOUR, thickness=2.5, width=7)
    fig.add_trace(
        go.Scatter(
            x=mids if horizontal else where,
            y=where if horizontal else mids,
            mode="markers",
            name=intervals.name,
            meta="interval",
            marker=dict(size=1, color="rgba(0,0,0,0)"),
            hoverinfo="skip",
            **({"error_x": error} if horizontal else {"error_y": error}),
        )
    )


def bar_figure(spec: chart_spec.ChartSpec) -> go.Figure:
    """Horizontal bars, first at the top; comparators as marked points on the same rows."""
    rows = list(reversed(spec.bars))  # plotly draws the first category at the bottom
    # every slide image is HEIGHT pixels tall: with many categories the type shrinks to fit, never overlaps
    size = max(11, min(18, int(380 / max(len(rows), 1))))
    fig = go.Figure(
        go.Bar(
            y=[b.label for b in rows],
            x=[b.value for b in rows],
            orientation="h",
            meta="bars",
            marker=dict(color=[b.colour for b in rows], pattern=dict(shape=["/" if b.hatched else "" for b in rows])),
            text=[b.text for b in rows],
            textposition="outside",
            textfont=dict(size=size, color="#1d1d1b"),
            hovertext=[b.hover for b in rows],
            hoverinfo="text",
            showlegend=False,
            cliponaxis=False,
        )
    )
    for s in spec.series:
        fig.add_trace(
            go.Scatter(
                y=[p.label for p in s.points],
                x=[p.value for p in s.points],
                name=s.legend,
                meta=s.name,
                mode="markers",
                marker=dict(
                    size=18,
                    symbol=SYMBOL.get(s.style.symbol or "circle", s.style.symbol or "circle"),
                    color=s.style.colour,
                    line=dict(width=2, color="white"),
                ),
                hovertext=[p.hover for p in s.points],
                hoverinfo="text",
            )
        )
    if spec.intervals is not None:
        _interval_trace(fig, spec.intervals, horizontal=True)
    if spec.target is not None:
        fig.add_vline(
            x=spec.target[0],
            line=dict(color=chart_spec.TARGET_COLOUR, width=2, dash="dash"),
            name="target",
            annotation_text=f"Target: {spec.target[1]}",
            annotation_font=dict(size=16),
        )
    fig.update_yaxes(
        categoryorder="array", categoryarray=[b.label for b in rows], automargin=True, tickfont=dict(size=size)
    )
    top = max(
        [b.value for b in spec.bars]
        + [p.value for s in spec.series for p in s.points]
        + ([spec.target[0]] if spec.target else [])
    )
    fig.update_xaxes(range=[0, top * 1.25 if top else 1])
    fig = _layout(fig, height=HEIGHT, value_title=spec.value_title, horizontal=True)
    return fig.update_yaxes(tickfont=dict(size=size))


def _badge(fig: go.Figure, number: int, *, x, xref: str, shift: int, down: int = 0) -> None:
    """A note's number in a dark box at the top of the plot, as the screen draws it (views/svg_charts.py)."""
    fig.add_annotation(
        x=x,
        xref=xref,
        y=1.0,
        yref="paper",
        yanchor="top",  # inside the plot's top edge: the legend sits above it
        xanchor="right" if xref == "paper" else "center",
        xshift=shift,
        yshift=-down,
        text=f"<b>{number}</b>",
        showarrow=False,
        font=dict(size=20, color="white"),  # read from the back of the room, as the chart's own text
        bgcolor=NOTE_COLOUR,
        borderpad=4,
        name="note",
    )


def _notes(fig: go.Figure, spec: chart_spec.ChartSpec) -> None:
    """The officers' numbered notes: a dotted line at each noted point and its number at its top (lines), or the
    numbers at the top right (bars, which show one period)."""
    if spec.kind != chart_spec.LINES:
        for k, m in enumerate(reversed(spec.notes)):
            _badge(fig, m.number, x=1.0, xref="paper", shift=-34 * k)
        return
    seen: dict = {}
    for m in spec.notes:
        if m.x not in seen:
            fig.add_vline(x=m.x, line=dict(color=NOTE_COLOUR, width=1.5, dash="dot"), name="note-line")
        k = seen[m.x] = seen.get(m.x, -1) + 1
        _badge(fig, m.number, x=m.x, xref="x", shift=0, down=34 * k)  # more on one point go down its line


def draw(spec: chart_spec.ChartSpec) -> go.Figure | None:
    """The spec as a plotly figure; None when there is nothing to draw."""
    if spec.empty:
        return None
    fig = line_figure(spec) if spec.kind == chart_spec.LINES else bar_figure(spec)
    if spec.notes:
        _notes(fig, spec)
    return fig


def figure(brief: Brief) -> go.Figure | None:
    """The chart of a brief (the table its figures come from), with its notes; None when the source gives only
    words."""
    return draw(brief.chart())
