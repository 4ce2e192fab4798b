"""The pages' SVG charts, drawn from chart tables built on the small hand-made data folder."""

from __future__ import annotations

import re

from metrics.figures import chart_data, chart_spec
from metrics.storage.store import DataStore, values_path
from tests.conftest import HOME, value_row, values_frame
from views import svg_charts


def table(data_dir, indicator_id, **kw):
    return chart_data.build(store=DataStore(data_dir), indicator_id=indicator_id, area_code=HOME, **kw)


def titles(svg: str) -> list[str]:
    return re.findall(r"<title>(.*?)</title>", svg)


def test_over_time_names_every_series_and_titles_every_point(data_dir):
    values_frame([value_row("reablement_91day", "E92000001", "2020/21", 79.1)]).write_parquet(
        values_path(data_dir=data_dir, dataset="more")
    )
    t = table(data_dir, "reablement_91day")
    svg = svg_charts.draw(t)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert ">Leicester</text>" in svg  # in the legend, and each comparator with its latest figure
    assert ">England (2021/22: 81.8%)</text>" in svg  # its latest point, not the one added above
    assert "Leicester, 2021/22: 88.2%" in " ".join(titles(svg))
    assert "England, 2020/21: 79.1%" in " ".join(titles(svg))
    assert svg.count("<polyline") >= 2  # our line and England's
    assert 'aria-label="Chart of Older people at home 91 days after reablement (%) for Leicester' in svg


def test_the_text_alternative_tells_how_the_series_moved(data_dir):
    values_frame(
        [
            value_row("reviews_overdue_24m", HOME, m, v, ptype="snapshot")
            for m, v in (("Apr 2023", 142), ("May 2023", 700), ("Jun 2023", 1348))
        ]
    ).write_parquet(values_path(data_dir=data_dir, dataset="more"))
    spec = chart_spec.build(table(data_dir, "reviews_overdue_24m"))
    assert "Latest: 1,348 in Jun 2023." in spec.description
    assert "Over the span shown it rose from 142 in Apr 2023 to 1,348 in Jun 2023 (up 1,206), the highest shown." in (
        spec.description
    )


def test_demonstration_points_are_hollow_and_say_so(data_dir):
    t = table(data_dir, "contacts_new", breakdown_dim="age band", view=chart_data.ONE_PERIOD)
    svg = svg_charts.draw(t)
    assert "18-64, 2023/24 Q1: 2,000 (demonstration data)" in titles(svg)
    assert 'fill="url(#hatch005EB8)"' in svg  # demonstration bars are hatched, not only coloured


def test_a_single_period_is_drawn_as_labelled_bars(data_dir):
    values_frame([value_row("msp_fully_achieved_pct", HOME, "2023/24 Q1", 51.9, ptype="quarter")]).write_parquet(
        values_path(data_dir=data_dir, dataset="more")
    )
    svg = svg_charts.draw(table(data_dir, "msp_fully_achieved_pct"))
    assert "<polyline" not in svg and ">51.9%</text>" in svg


def test_a_hidden_count_is_not_drawn(data_dir):
    values_frame(
        [
            value_row("complaints_total", HOME, q, v, ptype="quarter")
            for q, v in (("2022/23 Q3", 1200), ("2022/23 Q4", 1321), ("2023/24 Q1", 87))  # 1,321 - 1,200 is not 87
        ]
    ).write_parquet(values_path(data_dir=data_dir, dataset="more"))
    svg = svg_charts.draw(table(data_dir, "complaints_total", threshold=100))
    assert "1,321" in svg
    assert not re.search(
        r"(?<![\d.,#])87(?![\d])", re.sub(r'(points|d|x|y|cx|cy|x1|x2|y1|y2|width|height)="[^"]*"', "", svg)
    )


