import polars as pl

from metrics.storage import query, schema
from metrics.storage.store import DataStore
from tests.conftest import HOME, value_row, values_frame


def test_series_gives_headline_or_one_breakdown(data_dir):
    store = DataStore(data_dir)
    head = query.series(store=store, indicator_id="contacts_new", area_code=HOME)
    assert head["value"].to_list() == [4317.0, 4525.0, 4822.0]
    ages = query.series(store=store, indicator_id="contacts_new", area_code=HOME, breakdown_dim="age band")
    assert ages["breakdown_cat"].to_list() == ["18-64", "65+"] and ages["is_demonstration"].all()
    assert query.breakdowns(store=store, indicator_id="contacts_new", area_code=HOME) == ["age band"]


def test_latest_compares_with_previous_quarter_and_same_quarter_last_year(data_dir):
    store = DataStore(data_dir)
    got = query.latest(query.series(store=store, indicator_id="contacts_new", area_code=HOME))
    assert (
        got.current.label == "2023/24 Q1" and got.previous.label == "2022/23 Q4" and got.year_ago.label == "2022/23 Q1"
    )
    assert got.change_previous == 4822 - 4525 and got.change_year == 4822 - 4317


def test_latest_of_an_empty_series_is_none():
    assert query.latest(values_frame([])) is None


def test_latest_reports_a_newer_statement():
    rows = [
        value_row("reablement_91day", HOME, "2021/22", 88.2),
        value_row("reablement_91day", HOME, "2023/24 Q1", None, ptype="quarter", note="Improved in Q1"),
    ]
    got = query.latest(values_frame(rows))
    assert got.current.value == 88.2 and got.statement == "Improved in Q1" and got.previous is None


def test_default_period_type_prefers_the_newest_then_most_points_then_finer():
    rows = [value_row("contacts_new", HOME, label, 1, ptype="quarter") for label in ("2022/23 Q1", "2022/23 Q2")]
    rows += [value_row("contacts_new", HOME, "2022/23", 2)]
    frame = values_frame(rows)
    assert query.default_period_type(frame) == "financial year"  # the year ends after both quarters
    assert query.period_types(frame) == ["quarter", "financial year"]
    rows += [value_row("contacts_new", HOME, label, 1, ptype="quarter") for label in ("2022/23 Q3", "2022/23 Q4")]
    assert query.default_period_type(values_frame(rows)) == "quarter"  # both end in March 2023: more points


def test_filters_reach_the_parquet_scan(data_dir):
    plan = DataStore(data_dir).values().filter(pl.col("indicator_id") == "contacts_new").explain()
    assert "contacts_new" in plan and ("SELECTION" in plan or "FILTER" in plan.upper())


def test_latest_prefers_the_published_series_over_demonstration_months():
    rows = [
        value_row("contacts_new", HOME, "2023/24 Q1", 4822, ptype="quarter"),
        value_row("contacts_new", HOME, "2022/23 Q4", 4525, ptype="quarter"),
        value_row("contacts_new", HOME, "Jun 2023", 1813, ptype="month", demo=True),
        value_row("contacts_new", HOME, "May 2023", 1554, ptype="month", demo=True),
    ]
    got = query.latest(values_frame(rows))
    assert got.current.value == 4822 and got.period_type == "quarter" and got.previous.label == "2022/23 Q4"


def test_default_period_type_opens_on_the_published_series():
    rows = [value_row("reviews_completed", HOME, label, 1) for label in ("2021/22", "2022/23")]
    rows += [
        value_row("reviews_completed", HOME, m, 1, ptype="month", demo=True)
        for m in ("Jan 2023", "Feb 2023", "Mar 2023")
    ]
    assert query.default_period_type(values_frame(rows)) == "financial year"


def test_one_row_per_figure_prefers_the_councils_document_and_keeps_the_national_figure_beside(data_dir):
    from metrics.storage.store import values_path

    national = [value_row("reablement_91day", HOME, "2019/20", 88.2)]
    document = [value_row("reablement_91day", HOME, "2019/20", 88.0, note="Well above national averages")]
    values_frame(national).write_parquet(values_path(data_dir=data_dir, dataset="national_x"))
    values_frame(document).write_parquet(values_path(data_dir=data_dir, dataset="doc"))
    got = query.series(store=DataStore(data_dir), indicator_id="reablement_91day", area_code=HOME)
    row = got.filter(got["period_label"] == "2019/20").row(0, named=True)
    assert got.filter(got["period_label"] == "2019/20").height == 1
    # the council's own document, as stated; the national file's figure beside it
    assert row["value"] == 88.0 and row["dataset"] == "doc" and row["note"] == "Well above national averages"
    assert row["alternatives"] == "88.2 (test source)"


