"""Property tests: Hypothesis writes hostile CSV, XLSX and ODS files and runs the ingest command on each.

Whatever the file (encodings, separators, headers, truncation, extreme numbers, hostile strings), the command
ends with exit 0 and a clean publish, or exit 1 with a message naming the file and, for each problem, where it is;
never a traceback; and after a failure data/ is byte-identical. CI runs well over 1,000 examples in all.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import polars as pl
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from metrics.ingest.__main__ import main
from metrics.storage.store import values_path
from tests.conftest import examples, make_data_dir

COLUMNS = ["indicator_id", "area_code", "period", "value", "numerator", "denominator", "source", "note"]
GOOD = {
    "indicator_id": "assessments_eligible_pct",
    "area_code": "E06000016",
    "period": "2023/24 Q1",
    "value": "51.9",
    "numerator": "519",
    "denominator": "1000",
    "source": "council export",
    "note": "",
}
HOSTILE_TEXT = [
    "=cmd|' /C calc'!A0",
    "+SUM(1)",
    "-2+3",
    "@x",
    "<script>alert(1)</script>",
    "![x](http://e/x.png)",
    "[x](javascript:alert(1))",
    "Robert'); DROP TABLE values;--",
    "\u202eevil",
    "ﬁ ligature",
    "é",
    "名前",
    "\x07bell",
    "\ttab",
    "line\nbreak",
    '"quoted"',
    "",
    " ",
    "a" * 3000,
]
NUMBERS = [
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "9" * 400,
    "1,348",
    "1,000,000",
    "5,5",
    "12,34",
    "1.348,5",
    "45.3%",
    "-1",
    "0",
    "0.453",
    "100.01",
    "",
    " 7 ",
    "1 348",
    "٣",
    "0x10",
    "1_000",
]


def cells() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(HOSTILE_TEXT + NUMBERS), st.text(max_size=20))


@st.composite
def tables(draw) -> tuple[list[str], list[list[str]]]:
    """A header (sometimes misspelt, repeated, reordered or short) and rows mixing good and hostile cells."""
    header = list(COLUMNS)
    if draw(st.booleans()):
        header = draw(st.permutations(header))
    change = draw(st.sampled_from(["none", "drop", "repeat", "case", "misspell", "blank"]))
    k = draw(st.integers(0, len(header) - 1))
    if change == "drop":
        header.pop(k)
    elif change == "repeat":
        header.append(header[k].upper())
    elif change == "case":
        header[k] = f" {header[k].title()} "
    elif change == "misspell":
        header[k] = header[k][:-1] + "x"
    elif change == "blank":
        header[k] = ""
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        row = [GOOD.get(c.strip().lower(), "") for c in header]
        for i in draw(st.lists(st.integers(0, max(len(row) - 1, 0)), max_size=3)):
            if row:
                row[i] = draw(cells())
        if draw(st.integers(0, 9)) == 0:
            row = row[: draw(st.integers(0, len(row)))]  # a ragged row
        rows.append(row)
    return header, rows


def csv_bytes(header, rows, *, encoding: str, separator: str, cut: int | None) -> bytes:
    def cell(c: str) -> str:
        return '"' + c.replace('"', '""') + '"' if any(x in c for x in ('"', separator, "\n", "\r")) else c

    text = "\n".join(separator.join(cell(c) for c in r) for r in [header, *rows]) + "\n"
    data = text.encode(encoding, errors="replace")
    return data[:cut] if cut is not None else data


def xlsx_bytes(header, rows) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for r in [header, *rows]:
        sheet.append([openpyxl.cell.cell.ILLEGAL_CHARACTERS_RE.sub("", c) for c in r])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods_bytes(header, rows) -> bytes:
    """A minimal OpenDocument spreadsheet: the mimetype, a manifest and the content's table of text cells."""

    def row_xml(r):
        return (
            "<table:table-row>"
            + "".join(
                f'<table:table-cell office:value-type="string"><text:p>{escape(c)}</text:p></table:table-cell>'
                for c in r
            )
            + "</table:table-row>"
        )

    body = "".join(row_xml([c.replace("\x07", "") for c in r]) for r in [header, *rows])
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Sheet1">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", manifest)
        z.writestr("content.xml", content)
    return out.getvalue()


def digest(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return make_data_dir(tmp_path_factory.mktemp("hostile"))


def run_ingest(folder: Path, path: Path) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--data-dir", str(folder), "values", str(path), "--dataset", "hostile"])
    return code, err.getvalue()


def check(folder: Path, path: Path) -> None:
    target = values_path(data_dir=folder, dataset="hostile")
    if target.exists():
        target.unlink()  # each example starts from the fixture's data alone
    before = digest(folder)
    code, err = run_ingest(folder, path)  # an exception escaping main() fails the test: no traceback, ever
    event("published" if code == 0 else "rejected")
    if code == 0:
        frame = pl.read_parquet(target)
        assert frame.height > 0 and frame["value"].is_finite().all()
        assert not any("\ufffd" in (s or "") for s in frame["source"].to_list())
        return
    assert code == 1 and err.startswith("error: ") and str(path) in err, err
    assert "Traceback" not in err and "truncate_ragged_lines" not in err and "Calamine" not in err, err
    lines = [line for line in err.splitlines() if line.startswith("  - ")]
    assert lines and all(
        ("line " in line or "row " in line or "column `" in line or "!" in line)
        for line in lines
        if not line.startswith("  - ... and")
    ), err
    assert digest(folder) == before


SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@settings(max_examples=examples(700), **SETTINGS)
@given(
    table=tables(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]),
    separator=st.sampled_from([",", ",", ";", "\t"]),
    cut=st.one_of(st.none(), st.integers(0, 400)),
)
def test_any_csv_is_published_cleanly_or_rejected_cleanly(folder, tmp_path_factory, table, encoding, separator, cut):
    header, rows = table
    path = tmp_path_factory.mktemp("csv") / "export.csv"
    path.write_bytes(csv_bytes(header, rows, encoding=encoding, separator=separator, cut=cut))
    check(folder, path)


@settings(max_examples=examples(200), **SETTINGS)
@given(table=tables())
def test_any_xlsx_is_published_cleanly_or_rejected_cleanly(folder, tmp_path_factory, table):
    pytest.importorskip("openpyxl")
    path = tmp_path_factory.mktemp("xlsx") / "export.xlsx"
    path.write_bytes(xlsx_bytes(*table))
    check(folder, path)


@settings(max_examples=examples(200), **SETTINGS)
@given(table=tables(), damage=st.one_of(st.none(), st.integers(0, 2000)))
def test_any_ods_is_published_cleanly_or_rejected_cleanly(folder, tmp_path_factory, table, damage):
    data = ods_bytes(*table)
    path = tmp_path_factory.mktemp("ods") / "export.ods"
    path.write_bytes(data if damage is None else data[:damage])
    check(folder, path)
