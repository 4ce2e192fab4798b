"""One indicator's chart, with its benchmarks, drill-down, table, CSV and key message."""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

import polars as pl
import streamlit as st

from metrics.cld import spec
from metrics.core import formatting, registry
from metrics.core.errors import MetricsError
from metrics.figures import annotated, briefing, chart_data, chart_spec, spc_series
from metrics.figures.briefing import Brief
from views import announce, chart_notes, charts, data, downloads, key_messages, state, style, svg_charts, tables

HEADLINE = "All people"
#: The plotting area's height on a service page (drawing units): with the controls in one row, the chart and its
#: axis are on screen at 1280x720 (tests/browser/test_accessibility.py measures every service page).
PLOT_HEIGHT = 250
VIEWS = {chart_data.OVER_TIME: "Over time", chart_data.ONE_PERIOD: "One period"}


def _spc_controls(
    *, k: dict, table: chart_data.ChartTable, indicator_id: str, area_code: str, slot
) -> tuple[str | None, str] | None:
    """The SPC toggle (in ``slot``, the same place whether on or off, so the keyboard's focus stays on it when it
    is switched), and when on, the category of a breakdown and the baseline. None when SPC is off or not offered."""
    if table.view != chart_data.OVER_TIME:
        return None
    categories = sorted(table.frame.filter(pl.col("kind") == "ours")["breakdown_cat"].drop_nulls().unique().to_list())
    if not data.spc_eligible(indicator_id, area_code, table.breakdown_dim, table.period_type):
        return None
    state.adopt_flag("spc", k["spc"])
    with slot:
        on = st.toggle(
            "SPC: signal or noise?",
            key=k["spc"],
            help="Statistical process control in the NHS 'Making Data Count' style: a mean, process "
            "limits and the four special-cause rules.",
        )
    if not on:
        return None
    cols = st.columns(2)
    category = None
    if categories:
        state.adopt("spccat", k["spccat"], categories)
        with cols[0]:
            category = st.selectbox("SPC for", categories, key=k["spccat"])
    state.adopt("baseline", k["baseline"], spc_series.BASELINES)
    with cols[1]:
        baseline = st.selectbox("Limits from", spc_series.BASELINES, key=k["baseline"])
    return category, baseline


def _spc_block(
    *,
    page: str,
    ind: registry.Indicator,
    area_code: str,
    breakdown_dim: str | None,
    category: str | None,
    period_type: str,
    baseline: str,
) -> None:
    """The SPC chart with its icons, sentence, warnings, table and CSV."""
    result, export, changes = data.spc(ind.id, area_code, breakdown_dim, category, period_type, baseline)
    st.html(style.spc_icons(result))
    on_demo = "On demonstration data, not real figures: " if result.on_demonstration else ""
    st.html(f"<p><b>{html.escape(on_demo + result.sentence)}</b></p>")
    for warning in result.warnings:
        st.warning(warning, icon=":material/warning:")
    alt = spc_series.describe(
        export, indicator=ind, area_name=data.council_name(area_code), sentence=result.sentence, changes=changes
    )
    st.plotly_chart(
        charts.spc_chart(export, ind=ind, changes=changes), config=charts.CONFIG, key=f"{page}.spcchart", alt=alt
    )
    st.caption(f"Method: {result.method}." + (f" {result.basis}" if result.basis else ""))
    downloads.csv_button(
        "Download the SPC table (CSV)",
        lambda: export,
        name=downloads.file_name("spc", area_code, ind.id, category or "headline"),
        key=f"{page}.spccsv",
    )
    box = tables.on_request("Data table: the SPC chart's points, limits and rules", key=f"{page}.spctable")
    if box is not None:
        shown = export.select(
            "period_label", "value", "mean", "lower", "upper", "rule", "point_type", "demonstration"
        ).rename(
            {
                "period_label": "Period",
                "value": "Value",
                "mean": "Mean",
                "lower": "Lower limit",
                "upper": "Upper limit",
                "rule": "Rule",
                "point_type": "Point type",
                "demonstration": "Demonstration",
            }
        )
        box.html(tables.html_table(shown))


