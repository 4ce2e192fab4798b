"""The small API the pages need: one indicator's series for one area.

Every function filters the lazily scanned values, so the Parquet reader
skips what a chart does not need.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from metrics.core import periods, registry
from metrics.core.errors import MetricsError, UnknownAreaError
from metrics.storage import schema
from metrics.storage.store import DataStore

SERIES_COLUMNS = (
    "area_code",
    "period_start",
    "period_end",
    "period_type",
    "period_label",
    "breakdown_dim",
    "breakdown_cat",
    "value",
    "numerator",
    "denominator",
    "margin_of_error",
    "status",
    "source",
    "provenance",
    "note",
    "definition",
    "dataset",
)

#: Preferred period types for a chart, finest first.
PERIOD_ORDER = (
    periods.MONTH,
    periods.QUARTER,
    periods.FINANCIAL_YEAR,
    periods.SNAPSHOT,
    periods.PART_YEAR,
    periods.WEEK,
)


def area_name(*, store: DataStore, area_code: str) -> str:
    hit = store.areas().filter(pl.col("area_code") == area_code)
    if hit.height == 0:
        raise UnknownAreaError(area_code=area_code)
    return hit["area_name"][0]


def area_row(*, store: DataStore, area_code: str) -> dict:
    hit = store.areas().filter(pl.col("area_code") == area_code)
    if hit.height == 0:
        raise UnknownAreaError(area_code=area_code)
    return hit.row(0, named=True)


KEY = ["area_code", "period_type", "period_label", "breakdown_dim", "breakdown_cat"]
NATIONAL_PREFIX = "national_"


#: The ONS codes of councils (unitary, district, metropolitan, London borough, county): E06 to E10.
COUNCIL_CODE = r"^E(0[6-9]|10)\d{6}$"
#: The rule that picks one row where datasets give the same figure, in order (docs/methods.md, "One row per figure").
CHOICE_RULE = (
    "published over computed from the council's records over demonstration (demonstration fills only what nothing "
    "publishes); a value over words alone; a row with its parts (numerator and denominator, or margin of error) over "
    "one without; for a council's figure its own document over a national file, and for England's, a region's or a "
    "group's the national file; then the most recently published file"
)
_PROVENANCE_RANK = {schema.PUBLISHED: 0, schema.COMPUTED: 1, schema.DEMONSTRATION: 2}


def release_order(*, store: DataStore) -> dict[str, int]:
    """Each served dataset's place by when its file was published, newest first (0)."""

    def build() -> dict[str, int]:
        made = store.datasets().filter(pl.col("served")).sort("published_at", descending=True, nulls_last=True)
        return {name: i for i, name in enumerate(made["dataset"].to_list())}

    return store.memo("release_order", build)


