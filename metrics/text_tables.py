"""Reading a council's or a publisher's file as a table of text: types are checked by us, not guessed.

Both the council ingest (metrics.ingest) and the national adapters (metrics.national) read files this way,
so it sits below both of them.
"""
from __future__ import annotations

from pathlib import Path

import polars as pl

from metrics.errors import MetricsError, Problem, TableValidationError

READABLE = (".csv", ".xlsx", ".xls", ".ods")


def read_text_table(*, path: Path, sheet: str | None = None) -> pl.DataFrame:
    """Read a CSV, XLSX, XLS or ODS file with every cell as text, so types are checked by us, not guessed."""
    path = Path(path)
    if not path.exists():
        raise MetricsError(f"{path}: no such file.")
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        raise TableValidationError(file=str(path), problems=[
            Problem("(file)", None, f"a file ending {', '.join(READABLE)}", f"'{suffix or 'no ending'}'")])
    try:
        if suffix == ".csv":
            return pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
        kwargs = {"sheet_name": sheet} if sheet else {"sheet_id": 1}
        return pl.read_excel(path, engine="calamine", infer_schema_length=0, **kwargs)
    except Exception as exc:  # the readers raise many types for a malformed file
        raise TableValidationError(file=str(path), problems=[
            Problem("(file)", None, f"a readable {suffix[1:].upper()} table", f"an unreadable file ({exc.__class__.__name__}: {exc})")
        ]) from exc


