"""The Meeting pack page: build an agenda (or start from a preset), present it, export it, write its key messages."""

from __future__ import annotations

import html
import time

import polars as pl
import streamlit as st

from metrics.core import registry
from metrics.core.errors import AgendaError, MetricsError
from metrics.figures import agenda
from views import data, downloads, key_messages, state, tables

CUSTOM = "custom"
PRESET_KEY, AGENDA_KEY, MEETING_KEY = "meeting.preset", "meeting.agenda", "meeting.name"
PACK_KEY, BUILDING_KEY, READY_KEY = "meeting.pack", "meeting.building", "meeting.ready"
PRESENT_PAGE = "app_pages/present.py"
MEETING_PAGE = "app_pages/meeting.py"


def preset_items(preset: agenda.Preset, area_code: str) -> tuple[list[str], list[str]]:
    """The preset's indicators that have figures for the council, and those left out."""
    return agenda.for_council(preset=preset, available=data.indicators_with_data(area_code))


def _adopt_url(area_code: str) -> None:
    """A link's ?preset=...&agenda=... becomes the widgets' values, once per new link."""
    written = st.session_state.get(state.WRITTEN, {})
    raw_preset, raw_agenda = st.query_params.get("preset"), st.query_params.get("agenda")
    if raw_preset is not None and raw_preset != written.get("preset"):
        if raw_preset in (*agenda.PRESETS, CUSTOM):
            st.session_state[PRESET_KEY] = raw_preset
        else:
            state.reject("preset", raw_preset)
    if raw_agenda is not None and (raw_agenda != written.get("agenda") or AGENDA_KEY not in st.session_state):
        try:
            st.session_state[AGENDA_KEY] = list(agenda.parse(text=raw_agenda))
        except AgendaError as exc:
            state.reject("agenda", raw_agenda, why=exc.problem)
    if PRESET_KEY not in st.session_state:
        # a council with figures of its own starts from the quarterly report; one with national figures only, from
        # its headline national indicators
        st.session_state[PRESET_KEY] = (agenda.QUARTERLY if data.has_local_data(area_code) else agenda.HEADLINES).id
    if AGENDA_KEY not in st.session_state:
        preset = agenda.PRESETS.get(st.session_state[PRESET_KEY])
        st.session_state[AGENDA_KEY] = preset_items(preset, area_code)[0] if preset else []
    raw_meeting = st.query_params.get("meeting")
    if raw_meeting and raw_meeting != written.get("meeting"):
        st.session_state[MEETING_KEY] = raw_meeting
    if MEETING_KEY not in st.session_state:  # the store is read once per session, not on every rerun
        st.session_state[MEETING_KEY] = key_messages.default_meeting(area_code)


def _preset_changed() -> None:
    preset = agenda.PRESETS.get(st.session_state[PRESET_KEY])
    if preset is not None:
        st.session_state[AGENDA_KEY] = preset_items(preset, state.area())[0]
    st.session_state.pop(PACK_KEY, None)


