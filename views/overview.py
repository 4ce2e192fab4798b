"""The Overview: one tile per headline indicator, grouped by domain."""
from __future__ import annotations

import html

import polars as pl
import streamlit as st

from metrics import comparators, formatting, query, registry
from views import charts, data, state, style, tables
from views.nav import DOMAIN_PAGES

PER_ROW = 3


def _breakdown_lines(ind: registry.Indicator, area_code: str) -> str:
    """For an indicator published only by breakdown (e.g. by division): the latest value of each category."""
    dims = data.breakdowns(ind.id, area_code)
    if not dims:
        return ""
    table = data.chart_table(ind.id, area_code, dims[0], "one period", None, None)
    ours = table.drawn.filter(pl.col("kind") == "ours").sort("value", descending=True).head(4)
    if ours.height == 0:
        return ""
    rows = "".join(f'<div class="verdict">{html.escape(c)}: <b>{formatting.value(ind, v)}</b></div>'
                   for c, v in ours.select("breakdown_cat", "value").iter_rows())
    badge = f" {style.demo_badge()}" if ours["demonstration"].any() else ""
    return f'<div class="small">By {html.escape(dims[0])}, {html.escape(table.period_label or "")}</div>{rows}{badge}'


def _headline_comparators(found: list[tuple[str, float, str]]) -> list[tuple[str, float, str]]:
    """For a tile: England and the nearest-neighbour mean (or, failing that, the region); the chart has the rest."""
    england = [c for c in found if c[0] == "England"]
    others = [c for c in found if c[0] != "England"]
    neighbours = [c for c in others if c[0].endswith(": mean") or "average" in c[0]]
    return (england + (neighbours or others))[:2]


def tile(ind: registry.Indicator, area_code: str) -> None:
    with st.container(border=True):
        st.markdown(f'<div class="kicker">{html.escape(ind.domain_title)}</div>'
                    f'<div class="tile-title">{html.escape(ind.title)}</div>', unsafe_allow_html=True)
        frame = data.headline(ind.id, area_code)
        latest = query.latest(frame)
        if latest is None:
            words = frame.filter(pl.col("note").is_not_null()).sort("period_end")
            said = (f'<div class="small">In words, {html.escape(words["period_label"][-1])}</div>'
                    f'<div class="verdict">{html.escape(words["note"][-1])}</div>') if words.height else ""
            st.markdown(_breakdown_lines(ind, area_code) or said or "No figures published yet.",
                        unsafe_allow_html=True)
        else:
            badge = f" {style.demo_badge()}" if latest.current.is_demonstration else ""
            parts = [f'<div class="big-number">{style.big_number(ind, latest)}</div><div class="small">{html.escape(latest.current.label)}{badge}</div>']
            for other, delta in ((latest.previous, latest.change_previous), (latest.year_ago, latest.change_year)):
                if other is not None and delta is not None and other.label not in "".join(parts):
                    words = formatting.change_words(ind, delta=delta, since=other.label,
                                                    demonstration=other.is_demonstration)
                    parts.append(f'<div class="verdict">{html.escape(words)}</div>')
            if latest.current.value is not None:
                comps = data.comparator_frame(ind.id, area_code)
                for name, value, verdict in _headline_comparators(comparators.position(
                        indicator=ind, comparators=comps, ours=latest.current.value,
                        period_label=latest.current.label, period_type=latest.period_type)):
                    words = formatting.verdict_words(ind, name=name, figure=value, verdict=verdict)
                    parts.append(f'<div class="verdict">{html.escape(words)}</div>')
                where = data.position(ind.id, area_code, latest.current.label, latest.period_type)
                if where is not None:
                    parts.append(f'<div class="verdict">{html.escape(where.short(ind))} among councils</div>')
            if latest.statement:
                said = ("New definition: not comparable with earlier years" if query.BREAK in latest.statement
                        else latest.statement)
                parts.append(f'<div class="small"><i>{html.escape(said)}</i></div>')
            st.markdown("".join(parts), unsafe_allow_html=True)
            same = frame.filter(pl.col("period_type") == latest.period_type)
            if same["value"].drop_nulls().len() >= 3:
                st.markdown(charts.sparkline_svg(same), unsafe_allow_html=True)
        st.page_link(DOMAIN_PAGES[ind.domain], label="Open chart",
                     query_params={"area": area_code, "indicator": ind.id}, icon=":material/arrow_forward:")


