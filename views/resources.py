"""The process's shared resources: the settings and the data store, each made once per process.

Apart from views.data so that views.identity (which needs the settings' role rules) and views.data (which needs the
session's audience from views.identity) do not import each other.
"""

from __future__ import annotations

import streamlit as st

from metrics.core.settings import Settings, load_settings
from metrics.storage.store import DataStore


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner=False)
def store() -> DataStore:
    """One DataStore per process: each table is read and checked once."""
    return DataStore(settings().data_dir)
