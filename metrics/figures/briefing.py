"""One figure's meaning, computed once: every surface that shows it renders this and computes nothing itself.

A :class:`Brief` holds, for a council, an indicator and the chart being
shown (headline or breakdown, period type): the latest value and its period;
the change since the previous period and since a year earlier (none across a
definition break); each comparator's value, kind and verdict; rank and
quartile; the SPC result on exactly the series the chart draws; the key
message with its own period, marked when it is older than the figure; and
whether demonstration rows are drawn. The Overview tile, the page's strip,
presentation mode and both pack formats render a Brief, so they cannot
disagree (tests/test_one_truth.py compares them).

Every figure passes through disclosure control for the audience first, so a
hidden count stays hidden everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import cast

import polars as pl

from metrics.analysis import benchmarks, comparators, disclosure
from metrics.analysis.spc import icons as spc_icons
from metrics.analysis.spc.pipeline import SpcResult
from metrics.analysis.statistics import significance
from metrics.commentary.annotations import Annotation
from metrics.commentary.sqlite import Message
from metrics.core import formatting, periods, registry
from metrics.core.access import shown_name
from metrics.figures import annotated, chart_data, chart_spec, funnels, spc_series
from metrics.storage import citations, query
from metrics.storage.store import DataStore

#: Period types SPC can judge, and how a sentence names them.
SPC_WORDS = {
    periods.MONTH: "monthly",
    periods.QUARTER: "quarterly",
    periods.SNAPSHOT: "monthly snapshot",
    periods.WEEK: "weekly",
}
#: How the strip names a period type: "no earlier quarter published".
PERIOD_NOUN = {
    periods.MONTH: "month",
    periods.QUARTER: "quarter",
    periods.FINANCIAL_YEAR: "year",
    periods.SNAPSHOT: "snapshot",
    periods.PART_YEAR: "part year",
    periods.WEEK: "week",
}

CHANGE, HIDDEN, NONE, NEW_DEFINITION = "change", "hidden", "none", "new definition"


#: The latest figure of an indicator whose source gives words and no number (a slide then shows the words).
WORDS_ONLY = "in words only"


@dataclass(frozen=True)
class Change:
    """The change since one earlier period, or why there is none."""

    since: str  # "previous" or "a year earlier"
    status: str  # CHANGE | HIDDEN | NONE | NEW_DEFINITION
    label: str  # the earlier period's label; "" when there is none
    figure: str  # "▲ 414", "■ no change"; "" unless status is CHANGE
    judgement: str  # "improving", "worsening", "no change", "up", "down"
    text: str  # the whole change in words, the same on every surface
    demonstration: bool = False

    @property
    def heading(self) -> str:
        """The strip's small heading: "Since Jun 2022 (demonstration)" or "Since previous"."""
        if not self.label:
            return f"Since {self.since}"
        return f"Since {self.label}" + (" (demonstration)" if self.demonstration else "")


@dataclass(frozen=True)
class Comparison:
    name: str  # "England", "East Midlands", "Nearest neighbours (Oflog list): mean"
    kind: str  # england | region | neighbours_mean | neighbours_median | group
    value: float
    verdict: str  # significantly better | similar | significantly worse | significantly higher | ... | not tested
    method: str  # "Wilson score interval, 95%", or why it was not tested
    text: str  # "✔ significantly better than England (81.8%)"; the method is the brief's method_line
    publications: str = ""  # where the two figures come from different publications, both named, in words
    period: str = ""  # the period the comparator's figure is for (the verdict's period, when judged)


@dataclass(frozen=True)
class KeyMessage:
    """A key message beside the figure, with its own period; ``older`` when written for an earlier period."""

    message: Message
    heading: str  # "Key message, 2023/24 Q1" or "Key message for 2023/24 Q1 (the figure above is 2024/25)"
    older: bool
    source: str  # where it was published, as a citation ("written in the dashboard" for an officer's)

    @property
    def byline(self) -> str:
        m = self.message
        return (
            f"{shown_name(m.author)}, {m.written}"
            + (f", reviewed at {m.meeting}" if m.meeting else "")
            + f" ({self.source})"
        )


