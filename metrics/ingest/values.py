"""Ingesting one values file: read it as text, check every row, publish."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import polars as pl

from metrics.core.errors import MetricsError, MissingTableError, Problem
from metrics.sources.ascof import read_open_data
from metrics.sources.codes import AreaCodes
from metrics.storage import schema
from metrics.storage.publish import publish
from metrics.storage.store import AREAS_FILE, OTHER_AUTHORITIES_FILE, read_table, values_path
from metrics.storage.text_tables import ROW, TextTable, read_table_text
from metrics.storage.validation import normalise_input, raise_if

#: How a values file is laid out: each indicator's headline rows first, then each breakdown, by area and period,
#: so the reader skips row groups a chart does not need (bench/query_bench.py measures it).
PUBLISH_ORDER = ("indicator_id", "breakdown_dim", "breakdown_cat", "area_code", "period_end")


#: A dataset's name: it becomes a file name in data/values/, so only a short slug, never a path.
DATASET_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")


def check_dataset_name(dataset: str) -> str:
    """The dataset name, if it is a short slug; MetricsError otherwise. Every ingest command checks it first."""
    if not isinstance(dataset, str) or not DATASET_NAME.fullmatch(dataset):  # fullmatch: 'x\n' is not 'x'
        shown = repr(dataset)[:60]
        raise MetricsError(
            f"Dataset name {shown} must be 1 to 100 characters of lower-case letters, digits, '-' and "
            "'_', starting with a letter or digit (it becomes a file name in data/values/; no paths)."
        )
    return dataset


def validated_values(*, raw: pl.DataFrame, file: str, data_dir: Path, table: TextTable | None = None) -> pl.DataFrame:
    """A text table checked against the contract and sorted; raises TableValidationError naming ``file`` and, where
    ``table`` says how, each problem's line (CSV) or cell (spreadsheet)."""
    areas = read_table(path=Path(data_dir) / AREAS_FILE, contract=schema.AREAS, what="list of areas")
    frame, problems = normalise_input(raw, area_codes=areas["area_code"].to_list())
    if problems and table is not None:
        problems = [Problem(p.column, p.row, p.expected, p.found, table.locate(p.column, p.row)) for p in problems]
    raise_if(problems, file=file)
    if frame.height == 0:
        raise_if([Problem("(file)", None, "at least one row of values", "no rows")], file=file)
    return frame.drop(ROW).sort(*PUBLISH_ORDER, nulls_last=False)


def ingest_values(
    *,
    path: Path,
    dataset: str,
    data_dir: Path,
    sheet: str | None = None,
    encoding: str | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> str:
    """Read, check and publish one file as ``values/<dataset>.parquet``. Returns what publish did. ``progress`` is
    told each step and how far along it is (0 to 1), for the Update page's progress bar."""
    tell = progress or (lambda _what, _done: None)
    check_dataset_name(dataset)
    tell("Reading the file", 0.05)
    table = read_table_text(path=Path(path), sheet=sheet, encoding=encoding)
    tell(f"Checking {table.frame.height:,} rows against the data contract", 0.35)
    frame = validated_values(raw=table.frame, file=str(path), data_dir=data_dir, table=table)
    tell(f"Publishing {frame.height:,} rows (the version it replaces is kept)", 0.8)
    return publish(frame=frame, target=values_path(data_dir=data_dir, dataset=dataset))


def area_codes(*, data_dir: Path) -> AreaCodes:
    """The codes a national file's rows may carry: the areas table's, and former councils' codes read as their
    successors' (metrics.sources.codes), from the other-authorities table when the data folder has one."""
    areas = read_table(path=Path(data_dir) / AREAS_FILE, contract=schema.AREAS, what="list of areas")
    try:
        other = read_table(
            path=Path(data_dir) / OTHER_AUTHORITIES_FILE, contract=schema.OTHER_AUTHORITIES, what="other authorities"
        )
    except MissingTableError:
        other = None
    return AreaCodes.from_tables(areas=areas, other_authorities=other)


def ingest_open_data(
    *, path: Path, dataset: str, data_dir: Path, sheet: str | None = None, encoding: str | None = None
):
    """Read an NHS Digital ASCOF open-data file (any year, CSV or XLSX), check it, publish it.

    Returns (what publish did, the adapter's report of areas and measures set aside).
    """
    check_dataset_name(dataset)
    frame, report = read_open_data(path=Path(path), areas=area_codes(data_dir=data_dir), sheet=sheet, encoding=encoding)
    checked = validated_values(raw=frame, file=str(path), data_dir=data_dir, table=TextTable(str(path), frame))
    return publish(frame=checked, target=values_path(data_dir=data_dir, dataset=dataset)), report
