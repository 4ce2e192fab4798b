"""Former councils' codes read as their successors' for later periods, and never for earlier ones."""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.sources.ascof import Report, keep_known_areas
from metrics.sources.codes import AreaCodes
from seed.areas import build_other_authorities

DORSET, DORSET_COUNTY, CUMBRIA = "E06000059", "E10000009", "E10000006"


def _areas(*codes: str) -> pl.DataFrame:
    return pl.DataFrame({"area_code": list(codes)})


def _former(rows: list[tuple[str, str, date]]) -> pl.DataFrame:
    return pl.DataFrame(
        [(code, "x", "former council", successor, "y", ended, "test") for code, successor, ended in rows],
        schema=["area_code", "area_name", "kind", "asc_code", "asc_name", "end_date", "source"],
        orient="row",
    )


def test_a_former_councils_code_is_its_successors_after_the_abolition_only():
    codes = AreaCodes.from_tables(
        areas=_areas(DORSET, "E06000016"), other_authorities=_former([(DORSET_COUNTY, DORSET, date(2019, 3, 31))])
    )
    frame = pl.DataFrame(
        {"area_code": [DORSET_COUNTY, DORSET_COUNTY, "E06000016"], "period": ["2024-25", "2018-19", "2024-25"]}
    )
    recoded, moved = codes.recode(frame)
    assert recoded["area_code"].to_list() == [DORSET, DORSET_COUNTY, "E06000016"]
    assert moved == {DORSET_COUNTY: DORSET}


def test_the_adapters_keep_the_successors_rows_and_set_aside_the_former_councils_own():
    codes = AreaCodes.from_tables(
        areas=_areas(DORSET), other_authorities=_former([(DORSET_COUNTY, DORSET, date(2019, 3, 31))])
    )
    rows = [
        ("staff_turnover_pct", DORSET_COUNTY, "2024-25", "34.6", None, None, None, "final", "s", None, None),
        ("staff_turnover_pct", DORSET_COUNTY, "2018-19", "30.0", None, None, None, "final", "s", None, None),
    ]
    report = Report(file="t")
    kept = keep_known_areas(rows, areas=codes, report=report)
    assert kept.select("area_code", "period", "value").rows() == [(DORSET, "2024-25", "34.6")]
    assert report.unknown_areas == {DORSET_COUNTY}
    assert f"{DORSET_COUNTY} as {DORSET}" in str(report)


def test_no_alias_to_a_successor_the_areas_table_does_not_hold():
    codes = AreaCodes.from_tables(
        areas=_areas("E06000016"), other_authorities=_former([(DORSET_COUNTY, DORSET, date(2019, 3, 31))])
    )
    assert codes.aliases == {}
    assert (
        AreaCodes.of(["E06000016"]).recode(pl.DataFrame({"area_code": [DORSET_COUNTY], "period": ["2024-25"]}))[1] == {}
    )


def test_the_lookup_names_dorsets_successor_and_aliases_no_council_split_in_two(shared):
    other = build_other_authorities(shared_data=shared)
    former = other.filter(pl.col("kind") == "former council")
    dorset = former.filter(pl.col("area_code") == DORSET_COUNTY).row(0, named=True)
    assert (dorset["asc_code"], dorset["end_date"]) == (DORSET, date(2019, 3, 31))
    assert CUMBRIA not in former["area_code"].to_list()  # Cumberland, and Westmorland and Furness
    assert "E10000021" not in former["area_code"].to_list()  # North and West Northamptonshire
