"""Projector-friendly CSS: large numbers, no horizontal scroll at 1280x720.

HTML goes to the page through st.html, not st.markdown(unsafe_allow_html=True): the browser parses
it natively, where markdown runs every tag through a JavaScript HTML parser and builds a React element for
each. On a page of tiles or tables that was most of the browser's work (bench/page_bench.py). st.html drops
SVG, so inline charts (views/svg_charts) stay in markdown.
"""

from __future__ import annotations

import html

import streamlit as st

from metrics.core import formatting
from metrics.figures.briefing import Brief

CSS = """
<style>
.block-container {padding-top: 1rem; max-width: 100%;}
h1 {font-size: 2.2rem !important; line-height: 1.2 !important; padding-top: 0.2rem !important;}
h2.chart-title, .chart-title h2 {font-size: 1.3rem !important; margin: 0.2rem 0 0.3rem 0 !important; padding: 0 !important;}
/* captions at 4.5:1 or better: Streamlit draws them at 60% of the text colour (4.3:1 on the sidebar) */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {color: #3b3b3b !important; opacity: 1 !important;}
/* commands wrap on a narrow screen rather than scroll sideways in a box the keyboard cannot reach */
pre, pre code {white-space: pre-wrap !important; overflow-wrap: anywhere;}
/* the sidebar's close button: Streamlit shows it only on hover; keyboard and zoom users need to see it too */
[data-testid="stSidebarCollapseButton"] {display: inline-flex !important; visibility: visible !important;
                                         opacity: 1 !important;}
:focus-visible {outline: 3px solid #005EB8 !important; outline-offset: 2px;}
/* radios, checkboxes and switches hide their input: the focus ring goes on the label that holds it (#28; WCAG
   2.4.7, and 2.4.13's 3:1: #005EB8 is 6.1:1 on white) */
label:has(input[type="radio"]:focus-visible), label:has(input[type="checkbox"]:focus-visible) {
  outline: 3px solid #005EB8 !important; outline-offset: 2px; border-radius: 4px;}
/* a switch's or radio's label wraps in a narrow column of the controls' row, never cut to "SPC: sign…" */
[data-testid="stWidgetLabel"] .stMarkdownEllipsis, [data-testid="stWidgetLabel"] .stMarkdownEllipsis p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;}
.chart-box {overflow-x: auto; max-width: 100%;}
.chart-box:focus-visible {outline-offset: 4px;}
.big-number {font-size: 2.6rem; font-weight: 700; line-height: 1.1; color: #1d1d1b;}
.kicker {font-size: 0.85rem; font-weight: 700; text-transform: uppercase; letter-spacing: 0.04em; color: #005EB8;}
.tile-title {font-size: 1.05rem; font-weight: 600; min-height: 2.6em;}
.tiles {display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 1rem; margin-bottom: 1rem;}
@media (min-width: 1800px) {.tiles {grid-template-columns: repeat(4, minmax(0, 1fr));}}
@media (max-width: 1000px) {.tiles {grid-template-columns: repeat(2, minmax(0, 1fr));}}
/* narrow screens and 200-400% zoom: one column, and a chart keeps text of 12px or more by scrolling in its own box */
@media (max-width: 640px) {
  .tiles {grid-template-columns: minmax(0, 1fr);}
  .strip {grid-template-columns: minmax(0, 1fr) !important;}
  .strip > .verdicts {grid-column: auto;}
  .chart-box svg {min-width: var(--chart-min, 640px);}
  .big-number {font-size: 2.1rem;}
  h1 {font-size: 1.7rem !important;}
  .block-container {padding: 3.2rem 0.8rem 1rem 0.8rem !important;}
}
a.tile {display: block; color: inherit; text-decoration: none; border: 1px solid #c8c8c8; border-radius: 0.5rem;
        padding: 0.8rem 1rem;}
a.tile:hover, a.tile:focus-visible {border-color: #005EB8; box-shadow: 0 0 0 3px #005EB8; outline: none;}
.tile-open {color: #005EB8; font-weight: 700; text-decoration: underline; margin-top: 0.4rem;}
img.spark {display: block; width: 100%; height: auto; margin-top: 0.4rem;}
.small {font-size: 0.95rem; color: #3b3b3b;}
.verdict {font-size: 1.0rem; margin: 0.1rem 0;}
.councils ul {list-style: none; padding: 0; margin: 0.2rem 0 0.6rem 0;}
.councils li {font-size: 1.1rem; margin: 0.25rem 0;}
.councils a {color: #005EB8; font-weight: 600;}
.crumbs {font-size: 1.05rem; color: #3b3b3b;}
.strip {display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: 1rem; margin-bottom: 0.6rem;}
.strip > .verdicts {grid-column: span 2;}
.notice {border-left: 0.4rem solid #8a6d00; background: #fff8e1; padding: 0.6rem 1rem; margin: 0.2rem 0 0.6rem 0;
          font-size: 1.05rem; color: #1d1d1b; overflow-wrap: anywhere;}
.notice.error {border-left-color: #b10e1e; background: #fdecea;}
.council-index {columns: 16rem; column-gap: 2rem;}
.council-index section {break-inside: avoid;}
.council-index h2.region {font-size: 1.15rem; margin: 0.8rem 0 0.3rem 0; padding: 0;}
.council-index ul {list-style: none; padding: 0; margin: 0;}
.council-index li {margin: 0.15rem 0;}
.officer-banner {border: 3px solid #b10e1e; background: #fdecea; color: #1d1d1b; padding: 0.5rem 1rem;
                  margin: 0 0 0.6rem 0; font-size: 1.1rem;}
.key-message {border-left: 0.4rem solid #005EB8; background: #eef4fb; padding: 0.6rem 1rem; margin: 0.5rem 0;
               font-size: 1.1rem; color: #1d1d1b;}
.chart-notes {border-left: 0.4rem solid #1d1d1b; padding: 0.3rem 1rem; margin: 0.3rem 0 0.6rem 0;}
.chart-notes ul {margin: 0.2rem 0 0 0; padding-left: 0; list-style: none;}
.key-message.older {border-left-style: dashed; border-left-color: #505a5f; background: #f3f3f3;}
.spc-icon {display: inline-flex; align-items: center; justify-content: center; width: 2.1rem; height: 2.1rem; flex: 0 0 auto;
            border-radius: 50%; font-weight: 800; font-size: 1.2rem; margin-right: 0.4rem;
            border: 2px solid #1d1d1b;}
.spc-matrix {width: 100%; border-collapse: collapse; font-size: 1rem;}
.spc-matrix th, .spc-matrix td {border-bottom: 1px solid #d9d9d9; padding: 0.4rem; text-align: left; vertical-align: middle;}
.demo-badge {display: inline-block; background: #fff3cd; border: 2px solid #8a6d00; color: #5c4700;
             padding: 0.1rem 0.5rem; border-radius: 0.3rem; font-weight: 700; font-size: 0.9rem;}
[data-testid="stMarkdownContainer"] p, .stHtml {font-size: 1.05rem;}
.stHtml p {margin: 0 0 0.5rem 0;}
.table-wrap {max-height: 28rem; overflow: auto; max-width: 100%;}
.data-table.wide {min-width: 110rem;}
.data-table.fixed {table-layout: fixed;}
.catalogue {max-height: 40rem; overflow-y: auto; border: 1px solid #d9d9d9; padding: 0.2rem 0.8rem;}
.catalogue-entry {padding: 0.6rem 0; border-bottom: 1px solid #e6e6e6; font-size: 1.02rem;}
.data-table.fixed td {overflow-wrap: anywhere;}
.data-table {width: 100%; border-collapse: collapse; font-size: 0.95rem;}
.data-table th {position: sticky; top: 0; background: #f0f2f6; text-align: left;}
.data-table th, .data-table td {border-bottom: 1px solid #d9d9d9; padding: 0.3rem 0.45rem; vertical-align: top;}
.data-table caption {text-align: left; font-weight: 600; padding-bottom: 0.3rem;}
</style>
"""


