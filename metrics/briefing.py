"""One indicator on one screen or slide: everything a meeting needs to see, put together once.

Presentation mode and the meeting pack (PowerPoint and PDF) both draw from a
:class:`Brief`, so a slide and the screen always say the same thing. Every
figure passes through disclosure control for the configured audience before
it reaches a Brief, so a hidden count stays hidden in every export.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

import polars as pl

from metrics import benchmarks, chart_data, comparators, disclosure, formatting, periods, query, registry
from metrics.commentary import Message
from metrics.spc import series as spc_series
from metrics.spc.pipeline import SpcResult
from metrics.store import DataStore

#: SPC is drawn from the finest regular series the council has, in this order of preference.
SPC_PERIODS = (periods.MONTH, periods.QUARTER, periods.SNAPSHOT)


@dataclass(frozen=True)
class Brief:
    indicator: registry.Indicator
    area_code: str
    area_name: str
    heading: str                      # the agenda heading it sits under
    table: chart_data.ChartTable      # the headline chart, over time, disclosure applied
    latest_value: str                 # "1,348", "88.2%", "hidden (small number)", "not available"
    latest_period: str                # "Jun 2023"; "" when there is no figure
    changes: tuple[str, ...]          # "▲ 414 since Jun 2022 (demonstration): worsening"
    benchmarks: tuple[str, ...]       # "✔ better than England (81.8%)"
    benchmark_period: str             # the period the benchmark lines compare
    rank: str | None                  # "rank 12 of 152 councils, top quartile (best 25%), 2021/22"
    spc: SpcResult | None
    spc_period_type: str | None
    sources: tuple[str, ...]
    statement: str | None             # a newer figure the source gives only in words
    categories: tuple[str, ...] = ()  # for an indicator published only by breakdown: each category's latest figure
    said: tuple[str, ...] = ()        # what the source says in words, where it gives no number
    spc_demonstration: bool = False   # the SPC series includes demonstration points
    latest_note: str = ""             # for a breakdown-only indicator: which category the large figure is
    messages: tuple[Message, ...] = field(default_factory=tuple)

    @property
    def uses_demonstration(self) -> bool:
        return self.table.uses_demonstration

    @property
    def suppressed(self) -> int:
        return self.table.suppressed

    @property
    def title(self) -> str:
        return f"{self.indicator.title}, {self.area_name}" + (f": {self.latest_period}" if self.latest_period else "")

    def with_messages(self, messages: list[Message]) -> Brief:
        return replace(self, messages=tuple(messages))


def _changes(ind: registry.Indicator, latest: query.Latest | None) -> tuple[str, ...]:
    if latest is None:
        return ()
    out = []
    for other, delta in ((latest.previous, latest.change_previous), (latest.year_ago, latest.change_year)):
        if other is None:
            continue
        demo = " (demonstration)" if other.is_demonstration else ""
        if delta is None:
            out.append(f"Change since {other.label}{demo}: hidden (small numbers)")
            continue
        out.append(formatting.change_words(ind, delta=delta, since=other.label,
                                           demonstration=other.is_demonstration))
    return tuple(dict.fromkeys(out))  # a yearly series' previous period is also its year-earlier one: said once


def _benchmarks(*, store: DataStore, ind: registry.Indicator, area_code: str, ours: pl.DataFrame,
                latest: query.Latest | None) -> tuple[tuple[str, ...], str, str | None]:
    """Verdict lines against each comparator, for the latest period that has comparators; the period; the rank."""
    comps = comparators.comparator_series(store=store, indicator_id=ind.id, area_code=area_code, breakdown_dim=None)
    valued = ours.filter(pl.col("value").is_not_null() & ~pl.col("suppressed")).sort("period_end")
    shared = valued.join(comps.select("period_label", "period_type").unique(), on=["period_label", "period_type"])
    if latest is not None and latest.current.value is not None:
        same = shared.filter(pl.col("period_label") == latest.current.label)
        if same.height:
            shared = same
    if shared.height == 0:
        return (), "", None
    row = shared.row(-1, named=True)
    lines = []
    for name, value, verdict in comparators.position(indicator=ind, comparators=comps, ours=row["value"],
                                                     period_label=row["period_label"], period_type=row["period_type"]):
        lines.append(formatting.verdict_words(ind, name=name, figure=value, verdict=verdict))
    where = benchmarks.position(store=store, indicator_id=ind.id, area_code=area_code,
                                period_label=row["period_label"], period_type=row["period_type"])
    label = f"{row['period_label']}: {formatting.value(ind, row['value'])}"
    return tuple(lines), label, where.words(ind) if where else None


def _spc(*, store: DataStore, ind: registry.Indicator, area_code: str,
         ours: pl.DataFrame) -> tuple[SpcResult | None, str | None]:
    for period_type in SPC_PERIODS:
        if spc_series.eligible(ours, period_type=period_type):
            changes = spc_series.change_points(store=store, indicator_id=ind.id, area_code=area_code)
            result, _rows = spc_series.for_series(frame=ours, indicator=ind, period_type=period_type, changes=changes)
            return result, period_type
    return None, None


def build(*, store: DataStore, indicator_id: str, area_code: str, heading: str, audience: str,
          threshold: int) -> Brief:
    """The brief for one indicator and council. Key messages are added by the caller (:meth:`Brief.with_messages`)."""
    ind = registry.get(indicator_id)
    table = chart_data.build(store=store, indicator_id=indicator_id, area_code=area_code, audience=audience,
                             threshold=threshold)
    categories: tuple[str, ...] = ()
    dims = query.breakdowns(store=store, indicator_id=indicator_id, area_code=area_code)
    if table.drawn.filter(pl.col("kind") == "ours").height == 0 and dims:  # published only by breakdown
        table = chart_data.build(store=store, indicator_id=indicator_id, area_code=area_code, breakdown_dim=dims[0],
                                 view=chart_data.ONE_PERIOD, audience=audience, threshold=threshold)
        mine = table.frame.filter(pl.col("kind") == "ours").sort("value", descending=True, nulls_last=True)
        categories = tuple(f"{cat}: {formatting.value(ind, value, suppressed=hidden)}"
                           for cat, value, hidden in mine.select("breakdown_cat", "value", "suppressed").iter_rows())
        top = mine.filter(pl.col("value").is_not_null())
    ours = disclosure.apply(query.series(store=store, indicator_id=indicator_id, area_code=area_code),
                            indicator=ind, audience=audience, threshold=threshold)
    latest = query.latest(ours)
    lines, period, rank = _benchmarks(store=store, ind=ind, area_code=area_code, ours=ours, latest=latest)
    spc, spc_type = _spc(store=store, ind=ind, area_code=area_code, ours=ours)
    spc_demo = spc is not None and bool(ours.filter((pl.col("period_type") == spc_type)
                                                    & pl.col("value").is_not_null())["is_demonstration"].any())
    sources = table.frame.filter(pl.col("kind") == "ours")["source"].unique(maintain_order=True).to_list()
    said = tuple(f"{label}: {note}" for label, note in table.statements.filter(pl.col("value").is_null())
                 .select("period_label", "note").iter_rows())
    latest_note = ""
    if categories and top.height:  # the largest category, large; every category is listed beside it
        latest_value = formatting.value(ind, top["value"][0])
        latest_period = table.period_label or ""
        shown = "of those shown" if mine["suppressed"].any() else f"of {len(categories)}"
        latest_note = f"highest {shown} by {dims[0]}: {top['breakdown_cat'][0]}"
    elif categories:
        latest_value, latest_period = "hidden (small numbers)", table.period_label or ""
    elif latest is not None:
        latest_value = formatting.value(ind, latest.current.value, suppressed=latest.current.suppressed)
        latest_period = latest.current.label
    else:
        latest_value, latest_period = "not available", ""
    return Brief(
        indicator=ind, area_code=area_code, area_name=table.area_name, heading=heading, table=table,
        latest_value=latest_value, latest_period=latest_period,
        changes=_changes(ind, latest), benchmarks=lines, benchmark_period=period, rank=rank,
        spc=spc, spc_period_type=spc_type, sources=tuple(sources),
        statement=latest.statement if latest else None, categories=categories, said=said,
        spc_demonstration=spc_demo, latest_note=latest_note)
