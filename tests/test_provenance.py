"""Real is real: every values row says what it is in one field (provenance), a published figure is always the
published row, demonstration fills only what nothing publishes, and every surface reads that one field.

Walks every row of the bundled data, then every chart table, CSV, brief and slide of the two councils whose
documents are bundled.
"""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest

from metrics.core import periods, registry
from metrics.figures import briefing, chart_data
from metrics.figures.export import csv_bytes
from metrics.storage import query, schema
from metrics.storage.store import DataStore
from pack.slides import slide_text

ROOT = Path(__file__).resolve().parents[1]
STORE = DataStore(ROOT / "data")
COUNCILS = ("E06000016", "E10000018")
KEY = list(schema.KEY)


@pytest.fixture(scope="module")
def values() -> pl.DataFrame:
    return STORE.values().collect()


def test_every_row_says_what_it_is(values):
    assert set(values["provenance"].unique()) <= set(schema.PROVENANCES)
    says_demo = values["source"].str.to_lowercase().str.starts_with("demonstration")
    assert (says_demo == (values["provenance"] == schema.DEMONSTRATION)).all()
    assert (values.filter(pl.col("dataset") == "leicester_synthetic_cld")["provenance"] == schema.DEMONSTRATION).all()
    assert (values.filter(pl.col("dataset").str.starts_with("national_"))["provenance"] == schema.PUBLISHED).all()


def test_no_figure_has_both_a_published_and_a_demonstration_row(values):
    kinds = values.group_by(KEY).agg(pl.col("provenance").unique().alias("kinds"))
    both = kinds.filter(pl.col("kinds").list.contains(schema.DEMONSTRATION) & (pl.col("kinds").list.len() > 1))
    assert both.height == 0, both.head(5)


def _transcribed() -> pl.DataFrame:
    frames = [
        pl.read_csv(path, infer_schema=False)
        for path in (ROOT / "transcriptions").glob("*.csv")
        if path.name.startswith(("leicester_", "leicestershire_"))
    ]
    return pl.concat(frames, how="diagonal_relaxed").filter(pl.col("value").is_not_null())


def test_every_transcribed_figure_is_a_published_row_citing_its_document(values):
    """The figures typed from the two councils' documents: each is in the data as a published row, with the
    document and section as its source, and its key is never answered by demonstration data."""
    found = 0
    for row in _transcribed().iter_rows(named=True):
        p = periods.parse(row["period"], period_type=row["period_type"] or None)
        mine = values.filter(
            (pl.col("indicator_id") == row["indicator_id"])
            & (pl.col("area_code") == row["area_code"])
            & (pl.col("period_label") == p.label)
            & (pl.col("breakdown_cat").eq_missing(row["breakdown_cat"] or None))
            & (pl.col("source") == row["source"])
        )
        assert mine.height == 1, row
        assert mine["provenance"][0] == schema.PUBLISHED, row
        assert mine["value"][0] == pytest.approx(float(row["value"].replace(",", "").rstrip("%"))), row
        chosen = query.rows_for(
            store=STORE,
            indicator_id=row["indicator_id"],
            area_codes=[row["area_code"]],
            breakdown_dim=mine["breakdown_dim"][0],
        ).filter((pl.col("period_label") == p.label) & pl.col("breakdown_cat").eq_missing(row["breakdown_cat"] or None))
        assert chosen["provenance"].to_list() == [schema.PUBLISHED], row
        found += 1
    assert found >= 60


def test_a_published_figure_never_carries_a_demonstration_note():
    """Leicester's ASCOF 2D for 2017/18 is NHS Digital's 69.8; the synthetic figure (86.8) is not drawn, and its
    note says nothing (issue: the page drew 69.8 under the synthetic row's note)."""
    rows = query.rows_for(
        store=STORE, indicator_id="reablement_no_ongoing_pct", area_codes=["E06000016"], breakdown_dim=None
    )
    row = rows.filter(pl.col("period_label") == "2017/18").row(0, named=True)
    assert row["value"] == 69.8 and row["provenance"] == schema.PUBLISHED
    assert "synthetic" not in (row["note"] or "").lower() and "demonstration" not in (row["note"] or "").lower()


def _tables(area: str):
    for ind in registry.INDICATORS:
        dims = [None, *query.breakdowns(store=STORE, indicator_id=ind.id, area_code=area)]
        for dim in dims:
            yield chart_data.build(
                store=STORE, indicator_id=ind.id, area_code=area, breakdown_dim=dim, audience="public", threshold=5
            )


@pytest.mark.parametrize("area", COUNCILS)
def test_every_chart_table_and_its_csv_read_the_one_field(area, values):
    stored = values.filter(pl.col("area_code") == area).select(*KEY, pl.col("provenance").alias("_stored"))
    for table in _tables(area):
        ours = table.frame.filter(pl.col("kind") == "ours")
        assert (ours["demonstration"] == (ours["provenance"] == schema.DEMONSTRATION)).all(), table.indicator.id
        joined = ours.with_columns(
            pl.lit(table.indicator.id).alias("indicator_id"), pl.lit(area).alias("area_code")
        ).join(stored, on=KEY, how="left", nulls_equal=True)
        assert (joined["provenance"] == joined["_stored"]).all(), table.indicator.id
        exported = pl.read_csv(io.BytesIO(csv_bytes(chart_data.export_frame(table))), infer_schema_length=0)
        assert exported.filter(pl.col("kind") == "ours")["provenance"].to_list() == ours["provenance"].to_list()
        notes = table.statements["note"].drop_nulls().to_list()
        assert not [n for n in notes if "synthetic" in n.lower()], (table.indicator.id, notes[:2])


@pytest.mark.parametrize("area", COUNCILS)
def test_every_brief_and_slide_marks_demonstration_only_where_the_figure_is(area):
    for ind in registry.INDICATORS:
        b = briefing.build(store=STORE, indicator_id=ind.id, area_code=area, audience="public", threshold=5)
        if not b.latest_period or b.table.breakdown_dim is not None:
            continue
        row = b.table.frame.filter((pl.col("kind") == "ours") & (pl.col("period_label") == b.latest_period))
        assert b.latest_demonstration == bool(row["demonstration"].any()), ind.id
        slide = slide_text(b, threshold=5, audience="public")
        assert ("DEMONSTRATION DATA" in " ".join(slide.notes)) == b.uses_demonstration, ind.id