@dataclass(frozen=True)
class Brief:
    indicator: registry.Indicator
    area_code: str
    area_name: str
    heading: str  # the agenda heading it sits under
    table: chart_data.ChartTable  # the chart the figures belong to, disclosure applied
    latest_value: str  # "1,348", "88.2%", "hidden (small number)", "in words only", "not available"
    latest_number: float | None  # the same figure as a number (None when hidden or absent)
    latest_period: str  # "Jun 2023"; "" when there is no figure
    latest_period_end: date | None
    latest_demonstration: bool
    changes: tuple[Change, ...]  # since the previous period, then since a year earlier (once when the same)
    comparisons: tuple[Comparison, ...]
    benchmark_period: str  # "2023/24: 88.2%", the figure the verdicts judge; "" when none
    rank: str | None  # "rank 12 of 152 councils, top quartile (best 25%), 2021/22"
    rank_short: str | None  # "12 of 152 (top quartile)"
    spc: SpcResult | None
    spc_period_type: str | None
    spc_demonstration: bool  # the SPC limits and signals rest on demonstration points (spc_series.for_series)
    spc_words: str  # the SPC heading and result in words, the same on every surface
    sources: tuple[str, ...]
    statement: str | None  # a newer figure the source gives only in words
    new_definition: str | None  # the latest figure starts a new definition
    categories: tuple[str, ...] = ()  # for an indicator published only by breakdown: each category's latest figure
    said: tuple[str, ...] = ()  # what the source says in words, where it gives no number
    latest_note: str = ""  # for a breakdown-only indicator: which category the large figure is
    alternatives: str = ""  # the same figure as other publications give it, where they differ ("34.1 (source)")
    dispersion_note: str = ""  # where councils vary more than chance allows: how common a verdict is, and where
    # this council sits on limits that allow for the spread (metrics.figures.funnels.spread)
    dispersion_short: str = ""  # the same for a tile, in a line
    messages: tuple[KeyMessage, ...] = field(default_factory=tuple)
    notes: tuple[annotated.Marker, ...] = ()  # officers' numbered notes on the chart's points, added by the caller
    documents: dict[str, str] = field(default_factory=dict, repr=False)  # file -> citation, for key messages

    @property
    def uses_demonstration(self) -> bool:
        return self.table.uses_demonstration

    @property
    def publication_notes(self) -> tuple[str, ...]:
        """Where a comparison sets figures from two publications side by side, it says so (once per pair)."""
        return tuple(dict.fromkeys(c.publications for c in self.comparisons if c.publications))

    @property
    def suppressed(self) -> int:
        return self.table.suppressed

    @property
    def title(self) -> str:
        return f"{self.indicator.title}, {self.area_name}" + (f": {self.latest_period}" if self.latest_period else "")

    @property
    def change_lines(self) -> tuple[str, ...]:
        """The changes that have something to say (a figure, or hidden), as the tile and slides list them."""
        return tuple(c.text for c in self.changes if c.status in (CHANGE, HIDDEN))

    @property
    def benchmarks(self) -> tuple[str, ...]:
        return tuple(c.text for c in self.comparisons)

    @property
    def method_line(self) -> str:
        """How the verdicts were judged, said once beside them (they share the figure's one interval):
        'Tested with the Wilson score interval, 95%', or 'Not tested: …' and why; "" with no comparison."""
        if not self.comparisons:
            return ""
        first = self.comparisons[0]
        return formatting.method_words(method=first.method, tested=first.verdict != significance.NOT_TESTED)

    @property
    def comparators_for(self) -> str:
        """The period the comparisons are for, as a heading says it: the latest period ("2023/24"), or where that
        has none, the period they are for and why ("2022/23: 88.2%, the latest period with a comparator ...")."""
        if self.benchmark_period.startswith(f"{self.latest_period}:"):
            return self.latest_period
        return self.benchmark_period

    def headline_comparisons(self) -> tuple[Comparison, ...]:
        """For a tile: England and the neighbours' mean (or, failing that, the region); the chart has the rest."""
        by_kind = {c.kind: c for c in self.comparisons}
        second = by_kind.get("neighbours_mean") or by_kind.get("group") or by_kind.get("region")
        return tuple(c for c in (by_kind.get("england"), second) if c is not None)

    def with_notes(self, notes: list[Annotation]) -> Brief:
        """The brief with the officers' notes that fall on its chart, numbered as every surface numbers them."""
        return replace(self, notes=annotated.place(notes, table=self.table))

    def chart(self, *, intervals: bool = True) -> chart_spec.ChartSpec:
        """The brief's chart, with its notes: what the page, Present and the pack draw."""
        return chart_spec.build(self.table, intervals=intervals, notes=self.notes)

    def with_messages(self, messages: list[Message]) -> Brief:
        """The brief with its key messages, each labelled with its own period and marked when older."""
        return replace(
            self,
            messages=tuple(
                key_message(
                    m, latest_period=self.latest_period, latest_end=self.latest_period_end, documents=self.documents
                )
                for m in messages
            ),
        )


