"""The bundled data folder: every figure the issue names is there, with its source."""

from pathlib import Path

import polars as pl
import pytest

from metrics.core import registry
from metrics.storage.store import DataStore
from seed import demonstration
from seed.calibrate import split_total

ROOT = Path(__file__).resolve().parents[2]
LEICESTER, LEICS = "E06000016", "E10000018"


@pytest.fixture(scope="module")
def values() -> pl.DataFrame:
    store = DataStore(ROOT / "data")
    frame = store.values().collect()
    assert store.rejected == {}
    return frame


TRANSCRIBED = ["leicester_001_appendix_c", "leicestershire_000_self_assessment"]


def one(values, indicator, area, label, cat=None):
    hit = values.filter(
        (pl.col("indicator_id") == indicator)
        & (pl.col("area_code") == area)
        & (pl.col("period_label") == label)
        & pl.col("dataset").is_in(TRANSCRIBED)
    )
    hit = hit.filter(pl.col("breakdown_cat").is_null() if cat is None else pl.col("breakdown_cat") == cat)
    assert hit.height == 1, (indicator, area, label, cat, hit)
    return hit.row(0, named=True)


def test_every_row_carries_its_provenance(values):
    transcribed = values.filter(pl.col("dataset").is_in(TRANSCRIBED))
    assert transcribed.height > 200
    assert transcribed["source"].str.contains(r"^00[01]_[0-9a-f]+\.txt, ").all()
    national = values.filter(pl.col("dataset").str.starts_with("national_"))
    assert national.height > 10_000
    assert national["source"].str.contains(r"OGL v3\.0").all()  # publisher, table and licence
    derived = values.filter(pl.col("dataset") == "derived_rates")
    assert (
        derived["source"].str.starts_with("Derived from ").all() and derived["note"].str.starts_with("Worked out").all()
    )
    demo = values.filter(pl.col("provenance") == "demonstration")
    generated = demo.filter(pl.col("dataset") == "leicester_demonstration")
    assert generated.height and (generated["source"] == "demonstration").all()
    from_records = demo.filter(pl.col("dataset") == "leicester_synthetic_cld")
    assert (
        from_records.height > 10_000
        and from_records["source"]
        .str.starts_with(
            "Demonstration: computed from synthetic CLD dataset leicester_synthetic_cld (Apr 2017 to Jun 2023"
        )
        .all()
    )
    # regions' and England's CLD figures pooled from the synthetic national sample (python -m national): areas only
    pooled = demo.filter(pl.col("dataset") == "pooled_cld")
    assert pooled.height > 10_000
    assert pooled["source"].str.starts_with("Demonstration: pooled from 153 councils' CLD").all()
    assert pooled["area_code"].str.contains(r"^E1[25]000|^E92000001$").all()
    assert not pooled["indicator_id"].is_in(["reviews_overdue_24m", "requests_new"]).any()  # never a count
    assert demo.height == generated.height + from_records.height + pooled.height
    assert demo["note"].str.starts_with("Demonstration:").all()


@pytest.mark.parametrize(
    ("indicator", "area", "label", "cat", "value"),
    [
        ("contacts_new", LEICESTER, "2023/24 Q1", None, 4822),
        ("contacts_new", LEICESTER, "2022/23", None, 17937),
        ("assessments_completed", LEICESTER, "2022/23", None, 3180),
        ("assessments_eligible", LEICESTER, "2018/19", None, 1603),
        ("assessments_eligible_pct", LEICESTER, "2023/24 Q1", None, 51.9),
        ("reviews_completed", LEICESTER, "2017/18", None, 5362),
        ("people_reviewed", LEICESTER, "2023/24 Q1", None, 701),
        ("people_eligible_review", LEICESTER, "2022/23", None, 5144),
        ("reviews_overdue_24m", LEICESTER, "Jun 2023", None, 1348),
        ("reviews_overdue_24m", LEICESTER, "Mar 2018", None, 120),
        ("lts_new_from_requests", LEICESTER, "2022/23", None, 1032),
        ("admissions_permanent", LEICESTER, "2023/24 Q1", None, 42),
        ("admissions_permanent_excl_selffunders", LEICESTER, "2020/21", None, 176),
        ("safeguarding_enquiries", LEICESTER, "2021/22", None, 1001),
        ("msp_fully_achieved_pct", LEICESTER, "2020/21", None, 62.3),
        ("complaints_fully_upheld", LEICESTER, "2018/19", None, 18),
        ("commendations", LEICESTER, "2019/20", None, 295),
        ("qaf_compliance_pct", LEICESTER, "2018/19", "Domiciliary Care", 72.4),
        ("qaf_assessed_pct", LEICESTER, "31 May 2023", "Residential & Nursing Care", 88.2),
        ("reablement_91day", LEICESTER, "2021/22", None, 88.2),
        ("reablement_91day", "E12000004", "2021/22", None, 82.0),
        ("reablement_91day", "E92000001", "2021/22", None, 81.8),
        ("sickness_days_lost", LEICESTER, "2022/23 Q4", "Social Care & Safeguarding", 15.1),
        ("sickness_days_lost", LEICESTER, "2020/21 Q1", "Social Care & Commissioning", 7.8),
        ("reviews_coverage_pct", LEICS, "2021/22", None, 67),
        ("reviews_coverage_pct", "E92000001", "2021/22", None, 55),
        ("assessment_wait_28d_pct", LEICS, "Feb 2023", None, 59),
        ("caseload_average", LEICS, "Jan 2023", "Highest service", 11.4),
        ("reablement_no_ongoing_pct", LEICS, "2021/22", None, 90),
        ("cqc_good_outstanding_pct", LEICS, "Feb 2023", "Care homes with nursing", 88.9),
        ("cqc_good_outstanding_pct", "E12000004", "Feb 2023", "Residential care homes", 70.6),
        ("vacancy_rate_pct", LEICS, "2021/22", None, 7.5),
        ("turnover_rate_pct", "E92000001", "2021/22", None, 29),
        ("admissions_65_rate", "E12000004", "2021/22", None, 562.0),
        ("admissions_18_64_rate", LEICS, "2021/22", None, 6.1),
        ("safeguarding_alerts", LEICS, "2021/22", None, 5513),
        ("msp_asked_pct", "CIPFA-NN-E10000018", "2021/22", None, 76),
        ("dols_live", LEICS, "18 Jan 2023", None, 1935),
        ("dols_referrals", LEICS, "2022/23 Q1-Q3", None, 4539),
        ("hart_service_users", LEICS, "2019/20", None, 3083),
        ("direct_payments_pct", "E92000001", "2021/22", None, 27),
    ],
)
def test_published_figure_is_transcribed_exactly(values, indicator, area, label, cat, value):
    assert one(values, indicator, area, label, cat)["value"] == value


