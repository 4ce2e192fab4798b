"""The picture frame: the pages and their navigation.

    streamlit run app.py

Each page draws the shared frame itself (views.page.frame: page settings,
styling, the council switcher), so a page also works when Streamlit runs it
directly, as its test harness does for apps with a pages/ folder.
"""
from __future__ import annotations

import streamlit as st

from metrics.registry import DOMAINS
from views.nav import DOMAIN_ICONS, DOMAIN_PAGES

pages = [st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True)]
pages += [st.Page(DOMAIN_PAGES[d], title=title, icon=DOMAIN_ICONS[d]) for d, title in DOMAINS.items()]
pages += [st.Page("pages/where_we_sit.py", title="Where we sit", icon=":material/leaderboard:"),
          st.Page("pages/about.py", title="About the data", icon=":material/info:")]
st.navigation(pages).run()
