"""Presentation mode: one indicator per screen, in large type, for a projector.

The agenda and the slide number are in the URL, so a link opens the same
slide. Next and previous are buttons with keyboard shortcuts (→ and ←, and a
clicker's Page Down and Page Up; Home, End and Esc too: CLICKER_KEYS); the
sidebar, header and toolbar are hidden.
"""

from __future__ import annotations

import dataclasses
import html

import streamlit as st

from metrics.analysis.spc import icons as spc_icons
from metrics.core.errors import AgendaError
from metrics.figures import agenda, annotated, chart_data
from metrics.figures.briefing import Brief
from pack.slides import shortened, slide_text
from views import announce, chart_notes, data, downloads, meeting, page, panel, state, style, svg_charts, tables

SLIDE_KEY = "present.slide"
CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer {display: none !important;}
.block-container {padding: 0.8rem 2.2rem 1rem 2.2rem !important; max-width: 100% !important;}
.p-kicker {font-size: 1.2rem; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; color: #005EB8;}
h1.p-title {font-size: 2.3rem !important; font-weight: 800 !important; line-height: 1.15 !important; color: #1d1d1b;
            margin: 0 0 0.3rem 0 !important; padding: 0 !important;}
@media (max-height: 800px) {
  h1.p-title {font-size: 1.85rem !important;} .p-value {font-size: 3.0rem !important;}
  .p-line {font-size: 1.15rem !important; line-height: 1.25 !important;} .p-head {margin-top: 0.25rem !important;}
  .p-message {font-size: 1.2rem !important; line-height: 1.3 !important; padding: 0.4rem 0.8rem !important;}
  .p-value {font-size: 2.7rem !important;} .p-kicker {font-size: 1.0rem !important;}
  .p-line {line-height: 1.2 !important; margin: 0.05rem 0 !important;} .p-meta {margin-top: 0.1rem !important;}
  .block-container {padding-top: 0.4rem !important; padding-bottom: 0.2rem !important;}
  [data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {gap: 0.6rem;}
}
/* a 1024px projector: the figures' column is 340px wide, so its lines are set a little smaller to stay on the screen */
@media (max-width: 1100px) {
  .p-line {font-size: 1.05rem !important;} .p-head, .p-caption {font-size: 1.05rem !important;}
  .p-value {font-size: 2.4rem !important;}
}
/* a byline or source longer than its line ends in an ellipsis on screen; a screen reader reads it whole, and the
   panel below the slide gives it in full */
.p-message .p-meta, .p-source {white-space: nowrap; overflow: hidden; text-overflow: ellipsis;}
.p-value {font-size: 4.2rem; font-weight: 800; line-height: 1; color: #1d1d1b;}
.p-caption {font-size: 1.2rem; color: #3b3b3b;}
.p-line {font-size: 1.35rem; line-height: 1.35; margin: 0.15rem 0; color: #1d1d1b;}
.p-head {font-size: 1.2rem; font-weight: 700; color: #3b3b3b; margin-top: 0.7rem;}
.p-message {font-size: 1.45rem; line-height: 1.4; border-left: 0.5rem solid #005EB8; background: #eef4fb;
            padding: 0.6rem 1rem; margin-top: 0.4rem; color: #1d1d1b;}
.p-message.p-older {border-left-style: dashed; background: #f3f3f3;}
.p-meta {font-size: 1.0rem; color: #3b3b3b; margin-top: 0.3rem;}
.p-note {font-size: 1.15rem; font-weight: 700; color: #5c4700; background: #fff3cd; border: 2px solid #8a6d00;
         padding: 0.2rem 0.6rem; border-radius: 0.3rem; margin-top: 0.4rem; display: inline-block;}
.p-counter {font-size: 1.3rem; font-weight: 700; color: #1d1d1b; text-align: right; padding-top: 0.4rem;}
.p-source {font-size: 0.95rem; color: #3b3b3b; margin-top: 0.6rem;}
.p-chart svg {max-height: var(--chart-most); display: block;}
.sr-only {position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;}
</style>
"""


def _agenda(area_code: str) -> tuple[agenda.Preset | None, list[str]]:
    raw_preset = st.query_params.get("preset")
    preset = agenda.PRESETS.get(raw_preset or "")
    if raw_preset and preset is None:
        state.reject("preset", raw_preset)
    raw = st.query_params.get("agenda")
    if raw:
        try:
            return preset, list(agenda.parse(text=raw))
        except AgendaError as exc:
            state.reject("agenda", raw, why=exc.problem)
    preset = preset or (agenda.QUARTERLY if data.has_local_data(area_code) else agenda.HEADLINES)
    return preset, meeting.preset_items(preset, area_code)[0]


#: The keys presentation clickers send, attached once per browser tab and active on this page only: PageDown and
#: PageUp move as → and ← do, Home and End go to the first and last slide, Escape exits to the page Present came
#: from. An arrow key pressed inside a box that scrolls sideways (a wide data table) scrolls it, and does not change slide.
CLICKER_KEYS = """<script>
if (!window.ascPresentKeys) {
  window.ascPresentKeys = true;
  const onPresent = () => /\\/present\\/?$/.test(location.pathname);
  // a button's text ends with the key it answers to (Streamlit draws the shortcut beside its label)
  const button = (name) => [...document.querySelectorAll('button')].find((b) => b.innerText.trim().startsWith(name) && !b.disabled);
  // ← and → scroll a box sideways: only a box that scrolls sideways keeps them (one that scrolls only up and down,
  // as the page itself may on a small screen, leaves them to change slide)
  const scrollsSideways = (el) => {
    for (let n = el; n && n !== document.body; n = n.parentElement) {
      if (/(auto|scroll)/.test(getComputedStyle(n).overflowX) && n.scrollWidth > n.clientWidth) return true;
    }
    return false;
  };
  const slideTo = (which) => {
    const counter = document.querySelector('.p-counter');
    const count = counter ? parseInt(counter.textContent.split('/')[1], 10) : 1;
    const url = new URL(location.href);
    url.searchParams.set('slide', String(which === 'last' ? count : 1));
    location.assign(url.toString());
  };
  // the slide on one screen: the CSS gives the chart a first height (ROOM_ABOVE_AND_BELOW); where the slide still
  // runs past the screen (a title on two lines, a long key message) the chart is drawn shorter by as much, never so
  // short that its smallest text falls under 12px (--chart-least, from views/panel.py text_floor)
  const fitSlide = () => {
    const main = document.querySelector('[data-testid="stMain"]');
    const box = document.querySelector('.p-chart');
    const svg = box && box.querySelector('svg');
    if (!onPresent() || !main || !svg) return;
    const least = parseFloat(getComputedStyle(box).getPropertyValue('--chart-least')) || 0;
    // (a column stretches to its row's height, so each column's content is measured by its last element's foot)
    const foot = (c) => Math.max(0, ...[...c.querySelectorAll('[data-testid="stElementContainer"]')]
      .map((e) => e.getBoundingClientRect().bottom));
    const column = box.closest('[data-testid="stColumn"]');
    const row = column && column.parentElement;
    const beside = row ? [...row.children].filter((c) => c !== column) : [];
    svg.style.maxHeight = '';
    beside.forEach((c) => { c.style.zoom = ''; });
    const over = main.scrollHeight - main.clientHeight;
    if (over <= 0) return;
    // a shorter chart shortens the slide only by as much as its column is taller than the figures beside it (and
    // not at all for the definition and table opened under the slide)
    const others = Math.max(0, ...beside.map(foot));
    const helps = column ? foot(column) - others : over;
    const shrink = Math.min(over, Math.max(0, helps));
    if (shrink > 0) svg.style.maxHeight = Math.max(least, svg.getBoundingClientRect().height - shrink) + 'px';
    // the figures beside the chart may be the taller column themselves (a comparison with England and the region,
    // then SPC): they are set smaller by as much as they run past the screen, never under four fifths of their size
    const still = main.scrollHeight - main.clientHeight;
    const figures = beside.reduce((a, c) => (!a || foot(c) > foot(a) ? c : a), null);
    if (still > 0 && figures) {
      const height = foot(figures) - figures.getBoundingClientRect().top;
      if (height > 0) figures.style.zoom = String(Math.max(0.8, (height - still) / height));
    }
  };
  let fitting = false;
  const fitSoon = () => { if (!fitting) { fitting = true; requestAnimationFrame(() => { fitting = false; fitSlide(); }); } };
  new MutationObserver(fitSoon).observe(document.body, {childList: true, subtree: true});
  window.addEventListener('resize', fitSoon);
  // text that changes size with no element added (a web font arriving late on a busy machine) fits again too
  if (document.fonts) { document.fonts.addEventListener('loadingdone', fitSoon); document.fonts.ready.then(fitSoon); }
  const sized = new WeakSet();
  const watchSize = new ResizeObserver(fitSoon);
  new MutationObserver(() => {
    const block = document.querySelector('[data-testid="stMainBlockContainer"]');
    if (block && !sized.has(block)) { sized.add(block); watchSize.observe(block); }
  }).observe(document.body, {childList: true, subtree: true});
  window.addEventListener('keydown', (e) => {
    if (!onPresent() || e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    const active = document.activeElement;
    if (active && ['INPUT', 'TEXTAREA', 'SELECT'].includes(active.tagName)) return;
    if ((e.key === 'ArrowLeft' || e.key === 'ArrowRight') && scrollsSideways(e.target)) {
      e.stopImmediatePropagation();  // the box scrolls; the slide stays
      return;
    }
    const press = (name) => { const b = button(name); if (b) { b.click(); e.preventDefault(); } };
    if (e.key === 'PageDown') press('Next ▶');
    else if (e.key === 'PageUp') press('◀ Previous');
    else if (e.key === 'Home') { e.preventDefault(); slideTo('first'); }
    else if (e.key === 'End') { e.preventDefault(); slideTo('last'); }
    else if (e.key === 'Escape') {
      const exit = [...document.querySelectorAll('a')].find((a) => a.innerText.trim().endsWith('Exit'));
      if (exit) { e.preventDefault(); exit.click(); }
    }
  }, true);
}
</script>"""


def _move(step: int, count: int) -> None:
    st.session_state[SLIDE_KEY] = min(max(st.session_state[SLIDE_KEY] + step, 1), count)


#: The longest key message a slide shows in full; a longer one ends "… (more in the pack)", so the slide stays on
#: one screen at 1280x720 (tests/browser/test_accessibility.py measures every slide).
MESSAGE_LIMIT = 220


#: The slide's chart is drawn 640 units wide (the page's is 780), so in the slide's left column, 544px at 1024x768,
#: its smallest text (15 units) is 12.75px: never under 12px on a projector (tests/browser/test_accessibility.py).
CHART_WIDTH = 640
PLOT_HEIGHT = 160
#: What the slide keeps under and above the chart on a short screen (the bar, the title, the key message): the chart
#: is drawn no taller than the rest of the screen, and never so small that its smallest text falls under 12px.
ROOM_ABOVE_AND_BELOW = 350


def _fitted(svg: str, *, label: str) -> str:
    """The chart in its slide box, as tall as the screen allows and its text at 12px or more: on a narrow screen it
    scrolls sideways in its own box, as a page's chart does (views/panel.py chart_box)."""
    least = panel.text_floor(svg).shortest
    most = f" --chart-most: max(calc(100vh - {ROOM_ABOVE_AND_BELOW}px), {least}px); --chart-least: {least}px"
    return panel.chart_box(svg, label=label, fit=False, css_class="p-chart", style=most)


def _slide(brief: Brief) -> None:
    """The slide: the pack's own words (pack.slides.slide_text), laid out to fit one screen: the chart and the key
    message on the left, the figures on the right; the definition, notes and table one click away."""
    s = data.settings()
    text = slide_text(brief, threshold=s.suppression_threshold, audience=data.audience())
    st.html(f'<h1 class="p-title">{html.escape(text.title)}</h1>')
    left, right = st.columns([3, 2], gap="large")
    with left:
        chart = svg_charts.draw(
            brief.table, plot_height=PLOT_HEIGHT, notes=brief.notes, width=CHART_WIDTH, compact_legend=True
        )
        if chart:
            st.markdown(_fitted(chart, label=f"Chart: {brief.title}"), unsafe_allow_html=True)
        else:
            st.html('<div class="p-line">Nothing to draw: the source gives this indicator in words only.</div>')
        if brief.notes:
            st.html(chart_notes.notes_html(brief.notes, compact=True))
        if st.session_state.get(data.NOTES_UNAVAILABLE):
            st.html('<div class="p-meta">Notes on this chart are unavailable: their store cannot be reached.</div>')
        if text.message:
            older = " p-older" if any(m.older for m in brief.messages) else ""
            st.html(
                f'<div class="p-message{older}">{html.escape(shortened(text.message, limit=MESSAGE_LIMIT))}'
                f'<div class="p-meta">{html.escape(text.message_by)}</div></div>'
            )
    with right:
        lines = [
            f'<div class="p-caption">{html.escape(text.value_caption)}</div>',
            f'<div class="p-value">{html.escape(text.value)}</div>',
        ]
        lines += [f'<div class="p-line">{html.escape(c)}</div>' for c in (*text.changes, *text.categories[:5])]
        lines.append(f'<div class="p-head">{html.escape(text.benchmark_heading)}</div>')
        # the method is said once under the verdicts, in the byline's smaller type
        lines += [
            f'<div class="{"p-meta" if b == brief.method_line else "p-line"}">{html.escape(b)}</div>'
            for b in text.benchmarks
        ]
        if brief.spc is None:  # the icon's words are the reason, said once
            icon = dataclasses.replace(spc_icons.NOT_DRAWN, text=text.spc.rstrip("."))
            # "SPC not drawn: …" says what it is: no heading above it, so the figures keep their room
            lines.append(f'<div class="p-line" style="margin-top:0.5rem">{style.spc_icon(icon)}</div>')
        else:
            lines.append(
                f'<div class="p-head">Signal or noise?</div><div class="p-line">'
                f'{style.spc_icon(brief.spc.variation)}</div><div class="p-meta">'
                f"{html.escape(shortened(text.spc, limit=160))}</div>"
            )
        lines.append(f'<div class="p-source">{html.escape(text.source)}</div>')
        st.html("".join(lines))
    box = tables.on_request("Definition, notes, data table and CSV", key="present.table")
    if box is None:
        return
    with box:
        box.html(
            "".join(f'<div class="p-note">{html.escape(note)}</div>' for note in text.notes)
            + f"<p>{html.escape(text.definition)}</p><p>{html.escape(text.source)}</p>"
        )
        downloads.csv_button(
            "Download this chart's data (CSV)",
            lambda: annotated.export_frame(chart_data.export_frame(brief.table), markers=brief.notes),
            name=downloads.file_name(brief.area_code, brief.indicator.id),
            key="present.csv",
        )
        st.html(tables.html_table(tables.display_frame(brief.table)))


def render() -> None:
    st.html(CSS)
    area_code = state.area()
    preset, ids = _agenda(area_code)
    if not ids:
        st.info("This agenda is empty. Choose indicators on the Meeting pack page.")
        st.page_link(meeting.MEETING_PAGE, label="Meeting pack", icon=":material/list:")
        return
    count = len(ids)
    raw = st.query_params.get("slide")
    fresh = raw != st.session_state.get(state.WRITTEN, {}).get("slide") or SLIDE_KEY not in st.session_state
    if raw and fresh:
        if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= count:
            st.session_state[SLIDE_KEY] = int(raw)
        else:
            state.reject("slide", raw, why=f"is not a slide number from 1 to {count}")
    st.session_state[SLIDE_KEY] = min(max(st.session_state.get(SLIDE_KEY, 1), 1), count)
    number = st.session_state[SLIDE_KEY]
    ind_id = ids[number - 1]
    brief = data.brief_in_full(ind_id, area_code, agenda.heading(indicator_id=ind_id, preset=preset))

    # "◀ Previous" with its key hint needs about 160px: whole at 1024x768 (it was cut to "◀ Pre…")
    bar = st.columns([3.6, 1.7, 1.3, 1.1, 1.0], vertical_alignment="center")
    badge = f" {style.demo_badge()}" if brief.uses_demonstration or brief.spc_demonstration else ""
    with bar[0]:
        st.html(f'<div class="p-kicker">{html.escape(brief.heading)}{badge}</div>')
    # no hover tooltips: they covered the title; the buttons show their keys (← and →) themselves
    bar[1].button(
        "◀ Previous",
        key="present.prev",
        shortcut="Left",
        on_click=_move,
        args=(-1, count),
        disabled=number == 1,
        width="stretch",
    )
    bar[2].button(
        "Next ▶",
        key="present.next",
        shortcut="Right",
        on_click=_move,
        args=(1, count),
        disabled=number == count,
        type="primary",
        width="stretch",
    )
    back = {"area": area_code, "agenda": agenda.encode(indicator_ids=ids)} | ({"preset": preset.id} if preset else {})
    bar[3].page_link(meeting.MEETING_PAGE, label="Exit", icon=":material/close:", query_params=back)
    with bar[4]:
        st.html(f'<div class="p-counter" aria-hidden="true">{number} / {count}</div>')
    page.title(f"Slide {number} of {count}: {brief.indicator.title}", council=brief.area_name)
    announce.say(f"Slide {number} of {count}: {brief.title}")
    st.html(CLICKER_KEYS, unsafe_allow_javascript=True)
    state.publish(
        {
            "area": area_code,
            "agenda": agenda.encode(indicator_ids=ids),
            "preset": preset.id if preset else None,
            "slide": str(number),
        }
    )
    _slide(brief)
