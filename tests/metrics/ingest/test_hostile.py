"""Every hostile file issue #12 lists: rejected with the file, line (or cell) and column named, data/ unchanged;
or, for the right numbers that used to be refused, published."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from metrics.core.errors import MetricsError, TableValidationError
from metrics.ingest.__main__ import main as ingest_main
from metrics.ingest.values import ingest_open_data, ingest_values
from metrics.storage.publish import describe_versions, restore
from metrics.storage.store import DataStore, values_path

ROOT = Path(__file__).resolve().parents[3]
HEADER = "indicator_id,area_code,period,value,numerator,denominator,source\n"
#: Words from library internals that must never reach a council officer.
INTERNALS = (
    "Calamine",
    "EOCD",
    "truncate_ragged_lines",
    "DuplicateError",
    "ComputeError",
    "Traceback",
    "polars",
    "pyarrow",
    "Exception",
)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def rejected(data_dir: Path, path: Path, **kw) -> TableValidationError:
    before = snapshot(data_dir)
    with pytest.raises(TableValidationError) as err:
        ingest_values(path=path, dataset="council", data_dir=data_dir, **kw)
    assert snapshot(data_dir) == before, "a rejected file changed data/"
    message = str(err.value)
    assert str(path) in message and not any(word in message for word in INTERNALS), message
    return err.value


def csv(tmp_path: Path, body: str, header: str = HEADER, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes((header + body).encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("value", "NaN"),
        ("value", "nan"),
        ("value", "inf"),
        ("value", "-inf"),
        ("value", "1e309"),
        ("value", "9" * 400),
        ("numerator", "inf"),
        ("numerator", "1e309"),
        ("denominator", "NaN"),
        ("denominator", "9" * 400),
    ],
)
def test_non_finite_and_absurd_numbers_are_rejected(data_dir, tmp_path, column, cell):
    row = {"value": "51.9", "numerator": "519", "denominator": "1000"} | {column: cell}
    path = csv(
        tmp_path,
        f"assessments_eligible_pct,E06000016,2023/24 Q1,{row['value']},{row['numerator']},"
        f"{row['denominator']},export\n",
    )
    err = rejected(data_dir, path)
    assert any(p.column == column and p.row == 2 for p in err.problems), err.problems
    assert f"line 2, column `{column}`" in str(err)


@pytest.mark.parametrize("cell", ["5,5", "1,2,3,4", "12,34", "1,000,00", "1.348,5", "1,,348", ",348", "1 348"])
def test_malformed_thousands_separators_are_rejected_not_misread(data_dir, tmp_path, cell):
    path = csv(tmp_path, f'contacts_new,E06000016,2023/24 Q2,"{cell}",,,export\n')
    err = rejected(data_dir, path)
    assert [(p.row, p.column) for p in err.problems] == [(2, "value")] and cell in str(err)


@pytest.mark.parametrize(("cell", "value"), [("1,348", 1348.0), ("1,000,000", 1_000_000.0), ("4901", 4901.0)])
def test_valid_thousands_separators_are_read(data_dir, tmp_path, cell, value):
    ingest_values(
        path=csv(tmp_path, f'contacts_new,E06000016,2023/24 Q2,"{cell}",,,export\n'),
        dataset="council",
        data_dir=data_dir,
    )
    assert pl.read_parquet(values_path(data_dir=data_dir, dataset="council"))["value"].to_list() == [value]


@pytest.mark.parametrize(
    "header",
    [
        "indicator_id,area_code,period,value,Value,source\n",
        "indicator_id,area_code,period,value, value ,source\n",
        "indicator_id,area_code,period,value,value,source\n",
        "indicator_id,area_code,period,value,source,source\n",
    ],
)
def test_a_column_given_twice_is_rejected(data_dir, tmp_path, header):
    path = csv(tmp_path, "contacts_new,E06000016,2023/24 Q2,4901,4902,export\n", header=header)
    err = rejected(data_dir, path)
    assert "each column once" in str(err) and "line 1" in str(err)


def test_a_csv_cut_off_inside_a_quoted_field_is_rejected(data_dir, tmp_path):
    path = csv(
        tmp_path,
        'contacts_new,E06000016,2023/24 Q1,4822,,,export\ncontacts_new,E06000016,2023/24 Q2,4901,,,"council ex',
    )
    err = rejected(data_dir, path)
    assert "cut off" in str(err) and "line 3" in str(err)


def test_a_ragged_row_names_its_line_without_library_advice(data_dir, tmp_path):
    path = csv(
        tmp_path, "contacts_new,E06000016,2023/24 Q1,4822,,,export\ncontacts_new,E06000016,2023/24 Q2,4901,,,x,y\n"
    )
    err = rejected(data_dir, path)
    assert "line 3" in str(err) and "7 cells" in str(err) and "8 cells" in str(err)


def test_a_quoted_field_over_two_lines_is_named_by_the_line_it_starts_on(data_dir, tmp_path):
    path = csv(
        tmp_path, 'contacts_new,E06000016,2023/24 Q1,4822,,,"two\nlines"\ncontacts_new,E06000016,2023/24 Q2,x,,,y\n'
    )
    err = rejected(data_dir, path)
    assert "line 4, column `value`" in str(err)


def returns_book(tmp_path: Path, rows: list[list], formats: dict[str, str]) -> Path:
    """An XLSX with a sheet 'Returns': the header, ``rows``, and number formats by cell."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Returns"
    for row in [HEADER.strip().split(","), *rows]:
        sheet.append(row)
    for cell, fmt in formats.items():
        sheet[cell].number_format = fmt
    path = tmp_path / "export.xlsx"
    book.save(path)
    return path


