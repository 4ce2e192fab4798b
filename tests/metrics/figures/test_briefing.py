"""A brief: what one slide or screen says about one indicator, built from small hand-made frames."""

from __future__ import annotations

import re

from metrics.core import registry
from metrics.figures import briefing
from metrics.storage.store import DataStore, values_path
from tests.app.conftest import ROOT
from tests.conftest import HOME, value_row, values_frame


def build(data_dir, indicator_id, *, threshold=5, audience="public"):
    return briefing.build(
        store=DataStore(data_dir),
        indicator_id=indicator_id,
        area_code=HOME,
        heading="H",
        audience=audience,
        threshold=threshold,
    )


def add(data_dir, rows):
    values_frame(rows).write_parquet(values_path(data_dir=data_dir, dataset="brief_test"))


def test_latest_changes_benchmarks_and_rankless_when_few_councils(data_dir):
    b = build(data_dir, "reablement_91day")
    assert (b.latest_value, b.latest_period) == ("88.2%", "2021/22")
    assert b.change_lines == ("▼ 3.4 points since 2020/21: worsening",)
    assert [(c.figure, c.judgement, c.heading) for c in b.changes] == [("▼ 3.4 points", "worsening", "Since 2020/21")]
    assert b.benchmark_period == "2021/22: 88.2%"
    # 441 of 500: the Wilson 95% interval is 85.1% to 90.7%, above England's 81.8% and the region's 82.0%
    assert "✔ significantly better than England (81.8%)" in b.benchmarks
    assert "✔ significantly better than East Midlands (82.0%)" in b.benchmarks
    assert b.method_line == "Tested with the Wilson score interval, 95%"
    assert b.rank is None  # six councils are too few to rank
    assert b.spc is None  # yearly figures only
    assert b.title == "Older people at home 91 days after reablement (%), Leicester: 2021/22"


def test_spc_from_the_quarterly_series(data_dir):
    b = build(data_dir, "contacts_new")
    assert b.spc_period_type == "quarter" and b.spc is not None and not b.spc_demonstration


def test_an_indicator_published_only_by_breakdown_shows_its_largest_category(data_dir):
    add(
        data_dir,
        [
            value_row("sickness_days_lost", HOME, "2022/23 Q4", v, ptype="quarter", dim="division", cat=c)
            for c, v in (("Commissioning", 11.3), ("Safeguarding", 15.1))
        ],
    )
    b = build(data_dir, "sickness_days_lost")
    assert b.table.breakdown_dim == "division"
    assert (b.latest_value, b.latest_period) == ("15.1 days", "2022/23 Q4")
    assert b.latest_note == "highest of 2 by division: Safeguarding"
    assert b.categories == ("Safeguarding: 15.1 days", "Commissioning: 11.3 days")


def test_a_hidden_category_is_never_named_as_the_highest(data_dir):
    add(
        data_dir,
        [
            value_row("safeguarding_alerts", HOME, "2022/23 Q4", v, ptype="quarter", dim="team", cat=c)
            for c, v in (("A", 40), ("B", 3), ("C", 30))
        ],
    )
    b = build(data_dir, "safeguarding_alerts", threshold=5)
    assert "hidden (small number)" in " ".join(b.categories)
    assert not re.search(r"\b3\b", b.latest_value) and "of those shown" in b.latest_note  # the hidden 3
    assert b.suppressed >= 1


def test_words_only_indicator_keeps_what_the_source_says(data_dir):
    add(data_dir, [value_row("requests_new", HOME, "2022/23", None, note="Fell by approximately 500")])
    b = build(data_dir, "requests_new")
    assert b.latest_value == "in words only" and b.said == ("2022/23: Fell by approximately 500",)


def test_a_key_message_for_an_earlier_period_says_so(data_dir):
    from datetime import date

    from metrics.commentary.sqlite import Message

    b = build(data_dir, "reablement_91day")
    old = Message(
        "2020/21", "Well above national averages", "Ann", "2021/22 Q1", "", "doc", period_end=date(2021, 3, 31)
    )
    same = Message("2021/22", "Holding up", "Bob", "2022/23 Q1", "", "doc", period_end=date(2022, 3, 31))
    older, current = b.with_messages([old]).messages[0], b.with_messages([same]).messages[0]
    assert older.older and older.heading == "Key message for 2020/21 (the figure above is 2021/22)"
    assert not current.older and current.heading == "Key message, 2021/22"
    newer = b.with_messages([Message("2022/23 Q1", "Q1 is up", "Cy", "x", "", "doc", period_end=date(2022, 6, 30))])
    assert not newer.messages[0].older  # newer than the figure: not styled as stale, but says which period it is for
    assert newer.messages[0].heading == "Key message for 2022/23 Q1 (the figure above is 2021/22)"


