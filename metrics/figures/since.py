"""What has changed since a meeting: new figures, new SPC signals, and moves against benchmarks.

"New" means a figure for a period that ended after the meeting: the values
table records the periods figures cover, not the day each was loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from metrics.analysis import benchmarks, comparators, disclosure
from metrics.analysis.statistics import methods, significance
from metrics.core import formatting, registry
from metrics.figures import spc_series
from metrics.storage import query
from metrics.storage.store import DataStore

NEW_FIGURE, NEW_SIGNAL, NEW_POSITION, NEW_QUARTILE = (
    "new figure",
    "new SPC signal",
    "position against England",
    "quartile",
)


@dataclass(frozen=True)
class Change:
    indicator_id: str
    indicator: str
    kind: str
    period_label: str
    text: str
    demonstration: bool


def changes(
    *,
    store: DataStore,
    area_code: str,
    meeting: date,
    audience: str = disclosure.PUBLIC,
    threshold: int = disclosure.DEFAULT_THRESHOLD,
    shown: tuple[str, ...] = comparators.SHOWN_ALL,
) -> list[Change]:
    """Every change for the council since ``meeting``, indicator by indicator in registry order, with disclosure
    control applied first: a hidden figure is said to be hidden, and nothing is worked out from it."""
    out: list[Change] = []
    for ind in registry.INDICATORS:
        frame = disclosure.apply(
            query.series(store=store, indicator_id=ind.id, area_code=area_code),
            indicator=ind,
            audience=audience,
            threshold=threshold,
            hide=disclosure.hidden_for(store=store, indicator=ind, area_code=area_code, threshold=threshold),
        )
        new = frame.filter(
            (pl.col("period_end") > meeting) & (pl.col("value").is_not_null() | pl.col("suppressed"))
        ).sort("period_end")
        for label, value, hidden, demo in new.select(
            "period_label", "value", "suppressed", "is_demonstration"
        ).iter_rows():
            out.append(
                Change(
                    ind.id,
                    ind.title,
                    NEW_FIGURE,
                    label,
                    f"{label}: {formatting.value(ind, value, suppressed=hidden)}",
                    demo,
                )
            )
        if new.height == 0:
            continue
        out += _signals(store=store, ind=ind, area_code=area_code, frame=frame, meeting=meeting)
        out += _positions(
            store=store, ind=ind, area_code=area_code, frame=frame, meeting=meeting, threshold=threshold, shown=shown
        )
    return out


def _signals(
    *, store: DataStore, ind: registry.Indicator, area_code: str, frame: pl.DataFrame, meeting: date
) -> list[Change]:
    period_type = query.default_period_type(frame)  # the series the chart and its brief judge, not another
    if period_type is None or not spc_series.eligible(frame, period_type=period_type):
        return []
    result, rows = spc_series.for_series(
        frame=frame,
        indicator=ind,
        period_type=period_type,
        changes=spc_series.change_points(store=store, indicator_id=ind.id, area_code=area_code),
    )
    after = result.points.with_columns(
        rows["period_end"].alias("period_end"), rows["is_demonstration"].alias("demo")
    ).filter((pl.col("period_end") > meeting) & (pl.col("side") != 0))
    if after.height == 0:
        return []
    first = after.row(0, named=True)
    return [
        Change(
            ind.id,
            ind.title,
            NEW_SIGNAL,
            first["label"],
            f"{first['point_type'].capitalize()} ({first['rule']}) from {first['label']}: {result.sentence}",
            bool(after["demo"].any()),
        )
    ]


def _positions(
    *,
    store: DataStore,
    ind: registry.Indicator,
    area_code: str,
    frame: pl.DataFrame,
    meeting: date,
    threshold: int,
    shown: tuple[str, ...],
) -> list[Change]:
    out: list[Change] = []
    valued = frame.filter(pl.col("value").is_not_null() & (pl.col("period_type") == "financial year")).sort(
        "period_end"
    )
    before = valued.filter(pl.col("period_end") <= meeting)
    after = valued.filter(pl.col("period_end") > meeting)
    if before.height == 0 or after.height == 0:
        return out
    old, now = before.row(-1, named=True), after.row(-1, named=True)
    comps = comparators.comparator_series(
        store=store, indicator_id=ind.id, area_code=area_code, breakdown_dim=None, shown=shown, threshold=threshold
    )
    verdicts = {}
    for row in (old, now):
        ours = methods.estimate(
            indicator=ind,
            value=row["value"],
            numerator=row.get("numerator"),
            denominator=row.get("denominator"),
            margin_of_error=row.get("margin_of_error"),
        )
        found = {
            c.name: c.verdict.word
            for c in comparators.position(
                indicator=ind,
                comparators=comps,
                ours=ours,
                period_label=row["period_label"],
                period_type=row["period_type"],
            )
        }
        verdicts[row["period_label"]] = found.get("England")
    caveat = " (new definition: not comparable)" if now.get("definition") != old.get("definition") else ""
    was, is_ = verdicts[old["period_label"]], verdicts[now["period_label"]]
    # a move is reported only between two tested verdicts: "not tested" to "similar" is not a change of position
    if was and is_ and was != is_ and significance.NOT_TESTED not in (was, is_):
        out.append(
            Change(
                ind.id,
                ind.title,
                NEW_POSITION,
                now["period_label"],
                f"Against England: {was} in {old['period_label']}, {is_} in {now['period_label']}{caveat}",
                False,
            )
        )
    pos_old = benchmarks.position(
        store=store,
        indicator_id=ind.id,
        area_code=area_code,
        period_label=old["period_label"],
        period_type=old["period_type"],
        threshold=threshold,
    )
    pos_now = benchmarks.position(
        store=store,
        indicator_id=ind.id,
        area_code=area_code,
        period_label=now["period_label"],
        period_type=now["period_type"],
        threshold=threshold,
    )
    if pos_old and pos_now and pos_old.quartile != pos_now.quartile and ind.direction != registry.NEUTRAL:
        out.append(
            Change(
                ind.id,
                ind.title,
                NEW_QUARTILE,
                now["period_label"],
                f"From the {benchmarks.QUARTILE_SHORT[pos_old.quartile]} ({old['period_label']}) to the "
                f"{benchmarks.QUARTILE_SHORT[pos_now.quartile]} ({now['period_label']}){caveat}",
                False,
            )
        )
    return out