def key_message(
    message: Message, *, latest_period: str, latest_end: date | None, documents: dict[str, str] | None = None
) -> KeyMessage:
    """A message never reads as commentary on another period's figure: one written for a period other than the
    figure's says which, and one for an earlier period is marked older."""
    differs = (
        latest_end is not None
        and message.period_end is not None
        and message.period_end != latest_end
        and message.period_label != latest_period
    )
    older = differs and message.period_end is not None and latest_end is not None and message.period_end < latest_end
    heading = (
        f"Key message for {message.period_label} (the figure above is {latest_period})"
        if differs
        else f"Key message, {message.period_label}"
    )
    return KeyMessage(message, heading, older, citations.cite(message.source, documents=documents or {}).text)


def _change(
    ind: registry.Indicator,
    *,
    since: str,
    other: query.Point | None,
    delta: float | None,
    current: query.Point,
    period_type: str,
    new_definition: str | None,
) -> Change:
    if other is None:
        if new_definition:
            return Change(since, NEW_DEFINITION, "", "", "", f"Not comparable: new definition from {current.label}")
        noun = PERIOD_NOUN.get(period_type, period_type)
        return Change(since, NONE, "", "", "", f"No earlier {noun} published")
    if delta is None:
        return Change(
            since,
            HIDDEN,
            other.label,
            "",
            "",
            f"Change since {other.label}: hidden (small numbers)",
            other.is_demonstration,
        )
    figure, judgement = formatting.change(ind, delta)
    return Change(
        since,
        CHANGE,
        other.label,
        figure,
        judgement,
        formatting.change_words(ind, delta=delta, since=other.label, demonstration=other.is_demonstration),
        other.is_demonstration,
    )


def _changes(ind: registry.Indicator, latest: query.Latest | None) -> tuple[Change, ...]:
    if latest is None or (latest.current.value is None and not latest.current.suppressed):
        return ()
    out = [
        _change(
            ind,
            since=since,
            other=other,
            delta=delta,
            current=latest.current,
            period_type=latest.period_type,
            new_definition=latest.new_definition,
        )
        for since, other, delta in (
            ("previous", latest.previous, latest.change_previous),
            ("a year earlier", latest.year_ago, latest.change_year),
        )
    ]
    if out[0].label and out[0].label == out[1].label:  # a yearly series: the previous period is the year earlier
        return (out[0],)
    if out[0].status == out[1].status == NEW_DEFINITION:
        return (out[0],)
    return tuple(out)


def _dispersion_notes(
    *,
    store: DataStore,
    ind: registry.Indicator,
    area_code: str,
    area_name: str,
    latest: query.Latest | None,
    threshold: int,
) -> tuple[str, str]:
    """(sentence, tile line) said beside the verdicts where councils are over-dispersed on this measure and period;
    empty otherwise."""
    if latest is None:
        return "", ""
    found = funnels.spread(
        store=store,
        indicator_id=ind.id,
        area_code=area_code,
        period_label=latest.current.label,
        period_type=latest.period_type,
        threshold=threshold,
    )
    if found is None or not found.dispersion.over_dispersed:
        return "", ""
    return found.words(area_name=area_name), found.short()


def _alternatives(table: chart_data.ChartTable, label: str) -> str:
    """The latest figure as the other publications give it (metrics.storage.query.one_per_key), or ""."""
    if not label or table.breakdown_dim is not None:
        return ""
    row = table.frame.filter((pl.col("kind") == "ours") & (pl.col("period_label") == label))
    found = row["alternatives"].drop_nulls()
    return found[0] if found.len() else ""


