"""Key messages beside a chart: shown with author, date and meeting, and edited by officers in place.

Saving never overwrites: the store keeps every revision, and when someone
else saved the same message after this editor was opened, both texts stay
current and both are shown until one message replaces them.
"""

from __future__ import annotations

import html

import polars as pl
import streamlit as st

from metrics.core import registry
from metrics.core.access import shown_name
from metrics.core.errors import MetricsError
from metrics.figures import chart_data
from metrics.figures.briefing import Brief
from views import data, identity


def default_meeting(area_code: str) -> str:
    """The meeting a key message or a pack is for, as the council recorded it (views.since records them)."""
    return data.meeting_words(area_code)


def show(brief: Brief) -> None:
    """The brief's key message(s), each under its own period, with who wrote it, when, and the meeting.

    A message written for an earlier period than the figure says so and is set apart (dashed, grey), so it never
    reads as commentary on the newer figure. The text is escaped: nothing in it is rendered as markup.
    """
    if st.session_state.get(data.MESSAGES_UNAVAILABLE):
        st.warning(
            "Draft key messages are unavailable: the store of messages written in the app cannot be reached. "
            "The published messages are shown; everything else on the page works.",
            icon=":material/cloud_off:",
        )
    if not brief.messages:
        return
    if len(brief.messages) > 1:
        st.warning(
            f"**{len(brief.messages)} versions of this key message were saved at the same time.** Both are "
            "kept; write one that replaces them below.",
            icon=":material/merge:",
        )
    st.html(messages_html(brief))


def messages_html(brief: Brief) -> str:
    """The brief's key messages as HTML, each under its own period heading; plain text with line breaks."""
    out = []
    for km in brief.messages:
        m = km.message
        meta = (
            f"{shown_name(m.author)}, {m.written}"
            + (f" · reviewed at {m.meeting}" if m.meeting else "")
            + f" · {km.source}"
        )
        text = html.escape(m.text, quote=False).replace("\n", "<br>")  # element text: quotes need no escaping
        draft = '<span class="demo-badge">DRAFT</span> ' if m.revision is not None else ""  # not yet published
        out.append(
            f'<div class="key-message{" older" if km.older else ""}">{draft}<b>{html.escape(km.heading, quote=False)}:</b> '
            f'{text}<div class="small"><i>{html.escape(meta, quote=False)}</i></div></div>'
        )
    return "".join(out)


def _periods(indicator_id: str, area_code: str) -> list[str]:
    frame = data.headline(indicator_id, area_code)
    if frame.height == 0:  # published only by breakdown
        dims = data.breakdowns(indicator_id, area_code)
        frame = data.chart_table(
            indicator_id, area_code, dims[0] if dims else None, chart_data.OVER_TIME, None, None
        ).frame.filter(pl.col("kind") == "ours")
    labels = frame.sort("period_end")["period_label"].unique(maintain_order=True).to_list()
    return list(reversed(labels))


def _why_no_editor(who) -> str:
    """The line shown where the editor would be, for someone who may not write."""
    if not identity.sign_in_configured():
        return "Key messages are written by the council's officers."
    return "" if who.signed_in else "Officers sign in to write or change the key message."


def _show_flash(key: str) -> None:
    flash = st.session_state.pop(f"{key}.flash", None)
    if flash:  # it quotes names and messages people typed: plain text, never markdown
        st.html(f'<div class="notice" role="status">{html.escape(flash[1], quote=False)}</div>')