def test_breakdown_lines_are_labelled_at_their_ends_without_overlap(data_dir):
    rows = [
        value_row("contacts_new", HOME, q, v, ptype="quarter", dim="team", cat=c)
        for q in ("2022/23 Q4", "2023/24 Q1")
        for c, v in (("North", 100), ("South", 101), ("East", 300))
    ]
    values_frame(rows).write_parquet(values_path(data_dir=data_dir, dataset="more"))
    svg = svg_charts.draw(table(data_dir, "contacts_new", breakdown_dim="team"))
    ends = {
        name: float(y)
        for y, name in re.findall(
            r'<text x="[\d.]+" y="([\d.]+)" font-size="16" fill="#[0-9A-Fa-f]+" '
            r'font-weight="bold">(\w+)</text>',
            svg,
        )
    }
    assert set(ends) == {"North", "South", "East"}
    assert abs(ends["North"] - ends["South"]) >= 18  # 100 and 101 would collide; pushed apart


def test_nothing_to_draw_is_an_empty_string_not_an_error(data_dir):
    t = table(data_dir, "contacts_new", breakdown_dim="age band", view=chart_data.ONE_PERIOD)
    empty = chart_data.ChartTable(
        t.indicator,
        t.area_name,
        t.view,
        t.breakdown_dim,
        t.period_type,
        t.period_label,
        t.frame.clear(),
        t.period_types,
        t.period_labels,
    )
    assert svg_charts.draw(empty) == ""


def test_draw_follows_the_tables_view(data_dir):
    over = table(data_dir, "reablement_91day")
    one = table(data_dir, "contacts_new", breakdown_dim="age band", view=chart_data.ONE_PERIOD)
    assert "<polyline" in svg_charts.draw(over) and "data-bar=" not in svg_charts.draw(over)
    assert "data-bar=" in svg_charts.draw(one) and "<polyline" not in svg_charts.draw(one)


def test_the_time_axis_is_titled_with_the_kind_of_period(data_dir):
    """#28 (Government Analysis Function): every axis is labelled, the time axis with the kind of period drawn."""
    values_frame(
        [
            value_row("reviews_overdue_24m", HOME, m, v, ptype="snapshot")
            for m, v in (("Apr 2023", 142), ("May 2023", 700), ("Jun 2023", 1348))
        ]
    ).write_parquet(values_path(data_dir=data_dir, dataset="more"))
    assert 'data-axis="time"' in svg_charts.draw(table(data_dir, "reviews_overdue_24m"))
    assert ">Date of the count</text>" in svg_charts.draw(table(data_dir, "reviews_overdue_24m"))
    assert ">Financial year (April to March)</text>" in svg_charts.draw(table(data_dir, "reablement_91day"))
    bars = svg_charts.draw(table(data_dir, "contacts_new", breakdown_dim="age band", view=chart_data.ONE_PERIOD))
    assert 'data-axis="time"' not in bars  # one period: no time axis


def test_a_time_axis_of_mixed_periods_is_titled_period():
    assert chart_spec.period_title(["month", "month"]) == "Month"
    assert chart_spec.period_title(["month", "quarter"]) == "Period"
    assert chart_spec.period_title(["an unknown kind"]) == "Period"


def test_a_slides_narrower_drawing_keeps_its_figures_and_leaves_the_legend_short(data_dir):
    """Present draws 640 units wide with a compact legend: comparators named without the latest figure the slide
    states beside the chart; every point's figure is still in its hover text."""
    t = table(data_dir, "reablement_91day")
    wide, narrow = svg_charts.draw(t), svg_charts.draw(t, width=640, compact_legend=True)
    assert 'viewBox="0 0 780 ' in wide and 'viewBox="0 0 640 ' in narrow
    assert ">England (2021/22: 81.8%)</text>" in wide and ">England</text>" in narrow
    assert ">England (2021/22: 81.8%)</text>" not in narrow
    assert sorted(titles(wide)) == sorted(titles(narrow))
    width = max(float(x) for x in re.findall(r'<line x1="[\d.]+" x2="([\d.]+)"', narrow))
    assert width <= 640  # nothing drawn past the narrower drawing's edge
