"""What the data holds for each indicator: periods, areas, datasets and when it was last published.

The About page and its CSV read this, beside the registry's own words.
"""

from __future__ import annotations

import polars as pl

from metrics.core import registry
from metrics.storage import schema
from metrics.storage.store import DataStore

COLUMNS = (
    "Indicator",
    "Id",
    "Domain",
    "Unit",
    "Good direction",
    "Definition",
    "Numerator / denominator",
    "Source",
    "National reference",
    "Frequency",
    "Target",
    "Periods available",
    "Areas",
    "Includes demonstration data",
    "Last updated",
)


def indicator_catalogue(*, store: DataStore) -> pl.DataFrame:
    """One row per registered indicator: its registry entry and the coverage of its published values."""
    coverage = store.collect(
        lambda values: values.group_by("indicator_id").agg(
            pl.col("period_label").sort_by("period_end").first().alias("first"),
            pl.col("period_label").sort_by("period_end").last().alias("last"),
            pl.col("area_code").n_unique().alias("areas"),
            pl.col("dataset").unique().sort().alias("datasets"),
            (pl.col("provenance") == schema.DEMONSTRATION).any().alias("demonstration"),
        )
    )
    published = dict(store.datasets().select("dataset", "published_at").iter_rows())
    rows = []
    for ind in registry.INDICATORS:
        found = coverage.filter(pl.col("indicator_id") == ind.id)
        c = found.row(0, named=True) if found.height else None
        periods = "none yet" if c is None else c["first"] if c["first"] == c["last"] else f"{c['first']} to {c['last']}"
        rows.append(
            (
                ind.title,
                ind.id,
                ind.domain_title,
                ind.unit,
                ind.direction,
                ind.definition,
                f"{ind.numerator} / {ind.denominator}" if ind.numerator else "",
                ind.source,
                ind.national_ref,
                ind.frequency,
                ind.target_text,
                periods,
                c["areas"] if c else 0,
                bool(c and c["demonstration"]),
                max((published.get(d) or "" for d in c["datasets"]), default="") if c else "",
            )
        )
    return pl.DataFrame(rows, schema=list(COLUMNS), orient="row")


def dataset_catalogue(*, store: DataStore) -> pl.DataFrame:
    """One row per values file (store.datasets()) with the sources its rows cite, joined with '; '."""
    sources = store.collect(
        lambda values: values.group_by("dataset").agg(pl.col("source").unique().sort().alias("sources"))
    )
    return store.datasets().join(sources, on="dataset", how="left").with_columns(pl.col("sources").list.join("; "))
