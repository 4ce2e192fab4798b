"""The URL holds the view: council, indicator, breakdown, view and period.

A copied link reopens the same view. Values arriving in the URL (a pasted
link, a tile's link) are copied into the widgets before they are drawn; after
the page is drawn, the widgets' values are written back to the URL.
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

WRITTEN = "_url_written"
REJECTED = "_url_rejected"
AREA_KEY = "area"
#: Longest URL value quoted back in a message: a pasted link can carry anything.
QUOTE_AT_MOST = 60


def _new_from_url(param: str, value: str) -> bool:
    return st.session_state.get(WRITTEN, {}).get(param) != value


def reject(param: str, value: str, *, why: str = "", said: str = "", links: tuple[tuple[str, str], ...] = ()) -> None:
    """Note that the link's ``param=value`` cannot be used; the page shows its default view and one line saying so
    (``said`` replaces the standard sentence; ``links`` are (label, href) offered beside it)."""
    st.session_state.setdefault(REJECTED, {})[param] = (value, why, said, links)


def rejected() -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """(sentence, links) per URL value that could not be used on this run, then forgotten."""
    out = []
    for param, (value, why, said, links) in st.session_state.pop(REJECTED, {}).items():
        shown = value if len(value) <= QUOTE_AT_MOST else value[:QUOTE_AT_MOST] + "…"
        out.append((said or f"The link's {param} ‘{shown}’ {why or 'is not one this page offers'}.", links))
    return out


#: Parameters that say what is shown, kept when someone switches council.
VIEW_PARAMS = ("indicator", "breakdown", "view", "ptype", "period", "agenda", "preset", "since", "ci", "chart")


def current_page() -> str:
    """The stem of the page being shown ('' for the Overview), from the address the browser asked for."""
    try:
        from urllib.parse import urlparse

        return urlparse(st.context.url or "").path.strip("/").split("/")[-1]
    except Exception:  # no browser (a test harness): the Overview
        return ""


def kept_view() -> dict[str, str]:
    """The URL's view parameters (not the council), to carry to another council."""
    return {k: st.query_params[k] for k in VIEW_PARAMS if k in st.query_params}


def adopt(param: str, key: str, allowed: Iterable[str]) -> None:
    """Copy ?param=... into widget ``key`` when the URL brings a new, allowed value; a value not allowed is
    noted (:func:`rejected`) and the widget keeps its default."""
    value = st.query_params.get(param)
    if value is None:
        return
    if value not in set(allowed):
        if _new_from_url(param, value):
            reject(param, value)
        return
    if _new_from_url(param, value) or key not in st.session_state:
        st.session_state[key] = value


def adopt_flag(param: str, key: str) -> None:
    """Copy ?param=1 (or 0) into a toggle ``key`` when the URL brings a new value."""
    value = st.query_params.get(param)
    if value is None:
        return
    if value not in ("0", "1"):
        if _new_from_url(param, value):
            reject(param, value, why="is not 0 or 1")
        return
    if st.session_state.get(WRITTEN, {}).get(param) != value or key not in st.session_state:
        st.session_state[key] = value == "1"


def publish(values: dict[str, str | None]) -> None:
    """Make the URL show exactly these parameters (None drops one)."""
    wanted = {k: v for k, v in values.items() if v not in (None, "")}
    for k in list(st.query_params.keys()):
        if k not in wanted:
            del st.query_params[k]
    for k, v in wanted.items():
        if st.query_params.get(k) != v:
            st.query_params[k] = v
    st.session_state[WRITTEN] = wanted


def area() -> str:
    return st.session_state[AREA_KEY]
