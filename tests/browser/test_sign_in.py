"""Sign-in through a real OpenID Connect provider: oidc-provider-mock (PyPI), started here on a local port, with
`streamlit run serve.py` pointed at it through an [auth] secrets file. Chromium signs in as a resident, a councillor
and an officer (their claims set on the provider), and checks what each sees and may do; then signs out.
"""

from __future__ import annotations

import contextlib
import json
import re
import urllib.request

import pytest

from tests.browser.driver import ROOT, free_port, new_context, serving, settle

oidc_provider_mock = pytest.importorskip("oidc_provider_mock")
pytest.importorskip("authlib")  # st.login needs it (requirements.txt)

LEICESTER = "area=E06000016"
USERS = {
    "ann": {
        "email": "ann.officer@leicester.gov.uk",
        "email_verified": True,
        "name": "Ann Officer",
        "groups": ["asc-performance-team"],
    },
    "cole": {
        "email": "cole@leicester.gov.uk",
        "email_verified": True,
        "name": "Cllr Cole",
        "groups": ["asc-scrutiny-members"],
    },
    "rita": {"email": "rita@example.com", "email_verified": True, "name": "Rita Resident", "groups": []},
    "dee": {
        "email": "dee@leicester.gov.uk",
        "email_verified": True,
        "name": "Dee Admin",
        "groups": ["asc-data-admins"],
    },
}


@pytest.fixture(scope="module")
def provider():
    with oidc_provider_mock.run_server_in_thread() as server:
        base = f"http://localhost:{server.server_port}"
        for sub, claims in USERS.items():
            request = urllib.request.Request(
                f"{base}/users/{sub}",
                data=json.dumps(claims).encode(),
                method="PUT",
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=10) as r:
                assert r.status == 204
        yield base


@pytest.fixture(scope="module")
def app(provider, tmp_path_factory):
    """The app with sign-in set up against the provider, and a key-message store of its own."""
    port = free_port()
    folder = tmp_path_factory.mktemp("signin")
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{"s" * 40}"\n'
        'client_id = "scrutiny-dashboard"\nclient_secret = "test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        'client_kwargs = { scope = "openid profile email" }\n',
        encoding="utf-8",
    )
    config = folder / "config.toml"
    text = (
        (ROOT / "config.toml").read_text(encoding="utf-8").replace('data_dir = "data"', f'data_dir = "{ROOT / "data"}"')
    )
    config.write_text(
        text.replace('commentary_store = "state/key_messages.sqlite"', f'commentary_store = "{folder / "km.sqlite"}"'),
        encoding="utf-8",
    )
    # localhost, not 127.0.0.1: the sign-in cookie and the redirect address must name the same host
    with serving(port=port, host="localhost", config=config, args=("--secrets.files", str(secrets))) as base:
        yield base


@contextlib.contextmanager
def signed_in(browser, app, sub: str | None):
    """A fresh browser (no cookies) on the Reviews page, signed in as ``sub`` through the provider's own form."""
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{app}/reviews?{LEICESTER}&indicator=reviews_overdue_24m")
        settle(page)
        if sub is not None:
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_selector("input[name=sub]", timeout=30_000)  # the provider's authorization form
            page.fill("input[name=sub]", sub)
            page.get_by_role("button", name="Authorize").click()
            # back where they started (#27): the page and its query, not the Overview
            page.wait_for_url(re.compile(rf"/reviews\?{LEICESTER}&indicator=reviews_overdue_24m"), timeout=30_000)
            settle(page)
            assert page.evaluate("() => sessionStorage.getItem('ascSignInReturn')") is None  # used once, gone
        yield page
    finally:
        context.close()


def _text(page) -> str:
    return page.inner_text("[data-testid='stApp']")


def test_not_signed_in_is_the_public_view_with_no_editor(browser, app):
    with signed_in(browser, app, None) as page:
        assert page.get_by_role("button", name="Sign in").count() == 1
        assert "Officer view" not in _text(page)
        assert page.get_by_text("Write or change the key message", exact=True).count() == 0
        assert "Officers sign in to write or change the key message." in _text(page)


