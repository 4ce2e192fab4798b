"""Benchmarks for one council: England, its region, its comparator groups.

Published comparator values are used as they are. For the nearest-neighbour
group, the mean and median are computed here from the members' own values,
and only where at least MIN_MEMBERS of them have a value for the period.

A verdict on a council's figure against a comparator comes from the council's 95% confidence interval, as
Fingertips judges it (metrics.analysis.statistics); a figure with no interval is 'not tested', never judged by a margin.
"""

from __future__ import annotations

from typing import NamedTuple

import polars as pl

from metrics.analysis import disclosure
from metrics.analysis.statistics import methods, significance
from metrics.core import registry
from metrics.core.settings import COMPARATOR_KINDS
from metrics.storage import schema
from metrics.storage.query import ALL_BREAKDOWNS, area_row, rows_for
from metrics.storage.store import DataStore

MIN_MEMBERS = 3

COMPARATOR_COLUMNS = (
    "comparator",
    "comparator_kind",
    "period_end",
    "period_type",
    "period_label",
    "breakdown_dim",
    "breakdown_cat",
    "value",
    "source",
    "members",
    "definition",
)


def groups_for(*, store: DataStore, area_code: str) -> pl.DataFrame:
    """Named comparator groups built around ``area_code``: group_code, group_name, members (list).

    Where the Oflog list has no neighbours for the council, the other councils of its region stand in, under a
    name that says so."""
    groups = store.groups().filter(pl.col("for_area") == area_code)
    found = groups.group_by("group_code", "group_name", maintain_order=True).agg(
        pl.col("member_code").drop_nulls().alias("members")
    )
    if found.filter(pl.col("members").list.len() > 0).height:
        return found
    area = area_row(store=store, area_code=area_code)
    if not area.get("region_code"):
        return found
    region = area_row(store=store, area_code=area["region_code"])["area_name"]
    members = (
        store.areas()
        .filter(
            (pl.col("region_code") == area["region_code"])
            & (pl.col("area_type") == "council")
            & (pl.col("area_code") != area_code)
        )["area_code"]
        .to_list()
    )
    fallback = pl.DataFrame(
        {
            "group_code": [f"REGION-{area_code}"],
            "group_name": [f"Other councils in {region} (no Oflog neighbour list for this council)"],
            "members": [members],
        },
        schema={"group_code": pl.String, "group_name": pl.String, "members": pl.List(pl.String)},
    )
    return pl.concat([found, fallback]) if found.height else fallback


#: The comparator groups a council can be shown against (config.toml's `comparators`); nearest neighbours
#: covers the neighbours' mean and median and any published group average.
SHOWN_ALL = COMPARATOR_KINDS


def comparator_series(
    *,
    store: DataStore,
    indicator_id: str,
    area_code: str,
    breakdown_dim: str | None = ALL_BREAKDOWNS,
    shown: tuple[str, ...] = SHOWN_ALL,
    threshold: int = disclosure.DEFAULT_THRESHOLD,
) -> pl.DataFrame:
    """Every comparator value for one council's indicator, all periods, long format: the headline rows
    (``breakdown_dim=None``), one breakdown, or all of them; only the groups in ``shown``. Worked out once per
    store: a chart, its brief and its tile all ask for the same.

    The neighbours' mean and median are worked out only from figures disclosure control lets anyone see (for
    every audience: they are other councils' figures), so a hidden figure cannot be recovered from an average."""
    key = ("comparators", indicator_id, area_code, breakdown_dim, tuple(shown), threshold)
    return store.recent(  # one a council: kept for the most recently used only, so memory does not grow with councils
        key,
        lambda: _comparator_series(
            store=store,
            indicator_id=indicator_id,
            area_code=area_code,
            breakdown_dim=breakdown_dim,
            shown=shown,
            threshold=threshold,
        ),
    )


