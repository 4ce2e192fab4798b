"""Where a note sits on a chart and its number: one answer for the chart, its description, the slide and the CSV."""

from __future__ import annotations

import io
from datetime import date

import polars as pl

from metrics.commentary.annotations import Annotation
from metrics.core import periods
from metrics.figures import annotated, chart_data, chart_spec
from metrics.figures.export import csv_bytes
from metrics.storage.store import DataStore
from tests.conftest import HOME


def note(entry: int, label: str, text: str, *, published: bool = True) -> Annotation:
    return Annotation(
        entry=entry,
        indicator_id="reablement_91day",
        area_code=HOME,
        period_label=label,
        period_end=periods.parse(label).end,
        text=text,
        author="Ann Officer",
        written_at="2024-05-12T09:00:00+00:00",
        published_by="Ann Officer" if published else "",
        published_at="2024-05-20T09:00:00+00:00" if published else "",
    )


def table(data_dir) -> chart_data.ChartTable:
    """Reablement over two years for the hand-built council: 2020/21 and 2021/22."""
    return chart_data.build(store=DataStore(data_dir), indicator_id="reablement_91day", area_code=HOME)


def test_notes_are_numbered_from_the_earliest_point_and_a_month_sits_on_its_year(data_dir):
    notes = [
        note(5, "2021/22", "Data error found after papers were sent"),
        note(7, "Jun 2020", "Covid: hospital discharge scheme"),  # a month inside 2020/21
        note(9, "2015/16", "Not on this chart"),
        note(3, "2021/22", "New front door", published=False),
    ]
    markers = annotated.place(notes, table=table(data_dir))
    # numbered over all the indicator's notes from the earliest (2015/16 is note 1, though not on this chart)
    assert [(m.number, m.at, m.note.entry) for m in markers] == [
        (2, "2020/21", 7),
        (3, "2021/22", 3),
        (4, "2021/22", 5),
    ]
    assert markers[0].words == "2. Jun 2020 (marked at 2020/21): Covid: hospital discharge scheme"
    assert markers[1].listed.endswith("(Ann Officer, 2024-05-12; draft, not yet published)")
    assert markers[0].x == date(2021, 3, 31)


def test_the_chart_its_description_and_the_csv_carry_the_same_numbered_notes(data_dir):
    t = table(data_dir)
    markers = annotated.place([note(1, "2021/22", "New front door")], table=t)
    spec = chart_spec.build(t, notes=markers)
    assert spec.notes == markers
    assert spec.description.endswith("Notes on the chart: 1. 2021/22: New front door")
    assert chart_spec.build(t).notes == ()
    frame = pl.read_csv(
        io.BytesIO(csv_bytes(annotated.export_frame(chart_data.export_frame(t), markers=markers))), infer_schema=False
    )
    noted = frame.filter(pl.col(annotated.COLUMN).is_not_null())
    assert noted.select("series", "period_label").rows() == [(t.area_name, "2021/22")]
    assert noted[annotated.COLUMN][0].startswith("1. 2021/22: New front door (Ann Officer")
    assert frame.height == chart_data.export_frame(t).height  # a column added, never a row


def test_a_note_that_looks_like_a_formula_reaches_the_csv_as_text(data_dir):
    t = table(data_dir)
    markers = annotated.place([note(1, "2021/22", "=1+1")], table=t)
    back = pl.read_csv(
        io.BytesIO(csv_bytes(annotated.export_frame(chart_data.export_frame(t), markers=markers))), infer_schema=False
    )
    cell = back.filter(pl.col(annotated.COLUMN).is_not_null())[annotated.COLUMN][0]
    assert cell.startswith("1. 2021/22: =1+1")  # the cell starts with the note's number: a spreadsheet reads text


def test_a_number_is_the_same_note_on_every_chart_and_a_year_sits_on_its_last_quarter(data_dir):
    t = table(data_dir)  # years 2020/21 and 2021/22
    notes = [note(1, "2015/16", "Off this chart"), note(2, "2021/22", "On it"), note(3, "Jun 2020", "Inside 2020/21")]
    markers = annotated.place(notes, table=t)
    assert [(m.number, m.note.entry) for m in markers] == [(2, 3), (3, 2)]  # note 1 is not on this chart: skipped
    quarters = chart_data.build(store=DataStore(data_dir), indicator_id="contacts_new", area_code=HOME)
    year = Annotation(9, "contacts_new", HOME, "2022/23", date(2023, 3, 31), "A year's note", "Ann", "2024-01-01")
    (marker,) = annotated.place([year], table=quarters)
    assert marker.at == "2022/23 Q4" and marker.words == "1. 2022/23 (marked at 2022/23 Q4): A year's note"
