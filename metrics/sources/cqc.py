"""CQC care directory with ratings: provider-level ratings, and the share rated good or outstanding.

The layout is one row per location x service or population group x rating
domain. Only adult social care locations are kept (residential social care
and community-based adult social care).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import cast

import polars as pl

from metrics.core.errors import Problem, TableValidationError
from metrics.sources.ascof import OUT_COLUMNS

SERVICE_TYPES = {
    "Residential social care": "Care homes",
    "Community based adult social care services": "Community-based adult social care",
}
RATED = ("Outstanding", "Good", "Requires improvement", "Inadequate")
SOURCE = "CQC care directory with ratings ({file}); OGL v3.0"
NEEDED = (
    "Location ID",
    "Location Name",
    "Provider Name",
    "Location Local Authority",
    "Location Primary Inspection Category",
    "Service / Population Group",
    "Domain",
    "Latest Rating",
    "Publication Date",
    "URL",
)


def read_locations(*, path: Path, area_names: dict[str, str]) -> pl.DataFrame:
    """Adult social care locations with their rating in each domain. ``area_names``: council name -> code."""
    raw = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    missing = [c for c in NEEDED if c not in raw.columns]
    if missing:
        raise TableValidationError(
            file=str(path), problems=[Problem(c, None, "a column of the CQC directory layout", "none") for c in missing]
        )
    unknown = set(raw["Location Local Authority"].unique().to_list()) - set(area_names)
    raw = raw.filter(
        pl.col("Location Primary Inspection Category").is_in(list(SERVICE_TYPES))
        & (pl.col("Service / Population Group") == "Overall")
        & pl.col("Location Local Authority").is_in(list(area_names))
    )
    dates = [datetime.strptime(d, "%m/%d/%Y").date() if d else None for d in raw["Publication Date"].to_list()]
    out = raw.with_columns(pl.Series("publication_date", dates, pl.Date)).select(
        pl.col("Location Local Authority").replace_strict(area_names).alias("area_code"),
        pl.col("Location ID").alias("location_id"),
        pl.col("Location Name").alias("location_name"),
        pl.col("Provider Name").alias("provider_name"),
        pl.col("Location Primary Inspection Category").replace_strict(SERVICE_TYPES).alias("service_type"),
        pl.col("Domain").alias("domain"),
        pl.col("Latest Rating").alias("rating"),
        "publication_date",
        pl.col("URL").alias("url"),
        pl.lit(SOURCE.format(file=Path(path).name)).alias("source"),
    )
    if unknown and out.height == 0:
        raise TableValidationError(
            file=str(path),
            problems=[
                Problem(
                    "Location Local Authority",
                    None,
                    "council names from the areas table",
                    ", ".join(sorted(unknown))[:200],
                )
            ],
        )
    return out.sort("area_code", "service_type", "location_name", "domain")


def good_or_outstanding(locations: pl.DataFrame) -> pl.DataFrame:
    """The share of rated locations rated good or outstanding overall, by area and service type (ingest layout)."""
    overall = locations.filter((pl.col("domain") == "Overall") & pl.col("rating").is_in(list(RATED)))
    if overall.height == 0:
        return pl.DataFrame(schema=dict.fromkeys(OUT_COLUMNS, pl.String))
    as_at = cast(date, overall["publication_date"].max())
    shares = overall.group_by("area_code", "service_type").agg(
        pl.col("rating").is_in(["Good", "Outstanding"]).sum().alias("good"),
        pl.len().alias("rated"),
        pl.col("source").first(),
    )
    return shares.sort("area_code", "service_type").select(
        pl.lit("cqc_good_outstanding_pct").alias("indicator_id"),
        "area_code",
        pl.lit(as_at.strftime("%d/%m/%Y")).alias("period"),
        pl.lit("service type").alias("breakdown_dim"),
        pl.col("service_type").alias("breakdown_cat"),
        (pl.col("good") / pl.col("rated") * 100).round(1).cast(pl.String).alias("value"),
        pl.col("good").cast(pl.String).alias("numerator"),
        pl.col("rated").cast(pl.String).alias("denominator"),
        pl.lit(None, pl.String).alias("margin_of_error"),
        pl.lit("final").alias("status"),
        "source",
        pl.lit(
            f"Worked out here: locations rated good or outstanding overall, of those rated, as at the latest "
            f"publication date in the extract ({as_at:%d %b %Y})"
        ).alias("note"),
    )
