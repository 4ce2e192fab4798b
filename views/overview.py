"""The Overview: one tile per headline indicator, grouped by domain."""
from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlencode

import polars as pl
import streamlit as st

from metrics import comparators, formatting, query, registry
from views import charts, data, state, style, tables
from views.nav import DOMAIN_PAGES


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


def _tile_body(ind: registry.Indicator, area_code: str) -> str:
    """A tile's figures as HTML: latest value, changes, comparators, rank, sparkline (or the words, if no figure)."""
    frame = data.headline(ind.id, area_code)
    latest = query.latest(frame)
    if latest is None:
        words = frame.filter(pl.col("note").is_not_null()).sort("period_end")
        said = (f'<div class="small">In words, {html.escape(words["period_label"][-1])}</div>'
                f'<div class="verdict">{html.escape(words["note"][-1])}</div>') if words.height else ""
        return _breakdown_lines(ind, area_code) or said or "No figures published yet."
    badge = f" {style.demo_badge()}" if latest.current.is_demonstration else ""
    parts = [f'<div class="big-number">{style.big_number(ind, latest)}</div>'
             f'<div class="small">{html.escape(latest.current.label)}{badge}</div>']
    for other, delta in ((latest.previous, latest.change_previous), (latest.year_ago, latest.change_year)):
        if other is not None and delta is not None and other.label not in "".join(parts):
            words = formatting.change_words(ind, delta=delta, since=other.label, demonstration=other.is_demonstration)
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
    same = frame.filter(pl.col("period_type") == latest.period_type)
    if same["value"].drop_nulls().len() >= 3:
        parts.append(charts.sparkline_img(same))
    return "".join(parts)


def tile(ind: registry.Indicator, area_code: str) -> str:
    """One tile as a link to the indicator's chart: the whole tile is the click target, and Tab reaches it."""
    href = f"{Path(DOMAIN_PAGES[ind.domain]).stem}?{urlencode({'area': area_code, 'indicator': ind.id})}"
    return (f'<a class="tile" href="{html.escape(href)}" aria-label="{html.escape(ind.title)}: open the chart">'
            f'<div class="kicker">{html.escape(ind.domain_title)}</div>'
            f'<div class="tile-title">{html.escape(ind.title)}</div>{_tile_body(ind, area_code)}'
            f'<div class="tile-open">Open the chart →</div></a>')


@st.cache_data(show_spinner=False, max_entries=64)
def tiles_html(area_code: str) -> str:
    """Every headline tile of one council, as one block of HTML.

    Cached: the published data is read once per process, and building some twenty tiles costs about 0.1 s of
    server time on every visit. One block, not a widget per tile, because each Streamlit element costs the
    browser time to draw (bench/page_bench.py).
    """
    available = set(data.indicators_with_data(area_code))
    tiles = [ind for domain in registry.DOMAINS for ind in _tiles_for(domain, available)]
    return f'<div class="tiles">{"".join(tile(ind, area_code) for ind in tiles)}</div>' if tiles else ""


def render() -> None:
    area_code = state.area()
    name = data.council_name(area_code)
    st.title(f"How is adult social care doing in {name}?")
    st.markdown("The latest published figure for each headline indicator, how it has moved, and where it sits "
                "against England, the region and nearest neighbours where a comparator is published. "
                "✔ better, ✖ worse, ≈ similar, judged by each indicator's good direction. Click a tile for its chart.")
    state.publish({"area": area_code})
    tiles = tiles_html(area_code)
    if tiles:
        st.html(tiles)
    else:
        st.info(f"No indicators are published for {name} yet.")
    _spc_matrix(area_code)
    spine = data.spine(area_code)
    if spine.height:
        st.header("Where we sit nationally", divider="gray")
        st.markdown("Each row is one indicator at its latest year with national data: the light bar runs from the "
                    "worst council to the best (better is always to the right), the dark bar is the middle half of "
                    "councils, the line is the median, ◆ is England and ● is this council.")
        st.markdown(charts.spine_svg(spine), unsafe_allow_html=True)  # SVG: st.html would drop it
        st.download_button("Download these positions (CSV)", spine.write_csv().encode("utf-8"),
                           file_name=f"positions_{area_code}.csv", mime="text/csv", key="overview.spine.csv",
                           icon=":material/download:")
        box = tables.on_request("Data table: positions against all councils", key="overview.table")
        if box is not None:
            box.html(tables.html_table(spine.select(
                "indicator", "period_label", "ours", "england", "median", "rank", "of", "quartile").rename({
                    "indicator": "Indicator", "period_label": "Period", "ours": "This council", "england": "England",
                    "median": "Median council", "rank": "Rank", "of": "Of", "quartile": "Quartile (1 = best)"})))


def _tiles_for(domain: str, available: set[str]) -> list[registry.Indicator]:
    """A domain's headline indicators that have data; failing those, its first few that do."""
    inds = [i for i in registry.in_domain(domain) if i.id in available]
    headline = [i for i in inds if i.headline]
    return headline or inds[:2]


def _spc_matrix(area_code: str) -> None:
    """Signals: for each monthly or quarterly headline series, its variation and assurance icons and sentence."""
    table = spc_matrix_html(area_code)
    if not table:
        return
    st.header("Signals: is a change real?", divider="gray")
    st.markdown("Statistical process control for every monthly or quarterly series, in the NHS 'Making Data "
                "Count' style. Letters: **H** unusually high, **L** unusually low, **~** no significant change; "
                "**P** target consistently met, **F** consistently missed, **?** met or missed at random.")
    st.html(table)


@st.cache_data(show_spinner=False, max_entries=64)
def spc_matrix_html(area_code: str) -> str:
    """The signals table as HTML, or "" when no series qualifies. Cached: SPC over every series is about 0.1 s."""
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
        return ""
    header = "<tr><th>Indicator</th><th>Variation</th><th>Assurance</th><th>What it says</th></tr>"
    body = "".join(
        f"<tr><td>{html.escape(ind.title)}{' ' + style.demo_badge() if demo else ''}</td>"
        f"<td>{style.spc_icon(result.variation)}</td><td>{style.spc_icon(result.assurance)}</td>"
        f"<td>{html.escape(result.sentence)}{' <i>Few points: treat with care.</i>' if result.warnings else ''}"
        f"</td></tr>" for ind, result, demo in rows)
    return f'<table class="spc-matrix">{header}{body}</table>'