def test_a_zero_change_reads_no_change_not_worsening(data_dir):
    add(data_dir, [value_row("turnover_rate_pct", HOME, y, v) for y, v in (("2021/22", 25.03), ("2022/23", 25.0))])
    b = build(data_dir, "turnover_rate_pct")
    assert b.change_lines == ("■ no change since 2021/22: no change",)


def test_the_strip_follows_the_period_type_shown(data_dir):
    add(
        data_dir, [value_row("contacts_new", HOME, "2022/23", 18000), value_row("contacts_new", HOME, "2021/22", 17000)]
    )
    quarters = build(data_dir, "contacts_new")
    years = briefing.build(
        store=DataStore(data_dir),
        indicator_id="contacts_new",
        area_code=HOME,
        audience="public",
        threshold=5,
        period_type="financial year",
    )
    assert quarters.latest_period.endswith("Q1") and years.latest_period == "2022/23"
    assert years.change_lines == ("▲ 1,000 since 2021/22: up",)
    assert years.spc is None and "this chart shows years" in years.spc_words


def test_a_newer_figure_without_comparators_is_judged_in_the_latest_period_that_has_them(data_dir):
    # Leicester has 2022/23 too; England and the region publish up to 2021/22 only
    add(data_dir, [value_row("reablement_91day", HOME, "2022/23", 86.0, numerator=430, denominator=500)])
    b = build(data_dir, "reablement_91day")
    assert (b.latest_value, b.latest_period) == ("86.0%", "2022/23")
    assert b.benchmark_period.startswith("2021/22: 88.2%, the latest period with a comparator")
    assert b.comparators_for == b.benchmark_period  # the heading names the other period
    assert "✔ significantly better than England (81.8%)" in b.benchmarks


def test_comparators_only_for_other_periods_are_listed_with_their_period_and_no_verdict(data_dir):
    # a council's own quarterly count: England publishes years, never the same period
    add(
        data_dir,
        [
            value_row("contacts_new", HOME, "2023/24 Q1", 2500, ptype="quarter"),
            value_row("contacts_new", "E92000001", "2021/22", 900_000),
        ],
    )
    b = build(data_dir, "contacts_new")
    england = [c for c in b.comparisons if c.kind == "england"]
    assert england and england[0].text == "– England: 900,000 in 2021/22 (not tested: another period)"
    assert b.method_line.startswith("Not tested: the comparators' latest figures are for other periods")
    assert b.benchmark_period == "nearest published, for other periods than 2023/24 Q1"


def test_why_there_is_no_spc_fits_the_chart(data_dir):
    """A quarterly chart with one figure once said 'it needs a monthly or quarterly series, and this chart shows
    quarters' (#27)."""
    add(data_dir, [value_row("lts_new_pct_requests", HOME, "2023/24 Q1", 6.7, ptype="quarter")])
    one = build(data_dir, "lts_new_pct_requests")
    assert one.spc is None
    assert one.spc_words == "SPC not drawn: it needs at least two quarters with a figure, and this chart has 1."
    yearly = build(data_dir, "reablement_91day")
    assert yearly.spc_words == "SPC not drawn: it needs a monthly or quarterly series, and this chart shows years."
    assert build(data_dir, "contacts_new").spc is not None  # two quarters: drawn


def test_spc_candidates_need_two_figures_of_one_regular_headline_series(data_dir):
    add(
        data_dir,
        [
            value_row("contacts_new", HOME, "Apr 2023", 400, ptype="month"),
            value_row("contacts_new", HOME, "May 2023", 410, ptype="month"),
            value_row("reviews_overdue_24m", HOME, "Apr 2023", 12, ptype="month"),  # one month only
            value_row("complaints_total", HOME, "2023/24 Q1", 9, ptype="quarter", dim="team", cat="A"),
            value_row("complaints_total", HOME, "2023/24 Q2", 9, ptype="quarter", dim="team", cat="A"),
        ],
    )
    found = briefing.spc_candidates(store=DataStore(data_dir), area_code=HOME)
    assert "contacts_new" in found
    assert "reviews_overdue_24m" not in found  # one figure is no series
    assert "complaints_total" not in found  # a breakdown's series is not the headline chart's


def test_every_brief_with_spc_is_among_the_candidates():
    """The Overview's signals table builds only the candidates' briefs: none with SPC may be left out."""
    store = DataStore(ROOT / "data")
    for area in ("E06000016", "E10000018", "E10000016"):
        found = briefing.spc_candidates(store=store, area_code=area)
        with_spc = {
            ind.id
            for ind in registry.INDICATORS
            if briefing.build(store=store, indicator_id=ind.id, area_code=area, threshold=5, audience="public").spc
            is not None
        }
        assert with_spc <= found, (area, with_spc - found)
        if area == "E06000016":
            assert with_spc  # Leicester's monthly series do carry SPC: the check is not vacuous