def _comparisons(
    *,
    store: DataStore,
    ind: registry.Indicator,
    area_code: str,
    latest: query.Latest | None,
    table: chart_data.ChartTable,
    threshold: int,
    shown: tuple[str, ...] = comparators.SHOWN_ALL,
) -> tuple[tuple[Comparison, ...], str, str | None, str | None]:
    """Verdicts against each comparator for the latest figure's own period, and its rank among councils.

    Only the period of the figure shown is judged: a verdict on an older period would sit under a newer figure.
    The verdicts are the chart table's own (its comparator rows, metrics.figures.chart_data): the figure's 95% interval
    against each comparator's value, with the method named, so the chart's CSV says what the tile says.
    """
    if latest is None or latest.current.value is None or latest.current.suppressed or table.breakdown_dim is not None:
        return (), "", None, None
    judged = table.frame.filter(
        pl.col("kind").is_in(chart_data.COMPARATOR_KINDS)
        & pl.col("breakdown_cat").is_null()
        & pl.col("verdict").is_not_null()
    )
    period = latest.current.label
    if judged.filter(pl.col("period_label") == period).height == 0:
        # nothing judged for the latest period: the latest period in which the council's figure was judged
        earlier = judged.sort("period_end")["period_label"].to_list()
        if not earlier:
            every = comparators.comparator_series(
                store=store,
                indicator_id=ind.id,
                area_code=area_code,
                breakdown_dim=None,
                shown=shown,
                threshold=threshold,
            )
            found = _unjudged(ind, every=every)
            return found, (f"nearest published, for other periods than {period}" if found else ""), None, None
        period = earlier[-1]
    rows = judged.filter(pl.col("period_label") == period)
    ours = table.frame.filter(
        (pl.col("kind") == "ours") & (pl.col("period_label") == period) & pl.col("value").is_not_null()
    )
    documents = citations.document_citations(store.documents())

    def publication(source: str | None) -> str:
        return citations.cite(source, documents=documents).publication if source else ""

    ours_from = publication(ours["source"][0]) if ours.height else ""
    out = []
    for name, kind, value, word, method, source in rows.select(
        "series", "kind", "value", "verdict", "verdict_method", "source"
    ).iter_rows():
        text = formatting.verdict_words(ind, name=name, figure=value, verdict=significance.Verdict(word, method))
        theirs_from = publication(source)
        mixed = ""
        if ours_from and theirs_from and theirs_from != ours_from and not theirs_from.startswith("Worked out here"):
            mixed = f"{table.area_name}'s figure is from {ours_from}; {name}'s from {theirs_from}: two publications"
            text += " (from another publication)"
        out.append(Comparison(name, kind, value, word, method, text, mixed, period))
    where = benchmarks.position(
        store=store,
        indicator_id=ind.id,
        area_code=area_code,
        period_label=latest.current.label,
        period_type=latest.period_type,
        threshold=threshold,
    )
    label = f"{latest.current.label}: {formatting.value(ind, latest.current.value)}" if out else ""
    if out and period != latest.current.label:
        then = formatting.value(ind, ours["value"][0]) if ours.height else "not available"
        label = f"{period}: {then}, the latest period with a comparator (the latest figure is {latest.current.label})"
    return tuple(out), label, (where.words(ind) if where else None), (where.short(ind) if where else None)


#: Why comparators for other periods than the council's are listed without a verdict.
OTHER_PERIODS = "the comparators' latest figures are for other periods than the council's"


def _unjudged(ind: registry.Indicator, *, every: pl.DataFrame) -> tuple[Comparison, ...]:
    """Where no period has both the council's figure and a comparator (a council's quarters against England's years,
    say): each comparator's latest published headline figure (``every``: the comparator series, any period type),
    with its period named, and no verdict."""
    rows = every.filter(pl.col("breakdown_dim").is_null() & pl.col("value").is_not_null()).sort("period_end")
    out = []
    for name in dict.fromkeys(rows["comparator"].to_list()):
        last = rows.filter(pl.col("comparator") == name).row(-1, named=True)
        text = (
            f"– {name}: {formatting.value(ind, last['value'])} in {last['period_label']} (not tested: another period)"
        )
        out.append(
            Comparison(
                name,
                last["comparator_kind"],
                last["value"],
                significance.NOT_TESTED,
                OTHER_PERIODS,
                text,
                period=last["period_label"],
            )
        )
    return tuple(out)


