"""The chart of each brief, as the dashboard draws it, sized for a slide."""
from __future__ import annotations

import plotly.graph_objects as go

from metrics import chart_data
from metrics.briefing import Brief
from views import charts  # plotly only: views.charts imports no Streamlit

#: Pixels of the exported image; drawn about 7.7 inches wide, so the chart's 18px text prints at about 10pt.
WIDTH, HEIGHT = 1000, 520


def figure(brief: Brief) -> go.Figure | None:
    """The headline (or breakdown) chart of a brief; None when the source gives only words."""
    table = brief.table
    if table.drawn.height == 0:
        return None
    fig = charts.over_time(table) if table.view == chart_data.OVER_TIME else charts.one_period(table)
    return fig.update_layout(width=WIDTH, height=HEIGHT, margin=dict(l=10, r=40, t=60, b=10))
