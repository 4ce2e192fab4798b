"""Officers' notes on a chart's points: listed under the chart with their numbers, and written, published or
withdrawn by a signed-in officer (metrics.commentary.annotations keeps them, append-only).

The numbers and words come from the brief (metrics.figures.annotated), so the list here matches the markers on
the chart, Present, the pack and the CSV. Note text is escaped: nothing typed is rendered as markup.
"""

from __future__ import annotations

import html

import polars as pl
import streamlit as st

from metrics.core.errors import MetricsError
from metrics.figures import annotated
from metrics.figures.briefing import Brief
from views import data, identity


def notes_html(markers: tuple[annotated.Marker, ...], *, compact: bool = False) -> str:
    """The chart's notes as a list, each with its number, point, words and who wrote it (a draft says so); in
    ``compact`` form (Present), the number, point and words, with drafts badged."""
    items = "".join(
        f"<li>{'<span class=demo-badge>DRAFT</span> ' if compact and not m.note.published else ''}"
        f"{html.escape(m.words if compact else m.listed, quote=False)}</li>"
        for m in markers
    )
    return f'<div class="chart-notes"><b>Notes on this chart</b><ul>{items}</ul></div>'


def _points(brief: Brief) -> list[str]:
    """The council's points on the chart, newest first: what a note may be written on."""
    ours = brief.table.drawn.filter(pl.col("kind") == "ours").sort("period_end", descending=True)
    return ours["period_label"].unique(maintain_order=True).to_list()


def _flash(key: str) -> None:
    said = st.session_state.pop(f"{key}.flash", None)
    if said:  # quotes what was typed: plain text, never markdown
        st.html(f'<div class="notice" role="status">{html.escape(said, quote=False)}</div>')


def _allowed() -> bool:
    """Asked again at the moment of writing: only a signed-in officer writes, publishes or withdraws."""
    if identity.access().writes_messages:
        return True
    st.error("Only a signed-in officer can write, publish or withdraw a note.", icon=":material/lock:")
    return False


def _write(*, brief: Brief, key: str, point: str, text: str) -> None:
    if not _allowed():
        return
    try:
        note = data.write_annotation(
            indicator_id=brief.indicator.id,
            area_code=brief.area_code,
            period_label=point,
            text=text,
            author=identity.access().author,
        )
    except MetricsError as exc:  # what was typed stays in the box
        st.error(f"Not saved: {exc}", icon=":material/error:")
        return
    st.session_state[f"{key}.flash"] = f"Saved as a draft: note on {note.period_label}. Publish it to show it publicly."
    st.session_state.pop(f"{key}.text", None)
    st.rerun()


def _follow_up(*, brief: Brief, key: str, note: data.Annotation, action: str) -> None:
    if not _allowed():
        return
    try:
        data.follow_up_annotation(
            action=action,
            indicator_id=brief.indicator.id,
            area_code=brief.area_code,
            entry=note.entry,
            author=identity.access().author,
        )
    except MetricsError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    done = "Published" if action == data.PUBLISH_NOTE else "Withdrawn (kept in the store's history)"
    st.session_state[f"{key}.flash"] = f"{done}: note on {note.period_label}, “{note.text}”."
    st.rerun()


def _manage(*, brief: Brief, key: str) -> None:
    """Every current note on the indicator, with Publish (drafts) and Withdraw."""
    for note in data.chart_notes(brief.indicator.id, brief.area_code):
        words = f"{note.period_label}: {note.text} ({note.byline})"
        row = st.columns([6, 1.3, 1.3], vertical_alignment="center")
        row[0].html(f'<p class="small">{html.escape(words, quote=False)}</p>')
        if not note.published and row[1].button("Publish", key=f"{key}.publish.{note.entry}"):
            _follow_up(brief=brief, key=key, note=note, action=data.PUBLISH_NOTE)
        if row[2].button("Withdraw", key=f"{key}.withdraw.{note.entry}"):
            _follow_up(brief=brief, key=key, note=note, action=data.WITHDRAW_NOTE)


def _form(*, brief: Brief, key: str) -> None:
    points = _points(brief)
    if not points:
        return
    with st.form(f"{key}.form", border=False):
        point = st.selectbox("Point on the chart", points, key=f"{key}.point")
        text = st.text_input(
            "Note (a line: what happened, or what to know about this figure)",
            max_chars=data.NOTE_LIMIT,
            key=f"{key}.text",
            placeholder="New front door from April 2022",
        )
        st.html(
            f'<p class="small">Saved as a draft under your sign-in: {html.escape(identity.access().author, quote=False)}. '
            "Councillors and officers see drafts; the public sees a note once it is published.</p>"
        )
        saved = st.form_submit_button("Save note", icon=":material/push_pin:")
    if saved:
        _write(brief=brief, key=key, point=point, text=text)


def show(*, brief: Brief, key: str) -> None:
    """The chart's notes under it, then, for a signed-in officer, a toggle to write, publish or withdraw notes."""
    # a published note (a known data error, say) must not vanish quietly when its store is down
    if st.session_state.get(data.NOTES_UNAVAILABLE):
        st.warning(
            "Notes on this chart are unavailable: the store they are kept in cannot be reached. The figures are "
            "shown; a published note about them (a data error, a change of service) may be missing.",
            icon=":material/cloud_off:",
        )
    if brief.notes:
        st.html(notes_html(brief.notes))
    if not identity.access().writes_messages:  # checked on the server on every run
        return
    _flash(key)
    if st.toggle("Add, publish or withdraw a note on a point", key=f"{key}.open"):
        with st.container(border=True):
            _form(brief=brief, key=key)
            _manage(brief=brief, key=key)