def spc_candidates(*, store: DataStore, area_code: str) -> set[str]:
    """The indicators whose headline chart could carry SPC for the council: those with at least two headline
    figures of one monthly, quarterly, weekly or snapshot series. A brief of any other indicator has no SPC
    (``_spc`` needs such a series), so a page listing every indicator's SPC builds only these briefs: one query in
    place of a brief for each of some forty indicators, for a council with yearly figures only."""
    found = store.collect(
        lambda values: (
            values.filter(
                (pl.col("area_code") == area_code)
                & pl.col("breakdown_dim").is_null()
                & pl.col("value").is_not_null()
                & pl.col("period_type").is_in(list(SPC_WORDS))
            )
            .group_by("indicator_id", "period_type")
            .len()
            .filter(pl.col("len") >= 2)
            .select("indicator_id")
        )
    )
    return set(found["indicator_id"].to_list())


def _why_no_spc(*, table: chart_data.ChartTable, ours: pl.DataFrame, regular: bool) -> str:
    """Why a chart has no SPC view, in words that fit the chart: years are not a monthly or quarterly series; a
    monthly or quarterly chart with one figure has too few points; snapshots on scattered dates are no series."""
    noun = PERIOD_NOUN.get(table.period_type or "")
    if noun is None:
        return f"{spc_icons.NOT_DRAWN.text}."
    if not regular:
        return f"SPC not drawn: it needs a monthly or quarterly series, and this chart shows {noun}s."
    points = ours.filter(pl.col("value").is_not_null()).height
    if points >= 2:  # enough figures, so they are snapshots on scattered dates (spc_series.eligible)
        return "SPC not drawn: these snapshots fall on scattered dates, not one a month."
    return f"SPC not drawn: it needs at least two {noun}s with a figure, and this chart has {points}."


def _spc(
    *,
    store: DataStore,
    ind: registry.Indicator,
    area_code: str,
    table: chart_data.ChartTable,
    ours: pl.DataFrame | None,
) -> tuple[SpcResult | None, bool, str]:
    """SPC on exactly the series the chart draws (``ours``: its rows, disclosure applied), monthly or quarterly."""
    if table.view != chart_data.OVER_TIME or table.breakdown_dim is not None or ours is None:
        return None, False, f"{spc_icons.NOT_DRAWN.text}."
    basis = SPC_WORDS.get(table.period_type or "")
    if basis is None or table.period_type is None or not spc_series.eligible(ours, period_type=table.period_type):
        return None, False, _why_no_spc(table=table, ours=ours, regular=basis is not None)
    changes = spc_series.change_points(store=store, indicator_id=ind.id, area_code=area_code)
    result, _rows = spc_series.for_series(frame=ours, indicator=ind, period_type=table.period_type, changes=changes)
    demo = result.on_demonstration
    words = (
        f"SPC ({basis} series{'; on demonstration data, not real figures' if demo else ''}): "
        f"{result.variation.text}. {result.sentence}"
    )
    return result, demo, words


def _by_breakdown(
    *,
    store: DataStore,
    ind: registry.Indicator,
    area_code: str,
    dims: list[str],
    audience: str,
    threshold: int,
    shown: tuple[str, ...],
) -> tuple[chart_data.ChartTable, tuple[str, ...], str, str, str]:
    """An indicator published only by breakdown: its latest period's categories, the largest shown large."""
    table = chart_data.build(
        store=store,
        indicator_id=ind.id,
        area_code=area_code,
        breakdown_dim=dims[0],
        view=chart_data.ONE_PERIOD,
        audience=audience,
        threshold=threshold,
        comparators_shown=shown,
    )
    mine = table.frame.filter(pl.col("kind") == "ours").sort("value", descending=True, nulls_last=True)
    categories = tuple(
        f"{cat}: {formatting.value(ind, value, suppressed=hidden)}"
        for cat, value, hidden in mine.select("breakdown_cat", "value", "suppressed").iter_rows()
    )
    top = mine.filter(pl.col("value").is_not_null())
    if not top.height:
        return table, categories, "hidden (small numbers)", "", ""
    of = "of those shown" if mine["suppressed"].any() else f"of {len(categories)}"
    return (
        table,
        categories,
        formatting.value(ind, top["value"][0]),
        f"highest {of} by {dims[0]}: {top['breakdown_cat'][0]}",
        "",
    )


