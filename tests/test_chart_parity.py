"""The screen's SVG and the pack's plotly figure draw the same chart: one meaning (metrics.figures.chart_spec), two renderers.

Each chart table of Leicester and Leicestershire (headline, every breakdown
over time and for one period) is drawn both ways and read back: the series
names, their points and values, the bars, and whether the band of the middle
half of councils, a definition break and a target are there.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from metrics.core import registry
from metrics.figures import chart_data, chart_spec
from metrics.storage import query
from metrics.storage.store import DataStore
from pack import figures
from tests.app.conftest import ROOT
from views import svg_charts

STORE = DataStore(ROOT / "data")


def tables() -> list[tuple[str, str, str | None, str]]:
    out = []
    for area in ("E06000016", "E10000018"):
        for ind in registry.INDICATORS:
            dims = query.breakdowns(store=STORE, indicator_id=ind.id, area_code=area)
            out.append((area, ind.id, None, chart_data.OVER_TIME))
            out += [(area, ind.id, d, v) for d in dims for v in (chart_data.OVER_TIME, chart_data.ONE_PERIOD)]
    return out


def read_svg(svg: str) -> dict:
    """What the SVG draws: {series: values}, {bar: value}, which of band, break, target are there, and the axes'
    titles."""
    root = ET.fromstring(svg)
    series, bars, roles, axes = {}, {}, set(), {}
    for el in root.iter():
        if "data-axis" in el.attrib:
            axes[el.attrib["data-axis"]] = el.text
        if "data-series" in el.attrib:
            series[el.attrib["data-series"]] = sorted(
                float(g.attrib["data-value"]) for g in el.iter() if "data-value" in g.attrib and g is not el
            )
        if "data-bar" in el.attrib:
            bars[el.attrib["data-bar"]] = float(el.attrib["data-value"])
        if "data-role" in el.attrib:
            roles.add(el.attrib["data-role"])
    return {"series": series, "bars": bars, "roles": roles - {"projection"}, "axes": axes}


def read_figure(fig) -> dict:
    """What the plotly figure draws, in the same terms."""
    series, bars, roles = {}, {}, set()
    for trace in fig.data:
        if trace.meta in ("band", "band-lower"):
            roles.add("band")
        elif trace.meta == "interval":
            roles.add("interval")
        elif trace.meta == "bars":
            bars = dict(zip(trace.y, (float(v) for v in trace.x), strict=True))
        elif trace.meta not in ("projection", None):
            on_categories = len(trace.y) and isinstance(trace.y[0], str)  # comparator markers on category bars
            values = trace.x if on_categories else trace.y
            series[trace.meta] = sorted(float(v) for v in values if v is not None)
    roles |= {shape.name for shape in fig.layout.shapes if shape.name in ("break", "target")}
    value_axis, time_axis = (fig.layout.xaxis, None) if bars else (fig.layout.yaxis, fig.layout.xaxis)
    axes = {"value": value_axis.title.text} | (
        {"time": time_axis.title.text} if time_axis and time_axis.title.text else {}
    )
    return {"series": series, "bars": bars, "roles": roles, "axes": axes}


@pytest.mark.parametrize(("area", "indicator_id", "breakdown", "view"), tables())
def test_screen_and_pack_draw_the_same_chart(area, indicator_id, breakdown, view):
    table = chart_data.build(store=STORE, indicator_id=indicator_id, area_code=area, breakdown_dim=breakdown, view=view)
    spec = chart_spec.build(table)
    svg, fig = svg_charts.draw(table), figures.draw(spec)
    if spec.empty:
        assert svg == "" and fig is None
        return
    drawn, pack = read_svg(svg), read_figure(fig)
    assert drawn == pack
    # and both are the spec: every series and point it names, nothing else
    assert set(drawn["series"]) == {s.name for s in spec.series} | ({spec.median.name} if spec.median else set())
    assert sum(len(v) for v in drawn["series"].values()) == sum(len(s.points) for s in spec.series) + (
        len(spec.median.points) if spec.median else 0
    )
    assert ("band" in drawn["roles"]) == (spec.band is not None)
    assert ("interval" in drawn["roles"]) == (spec.intervals is not None)


def test_the_parity_check_fails_when_a_renderer_drops_the_band():
    table = chart_data.build(store=STORE, indicator_id="reablement_91day", area_code="E06000016")
    assert "band" in read_svg(svg_charts.draw(table))["roles"]
    spec = chart_spec.build(table)
    without = chart_spec.ChartSpec(**{**spec.__dict__, "band": None})
    assert read_svg(svg_charts.draw(table)) != read_figure(figures.draw(without))


def test_no_line_crosses_a_definition_break():
    """Reablement's 91-day measure changed definition in 2024/25: the line stops before it and starts again."""
    table = chart_data.build(store=STORE, indicator_id="reablement_91day", area_code="E06000016")
    spec = chart_spec.build(table)
    assert [label for _d, label in spec.breaks] == ["2024/25"]
    for s in spec.series:
        before, after = s.segments[0], s.segments[-1]
        assert len(s.segments) == 2 and after[0].label == "2024/25" and before[-1].label != "2024/25", s.name
    svg = svg_charts.draw(table)
    ours = next(el for el in ET.fromstring(svg).iter() if el.attrib.get("data-series") == "Leicester")
    lines = [el.attrib["points"].split() for el in ours.iter() if el.tag.endswith("polyline")]
    assert len(lines) == 1 and len(lines[0]) == len(spec.series[-1].segments[0])  # no polyline into 2024/25
    fig = figures.draw(spec)
    trace = next(t for t in fig.data if t.meta == "Leicester")
    assert None in trace.y and trace.y.index(None) == len(spec.series[-1].segments[0])  # a gap at the break
