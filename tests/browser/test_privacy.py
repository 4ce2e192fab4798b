"""Private by default: no page asks anything of a third party. A real browser opens every page, and a drill-down,
and records every request it makes: each must go to the app's own address (or be data the page made itself)."""

from __future__ import annotations

from urllib.parse import urlparse

from tests.app.conftest import PAGES
from tests.browser.driver import settle
from views import privacy


def _foreign(requests: list[str], *, server: str) -> list[str]:
    """The requests that left the app's own origin (data: and blob: addresses are made in the page)."""
    home = urlparse(server)
    out = []
    for url in requests:
        parts = urlparse(url)
        if parts.scheme in ("data", "blob", "about"):
            continue
        if (parts.scheme, parts.hostname, parts.port) != (home.scheme, home.hostname, home.port):
            out.append(url)
    return out


def test_no_page_sends_a_request_to_anyone_but_the_app(server, tab):
    seen: list[str] = []
    tab.on("request", lambda request: seen.append(request.url))
    tab.goto(server + "/")
    settle(tab)
    links = tab.eval_on_selector_all("[data-testid='stSidebarNavLink']", "els => els.map(e => e.href)")
    assert len(links) == len(PAGES)
    for href in links:
        tab.goto(href)
        settle(tab)
    tab.goto(server + "/reviews?area=E06000016&indicator=reviews_overdue_24m&spc=1")
    settle(tab)
    assert len(seen) > len(links)  # the recorder saw the pages load
    assert _foreign(seen, server=server) == []
    # every cookie and storage key the pages set is named on the privacy page
    named = {name for name, *_ in privacy.COOKIES}
    assert {c["name"] for c in tab.context.cookies()} <= named
    prefixes = [p.strip() for key, _ in privacy.STORAGE for p in key.split(",")]
    kept = tab.evaluate("() => Object.keys(localStorage)")
    assert kept and all(any(k.startswith(p) for p in prefixes) for k in kept), kept
    assert "ascSignInReturn" in prefixes  # set in the tab's session storage on pressing Sign in (views/style.py)
    in_tab = tab.evaluate("() => Object.keys(sessionStorage)")
    assert all(any(k.startswith(p) for p in prefixes) for k in in_tab), in_tab


def test_the_recorder_would_see_a_third_party_request():
    # what the test above relies on: a font from Google's servers is foreign, the app's own files are not
    server = "http://127.0.0.1:8501"
    assert _foreign(
        [
            "http://127.0.0.1:8501/static/media/font.woff2",
            "data:image/svg+xml,<svg/>",
            "https://fonts.gstatic.com/s/i/short-term/release/materialsymbolsrounded/dashboard/default/24px.svg",
            "http://127.0.0.1:9999/other",
        ],
        server=server,
    ) == [
        "https://fonts.gstatic.com/s/i/short-term/release/materialsymbolsrounded/dashboard/default/24px.svg",
        "http://127.0.0.1:9999/other",
    ]
