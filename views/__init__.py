"""The Streamlit side: cached access to metrics, URL state, charts and page parts.

Only this package and the pages import Streamlit; `metrics` never does.
"""
