"""Ingesting one values file: read it as text, check every row, publish."""
from __future__ import annotations

from pathlib import Path

import polars as pl

from metrics import schema
from metrics.errors import MetricsError, Problem
from metrics.national.ascof import read_open_data
from metrics.publish import publish
from metrics.store import AREAS_FILE, read_table, values_path
from metrics.text_tables import read_text_table
from metrics.validation import ROW, normalise_input, raise_if

#: How a values file is laid out: each indicator's headline rows first, then each breakdown, by area and period,
#: so the reader skips row groups a chart does not need (bench/query_bench.py measures it).
PUBLISH_ORDER = ("indicator_id", "breakdown_dim", "breakdown_cat", "area_code", "period_end")


def validated_values(*, raw: pl.DataFrame, file: str, data_dir: Path) -> pl.DataFrame:
    """A text table checked against the contract and sorted; raises TableValidationError naming ``file``."""
    areas = read_table(path=Path(data_dir) / AREAS_FILE, contract=schema.AREAS, what="list of areas")
    frame, problems = normalise_input(raw, area_codes=areas["area_code"].to_list())
    raise_if(problems, file=file)
    if frame.height == 0:
        raise_if([Problem("(file)", None, "at least one row of values", "no rows")], file=file)
    return frame.drop(ROW).sort(*PUBLISH_ORDER, nulls_last=False)


def ingest_values(*, path: Path, dataset: str, data_dir: Path, sheet: str | None = None) -> str:
    """Read, check and publish one file as ``values/<dataset>.parquet``. Returns what publish did."""
    if not dataset.replace("_", "").replace("-", "").isalnum():
        raise MetricsError(f"Dataset name `{dataset}` must use only letters, digits, '-' and '_'.")
    raw = read_text_table(path=Path(path), sheet=sheet)
    frame = validated_values(raw=raw, file=str(path), data_dir=data_dir)
    return publish(frame=frame, target=values_path(data_dir=data_dir, dataset=dataset))


def ingest_open_data(*, path: Path, dataset: str, data_dir: Path, sheet: str | None = None):
    """Read an NHS Digital ASCOF open-data file (any year, CSV or XLSX), check it, publish it.

    Returns (what publish did, the adapter's report of areas and measures set aside).
    """
    areas = read_table(path=Path(data_dir) / AREAS_FILE, contract=schema.AREAS, what="list of areas")
    frame, report = read_open_data(path=Path(path), areas=set(areas["area_code"].to_list()), sheet=sheet)
    checked = validated_values(raw=frame, file=str(path), data_dir=data_dir)
    return publish(frame=checked, target=values_path(data_dir=data_dir, dataset=dataset)), report
