"""Download buttons whose file is made when it is clicked.

Streamlit keeps a button's file in server memory between the run that drew
it and the click; under load a file could be gone by then (HTTP 404 on
/media/...). A callable is run on the click instead, so the file always
exists, and nothing is built for a button nobody presses. Every CSV goes
through metrics.figures.export, so no cell can run as a spreadsheet formula.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl
import streamlit as st

from metrics.figures.export import csv_bytes
from views import identity


def file_name(*parts: str, suffix: str = ".csv") -> str:
    """A download's name from its parts: letters, digits, '-', '_' and '.' only."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", "_".join(p for p in parts if p)).strip("_")[:150] + suffix


def csv_button(label: str, build: Callable[[], pl.DataFrame], *, name: str, key: str) -> None:
    """A CSV download whose rows are built (and made safe) at the click. Made in the officer view, every row carries
    the officer banner in a first column and the file's name says so: a copy forwarded on still says what it is."""
    banner = identity.access().banner
    if banner:
        name = name.removesuffix(".csv") + "_OFFICER_VIEW.csv"

    def made() -> bytes:
        frame = build()
        if banner:
            frame = frame.select(pl.lit(banner).alias("classification"), pl.all())
        return csv_bytes(frame)

    st.download_button(
        label, data=made, file_name=name, mime="text/csv", key=key, icon=":material/download:", on_click="ignore"
    )
