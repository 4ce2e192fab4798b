"""A chart's title states its finding with the latest figure (#28), from the chart's own rows."""

from __future__ import annotations

from metrics.figures import chart_data, chart_spec
from metrics.storage.store import DataStore, values_path
from tests.conftest import HOME, value_row, values_frame


def table(data_dir, indicator_id, **kwargs):
    return chart_data.build(store=DataStore(data_dir), indicator_id=indicator_id, area_code=HOME, **kwargs)


def test_a_series_that_fell_says_so_with_its_latest_figure(data_dir):
    # the hand-built reablement series: 91.6% in 2020/21, 88.2% in 2021/22
    assert chart_spec.finding(table(data_dir, "reablement_91day")) == (
        "Older people at home 91 days after reablement (%) fell to 88.2% in 2021/22 (from 91.6% in 2020/21)"
    )


def test_the_highest_shown_and_an_unchanged_series(data_dir):
    rows = [value_row("contacts_new", HOME, f"2021/22 Q{q}", v, ptype="quarter") for q, v in ((1, 10), (2, 12))]
    rows += [value_row("contacts_new", HOME, "2021/22 Q3", 15, ptype="quarter")]
    rows += [value_row("complaints_total", HOME, label, 7, ptype="quarter") for label in ("2021/22 Q1", "2021/22 Q2")]
    values_frame(rows).write_parquet(values_path(data_dir=data_dir, dataset="finding"))
    rose = chart_spec.finding(table(data_dir, "contacts_new"))
    assert rose.startswith("New contacts rose to ") and ", the highest shown (from " in rose
    assert (
        chart_spec.finding(table(data_dir, "complaints_total"))
        == "Complaints received: 7 in 2021/22 Q2, as in 2021/22 Q1"
    )


def test_a_breakdown_names_its_highest_and_lowest_category_or_says_they_are_equal(data_dir):
    rows = [
        value_row("sickness_days_lost", HOME, "2022/23 Q4", v, ptype="quarter", dim="division", cat=c)
        for c, v in (("North", 15.1), ("South", 11.3), ("East", 12.0))
    ]
    rows += [value_row("qaf_compliance_pct", HOME, "2022/23", 100.0, dim="service type", cat=c) for c in ("A", "B")]
    values_frame(rows).write_parquet(values_path(data_dir=data_dir, dataset="finding"))
    by = chart_spec.finding(table(data_dir, "sickness_days_lost", breakdown_dim="division"))
    assert by.endswith("by division, 2022/23 Q4: highest North (15.1 days), lowest South (11.3 days)")
    same = chart_spec.finding(table(data_dir, "qaf_compliance_pct", breakdown_dim="service type"))
    assert same.endswith("by service type, 2022/23: all 2 at 100.0%")


def test_a_demonstration_figure_in_the_title_says_so(data_dir):
    rows = [
        value_row("assessments_completed", HOME, "2021/22 Q1", 10, ptype="quarter", demo=True),
        value_row("assessments_completed", HOME, "2021/22 Q2", 12, ptype="quarter"),
    ]
    values_frame(rows).write_parquet(values_path(data_dir=data_dir, dataset="finding"))
    title = chart_spec.finding(table(data_dir, "assessments_completed"))
    assert "(from 10 (demonstration) in 2021/22 Q1)" in title  # never passed off as published
    assert "to 12 in " in title and "12 (demonstration)" not in title  # the published latest figure stays plain
