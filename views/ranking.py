"""Where we sit: every council in rank order for one indicator and period."""

from __future__ import annotations

import html

import polars as pl
import streamlit as st

from metrics.core import formatting, registry
from metrics.figures import ranking_words
from views import data, downloads, funnel_chart, panel, state, svg_charts, tables

PAGE = "rank"
BARS, FUNNEL = "bars", "funnel"
CHART_NAMES = {BARS: "Ranked bars", FUNNEL: "Funnel plot"}
#: Why the page never reads a rank as a verdict (said under the ranked bars).
RANK_IS_NOT_A_VERDICT = (
    "Rank and quartile say where a figure sits in the league table, not whether it differs from England by more "
    "than chance: a small council's figure can move a quartile on a handful of people. They are never a verdict "
    "on their own; the verdicts on each page and the funnel plot judge the difference with confidence intervals."
)


def _first_ranked(area_code: str, comparable: list[str]) -> str:
    """The indicator the page opens on: the first whose latest comparable year ranks the council (a council with no
    figure there would open on a table without itself)."""
    held = set(data.indicators_with_values(area_code))
    for indicator_id in (i for i in comparable if i in held):
        latest = data.comparable_periods(indicator_id).sort("period_end", descending=True).row(0, named=True)
        table = data.ranking(indicator_id, latest["period_label"], latest["period_type"])
        if table.filter(pl.col("area_code") == area_code)["value"].is_not_null().any():
            return indicator_id
    return comparable[0]


def render() -> None:
    area_code = state.area()
    name = data.council_name(area_code)
    st.title(f"Where {name} sits among all councils")
    comparable = [i.id for i in registry.INDICATORS if data.comparable_periods(i.id).height]
    state.adopt("indicator", f"{PAGE}.indicator", comparable)
    if st.session_state.get(f"{PAGE}.indicator") not in comparable:
        st.session_state[f"{PAGE}.indicator"] = _first_ranked(area_code, comparable)
    c1, c2, c3 = st.columns([2.8, 1.1, 3.1], vertical_alignment="bottom")
    with c1:
        indicator_id = st.selectbox(
            "Indicator", comparable, key=f"{PAGE}.indicator", format_func=lambda i: registry.get(i).label
        )
    ind = registry.get(indicator_id)
    periods = data.comparable_periods(indicator_id).sort("period_end", descending=True)
    labels = periods["period_label"].to_list()
    state.adopt("period", f"{PAGE}.period", labels)
    with c2:
        label = st.selectbox("Year", labels, key=f"{PAGE}.period")
    ptype = periods.filter(pl.col("period_label") == label)["period_type"][0]
    no_funnel = data.funnel_unavailable(indicator_id, label, ptype)
    charts = [BARS] if no_funnel else [BARS, FUNNEL]
    state.adopt("chart", f"{PAGE}.chart", charts)
    if st.session_state.get(f"{PAGE}.chart") not in charts:
        st.session_state[f"{PAGE}.chart"] = BARS
    with c3:
        chart = st.radio("Chart", charts, key=f"{PAGE}.chart", horizontal=True, format_func=CHART_NAMES.get)
    state.publish(
        {"area": area_code, "indicator": indicator_id, "period": label, "chart": chart if chart != BARS else None}
    )
    table = data.ranking(indicator_id, label, ptype)
    if table["definition"].drop_nulls().len():  # the definition's name is data: shown as text, never markdown
        st.html(
            f'<div class="notice" role="status"><b>{html.escape(label, quote=False)}: new definition '
            f"({html.escape(table['definition'].drop_nulls()[0], quote=False)}).</b> These figures are not "
            "comparable with earlier years.</div>"
        )
    if chart == FUNNEL:
        _funnel(area_code=area_code, name=name, ind=ind, label=label, ptype=ptype)
        return

    mine = table.filter(pl.col("area_code") == area_code)
    if mine.height:
        st.markdown(
            f"**{name}: {formatting.value(ind, mine['value'][0])}, rank {mine['rank'][0]} of {table.height} "
            f"councils in {label}.**"
        )
    else:
        st.info(f"{name} has no published value for {label}; every other council is shown.")
    lines = {}
    for kind in ("england", "region"):  # the lines drawn across the ranking, where the data has them
        rows = data.comparator_frame(indicator_id, area_code).filter(
            (pl.col("period_label") == label) & pl.col("breakdown_dim").is_null() & (pl.col("comparator_kind") == kind)
        )
        if rows.height:
            lines[rows["comparator"][0]] = rows["value"][0]
    st.markdown(
        panel.chart_box(
            svg_charts.ranked(
                table,
                ind=ind,
                ours=area_code,
                neighbours=data.neighbours(area_code),
                lines=lines,
                description=ranking_words.describe(
                    table,
                    indicator=ind,
                    area_code=area_code,
                    area_name=name,
                    period_label=label,
                    neighbours=data.neighbours(area_code),
                    lines=lines,
                ),
            ),
            label=f"Chart: {ind.title}, every council in rank order",
        ),
        unsafe_allow_html=True,
    )
    st.caption(
        "Hover over a bar for the council and its figure; the data table below lists every council.  \n"
        + RANK_IS_NOT_A_VERDICT
        + (f"  \n{no_funnel}" if no_funnel else "")
    )
    # below the chart, so the chart is on screen at 1280x720
    st.markdown(
        f"{ind.definition}  \n**Source:** {ind.source}"
        + (f" ({ind.national_ref})" if ind.national_ref else "")
        + f" · **Good direction:** {ind.direction}"
    )
    export = table.select("rank", "area_name", "area_code", "value", "quartile", "source", "note").with_columns(
        pl.lit(ind.id).alias("indicator_id"),
        pl.lit(label).alias("period"),
        pl.col("area_code").is_in(data.neighbours(area_code)).alias("nearest_neighbour"),
    )
    downloads.csv_button(
        "Download the ranking (CSV)",
        lambda: export,
        name=downloads.file_name("ranking", ind.id, label),
        key=f"{PAGE}.csv",
    )
    box = tables.on_request("Data table: every council in rank order", key=f"{PAGE}.table")
    if box is None:
        return
    with box:
        shown = export.select("rank", "area_name", "value", "quartile", "nearest_neighbour").with_columns(
            pl.col("value").map_elements(lambda v: formatting.value(ind, v), return_dtype=pl.String)
        )
        st.html(
            tables.html_table(
                shown.rename(
                    {
                        "rank": "Rank",
                        "area_name": "Council",
                        "value": "Value",
                        "quartile": "Quartile (1 = best)",
                        "nearest_neighbour": "Nearest neighbour",
                    }
                )
            )
        )