#: The smallest chart text on any screen, in CSS pixels.
MIN_TEXT_PX = 12


@dataclass(frozen=True)
class TextFloor:
    """The least a chart may be drawn at so its smallest text stays at MIN_TEXT_PX: read from its own SVG."""

    smallest_font: float  # in the drawing's units
    narrowest: int  # CSS px
    shortest: int  # CSS px


def text_floor(svg: str) -> TextFloor:
    """How narrow and how short ``svg`` may be drawn with its smallest text at 12px or more."""
    box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    sizes = [float(f) for f in re.findall(r'font-size="([\d.]+)"', svg)]
    if not (box and sizes):
        return TextFloor(smallest_font=16, narrowest=560, shortest=0)
    scale = MIN_TEXT_PX / min(sizes)
    return TextFloor(
        smallest_font=min(sizes),
        narrowest=math.ceil(float(box.group(1)) * scale),
        shortest=math.ceil(float(box.group(2)) * scale),
    )


def chart_box(svg: str, *, label: str, fit: bool = True, css_class: str = "", style: str = "") -> str:
    """The chart in a box of its own: on a narrow screen or at high zoom it keeps readable text (12px and more) by
    scrolling sideways inside the box, which the keyboard can reach, while the page itself never does (WCAG 1.4.10).
    The narrowest the chart may be drawn is worked out from its own drawing width and smallest text. ``fit``: the
    page's script may shrink a tall chart to the screen (a slide sizes its chart itself, and says so with False)."""
    floor = text_floor(svg)
    # data-min-font: the page's script (views/style.py, fitCharts) may shrink a tall chart to fit the screen under
    # what is above it, but never so far that this, its smallest text, falls under 12px
    fitting = f' data-min-font="{floor.smallest_font}"' if fit else ""
    return (
        f'<div class="{" ".join(("chart-box", css_class)).strip()}" tabindex="0" role="region" aria-label="{html.escape(label)}"{fitting} '
        f'style="--chart-min: {floor.narrowest}px;{style}">{svg}</div>'
    )


def strip_html(brief: Brief) -> str:
    """The latest figure, its changes, the comparator verdicts and the rank, as one block of HTML: all the brief's."""
    if not brief.latest_period:
        return ""
    badge = f" {style.demo_badge()}" if brief.latest_demonstration else ""
    cells = [
        f'<div><div class="small">Latest ({html.escape(brief.latest_period)})</div>'
        f'<div class="big-number">{style.big_number(brief)}</div>{badge}</div>'
    ]
    for change in brief.changes:
        if change.status == briefing.CHANGE:
            cells.append(
                f'<div><div class="small">{html.escape(change.heading)}</div>'
                f'<div class="big-number" style="font-size:1.8rem">{html.escape(change.figure)}</div>'
                f"<div>{html.escape(change.judgement)}</div></div>"
            )
        else:
            cells.append(
                f'<div><div class="small">{html.escape(change.heading)}</div>'
                f"<div>{html.escape(change.text)}</div></div>"
            )
    if brief.comparisons:
        lines = "".join(f'<div class="verdict">{html.escape(c.text)}</div>' for c in brief.comparisons)
        lines += f'<div class="small">{html.escape(brief.method_line)}</div>'
        cells.append(
            f'<div class="verdicts"><div class="small">Against comparators, '
            f"{html.escape(brief.comparators_for)}</div>{lines}</div>"
        )
    else:
        cells.append(
            '<div><div class="small">Against comparators</div><div>No comparator published for any period.</div></div>'
        )
    below = []
    if brief.rank:
        below.append(f"<p><b>Among all councils:</b> {html.escape(brief.rank)}.</p>")
    if brief.statement:
        below.append(f"<p><b>Newer, in words:</b> {html.escape(brief.statement)}</p>")
    if brief.alternatives:
        below.append(
            f"<p><b>Also published for {html.escape(brief.latest_period)}:</b> {html.escape(brief.alternatives)}</p>"
        )
    below += [f'<p class="small">{html.escape(note)}.</p>' for note in brief.publication_notes]
    if brief.dispersion_note:
        below.append(f'<p class="small">{html.escape(brief.dispersion_note)}</p>')
    return f'<div class="strip">{"".join(cells)}</div>{"".join(below)}'


