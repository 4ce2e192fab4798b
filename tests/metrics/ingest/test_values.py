"""Ingest end to end: a file in, a published table out, or a clear error and nothing changed."""

import hashlib
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from metrics.core.errors import TableValidationError
from metrics.ingest.values import ingest_values
from metrics.storage.store import DataStore, values_path

ROOT = Path(__file__).resolve().parents[3]
HEADER = "indicator_id,area_code,period,value,source\n"


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def write(tmp_path: Path, body: str, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + body)
    return path


def test_good_csv_is_published_and_served(data_dir, tmp_path):
    src = write(tmp_path, "contacts_new,E06000016,2023/24 Q2,4901,council export\n")
    assert ingest_values(path=src, dataset="council", data_dir=data_dir) == "created"
    store = DataStore(data_dir)
    got = store.values().filter(pl.col("dataset") == "council").collect()
    assert got["value"].to_list() == [4901.0] and got["period_label"].to_list() == ["2023/24 Q2"]


def test_each_step_is_told_in_order_for_a_progress_bar(data_dir, tmp_path):
    src = write(tmp_path, "".join(f"contacts_new,E06000016,2023/24 Q{q},4901,council export\n" for q in (1, 2, 3)))
    told: list[tuple[str, float]] = []
    ingest_values(path=src, dataset="council", data_dir=data_dir, progress=lambda what, done: told.append((what, done)))
    assert [w.split(" ")[0] for w, _d in told] == ["Reading", "Checking", "Publishing"]
    assert told[1][0].startswith("Checking 3 rows") and [d for _w, d in told] == sorted(d for _w, d in told)


def test_a_rejected_file_is_told_no_publishing_step(data_dir, tmp_path):
    src = write(tmp_path, "contacts_new,E99999999,2023/24 Q2,4901,council export\n")
    told: list[str] = []
    with pytest.raises(TableValidationError):
        ingest_values(path=src, dataset="council", data_dir=data_dir, progress=lambda what, _d: told.append(what))
    assert not any(w.startswith("Publishing") for w in told)


def test_second_identical_ingest_changes_nothing(data_dir, tmp_path):
    src = write(tmp_path, "contacts_new,E06000016,2023/24 Q2,4901,council export\n")
    ingest_values(path=src, dataset="council", data_dir=data_dir)
    before = snapshot(data_dir)
    assert ingest_values(path=src, dataset="council", data_dir=data_dir) == "unchanged"
    assert snapshot(data_dir) == before


def test_xlsx_is_read_like_csv(data_dir, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["indicator_id", "area_code", "period", "value", "source"])
    sheet.append(["contacts_new", "E06000016", "2023/24 Q2", 4901, "council export"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    ingest_values(path=path, dataset="council", data_dir=data_dir)
    got = pl.read_parquet(values_path(data_dir=data_dir, dataset="council"))
    assert got["value"].to_list() == [4901.0]


def test_bad_row_is_rejected_naming_file_row_and_column(data_dir, tmp_path):
    src = write(tmp_path, "contacts_new,E06000016,2023/24 Q2,4901,x\nreviews_overdue_24m,E06000016,Jun 2023,-4,x\n")
    with pytest.raises(TableValidationError) as err:
        ingest_values(path=src, dataset="council", data_dir=data_dir)
    message = str(err.value)
    assert str(src) in message and "line 3, column `value`" in message and "`value`" in message and "-4" in message


def test_cli_rejects_malformed_file_and_leaves_data_byte_identical(data_dir, tmp_path):
    good = write(tmp_path, "contacts_new,E06000016,2023/24 Q2,4901,council export\n", "good.csv")
    ingest_values(path=good, dataset="council", data_dir=data_dir)
    before = snapshot(data_dir)
    bad = write(tmp_path, "contacts_new,E06000016,2023/24 Q2,many,council export\n", "bad.csv")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "metrics.ingest",
            "--data-dir",
            str(data_dir),
            "values",
            str(bad),
            "--dataset",
            "council",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 1
    assert (
        "bad.csv" in run.stderr
        and "line 2, column `value`" in run.stderr
        and "`value`" in run.stderr
        and "many" in run.stderr
    )
    assert snapshot(data_dir) == before


def test_cli_restore_brings_back_the_previous_dataset(data_dir, tmp_path):
    ingest_values(
        path=write(tmp_path, "contacts_new,E06000016,2023/24 Q2,1,a\n", "a.csv"), dataset="c", data_dir=data_dir
    )
    ingest_values(
        path=write(tmp_path, "contacts_new,E06000016,2023/24 Q2,2,b\n", "b.csv"), dataset="c", data_dir=data_dir
    )
    run = subprocess.run(
        [sys.executable, "-m", "metrics.ingest", "--data-dir", str(data_dir), "restore", "--dataset", "c"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    assert pl.read_parquet(values_path(data_dir=data_dir, dataset="c"))["value"].to_list() == [1.0]


def test_a_file_that_is_not_a_table_is_rejected(data_dir, tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"\x00\x01 not a spreadsheet")
    with pytest.raises(TableValidationError, match=r"export\.xlsx"):
        ingest_values(path=path, dataset="c", data_dir=data_dir)


def test_cli_ingests_an_ascof_open_data_file(data_dir, tmp_path):
    header = (
        "Geographical Code,Geographical Description,Geographical Level,ONS Code,ASCOF Measure Code,"
        "Disaggregation Level,Measure Type,Measure Value,Measure Group,Measure Group Description\n"
    )
    path = tmp_path / "ascof_2022-23.csv"
    path.write_text(
        header + "509,Leicester,Council,E06000016,2B1,Total,Outcome,88.6,2B1,"
        "Proportion of older people (aged 65 and over) who were still at home 91 days\n"
    )
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "metrics.ingest",
            "--data-dir",
            str(data_dir),
            "ascof",
            str(path),
            "--dataset",
            "national_open",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    got = pl.read_parquet(values_path(data_dir=data_dir, dataset="national_open"))
    assert got.select("indicator_id", "period_label", "value").row(0) == ("reablement_91day", "2022/23", 88.6)
