"""Telling screen-reader users what changed: a polite live region, made once per browser tab outside Streamlit's
elements (which are replaced on every run, and a live region added with its words is not announced), whose text
each announcement sets."""

from __future__ import annotations

import html
import json

import streamlit as st

_SCRIPT = """<script>
(() => {{
  let live = document.getElementById('asc-live');
  if (!live) {{
    live = document.createElement('div');
    live.id = 'asc-live'; live.className = 'sr-only';
    live.setAttribute('role', 'status'); live.setAttribute('aria-live', 'polite'); live.setAttribute('aria-atomic', 'true');
    document.body.appendChild(live);
  }}
  live.textContent = {said};
}})();
</script><span class="sr-only">{words}</span>"""


def say(words: str) -> None:
    """Announce ``words`` now (a new slide, a new view)."""
    said = json.dumps(words).replace("<", "\\u003c")  # never "</script>" inside the script, whatever the words
    st.html(_SCRIPT.format(said=said, words=html.escape(words)), unsafe_allow_javascript=True)


def on_change(*, key: str, words: str) -> None:
    """Announce ``words`` when they differ from the last ones announced under ``key`` in this session: the new
    headline after the indicator, breakdown or period changes, but not on the page's first showing (a screen
    reader reads a new page itself) nor on a rerun that changed nothing."""
    slot = f"announce.{key}"
    last = st.session_state.get(slot)
    st.session_state[slot] = words
    if last is not None and last != words:
        say(words)