def one_per_key(frame: pl.DataFrame, *, newest: dict[str, int] | None = None) -> pl.DataFrame:
    """Where datasets give the same figure, keep one row by :data:`CHOICE_RULE` (``newest``: release_order).

    The other real rows that give a different value are kept as ``alternatives`` ("34.1 (source)", for the data
    table), and
    the notes of every real row are kept, so a document's words ("in the best 25% of councils") survive beside the
    national figure; a demonstration row that loses leaves nothing behind: neither its number nor its note."""
    with_alternatives = frame.with_columns(pl.lit(None, pl.String).alias("alternatives"))
    if frame.height == 0 or frame["dataset"].n_unique() == 1:  # one dataset: its key is already unique
        return with_alternatives
    parts = (pl.col("numerator").is_not_null() & pl.col("denominator").is_not_null()) | pl.col(
        "margin_of_error"
    ).is_not_null()
    order = newest or {}
    ordered = frame.with_columns(
        pl.col("provenance").replace_strict(_PROVENANCE_RANK, default=3, return_dtype=pl.Int8).alias("_r1"),
        pl.col("value").is_null().alias("_r2"),
        (~parts).alias("_r3"),
        # a council's own document first for that council's figures; for England, a region or a group, the
        # national file (a council's report quotes England's figure, but every other council's page shows it too)
        (pl.col("dataset").str.starts_with(NATIONAL_PREFIX) == pl.col("area_code").str.contains(COUNCIL_CODE)).alias(
            "_r4"
        ),
        pl.col("dataset").replace_strict(order, default=len(order), return_dtype=pl.Int32).alias("_r5"),
    ).sort("_r1", "_r2", "_r3", "_r4", "_r5", "dataset")
    real = ordered.filter(pl.col("provenance") != schema.DEMONSTRATION)
    notes = real.group_by(KEY, maintain_order=True).agg(
        pl.col("note").drop_nulls().unique(maintain_order=True).str.join("; ").alias("_notes")
    )
    best = ordered.unique(subset=KEY, keep="first", maintain_order=True)
    others = (
        real.join(
            best.select(*KEY, pl.col("dataset").alias("_chosen"), pl.col("value").alias("_value")),
            on=KEY,
            nulls_equal=True,
        )
        .filter(
            (pl.col("dataset") != pl.col("_chosen"))
            & pl.col("value").is_not_null()
            & pl.col("value").ne_missing(pl.col("_value"))  # the same figure twice is not an alternative
        )
        .group_by(KEY, maintain_order=True)
        .agg(pl.format("{} ({})", pl.col("value").round(2), pl.col("source")).str.join("; ").alias("alternatives"))
    )
    return (
        best.join(notes, on=KEY, nulls_equal=True, how="left")
        .join(others, on=KEY, nulls_equal=True, how="left")
        .with_columns(
            pl.when(pl.col("provenance") == schema.DEMONSTRATION)
            .then(pl.col("note"))
            .when(pl.col("_notes") == "")
            .then(None)
            .otherwise(pl.col("_notes"))
            .alias("note")
        )
        .drop("_r1", "_r2", "_r3", "_r4", "_r5", "_notes")
    )


def demonstration_flag() -> pl.Expr:
    """``is_demonstration``, worked out from the one provenance field, for the code that asks yes or no."""
    return (pl.col("provenance") == schema.DEMONSTRATION).alias("is_demonstration")


#: rows_for(breakdown_dim=ALL_BREAKDOWNS): the headline rows and every breakdown.
ALL_BREAKDOWNS = "*"


def _breakdown_filter(breakdown_dim: str | None) -> pl.Expr:
    if breakdown_dim == ALL_BREAKDOWNS:
        return pl.lit(True)
    return pl.col("breakdown_dim").is_null() if breakdown_dim is None else pl.col("breakdown_dim") == breakdown_dim


def with_implied_counts(frame: pl.DataFrame, *, store: DataStore, indicator: registry.Indicator) -> pl.DataFrame:
    """``frame`` with ``implied_count``: for a rate per 100,000 published without its count, the count worked back
    from the bundled population of its band (registry ``population_band``), so that disclosure control can hide a
    rate that stands for one or two people; empty otherwise."""
    if not indicator.population_band or frame.height == 0:
        return frame.with_columns(pl.lit(None, pl.Float64).alias("implied_count"))
    try:
        pop = store.population().filter(pl.col("age_band") == indicator.population_band)
    except MetricsError:
        return frame.with_columns(pl.lit(None, pl.Float64).alias("implied_count"))
    nearest = pop.sort("year").group_by("area_code").agg(pl.col("population").last().cast(pl.Float64).alias("_pop"))
    return (
        frame.join(nearest, on="area_code", how="left")
        .with_columns(
            pl.when(pl.col("numerator").is_null())
            .then((pl.col("value") * pl.col("_pop") / 100_000).round(0))
            .alias("implied_count")
        )
        .drop("_pop")
    )


