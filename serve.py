"""The server: Streamlit's own ASGI app for app.py, with a first page that says it is loading.

    streamlit run serve.py

scripts/app.sh runs this. `streamlit run app.py` serves the same app, without the loading notice that
views/first_byte.py puts in the page's first bytes.
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware

from views.first_byte import FirstByte

app = st.App("app.py", middleware=[Middleware(FirstByte)])
