"""Where we sit: every council in rank order for one indicator and period."""
from __future__ import annotations

import html

import polars as pl
import streamlit as st

from metrics import formatting, query, registry, schema
from views import data, downloads, panel, state, svg_charts, tables

PAGE = "rank"


def render() -> None:
    area_code = state.area()
    name = data.council_name(area_code)
    st.title(f"Where {name} sits among all councils")
    comparable = [i.id for i in registry.INDICATORS if data.comparable_periods(i.id).height]
    state.adopt("indicator", f"{PAGE}.indicator", comparable)
    c1, c2 = st.columns([3, 2])
    with c1:
        indicator_id = st.selectbox("Indicator", comparable, key=f"{PAGE}.indicator",
                                    format_func=lambda i: registry.get(i).title)
    ind = registry.get(indicator_id)
    periods = data.comparable_periods(indicator_id).sort("period_end", descending=True)
    labels = periods["period_label"].to_list()
    state.adopt("period", f"{PAGE}.period", labels)
    with c2:
        label = st.selectbox("Year", labels, key=f"{PAGE}.period")
    ptype = periods.filter(pl.col("period_label") == label)["period_type"][0]
    state.publish({"area": area_code, "indicator": indicator_id, "period": label})

    table = data.ranking(indicator_id, label, ptype)
    if table["definition"].drop_nulls().len():  # the definition's name is data: shown as text, never markdown
        st.html(f'<div class="notice" role="status"><b>{html.escape(label, quote=False)}: new definition '
                f'({html.escape(table["definition"].drop_nulls()[0], quote=False)}).</b> These figures are not '
                'comparable with earlier years.</div>')
    mine = table.filter(pl.col("area_code") == area_code)
    if mine.height:
        st.markdown(f"**{name}: {formatting.value(ind, mine['value'][0])}, rank {mine['rank'][0]} of {table.height} "
                    f"councils in {label}.**")
    else:
        st.info(f"{name} has no published value for {label}; every other council is shown.")
    lines = {}
    for code, title in ((schema.ENGLAND, "England"), (query.area_row(store=data.store(), area_code=area_code)
                                                       .get("region_code"), None)):
        if code is None:
            continue
        rows = data.comparator_frame(indicator_id, area_code).filter(
            (pl.col("period_label") == label) & pl.col("breakdown_dim").is_null()
            & (pl.col("comparator_kind") == ("england" if title else "region")))
        if rows.height:
            lines[rows["comparator"][0]] = rows["value"][0]
    st.markdown(panel.chart_box(svg_charts.ranked(table, ind=ind, ours=area_code, neighbours=data.neighbours(area_code),
                                                  lines=lines), label=f"Chart: {ind.title}, every council in rank order"),
                unsafe_allow_html=True)
    st.caption("Hover over a bar for the council and its figure; the data table below lists every council.")
    # below the chart, so the chart is on screen at 1280x720
    st.markdown(f"{ind.definition}  \n**Source:** {ind.source}"
                + (f" ({ind.national_ref})" if ind.national_ref else "") + f" · **Good direction:** {ind.direction}")
    export = table.select("rank", "area_name", "area_code", "value", "quartile", "source", "note").with_columns(
        pl.lit(ind.id).alias("indicator_id"), pl.lit(label).alias("period"),
        pl.col("area_code").is_in(data.neighbours(area_code)).alias("nearest_neighbour"))
    downloads.csv_button("Download the ranking (CSV)", lambda: export, name=downloads.file_name("ranking", ind.id, label),
                         key=f"{PAGE}.csv")
    box = tables.on_request("Data table: every council in rank order", key=f"{PAGE}.table")
    if box is None:
        return
    with box:
        shown = export.select("rank", "area_name", "value", "quartile", "nearest_neighbour").with_columns(
            pl.col("value").map_elements(lambda v: formatting.value(ind, v), return_dtype=pl.String))
        st.html(tables.html_table(shown.rename(
            {"rank": "Rank", "area_name": "Council", "value": "Value", "quartile": "Quartile (1 = best)",
             "nearest_neighbour": "Nearest neighbour"})))
