"""Provider-level CQC ratings for the care market page, where the CQC directory covers the council."""

from __future__ import annotations

import polars as pl
import streamlit as st

from metrics.core.errors import MetricsError
from views import data, downloads, tables

RATING_ORDER = [
    "Outstanding",
    "Good",
    "Requires improvement",
    "Inadequate",
    "Not Rated",
    "Not applicable",
    "Insufficient evidence to rate",
    "Regulations met",
]


@st.cache_resource(show_spinner=False, max_entries=data.COUNCILS_KEPT)
def _locations(area_code: str) -> pl.DataFrame:
    return data.store().locations().filter((pl.col("area_code") == area_code) & (pl.col("domain") == "Overall"))


def section(area_code: str) -> None:
    try:
        locations = _locations(area_code)
    except MetricsError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    if locations.height == 0:
        st.caption("Provider-level CQC ratings: the bundled CQC directory extract does not cover this council.")
        return
    st.header("Provider ratings from the CQC directory", divider="gray")
    types = sorted(locations["service_type"].unique().to_list())
    chosen = st.radio("Service type", types, horizontal=True, key="care_market.providers.type")
    part = locations.filter(pl.col("service_type") == chosen)
    counts = (
        part.group_by("rating")
        .len()
        .with_columns(
            pl.col("rating").replace_strict({r: i for i, r in enumerate(RATING_ORDER)}, default=99).alias("_o")
        )
        .sort("_o")
        .drop("_o")
    )
    st.markdown(" · ".join(f"**{r}**: {n}" for r, n in counts.iter_rows()) + f" (of {part.height} locations)")
    table = part.sort("rating", "location_name").select(
        pl.col("location_name").alias("Location"),
        pl.col("provider_name").alias("Provider"),
        pl.col("rating").alias("Overall rating"),
        pl.col("publication_date").alias("Published"),
        pl.col("url").alias("CQC page"),
    )
    downloads.csv_button(
        "Download these ratings (CSV)",
        lambda: table,
        name=downloads.file_name("cqc_ratings", area_code, chosen),
        key="care_market.providers.csv",
    )
    shown = table.with_columns(pl.col("Published").dt.strftime("%-d %b %Y"))
    st.html(tables.html_table(shown, links={"Location": "CQC page"}))
    st.caption(f"Source: {part['source'][0]}. Ratings as published; each location's latest overall rating.")
