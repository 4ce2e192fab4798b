"""Cached access to the metrics package: data is read once per process, not on every rerun.

Everything here is cached as a shared resource, not copied per call: the
results are polars frames and frozen records that no caller changes, and a
page calls these dozens of times a run, so unpickling a copy each time would
cost more than the query.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from metrics.analysis import benchmarks, comparators, disclosure
from metrics.commentary import annotations as annotations_
from metrics.commentary import sqlite as commentary_
from metrics.commentary.annotations import Annotation
from metrics.commentary.sqlite import CommentaryStore, Meeting, Message, Revision, latest_messages
from metrics.commentary.stores import open_store
from metrics.core import registry
from metrics.core.errors import MetricsError
from metrics.figures import annotated, briefing, chart_data, chart_spec, funnels, spc_series
from metrics.figures import catalogue as catalogue_
from metrics.ingest import cld as cld_ingest
from metrics.storage import councils as councils_
from metrics.storage import query
from views import identity
from views.resources import settings, store

#: Every cache holds at most this many results, the least recently used let go first, so memory stays flat however
#: many councils are opened (#29: without a bound, 5.2 MB more for each council). A council's pages use about 60
#: figures (briefs, chart tables): the most recent 16 councils' are kept whole.
FIGURES_KEPT = 1024
#: Per-council results that are small (a flag, a list of codes): every council's kept.
COUNCILS_KEPT = 256


@st.cache_resource(show_spinner=False)
def councils() -> list[tuple[str, str]]:
    """(code, name) of the featured councils (config.toml's `councils`), in config order, shown first."""
    return [(code, query.area_name(store=store(), area_code=code)) for code in settings().councils]


@st.cache_resource(show_spinner=False)
def all_councils() -> pl.DataFrame:
    """Every council with adult social care duties: code, name, type, region; read once per process."""
    return councils_.council_list(store=store())


@st.cache_resource(show_spinner=False, max_entries=COUNCILS_KEPT)
def resolve_council(code: str) -> councils_.Resolution:
    """What a code someone brings means: a council, the county that runs adult social care for a district, or
    nothing we know (metrics.storage.councils.resolve)."""
    return councils_.resolve(store=store(), code=code)


def council_name(area_code: str) -> str:
    """A council's name, for page titles; the code itself when it is not a council."""
    return _council_names().get(area_code, area_code)


@st.cache_resource(show_spinner=False)
def _council_names() -> dict[str, str]:
    """Every council's name by code: looked up several times a run, so read once, not filtered each time."""
    return dict(all_councils().select("area_code", "area_name").iter_rows())


@st.cache_resource(show_spinner=False)
def national_indicators() -> set[str]:
    return councils_.national_indicator_ids(store=store())


@st.cache_resource(show_spinner=False, max_entries=COUNCILS_KEPT)
def has_local_data(area_code: str) -> bool:
    return councils_.has_local_data(store=store(), area_code=area_code)


def audience() -> str:
    """This session's disclosure audience: "officer" only for a signed-in officer not choosing the public view
    (views.identity, from the identity token's claims); "public" for everyone else."""
    return identity.access().audience


def chart_table(
    indicator_id: str,
    area_code: str,
    breakdown_dim: str | None,
    view: str,
    period_type: str | None,
    period_label: str | None,
) -> chart_data.ChartTable:
    return _chart_table(indicator_id, area_code, breakdown_dim, view, period_type, period_label, audience())


def chart_spec_of(
    indicator_id: str,
    area_code: str,
    breakdown_dim: str | None,
    view: str,
    period_type: str | None,
    period_label: str | None,
    *,
    intervals: bool = True,
    notes: tuple[annotated.Marker, ...] = (),
) -> chart_spec.ChartSpec:
    """The chart's one meaning (metrics.figures.chart_spec) for the chart table of these arguments: built once per
    data version and audience, not on every rerun (a warm page switch built it twice, a third of its CPU)."""
    args = (indicator_id, area_code, breakdown_dim, view, period_type, period_label)
    return _chart_spec(*args, audience(), intervals, notes)


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def _chart_spec(
    indicator_id: str,
    area_code: str,
    breakdown_dim: str | None,
    view: str,
    period_type: str | None,
    period_label: str | None,
    audience: str,
    intervals: bool,
    notes: tuple[annotated.Marker, ...],
) -> chart_spec.ChartSpec:
    table = _chart_table(indicator_id, area_code, breakdown_dim, view, period_type, period_label, audience)
    return chart_spec.build(table, intervals=intervals, notes=notes)


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def _chart_table(
    indicator_id: str,
    area_code: str,
    breakdown_dim: str | None,
    view: str,
    period_type: str | None,
    period_label: str | None,
    audience: str,
) -> chart_data.ChartTable:
    s = settings()
    return chart_data.build(
        store=store(),
        indicator_id=indicator_id,
        area_code=area_code,
        breakdown_dim=breakdown_dim,
        view=view,
        period_type=period_type,
        period_label=period_label,
        audience=audience,
        threshold=s.suppression_threshold,
        comparators_shown=s.comparators,
    )


def headline(indicator_id: str, area_code: str) -> pl.DataFrame:
    """The headline series with disclosure control applied for this session's audience."""
    return _headline(indicator_id, area_code, audience())


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def _headline(indicator_id: str, area_code: str, audience: str) -> pl.DataFrame:
    s = settings()
    frame = query.series(store=store(), indicator_id=indicator_id, area_code=area_code)
    ind = registry.get(indicator_id)
    hide = disclosure.hidden_for(store=store(), indicator=ind, area_code=area_code, threshold=s.suppression_threshold)
    return disclosure.apply(frame, indicator=ind, audience=audience, threshold=s.suppression_threshold, hide=hide)


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def breakdowns(indicator_id: str, area_code: str) -> list[str]:
    return query.breakdowns(store=store(), indicator_id=indicator_id, area_code=area_code)


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def comparator_frame(indicator_id: str, area_code: str) -> pl.DataFrame:
    """Headline comparators (England, region, neighbours) for every period."""
    return comparators.comparator_series(
        store=store(),
        indicator_id=indicator_id,
        area_code=area_code,
        breakdown_dim=None,
        shown=settings().comparators,
        threshold=settings().suppression_threshold,
    )


@st.cache_resource(show_spinner=False, max_entries=COUNCILS_KEPT)
def indicators_with_data(area_code: str) -> list[str]:
    ids = store().collect(
        lambda values: values.filter(pl.col("area_code") == area_code).select("indicator_id").unique()
    )
    return ids["indicator_id"].to_list()


@st.cache_resource(show_spinner=False, max_entries=256)
def indicators_with_values(area_code: str) -> list[str]:
    """The indicators with at least one figure (not only words) for the council."""
    ids = store().collect(
        lambda values: (
            values.filter((pl.col("area_code") == area_code) & pl.col("value").is_not_null())
            .select("indicator_id")
            .unique()
        )
    )
    return ids["indicator_id"].to_list()


@st.cache_resource(show_spinner=False, max_entries=COUNCILS_KEPT)
def spc_candidates(area_code: str) -> set[str]:
    """The indicators whose headline chart could carry SPC for the council (metrics.figures.briefing)."""
    return briefing.spc_candidates(store=store(), area_code=area_code)


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def commentary(indicator_id: str, area_code: str) -> pl.DataFrame:
    return (
        store()
        .commentary()
        .filter((pl.col("indicator_id") == indicator_id) & (pl.col("area_code") == area_code))
        .sort("period_end")
    )


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def position(indicator_id: str, area_code: str, period_label: str, period_type: str) -> benchmarks.Position | None:
    return benchmarks.position(
        store=store(),
        indicator_id=indicator_id,
        area_code=area_code,
        period_label=period_label,
        period_type=period_type,
        threshold=settings().suppression_threshold,
    )


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def ranking(indicator_id: str, period_label: str, period_type: str) -> pl.DataFrame:
    return benchmarks.ranking(
        store=store(),
        indicator_id=indicator_id,
        period_label=period_label,
        period_type=period_type,
        threshold=settings().suppression_threshold,
    )


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def comparable_periods(indicator_id: str) -> pl.DataFrame:
    """Periods where enough councils have a value to rank them, latest last."""
    return benchmarks.spread(store=store(), indicator_id=indicator_id, threshold=settings().suppression_threshold)


@st.cache_resource(show_spinner=False)
def cld_quality() -> pl.DataFrame:
    """Every published CLD extract's data-quality report, read once per process (tables do not change while served)."""
    return cld_ingest.quality_reports(data_dir=settings().data_dir, served=store().value_files())


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def funnel_unavailable(indicator_id: str, period_label: str, period_type: str) -> str | None:
    """Why no funnel plot can be drawn for this indicator and period; None when one can."""
    return funnels.unavailable(
        store=store(),
        indicator_id=indicator_id,
        period_label=period_label,
        period_type=period_type,
        threshold=settings().suppression_threshold,
    )


def funnel(*, indicator_id: str, area_code: str, period_label: str, period_type: str) -> funnels.Funnel:
    """The funnel plot for one indicator and period, our council and its neighbours marked (the limits are
    worked out once per store and period, in metrics.figures.funnels)."""
    return funnels.build(
        store=store(),
        indicator_id=indicator_id,
        area_code=area_code,
        neighbours=neighbours(area_code),
        period_label=period_label,
        period_type=period_type,
        threshold=settings().suppression_threshold,
    )


@st.cache_resource(show_spinner=False, max_entries=COUNCILS_KEPT)
def neighbours(area_code: str) -> list[str]:
    groups = comparators.groups_for(store=store(), area_code=area_code)
    return [m for members in groups["members"].to_list() for m in members]


@st.cache_resource(show_spinner=False, max_entries=COUNCILS_KEPT)
def spine(area_code: str) -> pl.DataFrame:
    return benchmarks.spine(store=store(), area_code=area_code, threshold=settings().suppression_threshold)


def spc(
    indicator_id: str, area_code: str, breakdown_dim: str | None, category: str | None, period_type: str, baseline: str
) -> tuple:
    """(SPC result, its export table, the change points drawn) for one series, disclosure control applied."""
    return _spc(indicator_id, area_code, breakdown_dim, category, period_type, baseline, audience())


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def _spc(
    indicator_id: str,
    area_code: str,
    breakdown_dim: str | None,
    category: str | None,
    period_type: str,
    baseline: str,
    audience: str,
) -> tuple:
    s = settings()
    ind = registry.get(indicator_id)
    frame = query.series(store=store(), indicator_id=indicator_id, area_code=area_code, breakdown_dim=breakdown_dim)
    if category is not None:
        frame = frame.filter(pl.col("breakdown_cat") == category)
    hide = disclosure.hidden_for(store=store(), indicator=ind, area_code=area_code, threshold=s.suppression_threshold)
    frame = disclosure.apply(frame, indicator=ind, audience=audience, threshold=s.suppression_threshold, hide=hide)
    changes = spc_series.change_points(store=store(), indicator_id=indicator_id, area_code=area_code)
    result, rows = spc_series.for_series(
        frame=frame, indicator=ind, period_type=period_type, changes=changes, baseline=baseline
    )
    return result, spc_series.export(result, rows, indicator=ind), changes


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def spc_eligible(indicator_id: str, area_code: str, breakdown_dim: str | None, period_type: str | None) -> bool:
    """Whether the series (or, for a breakdown, each category) is a monthly or quarterly series."""
    frame = query.series(store=store(), indicator_id=indicator_id, area_code=area_code, breakdown_dim=breakdown_dim)
    if breakdown_dim is None:
        return spc_series.eligible(frame, period_type=period_type)
    return all(spc_series.eligible(part, period_type=period_type) for part in frame.partition_by("breakdown_cat"))


@st.cache_resource(show_spinner=False)
def catalogue() -> pl.DataFrame:
    return catalogue_.indicator_catalogue(store=store())


@st.cache_resource(show_spinner=False)
def dataset_catalogue() -> pl.DataFrame:
    """Every values file with the sources its rows cite: read once per process, not on every rerun."""
    return catalogue_.dataset_catalogue(store=store())


@st.cache_resource(show_spinner=False)
def commentary_store() -> CommentaryStore:
    """The store of key messages written in the app, SQLite or PostgreSQL (read fresh on every call: others may
    have written)."""
    return open_store(settings().commentary_store)


def key_messages(indicator_id: str, area_code: str) -> list[Message]:
    """The key message(s) for the latest period that has one: an officer's edit (a draft, read by councillors and
    officers only) beats the published message.

    Not cached: an edit made in another session must show on the next rerun.
    """
    # messages written in the app are drafts for the next meeting: councillors and officers read them, the public
    # reads the messages published with the papers
    edits: list[Revision] = []
    st.session_state[MESSAGES_UNAVAILABLE] = False
    if identity.access().reads_drafts:
        try:
            edits = commentary_store().current(indicator_id=indicator_id, area_code=area_code)
        except MetricsError:  # the store is down: the published messages still show, and the page says so
            st.session_state[MESSAGES_UNAVAILABLE] = True
    return latest_messages(published=commentary(indicator_id, area_code), edits=edits)


def meetings(area_code: str) -> list[Meeting]:
    """The council's recorded committee meetings (public: meeting dates are published). Not cached: one recorded in
    another session shows on the next rerun. An unreachable store gives none, and the pages ask for a date."""
    try:
        return commentary_.meetings(commentary_store(), area_code=area_code)
    except MetricsError:
        return []


#: The earliest date a meeting may be recorded for.
EARLIEST_MEETING = commentary_.EARLIEST_MEETING


def last_meeting(held: list[Meeting]) -> Meeting | None:
    """The last of a council's recorded meetings (:func:`meetings`) held on or before today: Since last meeting
    starts there."""
    return commentary_.last_held(held, today=date.today())


def meeting_words(area_code: str) -> str:
    """The meeting a pack or a key message is for: the council's next recorded meeting, or else its last; empty
    when none is recorded, so the writer names it, never another council's."""
    found = commentary_.next_or_last(meetings(area_code), today=date.today())
    return found.words if found else ""


def record_meeting(*, area_code: str, committee: str, held_on: date, author: str) -> Meeting:
    """Record one of the council's meetings (the caller has checked the officer may write)."""
    return commentary_.record_meeting(
        commentary_store(), area_code=area_code, committee=committee, held_on=held_on, author=author
    )


def withdraw_meeting(*, area_code: str, entry: int, author: str) -> None:
    """Withdraw a meeting recorded in error (a later entry names it; nothing is deleted)."""
    commentary_.withdraw_meeting(commentary_store(), area_code=area_code, entry=entry, author=author)


def chart_notes(indicator_id: str, area_code: str) -> list[Annotation]:
    """The officers' notes on an indicator's points that this session may read: drafts too for councillors and
    officers, published ones only for the public. Not cached: a note written in another session shows on the next
    rerun. An unreachable store gives none (the page says so, as for key messages)."""
    try:
        found = annotations_.current(
            commentary_store(),
            indicator_id=indicator_id,
            area_code=area_code,
            drafts=identity.access().reads_drafts,
        )
    except MetricsError:
        st.session_state[NOTES_UNAVAILABLE] = True
        return []
    st.session_state[NOTES_UNAVAILABLE] = False
    return found


#: Session key: whether the last notes read could not reach the store (views.chart_notes says so under the chart).
NOTES_UNAVAILABLE = "chart_notes.unavailable"
#: What a note may hold, and what an officer may do to one (metrics.commentary.annotations).
NOTE_LIMIT, PUBLISH_NOTE, WITHDRAW_NOTE = annotations_.MAX_NOTE, annotations_.PUBLISH, annotations_.WITHDRAW


def write_annotation(*, indicator_id: str, area_code: str, period_label: str, text: str, author: str) -> Annotation:
    """Write a draft note on one point (the caller has checked the officer may write)."""
    return annotations_.write(
        commentary_store(),
        indicator_id=indicator_id,
        area_code=area_code,
        period_label=period_label,
        text=text,
        author=author,
    )


def follow_up_annotation(*, action: str, indicator_id: str, area_code: str, entry: int, author: str) -> None:
    """Publish or withdraw a note (``action`` is PUBLISH_NOTE or WITHDRAW_NOTE; the caller has checked the officer
    may)."""
    steps = {PUBLISH_NOTE: annotations_.publish, WITHDRAW_NOTE: annotations_.withdraw}
    steps[action](commentary_store(), area_code=area_code, indicator_id=indicator_id, entry=entry, author=author)


#: Session key: whether the last key messages read could not reach the store of messages written in the app.
MESSAGES_UNAVAILABLE = "key_messages.unavailable"


def brief(
    indicator_id: str,
    area_code: str,
    heading: str = "",
    breakdown_dim: str | None = None,
    view: str = chart_data.OVER_TIME,
    period_type: str | None = None,
    period_label: str | None = None,
) -> briefing.Brief:
    """One figure's meaning for the chart shown (metrics.figures.briefing), disclosure control applied for this session's
    audience: the tile, the page's strip, presentation mode and the pack all render this. Key messages are added by
    the caller."""
    return _brief(indicator_id, area_code, heading, breakdown_dim, view, period_type, period_label, audience())


def brief_in_full(indicator_id: str, area_code: str, heading: str = "") -> briefing.Brief:
    """The brief of an indicator's headline chart with what people wrote on it: the key messages and the numbered
    notes this session may read. The agenda, Present and the pack all use this one."""
    return (
        brief(indicator_id, area_code, heading)
        .with_messages(key_messages(indicator_id, area_code))
        .with_notes(chart_notes(indicator_id, area_code))
    )


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def _brief(
    indicator_id: str,
    area_code: str,
    heading: str,
    breakdown_dim: str | None,
    view: str,
    period_type: str | None,
    period_label: str | None,
    audience: str,
) -> briefing.Brief:
    s = settings()
    return briefing.build(
        store=store(),
        indicator_id=indicator_id,
        area_code=area_code,
        heading=heading,
        breakdown_dim=breakdown_dim,
        view=view,
        period_type=period_type,
        period_label=period_label,
        audience=audience,
        threshold=s.suppression_threshold,
        comparators_shown=s.comparators,
    )
