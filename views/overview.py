"""The Overview: one tile per headline indicator, grouped by domain."""

from __future__ import annotations

import html
from pathlib import Path
from urllib.parse import urlencode

import polars as pl
import streamlit as st

from metrics.core import formatting, registry
from metrics.figures.briefing import Brief
from views import charts, data, downloads, panel, state, style, tables
from views.nav import DOMAIN_PAGES


def tile_body(brief: Brief) -> str:
    """A tile's figures as HTML, all from the brief: latest value, changes, England and neighbours, rank, trend."""
    if brief.categories:  # published only by breakdown (e.g. by division): the latest of each category
        badge = f" {style.demo_badge()}" if brief.latest_demonstration else ""
        rows = "".join(f'<div class="verdict">{html.escape(c)}</div>' for c in brief.categories[:4])
        return (
            f'<div class="small">By {html.escape(brief.table.breakdown_dim or "")}, '
            f"{html.escape(brief.latest_period)}</div>{rows}{badge}"
        )
    if not brief.latest_period:
        said = brief.said[-1] if brief.said else ""
        return f'<div class="verdict">{html.escape(said)}</div>' if said else "No figures published yet."
    badge = f" {style.demo_badge()}" if brief.latest_demonstration else ""
    parts = [
        f'<div class="big-number">{style.big_number(brief)}</div>'
        f'<div class="small">{html.escape(brief.latest_period)}{badge}</div>'
    ]
    parts += [f'<div class="verdict">{html.escape(line)}</div>' for line in brief.change_lines]
    parts += [f'<div class="verdict">{html.escape(c.text)}</div>' for c in brief.headline_comparisons()]
    if brief.method_line:
        parts.append(f'<div class="small">{html.escape(brief.method_line)}</div>')
    if brief.dispersion_short:
        parts.append(f'<div class="small">{html.escape(brief.dispersion_short)}</div>')
    if brief.rank_short:
        parts.append(f'<div class="verdict">{html.escape(brief.rank_short)} among councils</div>')
    if brief.new_definition:
        parts.append(
            f'<div class="small"><i>New definition ({html.escape(brief.new_definition)}): not comparable '
            f"with earlier years</i></div>"
        )
    elif brief.statement:
        parts.append(f'<div class="small"><i>{html.escape(brief.statement)}</i></div>')
    ours = brief.table.drawn.filter(pl.col("kind") == "ours")
    if ours.height >= 3 and brief.table.breakdown_dim is None:
        parts.append(charts.sparkline_img(ours))
    return "".join(parts)


def tile(ind: registry.Indicator, area_code: str) -> str:
    """One tile as a link to the indicator's chart: the whole tile is the click target, and Tab reaches it."""
    brief = data.brief(ind.id, area_code)
    href = f"{Path(DOMAIN_PAGES[ind.domain]).stem}?{urlencode({'area': area_code, 'indicator': ind.id})}"
    # no aria-label: the tile's own words are its name, so a screen reader hears the figure, the changes and the
    # verdicts, and speech input users can say what they see (WCAG 2.5.3)
    return (
        f'<a class="tile" href="{html.escape(href)}">'
        f'<div class="kicker">{html.escape(ind.domain_title)}</div>'
        f'<div class="tile-title">{html.escape(ind.title)}</div>{tile_body(brief)}'
        f'<div class="tile-open">Open the chart →</div></a>'
    )


@st.cache_data(show_spinner=False, max_entries=64)
def tiles_html(area_code: str, audience: str) -> str:
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
    st.markdown(
        "Each headline indicator's latest figure, how it moved, and how it compares with England, the region "
        f"and nearest neighbours. {formatting.VERDICT_KEY}. Click a tile for its chart."
    )
    state.publish({"area": area_code})
    tiles = tiles_html(area_code, data.audience())
    if tiles:
        st.html(tiles)
    else:
        st.info(f"No indicators are published for {name} yet.")
    _spc_matrix(area_code)
    spine = data.spine(area_code)
    if spine.height:
        st.header("Where we sit nationally", divider="gray")
        st.markdown(
            "Each row is one indicator at its latest year with national data: the light bar runs from the "
            "worst council to the best (better is always to the right), the dark bar is the middle half of "
            "councils, the line is the median, ◆ is England and ● is this council."
        )
        st.markdown(
            panel.chart_box(charts.spine_svg(spine), label="Chart: where this council sits nationally"),
            unsafe_allow_html=True,
        )  # SVG: st.html would drop it
        downloads.csv_button(
            "Download these positions (CSV)",
            lambda: spine,
            name=downloads.file_name("positions", area_code),
            key="overview.spine.csv",
        )
        box = tables.on_request("Data table: positions against all councils", key="overview.table")
        if box is not None:
            box.html(
                tables.html_table(
                    spine.select(
                        "indicator", "period_label", "ours", "england", "median", "rank", "of", "quartile"
                    ).rename(
                        {
                            "indicator": "Indicator",
                            "period_label": "Period",
                            "ours": "This council",
                            "england": "England",
                            "median": "Median council",
                            "rank": "Rank",
                            "of": "Of",
                            "quartile": "Quartile (1 = best)",
                        }
                    )
                )
            )


def _tiles_for(domain: str, available: set[str]) -> list[registry.Indicator]:
    """A domain's headline indicators that have data; failing those, its first few that do."""
    inds = [i for i in registry.in_domain(domain) if i.id in available]
    headline = [i for i in inds if i.headline]
    return headline or inds[:2]


def _spc_matrix(area_code: str) -> None:
    """Signals: for each monthly or quarterly headline series, its variation and assurance icons and sentence."""
    table = spc_matrix_html(area_code, data.audience())
    if not table:
        return
    st.header("Signals: is a change real?", divider="gray")
    st.markdown(
        "Statistical process control for every monthly or quarterly series, in the NHS 'Making Data "
        "Count' style. Letters: **H** unusually high, **L** unusually low, **~** no significant change; "
        "**P** target consistently met, **F** consistently missed, **?** met or missed at random."
    )
    st.html(table)


def _caution(result) -> str:
    if result.on_demonstration:
        return " <i>On demonstration data, not real figures.</i>"
    return " <i>Few points: treat with care.</i>" if result.warnings else ""


@st.cache_data(show_spinner=False, max_entries=64)
def spc_matrix_html(area_code: str, audience: str) -> str:
    """The signals table as HTML, or "" when no series qualifies. Cached: SPC over every series is about 0.1 s."""
    rows = []
    # the SPC each chart shows (its brief), not a series chosen here; only indicators with a series SPC can read
    candidates = set(data.indicators_with_data(area_code)) & data.spc_candidates(area_code)
    for ind in registry.INDICATORS:
        brief = data.brief(ind.id, area_code) if ind.id in candidates else None
        if brief is not None and brief.spc is not None:
            rows.append((ind, brief.spc, brief.spc_demonstration))
    if not rows:
        return ""
    header = "<tr><th>Indicator</th><th>Variation</th><th>Assurance</th><th>What it says</th></tr>"
    body = "".join(
        f"<tr><td>{html.escape(ind.title)}{' ' + style.demo_badge() if demo else ''}</td>"
        f"<td>{style.spc_icon(result.variation)}</td><td>{style.spc_icon(result.assurance)}</td>"
        f"<td>{html.escape(result.sentence)}{_caution(result)}"
        f"</td></tr>"
        for ind, result, demo in rows
    )
    return (
        f"{tables.scroll_box(label='Signals: SPC for each series', style='max-height:none')}"
        f'<table class="spc-matrix">{header}{body}</table></div>'
    )