def test_a_value_beats_a_marker(data_dir):
    from metrics.storage.store import values_path

    marker = [value_row("reablement_91day", HOME, "2019/20", None, note="Suppressed by the publisher [c]")]
    local = [value_row("reablement_91day", HOME, "2019/20", 90.0)]
    values_frame(marker).write_parquet(values_path(data_dir=data_dir, dataset="national_x"))
    values_frame(local).write_parquet(values_path(data_dir=data_dir, dataset="doc"))
    got = query.series(store=DataStore(data_dir), indicator_id="reablement_91day", area_code=HOME)
    assert got.filter(got["period_label"] == "2019/20")["value"].to_list() == [90.0]


def test_no_change_is_reported_across_a_change_of_definition():
    rows = [
        value_row("reablement_91day", HOME, "2022/23", 88.0),
        value_row("reablement_91day", HOME, "2023/24", 90.0),
        value_row("reablement_91day", HOME, "2024/25", 59.6, definition="CLD"),
    ]
    got = query.latest(values_frame(rows))
    assert got.current.value == 59.6 and got.previous is None and got.change_previous is None
    assert got.year_ago is None and got.new_definition == "CLD"
    # the note's words play no part: the column decides
    same = [dict(r, note="not comparable with earlier years") for r in rows[:2]]
    assert query.latest(values_frame(same)).change_previous == 2.0


def test_changes_within_a_new_definition_are_compared():
    rows = [
        value_row("reablement_91day", HOME, "2023/24", 90.0),
        value_row("reablement_91day", HOME, "2024/25", 59.6, definition="CLD"),
        value_row("reablement_91day", HOME, "2025/26", 61.0, definition="CLD"),
    ]
    got = query.latest(values_frame(rows))
    assert got.previous.label == "2024/25" and round(got.change_previous, 1) == 1.4 and got.new_definition is None


def _rows(*specs):
    """(dataset, value, provenance, numerator, denominator, note) -> one values row each, for the same figure."""
    out = []
    for dataset, value, provenance, numerator, denominator, note in specs:
        row = value_row(
            "reablement_91day",
            HOME,
            "2020/21",
            value,
            numerator=numerator,
            denominator=denominator,
            demo=provenance == "demonstration",
            note=note,
        )
        row["provenance"] = provenance
        row["dataset"] = dataset
        row["source"] = f"source of {dataset}" if provenance != "demonstration" else "demonstration"
        out.append(row)
    return pl.DataFrame(out, schema=schema.VALUES | {"dataset": pl.String})


def test_one_figure_published_beats_demonstration_even_without_a_number():
    frame = _rows(
        ("leicester_doc", None, "published", None, None, "in the best 25% of councils"),
        ("leicester_synthetic", 86.8, "demonstration", None, None, "Demonstration: synthetic"),
    )
    got = query.one_per_key(frame)
    assert got.height == 1 and got["provenance"][0] == "published" and got["value"][0] is None
    assert got["note"][0] == "in the best 25% of councils" and got["alternatives"][0] is None  # nothing of the demo


def test_one_figure_with_its_parts_beats_one_without_and_the_other_is_kept_as_an_alternative():
    frame = _rows(
        ("national_ascof", 91.5, "published", None, None, None),
        ("national_ascof_open_2020_21", 91.6, "published", 185.0, 202.0, None),
        ("national_ascof_trend", 91.6, "published", None, None, None),
    )
    got = query.one_per_key(frame)
    assert (got["dataset"][0], got["numerator"][0], got["denominator"][0]) == ("national_ascof_open_2020_21", 185, 202)
    assert got["alternatives"][0] == "91.5 (source of national_ascof)"  # the same 91.6 again is no alternative