def rows_for(
    *, store: DataStore, indicator_id: str, area_codes: list[str], breakdown_dim: str | None = ALL_BREAKDOWNS
) -> pl.DataFrame:
    """Rows of one indicator for some areas, one row per figure: the headline rows (``breakdown_dim=None``),
    one breakdown, or all of them.

    An indicator with at most :data:`KEPT_ROWS` rows (every area) is read once per store and each question is
    answered from memory; a larger one is read each time with every filter pushed into the Parquet scan. Recent
    answers are kept either way (:meth:`DataStore.recent`): a page asks the same ones on every rerun."""
    registry.get(indicator_id)  # raises for an unknown id
    return store.recent(
        ("rows_for", indicator_id, tuple(area_codes), breakdown_dim),
        lambda: _rows_for(store=store, indicator_id=indicator_id, area_codes=area_codes, breakdown_dim=breakdown_dim),
    )


#: An indicator with at most this many rows over every area is kept in memory (:func:`rows_for`): at about 350
#: bytes a row, 70 MB at most each; the bundled data's largest has under 8,000.
KEPT_ROWS = 200_000


def _rows_for(*, store: DataStore, indicator_id: str, area_codes: list[str], breakdown_dim: str | None) -> pl.DataFrame:
    wanted = pl.col("area_code").is_in(area_codes) & _breakdown_filter(breakdown_dim)
    every = _every_area(store=store, indicator_id=indicator_id)
    if every is not None:
        return every.filter(wanted)
    return _chosen(
        store=store,
        indicator_id=indicator_id,
        frame=store.collect(lambda values: values.filter(_of(indicator_id) & wanted), indicator_id=indicator_id),
    )


def _of(indicator_id: str) -> pl.Expr:
    return pl.col("indicator_id") == indicator_id


def _every_area(*, store: DataStore, indicator_id: str) -> pl.DataFrame | None:
    """Every area's rows of one indicator, chosen as :func:`rows_for` gives them, or None when there are more than
    :data:`KEPT_ROWS`."""

    def build() -> pl.DataFrame | None:
        count = store.collect(
            lambda values: values.filter(_of(indicator_id)).select(pl.len()), indicator_id=indicator_id
        )
        if count.item() > KEPT_ROWS:
            return None
        frame = store.collect(lambda values: values.filter(_of(indicator_id)), indicator_id=indicator_id)
        return _chosen(store=store, indicator_id=indicator_id, frame=frame)

    return store.memo(f"every_area:{indicator_id}", build)


def _chosen(*, store: DataStore, indicator_id: str, frame: pl.DataFrame) -> pl.DataFrame:
    """One row per figure (:func:`one_per_key`), with implied counts, in period order."""
    frame = frame.select(SERIES_COLUMNS).with_columns(demonstration_flag())
    chosen = one_per_key(frame, newest=release_order(store=store))
    return with_implied_counts(chosen, store=store, indicator=registry.get(indicator_id)).sort(
        "period_end", "breakdown_dim", "breakdown_cat", "area_code", nulls_last=False
    )


def series(
    *,
    store: DataStore,
    indicator_id: str,
    area_code: str,
    breakdown_dim: str | None = None,
    period_type: str | None = None,
) -> pl.DataFrame:
    """One indicator for one area: the headline rows, or the rows of one breakdown."""
    frame = rows_for(store=store, indicator_id=indicator_id, area_codes=[area_code], breakdown_dim=breakdown_dim)
    if period_type is not None:
        frame = frame.filter(pl.col("period_type") == period_type)
    return frame


def breakdowns(*, store: DataStore, indicator_id: str, area_code: str) -> list[str]:
    """The breakdown dimensions this indicator has for this area, in a stable order."""
    frame = rows_for(store=store, indicator_id=indicator_id, area_codes=[area_code])
    return sorted(frame["breakdown_dim"].drop_nulls().unique().to_list())


def period_types(frame: pl.DataFrame) -> list[str]:
    """The period types with at least one value in ``frame``, finest first."""
    found = set(frame.filter(pl.col("value").is_not_null())["period_type"].to_list())
    return [p for p in PERIOD_ORDER if p in found]


