"""A brief: what one slide or screen says about one indicator, built from small hand-made frames."""
from __future__ import annotations

from metrics import briefing
from metrics.store import DataStore, values_path
from tests.conftest import HOME, value_row, values_frame


def build(data_dir, indicator_id, *, threshold=5, audience="public"):
    return briefing.build(store=DataStore(data_dir), indicator_id=indicator_id, area_code=HOME, heading="H",
                          audience=audience, threshold=threshold)


def add(data_dir, rows):
    values_frame(rows).write_parquet(values_path(data_dir=data_dir, dataset="brief_test"))


def test_latest_changes_benchmarks_and_rankless_when_few_councils(data_dir):
    b = build(data_dir, "reablement_91day")
    assert (b.latest_value, b.latest_period) == ("88.2%", "2021/22")
    assert b.changes == ("▼ 3.4 points since 2020/21: worsening",)
    assert b.benchmark_period == "2021/22: 88.2%"
    assert "✔ better than England (81.8%)" in b.benchmarks
    assert b.rank is None  # six councils are too few to rank
    assert b.spc is None  # yearly figures only
    assert b.title == "Older people at home 91 days after reablement (%), Leicester: 2021/22"


def test_spc_from_the_quarterly_series(data_dir):
    b = build(data_dir, "contacts_new")
    assert b.spc_period_type == "quarter" and b.spc is not None and not b.spc_demonstration


def test_an_indicator_published_only_by_breakdown_shows_its_largest_category(data_dir):
    add(data_dir, [value_row("sickness_days_lost", HOME, "2022/23 Q4", v, ptype="quarter", dim="division", cat=c)
                   for c, v in (("Commissioning", 11.3), ("Safeguarding", 15.1))])
    b = build(data_dir, "sickness_days_lost")
    assert b.table.breakdown_dim == "division"
    assert (b.latest_value, b.latest_period) == ("15.1 days", "2022/23 Q4")
    assert b.latest_note == "highest of 2 by division: Safeguarding"
    assert b.categories == ("Safeguarding: 15.1 days", "Commissioning: 11.3 days")


def test_a_hidden_category_is_never_named_as_the_highest(data_dir):
    add(data_dir, [value_row("safeguarding_alerts", HOME, "2022/23 Q4", v, ptype="quarter", dim="team", cat=c)
                   for c, v in (("A", 40), ("B", 3), ("C", 30))])
    b = build(data_dir, "safeguarding_alerts", threshold=5)
    assert "hidden (small number)" in " ".join(b.categories)
    assert "3" not in b.latest_value and "of those shown" in b.latest_note
    assert b.suppressed >= 1


def test_words_only_indicator_keeps_what_the_source_says(data_dir):
    add(data_dir, [value_row("requests_new", HOME, "2022/23", None, note="Fell by approximately 500")])
    b = build(data_dir, "requests_new")
    assert b.latest_value == "not available" and b.said == ("2022/23: Fell by approximately 500",)
