"""The exact table behind one chart: what is drawn is what is exported.

A page asks for one indicator, one council, and a view (the headline over
time, a breakdown over time, or a breakdown for one period); it gets back
one long frame, with disclosure control applied, that it draws, shows as a
table and offers as CSV, unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import polars as pl

from metrics.analysis import benchmarks, comparators, disclosure, projection
from metrics.analysis.statistics import methods, significance
from metrics.core import periods, provenance, registry
from metrics.storage import citations, query, schema
from metrics.storage.store import DataStore

OVER_TIME = "over time"
ONE_PERIOD = "one period"

#: Series kinds in the order they are listed and drawn.
KIND_ORDER = {
    "ours": 0,
    "projection": 1,
    "england": 2,
    "region": 3,
    "neighbours_mean": 4,
    "neighbours_median": 5,
    "group": 6,
    "spread": 7,
}

#: Columns of the chart table, in the order exported, and their types.
COLUMNS = (
    "series",
    "kind",
    "period_label",
    "period_type",
    "period_end",
    "breakdown_dim",
    "breakdown_cat",
    "value",
    "numerator",
    "denominator",
    "margin_of_error",
    "lower",
    "upper",
    "interval_method",
    "verdict",
    "verdict_method",
    "status",
    "provenance",
    "demonstration",
    "suppressed",
    "source",
    "alternatives",
    "note",
    "definition",
)
#: After COLUMNS, each row's source in words (metrics.storage.citations); the full `source` stays beside it.
CITATION = "citation"
FRAME_TYPES = {
    "period_end": pl.Date,
    "value": pl.Float64,
    "numerator": pl.Float64,
    "denominator": pl.Float64,
    "margin_of_error": pl.Float64,
    "lower": pl.Float64,
    "upper": pl.Float64,
    "demonstration": pl.Boolean,
    "suppressed": pl.Boolean,
} | dict.fromkeys(
    (
        "series",
        "kind",
        "period_label",
        "period_type",
        "breakdown_dim",
        "breakdown_cat",
        "interval_method",
        "verdict",
        "verdict_method",
        "status",
        "provenance",
        "source",
        "alternatives",
        "note",
        "definition",
    ),
    pl.String,
)
#: The columns a row has that are not the council's own figure's: null for comparators, spread and projections.
_NOT_OURS = ("numerator", "denominator", "margin_of_error", "lower", "upper", "interval_method")
#: A comparator row's verdict on the council's figure for the same period (and category): null on other rows.
_VERDICT = ("verdict", "verdict_method")
COMPARATOR_KINDS = ("england", "region", "neighbours_mean", "neighbours_median", "group")


@dataclass(frozen=True)
class ChartTable:
    indicator: registry.Indicator
    area_name: str
    view: str
    breakdown_dim: str | None
    period_type: str | None
    period_label: str | None
    frame: pl.DataFrame  # COLUMNS; rows with a value are drawn, rows with only a note are listed
    period_types: tuple[str, ...]
    period_labels: tuple[str, ...]  # for the one-period view's selector, oldest first
    source_line: str = ""  # the council's own figures' sources as citations, one line (metrics.storage.citations)

    # Worked out once per table (a cached table serves every rerun of every session): a frozen dataclass keeps
    # these in its own __dict__, and two sessions computing one at once compute the same.
    @cached_property
    def drawn(self) -> pl.DataFrame:
        return self.frame.filter(pl.col("value").is_not_null())

    @cached_property
    def uses_demonstration(self) -> bool:
        return bool(self.frame["demonstration"].any())

    @cached_property
    def projections(self) -> tuple[str, ...]:
        """How each year-end projection on the chart was worked out, in words (a tuple: the table is shared)."""
        return tuple(self.frame.filter(pl.col("kind") == "projection")["note"].to_list())

    @cached_property
    def suppressed(self) -> int:
        return int(self.frame["suppressed"].sum())

    @cached_property
    def statements(self) -> pl.DataFrame:
        """Rows where the source gives words rather than a number, or a note beside a number."""
        return self.frame.filter(
            pl.col("note").is_not_null() & ~pl.col("demonstration") & (pl.col("kind") != "projection")
        ).select("series", "period_label", "breakdown_cat", "value", "note", "source", CITATION)


def _ours(frame: pl.DataFrame, name: str, indicator: registry.Indicator) -> pl.DataFrame:
    """The council's own rows, each with its 95% interval and method (metrics.analysis.statistics.methods)."""
    series = pl.col("breakdown_cat") if frame["breakdown_dim"].drop_nulls().len() else pl.lit(name)
    return methods.with_intervals(frame, indicator=indicator).with_columns(
        *(pl.lit(None, pl.String).alias(c) for c in _VERDICT),
        series.fill_null(name).alias("series"),
        pl.lit("ours").alias("kind"),
        (pl.col("provenance") == schema.DEMONSTRATION).alias("demonstration"),
    )