def render() -> None:
    area_code = state.area()
    name = dict(data.councils()).get(area_code, area_code)
    st.title(f"How is adult social care doing in {name}?")
    st.markdown("The latest published figure for each headline indicator, how it has moved, and where it sits "
                "against England, the region and nearest neighbours where a comparator is published. "
                "✔ better, ✖ worse, ≈ similar, judged by each indicator's good direction.")
    available = set(data.indicators_with_data(area_code))
    state.publish({"area": area_code})
    tiles = [ind for domain in registry.DOMAINS for ind in _tiles_for(domain, available)]
    for start in range(0, len(tiles), PER_ROW):
        for col, ind in zip(st.columns(PER_ROW), tiles[start:start + PER_ROW]):
            with col:
                tile(ind, area_code)
    if not tiles:
        st.info(f"No indicators are published for {name} yet.")
    _spc_matrix(area_code)
    spine = data.spine(area_code)
    if spine.height:
        st.header("Where we sit nationally", divider="gray")
        st.markdown("Each row is one indicator at its latest year with national data: the light bar runs from the "
                    "worst council to the best (better is always to the right), the dark bar is the middle half of "
                    "councils, the line is the median, ◆ is England and ● is this council.")
        st.markdown(charts.spine_svg(spine), unsafe_allow_html=True)
        st.download_button("Download these positions (CSV)", spine.write_csv().encode("utf-8"),
                           file_name=f"positions_{area_code}.csv", mime="text/csv", key="overview.spine.csv",
                           icon=":material/download:")
        with st.expander("Data table: positions against all councils"):
            st.markdown(tables.html_table(spine.select(
                "indicator", "period_label", "ours", "england", "median", "rank", "of", "quartile").rename({
                    "indicator": "Indicator", "period_label": "Period", "ours": "This council", "england": "England",
                    "median": "Median council", "rank": "Rank", "of": "Of", "quartile": "Quartile (1 = best)"})),
                unsafe_allow_html=True)


def _tiles_for(domain: str, available: set[str]) -> list[registry.Indicator]:
    """A domain's headline indicators that have data; failing those, its first few that do."""
    inds = [i for i in registry.in_domain(domain) if i.id in available]
    headline = [i for i in inds if i.headline]
    return headline or inds[:2]


def _spc_matrix(area_code: str) -> None:
    """Signals: for each monthly or quarterly headline series, its variation and assurance icons and sentence."""
    rows = []
    for ind in registry.INDICATORS:
        frame = data.headline(ind.id, area_code)
        latest = query.latest(frame)
        if latest is None or not data.spc_eligible(ind.id, area_code, None, latest.period_type):
            continue
        result, export, _changes = data.spc(ind.id, area_code, None, None, latest.period_type,
                                            "between known changes")
        rows.append((ind, result, bool(export["demonstration"].any())))
    if not rows:
        return
    st.header("Signals: is a change real?", divider="gray")
    st.markdown("Statistical process control for every monthly or quarterly series, in the NHS 'Making Data "
                "Count' style. Letters: **H** unusually high, **L** unusually low, **~** no significant change; "
                "**P** target consistently met, **F** consistently missed, **?** met or missed at random.")
    header = "<tr><th>Indicator</th><th>Variation</th><th>Assurance</th><th>What it says</th></tr>"
    body = "".join(
        f"<tr><td>{html.escape(ind.title)}{' ' + style.demo_badge() if demo else ''}</td>"
        f"<td>{style.spc_icon(result.variation)}</td><td>{style.spc_icon(result.assurance)}</td>"
        f"<td>{html.escape(result.sentence)}{' <i>Few points: treat with care.</i>' if result.warnings else ''}"
        f"</td></tr>" for ind, result, demo in rows)
    st.markdown(f'<table class="spc-matrix">{header}{body}</table>', unsafe_allow_html=True)
