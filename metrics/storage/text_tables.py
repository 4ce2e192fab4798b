"""Reading a council's or a publisher's file as a table of text: types are checked by us, not guessed.

Both the council ingest (metrics.ingest) and the national adapters (metrics.sources) read files this way,
so it sits below both of them. What it guarantees, whatever the file:

* every cell is text, and each row keeps where it is in the file: the line a CSV record starts on (a quoted
  field may span lines), or the row of a spreadsheet, so a problem is named as a person finds it
  (``line 14``, ``Sheet1!D14``);
* a CSV is UTF-8 (a byte-order mark is allowed); any other encoding is refused with its likely name and the
  ``--encoding`` option to read it, never decoded into replacement characters;
* a CSV cut off inside a quoted field, a row with more or fewer cells than the header, and two headers that
  are the same once trimmed and case-folded are problems, not silently dropped data;
* an unreadable file is described in words ("not a valid XLSX file: it may be damaged or another format"),
  never with a library's internal error.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from metrics.core.errors import MetricsError, Problem, TableValidationError
from metrics.storage.cell_formats import ods_percent_cells, origin, xlsx_percent_cells

READABLE = (".csv", ".xlsx", ".xls", ".ods")
#: The column holding each row's place in the file: a CSV's line number, or a spreadsheet's row number.
ROW = "_row"
#: Largest file ingest reads (a council's quarterly export is a few MB; a national open-data file about 60 MB).
MAX_BYTES = 512 * 1024 * 1024


@dataclass(frozen=True)
class TextTable:
    """A file's cells as text, with each row's place in the file and how to name a cell."""

    file: str
    frame: pl.DataFrame  # the header's columns (trimmed), all strings, plus ROW
    sheet: str | None = None  # set for a spreadsheet: cells are named Sheet1!D14
    header: tuple[str, ...] = ()  # the header as written, in file order
    first_column: int = 0  # the sheet column (0 = A) the table's first column is in

    def locate(self, column: str, row: int | None) -> str:
        """'line 14, column `value`' for a CSV; 'Sheet1!D14 (column `value`)' for a spreadsheet."""
        if row is None:
            return f"column `{column}`"
        if self.sheet is None:
            return f"line {row}, column `{column}`"
        folded = [h.strip().casefold() for h in self.header]
        if column.strip().casefold() in folded:
            letter = column_letter(self.first_column + folded.index(column.strip().casefold()))
            return f"{self.sheet}!{letter}{row} (column `{column}`)"
        return f"{self.sheet} row {row}, column `{column}`"


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: a spreadsheet's name for a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _problem(file: str, expected: str, found: str, column: str = "(file)") -> TableValidationError:
    return TableValidationError(file=file, problems=[Problem(column, None, expected, found)])


def _likely_encoding(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or data[1:200:2].count(0) > 20:
        return "utf-16"
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


ENCODING_NAMES = {
    "utf-16": "UTF-16 (Excel's 'Unicode text')",
    "cp1252": "Windows-1252 (Excel's 'CSV' on Windows)",
    "latin-1": "Latin-1 (ISO-8859-1)",
}


def decode(data: bytes, *, file: str, encoding: str | None = None) -> str:
    """The text of a CSV: UTF-8 (with or without a byte-order mark) unless ``encoding`` names another."""
    if encoding is not None:
        try:
            info = codecs.lookup(encoding)
        except LookupError:
            info = None
        if info is None or not getattr(info, "_is_text_encoding", True):  # 'zlib' and 'rot13' are codecs, not text
            raise _problem(file, "a text encoding, such as utf-8, cp1252 or utf-16", f"'{encoding}'") from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise _problem(file, f"text in {encoding}", f"bytes that are not {encoding} at byte {exc.start}") from None
        return text.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        likely = _likely_encoding(data)
        raise _problem(
            file,
            "UTF-8 text (save the file as 'CSV UTF-8', or name its encoding with --encoding)",
            f"bytes that are not UTF-8 at byte {exc.start}: it looks like {ENCODING_NAMES[likely]}; "
            f"try --encoding {likely}",
        ) from None


def _from_rows(
    *, file: str, rows: list[list[str]], places: list[int], sheet: str | None, first_column: int = 0
) -> TextTable:
    """Header and records to a frame of text; every record must have the header's number of cells."""
    if not rows:
        raise _problem(file, "a header row and at least one row of values", "an empty file")
    header = [str(h) for h in rows[0]]
    trimmed = [h.strip() for h in header]
    problems: list[Problem] = []

    def at(place: int, column: str | None = None) -> str:
        where = f"line {place}" if sheet is None else f"{sheet} row {place}"
        return where + (f", column `{column}`" if column else "")

    seen: dict[str, str] = {}
    for h in trimmed:
        key = h.casefold()
        if not h:
            problems.append(
                Problem("(header)", places[0], "a name for every column", "an empty column name", at(places[0]))
            )
        elif key in seen:
            problems.append(
                Problem(
                    h,
                    places[0],
                    "each column once",
                    f"`{seen[key]}` and `{h}`, the same column once spaces and capitals are ignored",
                    at(places[0], h),
                )
            )
        seen.setdefault(key, h)
    width = len(header)
    for record, place in zip(rows[1:], places[1:], strict=True):
        if len(record) != width and any(c.strip() for c in record):
            problems.append(
                Problem("(row)", place, f"{width} cells, as in the header", f"{len(record)} cells", at(place))
            )
    if problems:
        raise TableValidationError(file=file, problems=problems)
    body = [r for r in rows[1:] if any(str(c).strip() for c in r)]
    body_places = [p for r, p in zip(rows[1:], places[1:], strict=True) if any(str(c).strip() for c in r)]
    frame = pl.DataFrame(
        {name: [r[i] for r in body] for i, name in enumerate(trimmed)}, schema=dict.fromkeys(trimmed, pl.String)
    )
    return TextTable(
        file, frame.with_columns(pl.Series(ROW, body_places, pl.Int64)), sheet, tuple(header), first_column
    )


