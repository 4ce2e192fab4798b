"""Every CSV a page offers can be built, and no cell in it can run as a spreadsheet formula."""

from __future__ import annotations

import io

import polars as pl

from metrics.core import registry
from metrics.figures import chart_data
from metrics.figures.export import csv_bytes, neutralise
from metrics.storage import query
from metrics.storage.store import DataStore
from tests.app.conftest import ROOT
from tests.conftest import HOME, value_row, values_frame


def test_formula_like_text_is_neutralised_and_numbers_stay_numbers():
    frame = pl.DataFrame(
        {
            "note": ["=cmd|' /C calc'!A0", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "fine", None],
            "value": [-1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
        }
    )
    out = neutralise(frame)
    assert out["note"].to_list() == ["'=cmd|' /C calc'!A0", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "fine", None]
    assert out["value"].to_list() == frame["value"].to_list()
    back = pl.read_csv(io.BytesIO(csv_bytes(frame)))
    assert back["value"].dtype == pl.Float64 and back["value"][0] == -1.0


def test_a_note_with_a_formula_reaches_the_chart_csv_inert(data_dir):
    values_frame([value_row("reablement_91day", HOME, "2022/23", 80.0, note="=cmd|' /C calc'!A0")]).write_parquet(
        data_dir / "values" / "hostile.parquet"
    )
    table = chart_data.build(store=DataStore(data_dir), indicator_id="reablement_91day", area_code=HOME)
    text = csv_bytes(chart_data.export_frame(table)).decode()
    assert "'=cmd|" in text and ",=cmd|" not in text


def test_every_chart_csv_of_the_bundled_data_can_be_built():
    store = DataStore(ROOT / "data")
    built = 0
    for ind in registry.INDICATORS:
        for dim in [None, *query.breakdowns(store=store, indicator_id=ind.id, area_code="E06000016")]:
            table = chart_data.build(store=store, indicator_id=ind.id, area_code="E06000016", breakdown_dim=dim)
            frame = pl.read_csv(io.BytesIO(csv_bytes(chart_data.export_frame(table))), infer_schema=False)
            assert frame.columns[:3] == ["indicator_id", "indicator", "series"] and "definition" in frame.columns
            built += 1
    assert built > 60
