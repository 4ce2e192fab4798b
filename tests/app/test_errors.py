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
    at = open_page("app_pages/reviews.py", indicator="reviews_overdue_24m")
    assert "1,348" in text_of(at)  # Leicester's own data is still served


def test_a_values_file_with_a_bad_row_is_set_aside_naming_column_and_row(broken_copy):
    path = broken_copy / "values" / "leicester_001_appendix_c.parquet"
    frame = pl.read_parquet(path)
    frame.with_columns(
        pl.when(pl.int_range(pl.len()) == 3).then(-7.0).otherwise(pl.col("value")).alias("value")
    ).write_parquet(path)
    at = open_page("app_pages/overview.py")
    message = "\n".join(w.value for w in at.warning)
    assert "leicester_001_appendix_c.parquet" in message and "row 5" in message and "`value`" in message
    assert "checksum recorded when it was published" in message  # changed by hand since publish
    assert not at.exception


def overwrite_middle(path, *, fraction=0.5, length=4096):
    """Bytes in the middle of a file overwritten; its end (the Parquet footer) left intact."""
    data = bytearray(path.read_bytes())
    start = int(len(data) * fraction)
    data[start : start + length] = bytes((i * 37) % 256 for i in range(min(length, len(data) - start - 64)))
    path.write_bytes(bytes(data))


def test_bytes_overwritten_mid_file_leave_every_page_working_and_name_the_file(broken_copy):
    overwrite_middle(broken_copy / "values" / "leicester_synthetic_cld.parquet")
    for page in PAGES:
        at = open_page(page)
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not at.error, (page, [e.value for e in at.error])
        assert any("leicester_synthetic_cld.parquet" in w.value for w in at.warning), page
    about = text_of(open_page("app_pages/about.py"))
    assert "leicester_synthetic_cld" in about and "checksum" in about  # not served, and why
    at = open_page("app_pages/reablement.py", indicator="reablement_91day")
    assert "59.6%" in text_of(at)  # everything not in that file still shows


def test_a_file_that_fails_to_decode_after_opening_is_set_aside(broken_copy):
    """No checksum to catch it (a file put in by hand): the query that meets the damage sets it aside and goes on."""
    import json

    from metrics.storage import query
    from metrics.storage.store import DataStore

    path = broken_copy / "values" / "leicester_synthetic_cld.parquet"
    manifest = broken_copy / "values" / ".manifest.json"
    entries = json.loads(manifest.read_text())
    entries.pop(path.name)
    manifest.write_text(json.dumps(entries))
    size, footer = path.stat().st_size, int.from_bytes(path.read_bytes()[-8:-4], "little")
    overwrite_middle(path, fraction=0.01, length=size - footer - 64 - int(size * 0.01))  # every data page, no footer
    store = DataStore(broken_copy)
    assert path in store.value_files()  # its footer reads: served until a query meets the damage
    frame = query.series(store=store, indicator_id="reviews_overdue_24m", area_code="E06000016")
    assert (
        frame.height and (frame["provenance"] != "demonstration").all()
    )  # the published figures, without the damaged file
    assert str(path) in store.rejected and "cannot be decoded" in store.rejected[str(path)]


def test_missing_areas_table_is_an_error_naming_the_file(broken_copy):
    (broken_copy / "areas.parquet").unlink()
    for page in ("app_pages/overview.py", "app_pages/reviews.py", "app_pages/about.py"):
        at = open_page(page)
        assert not at.exception, page
        assert any("areas.parquet" in e.value for e in at.error), page


def test_missing_commentary_leaves_the_chart_standing(broken_copy):
    (broken_copy / "commentary.parquet").unlink()
    at = open_page("app_pages/reablement.py", indicator="reablement_91day")
    assert not at.exception
    assert any("commentary.parquet" in e.value for e in at.error)
    assert tables_of(open_tables(at))  # the chart's data table is still there


def test_a_wrong_setting_is_named_on_screen(broken_copy, tmp_path, monkeypatch):
    config = tmp_path / "bad.toml"
    config.write_text('audience = "everyone"\n')
    monkeypatch.setenv("SCRUTINY_CONFIG", str(config))
    at = open_page("app_pages/overview.py")
    assert not at.exception
    assert any("`audience`" in e.value for e in at.error)


def test_a_damaged_published_file_shows_its_last_whole_version_and_says_so(broken_copy):
    import polars as pl

    from metrics.storage.publish import publish

    target = broken_copy / "values" / "leicester_synthetic_cld.parquet"
    first = pl.read_parquet(target)
    publish(frame=first.with_columns(pl.lit("changed").alias("note")), target=target)  # the first is kept
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    at = open_page("app_pages/reviews.py", indicator="reviews_overdue_24m")
    assert not at.exception
    said = " ".join(w.value for w in at.warning)
    assert "leicester_synthetic_cld.parquet" in said and "is shown in its place" in said
    assert "hollow points: demonstration data" in text_of(at)  # the kept version's figures are on the chart


def test_a_file_set_aside_mid_session_leaves_the_funnel_plot_in_words_not_a_crash(broken_copy):
    """The funnel plot once showed AttributeError ('NoneType' has no 'indicator') to every session after the file
    behind it was set aside, until the server restarted."""
    from views.resources import store

    at = open_page("app_pages/where_we_sit.py", chart="funnel", indicator="reablement_91day")
    assert not at.exception and not at.error and "funnel plot" in text_of(at)
    path = broken_copy / "values" / "national_ascof.parquet"
    store().set_aside(path, "its contents cannot be decoded: it may be damaged")  # as a query meeting damage does
    for indicator in ("reablement_91day", "ld_home_pct"):  # the one on screen, then one not read before
        at = open_page("app_pages/where_we_sit.py", chart="funnel", indicator=indicator)
        assert not at.exception, [e.value for e in at.exception]
        shown = text_of(at) + " ".join(e.value for e in at.error) + " ".join(w.value for w in at.warning)
        assert "AttributeError" not in shown and "NoneType" not in shown
        assert "national_ascof.parquet" in shown  # set aside, and said
