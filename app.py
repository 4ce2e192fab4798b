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
from views.nav import DOMAIN_PAGES, PAGE_NAME_KEY

# No page carries an icon: Streamlit makes a page's icon the browser tab's icon, and fetches a Material icon for it
# from fonts.gstatic.com, which would send every visitor's address to a third party on every page. The tab keeps
# the app's own icon (views.page.frame); icons inside pages come from the font Streamlit serves itself.
pages = {
    "": [
        st.Page("app_pages/overview.py", title="Overview", default=True),
        st.Page("app_pages/councils.py", title="Choose a council"),
    ],
    "Service areas": [st.Page(DOMAIN_PAGES[d], title=title) for d, title in DOMAINS.items()],
    "Meeting": [
        st.Page("app_pages/meeting.py", title="Meeting pack"),
        st.Page("app_pages/present.py", title="Present"),
    ],
    "Compare and follow up": [
        st.Page("app_pages/where_we_sit.py", title="Where we sit"),
        st.Page("app_pages/since_last_meeting.py", title="Since last meeting"),
    ],
    "About": [
        st.Page("app_pages/about.py", title="About the data"),
        st.Page("app_pages/accessibility.py", title="Accessibility"),
        st.Page("app_pages/privacy.py", title="Privacy and cookies"),
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
        visibility="visible" if admin else "hidden",
    )
)
current = st.navigation([page for section in pages.values() for page in section], expanded=True)
# the page's name for the browser tab (views.page.frame); a bare run outside a Streamlit server, as when a test's
# child process re-imports this script, has no page and so no title
with contextlib.suppress(AttributeError):
    st.session_state[PAGE_NAME_KEY] = current.title
current.run()
