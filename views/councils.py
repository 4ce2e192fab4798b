"""Choose a council: any of the councils with adult social care duties in England, found by typing part of its name.

The featured councils (config.toml's `councils`) come first. Choosing one opens the page the person came from,
with the same indicator and view, for that council. Every council is also listed by region as plain links.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode

import streamlit as st

from views import data, state
from views.nav import PAGE_STEMS

KEY = "councils.choice"


def _back() -> str:
    """The page to return to: only a page of this app, never a path from the URL."""
    back = st.query_params.get("back", "")
    return back if back in PAGE_STEMS else ""


def render() -> None:
    st.title("Choose a council")
    st.markdown(
        "Every council in England with adult social care duties: counties, unitary authorities, "
        "metropolitan districts and London boroughs. Type part of a name to find yours."
    )
    every = data.all_councils()
    featured = [code for code, _name in data.councils()]
    order = featured + [c for c in every["area_code"].to_list() if c not in featured]
    labels = {
        code: f"{name} ({kind}, {region})"
        for code, name, kind, region in every.select(
            "area_code", "area_name", "council_type", "region_name"
        ).iter_rows()
    }
    back, keep = _back(), state.kept_view()
    choice = st.selectbox(
        "Council",
        order,
        index=None,
        key=KEY,
        format_func=lambda code: labels.get(code, code),
        placeholder="Type part of a council's name, e.g. Manch",
    )
    state.publish({"area": state.area(), "back": back or None, **keep})
    if choice is not None:
        st.session_state.pop(KEY, None)
        st.switch_page(PAGE_STEMS[back], query_params={**keep, "area": choice})
    regions = []
    for region, part in every.sort("region_name", "area_name").group_by("region_name", maintain_order=True):
        links = "".join(
            f'<li><a href="{html.escape(_href(back, code, keep))}">{html.escape(name)}</a></li>'
            for code, name in part.select("area_code", "area_name").iter_rows()
        )
        regions.append(f'<section><h2 class="region">{html.escape(str(region[0]))}</h2><ul>{links}</ul></section>')
    st.html(f'<div class="council-index">{"".join(regions)}</div>')


def _href(back: str, code: str, keep: dict[str, str]) -> str:
    """A link (relative to this page) to the page the person came from, for council ``code``."""
    return f"{back or './'}?{urlencode({**keep, 'area': code})}"
