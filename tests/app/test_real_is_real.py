"""Real is real, on the pages: a publisher's parts used as soon as they are published, the latest figure first,
and demonstration never passing for published."""

from __future__ import annotations

import polars as pl

from metrics.figures import briefing, funnels
from metrics.ingest.values import ingest_open_data
from metrics.storage.store import DataStore
from tests.app.conftest import ROOT, open_page, open_tables, tables_of, text_of

STORE = DataStore(ROOT / "data")
HEADER = (
    "Geographical Code,Geographical Description,Geographical Level,ONS Code,ASCOF Measure Code,"
    "Disaggregation Level,Measure Type,Measure Value,Measure Group,Measure Group Description\n"
)
WORDS = "Proportion of older people (aged 65 and over) who were still at home 91 days after discharge"


def _open_data_2020_21(path) -> None:
    """An NHS Digital ASCOF open-data file for 2020-21, measure 2B1, with its parts: Leicester 185 of 202, and
    thirty other councils and England, so a funnel can be drawn."""
    councils = STORE.areas().filter(pl.col("area_type") == "council")["area_code"].to_list()
    others = [c for c in councils if c != "E06000016"][:30]
    lines = []
    for k, code in enumerate(["E06000016", *others]):
        num, den = (185, 202) if code == "E06000016" else (150 + k, 200 + 2 * k)
        for kind, value in (("Numerator", num), ("Denominator", den), ("Outcome", round(num / den * 100, 1))):
            lines.append(f"x,{code},Council,{code},2B1,Total,{kind},{value},2B1,{WORDS}")
    lines.append(f"E,England,England,E92000001,2B1,Total,Outcome,79.1,2B1,{WORDS}")
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")


def test_published_parts_are_used_as_soon_as_they_are_published(broken_copy, tmp_path):
    path = tmp_path / "meas-from-asc-of-eng-2021.csv"
    _open_data_2020_21(path)
    ingest_open_data(path=path, dataset="national_ascof_open_2020_21", data_dir=broken_copy)
    at = open_tables(open_page("app_pages/reablement.py", indicator="reablement_91day", ptype="financial year"))
    assert not at.exception and not at.error, [e.value for e in at.error]
    table = tables_of(at)[0]
    row = table.filter((pl.col("Series") == "Leicester") & (pl.col("Period") == "2020/21")).row(0, named=True)
    assert row["Value"] == "91.6%" and row["Of (numerator of denominator)"] == "185 of 202"
    assert "Wilson" in row["95% confidence interval"]
    store = DataStore(broken_copy)
    funnel = funnels.build(
        store=store,
        indicator_id="reablement_91day",
        area_code="E06000016",
        neighbours=[],
        period_label="2020/21",
        period_type="financial year",
    )
    assert funnel.position_of("E06000016") is not None
    ranked = open_page("app_pages/where_we_sit.py", indicator="reablement_91day", period="2020/21", chart="funnel")
    assert not ranked.exception and "Funnel plot of" in text_of(ranked)


def test_the_eligible_needs_tile_leads_with_the_latest_quarter():
    brief = briefing.build(
        store=STORE, indicator_id="assessments_eligible_pct", area_code="E06000016", audience="public", threshold=5
    )
    assert (brief.latest_period, brief.latest_value) == ("2023/24 Q1", "51.9%")
    at = open_page("app_pages/overview.py")
    assert "51.9%" in text_of(at) and "2023/24 Q1" in text_of(at)
