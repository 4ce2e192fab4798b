"""Where a council sits among all councils: quartiles, rank and the national spread.

Computed here from every council's own published value for the period, so
they need no published quartiles. Rank 1 is the best in the indicator's good
direction; for an indicator with no good direction, rank 1 is the largest
value and the words say "largest", not "best".

Rankings and spreads show other councils' figures to everyone, so they
always pass disclosure control as a public view would: a council whose
figure is a small count, or a percentage or rate on fewer than ``threshold``
people (the Isles of Scilly's 0% of 1), is left out of the ranking and the
spread rather than shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from metrics.analysis import disclosure
from metrics.core import registry
from metrics.storage.query import SERIES_COLUMNS, one_per_key, release_order, rows_for, with_implied_counts
from metrics.storage.store import DataStore

#: Fewer councils than this with a value, and a period is not treated as comparable.
MIN_COUNCILS = 20
QUARTILE_SHORT = {1: "top quartile", 2: "2nd quartile", 3: "3rd quartile", 4: "bottom quartile"}
QUARTILE_WORDS = {
    1: "top quartile (best 25% of councils)",
    2: "second quartile",
    3: "third quartile",
    4: "bottom quartile (worst 25% of councils)",
}


def council_codes(*, store: DataStore) -> list[str]:
    return store.areas().filter(pl.col("area_type") == "council")["area_code"].to_list()


def _all_council_values(store: DataStore, threshold: int) -> pl.DataFrame:
    """Every council's headline values for every indicator, disclosure control applied, read once per store."""
    codes = council_codes(store=store)
    frame = store.collect(
        lambda values: values.filter(pl.col("area_code").is_in(codes) & pl.col("breakdown_dim").is_null()).select(
            "indicator_id", *SERIES_COLUMNS
        )
    )
    parts = [
        disclosure.apply(
            with_implied_counts(
                one_per_key(part, newest=release_order(store=store)).drop("alternatives"),
                store=store,
                indicator=registry.get(part["indicator_id"][0]),
            ),
            indicator=registry.get(part["indicator_id"][0]),
            audience=disclosure.PUBLIC,
            threshold=threshold,
            # each council's figures hidden as its own pages hide them (decided over its whole family)
            hide=disclosure.hidden_among(
                store=store, indicator=registry.get(part["indicator_id"][0]), area_codes=codes, threshold=threshold
            ),
        ).drop("suppressed")
        for part in frame.partition_by("indicator_id")
        if part["indicator_id"][0] in registry.ids()
    ]
    return pl.concat(parts).filter(pl.col("value").is_not_null()) if parts else frame


def council_values(
    *, store: DataStore, indicator_id: str, threshold: int = disclosure.DEFAULT_THRESHOLD
) -> pl.DataFrame:
    """Every council's headline value for the indicator, all periods (one row per council and period); values
    that disclosure control hides are left out."""
    registry.get(indicator_id)
    every = store.memo(f"council_values:{threshold}", lambda: _all_council_values(store, threshold))
    return every.filter(pl.col("indicator_id") == indicator_id).drop("indicator_id")


def spread(*, store: DataStore, indicator_id: str, threshold: int = disclosure.DEFAULT_THRESHOLD) -> pl.DataFrame:
    """Per period: councils with a value, minimum, 25th percentile, median, 75th percentile, maximum."""
    return store.memo(f"spread:{indicator_id}:{threshold}", lambda: _spread(store, indicator_id, threshold))


def _spread(store: DataStore, indicator_id: str, threshold: int) -> pl.DataFrame:
    values = council_values(store=store, indicator_id=indicator_id, threshold=threshold)
    return (
        values.group_by("period_type", "period_label", "period_end")
        .agg(
            pl.len().alias("councils"),
            pl.col("value").min().alias("min"),
            pl.col("value").quantile(0.25, interpolation="linear").alias("q1"),
            pl.col("value").median().alias("median"),
            pl.col("value").quantile(0.75, interpolation="linear").alias("q3"),
            pl.col("value").max().alias("max"),
        )
        .filter(pl.col("councils") >= MIN_COUNCILS)
        .sort("period_end")
    )


