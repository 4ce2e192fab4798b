"""Which spreadsheet cells are formatted as percentages, so they are read as people see them.

A spreadsheet stores 45.3% as 0.453 and shows it through the cell's number format; the table reader
(calamine) gives the stored 0.453. Read from the file's own XML (the standard library's zipfile and
ElementTree: a few lines, no further dependency): in an XLSX, a cell whose style's number format shows a
percent sign; in an ODS, a cell whose value type is "percentage". Any failure to read the formats gives no
cells, never an error: the values are then checked against their numerator and denominator as always.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
#: Excel's built-in number formats that show a percentage (0% and 0.00%).
BUILTIN_PERCENT = {9, 10}
#: Largest part of a package read for formats: a larger file is not inspected (its values are still checked).
MAX_XML = 64 * 1024 * 1024


def _cell_index(ref: str) -> tuple[int, int]:
    """'D14' -> (14, 3): the 1-based row and the 0-based column."""
    m = re.match(r"([A-Z]+)(\d+)$", ref)
    if m is None:
        raise ValueError(f"not a cell reference: {ref!r}")
    col = 0
    for ch in m[1]:
        col = col * 26 + ord(ch) - 64
    return int(m[2]), col - 1


def _read(z: zipfile.ZipFile, name: str) -> ET.Element:
    if z.getinfo(name).file_size > MAX_XML:
        raise ValueError("too large to inspect")
    return ET.fromstring(z.read(name))


def _xlsx_sheet(z: zipfile.ZipFile, sheet: str) -> ET.Element:
    book = _read(z, "xl/workbook.xml")
    rid = next(s.get(f"{REL}id") for s in book.iter(f"{MAIN}sheet") if s.get("name") == sheet)
    rels = _read(z, "xl/_rels/workbook.xml.rels")
    target = next(r.get("Target", "") for r in rels.iter(f"{PKG_REL}Relationship") if r.get("Id") == rid)
    return _read(z, target.lstrip("/") if target.startswith("/") else f"xl/{target}")


def origin(path: Path, sheet: str) -> tuple[int, int]:
    """The (row, column) of the top-left cell holding a value: where the table reader's grid starts. (1, 0) for
    A1; a table set lower or further right is named by the cells people see, not from the grid's corner."""
    try:
        if Path(path).suffix.lower() == ".xlsx":
            with zipfile.ZipFile(path) as z:
                cells = [
                    _cell_index(c.get("r", ""))
                    for c in _xlsx_sheet(z, sheet).iter(f"{MAIN}c")
                    if c.get("r") and (c.find(f"{MAIN}v") is not None or c.find(f"{MAIN}is") is not None)
                ]
            return (min(r for r, _c in cells), min(c for _r, c in cells)) if cells else (1, 0)
        if Path(path).suffix.lower() == ".ods":
            with zipfile.ZipFile(path) as z:
                content = _read(z, "content.xml")
            table = next(t for t in content.iter(f"{TABLE}table") if t.get(f"{TABLE}name") == sheet)
            rows, cols, row = [], [], 0
            for tr in table.iter(f"{TABLE}table-row"):
                col = 0
                for cell in tr:
                    if "".join(cell.itertext()).strip():
                        rows.append(row + 1)
                        cols.append(col)
                    col += int(cell.get(f"{TABLE}number-columns-repeated", 1))
                row += int(tr.get(f"{TABLE}number-rows-repeated", 1))
            return (min(rows), min(cols)) if rows else (1, 0)
    except Exception:  # the origin is a courtesy: without it, cells are named from A1
        pass
    return (1, 0)


def xlsx_percent_cells(path: Path, sheet: str) -> set[tuple[int, int]]:
    """(row, column) of every cell in ``sheet`` whose number format shows a percentage."""
    try:
        with zipfile.ZipFile(path) as z:
            styles = _read(z, "xl/styles.xml")
            custom = {int(f.get("numFmtId", 0)): f.get("formatCode", "") for f in styles.iter(f"{MAIN}numFmt")}
            xfs = styles.find(f"{MAIN}cellXfs")
            percent_styles = {
                i
                for i, xf in enumerate(xfs if xfs is not None else [])
                if int(xf.get("numFmtId", 0)) in BUILTIN_PERCENT
                or "%" in re.sub(r'"[^"]*"|\\.', "", custom.get(int(xf.get("numFmtId", 0)), ""))
            }
            if not percent_styles:
                return set()
            cells = _xlsx_sheet(z, sheet).iter(f"{MAIN}c")
            return {
                _cell_index(c.get("r", ""))
                for c in cells
                if c.get("r") and int(c.get("s", 0)) in percent_styles and c.get("t", "n") == "n"
            }
    except Exception:  # formats are a courtesy: a file they cannot be read from is still checked value by value
        return set()


def ods_percent_cells(path: Path, sheet: str) -> set[tuple[int, int]]:
    """(row, column) of every cell in ``sheet`` whose value type is percentage."""
    try:
        with zipfile.ZipFile(path) as z:
            content = _read(z, "content.xml")
        table = next(t for t in content.iter(f"{TABLE}table") if t.get(f"{TABLE}name") == sheet)
        found, row = set(), 0
        for tr in table.iter(f"{TABLE}table-row"):
            repeat_rows = int(tr.get(f"{TABLE}number-rows-repeated", 1))
            col = 0
            for cell in tr:
                repeat = int(cell.get(f"{TABLE}number-columns-repeated", 1))
                if cell.get(f"{OFFICE}value-type") == "percentage":
                    for r in range(row + 1, row + 1 + min(repeat_rows, 1000)):
                        found |= {(r, c) for c in range(col, col + min(repeat, 1000))}
                col += repeat
            row += repeat_rows
        return found
    except Exception:
        return set()