def indicator_panel(*, page: str, domain: str) -> None:
    """The whole drill-down view for the chosen indicator of one domain page."""
    area_code = state.area()
    available = set(data.indicators_with_data(area_code))
    choices = [i.id for i in registry.in_domain(domain) if i.id in available]
    local = [
        i.title for i in registry.in_domain(domain) if i.id not in available and i.id not in data.national_indicators()
    ]
    needs_export = (
        (f"{', '.join(local)}: not published nationally; these need {data.council_name(area_code)}'s own figures.")
        if local
        else ""
    )
    # one line, and how to load them; never an empty chart or another council's figures
    export_line = (
        (
            f'<p class="small">{html.escape(needs_export, quote=False)} <a href="about#loading-a-council-s-own'
            f"-figures\">How to load a council's own export</a></p>"
        )
        if needs_export
        else ""
    )
    if not choices:
        st.info(
            f"No {registry.DOMAINS[domain].lower()} indicators are published for {data.council_name(area_code)} yet."
        )
        if export_line:
            st.html(export_line)
        state.publish({"area": area_code})
        return
    _panel(page=page, domain=domain, area_code=area_code, choices=choices)
    if export_line:  # below the chart: the chart stays first on a projector
        st.html(export_line)


#: Up to this many breakdown choices are radio buttons; more are a select box.
MAX_RADIO_BREAKDOWNS = 3


@dataclass(frozen=True)
class _Choice:
    """What the controls chose: the indicator, the breakdown (None for all people), the view and its period."""

    indicator_id: str
    breakdown_dim: str | None
    has_headline: bool
    view: str
    period_type: str | None
    period_label: str | None


def _keys(page: str) -> dict[str, str]:
    """Session-state keys of one page's controls."""
    names = ("indicator", "breakdown", "view", "ptype", "period", "spc", "spccat", "baseline", "ci")
    return {name: f"{page}.{name}" for name in names}


def _choose_indicator(*, k: dict[str, str], choices: list[str], column) -> str:
    choices.sort(key=lambda i: not registry.get(i).headline)  # headline indicators first
    state.adopt("indicator", k["indicator"], choices)
    with column:
        return st.selectbox("Indicator", choices, key=k["indicator"], format_func=lambda i: registry.get(i).label)


def _choose_breakdown(*, k: dict[str, str], indicator_id: str, area_code: str, column) -> tuple[str | None, bool]:
    """The "Show" choice: all people (where a headline series exists) or one breakdown. A few choices are radio
    buttons, all in sight; more (a CLD extract gives up to nine) are a list to open, so the controls stay one row
    and the chart stays on screen at 1280x720."""
    dims = data.breakdowns(indicator_id, area_code)
    has_headline = bool(data.headline(indicator_id, area_code)["value"].is_not_null().any())
    options = ([HEADLINE] if has_headline or not dims else []) + dims
    state.adopt("breakdown", k["breakdown"], options)
    if st.session_state.get(k["breakdown"]) not in options:
        st.session_state[k["breakdown"]] = options[0]

    def named(d: str) -> str:
        return d if d == HEADLINE else f"By {d}"

    with column:
        if len(options) <= MAX_RADIO_BREAKDOWNS:
            breakdown = st.radio("Show", options, key=k["breakdown"], format_func=named, horizontal=True)
        else:
            breakdown = st.selectbox("Show", options, key=k["breakdown"], format_func=named)
    return (None if breakdown == HEADLINE else breakdown), has_headline


def _period_words(period_type: str) -> str:
    return {"financial year": "Years", "quarter": "Quarters", "month": "Months"}.get(
        period_type, period_type.capitalize() + "s"
    )