def render() -> None:
    area_code = state.area()
    name = data.council_name(area_code)
    st.title(f"Meeting pack: {name}")
    progress_slot = st.empty()  # the pack's progress bar, at the top of the page where it is seen
    st.markdown(
        "Choose the indicators for a meeting, or start from a preset. Then present them from the browser, "
        "one per screen, or download the pack as PowerPoint and PDF. The link in the address bar reopens "
        "this agenda."
    )
    try:
        _adopt_url(area_code)
    except MetricsError as exc:
        st.error(f"{exc} The link's agenda was not used.", icon=":material/error:")
        st.session_state.setdefault(AGENDA_KEY, [])

    options = [CUSTOM, *agenda.PRESETS]
    labels = {CUSTOM: "My own choice"} | {p.id: p.title for p in agenda.PRESETS.values()}
    cols = st.columns([2, 3])
    cols[0].selectbox(
        "Start from", options, key=PRESET_KEY, format_func=lambda p: labels.get(p, p), on_change=_preset_changed
    )
    cols[1].text_input(
        "Meeting",
        key=MEETING_KEY,
        placeholder="Committee, day month year",
        help="Printed on the pack's title slide. The council's next (or last) recorded meeting: record one on Since last meeting.",
    )
    preset = agenda.PRESETS.get(st.session_state[PRESET_KEY])
    if preset is not None:
        st.caption(f"{preset.description} Source: {preset.source}.")

    available = data.indicators_with_data(area_code)
    choices = list(
        dict.fromkeys([*st.session_state[AGENDA_KEY], *(i.id for i in registry.INDICATORS if i.id in set(available))])
    )
    chosen = st.multiselect(
        "Indicators, in the order they will be presented",
        choices,
        key=AGENDA_KEY,
        format_func=lambda i: registry.get(i).label,
        on_change=lambda: st.session_state.pop(PACK_KEY, None),
    )
    state.publish(
        {
            "area": area_code,
            "preset": st.session_state[PRESET_KEY],
            "agenda": agenda.encode(indicator_ids=chosen),
            "meeting": st.session_state[MEETING_KEY],
        }
    )
    if preset is not None:
        _kept, left_out = preset_items(preset, area_code)
        if left_out:
            st.caption(
                f"Left out of the preset, with no figures for {name}: "
                + ", ".join(registry.get(i).title for i in left_out)
                + "."
            )
    if not chosen:
        st.info("The agenda is empty: choose indicators above, or start from a preset.")
        return

    rows = []
    down = False
    for n, ind_id in enumerate(chosen, start=1):
        b = data.brief_in_full(ind_id, area_code, agenda.heading(indicator_id=ind_id, preset=preset))
        down = down or bool(st.session_state.get(data.MESSAGES_UNAVAILABLE))
        messages = [km.message for km in b.messages]
        rows.append(
            {
                "#": n,
                "Heading": b.heading,
                "Indicator": b.indicator.title,
                "Latest": f"{b.latest_value} ({b.latest_period})" if b.latest_period else b.latest_value,
                "Key message": (
                    f"{messages[0].period_label}"
                    + (" (written here)" if messages[0].revision else "")
                    + (" (older than the figure)" if b.messages[0].older else "")
                    if messages
                    else "none yet"
                ),
                "Demonstration data": "yes" if b.uses_demonstration or b.spc_demonstration else "no",
            }
        )
    table = pl.DataFrame(rows)
    if down:
        st.warning(
            "Draft key messages are unavailable: the store of messages written in the app cannot be reached. The "
            "agenda, Present and the pack carry the published messages until it is back.",
            icon=":material/cloud_off:",
        )

    query = {"area": area_code, "agenda": agenda.encode(indicator_ids=chosen), "slide": "1"}
    if preset is not None:
        query["preset"] = preset.id
    c1, c2, c3 = st.columns([1, 2.2, 2])
    c1.page_link(PRESENT_PAGE, label="Present", icon=":material/slideshow:", query_params=query)
    with c2:
        _prepare_button(chosen=chosen, preset=preset, area_code=area_code, name=name, slot=progress_slot)
    with c3:
        downloads.csv_button(
            "Download the agenda (CSV)", lambda: table, name=downloads.file_name("agenda", area_code), key="meeting.csv"
        )
    pack = st.session_state.get(PACK_KEY)
    if pack is not None and pack[0] == (area_code, tuple(chosen), st.session_state[MEETING_KEY], data.audience()):
        d1, d2, _ = st.columns([1.6, 1, 2.6])
        # made at the click from the pack kept in this session, so the file cannot be gone by then
        d1.download_button(
            "PowerPoint (.pptx)",
            lambda: pack[1].pptx,
            file_name=f"{pack[1].file_stem}.pptx",
            on_click="ignore",
            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
            icon=":material/co_present:",
            key="meeting.pptx",
        )
        d2.download_button(
            "PDF",
            lambda: pack[1].pdf,
            file_name=f"{pack[1].file_stem}.pdf",
            mime="application/pdf",
            on_click="ignore",
            icon=":material/picture_as_pdf:",
            key="meeting.pdf",
        )
        st.caption(f"Built in {pack[2]:.1f} s: a title slide and {len(chosen)} indicator slides.")

    st.header(f"Agenda: {len(chosen)} indicators", divider="gray")
    st.html(tables.html_table(table, height_rem=40))

    st.header("Key messages", divider="gray")
    st.markdown("Write the key message for any item; it shows beside the chart, in presentation mode and in the pack.")
    item = st.selectbox("Item", chosen, key="meeting.item", format_func=lambda i: registry.get(i).label)
    key_messages.show(data.brief(item, area_code).with_messages(data.key_messages(item, area_code)))
    key_messages.editor(indicator_id=item, area_code=area_code, key=f"meeting.km.{item}")


def _prepare_button(*, chosen: list[str], preset: agenda.Preset | None, area_code: str, name: str, slot) -> None:
    """The Prepare button: disabled while its pack is built (the click sets the flag before the run that builds),
    then back, with a toast when the pack is ready."""
    building = bool(st.session_state.get(BUILDING_KEY))
    st.button(
        "Preparing the pack…" if building else "Prepare PowerPoint and PDF",
        icon=":material/download:",
        type="primary",
        key="meeting.prepare",
        on_click=lambda: st.session_state.update({BUILDING_KEY: True}),
        disabled=building,  # one build at a time: a second click cannot start another
    )
    if building:
        try:
            built = _prepare(chosen=chosen, preset=preset, area_code=area_code, name=name, slot=slot)
        finally:
            st.session_state[BUILDING_KEY] = False
        if built:
            st.rerun()  # the button back, and the download buttons below it
    ready = st.session_state.pop(READY_KEY, None)
    if ready:
        st.toast(ready, icon=":material/check:")


def _prepare(*, chosen: list[str], preset: agenda.Preset | None, area_code: str, name: str, slot) -> bool:
    """Build the PowerPoint and PDF for the agenda and keep them for the download buttons; a progress bar in
    ``slot`` (the top of the page) names each chart as it is drawn. False when it could not (said on the page)."""
    from pack.build import meeting_pack  # imported on first use: only exports need kaleido and python-pptx

    s = data.settings()
    started = time.perf_counter()
    bar = slot.progress(0.0, text=f"Preparing the pack: {len(chosen)} indicators…")
    briefs = [data.brief_in_full(i, area_code, agenda.heading(indicator_id=i, preset=preset)) for i in chosen]
    try:
        pack = meeting_pack(
            briefs=briefs,
            title=preset.title if preset else "Performance report",
            council=name,
            meeting=st.session_state[MEETING_KEY],
            threshold=s.suppression_threshold,
            audience=data.audience(),
            progress=lambda fraction, words: bar.progress(fraction, text=words),
        )
    except MetricsError as exc:
        slot.empty()
        st.error(str(exc), icon=":material/error:")
        return False
    st.session_state[PACK_KEY] = (
        (area_code, tuple(chosen), st.session_state[MEETING_KEY], data.audience()),
        pack,
        time.perf_counter() - started,
    )
    st.session_state[READY_KEY] = f"Pack ready: {html.escape(pack.file_stem)}"
    return True