def default_period_type(frame: pl.DataFrame) -> str | None:
    """The period type a chart (and so its tile, strip and slide) opens on: the one holding the newest published
    figure, so the latest figure is always the one people see first (a 2023/24 Q1 after the last whole year);
    where two types end on the same day, the one with more published values, then the finer.

    Demonstration rows count only where nothing is published, so a chart opens on a series the source reports.
    """
    valued = frame.filter(pl.col("value").is_not_null())
    real = valued.filter(pl.col("provenance") != schema.DEMONSTRATION)
    if real.height:
        valued = real
    ranked = valued.group_by("period_type").agg(pl.col("period_end").max().alias("newest"), pl.len().alias("n"))
    if ranked.height == 0:
        return None
    best = sorted(ranked.iter_rows(), key=lambda r: (-r[1].toordinal(), -r[2], PERIOD_ORDER.index(r[0])))
    return best[0][0]


@dataclass(frozen=True)
class Point:
    value: float | None  # None only when hidden by disclosure control
    label: str
    is_demonstration: bool
    suppressed: bool = False


@dataclass(frozen=True)
class Latest:
    """The latest value of a series and how it moved."""

    current: Point
    period_type: str
    previous: Point | None
    year_ago: Point | None
    statement: str | None  # a newer statement the source makes in words, if any
    source: str
    new_definition: str | None = None  # the latest figure starts a new definition: nothing earlier compares with it

    def _change(self, other: Point | None) -> float | None:
        if other is None or other.value is None or self.current.value is None:
            return None
        return self.current.value - other.value

    @property
    def change_previous(self) -> float | None:
        return self._change(self.previous)

    @property
    def change_year(self) -> float | None:
        return self._change(self.year_ago)


def _year_before(end: date) -> date:
    try:
        return end.replace(year=end.year - 1)
    except ValueError:  # 29 February
        return end.replace(year=end.year - 1, day=28)


def latest(frame: pl.DataFrame) -> Latest | None:
    """Latest value in a one-series frame, with the previous period and the same period a year earlier.

    The latest is taken from the period type of the latest published figure,
    so generated monthly detail never displaces a published quarter; the
    previous period and the year-earlier period are of the same type (a
    quarter is compared with quarters). None when no row has a
    value. A row hidden by disclosure control (a ``suppressed`` column) still
    counts as the latest: the view says it is hidden rather than falling back
    to an older figure.
    """
    has_value = pl.col("value").is_not_null()
    if "suppressed" in frame.columns:
        has_value = has_value | pl.col("suppressed")
    valued = frame.filter(has_value).sort("period_end", "period_start")
    if valued.height == 0:
        return None
    published = valued.filter(pl.col("provenance") != schema.DEMONSTRATION)
    if published.height:  # the series people know: the type of the latest published figure
        valued = valued.filter(pl.col("period_type") == published["period_type"][-1])
    last = valued.row(-1, named=True)
    same = valued.filter(pl.col("period_type") == last["period_type"])
    before = same.filter(pl.col("period_end") < last["period_end"])
    # a change from a period of another definition means nothing: only the same definition is compared
    comparable = before.filter(pl.col("definition").eq_missing(last.get("definition")))
    prior = before.row(-1, named=True) if before.height else None
    starts_new = prior is not None and prior.get("definition") != last.get("definition")
    new_definition = (last.get("definition") or "the standing definition") if starts_new else None
    previous = None if prior is None or starts_new else prior
    target = _year_before(last["period_end"])
    near = comparable.filter((pl.col("period_end") - pl.lit(target)).abs() <= timedelta(days=5))
    year_ago = near.row(0, named=True) if near.height else None
    statements = frame.filter(~has_value & (pl.col("period_end") > last["period_end"]))

    def point(row: dict) -> Point:
        demo = row["provenance"] == schema.DEMONSTRATION
        return Point(row["value"], row["period_label"], demo, bool(row.get("suppressed", False)))

    statement = statements["note"][-1] if statements.height else None
    return Latest(
        point(last),
        last["period_type"],
        point(previous) if previous is not None else None,
        point(year_ago) if year_ago is not None else None,
        statement,
        last["source"],
        new_definition,
    )