def _choose_view_and_period(
    *, k: dict[str, str], indicator_id: str, area_code: str, breakdown_dim: str | None, first
) -> tuple[str, str | None, str | None]:
    """Over time or one period (for a breakdown with several periods), and which periods. The first choice offered
    sits in the controls' row (``first``), so the chart and its axis stay on screen at 1280x720; a second, when
    both are offered, goes on a row of its own."""
    row: list = []

    def slot(_i: int):
        if not row:
            row.append(first)
            return first
        if len(row) == 1:
            row.extend(st.columns([3, 2]))
        return row[1]

    view = chart_data.OVER_TIME
    if breakdown_dim is not None:
        probe = data.chart_table(indicator_id, area_code, breakdown_dim, chart_data.ONE_PERIOD, None, None)
        view = chart_data.ONE_PERIOD
        if len(probe.period_labels) > 1:
            state.adopt("view", k["view"], list(VIEWS))
            with slot(1):
                view = st.radio("View", list(VIEWS), key=k["view"], horizontal=True, format_func=VIEWS.get)
    probe = data.chart_table(indicator_id, area_code, breakdown_dim, view, None, None)
    period_type, period_label = None, None
    if view == chart_data.OVER_TIME and len(probe.period_types) > 1:
        state.adopt("ptype", k["ptype"], probe.period_types)
        if st.session_state.get(k["ptype"]) not in probe.period_types:
            st.session_state[k["ptype"]] = probe.period_type  # open on the series the source reports
        with slot(0):
            period_type = st.radio(
                "Periods", probe.period_types, key=k["ptype"], horizontal=True, format_func=_period_words
            )
    if view == chart_data.ONE_PERIOD and len(probe.period_labels) > 1:
        state.adopt("period", k["period"], probe.period_labels)
        if st.session_state.get(k["period"]) not in probe.period_labels:
            st.session_state[k["period"]] = probe.period_label
        with slot(0):
            period_label = st.selectbox("Period", probe.period_labels, key=k["period"])
    return view, period_type, period_label


def _choose(*, k: dict[str, str], area_code: str, choices: list[str]) -> tuple[_Choice, object]:
    """The whole row of controls under the page title, so the chart is on screen at 1280x720. The SPC switch's
    column is returned: its place is kept whether or not it is offered, so switching it never moves it."""
    top = st.columns([3, 2.3, 2.6, 2.4], vertical_alignment="bottom")
    indicator_id = _choose_indicator(k=k, choices=choices, column=top[0])
    breakdown_dim, has_headline = _choose_breakdown(k=k, indicator_id=indicator_id, area_code=area_code, column=top[1])
    view, period_type, period_label = _choose_view_and_period(
        k=k, indicator_id=indicator_id, area_code=area_code, breakdown_dim=breakdown_dim, first=top[2]
    )
    return _Choice(indicator_id, breakdown_dim, has_headline, view, period_type, period_label), top[3]


def _crumbs(*, page: str, k: dict[str, str], table: chart_data.ChartTable, domain: str, title: str) -> None:
    """Where the drill-down is, and the way back to the headline."""
    crumbs = [table.area_name, registry.DOMAINS[domain], title, f"by {table.breakdown_dim}"]
    if table.period_label:
        crumbs.append(table.period_label)
    c1, c2 = st.columns([3.4, 1.6], vertical_alignment="center")
    with c1:
        st.html(f'<nav class="crumbs" aria-label="Where you are">{" › ".join(html.escape(c) for c in crumbs)}</nav>')
    # a callback runs before the next run draws the radio, so it may set the radio's value
    c2.button(
        "◀ Back to all people",
        key=f"{page}.back",
        on_click=st.session_state.__setitem__,
        args=(k["breakdown"], HEADLINE),
    )


