"""What every page does around its content: the frame, data warnings, and errors shown, never raised."""

from __future__ import annotations

import html
from collections.abc import Callable
from urllib.parse import urlencode

import streamlit as st

from metrics.core.errors import MetricsError
from metrics.core.registry import DOMAINS
from views import data, identity, nav, panel, providers, publishing, state, style


def council_links(
    councils: list[tuple[str, str]],
    *,
    current: str,
    current_name: str = "",
    keep: dict[str, str] | None = None,
    page: str = "",
) -> str:
    """The council switcher: the featured councils (config.toml), the one shown in bold, the others as links that
    open the same page and view for that council; and a link to find any council in England.

    Links, not a select box: a handful of councils are all visible at once, and a select box is the frame's
    dearest part to draw in the browser (bench/page_bench.py). The search for all 153 is on its own page.
    """
    keep = keep or {}
    shown = list(councils) if current in dict(councils) else [(current, current_name or current), *councils]
    items = "".join(
        f'<li><b aria-current="page">{html.escape(name)}</b> (shown)</li>'
        if code == current
        else f'<li><a href="?{html.escape(urlencode({**keep, "area": code}))}">{html.escape(name)}</a></li>'
        for code, name in shown
    )
    find = urlencode({"area": current, "back": page, **keep})
    items += f'<li><a href="councils?{html.escape(find)}">Find any council in England…</a></li>'
    return f'<nav class="councils" aria-label="Council"><div class="kicker">Council</div><ul>{items}</ul></nav>'


def _adopt_council() -> None:
    """?area= opens any council with adult social care duties; any other code is answered in one line (a district's
    county offered as a link), and the page shows the council it showed before, saying so: never a silent swap."""
    raw = st.query_params.get("area")
    codes = set(data.all_councils()["area_code"].to_list())
    if raw is None or raw in codes or st.session_state.get(state.WRITTEN, {}).get("area") == raw:
        state.adopt("area", state.AREA_KEY, codes)
        return
    found = data.resolve_council(raw)
    if found.code is not None:  # the same code written another way (lower case, spaces)
        st.session_state[state.AREA_KEY] = found.code
        return
    links = [(f"Open {found.suggest_name}", f"?{urlencode({'area': found.suggest})}")] if found.suggest else []
    links.append(("Find a council", f"councils?{urlencode({'back': state.current_page()})}"))
    fallback = data.council_name(st.session_state.get(state.AREA_KEY, data.settings().home_area))
    state.reject("area", raw, said=f"{found.message} Showing {fallback} instead.", links=tuple(links))


def title(page: str, *, council: str = "") -> None:
    """Name the browser tab for this page (and council); Present names each slide the same way."""
    st.set_page_config(page_title=nav.tab_title(page=page, council=council))


def frame(*, presenting: bool = False) -> bool:
    """Page settings, styling and the council switcher. False when the settings themselves are wrong.

    When presenting, the sidebar starts collapsed (the page's own CSS hides it): the council comes from the URL.
    """
    # "auto": open on a wide screen, closed on a narrow one and at 200% zoom, where it would cover half the page
    st.set_page_config(
        page_title=nav.APP_NAME,
        page_icon="📊",
        layout="wide",
        initial_sidebar_state="collapsed" if presenting else "auto",
    )
    style.apply()
    try:
        settings = data.settings()
        publishing.follow_published()  # published elsewhere since this process last looked: read afresh
    except MetricsError as exc:  # a wrong config.toml: say which key, show nothing else
        st.error(str(exc), icon=":material/error:")
        return False
    with st.sidebar:
        try:
            _adopt_council()
            if st.session_state.get(state.AREA_KEY) not in set(data.all_councils()["area_code"].to_list()):
                st.session_state[state.AREA_KEY] = settings.home_area
            current = st.session_state[state.AREA_KEY]
            st.html(
                council_links(
                    data.councils(),
                    current=current,
                    current_name=data.council_name(current),
                    keep=state.kept_view(),
                    page=state.current_page(),
                )
            )
        except MetricsError as exc:
            st.session_state[state.AREA_KEY] = settings.home_area
            st.error(str(exc), icon=":material/error:")
        try:
            name_shown = data.council_name(st.session_state[state.AREA_KEY])
        except MetricsError:  # said above; the tab still names the page
            name_shown = ""
        title(st.session_state.get(nav.PAGE_NAME_KEY) or "Overview", council=name_shown)
        identity.expire_old_sign_in()
        identity.sidebar_panel()
        if data.audience() == "public":
            st.caption(f"Public view: counts below {settings.suppression_threshold} are hidden.")
    identity.banner()  # the officer banner, above every page shown in the officer view
    return True


def guarded(body: Callable[[], None], *, presenting: bool = False) -> None:
    """Draw the frame, then the page body; a MetricsError becomes an error box naming the file."""
    if not frame(presenting=presenting):
        return
    notes = st.container()  # said above the page once the page has run: files set aside, a link's unusable values
    store = None
    try:
        store = data.store()
        store.value_files()  # checks each values file once per process; bad ones are set aside
        body()
    except MetricsError as exc:
        st.error(str(exc), icon=":material/error:")
    for path, why in list(store.rejected.items()) if store is not None else ():  # including any set aside this run
        earlier = store.served_instead.get(path) if store is not None else None
        if earlier:
            notes.warning(
                f"A data file failed its check, so {earlier} is shown in its place until the file is restored or "
                f"published again: {why}",
                icon=":material/report:",
            )
        else:
            notes.warning(f"A data file was set aside and is not shown: {why}", icon=":material/report:")
    said = state.rejected()
    if said:  # the link's own text is escaped, never read as markdown or HTML; the links are our own
        text = " ".join(sentence for sentence, _links in said)
        ending = "" if all(s.endswith("instead.") for s, _l in said) else " Showing the default view."
        links = "".join(
            f' <a href="{html.escape(href)}">{html.escape(label)}</a>' for _s, ls in said for label, href in ls
        )
        notes.html(f'<div class="notice" role="status">{html.escape(text, quote=False)}{ending}{links}</div>')


def domain_page(domain: str) -> None:
    """A domain page: title, then the drill-down panel for its indicators."""

    def body() -> None:
        name = data.council_name(state.area())
        st.title(f"{DOMAINS[domain]}: {name}")
        panel.indicator_panel(page=domain, domain=domain)
        if domain == "care_market":
            providers.section(state.area())

    guarded(body)
