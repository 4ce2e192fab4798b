"""Since the last meeting: what has changed for the council since a meeting date."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from metrics.figures import since
from views import data, downloads, state, tables

#: The Adult Social Care Scrutiny Commission met on 24 August 2023 (001_be4c17604381657f.txt, Appendix A).
LAST_MEETING = date(2023, 8, 24)
KEY = "since.date"
#: The earliest meeting date a link or the date picker may ask about: before the earliest figures held.
EARLIEST = date(2010, 1, 1)


@st.cache_resource(show_spinner=False)
def _changes(area_code: str, meeting: date, audience: str) -> pl.DataFrame:
    """What changed, for one audience: keyed by it, so a public session never gets an officer's figures."""
    s = data.settings()
    found = since.changes(
        store=data.store(),
        area_code=area_code,
        meeting=meeting,
        audience=audience,
        threshold=s.suppression_threshold,
        shown=s.comparators,
    )
    return pl.DataFrame(
        [c.__dict__ for c in found],
        schema={
            "indicator_id": pl.String,
            "indicator": pl.String,
            "kind": pl.String,
            "period_label": pl.String,
            "text": pl.String,
            "demonstration": pl.Boolean,
        },
    )


def render() -> None:
    area_code = state.area()
    name = data.council_name(area_code)
    st.title(f"What has changed in {name} since the last meeting")
    raw = st.query_params.get("since")
    if raw and st.session_state.get(state.WRITTEN, {}).get("since") != raw:
        try:
            when = date.fromisoformat(raw)
        except ValueError:
            when = None
        if when is not None and EARLIEST <= when <= date.today():
            st.session_state[KEY] = when
        else:
            state.reject("since", raw, why=f"is not a date from {EARLIEST:%Y} to today (YYYY-MM-DD)")
    if KEY not in st.session_state:
        st.session_state[KEY] = LAST_MEETING
    meeting = st.date_input(
        "Last meeting",
        key=KEY,
        format="DD/MM/YYYY",
        min_value=EARLIEST,
        max_value=date.today(),
        help="The default is the Commission's meeting of 24 August 2023 (001, Appendix A).",
    )
    state.publish({"area": area_code, "since": meeting.isoformat()})
    table = _changes(area_code, meeting, data.audience())
    if table.height == 0:
        st.info(f"No figures for periods after {meeting:%d %B %Y} have been published yet.")
        return
    counts = table.group_by("kind").len()
    words = {
        since.NEW_FIGURE: ("new figure", "new figures"),
        since.NEW_SIGNAL: ("new SPC signal", "new SPC signals"),
        since.NEW_POSITION: ("change against England", "changes against England"),
        since.NEW_QUARTILE: ("move between quartiles", "moves between quartiles"),
    }
    st.markdown(
        " · ".join(f"**{n}** {words[k][n != 1]}" for k, n in counts.sort("kind").iter_rows())
        + f", for periods ending after {meeting:%d %B %Y}."
    )
    downloads.csv_button(
        "Download these changes (CSV)",
        lambda: table,
        name=downloads.file_name("changes_since", meeting.isoformat(), area_code),
        key="since.csv",
    )
    for kind, title in (
        (since.NEW_SIGNAL, "New SPC signals"),
        (since.NEW_POSITION, "Changes against England"),
        (since.NEW_QUARTILE, "Moves between quartiles of councils"),
        (since.NEW_FIGURE, "New figures"),
    ):
        part = table.filter(pl.col("kind") == kind)
        if part.height == 0:
            continue
        st.header(title, divider="gray")
        st.html(
            tables.html_table(
                part.select(
                    pl.col("indicator").alias("Indicator"),
                    pl.col("text").alias("What changed"),
                    pl.when(pl.col("demonstration"))
                    .then(pl.lit("yes"))
                    .otherwise(pl.lit("no"))
                    .alias("Demonstration data"),
                )
            )
        )