def _intervals_switch(
    *, k: dict[str, str], table: chart_data.ChartTable, spec: chart_spec.ChartSpec, spc_on: bool, column
) -> tuple[bool, bool]:
    """(offered, on): the switch for the 95% intervals where the chart (``spec``, drawn with them) has any, on by
    default, in the controls' row under the SPC switch so the chart keeps its place on a 1280x720 screen."""
    offered = bool(not spc_on and table.drawn.height and spec.intervals is not None)
    if offered:
        state.adopt_flag("ci", k["ci"])
        st.session_state.setdefault(k["ci"], True)
        with column:
            st.toggle(
                "95% intervals",
                key=k["ci"],
                help="Error bars: the range within which the true figure lies "
                "with 95% confidence. The verdicts against comparators use the same intervals.",
            )
    return offered, bool(offered and st.session_state.get(k["ci"], True))


def _publish_view(*, area_code: str, choice: _Choice, spc_choice, offered: bool, intervals_on: bool) -> None:
    """The view into the URL, so a copied link reopens it."""
    state.publish(
        {
            "area": area_code,
            "indicator": choice.indicator_id,
            "breakdown": choice.breakdown_dim,
            "view": choice.view if choice.breakdown_dim else None,
            "ptype": choice.period_type,
            "period": choice.period_label,
            "spc": "1" if spc_choice else None,
            "spccat": spc_choice[0] if spc_choice and spc_choice[0] else None,
            "baseline": spc_choice[1] if spc_choice and spc_choice[1] != spc_series.BASELINE_SEGMENTS else None,
            "ci": "0" if offered and not intervals_on else None,
        }
    )


def _captions(*, table: chart_data.ChartTable, charted: bool) -> str:
    """The lines under the chart and its figures, in one element: how to read it, projections, local columns,
    small numbers hidden."""
    captions = []
    if charted:
        captions.append("Hover over the chart for each figure and its source; the data table below lists every point.")
    captions += [f"◇ {words}. A projection, not a published figure." for words in table.projections]
    local = spec.local_breakdown_note(breakdown_dim=table.breakdown_dim, source=table.source_line)
    if local:
        captions.append(local)
    if table.suppressed:
        captions.append(
            f"{table.suppressed} small number(s) hidden: counts below "
            f"{data.settings().suppression_threshold} are not shown in public views."
        )
    return "  \n".join(captions)


def _table_and_csv(*, page: str, ind: registry.Indicator, table: chart_data.ChartTable, brief: Brief) -> None:
    downloads.csv_button(
        "Download this chart's data (CSV)",
        lambda: annotated.export_frame(chart_data.export_frame(table), markers=brief.notes),
        name=downloads.file_name(
            table.area_name, ind.id, table.breakdown_dim or "headline", table.period_label or table.period_type or ""
        ),
        key=f"{page}.csv",
    )
    box = tables.on_request("Data table: exactly what is plotted", key=f"{page}.table")
    if box is not None:
        box.html(tables.html_table(tables.display_frame(table)))


def _about(*, ind: registry.Indicator, table: chart_data.ChartTable) -> None:
    """The indicator's definition, good direction, unit and sources, and what the sources say in words."""
    shown = table.source_line
    st.html(
        f'<h3 class="about-indicator">About this indicator</h3><p>{html.escape(ind.definition)}'
        + (f" ({html.escape(ind.national_ref)})" if ind.national_ref else "")
        + f"<br><b>Good direction:</b> {html.escape(ind.direction)} · <b>Unit:</b> {html.escape(ind.unit)}"
        + (f"<br><b>Source of these figures:</b> {html.escape(shown)}" if shown else "")
        + "</p>"
    )
    notes = table.statements.group_by("note", chart_data.CITATION, maintain_order=True).agg(
        pl.format("{}, {}", "series", "period_label").unique(maintain_order=True).alias("where")
    )
    if notes.height:
        items = "".join(
            f"<li><i>{html.escape('; '.join(where))}</i>: {html.escape(note)}<br>"
            f"<span class='small'>{html.escape(source)}</span></li>"
            for note, source, where in notes.iter_rows()
        )
        st.html(f"<p><b>What the source says</b></p><ul>{items}</ul>")


