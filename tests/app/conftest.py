"""AppTest helpers: run the real app on the bundled data, or on a copy we can break."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import polars as pl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from views import tables

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = [
    "app_pages/overview.py",
    "app_pages/demand.py",
    "app_pages/reviews.py",
    "app_pages/reablement.py",
    "app_pages/long_term_support.py",
    "app_pages/care_market.py",
    "app_pages/workforce.py",
    "app_pages/safeguarding.py",
    "app_pages/complaints.py",
    "app_pages/outcomes.py",
    "app_pages/where_we_sit.py",
    "app_pages/since_last_meeting.py",
    "app_pages/meeting.py",
    "app_pages/present.py",
    "app_pages/about.py",
    "app_pages/councils.py",
    "app_pages/accessibility.py",
    "app_pages/privacy.py",
]


@pytest.fixture(autouse=True)
def project_config(monkeypatch):
    """Each test runs on the project's own config (a fixture below may point elsewhere, and clears the caches)."""
    monkeypatch.delenv("SCRUTINY_CONFIG", raising=False)


def clear_caches() -> None:
    """Empty every Streamlit cache of this process: the settings, the store and every figure built from them.

    Only a test that changes what the caches were filled from (another config, a data folder it damages) needs
    this; every other test shares the warm caches, as the sessions of one server do.
    """
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def fresh_caches():
    """Empty caches before the test and after it, so nothing it built reaches the next test."""
    clear_caches()
    yield
    clear_caches()


#: An [auth] section as .streamlit/secrets.toml would hold it (sign-in set up); the provider is never called in app
#: tests: the identity arrives as AppTest.user, the claims Streamlit would take from the provider's ID token.
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "x" * 32,
    "client_id": "test",
    "client_secret": "test",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}
OFFICER = {
    "is_logged_in": True,
    "name": "Ann Officer",
    "email": "ann.officer@leicester.gov.uk",
    "groups": ["asc-performance-team"],
}
COUNCILLOR = {
    "is_logged_in": True,
    "name": "Cllr Cole",
    "email": "cole@leicester.gov.uk",
    "groups": ["asc-scrutiny-members"],
}
RESIDENT = {"is_logged_in": True, "name": "Rita Resident", "email": "rita@example.com", "groups": []}


def _app(user: dict | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if user is not None:
        at.secrets["auth"] = AUTH
        at.user = user
    return at


def open_page(page: str, *, user: dict | None = None, **params: str) -> AppTest:
    """Open ``page`` with the given URL parameters as a copied link does: one run of app.py, whose navigation
    opens that page first. With ``user``, sign-in is set up and that identity is signed in."""
    at = _app(user)
    for key, value in params.items():
        at.query_params[key] = value
    if page != "app_pages/overview.py":
        at.switch_page(page)
    return at.run()


def open_page_from_overview(page: str, *, user: dict | None = None, **params: str) -> AppTest:
    """Open the Overview first, then move to ``page`` with the URL parameters: a visit that starts at the front
    door and keeps its session state across the switch (slower; a few tests do it on purpose)."""
    at = _app(user)
    at.run()
    for key, value in params.items():
        at.query_params[key] = value
    if page != "app_pages/overview.py":
        at.switch_page(page)
    return at.run()


def blocks_of(at: AppTest) -> list[str]:
    """The text of every markdown and HTML block on the page (views draw HTML with st.html)."""
    return [m.value for m in at.markdown] + [h.value for h in at.get("html")]


def text_of(at: AppTest) -> str:
    parts = blocks_of(at) + [t.value for t in at.title] + [h.value for h in at.header] + [h.value for h in at.subheader]
    parts += [i.value for i in at.info] + [w.value for w in at.warning] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def broken_copy(tmp_path, monkeypatch):
    """A copy of the data folder and a config pointing at it; returns the copy's path."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".versions"))
    config = tmp_path / "config.toml"
    config.write_text((ROOT / "config.toml").read_text().replace('data_dir = "data"', f'data_dir = "{data}"'))
    monkeypatch.setenv("SCRUTINY_CONFIG", str(config))
    clear_caches()
    yield data
    clear_caches()


@pytest.fixture
def scratch_config(tmp_path, monkeypatch) -> Iterator[Path]:
    """The project's config with the key-message store moved to a temporary file. Returns that file's path."""
    store = tmp_path / "key_messages.sqlite"
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = text.replace('data_dir = "data"', f'data_dir = "{ROOT / "data"}"')
    text = text.replace('commentary_store = "state/key_messages.sqlite"', f'commentary_store = "{store}"')
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    monkeypatch.setenv("SCRUTINY_CONFIG", str(config))
    clear_caches()
    yield store
    clear_caches()


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def open_tables(at: AppTest) -> AppTest:
    """Open every data-table expander (views.tables.on_request builds its table only once opened), and rerun."""
    for box in at.expander:
        if box.key and box.key.endswith(("table", "spctable")):
            at.session_state[box.key] = True
    return at.run()


def tables_of(at: AppTest) -> list[pl.DataFrame]:
    """Every HTML data table on the page (views.tables), as frames of strings with the header as columns."""
    out = []
    for block in blocks_of(at):
        if f'class="{tables.CLASS}' not in block:
            continue
        parser = _TableParser()
        parser.feed(block)
        header, *rows = parser.rows
        out.append(pl.DataFrame(rows, schema=header, orient="row"))
    return out


def breakdown_widget(at: AppTest, domain: str):
    """The page's "Show" choice: radio buttons for a few breakdowns, a select box for more."""
    key = f"{domain}.breakdown"
    for group in (at.radio, at.selectbox):
        hits = [w for w in group if w.key == key]
        if hits:
            return hits[0]
    raise KeyError(f"no breakdown choice {key!r} on the page")
