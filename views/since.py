"""Since the last meeting: what has changed for the council since a meeting date."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from metrics.core.errors import MetricsError
from metrics.figures import since
from views import data, downloads, identity, state, tables

KEY = "since.date"
#: The council the date above was chosen for: another council starts again from its own last meeting.
AREA_KEY = "since.area"
#: The earliest meeting date a link or the date picker may ask about: before the earliest figures held.
EARLIEST = date(2010, 1, 1)


@st.cache_resource(show_spinner=False, max_entries=data.FIGURES_KEPT)
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
    held = data.meetings(area_code)
    last = data.last_meeting(held)
    if st.session_state.get(AREA_KEY) != area_code:  # a council starts from its own last meeting, never another's
        st.session_state.pop(KEY, None)
        st.session_state[AREA_KEY] = area_code
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
        st.session_state[KEY] = last.held_on if last else None
    meeting = st.date_input(
        "Last meeting",
        key=KEY,
        format="DD/MM/YYYY",
        min_value=EARLIEST,
        max_value=date.today(),
        help=(
            f"Starts at {name}'s last recorded meeting: {last.words}."
            if last
            else f"No meeting is recorded for {name}: choose the date, or record the council's meetings below."
        ),
    )
    if meeting is None:
        st.info(
            f"Choose the date of {name}'s last meeting to see what has changed since. Officers can record the "
            "council's committee meetings below; this page then starts from the last one.",
            icon=":material/event:",
        )
        state.publish({"area": area_code})
        _meetings(area_code=area_code, name=name, held=held)
        return
    state.publish({"area": area_code, "since": meeting.isoformat()})
    table = _changes(area_code, meeting, data.audience())
    if table.height == 0:
        st.info(f"No figures for periods after {meeting:%d %B %Y} have been published yet.")
        _meetings(area_code=area_code, name=name, held=held)
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
    _meetings(area_code=area_code, name=name, held=held)


def _meetings(*, area_code: str, name: str, held: list[data.Meeting]) -> None:
    """The council's recorded committee meetings, and for officers a form to record one or withdraw one recorded in
    error (each entry kept, with who recorded it and when)."""
    st.header(f"{name}'s meetings", divider="gray")
    if held:
        st.html(
            tables.html_table(
                pl.DataFrame(
                    {
                        "Committee": [m.committee for m in held],
                        "Date": [f"{m.held_on.day} {m.held_on:%B %Y}" for m in held],
                        "Recorded by": [m.author.split(" <")[0] for m in held],
                        "Recorded on": [m.recorded_at[:10] for m in held],
                    }
                )
            )
        )
    else:
        st.markdown(f"No meetings are recorded for {name} yet.")
    who = identity.access()
    if not who.writes_messages:
        st.caption("Signed-in officers record the council's meetings here.")
        return
    with st.form("since.record", border=True):
        c1, c2 = st.columns([3, 1.3], vertical_alignment="bottom")
        committee = c1.text_input("Committee", max_chars=400, placeholder="Adult Social Care Scrutiny Commission")
        held_on = c2.date_input("Date", value=None, format="DD/MM/YYYY", min_value=data.EARLIEST_MEETING)
        recorded = st.form_submit_button("Record meeting", icon=":material/event_available:")
    if recorded:
        _record(area_code=area_code, committee=committee, held_on=held_on)
    if held:
        with st.form("since.withdraw", border=False):
            entry = st.selectbox(
                "A meeting recorded in error",
                [m.entry for m in held],
                format_func=lambda e: next(m.words for m in held if m.entry == e),
            )
            if st.form_submit_button("Withdraw this meeting", icon=":material/event_busy:"):
                _withdraw(area_code=area_code, entry=entry)


def _record(*, area_code: str, committee: str, held_on: date | None) -> None:
    who = identity.access()
    if not who.writes_messages:  # asked again at the moment of writing
        st.error("Only a signed-in officer can record a meeting.", icon=":material/lock:")
        return
    if held_on is None:
        st.error("Not recorded: choose the meeting's date.", icon=":material/error:")
        return
    try:
        data.record_meeting(area_code=area_code, committee=committee, held_on=held_on, author=who.author)
    except MetricsError as exc:
        st.error(f"Not recorded: {exc}", icon=":material/error:")
        return
    st.session_state.pop(KEY, None)  # the page starts again from the last meeting, which may be this one
    st.rerun()


def _withdraw(*, area_code: str, entry: int) -> None:
    who = identity.access()
    if not who.writes_messages:
        st.error("Only a signed-in officer can withdraw a meeting.", icon=":material/lock:")
        return
    try:
        data.withdraw_meeting(area_code=area_code, entry=entry, author=who.author)
    except MetricsError as exc:
        st.error(f"Not withdrawn: {exc}", icon=":material/error:")
        return
    st.session_state.pop(KEY, None)
    st.rerun()