def _messages(*, page: str, brief: Brief, table: chart_data.ChartTable, area_code: str) -> None:
    """The key message and, for an officer, its editor; the chart stands without them if the store fails."""
    indicator_id = brief.indicator.id
    try:
        key_messages.show(brief.with_messages(data.key_messages(indicator_id, area_code)))
    except MetricsError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    key_messages.editor(
        indicator_id=indicator_id,
        area_code=area_code,
        key=f"{page}.km",
        period=brief.latest_period or table.period_label,
    )


def _headline_words(*, heading: str, brief: Brief) -> str:
    """What is announced when the view changes: the chart's heading and, where there is one, the latest figure."""
    if not brief.latest_period:
        return f"Now showing {heading}."
    return f"Now showing {heading}. Latest: {brief.latest_value} in {brief.latest_period}."


def _panel(*, page: str, domain: str, area_code: str, choices: list[str]) -> None:
    """The chosen indicator's controls, chart, figures, table, CSV and key message."""
    k = _keys(page)
    choice, spc_column = _choose(k=k, area_code=area_code, choices=choices)
    ind = registry.get(choice.indicator_id)
    args = (choice.indicator_id, area_code, choice.breakdown_dim, choice.view, choice.period_type, choice.period_label)
    table = data.chart_table(*args)
    spc_choice = _spc_controls(k=k, table=table, indicator_id=ind.id, area_code=area_code, slot=spc_column)
    if choice.breakdown_dim and choice.has_headline:
        _crumbs(page=page, k=k, table=table, domain=domain, title=ind.title)
    heading = chart_spec.finding(table)  # the chart's title states its finding, with the latest figure
    offered, intervals_on = _intervals_switch(
        k=k, table=table, spec=data.chart_spec_of(*args), spc_on=bool(spc_choice), column=spc_column
    )
    st.html(f'<h2 class="chart-title">{html.escape(heading)}</h2>')
    _publish_view(area_code=area_code, choice=choice, spc_choice=spc_choice, offered=offered, intervals_on=intervals_on)

    brief = data.brief(
        ind.id, area_code, "", choice.breakdown_dim, choice.view, choice.period_type, choice.period_label
    ).with_notes(data.chart_notes(ind.id, area_code))
    charted = not spc_choice and bool(table.drawn.height)
    announce.on_change(key=page, words=_headline_words(heading=heading, brief=brief))
    if spc_choice and table.period_type is not None:  # spc_choice is offered only for a monthly or quarterly chart
        _spc_block(
            page=page,
            ind=ind,
            area_code=area_code,
            breakdown_dim=choice.breakdown_dim,
            category=spc_choice[0],
            period_type=table.period_type,
            baseline=spc_choice[1],
        )
    elif not table.drawn.height:
        st.info("Nothing to draw for this choice: the source gives only words, listed below.")
    if charted:
        spec = data.chart_spec_of(*args, intervals=intervals_on, notes=brief.notes)
        chart = svg_charts.draw_spec(spec, ind=ind, plot_height=PLOT_HEIGHT)
        st.markdown(chart_box(chart, label=f"Chart: {heading}"), unsafe_allow_html=True)
        if table.source_line:  # the source under the chart, as the Government Analysis Function asks; plain text
            st.html(f'<p class="small chart-source">Source: {html.escape(table.source_line, quote=False)}</p>')
    if table.uses_demonstration:
        st.warning(
            f"**Demonstration data.** {formatting.DEMONSTRATION_WORDS[0].upper()}{formatting.DEMONSTRATION_WORDS[1:]}.",
            icon=":material/science:",
        )
    if choice.breakdown_dim is None:  # the figures beside the chart: latest, changes, comparators, rank
        strip = strip_html(brief)
        if strip:
            st.html(strip)
    captions = _captions(table=table, charted=charted)
    if captions:
        st.caption(captions)
    chart_notes.show(brief=brief, key=f"{page}.notes")
    _table_and_csv(page=page, ind=ind, table=table, brief=brief)
    _about(ind=ind, table=table)
    _messages(page=page, brief=brief, table=table, area_code=area_code)
