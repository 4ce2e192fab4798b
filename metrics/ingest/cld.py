"""`python -m metrics.ingest cld FILE... --dataset NAME --area CODE`: a council's CLD extracts to indicator rows.

The extracts are read and minimised (metrics.cld.extract), the indicators computed (metrics.cld.indicators), and
the rows go through the same checks and atomic publish as any council export (metrics.ingest.values), so a
rejected file publishes nothing and the last good version stays. Only aggregate rows are written: no event, no
person identifier. The data-quality report is published beside them (data/cld_quality/<dataset>.parquet).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from metrics.cld import extract, indicators, rollup
from metrics.core import registry
from metrics.core.errors import MetricsError
from metrics.ingest.values import check_dataset_name, validated_values
from metrics.storage import schema
from metrics.storage.publish import publish
from metrics.storage.store import LOCATIONS_FILE, POPULATION_FILE, values_path

QUALITY_DIR = "cld_quality"
#: Every indicator the CLD ingest computes (what ``--as`` may rename).
COMPUTED = (
    "requests_all",
    "requests_new",
    "assessments_completed",
    "assessments_eligible",
    "assessments_eligible_pct",
    "reviews_completed",
    "people_long_term_support",
    "reviews_overdue_12m",
    "reviews_overdue_24m",
    "wait_assessment_median_days",
    "wait_service_median_days",
    "people_waiting_assessment",
    "assessment_wait_28d_pct",
    "assessment_wait_6m_pct",
    "st_max_completed",
    "reablement_no_ongoing_pct",
    "admissions_permanent",
    "admissions_18_64_rate",
    "admissions_65_rate",
    "lts_provider_good_pct",
)


def quality_path(*, data_dir: Path, dataset: str) -> Path:
    return Path(data_dir) / QUALITY_DIR / f"{check_dataset_name(dataset)}.parquet"


def is_synthetic(events: pl.DataFrame) -> bool:
    """Whether the extract marks its records as generated (the Synthetic_Record field, filled)."""
    return "Synthetic_Record" in events.columns and events["Synthetic_Record"].is_not_null().any()


def source_line(*, paths: list[Path], events: pl.DataFrame) -> str:
    """'Computed from CLD extract a.csv, b.csv (Apr 2023 to Jun 2023; 2023/24 Q1)': what every row's source says,
    with the quarters covered. A synthetic extract's figures begin 'Demonstration:', which is what marks a row as
    demonstration on every page and export."""
    months = indicators.months(events)
    span = f"{months[0]:%b %Y} to {months[-1]:%b %Y}" if months else "no events"
    quarters = rollup.quarters_covered(months)
    if quarters:
        span += f"; {quarters[0]}" + (f" to {quarters[-1]}" if len(quarters) > 1 else "")
    names = ", ".join(Path(p).name for p in paths)
    if is_synthetic(events):
        return f"Demonstration: computed from synthetic CLD extract {names} ({span}); DHSC CLD definitions"
    return f"Computed from CLD extract {names} ({span}); DHSC CLD definitions"


def parse_renames(pairs: list[str] | None) -> dict[str, str]:
    """``["requests_new=contacts_new"]`` -> {"requests_new": "contacts_new"}: a council's own name for a CLD
    indicator. Both names must be known: the CLD one computed here, the local one in the registry."""
    out = {}
    for pair in pairs or []:
        cld, _, local = pair.partition("=")
        cld, local = cld.strip(), local.strip()
        if cld not in COMPUTED:
            raise MetricsError(f"--as {pair}: '{cld}' is not an indicator computed from CLD ({', '.join(COMPUTED)})")
        registry.get(local)  # raises, naming the unknown indicator
        out[cld] = local
    return out


def _read_optional(path: Path) -> pl.DataFrame | None:
    return pl.read_parquet(path) if path.is_file() else None


def rows_from_extracts(
    *, paths: list[Path], area_code: str, data_dir: Path | None = None, renames: dict[str, str] | None = None
) -> tuple[pl.DataFrame, extract.Quality, str]:
    """The indicator rows in the ingest layout (text): every month, the whole quarters and years they make, and the
    yearly admission rates (over the bundled population); the quality report; and the source line."""
    events, quality = extract.read_extracts([Path(p) for p in paths])
    source = source_line(paths=paths, events=events)
    locations = _read_optional(Path(data_dir) / LOCATIONS_FILE) if data_dir else None
    population = _read_optional(Path(data_dir) / POPULATION_FILE) if data_dir else None
    monthly = indicators.every_indicator(events, locations=locations)
    yearly = rollup.rolled_up(monthly, month_ends=indicators.months(events))
    parts = [monthly, yearly]
    if population is not None:
        parts.append(indicators.admission_rates(yearly, population=population, area_code=area_code))
    found = pl.concat(parts, how="diagonal_relaxed")
    note = pl.lit(None, pl.String)
    if is_synthetic(events):
        note = pl.lit("Demonstration: computed from synthetic CLD records (seed.synthetic_cld), no real person")
    if population is not None:
        years = sorted(set(population["year"].to_list()))
        words = (
            "Rate over the nearest ONS mid-year population estimate bundled ("
            + ", ".join(f"mid-{y}" for y in years)
            + ")"
        )
        note = (
            pl.when(pl.col("indicator_id").is_in(["admissions_18_64_rate", "admissions_65_rate"]))
            .then(pl.concat_str([note, pl.lit(words)], separator="; ", ignore_nulls=True))
            .otherwise(note)
        )
    if renames:
        found = found.with_columns(pl.col("indicator_id").replace(renames))
        for cld, local in renames.items():
            words = f"Published as '{local}' at the council's choice; computed as CLD '{cld}'"
            note = (
                pl.when(pl.col("indicator_id") == local)
                .then(pl.concat_str([note, pl.lit(words)], separator="; ", ignore_nulls=True))
                .otherwise(note)
            )
    text = found.with_columns(
        pl.lit(area_code).alias("area_code"),
        pl.lit(source).alias("source"),
        pl.lit(schema.DEMONSTRATION if is_synthetic(events) else schema.COMPUTED).alias("provenance"),
        pl.lit("final").alias("status"),
        note.alias("note"),
        *(pl.col(c).cast(pl.String) for c in ("value", "numerator", "denominator")),
    ).sort("indicator_id", "period_type", "period", "breakdown_dim", "breakdown_cat", nulls_last=False)
    return text, quality, source  # sorted: the same extract always publishes the same file


def ingest_cld(
    *, paths: list[Path], dataset: str, area_code: str, data_dir: Path, renames: dict[str, str] | None = None
) -> tuple[str, extract.Quality]:
    """Read, compute, check and publish; returns (what publish did, the quality report)."""
    check_dataset_name(dataset)
    text, quality, source = rows_from_extracts(paths=paths, area_code=area_code, data_dir=data_dir, renames=renames)
    checked = validated_values(
        raw=text, file=f"(indicators computed from {', '.join(str(p) for p in paths)})", data_dir=data_dir
    )
    outcome = publish(frame=checked, target=values_path(data_dir=data_dir, dataset=dataset))
    report = quality.frame.with_columns(
        pl.lit(dataset).alias("dataset"),
        pl.lit(source).alias("source"),
        pl.lit(quality.duplicates).alias("duplicates_removed"),
    )
    publish(frame=report, target=quality_path(data_dir=data_dir, dataset=dataset))
    return outcome, quality


def quality_reports(*, data_dir: Path) -> pl.DataFrame:
    """Every published CLD dataset's data-quality report, one row per dataset and field (empty when none)."""
    folder = Path(data_dir) / QUALITY_DIR
    frames = [pl.read_parquet(path) for path in sorted(folder.glob("*.parquet"))] if folder.is_dir() else []
    return pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