@pytest.mark.parametrize(("sub", "role"), [("rita", "public"), ("cole", "councillor")])
def test_a_resident_and_a_councillor_see_the_public_view_and_cannot_edit(browser, app, sub, role):
    with signed_in(browser, app, sub) as page:
        text = _text(page)
        assert f"Signed in as {USERS[sub]['name']} ({role})" in text
        assert "Officer view" not in text and "Public view: counts below 5 are hidden." in text
        assert page.get_by_text("Write or change the key message", exact=True).count() == 0
        assert page.get_by_text("Show the public view").count() == 0
        page.goto(f"{app}/reviews?{LEICESTER}&indicator=reviews_overdue_24m&km=1&role=officer&audience=officer")
        settle(page)  # nothing in the URL raises a role
        assert (
            "Officer view" not in _text(page)
            and page.get_by_text("Write or change the key message", exact=True).count() == 0
        )
        page.goto(f"{app}/complaints?{LEICESTER}&indicator=complaints_fully_upheld")  # counts of 1 to 4
        settle(page)
        assert "small number(s) hidden" in _text(page)
        page.goto(f"{app}/update?{LEICESTER}")  # the admins' page, by its address: refused in words
        settle(page)
        assert "Only a signed-in admin can load or restore data." in _text(page)
        assert page.locator("[data-testid='stFileUploader']").count() == 0
        assert page.locator("[data-testid='stSidebarNavLink']", has_text="Update data").count() == 0
        assert page.locator("[data-testid='stException']").count() == 0


def test_an_officer_writes_a_key_message_under_their_own_name_then_signs_out(browser, app):
    with signed_in(browser, app, "ann") as page:
        text = _text(page)
        assert "Signed in as Ann Officer (officer)" in text
        assert "Officer view: contains unsuppressed figures, not for publication." in text
        assert "Public view: counts below" not in text
        page.get_by_text("Write or change the key message", exact=True).click()
        settle(page)
        page.get_by_label("Key message: People not reviewed for 24 months or more, Jun 2023").fill(
            "Written by a signed-in officer. ![x](http://attacker.example/pixel.png) <b>not bold</b>"
        )
        # no meeting is recorded for Leicester in this store: the officer names it
        page.get_by_label("Reviewed at (meeting and date)").fill("Scrutiny Commission, 2 November 2023")
        page.get_by_role("button", name="Save key message").click()
        settle(page)
        # the save reruns the page: wait for the message itself, not for a run that may be the save's own
        message = page.locator(".key-message", has_text="Written by a signed-in officer").first
        message.wait_for(timeout=60_000)
        assert "![x](http://attacker.example/pixel.png) <b>not bold</b>" in message.inner_text()  # plain text
        assert message.locator("img, b:text('not bold')").count() == 0
        # under the officer's own name from the sign-in, never typed, and never with the e-mail address shown
        assert "Ann Officer, " in message.inner_text() and "ann.officer@" not in message.inner_text()
        page.goto(f"{app}/complaints?{LEICESTER}&indicator=complaints_fully_upheld")
        settle(page)
        assert "small number(s) hidden" not in _text(page)  # the officer sees the counts of 1 to 4
        page.goto(f"{app}/reviews?{LEICESTER}&indicator=reviews_overdue_24m")
        settle(page)
        page.get_by_text("Show the public view").click()  # rehearse what the meeting will see
        settle(page)
        assert "Officer view" not in _text(page) and "Public view: counts below 5 are hidden." in _text(page)
        assert page.get_by_text("Write or change the key message", exact=True).count() == 0
        page.get_by_text("Show the public view").click()
        settle(page)
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_timeout(1500)  # Streamlit ends the sign-in and reloads the app
        page.goto(f"{app}/reviews?{LEICESTER}&indicator=reviews_overdue_24m")
        settle(page)
        assert page.get_by_role("button", name="Sign in").count() == 1
        assert "Officer view" not in _text(page)
        assert "Written by a signed-in officer." not in _text(page)  # a draft: not for the public


def test_an_admin_finds_the_update_page_and_others_do_not(browser, app):
    with signed_in(browser, app, "dee") as page:
        assert page.locator("[data-testid='stSidebarNavLink']", has_text="Update data").count() == 1
        page.goto(f"{app}/update?{LEICESTER}")
        settle(page)
        assert page.locator("h1", has_text="Update data").count() == 1
        assert page.locator("[data-testid='stFileUploader']").count() == 2  # a values export, and CLD extracts
        assert page.get_by_text("The extracts (CSV or Parquet").count() == 1
    with signed_in(browser, app, "ann") as page:  # an officer: no link to it
        assert page.locator("[data-testid='stSidebarNavLink']", has_text="Update data").count() == 0