def _save(*, who, indicator_id: str, area_code: str, key: str, period: str, text: str, meeting: str) -> None:
    """Save a revision that replaces what this editor started from; say so (or say what was kept beside it)."""
    if not identity.access().writes_messages:  # asked again at the moment of writing
        st.error("Only a signed-in officer can save a key message.", icon=":material/lock:")
        return
    base_key = f"{key}.base.{period}"
    try:
        result = data.commentary_store().save(
            indicator_id=indicator_id,
            area_code=area_code,
            period_label=period,
            text=text,
            author=who.author,
            meeting=meeting,
            replaces=st.session_state.get(base_key, []),
        )
    except MetricsError as exc:  # the form stays, with what was typed: nothing is lost
        st.error(
            f"Not saved: {exc} What you wrote is kept in the box above; press Save again when the store is back.",
            icon=":material/error:",
        )
        return
    st.session_state.pop(base_key, None)
    if result.conflict:
        others = "; ".join(f"{r.author}: “{r.text}”" for r in result.others)
        st.session_state[f"{key}.flash"] = (
            "conflict",
            f"Saved. Someone else saved this message while you were "
            f"writing, so both versions are kept and shown: {others}",
        )
    else:
        st.session_state[f"{key}.flash"] = ("saved", f"Saved: key message for {period}, by {result.revision.author}.")
    st.rerun()  # redraw the message above the chart with the new text


def _form(*, who, indicator_id: str, area_code: str, key: str, labels: list[str]) -> None:
    """The form for one period's message, started from its current text (or the published one)."""
    ind = registry.get(indicator_id)
    period = st.selectbox("For the period", labels, key=f"{key}.period")
    base_key = f"{key}.base.{period}"
    try:
        current = data.commentary_store().current(indicator_id=indicator_id, area_code=area_code, period_label=period)
    except MetricsError as exc:  # the store is down: the form still opens, and what is typed stays in the session
        st.warning(
            f"The key-message store cannot be reached ({exc}). You can write now; saving will work when it is back.",
            icon=":material/cloud_off:",
        )
        current = []
        # started from nothing: a draft someone saved meanwhile is kept beside this one when the store is back
        st.session_state.setdefault(base_key, [])
    else:
        if base_key not in st.session_state:  # what this editor started from; a later save elsewhere is a conflict
            st.session_state[base_key] = [r.revision for r in current]
    published = data.commentary(indicator_id, area_code).filter(pl.col("period_label") == period)
    start = "\n\n".join(r.text for r in current) if current else (published["text"][-1] if published.height else "")
    with st.form(f"{key}.form", clear_on_submit=False, border=False):
        text = st.text_area(
            f"Key message: {ind.title}, {period}", value=start, height=140, max_chars=4000, key=f"{key}.text.{period}"
        )
        meeting = st.text_input(
            "Reviewed at (meeting and date)",
            key=f"{key}.meeting",
            value=default_meeting(area_code),
            placeholder="Committee, day month year",
        )
        st.html(f'<p class="small">Saved under your sign-in: {html.escape(who.author, quote=False)}</p>')
        saved = st.form_submit_button("Save key message", icon=":material/save:")
    if saved:
        _save(
            who=who, indicator_id=indicator_id, area_code=area_code, key=key, period=period, text=text, meeting=meeting
        )
    elif current:
        st.html(
            f'<p class="small">Last saved by {html.escape(current[-1].author, quote=False)} on '
            f"{html.escape(current[-1].written_at[:10])}. Every earlier version is kept.</p>"
        )


def editor(*, indicator_id: str, area_code: str, key: str, period: str | None = None) -> None:
    """A toggle that opens a form to write or change the key message for one period (first: ``period``, the one
    being shown)."""
    who = identity.access()
    if not who.writes_messages:  # checked on the server on every run: nothing in the page can open the form
        said = _why_no_editor(who)
        if said:
            st.caption(said)
        return
    labels = _periods(indicator_id, area_code)
    if period in labels:
        labels.remove(period)
        labels.insert(0, period)
    if not labels:
        return
    _show_flash(key)
    # the form is drawn only on request: its text fields cost about 0.3 s of browser time on every page load
    if st.toggle(
        "Write or change the key message",
        key=f"{key}.open",
        help="Write the key message for a period; it is saved under your sign-in, with the meeting.",
    ):
        with st.container(border=True):
            _form(who=who, indicator_id=indicator_id, area_code=area_code, key=key, labels=labels)
