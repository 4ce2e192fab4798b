"""Who is looking, worked out on the server on every run: the signed-in identity (Streamlit's st.user, from the
council's OpenID Connect provider), its role (metrics.core.access, from config.toml's [roles]) and what it may do.

Nothing from the URL or the browser raises a role: the role comes from the identity token's claims alone, and the
only choice a user makes here (an officer choosing to see the public view) can only lower it.
"""

from __future__ import annotations

import html
import time

import streamlit as st

from metrics.core.access import PUBLIC, Access, role_for
from views.resources import settings

REHEARSE_KEY = "identity.public_view"


#: Where a session keeps whether sign-in is set up: the secrets are read once per session, not on every call (a
#: page asks several times a run, and with no secrets file each ask looked for the file again).
CONFIGURED_KEY = "identity.sign_in_configured"


def sign_in_configured() -> bool:
    """Whether .streamlit/secrets.toml has an [auth] section: without one the app is public and read-only."""
    known = st.session_state.get(CONFIGURED_KEY)
    if known is None:
        try:
            known = "auth" in st.secrets
        except Exception:  # no secrets file at all
            known = False
        st.session_state[CONFIGURED_KEY] = known
    return bool(known)


def _claims() -> dict:
    if not sign_in_configured():
        return {}
    try:
        return st.user.to_dict()
    except Exception:  # st.user unavailable (no session)
        return {}


def access() -> Access:
    """This session's access, from the identity's claims and the [roles] rules; public when no one is signed in."""
    claims = _claims()
    if not claims.get("is_logged_in"):
        return Access()
    role = role_for(claims=claims, rules=settings().roles)
    rehearsing = role != PUBLIC and bool(st.session_state.get(REHEARSE_KEY))
    return Access(
        role=role,
        rehearsing_public=rehearsing,
        signed_in=True,
        name=str(claims.get("name") or "").strip()[:120],
        email=str(claims.get("email") or "").strip()[:200],
    )


def expire_old_sign_in() -> None:
    """End a sign-in older than config.toml's roles.session_hours (from the token's issue time), so a shared
    meeting-room machine does not stay signed in."""
    claims = _claims()
    issued = claims.get("iat")
    expired = isinstance(issued, (int, float)) and time.time() - issued > settings().roles.session_hours * 3600
    if claims.get("is_logged_in") and expired:
        st.logout()


def sidebar_panel() -> None:
    """Sign in or out, the role, and for an officer the switch to the public view; in the sidebar of every page."""
    if not sign_in_configured():
        # the setting that turns sign-in on is for whoever runs the server (README, docs/deploying.md), not the public
        st.caption("Public view, read-only.")
        return
    who = access()
    if not who.signed_in:
        st.button("Sign in", key="identity.login", on_click=st.login, icon=":material/login:")
        st.caption("Public view. Councillors and officers sign in with their council account.")
        return
    st.html(f'<p class="small">Signed in as <b>{html.escape(who.name or who.email)}</b> ({html.escape(who.role)})</p>')
    if who.role not in (PUBLIC, "councillor"):
        st.toggle(
            "Show the public view",
            key=REHEARSE_KEY,
            help="See exactly what a public meeting will see: small numbers hidden, no editing.",
        )
    st.button("Sign out", key="identity.logout", on_click=st.logout, icon=":material/logout:")


def banner() -> None:
    """The officer banner, on every page shown in the officer view."""
    words = access().banner
    if words:
        st.html(f'<div class="officer-banner" role="note"><b>{html.escape(words)}.</b></div>')
