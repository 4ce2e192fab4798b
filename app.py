"""The picture frame: the pages and their navigation.

    streamlit run app.py

Each page draws the shared frame itself (views.page.frame: page settings,
styling, the council switcher), so a page also works when it is run on its
own, as the app tests do (AppTest.from_file on one file of app_pages/). The
folder is not called pages/: that name switches on Streamlit's legacy
multipage mode beside st.navigation.
"""

from __future__ import annotations

import contextlib

import streamlit as st

from metrics.core.errors import MetricsError
from metrics.core.registry import DOMAINS
from views.nav import DOMAIN_ICONS, DOMAIN_PAGES, PAGE_NAME_KEY

pages = {
    "": [
        st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("app_pages/councils.py", title="Choose a council", icon=":material/search:"),
    ],
    "Service areas": [st.Page(DOMAIN_PAGES[d], title=title, icon=DOMAIN_ICONS[d]) for d, title in DOMAINS.items()],
    "Meeting": [
        st.Page("app_pages/meeting.py", title="Meeting pack", icon=":material/list_alt:"),
        st.Page("app_pages/present.py", title="Present", icon=":material/slideshow:"),
    ],
    "Compare and follow up": [
        st.Page("app_pages/where_we_sit.py", title="Where we sit", icon=":material/leaderboard:"),
        st.Page("app_pages/since_last_meeting.py", title="Since last meeting", icon=":material/update:"),
    ],
    "About": [
        st.Page("app_pages/about.py", title="About the data", icon=":material/info:"),
        st.Page("app_pages/accessibility.py", title="Accessibility", icon=":material/accessible:"),
    ],
}
# One flat list, in the order above: Streamlit draws section headings inside the list (<ul><div><header>), which
# screen readers cannot read as a list (axe: list, listitem). Expanded: every page stays listed, so an officer can
# jump straight to the one a member asks about.
# The Update data page is listed only for a signed-in admin. It is always registered (hidden from everyone else),
# so its address opens the page itself, which refuses anyone but an admin in words, never a silent Overview.
try:
    from views import identity

    admin = identity.access().loads_data
except MetricsError:  # settings that do not load: the page that shows the error is enough
    admin = False
pages["About"].append(
    st.Page(
        "app_pages/update.py",
        title="Update data",
        icon=":material/upload_file:",
        visibility="visible" if admin else "hidden",
    )
)
current = st.navigation([page for section in pages.values() for page in section], expanded=True)
# the page's name for the browser tab (views.page.frame); a bare run outside a Streamlit server, as when a test's
# child process re-imports this script, has no page and so no title
with contextlib.suppress(AttributeError):
    st.session_state[PAGE_NAME_KEY] = current.title
current.run()
