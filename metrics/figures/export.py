"""Files people download: CSV that is safe to open in a spreadsheet.

A cell that begins with =, +, -, @, a tab or a carriage return can run as a
formula when the file is opened in Excel (CSV injection, OWASP). Every text
cell that could is prefixed with an apostrophe, which spreadsheets show as
text; numbers stay numbers, because only text columns are touched.
"""

from __future__ import annotations

import polars as pl

#: The characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with every text cell that could run as a formula made inert; other columns unchanged."""
    pattern = (
        "^["
        + "".join("\\" + c if c in "-+" else c for c in FORMULA_START).replace("\t", "\\t").replace("\r", "\\r")
        + "]"
    )
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(pattern)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c, dtype in frame.schema.items()
        if dtype == pl.String
    )


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """The frame as UTF-8 CSV with formula-like text neutralised: what every download button offers."""
    return neutralise(frame).write_csv().encode("utf-8")
