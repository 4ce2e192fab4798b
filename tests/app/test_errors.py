"""Bad or missing tables: the page that needs one says which file; nothing else breaks; no traceback."""
from __future__ import annotations

import polars as pl

from tests.app.conftest import PAGES, open_page, open_tables, tables_of, text_of


def test_a_corrupt_values_file_is_named_and_the_rest_still_shows(broken_copy):
    (broken_copy / "values" / "leicestershire_000_self_assessment.parquet").write_bytes(b"garbage")
    for page in PAGES:
        at = open_page(page)
        assert not at.exception, (page, [e.value for e in at.exception])
        assert any("leicestershire_000_self_assessment.parquet" in w.value for w in at.warning), page
    at = open_page("pages/reviews.py", indicator="reviews_overdue_24m")
    assert "1,348" in text_of(at)  # Leicester's own data is still served


def test_a_values_file_with_a_bad_row_is_set_aside_naming_column_and_row(broken_copy):
    path = broken_copy / "values" / "leicester_001_appendix_c.parquet"
    frame = pl.read_parquet(path)
    frame.with_columns(pl.when(pl.int_range(pl.len()) == 3).then(-7.0).otherwise(pl.col("value")).alias("value")) \
        .write_parquet(path)
    at = open_page("pages/overview.py")
    message = "\n".join(w.value for w in at.warning)
    assert "leicester_001_appendix_c.parquet" in message and "row 5" in message and "`value`" in message
    assert not at.exception


def test_missing_areas_table_is_an_error_naming_the_file(broken_copy):
    (broken_copy / "areas.parquet").unlink()
    for page in ("pages/overview.py", "pages/reviews.py", "pages/about.py"):
        at = open_page(page)
        assert not at.exception, page
        assert any("areas.parquet" in e.value for e in at.error), page


def test_missing_commentary_leaves_the_chart_standing(broken_copy):
    (broken_copy / "commentary.parquet").unlink()
    at = open_page("pages/reablement.py", indicator="reablement_91day")
    assert not at.exception
    assert any("commentary.parquet" in e.value for e in at.error)
    assert tables_of(open_tables(at))  # the chart's data table is still there


def test_a_wrong_setting_is_named_on_screen(broken_copy, tmp_path, monkeypatch):
    config = tmp_path / "bad.toml"
    config.write_text('audience = "everyone"\n')
    monkeypatch.setenv("SCRUTINY_CONFIG", str(config))
    at = open_page("pages/overview.py")
    assert not at.exception
    assert any("`audience`" in e.value for e in at.error)