def _theirs(frame: pl.DataFrame, ours: pl.DataFrame, indicator: registry.Indicator) -> pl.DataFrame:
    """The comparators' rows, each with its verdict on the council's figure for the same period and category: the
    council's 95% interval against the comparator's value (metrics.analysis.statistics.significance), or 'not tested' and
    why. The brief's comparisons are these rows' verdicts, so the chart's CSV and every surface agree."""
    keys = ["period_type", "period_label", "breakdown_cat"]  # a snapshot and a month may share a label
    mine = ours.select(*keys, pl.col("value").alias("_ours"), "lower", "upper", "interval_method").unique(
        keys, keep="first", maintain_order=True
    )
    joined = frame.join(mine, on=keys, how="left", nulls_equal=True)
    found = [
        significance.judge(
            lower=lo, upper=hi, comparator=value, direction=indicator.direction, method=method or methods.NO_FIGURE
        )
        if mine_value is not None
        else None
        for value, mine_value, lo, hi, method in joined.select(
            "value", "_ours", "lower", "upper", "interval_method"
        ).iter_rows()
    ]
    return joined.drop("_ours", "lower", "upper", "interval_method").with_columns(
        pl.col("comparator").alias("series"),
        pl.col("comparator_kind").alias("kind"),
        *(pl.lit(None, FRAME_TYPES[c]).alias(c) for c in _NOT_OURS),
        pl.Series("verdict", [v.word if v else None for v in found], pl.String),
        pl.Series("verdict_method", [v.method if v else None for v in found], pl.String),
        pl.lit("final").alias("status"),
        pl.lit(schema.PUBLISHED).alias("provenance"),
        pl.lit(False).alias("demonstration"),
        pl.lit(None, pl.String).alias("alternatives"),
        pl.lit(None, pl.String).alias("note"),
    )


#: The provenance of a year-end projection row: worked out here, neither published nor demonstration.
PROJECTION = provenance.PROJECTION

SPREAD_SERIES = {
    "q1": "25th percentile of councils",
    "median": "Median of all councils",
    "q3": "75th percentile of councils",
}


def _projection_rows(found: list[projection.Projection]) -> pl.DataFrame:
    """Year-end projections as chart rows of kind 'projection', each saying how it was worked out."""
    return pl.DataFrame(
        [
            {
                "series": f"Projected year end ({p.method})",
                "kind": "projection",
                "period_label": p.year_label,
                "period_type": periods.FINANCIAL_YEAR,
                "period_end": p.year_end,
                "breakdown_dim": None,
                "breakdown_cat": None,
                "value": round(p.value, 1),
                **dict.fromkeys(_NOT_OURS + _VERDICT),
                "status": "provisional",
                "provenance": PROJECTION,
                "demonstration": p.demonstration,
                "suppressed": False,
                "source": "Worked out here from the year so far",
                "alternatives": None,
                "note": p.words(),
                "definition": None,
            }
            for p in found
        ],
        schema={c: FRAME_TYPES[c] for c in COLUMNS},
    )


def _spread_rows(
    *, store: DataStore, indicator_id: str, period_type: str, labels: set[str], threshold: int
) -> pl.DataFrame:
    """The national spread (quartiles of all councils) for the periods we have, as chart rows of kind 'spread'."""
    spread = benchmarks.spread(store=store, indicator_id=indicator_id, threshold=threshold).filter(
        (pl.col("period_type") == period_type) & pl.col("period_label").is_in(list(labels))
    )
    frames = [
        spread.select(
            pl.lit(series).alias("series"),
            pl.lit("spread").alias("kind"),
            "period_label",
            "period_type",
            "period_end",
            pl.lit(None, pl.String).alias("breakdown_dim"),
            pl.lit(None, pl.String).alias("breakdown_cat"),
            pl.col(stat).alias("value"),
            *(pl.lit(None, FRAME_TYPES[c]).alias(c) for c in _NOT_OURS + _VERDICT),
            pl.lit("final").alias("status"),
            pl.lit(schema.PUBLISHED).alias("provenance"),
            pl.lit(False).alias("demonstration"),
            pl.lit(False).alias("suppressed"),
            pl.format("Computed here from {} councils' published values", pl.col("councils")).alias("source"),
            pl.lit(None, pl.String).alias("alternatives"),
            pl.lit(None, pl.String).alias("note"),
            pl.lit(None, pl.String).alias("definition"),
        )
        for stat, series in SPREAD_SERIES.items()
    ]
    return pl.concat(frames) if frames else pl.DataFrame()


