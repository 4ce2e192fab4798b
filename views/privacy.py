"""The privacy notice and cookies page, in the GOV.UK model: who runs the dashboard, what it keeps about the people
who use it, every cookie and browser storage key it sets and why, and who to ask."""

from __future__ import annotations

import html

import polars as pl
import streamlit as st

from views import resources, state, tables

#: Every cookie the dashboard sets: (name, when, what for, how long). Checked in a real browser
#: (tests/browser/test_privacy.py): a cookie not listed here fails the test.
COOKIES: tuple[tuple[str, str, str, str], ...] = (
    (
        "_streamlit_xsrf",
        "Everyone",
        "Stops another website from sending forms or files to the dashboard in your name (cross-site request "
        "forgery protection). It holds a random token, nothing about you.",
        "Until you close the browser",
    ),
    (
        "_streamlit_user",
        "Councillors and officers who sign in",
        "Keeps you signed in: your name, e-mail address and groups as your council's sign-in service gave them, "
        "signed so that they cannot be changed.",
        "Until you sign out, close the browser, or the sign-in expires",
    ),
)

#: Every key the dashboard's pages keep in the browser's local or session storage: (key, what for). The names begin
#: as shown.
STORAGE: tuple[tuple[str, str], ...] = (
    ("stActiveTheme-", "The colours of the page you were on, so that the next visit does not flash another theme."),
    ("stSidebarSectionsState-", "Whether the menu's sections were open or closed."),
    ("sidebarNavState, sidebarWidth", "Whether the menu was open, and how wide, if you changed it."),
    (
        "ascSignInReturn",
        "Session storage, this tab only: the page you pressed Sign in on, so that you come back to it after signing "
        "in. Kept for ten minutes at most and removed once used.",
    ),
)


def render() -> None:
    state.publish({"area": state.area()})
    contact = resources.settings().contact
    st.title("Privacy and cookies")
    st.markdown(
        "This notice explains what the adult social care scrutiny dashboard keeps about the people who use it. "
        "It does not cover the care records behind the figures: the figures are counts and percentages for the "
        "whole council, and counts small enough to identify someone are hidden from the public."
    )
    st.header("Who runs the dashboard", divider="gray")
    st.markdown(
        f"The council runs it for its councillors, officers and the public. Questions about this notice go to "
        f"**{plain(contact.team)}**: e-mail {mail(contact.email)}, telephone {plain(contact.phone)}."
    )
    st.header("If you only read the dashboard", divider="gray")
    st.markdown(
        "You do not sign in and we do not ask who you are. The dashboard uses no analytics or advertising, and "
        "every page, font, script and picture comes from the dashboard's own address: your browser makes no "
        "request to anyone else while you use it. The server keeps the usual record of requests (your internet "
        "address, the time and the page) to keep the service secure and working, for no longer than the "
        "council's log retention period."
    )
    st.header("If you sign in", divider="gray")
    st.markdown(
        "Councillors and officers sign in with their council account. The dashboard receives your name, e-mail "
        "address and groups from the council's sign-in service, to decide what you may see and do. It keeps them "
        "only in the sign-in cookie below. When an officer writes or withdraws a key message or a note on a chart, "
        "or records a meeting, the dashboard keeps the author's name, e-mail address and the time with it, as the "
        "council's record of what was said and by whom. A note on a chart, once published, shows its writer's name "
        "(never the e-mail address) to everyone."
    )
    st.header("Cookies", divider="gray")
    st.markdown("The dashboard sets only the cookies it needs to work. You cannot turn them off and still use it.")
    cookies = pl.DataFrame(list(COOKIES), schema=["Name", "Set for", "Purpose", "Expires"], orient="row")
    st.html(tables.html_table(cookies, caption="Cookies the dashboard sets", widths={"Purpose": 50}))
    st.header("Storage in your browser", divider="gray")
    st.markdown(
        "The pages also keep these settings in your browser's local storage (and one, while you sign in, in the "
        "tab's session storage). They never leave your browser."
    )
    storage = pl.DataFrame(list(STORAGE), schema=["Key (begins)", "Purpose"], orient="row")
    st.html(tables.html_table(storage, caption="Browser storage the dashboard uses"))
    st.header("Your rights", divider="gray")
    st.markdown(
        f"You can ask what the council holds about you, and ask for it to be corrected or deleted: contact "
        f"**{plain(contact.team)}** ({mail(contact.email)}). If you are unhappy with the answer, you can complain "
        "to the [Information Commissioner's Office](https://ico.org.uk/make-a-complaint/)."
    )


def plain(text: str) -> str:
    """Settings text shown as markdown: escaped, and markdown's own characters made plain."""
    out = html.escape(text, quote=False)
    for ch in "\\`*_{}[]()#+-.!|":
        out = out.replace(ch, "\\" + ch)
    return out


def mail(address: str) -> str:
    return f"[{plain(address)}](mailto:{address})"
