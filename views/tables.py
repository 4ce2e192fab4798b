"""Data tables drawn as plain HTML: the chart's text alternative, without loading a grid component.

A page's data table sits under every chart; drawn with st.table it costs
about 130 ms of browser time on every page load (the Arrow table component),
measured with bench/page_bench.py. Plain HTML gives the same table, readable
by a screen reader, for nothing.
"""

from __future__ import annotations

import html

import polars as pl
import streamlit as st

from metrics.core import formatting, provenance
from metrics.figures import chart_data

#: Class on every table drawn here; tests find tables by it.
CLASS = "data-table"


def on_request(label: str, *, key: str):
    """An expander whose contents are built and sent only once someone opens it; None while it is closed.

    A closed expander's contents still reach the browser, and a breakdown by team over every month is
    thousands of cells to parse on each load. Opening it reruns the page (Streamlit's on_change="rerun"), and
    it stays open while the person moves between indicators.
    """
    box = st.expander(label, key=key, on_change="rerun")
    return box if box.open else None


def display_frame(table: chart_data.ChartTable) -> pl.DataFrame:
    """The chart table with formatted values and plain column names, as a person reads it."""
    ind = table.indicator

    def limits(lo: float | None, hi: float | None, method: str | None, kind: str) -> str:
        if kind != "ours":
            return ""
        return (
            f"{formatting.value(ind, lo)} to {formatting.value(ind, hi)} ({method})"
            if lo is not None
            else (method or "")
        )

    return (
        table.frame.with_columns(
            pl.col("value").map_elements(lambda v: formatting.value(ind, v), return_dtype=pl.String).alias("value"),
            pl.struct("lower", "upper", "interval_method", "kind")
            .map_elements(
                lambda r: limits(r["lower"], r["upper"], r["interval_method"], r["kind"]), return_dtype=pl.String
            )
            .alias("interval"),
            pl.when(pl.col("suppressed")).then(pl.lit("hidden: small number")).otherwise(pl.col("note")).alias("note"),
            pl.col("provenance").replace_strict(provenance.WORDS, default=pl.col("provenance")),
            pl.when(pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null() & ~pl.col("suppressed"))
            .then(
                pl.format(
                    "{} of {}",
                    pl.col("numerator").round(0).cast(pl.Int64),
                    pl.col("denominator").round(0).cast(pl.Int64),
                )
            )
            .alias("parts"),
        )
        .select(
            "series",
            "period_label",
            "breakdown_cat",
            "value",
            "parts",
            "interval",
            "status",
            "provenance",
            "citation",
            "alternatives",
            "note",
        )
        .rename(
            {
                "series": "Series",
                "period_label": "Period",
                "breakdown_cat": "Category",
                "value": "Value",
                "parts": "Of (numerator of denominator)",
                "interval": "95% confidence interval",
                "status": "Status",
                "provenance": "What it is",
                "citation": "Source",
                "alternatives": "Also published (not drawn)",
                "note": "Note",
            }
        )
    )


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return html.escape(str(value))


def html_table(
    frame: pl.DataFrame,
    *,
    caption: str = "",
    links: dict[str, str] | None = None,
    wide: bool = False,
    height_rem: int = 28,
    widths: dict[str, int] | None = None,
) -> str:
    """An HTML table of every row and column of ``frame``, with a header row and an optional caption.

    ``links`` maps a column to the column holding its address: that column's text becomes a link. A ``wide``
    table keeps readable columns and scrolls sideways inside its own box, never the page. ``widths`` gives
    columns their share of the width in percent, and long words then wrap inside their cells.
    """
    links = links or {}
    shown = [c for c in frame.columns if c not in links.values()]
    head = "".join(f'<th scope="col">{html.escape(c)}</th>' for c in shown)
    rows = []
    for row in frame.iter_rows(named=True):
        cells = []
        for c in shown:
            text = _cell(row[c])
            if c in links and row[links[c]]:
                text = f'<a href="{html.escape(str(row[links[c]]))}" target="_blank" rel="noopener">{text}</a>'
            cells.append(f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    body = "".join(rows)
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    if widths:
        cap += "<colgroup>" + "".join(f'<col style="width:{widths.get(c, 8)}%">' for c in shown) + "</colgroup>"
    classes = f"{CLASS} wide" if wide else f"{CLASS} fixed" if widths else CLASS
    return (
        f"{scroll_box(label=caption or 'Data table', style=f'max-height:{height_rem}rem')}"
        f'<table class="{classes}">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def scroll_box(*, label: str, style: str = "", kind: str = "table-wrap") -> str:
    """The opening tag of a box that scrolls on its own: the keyboard can reach it (tabindex) and a screen reader
    hears what it holds (a named region), so a long table never makes the page scroll sideways (WCAG 1.4.10, 2.1.1).
    Close it with </div>."""
    style_attr = f' style="{html.escape(style)}"' if style else ""
    return f'<div class="{kind}" tabindex="0" role="region" aria-label="{html.escape(label)}"{style_attr}>'
