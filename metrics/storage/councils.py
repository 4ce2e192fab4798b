"""Every council in England with adult social care duties, and what a code someone brings means.

A link may carry any code. A council with adult social care duties opens its
own dashboard; a district council's code is answered with the county council
that runs adult social care there; anything else is named as not such a
council. Nothing ever swaps in another council without saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from metrics.core.errors import MetricsError
from metrics.storage import schema
from metrics.storage.store import DataStore

#: What a code looks like: nine characters, a letter then digits (E06000016). Anything else is not looked up.
CODE = re.compile(r"^[A-Z]\d{8}$")
#: Values datasets published for every council: an indicator in them is national, any other is local.
NATIONAL_PREFIXES = ("national_", "derived_")


@dataclass(frozen=True)
class Resolution:
    code: str | None  # the council to show, or None when the code is not one
    message: str  # "" when the code is a council; otherwise what it is, in one sentence
    suggest: str | None = None  # a council to offer instead (a district's county)
    suggest_name: str | None = None


def council_list(*, store: DataStore) -> pl.DataFrame:
    """Every council with adult social care duties: area_code, area_name, council_type, region_name; by name."""
    areas = store.areas()
    regions = areas.filter(pl.col("area_type") == "region").select(
        pl.col("area_code").alias("region_code"), pl.col("area_name").alias("region_name")
    )
    return (
        areas.filter(pl.col("area_type") == "council")
        .join(regions, on="region_code", how="left")
        .select("area_code", "area_name", "council_type", "region_name")
        .sort("area_name")
    )


def resolve(*, store: DataStore, code: str) -> Resolution:
    """What ``code`` means: a council to open, or a sentence saying what it is instead."""
    code = (code or "").strip()
    shown = code if len(code) <= 20 else code[:20] + "…"
    councils = store.areas().filter(pl.col("area_type") == "council")
    if code in set(councils["area_code"].to_list()):
        return Resolution(code, "")
    if CODE.match(code.upper()) and code.upper() in set(councils["area_code"].to_list()):
        return Resolution(code.upper(), "")
    try:
        other = store.other_authorities().filter(pl.col("area_code") == code.upper())
    except MetricsError:  # the lookup is a courtesy: without it, the plain answer below
        other = pl.DataFrame()
    if other.height:
        row = other.row(0, named=True)
        if row["kind"] == schema.LA_CODE_KIND and row["asc_code"] in set(councils["area_code"].to_list()):
            return Resolution(row["asc_code"], "")  # the council's own three-digit LA code
        if row["kind"] == "former district" and row["asc_code"] in set(councils["area_code"].to_list()):
            now = councils.filter(pl.col("area_code") == row["asc_code"])["area_name"][0]
            return Resolution(
                None,
                f"{row['area_name']} was a district council, since abolished; adult social care "
                f"there is now run by {now}.",
                row["asc_code"],
                now,
            )
        if row["kind"] == "former council" and row["asc_code"] in set(councils["area_code"].to_list()):
            now = councils.filter(pl.col("area_code") == row["asc_code"])["area_name"][0]
            return Resolution(
                None,
                f"{row['area_name']} was a council, abolished in {row['end_date']:%Y}; its adult social care "
                f"is now run by {now}.",
                row["asc_code"],
                now,
            )
        if row["kind"] == "district" and row["asc_code"] in set(councils["area_code"].to_list()):
            county = councils.filter(pl.col("area_code") == row["asc_code"])["area_name"][0]
            return Resolution(
                None,
                f"{row['area_name']} is a district council; adult social care there is run by {county} County Council.",
                row["asc_code"],
                county,
            )
        if row["kind"] == "district":
            return Resolution(
                None,
                f"{row['area_name']} is a district council; adult social care there is run by "
                f"its county council, for which this dashboard holds no figures.",
            )
        return Resolution(
            None,
            f"{row['area_name']} is outside England: adult social care there is reported "
            "differently, and this dashboard covers English councils.",
        )
    return Resolution(None, f"‘{shown}’ is not the code of a council with adult social care duties in England.")


def national_indicator_ids(*, store: DataStore) -> set[str]:
    """Indicators published for every council (ASCOF, Oflog, CQC and rates worked out from them)."""

    def build() -> set[str]:
        found = store.collect(
            lambda values: (
                values.filter(pl.any_horizontal([pl.col("dataset").str.starts_with(p) for p in NATIONAL_PREFIXES]))
                .select("indicator_id")
                .unique()
            )
        )
        return set(found["indicator_id"].to_list())

    return store.memo("national_indicators", build)


def has_local_data(*, store: DataStore, area_code: str) -> bool:
    """Whether the council has figures beyond the national publications (its own export or documents)."""
    found = store.collect(
        lambda values: values.filter(
            (pl.col("area_code") == area_code)
            & ~pl.any_horizontal([pl.col("dataset").str.starts_with(p) for p in NATIONAL_PREFIXES])
        ).select(pl.len())
    )
    return bool(found.item())