def ranking(
    *,
    store: DataStore,
    indicator_id: str,
    period_label: str,
    period_type: str,
    threshold: int = disclosure.DEFAULT_THRESHOLD,
) -> pl.DataFrame:
    """All councils with a value for one period, best first: area_code, area_name, value, rank, quartile."""
    ind = registry.get(indicator_id)
    values = council_values(store=store, indicator_id=indicator_id, threshold=threshold).filter(
        (pl.col("period_label") == period_label) & (pl.col("period_type") == period_type)
    )
    descending = ind.direction != registry.LOWER
    names = store.areas().select("area_code", "area_name", "region_code")
    n = values.height
    ranked = values.select("area_code", "value", "source", "note", "definition").with_columns(
        pl.col("value").rank("min", descending=descending).cast(pl.Int32).alias("rank")
    )
    return (
        ranked.join(names, on="area_code", how="left")
        .with_columns(
            ((pl.col("rank") - 1) * 4 // max(n, 1) + 1).clip(1, 4).cast(pl.Int8).alias("quartile"),
            pl.lit(n).alias("of"),
        )
        .sort("rank", "area_name")
    )


@dataclass(frozen=True)
class Position:
    rank: int
    of: int
    quartile: int
    period_label: str

    def short(self, indicator: registry.Indicator) -> str:
        if indicator.direction == registry.NEUTRAL:
            return f"{self.rank} of {self.of} councils by size"
        return f"Rank {self.rank} of {self.of} ({QUARTILE_SHORT[self.quartile]})"

    def words(self, indicator: registry.Indicator) -> str:
        if indicator.direction == registry.NEUTRAL:
            return f"{self.rank} of {self.of} councils by size (largest first), {self.period_label}"
        return f"rank {self.rank} of {self.of} councils, {QUARTILE_WORDS[self.quartile]}, {self.period_label}"


def position(
    *,
    store: DataStore,
    indicator_id: str,
    area_code: str,
    period_label: str,
    period_type: str,
    threshold: int = disclosure.DEFAULT_THRESHOLD,
) -> Position | None:
    """The council's rank and quartile among all councils for one period; None when not comparable."""
    table = ranking(
        store=store, indicator_id=indicator_id, period_label=period_label, period_type=period_type, threshold=threshold
    )
    if table.height < MIN_COUNCILS:
        return None
    ours = table.filter(pl.col("area_code") == area_code)
    if ours.height == 0:
        return None
    return Position(int(ours["rank"][0]), table.height, int(ours["quartile"][0]), period_label)


def latest_comparable(
    *, store: DataStore, indicator_id: str, area_code: str, threshold: int = disclosure.DEFAULT_THRESHOLD
) -> tuple[str, str] | None:
    """(period_label, period_type) of the latest period where the council and enough others have a value."""
    values = council_values(store=store, indicator_id=indicator_id, threshold=threshold)
    counts = values.group_by("period_label", "period_type", "period_end").agg(
        pl.len().alias("n"), (pl.col("area_code") == area_code).any().alias("ours")
    )
    ok = counts.filter((pl.col("n") >= MIN_COUNCILS) & pl.col("ours")).sort("period_end")
    return (ok["period_label"][-1], ok["period_type"][-1]) if ok.height else None


SPINE_COLUMNS = (
    "indicator_id",
    "indicator",
    "domain",
    "direction",
    "period_label",
    "ours",
    "england",
    "min",
    "q1",
    "median",
    "q3",
    "max",
    "rank",
    "of",
    "quartile",
)


def spine(*, store: DataStore, area_code: str, threshold: int = disclosure.DEFAULT_THRESHOLD) -> pl.DataFrame:
    """Every comparable indicator at its latest comparable period for the council: our value against the
    national spread and England. One row per indicator (SPINE_COLUMNS); neutral indicators are left out."""
    rows = []
    from metrics.storage.schema import ENGLAND

    for ind in registry.INDICATORS:
        if ind.direction == registry.NEUTRAL:
            continue
        latest = latest_comparable(store=store, indicator_id=ind.id, area_code=area_code, threshold=threshold)
        if latest is None:
            continue
        label, ptype = latest
        table = ranking(store=store, indicator_id=ind.id, period_label=label, period_type=ptype, threshold=threshold)
        ours = table.filter(pl.col("area_code") == area_code).row(0, named=True)
        values = table["value"]
        england = rows_for(store=store, indicator_id=ind.id, area_codes=[ENGLAND], breakdown_dim=None).filter(
            pl.col("period_label") == label
        )
        rows.append(
            (
                ind.id,
                ind.title,
                ind.domain_title,
                ind.direction,
                label,
                ours["value"],
                england["value"][0] if england.height else None,
                values.min(),
                values.quantile(0.25, interpolation="linear"),
                values.median(),
                values.quantile(0.75, interpolation="linear"),
                values.max(),
                ours["rank"],
                table.height,
                ours["quartile"],
            )
        )
    return pl.DataFrame(rows, schema=list(SPINE_COLUMNS), orient="row")
