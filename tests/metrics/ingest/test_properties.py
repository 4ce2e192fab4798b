"""Property tests: whatever is wrong with an input, the error is clear and nothing published changes."""

import hashlib
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.core.errors import MetricsError, TableValidationError
from metrics.ingest.values import ingest_values
from tests.conftest import examples

COLUMNS = ["indicator_id", "area_code", "period", "value", "source"]
GOOD = ["contacts_new", "E06000016", "2023/24 Q2", "4901", "council export"]
BAD_CELLS = {
    "indicator_id": st.sampled_from(["", "contacts", "CONTACTS_NEW", "contacts_new "]).filter(
        lambda s: s.strip() != "contacts_new"
    )
    | st.text(min_size=1, max_size=12).filter(lambda s: s.strip() not in {"contacts_new"}),
    "area_code": st.text(min_size=1, max_size=10).filter(
        lambda s: (
            s.strip()
            not in {"E06000016", "E92000001", "E12000004", "E06000015", "E06000018", "E10000018", "NN-OFLOG-E06000016"}
        )
    ),
    "period": st.sampled_from(["2023/25", "Q1", "2023-13", "31/02/2023", "yesterday", "2023/24 Q5"]),
    "value": st.sampled_from(["-1", "1.5", "n/a", "--", "1e", "abc"]),
}


def digest(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(column=st.sampled_from(sorted(BAD_CELLS)), data=st.data(), good_rows=st.integers(min_value=0, max_value=3))
def test_one_bad_cell_is_named_and_nothing_changes(data_dir, tmp_path, column, data, good_rows):
    bad_value = data.draw(BAD_CELLS[column])
    rows = [[*GOOD[:2], f"2022/23 Q{q}", *GOOD[3:]] for q in range(1, good_rows + 1)]
    bad = dict(zip(COLUMNS, GOOD, strict=True))
    bad[column] = bad_value
    rows.append([bad[c] for c in COLUMNS])
    path = tmp_path / "export.csv"
    pl.DataFrame(rows, schema=COLUMNS, orient="row").write_csv(path)
    before = digest(data_dir)
    try:
        ingest_values(path=path, dataset="council", data_dir=data_dir)
    except TableValidationError as exc:
        assert str(path) in str(exc)
        assert any(p.column == column and p.row == good_rows + 2 for p in exc.problems), exc.problems
    else:
        raise AssertionError(f"{column}={bad_value!r} was accepted")
    assert digest(data_dir) == before


@settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dropped=st.sampled_from(COLUMNS), garbage=st.binary(min_size=0, max_size=64))
def test_missing_columns_and_garbage_files_are_rejected_cleanly(data_dir, tmp_path, dropped, garbage):
    before = digest(data_dir)
    path = tmp_path / "export.csv"
    keep = [c for c in COLUMNS if c != dropped]
    pl.DataFrame([[dict(zip(COLUMNS, GOOD, strict=True))[c] for c in keep]], schema=keep, orient="row").write_csv(path)
    try:
        ingest_values(path=path, dataset="council", data_dir=data_dir)
    except TableValidationError as exc:
        assert any(p.column == dropped for p in exc.problems)
    else:
        raise AssertionError("accepted a file without " + dropped)
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(garbage)
    try:
        ingest_values(path=junk, dataset="council", data_dir=data_dir)
    except MetricsError as exc:
        assert "junk.xlsx" in str(exc)
    else:
        raise AssertionError("accepted garbage")
    assert digest(data_dir) == before
