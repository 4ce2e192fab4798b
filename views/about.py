"""About the data: every indicator's definition and coverage, and every dataset's provenance."""

from __future__ import annotations

import html

import polars as pl
import streamlit as st

from metrics.analysis import comparators
from metrics.analysis.statistics import methods
from views import data, downloads, state, tables


def catalogue_list(table: pl.DataFrame) -> str:
    """Every indicator as a short entry: title, domain, unit, direction, definition, source, periods, last update."""
    entries = []
    for row in table.iter_rows(named=True):
        demo = " · includes demonstration data" if row["Includes demonstration data"] else ""
        entries.append(
            f'<div class="catalogue-entry" data-id="{html.escape(row["Id"])}"><b>{html.escape(row["Indicator"])}</b> '
            f'<span class="small">· {html.escape(row["Domain"])} · unit: {html.escape(row["Unit"])} · good direction: '
            f"{html.escape(row['Good direction'])}{demo}</span><br>{html.escape(row['Definition'])}<br>"
            f'<span class="small">Source: {html.escape(row["Source"])} · Periods: '
            f"{html.escape(row['Periods available'] or 'none yet')} · Last updated: "
            f"{html.escape((row['Last updated'] or '')[:10])}</span></div>"
        )
    return f"{tables.scroll_box(label='Indicator definitions', kind='catalogue')}{''.join(entries)}</div>"


def datasets_list(datasets: pl.DataFrame) -> str:
    """Every published dataset: file, rows, when published, whether it is served, and the sources of its rows."""
    entries = []
    for row in datasets.iter_rows(named=True):
        state_words = "served" if row["served"] else f"set aside: {row['problem']}"
        rows = f"{row['rows']:,} rows" if row["rows"] is not None else "rows unknown"
        entries.append(
            f'<div class="catalogue-entry" data-id="{html.escape(row["dataset"])}"><b>{html.escape(row["dataset"])}'
            f'</b> <span class="small">· {html.escape(row["file"] or "")} · {rows} · published '
            f"{html.escape((row['published_at'] or 'not recorded')[:10])} · {html.escape(state_words)}</span><br>"
            f'<span class="small">Sources: {html.escape(row["sources"] or "none")}</span></div>'
        )
    return f"{tables.scroll_box(label='Published datasets', kind='catalogue')}{''.join(entries)}</div>"


