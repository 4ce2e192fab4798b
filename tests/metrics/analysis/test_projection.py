import re
from pathlib import Path

import polars as pl
import pytest

from metrics.analysis import projection
from metrics.core import registry
from metrics.storage import query
from metrics.storage.store import DataStore
from tests.conftest import HOME, value_row, values_frame

ROOT = Path(__file__).resolve().parents[3]
CONTACTS = registry.get("contacts_new")


def test_straight_line_scales_the_year_so_far():
    rows = [
        value_row("contacts_new", HOME, "2023/24 Q1", 100, ptype="quarter"),
        value_row("contacts_new", HOME, "2023/24 Q2", 120, ptype="quarter"),
    ]
    (straight,) = projection.year_end(values_frame(rows), indicator=CONTACTS)
    assert straight.method == "straight line" and straight.value == 440 and straight.year_label == "2023/24"


def test_seasonal_uses_the_share_of_earlier_years():
    rows = [
        value_row("contacts_new", HOME, f"2022/23 Q{q}", v, ptype="quarter")
        for q, v in ((1, 20), (2, 30), (3, 25), (4, 25))
    ]
    rows += [
        value_row("contacts_new", HOME, "2022/23", 100),
        value_row("contacts_new", HOME, "2023/24 Q1", 30, ptype="quarter"),
    ]
    straight, seasonal = projection.year_end(values_frame(rows), indicator=CONTACTS)
    assert straight.value == 120 and seasonal.value == pytest.approx(150) and "20.0%" in seasonal.based_on


def test_no_projection_for_a_complete_year_a_gap_or_a_snapshot_count():
    complete = [
        value_row("contacts_new", HOME, "2022/23", 100),
        value_row("contacts_new", HOME, "2022/23 Q1", 20, ptype="quarter"),
    ]
    assert projection.year_end(values_frame(complete), indicator=CONTACTS) == []
    gap = [value_row("contacts_new", HOME, "2023/24 Q2", 20, ptype="quarter")]
    assert projection.year_end(values_frame(gap), indicator=CONTACTS) == []
    overdue = [value_row("reviews_overdue_24m", HOME, "2023/24 Q1", 20, ptype="quarter")]
    assert projection.year_end(values_frame(overdue), indicator=registry.get("reviews_overdue_24m")) == []


def test_reproduces_the_leicester_reports_own_projection():
    """Appendix C: 'if this is sustained throughout the year we will see a much lower outturn of just 776'."""
    transcribed = pl.read_csv(ROOT / "transcriptions" / "leicester_001_appendix_c.csv", infer_schema=False)
    note = transcribed.filter((pl.col("indicator_id") == "lts_new_from_requests") & (pl.col("period") == "2023/24 Q1"))[
        "note"
    ][0]
    printed = int(re.search(r"outturn of (\d[\d,]*)", note)[1].replace(",", ""))
    frame = query.series(store=DataStore(ROOT / "data"), indicator_id="lts_new_from_requests", area_code=HOME)
    (straight,) = projection.year_end(frame, indicator=registry.get("lts_new_from_requests"))
    assert straight.value == printed