def _funnel(*, area_code: str, name: str, ind: registry.Indicator, label: str, ptype: str) -> None:
    """The funnel plot, the sentence naming the councils outside its 99.8% limits, its caveats, table and CSV."""
    funnel = data.funnel(indicator_id=ind.id, area_code=area_code, period_label=label, period_type=ptype)
    st.markdown(
        panel.chart_box(
            funnel_chart.draw(funnel, area_name=name), label=f"Chart: {ind.title}, funnel plot of every council"
        ),
        unsafe_allow_html=True,
    )
    st.html(f"<p><b>{html.escape(funnel.sentence(area_name=name))}</b></p>")
    notes = [
        f"Each point is a council: its figure against its denominator. Inside the 95% limits a difference from "
        f"England is within what chance gives 19 times in 20; outside the 99.8% limits, chance would give it "
        f"about 1 time in 500. Limits: {funnel.method}."
    ]
    if funnel.survey:
        notes.append(
            "This is a weighted survey measure: its limits are drawn from the number of respondents, so they "
            "are approximate. The verdict on the indicator's page uses the survey's published margin of "
            "error instead."
        )
    if funnel.over_dispersed:
        notes.append(
            f"Councils vary more than chance allows on this measure (over-dispersion): by chance-only limits "
            f"{funnel.outside_by_chance()} of {funnel.councils.height} councils would be outside the 95% limits. "
            "The limits drawn are widened for the councils' own spread (Spiegelhalter 2005), so a council outside "
            "them differs more than councils usually do."
        )
    else:
        notes.append("Councils vary about as chance would on this measure: the limits are chance-only.")
    st.caption("  \n".join(notes))
    st.markdown(
        f"{ind.definition}  \n**Source:** {ind.source}"
        + (f" ({ind.national_ref})" if ind.national_ref else "")
        + f" · **Good direction:** {ind.direction}"
    )
    export = funnel.councils.select(
        "area_name",
        "area_code",
        "value",
        "numerator",
        "denominator",
        "lower_95",
        "upper_95",
        "lower_998",
        "upper_998",
        "position",
        "group",
        "source",
    ).with_columns(
        pl.lit(ind.id).alias("indicator_id"),
        pl.lit(label).alias("period"),
        pl.lit(funnel.centre).alias("england_centre"),
        pl.lit(funnel.method).alias("method"),
    )
    downloads.csv_button(
        "Download the funnel plot's data (CSV)",
        lambda: export,
        name=downloads.file_name("funnel", ind.id, label),
        key=f"{PAGE}.funnelcsv",
    )
    box = tables.on_request("Data table: every council in the funnel plot", key=f"{PAGE}.funneltable")
    if box is None:
        return
    with box:
        shown = export.sort("value", descending=ind.direction != registry.LOWER).select(
            pl.col("area_name").alias("Council"),
            pl.col("value").map_elements(lambda v: formatting.value(ind, v), return_dtype=pl.String).alias("Value"),
            pl.col("denominator").map_elements(lambda v: f"{v:,.0f}", return_dtype=pl.String).alias("Denominator"),
            pl.col("position").alias("Position"),
            pl.col("group")
            .replace({"ours": "this council", "neighbour": "nearest neighbour", "other": ""})
            .alias("Group"),
        )
        st.html(tables.html_table(shown))