def render() -> None:
    st.title("About the data")
    state.publish({"area": state.area()})
    st.markdown(
        "Every indicator the dashboard can show: what it means, which way is good, where it comes from "
        "and which periods are available. The same definitions feed the charts and the CSV downloads."
    )
    table = data.catalogue()
    downloads.csv_button(
        "Download the indicator definitions (CSV)", lambda: table, name="indicator_definitions.csv", key="about.csv"
    )
    # A list, not a grid: readable in a narrow column and on a projector, and no data-grid component to load
    # (about 0.2 s of browser time per page load, bench/page_bench.py). The CSV above has every column.
    st.html(catalogue_list(table))

    st.header("Datasets and provenance", divider="gray")
    store = data.store()
    datasets = data.dataset_catalogue()
    st.html(datasets_list(datasets))
    st.markdown(
        "- **Published figures** are transcribed exactly from the source documents; each row names its file and "
        "section. A figure given only in words is kept as words, never turned into a number.\n"
        "- **What each figure is** is one field on every row: *published* (a publisher's figure, its source the "
        "publication and section), *computed* from the council's own records (a Client Level Data extract), or "
        "*demonstration*. Demonstration data fills only what nothing publishes: Leicester's drill-downs by month, "
        "team, locality and age band, computed from synthetic records (`seed/synthetic_cld.py`) or split from "
        "published totals (`seed/demonstration.py`). A published figure is always shown as published; the "
        "demonstration is drawn hollow, and every chart, table, CSV and slide that uses it says so.\n"
        "- **Areas and regions**: ONS codes from the NHS Digital ASCOF open-data code list (OGL v3.0); council "
        "names and types from **mySociety, UK local authority names and codes (CC-BY-4.0)**.\n"
        "- **National benchmarks**: DHSC ASCOF time series 2015-16 to 2024-25 and NHS Digital ASCOF open data "
        "(OGL v3.0); Oflog workforce turnover; CQC care directory with ratings; ONS mid-2020 population "
        "estimates. Published markers ([x] not available, [c] suppressed, [z] not applicable) are kept as "
        "missing values with the reason, never as zeros.\n"
        "- **Nearest neighbours (Oflog list)**: Oflog's adult social care nearest-neighbour lists (OGL v3.0). "
        "The model behind the list is not stated, so it is not called CIPFA. Where a document quotes a CIPFA "
        "nearest-neighbour average, it is shown as that published figure.\n"
        "- **Disclosure control**: in public views, counts from 1 to "
        f"{data.settings().suppression_threshold - 1} are hidden, as are percentages and rates on fewer people "
        "than that, and a rate per 100,000 that stands for so few people; wherever figures add up to another (a "
        "breakdown to its total, months to their quarter and year), a second figure is hidden beside a hidden one, "
        "so that none can be worked out by subtraction."
    )
    quality = data.cld_quality()
    if quality.height:  # per field: how much of each CLD extract was empty or off its defined list
        st.header("Quality of CLD extracts", divider="gray", anchor="quality-of-cld-extracts")
        for dataset, part in quality.partition_by("dataset", as_dict=True).items():
            replaced = part["replaced_by_later_file"][0] if "replaced_by_later_file" in part.columns else 0
            st.markdown(
                f"**{html.escape(dataset[0])}**: {html.escape(part['source'][0])}. Events sent twice and "
                f"kept once: {part['duplicates_removed'][0]}. Events an earlier file sent for months a later file "
                f"covers, replaced by the later file: {replaced or 0}. Values off their defined list are kept as "
                "'Invalid and not mapped', as DHSC does; Release 1 names and values are read as their Release 2 "
                "equivalents, so a mapped column is never counted missing."
            )
            left_out = part["left_out"][0] if "left_out" in part.columns else None
            if left_out:  # figures the extract gave that no unit allows: a finding about the extract
                st.html(f'<div class="notice" role="status">{html.escape(left_out, quote=False)}</div>')
            st.html(
                tables.html_table(
                    part.select(
                        pl.col("field").alias("Field"),
                        (pl.col("status") if "status" in part.columns else pl.lit("")).alias("Status"),
                        pl.col("applies").alias("Rows it applies to"),
                        pl.col("missing_pct").alias("Missing (%)"),
                        pl.col("invalid_pct").alias("Invalid (%)"),
                    )
                )
            )
    st.header("How comparisons are judged", divider="gray", anchor="how-comparisons-are-judged")
    st.markdown(
        "A verdict against England, the region or the nearest neighbours is not a fixed margin. As on Fingertips, "
        "the council's 95% confidence interval is set against the comparator's value: outside it, the figure is "
        "**significantly better** or **significantly worse** (by the indicator's good direction); inside it, "
        "**similar**, because the gap could be chance. A figure with no interval is **not tested**. The method is "
        "named beside every verdict. Where we sit adds a funnel plot (95% and 99.8% limits around England, "
        "Spiegelhalter 2005) for percentages and rates; rank and quartile are never a verdict on their own."
    )
    st.html(
        tables.html_table(
            pl.DataFrame(list(methods.EXPLAINED), schema=["Figure", "Interval", "Reference"], orient="row")
        )
    )
    st.header("Loading a council's own figures", divider="gray", anchor="loading-a-council-s-own-figures")
    st.markdown(
        "National figures (ASCOF, Oflog, CQC) are here for every council. Figures only a council holds (contacts, "
        "reviews overdue, sickness by division, drill-down by team and month) come from its own export, loaded by "
        "an officer with one command, which checks every row and names any problem by line and column before "
        "anything is published:\n\n"
        "    python -m metrics.ingest values my_export.csv --dataset my_council\n\n"
        "The columns and rules are in `docs/data-contract.md` in the project."
    )
    groups = comparators.groups_for(store=store, area_code=state.area()).explode("members")
    if groups.height:
        st.subheader(f"Comparator groups for {data.council_name(state.area())}")
        names = dict(store.areas().select("area_code", "area_name").iter_rows())
        members = groups.with_columns(
            pl.col("members").replace_strict(names, default=pl.col("members")).alias("member")
        ).select(pl.col("group_name").alias("Group"), pl.col("members").alias("Code"), pl.col("member").alias("Member"))
        st.html(tables.html_table(members))