#: The sidebar from the keyboard: closed, it is inert (out of the tab order); opening it moves the focus to its close button (the first thing in it), and
#: Escape closes it from inside it (or anywhere on a narrow screen, where it covers the page) and puts the focus
#: back on the open button. Streamlit gives neither; attached once per browser tab.
KEYS = r"""
<script>
if (!window.ascSidebarKeys) {
  window.ascSidebarKeys = true;
  const q = (s) => document.querySelector(s);
  const closeButton = () => q('[data-testid="stSidebarCollapseButton"] button') || q('[data-testid="stSidebarCollapseButton"]');
  document.addEventListener('click', (e) => {
    if (e.target.closest && e.target.closest('[data-testid="stExpandSidebarButton"]')) {
      setTimeout(() => { const b = closeButton(); if (b) b.focus(); }, 150);
    } else if (e.target.closest && e.target.closest('[data-testid="stSidebarCollapseButton"]')) {
      if (window.ascQuietClose) { window.ascQuietClose = false; return; }  // closed on load: the focus stays put
      setTimeout(() => { const o = q('[data-testid="stExpandSidebarButton"]'); if (o) o.focus(); }, 150);
    }
  }, true);
  // a closed sidebar is off screen: make it inert, so the focus never goes to a link no one can see
  const mark = () => {
    const bar = q('[data-testid="stSidebar"]');
    if (bar) bar.inert = bar.getAttribute('data-collapsed') === 'true';
  };
  new MutationObserver(mark).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['data-collapsed']});
  mark();
  // narrower than 1280 px (a 1024x768 projector, a laptop zoomed to 125%), the menu starts closed, once per tab,
  // so that the chart has the width; the menu button opens it, and it stays as the person leaves it
  const startClosed = (tries) => {
    const bar = q('[data-testid="stSidebar"]');
    if (bar && bar.getAttribute('data-collapsed') === 'true') return;  // closed already (a narrow screen): done
    const b = closeButton();
    if (!bar || !b) { if (tries > 0) setTimeout(() => startClosed(tries - 1), 200); return; }
    if (window.innerWidth < 1280) {
      window.ascQuietClose = true;
      b.click();
    }
  };
  startClosed(25);
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    const bar = q('[data-testid="stSidebar"]');
    if (!bar || bar.getAttribute('data-collapsed') !== 'false') return;
    const inside = bar.contains(document.activeElement);
    const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(document.activeElement.tagName);
    if (!inside && (window.innerWidth > 768 || typing)) return;
    const b = closeButton();
    if (!b) return;
    b.click();
    setTimeout(() => { const o = q('[data-testid="stExpandSidebarButton"]'); if (o) o.focus(); }, 150);
  });
  // a typed date applies on Enter, as a text box's does: Streamlit's date field applies it only when the pointer
  // goes down outside it, so Enter does that for it; the focus goes back to the part of the date typed in
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !e.target.closest || !e.target.closest('[data-testid="stDateInputField"]')) return;
    e.preventDefault();
    const here = e.target;
    for (const t of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
      document.body.dispatchEvent(new (t.startsWith('pointer') ? PointerEvent : MouseEvent)(t, {bubbles: true}));
    }
    here.blur();
    setTimeout(() => { if (here.isConnected) here.focus(); }, 100);
  }, true);
  // sign-in returns to the page it started from: the provider sends everyone back to the front page, so the page's
  // own address (a path and query on this site, nothing else) is kept in this tab for ten minutes and used once
  const RETURN = 'ascSignInReturn';
  document.addEventListener('click', (e) => {
    if (e.target.closest && e.target.closest('.st-key-identity-login')) {
      sessionStorage.setItem(RETURN, JSON.stringify({to: location.pathname + location.search, at: Date.now()}));
    }
  }, true);
  const goBack = (tries) => {
    let kept = null;
    try { kept = JSON.parse(sessionStorage.getItem(RETURN) || 'null'); } catch (err) { kept = null; }
    if (!kept || typeof kept.to !== 'string') { sessionStorage.removeItem(RETURN); return; }
    if (!q('.st-key-identity-logout')) {  // not signed in (yet): the sidebar may still be drawing
      if (tries > 0) setTimeout(() => goBack(tries - 1), 200);
      return;
    }
    sessionStorage.removeItem(RETURN);  // signed in now: go back once, then forget it
    const fresh = Date.now() - kept.at < 10 * 60 * 1000;
    const local = /^\/(?!\/)[A-Za-z0-9_\-\/]*(\?[^#\s]*)?$/.test(kept.to);
    if (fresh && local && kept.to !== location.pathname + location.search) location.replace(kept.to);
  };
  goBack(40);
  // the chart and its axis on screen under the controls (1280x720, 1024x768): a chart taller than the room left is
  // drawn smaller, never so small that its smallest text falls under 12px (data-min-font, views/panel.py chart_box)
  const fitCharts = () => {
    for (const box of document.querySelectorAll('.chart-box[data-min-font]')) {
      const svg = box.querySelector('svg');
      if (!svg || !svg.viewBox.baseVal || !svg.viewBox.baseVal.height) continue;
      const vb = svg.viewBox.baseVal;
      const top = box.getBoundingClientRect().top + window.scrollY;
      const room = window.innerHeight - top - 12;
      const least = vb.height * 12 / parseFloat(box.dataset.minFont);
      const most = Math.max(room, least);
      const want = Math.ceil(most) + 'px';  // up, never a fraction under the 12px floor
      if (svg.style.maxHeight !== want) svg.style.maxHeight = want;
    }
  };
  let fitting = false;
  const fitSoon = () => { if (!fitting) { fitting = true; requestAnimationFrame(() => { fitting = false; fitCharts(); }); } };
  // focus that stays (#28): a run redraws or disables the control acted on ("Back to all people" goes, Next is
  // disabled on the last slide) and the focus fell to the page. It goes back to the same control where it is
  // still there, or to the next one in its row, or to the chart's (or slide's) heading; Present opens on its title.
  let lastEl = null, lastKey = null, lastAt = 0;
  const keyOf = (el) => {
    const holder = el.closest && el.closest('[class*="st-key-"]');
    return holder ? [...holder.classList].find((c) => c.startsWith('st-key-')) : null;
  };
  let pressedAt = 0;  // when the focused control was last pressed: a download blurs it without redrawing it
  document.addEventListener('focusin', (e) => {
    // the app's own controls only: a download passes through a link Streamlit adds outside the app and removes
    if (e.target.closest && e.target.closest('[data-testid="stApp"]')) {
      lastEl = e.target; lastKey = keyOf(e.target); lastAt = Date.now();
    }
  }, true);
  document.addEventListener('click', (e) => { if (lastEl && lastEl.contains(e.target)) pressedAt = Date.now(); }, true);
  const usable = (el) => el && !el.disabled && el.getAttribute('aria-disabled') !== 'true' && el.offsetParent;
  const CONTROLS = 'button, a[href], input, select, textarea, [role="switch"], [tabindex="0"]';
  const heading = () => {
    const h = q('h1.p-title') || q('h2.chart-title') || q('[data-testid="stMain"] h1');
    if (h && !h.hasAttribute('tabindex')) h.setAttribute('tabindex', '-1');
    return h;
  };
  const keepFocus = () => {
    const now = document.activeElement;
    if (now && now !== document.body) return;
    if (!lastEl || Date.now() - lastAt > 10000) return;
    if (lastEl.isConnected && !lastEl.disabled) {  // still there: back to it only if it was just pressed
      if (Date.now() - pressedAt < 3000) lastEl.focus({preventScroll: true});
      return;
    }
    const holder = lastKey && q('.' + lastKey);
    let target = holder && [...holder.querySelectorAll(CONTROLS)].find(usable);
    if (!target && holder && holder.parentElement) {  // disabled or gone: the next control in its row
      const row = holder.closest('[data-testid="stHorizontalBlock"]');
      target = row && [...row.querySelectorAll(CONTROLS)].find(usable);
    }
    if (!target) {  // to the heading for now; if the run is still drawing the control, it goes back there (below)
      target = heading();
      pending = lastKey ? {key: lastKey, el: target, at: Date.now()} : null;
    }
    if (target) target.focus({preventScroll: true});
  };
  let pending = null;  // a control that may yet be drawn again, and the heading the focus waits on meanwhile
  const backToPending = () => {
    if (!pending || Date.now() - pending.at > 2000 || document.activeElement !== pending.el) return;
    const holder = q('.' + pending.key);
    const control = holder && [...holder.querySelectorAll(CONTROLS)].find(usable);
    if (control) { pending = null; control.focus({preventScroll: true}); }
  };
  let presentOpened = false;
  const openPresent = () => {
    if (presentOpened || !/\/present\/?$/.test(location.pathname)) return;
    const h = q('h1.p-title');
    if (!h) return;
    presentOpened = true;
    if (document.activeElement === document.body) { heading(); h.focus({preventScroll: true}); }
  };
  document.addEventListener('focusout', () => setTimeout(keepFocus, 300), true);
  new MutationObserver(() => { fitSoon(); requestAnimationFrame(() => { keepFocus(); backToPending(); openPresent(); }); })
    .observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['disabled']});
  window.addEventListener('resize', fitSoon);
  fitSoon();
}
</script>
"""


def apply() -> None:
    # style and the sidebar's keys only: Streamlit adds them without taking any room on the page
    st.html(CSS + KEYS, unsafe_allow_javascript=True)


def demo_badge() -> str:
    return '<span class="demo-badge">DEMONSTRATION DATA</span>'


def big_number(brief: Brief) -> str:
    """The brief's latest figure, large, with its unit small beside it ("596.3 per 100,000")."""
    number, unit = formatting.parts(brief.indicator, brief.latest_value)
    return html.escape(number) + (f' <span class="small">{html.escape(unit)}</span>' if unit else "")


def spc_icon(icon) -> str:
    """A coloured disc with a letter, and the words beside it (the words are the text alternative)."""
    return (
        f'<span style="display:inline-flex;align-items:center;margin-right:1.4rem">'
        f'<span class="spc-icon" style="background:{icon.colour};color:{icon.ink}" role="img" aria-label="{html.escape(icon.text)}">'
        f"{html.escape(icon.letter)}</span>{html.escape(icon.text)}</span>"
    )


def spc_icons(result) -> str:
    """The variation and assurance icons of one SPC result."""
    return f"<div>{spc_icon(result.variation)}{spc_icon(result.assurance)}</div>"