def build(
    *,
    store: DataStore,
    indicator_id: str,
    area_code: str,
    breakdown_dim: str | None = None,
    view: str = OVER_TIME,
    period_type: str | None = None,
    period_label: str | None = None,
    audience: str = "public",
    threshold: int = 5,
    comparators_shown: tuple[str, ...] = comparators.SHOWN_ALL,
) -> ChartTable:
    """The chart table for one view, with the comparator groups in ``comparators_shown``. Unknown period choices
    fall back to the defaults."""
    indicator = registry.get(indicator_id)
    name = query.area_name(store=store, area_code=area_code)
    ours = query.series(store=store, indicator_id=indicator_id, area_code=area_code, breakdown_dim=breakdown_dim)
    theirs = comparators.comparator_series(
        store=store,
        indicator_id=indicator_id,
        area_code=area_code,
        breakdown_dim=breakdown_dim,
        shown=comparators_shown,
        threshold=threshold,
    )
    labels = tuple(dict.fromkeys(ours.sort("period_end")["period_label"].to_list()))
    if breakdown_dim is None:
        view = OVER_TIME
    elif len(labels) <= 1:  # one period only: nothing to draw over time
        view = ONE_PERIOD
    types = tuple(query.period_types(ours))

    if view == OVER_TIME:
        if period_type not in types:
            period_type = query.default_period_type(ours)
        if period_type is not None:  # None: the source gives only words, which are all kept
            ours = ours.filter(pl.col("period_type") == period_type)
            theirs = theirs.filter(pl.col("period_type") == period_type)
        if breakdown_dim is not None:  # one line per category; comparators are drawn per category in ONE_PERIOD
            theirs = theirs.clear()
        period_label = None
    else:
        if period_label not in labels:
            valued = ours.filter(pl.col("value").is_not_null()).sort("period_end")
            period_label = valued["period_label"][-1] if valued.height else (labels[-1] if labels else None)
        ours = ours.filter(pl.col("period_label") == period_label)
        period_type = ours["period_type"][0] if ours.height else None
        theirs = theirs.filter((pl.col("period_label") == period_label) & (pl.col("period_type") == period_type))

    # what to hide is decided over every row of the indicator for the council, so that no view (another period
    # type, another breakdown, the headline) leaves a hidden figure to be worked out by subtraction
    hide = disclosure.hidden_for(store=store, indicator=indicator, area_code=area_code, threshold=threshold)
    ours = disclosure.apply(ours, indicator=indicator, audience=audience, threshold=threshold, hide=hide)
    theirs = disclosure.apply(
        theirs.with_columns(pl.lit(None, pl.Float64).alias("numerator"), pl.lit(None, pl.Float64).alias("denominator")),
        indicator=indicator,
        audience=audience,
        threshold=threshold,
    ).drop("numerator", "denominator")
    mine = _ours(ours, name, indicator)
    frame = pl.concat([mine.select(COLUMNS), _theirs(theirs, mine, indicator).select(COLUMNS)], how="vertical_relaxed")
    if breakdown_dim is None and view == OVER_TIME and period_type == periods.FINANCIAL_YEAR and indicator.cumulative:
        whole = disclosure.apply(
            query.series(store=store, indicator_id=indicator_id, area_code=area_code),
            indicator=indicator,
            audience=audience,
            threshold=threshold,
            hide=hide,
        )
        frame = pl.concat(
            [frame, _projection_rows(projection.year_end(whole, indicator=indicator))], how="vertical_relaxed"
        )
    if breakdown_dim is None and view == OVER_TIME and period_type is not None:
        frame = pl.concat(
            [
                frame,
                _spread_rows(
                    store=store,
                    indicator_id=indicator_id,
                    period_type=period_type,
                    labels=set(ours["period_label"].to_list()),
                    threshold=threshold,
                ),
            ],
            how="vertical_relaxed",
        )
    rank = pl.col("kind").replace_strict(KIND_ORDER, default=len(KIND_ORDER), return_dtype=pl.UInt8)
    frame = frame.sort(rank, "series", "period_end", "breakdown_cat", nulls_last=False)
    # each row's source in words (the full source stays beside it), and the chart's own sources in one line
    documents = citations.document_citations(store.documents())
    cited = {src: citations.cite(src, documents=documents).text for src in frame["source"].drop_nulls().unique()}
    frame = frame.with_columns(
        pl.col("source").replace_strict(cited, default=None, return_dtype=pl.String).alias(CITATION)
    )
    line = citations.sources_line(
        frame.filter(pl.col("kind") == "ours")["source"].unique(maintain_order=True).to_list(), documents=documents
    )
    return ChartTable(indicator, name, view, breakdown_dim, period_type, period_label, frame, types, labels, line)


def export_frame(table: ChartTable) -> pl.DataFrame:
    """The CSV export: the chart table plus the registry entry's own words."""
    ind = table.indicator
    columns = [c if c != "definition" else "definition_version" for c in COLUMNS]
    return (
        table.frame.rename({"definition": "definition_version"})
        .with_columns(
            pl.lit(ind.id).alias("indicator_id"),
            pl.lit(ind.title).alias("indicator"),
            pl.lit(ind.unit).alias("unit"),
            pl.lit(ind.direction).alias("direction"),
            pl.lit(ind.definition).alias("definition"),
        )
        .select("indicator_id", "indicator", *columns, CITATION, "unit", "direction", "definition")
    )
