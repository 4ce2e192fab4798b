"""The CLD inputs an attacker and an auditor tried (#26): each refused in words naming the file (and the line where
there is one), nothing published, the last good version kept; and the timestamps wrongly refused before, read."""

from __future__ import annotations

import gzip
import io
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from metrics.cld import extract
from metrics.core.errors import MetricsError, TableValidationError
from metrics.ingest.__main__ import main
from metrics.storage.store import values_path
from tests.conftest import HOME, make_data_dir
from tests.metrics.cld.conftest import extract_text

GOOD = extract_text()
HEADER, *ROWS = GOOD.splitlines()


def _lines(rows: list[str]) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def _cells(row: str) -> list[str]:
    return next(iter(__import__("csv").reader([row])))


def _row(row: str, **change: str) -> str:
    """``row`` with some cells changed, by column name."""
    columns = HEADER.split(",")
    cells = _cells(row)
    for name, value in change.items():
        cells[columns.index(name)] = value
    out = io.StringIO()
    __import__("csv").writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


CASES = {
    "header only": (HEADER + "\n").encode(),
    "empty": b"",
    "a date in year 1": _lines([_row(ROWS[0], Event_Start_Date="0001-01-05"), *ROWS[1:]]),
    "a birth in 2090": _lines([_row(ROWS[0], Date_of_Birth="2090-01-01"), *ROWS[1:]]),
    "a birth after the event": _lines([_row(ROWS[0], Date_of_Birth="2021-12-01"), *ROWS[1:]]),
    "event types coded 1 to 4": _lines([_row(r, Event_Type=str(1 + k % 4)) for k, r in enumerate(ROWS)]),
    "a ragged row": _lines([ROWS[0] + ",extra,cells", *ROWS[1:]]),
    "a short row": _lines([",".join(_cells(ROWS[0])[:5]), *ROWS[1:]]),
    "cp1252 text": _lines([_row(ROWS[0], Team="Café team"), *ROWS[1:]]).replace("é".encode(), b"\xe9"),
    "gzip bytes named .csv": gzip.compress(GOOD.encode()),
    "a 5,000,000-character team": _lines([_row(ROWS[0], Team="x" * 5_000_000), *ROWS[1:]]),
}


def _data(tmp_path: Path) -> tuple[Path, bytes]:
    data = make_data_dir(tmp_path)
    good = tmp_path / "good.csv"
    good.write_text(GOOD)
    assert main(["--data-dir", str(data), "cld", str(good), "--dataset", "council_cld", "--area", HOME]) == 0
    return data, values_path(data_dir=data, dataset="council_cld").read_bytes()


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_hostile_extract_is_refused_in_words_and_nothing_changes(case, tmp_path, capsys):
    data, before = _data(tmp_path)
    capsys.readouterr()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(CASES[case])
    assert main(["--data-dir", str(data), "cld", str(bad), "--dataset", "council_cld", "--area", HOME]) == 1
    said = capsys.readouterr().err
    assert "bad.csv" in said and "Traceback" not in said, said[:400]
    for library_word in ("Error(", "NoDataError", "InvalidOperationError", "ComputeError", "TypeError", "ValueError"):
        assert library_word not in said, said[:400]
    assert values_path(data_dir=data, dataset="council_cld").read_bytes() == before


def test_cp1252_is_read_when_its_encoding_is_named(tmp_path):
    data, _ = _data(tmp_path)
    bad = tmp_path / "latin.csv"
    bad.write_bytes(CASES["cp1252 text"])
    args = ["--data-dir", str(data), "cld", str(bad), "--dataset", "council_cld", "--area", HOME]
    assert main([*args, "--encoding", "cp1252"]) == 0


@pytest.mark.parametrize("encoding", ["zlib", "rot13", "no-such-codec"])
def test_an_encoding_that_is_not_a_text_encoding_is_refused_in_words(encoding, tmp_path, capsys):
    data, before = _data(tmp_path)
    good = tmp_path / "again.csv"
    good.write_text(GOOD)
    args = ["--data-dir", str(data), "cld", str(good), "--dataset", "council_cld", "--area", HOME]
    assert main([*args, "--encoding", encoding]) == 1
    said = capsys.readouterr().err
    assert encoding in said and "not" in said and "LookupError" not in said
    assert values_path(data_dir=data, dataset="council_cld").read_bytes() == before


def test_a_folder_named_like_an_extract_is_refused_in_words(tmp_path, capsys):
    data, _ = _data(tmp_path)
    folder = tmp_path / "x.csv"
    folder.mkdir()
    assert main(["--data-dir", str(data), "cld", str(folder), "--dataset", "council_cld", "--area", HOME]) == 1
    assert "folder" in capsys.readouterr().err


@pytest.mark.parametrize(
    "written",
    ["2023-01-05T00:00", "2023-01-05 00:00:00.000", "2023-01-05T09:30:00Z", "05/01/2023 00:00", "2023-01-05"],
)
def test_timestamps_are_read_as_their_dates(written, tmp_path):
    path = tmp_path / "stamped.csv"
    path.write_bytes(_lines([_row(ROWS[0], Event_Start_Date=written, Event_End_Date=""), *ROWS[1:]]))
    events, _ = extract.read_extracts([path])
    assert date(2023, 1, 5) in events["Event_Start_Date"].to_list()


def test_a_parquet_datetime_is_read_as_its_date(tmp_path):
    frame = pl.read_csv(io.StringIO(GOOD), infer_schema=False).with_columns(
        pl.col("Event_Start_Date").str.strptime(pl.Datetime, "%Y-%m-%d")
    )
    path = tmp_path / "stamped.parquet"
    frame.write_parquet(path)
    events, _ = extract.read_extracts([path])
    assert events["Event_Start_Date"].dtype == pl.Date and events["Event_Start_Date"].null_count() == 0


def test_the_messages_name_the_line_and_column():
    with pytest.raises(TableValidationError) as found:
        extract.read_extracts([extract.ExtractFile(name="x.csv", body=CASES["a birth after the event"])])
    assert found.value.problems[0].row == 2 and found.value.problems[0].column == "Birth_Year_Month"
    with pytest.raises(TableValidationError) as ragged:
        extract.read_extracts([extract.ExtractFile(name="x.csv", body=CASES["a ragged row"])])
    assert ragged.value.problems[0].row == 2
    with pytest.raises(MetricsError):
        extract.read_extracts([extract.ExtractFile(name="x.csv", body=CASES["gzip bytes named .csv"])])