def _read_csv(path: Path, *, encoding: str | None) -> TextTable:
    file = str(path)
    text = decode(path.read_bytes(), file=file, encoding=encoding)
    if text.count("\x00") > max(8, len(text) // 100):  # a stray one is a cell's problem; many, the file's
        raise _problem(file, "a text file", "NUL bytes: a binary file, or text in another encoding")
    if "\ufffd" in text:
        raise _problem(
            file,
            "text without replacement characters (\ufffd)",
            "characters already lost when the file was saved: export it again as 'CSV UTF-8'",
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows, places, start = [], [], 1
    try:
        for record in reader:
            rows.append(record)
            places.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        cut = "end of data" in str(exc)
        raise TableValidationError(
            file=file,
            problems=[
                Problem(
                    "(row)",
                    start,
                    "a complete CSV record (every quoted field closed)",
                    "the file ends inside a quoted field: it may have been cut off"
                    if cut
                    else f"a quote in the wrong place ({exc})",
                    f"line {start}",
                )
            ],
        ) from None
    return _from_rows(file=file, rows=rows, places=places, sheet=None)


def _read_sheet(path: Path, *, sheet: str | None) -> TextTable:
    file = str(path)
    kind = path.suffix[1:].upper()
    try:
        import fastexcel

        reader = fastexcel.read_excel(str(path))
        names = reader.sheet_names
    except Exception:  # the reader raises many types for a file that is not what it says
        raise _problem(
            file, f"a valid {kind} file", "a file that cannot be opened: it may be damaged or another format"
        ) from None
    chosen = sheet if sheet is not None else (names[0] if names else None)
    if chosen not in names:
        raise _problem(
            file, f"a sheet named {sheet!r}" if sheet else "at least one sheet", f"sheets {', '.join(names) or 'none'}"
        )
    try:
        grid = pl.read_excel(path, sheet_name=chosen, engine="calamine", has_header=False, infer_schema_length=0)
    except Exception:
        raise _problem(file, f"a readable sheet {chosen!r}", "a sheet that cannot be read: it may be damaged") from None
    rows = [["" if c is None else str(c) for c in r] for r in grid.rows()]
    # the grid starts at the first cell holding a value, not at A1: cells are named and found from there
    top, left = origin(path, chosen)
    # a cell formatted as a percentage is read as shown: 0.453 shown as 45.3% becomes "45.3%"
    formats = (
        xlsx_percent_cells
        if path.suffix.lower() == ".xlsx"
        else ods_percent_cells
        if path.suffix.lower() == ".ods"
        else None
    )
    for sheet_row, sheet_col in formats(path, chosen) if formats else ():
        r, c = sheet_row - top + 1, sheet_col - left
        if 0 < r <= len(rows) and 0 <= c < len(rows[r - 1]):
            with contextlib.suppress(ValueError):  # a percentage-formatted cell holding text stays as it is
                rows[r - 1][c] = f"{round(float(rows[r - 1][c]) * 100, 10):g}%"
    while rows and not any(c.strip() for c in rows[0]):  # blank rows above the header
        rows.pop(0)
    skipped = grid.height - len(rows)
    # cells to the right of the header are empty columns, not data
    width = max((i + 1 for i, c in enumerate(rows[0]) if c.strip()), default=0) if rows else 0
    rows = [r[:width] if not any(c.strip() for c in r[width:]) else r for r in rows]
    first = top + skipped
    return _from_rows(
        file=file, rows=rows, places=list(range(first, first + len(rows))), sheet=chosen, first_column=left
    )


def read_table_text(*, path: Path, sheet: str | None = None, encoding: str | None = None) -> TextTable:
    """Read a CSV, XLSX, XLS or ODS file with every cell as text and each row's place in the file."""
    path = Path(path)
    if not path.exists():
        raise MetricsError(f"{path}: no such file.")
    if path.is_dir():
        raise MetricsError(f"{path}: this is a folder, not a file. Name the file inside it.")
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        raise _problem(str(path), f"a file ending {', '.join(READABLE)}", f"'{suffix or 'no ending'}'")
    if path.stat().st_size > MAX_BYTES:
        raise _problem(str(path), f"a file of at most {MAX_BYTES // 2**20} MB", f"{path.stat().st_size // 2**20} MB")
    if suffix == ".csv":
        return _read_csv(path, encoding=encoding)
    if encoding is not None:
        raise _problem(
            str(path), "--encoding only with a CSV file", f"a {suffix[1:].upper()} file (it knows its own encoding)"
        )
    return _read_sheet(path, sheet=sheet)


def read_text_table(*, path: Path, sheet: str | None = None, encoding: str | None = None) -> pl.DataFrame:
    """The cells as text with each row's place in the file (ROW), for adapters that reshape the table."""
    return read_table_text(path=path, sheet=sheet, encoding=encoding).frame