def test_statements_are_kept_as_words_not_numbers(values):
    row = one(values, "reablement_no_ongoing_pct", LEICS, "2021/22")
    assert row["note"] == "In the best 25% of councils"
    ambiguous = one(values, "assessment_wait_6m_pct", LEICS, "Feb 2023")
    assert ambiguous["value"] is None and "6%%" in ambiguous["note"]


def test_demonstration_breakdowns_add_up_to_published_totals(values):
    published = values.filter(
        pl.col("dataset").is_in(TRANSCRIBED) & pl.col("breakdown_dim").is_null() & pl.col("value").is_not_null()
    )
    counts = [i.id for i in registry.INDICATORS if i.is_count]
    demo = values.filter(
        (pl.col("provenance") == "demonstration")
        & pl.col("breakdown_dim").is_not_null()
        & pl.col("indicator_id").is_in(counts)
    )
    sums = demo.group_by("indicator_id", "area_code", "period_label", "breakdown_dim").agg(pl.col("value").sum())
    checked = sums.join(
        published.select("indicator_id", "area_code", "period_label", pl.col("value").alias("total")),
        on=["indicator_id", "area_code", "period_label"],
    )
    assert checked.height > 100
    assert set(checked["indicator_id"]) >= {
        "contacts_new",
        "assessments_completed",
        "reviews_completed",
        "admissions_permanent",
        "reviews_overdue_24m",
        "complaints_total",
    }
    assert (checked["value"] == checked["total"]).all(), checked.filter(pl.col("value") != pl.col("total"))


def test_demonstration_months_add_up_to_published_years(values):
    months = values.filter(
        (pl.col("provenance") == "demonstration")
        & (pl.col("period_type") == "month")
        & (pl.col("indicator_id") == "reviews_completed")
        & (pl.col("area_code") == LEICESTER)
        & pl.col("breakdown_dim").is_null()
    )
    fy = months.with_columns(
        pl.when(pl.col("period_start").dt.month() >= 4)
        .then(pl.col("period_start").dt.year())
        .otherwise(pl.col("period_start").dt.year() - 1)
        .alias("fy")
    )
    total_2022 = fy.filter(pl.col("fy") == 2022)["value"].sum()
    assert total_2022 == one(values, "reviews_completed", LEICESTER, "2022/23")["value"]


def test_overdue_series_is_calibrated_to_the_report(values):
    """The series drawn: the two published points as published rows, the months between as demonstration."""
    from metrics.storage import query
    from metrics.storage.store import DataStore

    series = query.series(
        store=DataStore(ROOT / "data"), indicator_id="reviews_overdue_24m", area_code=LEICESTER, period_type="snapshot"
    )
    assert series["value"].min() == 120 and series["value"].max() == 1348
    assert series.filter(pl.col("value") == 1348)["period_label"].to_list() == ["Jun 2023"]
    published = series.filter(pl.col("provenance") == "published")["period_label"].to_list()
    assert (
        set(published) >= {"Mar 2018", "Jun 2023"}
        and (series.filter(pl.col("provenance") != "published")["provenance"] == "demonstration").all()
    )
    assert series.filter(pl.col("period_end") < pl.date(2020, 4, 1))["value"].max() < 300  # low until April 2020
    twelve = values.filter(
        (pl.col("indicator_id") == "reviews_overdue_12m")
        & pl.col("breakdown_dim").is_null()
        & pl.col("value").is_not_null()
    ).sort("period_end")
    joined = series.join(twelve, on="period_label", suffix="_12")
    assert (joined["value_12"] > joined["value"]).all()
    assert twelve.filter(pl.col("period_label") == "Mar 2023")["value"][0] > 0.5 * 5144


def test_split_total_is_exact_and_deterministic():
    assert sum(split_total(total=1348, weights=[0.3, 1.2, 0.9])) == 1348
    assert split_total(total=10, weights=[1, 1, 1]) == [4, 3, 3]
    pub = pl.read_parquet(ROOT / "data" / "values" / "leicester_001_appendix_c.parquet")
    assert demonstration.generate(pub).equals(demonstration.generate(pub))


def test_every_indicator_with_values_is_registered(values):
    assert set(values["indicator_id"]) <= registry.ids()