def test_one_figure_the_councils_own_document_then_the_newest_file():
    frame = _rows(
        ("national_oflog", 34.2, "published", None, None, None), ("leics_doc", 34.1, "published", None, None, None)
    )
    got = query.one_per_key(frame)
    assert got["value"][0] == 34.1 and got["alternatives"][0] == "34.2 (source of national_oflog)"
    newest = _rows(
        ("national_a", 1.0, "published", None, None, None), ("national_b", 2.0, "published", None, None, None)
    )
    assert query.one_per_key(newest, newest={"national_b": 0, "national_a": 1})["value"][0] == 2.0
    assert query.one_per_key(newest, newest={"national_a": 0, "national_b": 1})["value"][0] == 1.0


def test_one_figure_published_beats_computed_from_the_councils_records():
    frame = _rows(
        ("leicester_cld", 80.0, "computed", 40.0, 50.0, None), ("national_ascof", 75.0, "published", None, None, None)
    )
    got = query.one_per_key(frame)
    assert got["value"][0] == 75.0 and got["alternatives"][0] == "80.0 (source of leicester_cld)"


def test_a_chart_opens_on_the_series_with_the_newest_published_figure():
    rows = [value_row("assessments_eligible_pct", HOME, y, v) for y, v in (("2021/22", 52.3), ("2022/23", 54.9))] + [
        value_row("assessments_eligible_pct", HOME, "2023/24 Q1", 51.9, ptype="quarter")
    ]
    rows += [
        value_row("assessments_eligible_pct", HOME, q, 50.0, ptype="quarter", demo=True)
        for q in ("2022/23 Q3", "2022/23 Q4")
    ]
    assert query.default_period_type(values_frame(rows)) == "quarter"
    older = [r for r in rows if r["period_label"] != "2023/24 Q1"]
    assert query.default_period_type(values_frame(older)) == "financial year"  # demo quarters never decide


def test_an_indicator_too_large_to_keep_is_read_from_the_file_with_the_same_answer(data_dir, monkeypatch):
    """rows_for answers from memory for an indicator of at most KEPT_ROWS rows, from a filtered scan above it: the
    same rows either way, for one area, several, the headline, one breakdown and all."""
    asks = [
        {"indicator_id": "contacts_new", "area_codes": areas, "breakdown_dim": dim}
        for areas in ([HOME], [HOME, schema.ENGLAND], ["E99999999"])
        for dim in (query.ALL_BREAKDOWNS, None, "age band")
    ]
    kept = DataStore(data_dir)
    from_memory = [query.rows_for(store=kept, **ask) for ask in asks]
    monkeypatch.setattr(query, "KEPT_ROWS", 0)
    scanned = DataStore(data_dir)
    for ask, expected in zip(asks, from_memory, strict=True):
        assert query.rows_for(store=scanned, **ask).equals(expected), ask
    assert kept.memo("every_area:contacts_new", lambda: None) is not None
    assert scanned.memo("every_area:contacts_new", lambda: "unset") is None  # over the limit: nothing kept


def test_recent_answers_are_kept_up_to_the_limit_and_the_oldest_let_go(data_dir, monkeypatch):
    from metrics.storage import store as store_module

    monkeypatch.setattr(store_module, "RECENT_ENTRIES", 2)
    store = DataStore(data_dir)
    built = []
    for key in ("a", "b", "a", "c", "a", "b"):
        store.recent((key,), lambda key=key: built.append(key) or key)
    assert built == ["a", "b", "c", "b"]  # "a" used again before "c" came, so "b" was the one let go


def test_forgotten_results_are_built_again_and_the_files_stay_read(data_dir):
    """A benchmark times the work, not a kept answer (bench/query_bench.py, #29)."""
    from metrics.analysis import disclosure
    from metrics.core import registry
    from metrics.storage import store as store_module

    store = DataStore(data_dir)
    files = store.value_files()
    built = []
    store.recent(("x",), lambda: built.append("x") or 1)
    disclosure.hidden_for(store=store, indicator=registry.get("contacts_new"), area_code="E06000016", threshold=5)
    shared_before = [k for k in store_module._shared if k[0] == store.fingerprint()]
    assert shared_before
    store.forget_results()
    store.recent(("x",), lambda: built.append("x") or 1)
    assert built == ["x", "x"]
    assert not [k for k in store_module._shared if k[0] == store.fingerprint()]
    assert store.value_files() is files  # the files read and checked are kept
