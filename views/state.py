"""The URL holds the view: council, indicator, breakdown, view and period.

A copied link reopens the same view. Values arriving in the URL (a pasted
link, a tile's link) are copied into the widgets before they are drawn; after
the page is drawn, the widgets' values are written back to the URL.
"""
from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

WRITTEN = "_url_written"
AREA_KEY = "area"


def adopt(param: str, key: str, allowed: Iterable[str]) -> None:
    """Copy ?param=... into widget ``key`` when the URL brings a new, allowed value."""
    value = st.query_params.get(param)
    if value is None or value not in set(allowed):
        return
    if st.session_state.get(WRITTEN, {}).get(param) != value or key not in st.session_state:
        st.session_state[key] = value


def adopt_flag(param: str, key: str) -> None:
    """Copy ?param=1 (or 0) into a toggle ``key`` when the URL brings a new value."""
    value = st.query_params.get(param)
    if value not in ("0", "1"):
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