def test_a_cell_formatted_as_a_percentage_is_read_as_shown(data_dir, tmp_path):
    path = returns_book(
        tmp_path,
        [
            ["assessments_eligible_pct", "E06000016", "2023/24 Q1", 0.453, 453, 1000, "x"],
            ["assessments_eligible_pct", "E06000016", "2023/24 Q2", 0.5, 500, 1000, "x"],
        ],
        {"D2": "0.0%", "D3": "0%"},
    )  # a custom format, and Excel's built-in percentage
    ingest_values(path=path, dataset="council", data_dir=data_dir)
    assert pl.read_parquet(values_path(data_dir=data_dir, dataset="council")).sort("period_end")["value"].to_list() == [
        45.3,
        50.0,
    ]


def test_a_fraction_in_a_plain_cell_disagreeing_with_its_parts_is_rejected(data_dir, tmp_path):
    path = returns_book(tmp_path, [["assessments_eligible_pct", "E06000016", "2023/24 Q1", 0.453, 453, 1000, "x"]], {})
    err = rejected(data_dir, path)
    assert "Returns!D2 (column `value`)" in str(err) and "45.3" in str(err)


def test_text_in_another_encoding_is_named_and_can_be_read_with_encoding(data_dir, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes((HEADER + "contacts_new,E06000016,2023/24 Q2,4901,,,Café report – Q2\n").encode("cp1252"))
    err = rejected(data_dir, path)
    assert "not UTF-8" in str(err) and "--encoding cp1252" in str(err)
    ingest_values(path=path, dataset="council", data_dir=data_dir, encoding="cp1252")
    stored = pl.read_parquet(values_path(data_dir=data_dir, dataset="council"))["source"][0]
    assert stored == "Café report – Q2" and "\ufffd" not in stored


def test_utf16_is_named_and_utf8_with_a_bom_is_read(data_dir, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes((HEADER + "contacts_new,E06000016,2023/24 Q2,4901,,,export\n").encode("utf-16"))
    assert "UTF-16" in str(rejected(data_dir, path)) and "--encoding utf-16" in str(rejected(data_dir, path))
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + (HEADER + "contacts_new,E06000016,2023/24 Q2,4901,,,export\n").encode())
    ingest_values(path=bom, dataset="council", data_dir=data_dir)
    assert pl.read_parquet(values_path(data_dir=data_dir, dataset="council"))["indicator_id"].to_list() == [
        "contacts_new"
    ]


@pytest.mark.parametrize(("misspelt", "meant"), [("numerater", "numerator"), ("stauts", "status"), ("Notes", "note")])
def test_a_misspelt_column_is_rejected_with_the_nearest_name(data_dir, tmp_path, misspelt, meant):
    path = csv(
        tmp_path,
        "contacts_new,E06000016,2023/24 Q2,4901,export,x\n",
        header=f"indicator_id,area_code,period,value,source,{misspelt}\n",
    )
    assert f"did you mean `{meant}`?" in str(rejected(data_dir, path))


@pytest.mark.parametrize("period", ["Jun 9999", "2099/00", "Jan 1066"])
def test_periods_beyond_this_financial_year_or_absurdly_old_are_rejected(data_dir, tmp_path, period):
    err = rejected(data_dir, csv(tmp_path, f"contacts_new,E06000016,{period},4901,,,export\n"))
    assert [(p.row, p.column) for p in err.problems] == [(2, "period")]


def test_a_wrong_period_type_is_blamed_not_the_period(data_dir, tmp_path):
    path = csv(
        tmp_path,
        "contacts_new,E06000016,Jun 2023,quarter,4901,export\n",
        header="indicator_id,area_code,period,period_type,value,source\n",
    )
    err = rejected(data_dir, path)
    assert [(p.row, p.column) for p in err.problems] == [(2, "period_type")] and "'quarter'" in str(err)


def test_a_score_measure_keeps_a_numerator_larger_than_its_denominator(data_dir, tmp_path):
    """ASCOF 1A: social care-related quality of life 19.6 = 83,160 summed scores / 4,235 respondents."""
    ingest_values(
        path=csv(tmp_path, 'qol_score,E06000016,2022/23,19.6,"83,160","4,235",NHS Digital\n'),
        dataset="council",
        data_dir=data_dir,
    )
    got = pl.read_parquet(values_path(data_dir=data_dir, dataset="council")).row(0, named=True)
    assert (got["value"], got["numerator"], got["denominator"]) == (19.6, 83160.0, 4235.0)


def test_an_open_data_file_with_score_measures_ingests_and_names_file_lines(data_dir, tmp_path):
    header = (
        "Geographical Code,Geographical Description,Geographical Level,ONS Code,ASCOF Measure Code,"
        "Disaggregation Level,Measure Type,Measure Value,Measure Group,Measure Group Description\n"
    )
    rows = "".join(
        f"x,Leicester,Council,E06000016,1A,Total,{t},{v},1A,Social care-related quality of life\n"
        for t, v in (("Numerator", "83160"), ("Denominator", "4235"), ("Outcome", "19.6"))
    )
    path = csv(tmp_path, rows, header=header, name="ascof_2025-26.csv")
    ingest_open_data(path=path, dataset="national_ascof_2025_26", data_dir=data_dir)
    got = pl.read_parquet(values_path(data_dir=data_dir, dataset="national_ascof_2025_26"))
    assert got["value"].to_list() == [19.6] and got["numerator"].to_list() == [83160.0]
    bad = csv(tmp_path, header + rows.replace("19.6", "lots"), header="", name="ascof_2024-25.csv")
    before = snapshot(data_dir)
    with pytest.raises(TableValidationError) as err:
        ingest_open_data(path=bad, dataset="national_ascof_2024_25", data_dir=data_dir)
    assert "line 4" in str(err.value) and snapshot(data_dir) == before  # the Outcome row's line in the file


@pytest.mark.parametrize(
    ("suffix", "content"),
    [
        (".xlsx", b"PK\x03\x04 not really a zip"),
        (".xlsx", b""),
        (".ods", b"garbage"),
        (".xls", b"\xd0\xcf\x11\xe0 broken"),
    ],
)
def test_damaged_spreadsheets_are_described_in_words(data_dir, tmp_path, suffix, content):
    path = tmp_path / f"export{suffix}"
    path.write_bytes(content)
    err = rejected(data_dir, path)
    assert "damaged or another format" in str(err)


@pytest.mark.parametrize(
    "name",
    ["../areas", "/tmp/evil", "a/b", "x" * 251, "x" * 101, "", ".hidden", "Upper", "with space", "..", "areas\x00"],
)
def test_dataset_names_are_checked_for_every_command(data_dir, tmp_path, name, capsys):
    """The command's own entry point, in process (an exception would fail the test: no traceback is possible)."""
    before = snapshot(data_dir)
    src = csv(tmp_path, "contacts_new,E06000016,2023/24 Q2,4901,,,export\n")
    for command in (["values", str(src)], ["ascof", str(src)], ["restore"]):
        code = ingest_main(["--data-dir", str(data_dir), *command, "--dataset", name])
        said = capsys.readouterr().err
        assert code == 1 and "Dataset name" in said, said
    assert snapshot(data_dir) == before
    with pytest.raises(MetricsError):
        ingest_values(path=src, dataset=name, data_dir=data_dir)


@pytest.mark.parametrize("command", ["values", "ascof", "restore"])
def test_a_bad_dataset_name_is_refused_by_the_real_command(data_dir, tmp_path, command):
    """`python -m metrics.ingest` as councils script it: exit 1, the reason in words, no traceback, nothing written."""
    before = snapshot(data_dir)
    src = csv(tmp_path, "contacts_new,E06000016,2023/24 Q2,4901,,,export\n")
    args = [command, str(src)] if command != "restore" else [command]
    run = subprocess.run(
        [sys.executable, "-m", "metrics.ingest", "--data-dir", str(data_dir), *args, "--dataset", "../areas"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1 and "Dataset name" in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert snapshot(data_dir) == before


def test_each_restore_steps_back_once(data_dir, tmp_path):
    target = values_path(data_dir=data_dir, dataset="council")
    for value in (1, 2, 3):  # three publications: v1, v2, v3 (v3 current)
        ingest_values(
            path=csv(tmp_path, f"contacts_new,E06000016,2023/24 Q2,{value},,,export\n"),
            dataset="council",
            data_dir=data_dir,
        )

    def current() -> float:
        return pl.read_parquet(target)["value"][0]

    assert current() == 3 and [w for w, _t, _r in describe_versions(target=target)] == ["current", "kept 1", "kept 2"]
    restore(target=target)
    assert current() == 2
    restore(target=target)  # a second press steps back again: never re-publishes the file the first took away
    assert current() == 1
    with pytest.raises(MetricsError, match="no earlier version"):
        restore(target=target)
    assert current() == 1
    listing = subprocess.run(
        [sys.executable, "-m", "metrics.ingest", "--data-dir", str(data_dir), "list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    assert "council:" in listing and "current  published" in listing and "1 rows" in listing


def test_control_characters_in_text_are_rejected(data_dir, tmp_path):
    err = rejected(data_dir, csv(tmp_path, "contacts_new,E06000016,2023/24 Q2,4901,,,bad\x07source\n"))
    assert [(p.row, p.column) for p in err.problems] == [(2, "source")]


def test_served_data_is_unchanged_by_every_rejection(data_dir):
    assert DataStore(data_dir).value_files()  # the fixture's data is served throughout


def test_an_ods_percentage_cell_is_read_as_shown(data_dir, tmp_path):
    from tests.metrics.ingest.test_hostile_files import ods_bytes

    header = HEADER.strip().split(",")
    data = ods_bytes(header, [["assessments_eligible_pct", "E06000016", "2023/24 Q1", "PCT", "453", "1000", "x"]])
    import io
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "content.xml":
                body = body.replace(
                    b'<table:table-cell office:value-type="string"><text:p>PCT</text:p>',
                    b'<table:table-cell office:value-type="percentage" office:value="0.453"><text:p>45.3%</text:p>',
                )
            z.writestr(item, body)
    path = tmp_path / "export.ods"
    path.write_bytes(out.getvalue())
    ingest_values(path=path, dataset="council", data_dir=data_dir)
    assert pl.read_parquet(values_path(data_dir=data_dir, dataset="council"))["value"].to_list() == [45.3]


def test_a_table_set_away_from_a1_is_named_by_the_cells_people_see(data_dir, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Returns"
    for i, name in enumerate(HEADER.strip().split(",")):  # the header at C3, not A1
        sheet.cell(row=3, column=3 + i, value=name)
    row = ["assessments_eligible_pct", "E06000016", "2023/24 Q1", 0.453, 453, 1000, "x"]
    row2 = ["assessments_eligible_pct", "E06000016", "2023/24 Q2", "lots", 453, 1000, "x"]
    for r, values in ((4, row), (5, row2)):
        for i, v in enumerate(values):
            sheet.cell(row=r, column=3 + i, value=v)
    sheet["F4"].number_format = "0.0%"
    path = tmp_path / "export.xlsx"
    book.save(path)
    err = rejected(data_dir, path)
    assert [p.location for p in err.problems] == ["Returns!F5 (column `value`)"]  # F4 read as 45.3%: no problem


@pytest.mark.parametrize("cell", ["١٢٣", "１２３", "12३"])
def test_digits_other_than_ascii_are_refused_not_stored_as_empty(data_dir, tmp_path, cell):
    """Full-width or Arabic-Indic digits in a denominator were stored as null without a word (#26)."""
    err = rejected(data_dir, csv(tmp_path, f"reablement_91day,E06000016,2022/23,80.0,80,{cell},export\n"))
    assert [(p.row, p.column) for p in err.problems] == [(2, "denominator")] and cell in str(err)


@pytest.mark.parametrize("name", ["x\n", "x\r", "x ", "X", "../x", "-x", ""])
def test_a_dataset_name_that_is_not_a_clean_slug_is_refused(name):
    from metrics.ingest.values import check_dataset_name

    with pytest.raises(MetricsError):
        check_dataset_name(name)


@pytest.mark.parametrize("encoding", ["zlib", "rot13", "bz2_codec", "no-such"])
def test_a_codec_that_is_not_a_text_encoding_is_named(data_dir, tmp_path, encoding):
    path = csv(tmp_path, "contacts_new,E06000016,2023/24 Q2,10,,,export\n")
    with pytest.raises(MetricsError, match=encoding):
        ingest_values(path=path, dataset="x", data_dir=data_dir, encoding=encoding)


def test_a_folder_named_like_a_file_is_named(data_dir, tmp_path, capsys):
    folder = tmp_path / "x.csv"
    folder.mkdir()
    for command in ("values", "ascof"):
        assert ingest_main(["--data-dir", str(data_dir), command, str(folder), "--dataset", "x"]) == 1
        assert "folder" in capsys.readouterr().err