def build(
    *,
    store: DataStore,
    indicator_id: str,
    area_code: str,
    heading: str = "",
    audience: str,
    threshold: int,
    breakdown_dim: str | None = None,
    view: str = chart_data.OVER_TIME,
    period_type: str | None = None,
    period_label: str | None = None,
    comparators_shown: tuple[str, ...] = comparators.SHOWN_ALL,
) -> Brief:
    """The brief for one indicator, council and chart, judged against the groups in ``comparators_shown``.
    Key messages are added by the caller (:meth:`Brief.with_messages`): they change while the figures stay."""
    ind = registry.get(indicator_id)
    table = chart_data.build(
        store=store,
        indicator_id=indicator_id,
        area_code=area_code,
        breakdown_dim=breakdown_dim,
        view=view,
        period_type=period_type,
        period_label=period_label,
        audience=audience,
        threshold=threshold,
        comparators_shown=comparators_shown,
    )
    categories: tuple[str, ...] = ()
    latest_note = ""
    dims = query.breakdowns(store=store, indicator_id=indicator_id, area_code=area_code)
    only_breakdown = (
        breakdown_dim is None
        and dims
        and table.frame.filter(
            (pl.col("kind") == "ours") & (pl.col("value").is_not_null() | pl.col("suppressed"))
        ).height
        == 0
    )
    if only_breakdown:
        table, categories, latest_value, latest_note, _ = _by_breakdown(
            store=store,
            ind=ind,
            area_code=area_code,
            dims=dims,
            audience=audience,
            threshold=threshold,
            shown=comparators_shown,
        )
    latest, whole = None, None
    if not only_breakdown and table.breakdown_dim is None and table.period_type is not None:
        # the strip follows the chart: a Years view gives the latest year and the change on the year before
        whole = disclosure.apply(
            query.series(store=store, indicator_id=indicator_id, area_code=area_code, period_type=table.period_type),
            indicator=ind,
            audience=audience,
            threshold=threshold,
            hide=disclosure.hidden_for(store=store, indicator=ind, area_code=area_code, threshold=threshold),
        )
        latest = query.latest(whole)
    comparisons, bench_period, rank, rank_short = _comparisons(
        store=store,
        ind=ind,
        area_code=area_code,
        latest=latest,
        table=table,
        threshold=threshold,
        shown=comparators_shown,
    )
    spc, spc_demo, spc_words = _spc(store=store, ind=ind, area_code=area_code, table=table, ours=whole)
    said = tuple(
        f"{label}: {note}"
        for label, note in table.statements.filter(pl.col("value").is_null()).select("period_label", "note").iter_rows()
    )
    sources = table.frame.filter(pl.col("kind") == "ours")["source"].unique(maintain_order=True).to_list()
    if only_breakdown:
        number, latest_period, period_end, demo = None, table.period_label or "", None, False
        if table.drawn.height:
            number = cast(float | None, table.drawn.filter(pl.col("kind") == "ours")["value"].max())
            period_end = cast(date | None, table.drawn["period_end"].max())
            demo = bool(table.drawn.filter(pl.col("kind") == "ours")["demonstration"].any())
    elif latest is not None and whole is not None:
        latest_value = formatting.value(ind, latest.current.value, suppressed=latest.current.suppressed)
        number, latest_period = latest.current.value, latest.current.label
        period_end = whole.filter(pl.col("period_label") == latest_period)["period_end"][0]
        demo = latest.current.is_demonstration
    else:  # no figure: the source's words, where it gives them, are the slide's and the tile's content
        latest_value = WORDS_ONLY if said else formatting.value(ind, None)
        number, latest_period, period_end, demo = None, "", None, False
    spread_note = (
        _dispersion_notes(
            store=store, ind=ind, area_code=area_code, area_name=table.area_name, latest=latest, threshold=threshold
        )
        if comparisons
        else ("", "")
    )
    return Brief(
        indicator=ind,
        area_code=area_code,
        area_name=table.area_name,
        heading=heading,
        table=table,
        latest_value=latest_value,
        latest_number=number,
        latest_period=latest_period,
        latest_period_end=period_end,
        latest_demonstration=demo,
        changes=_changes(ind, latest),
        comparisons=comparisons,
        benchmark_period=bench_period,
        rank=rank,
        rank_short=rank_short,
        spc=spc,
        spc_period_type=table.period_type if spc is not None else None,
        spc_demonstration=spc_demo,
        spc_words=spc_words,
        sources=tuple(sources),
        statement=latest.statement if latest else None,
        new_definition=latest.new_definition if latest else None,
        categories=categories,
        said=said,
        latest_note=latest_note,
        alternatives=_alternatives(table, latest_period),
        dispersion_note=spread_note[0],
        dispersion_short=spread_note[1],
        documents=citations.document_citations(store.documents()),
    )