def _comparator_series(
    *,
    store: DataStore,
    indicator_id: str,
    area_code: str,
    breakdown_dim: str | None,
    shown: tuple[str, ...],
    threshold: int,
) -> pl.DataFrame:
    area = area_row(store=store, area_code=area_code)
    labels: dict[str, tuple[str, str]] = {schema.ENGLAND: ("England", "england")} if "england" in shown else {}
    if area.get("region_code") and "region" in shown:
        region = area_row(store=store, area_code=area["region_code"])
        labels[area["region_code"]] = (region["area_name"], "region")
    groups = groups_for(store=store, area_code=area_code)
    if "nearest_neighbours" not in shown:
        groups = groups.clear()
    for code, name, _members in groups.iter_rows():
        labels[code] = (f"{name} (published average)", "group")
    members = {code: list(m) for code, _n, m in groups.iter_rows() if len(m)}
    wanted = list(labels) + [m for ms in members.values() for m in ms]
    rows = rows_for(store=store, indicator_id=indicator_id, area_codes=wanted, breakdown_dim=breakdown_dim).filter(
        pl.col("value").is_not_null()
    )

    published = rows.filter(pl.col("area_code").is_in(list(labels))).with_columns(
        pl.col("area_code").replace_strict({k: v[0] for k, v in labels.items()}).alias("comparator"),
        pl.col("area_code").replace_strict({k: v[1] for k, v in labels.items()}).alias("comparator_kind"),
        pl.lit(None, pl.UInt32).alias("members"),
    )
    frames = [published.select(COMPARATOR_COLUMNS)]
    keys = ["period_end", "period_type", "period_label", "breakdown_dim", "breakdown_cat"]
    indicator = registry.get(indicator_id)
    # each member's figures hidden as its own pages hide them (decided over its whole family), so a mean never
    # carries a figure a member's page hides
    member_codes = sorted({m for ms in members.values() for m in ms})
    hide = (
        disclosure.hidden_among(store=store, indicator=indicator, area_codes=member_codes, threshold=threshold)
        if member_codes
        else None
    )
    visible = disclosure.apply(
        rows, indicator=indicator, audience=disclosure.PUBLIC, threshold=threshold, hide=hide
    ).filter(~pl.col("suppressed") & pl.col("value").is_not_null())
    for code, member_codes in members.items():
        name = groups.filter(pl.col("group_code") == code)["group_name"][0]
        agg = (
            visible.filter(pl.col("area_code").is_in(member_codes))
            .group_by(keys)
            .agg(
                pl.col("value").mean().alias("mean"),
                pl.col("value").median().alias("median"),
                pl.len().cast(pl.UInt32).alias("members"),
                pl.col("definition").drop_nulls().first().alias("definition"),
            )
            .filter(pl.col("members") >= MIN_MEMBERS)
        )
        for stat in ("mean", "median"):
            frames.append(
                agg.select(
                    pl.lit(f"{name}: {stat}").alias("comparator"),
                    pl.lit(f"neighbours_{stat}").alias("comparator_kind"),
                    *keys[:3],
                    *keys[3:],
                    pl.col(stat).alias("value"),
                    pl.format("Computed here: {} of {} neighbours' values", pl.lit(stat), pl.col("members")).alias(
                        "source"
                    ),
                    "members",
                    "definition",
                ).select(COMPARATOR_COLUMNS)
            )
    return pl.concat(frames, how="vertical_relaxed").sort("comparator", "period_end")


class Found(NamedTuple):
    name: str
    kind: str  # england | region | neighbours_mean | neighbours_median | group
    value: float
    verdict: significance.Verdict


def position(
    *,
    indicator: registry.Indicator,
    comparators: pl.DataFrame,
    ours: methods.Estimate,
    period_label: str,
    period_type: str,
    breakdown_cat: str | None = None,
) -> list[Found]:
    """Each comparator with a value for the same period, with its kind and the verdict on ours: our 95% interval
    against the comparator's value, read through the indicator's good direction (metrics.analysis.statistics.significance).
    With no interval the verdict is 'not tested' and says why; there is no fallback to a fixed margin."""
    same = comparators.filter((pl.col("period_label") == period_label) & (pl.col("period_type") == period_type))
    same = same.filter(
        pl.col("breakdown_cat").is_null() if breakdown_cat is None else pl.col("breakdown_cat") == breakdown_cat
    )
    return [
        Found(
            name,
            kind,
            value,
            significance.judge(
                lower=ours.lower, upper=ours.upper, comparator=value, direction=indicator.direction, method=ours.method
            ),
        )
        for name, kind, value in same.select("comparator", "comparator_kind", "value").iter_rows()
    ]
