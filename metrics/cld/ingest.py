"""`python -m metrics.ingest cld FILE... --dataset NAME --area CODE`: a council's CLD extracts to indicator rows.

The extracts are read and minimised (metrics.cld.extract), the indicators computed (metrics.cld.indicators), and
the rows go through the same checks and atomic publish as any council export (metrics.ingest.values), so a
rejected file publishes nothing and the last good version stays. Only aggregate rows are written: no event, no
person identifier. The data-quality report is published beside them (data/cld_quality/<dataset>.parquet).
"""
from __future__ import annotations

from pathlib import Path

import polars as pl

from metrics.cld import extract, indicators
from metrics.ingest.values import check_dataset_name, validated_values
from metrics.publish import publish
from metrics.store import values_path

QUALITY_DIR = "cld_quality"


def quality_path(*, data_dir: Path, dataset: str) -> Path:
    return Path(data_dir) / QUALITY_DIR / f"{check_dataset_name(dataset)}.parquet"


def source_line(*, paths: list[Path], events: pl.DataFrame) -> str:
    """'Computed from CLD extract a.csv, b.csv (Apr 2023 to Jun 2023)': what every row's source says."""
    months = indicators.months(events)
    span = f"{months[0]:%b %Y} to {months[-1]:%b %Y}" if months else "no events"
    return f"Computed from CLD extract {', '.join(Path(p).name for p in paths)} ({span}); DHSC CLD definitions"


def rows_from_extracts(*, paths: list[Path], area_code: str) -> tuple[pl.DataFrame, extract.Quality, str]:
    """The indicator rows in the ingest layout (text), the quality report and the source line."""
    events, quality = extract.read_extracts([Path(p) for p in paths])
    source = source_line(paths=paths, events=events)
    found = indicators.every_indicator(events)
    text = found.with_columns(
        pl.lit(area_code).alias("area_code"), pl.lit(source).alias("source"), pl.lit("final").alias("status"),
        *(pl.col(c).cast(pl.String) for c in ("value", "numerator", "denominator")))
    return text, quality, source


def ingest_cld(*, paths: list[Path], dataset: str, area_code: str, data_dir: Path) -> tuple[str, extract.Quality]:
    """Read, compute, check and publish; returns (what publish did, the quality report)."""
    check_dataset_name(dataset)
    text, quality, source = rows_from_extracts(paths=paths, area_code=area_code)
    checked = validated_values(raw=text, file=f"(indicators computed from {', '.join(str(p) for p in paths)})",
                               data_dir=data_dir)
    outcome = publish(frame=checked, target=values_path(data_dir=data_dir, dataset=dataset))
    report = quality.frame.with_columns(pl.lit(dataset).alias("dataset"), pl.lit(source).alias("source"),
                                        pl.lit(quality.duplicates).alias("duplicates_removed"))
    publish(frame=report, target=quality_path(data_dir=data_dir, dataset=dataset))
    return outcome, quality


def quality_reports(*, data_dir: Path) -> pl.DataFrame:
    """Every published CLD dataset's data-quality report, one row per dataset and field (empty when none)."""
    folder = Path(data_dir) / QUALITY_DIR
    frames = [pl.read_parquet(path) for path in sorted(folder.glob("*.parquet"))] if folder.is_dir() else []
    return pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
