"""Checking tables against the contract, once, where they enter.

:func:`normalise_input` turns a council's export (CSV, XLSX or ODS read as
text) into a values frame, collecting every problem instead of stopping at
the first; :func:`check_values` applies the row rules that any values frame
must pass, and :func:`check_schema` the column names and types of a
published table. Each returns problems; :func:`raise_if` turns them into one
TableValidationError that names the file.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date

import polars as pl

from metrics.core import periods, registry
from metrics.core.errors import MetricsError, Problem, TableValidationError
from metrics.storage import schema
from metrics.storage.text_tables import ROW

#: A number as people write it: digits, thousands separated by commas in threes, an optional decimal part and %.
#: '1,348', '1,000,000', '45.3', '45.3%', '-2'. Not '5,5', '12,34', '1,000,00', '1.348,5', '1e309' or 'inf'.
NUMBER = r"^[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?%?$"  # ASCII digits: '١٢٣' and '１２３' are refused
#: The largest value each unit can sensibly take: anything beyond is a slip (or an attack), not a figure.
SANE_MAX = {
    registry.COUNT: 1e8,
    registry.PERCENT: 100.0,
    registry.RATE_100K: 100_000.0,
    registry.DAYS: 366.0,
    registry.CASES: 10_000.0,
    registry.SCORE: 10_000.0,
    registry.POUNDS: 1e10,
}
#: The largest numerator or denominator: more people than live in England is a slip.
SANE_PARTS = 1e8
#: The earliest period a figure may be for: anything before is a typing slip.
EARLIEST = date(1990, 4, 1)
#: How far a percentage may differ from 100 x numerator / denominator: a figure rounded to a whole number.
PERCENT_TOLERANCE = 0.5


def raise_if(problems: list[Problem], *, file: str) -> None:
    if problems:
        raise TableValidationError(file=file, problems=problems)


def check_schema(
    frame_schema: dict[str, pl.DataType] | pl.Schema, *, contract: dict[str, pl.DataType]
) -> list[Problem]:
    """Column names and types of a published table against its contract."""
    problems = []
    got = dict(frame_schema)
    for column, dtype in contract.items():
        if column not in got:
            problems.append(Problem(column, None, f"a column of type {dtype}", "no such column"))
        elif got[column] != dtype:
            problems.append(Problem(column, None, f"type {dtype}", f"type {got[column]}"))
    for column in got:
        if column not in contract:
            problems.append(Problem(column, None, "only the contract's columns", "an extra column"))
    return problems


def _rows(frame: pl.DataFrame, mask: pl.Expr, column: str, expected: str, found: pl.Expr) -> list[Problem]:
    hits = frame.filter(mask).select(ROW, found.cast(pl.String).fill_null("nothing").alias("_found"))
    return [Problem(column, row, expected, f) for row, f in hits.iter_rows()]


def normalise_input(raw: pl.DataFrame, *, area_codes: Iterable[str]) -> tuple[pl.DataFrame, list[Problem]]:
    """A text-typed input table to a values frame (with a ROW column), plus every problem found."""
    raw = raw.rename({c: c.strip().lower() for c in raw.columns if c != ROW})
    if ROW not in raw.columns:  # a frame made in code: its rows as a spreadsheet numbers them
        raw = raw.with_row_index(ROW, offset=2)
    known = (*schema.INPUT_REQUIRED, *schema.INPUT_OPTIONAL)
    unknown = [c for c in raw.columns if c not in known and c != ROW]
    missing = [c for c in schema.INPUT_REQUIRED if c not in raw.columns]
    if missing or unknown:
        found = f"columns {', '.join(c for c in raw.columns if c != ROW) or 'none'}"
        return pl.DataFrame(), [Problem(c, None, "a column of that name", found) for c in missing] + [
            Problem(c, None, _known_column_hint(c, known), f"a column `{c}` the contract does not have")
            for c in unknown
        ]
    problems: list[Problem] = []
    frame = raw.with_columns(pl.exclude(ROW).cast(pl.String), pl.col(ROW).cast(pl.Int64))
    for column in schema.INPUT_OPTIONAL:
        if column not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.String).alias(column))
    frame = frame.with_columns(
        [pl.col(c).str.strip_chars().replace("", None) for c in (*schema.INPUT_REQUIRED, *schema.INPUT_OPTIONAL)]
    )

    # Numbers: only as people write them; anything else is named, never guessed at.
    for column in schema.INPUT_NUMERIC:
        written = pl.col(column).str.contains(NUMBER)
        parsed = pl.when(written).then(
            pl.col(column).str.replace_all(",", "").str.strip_suffix("%").cast(pl.Float64, strict=False)
        )
        problems += _rows(
            frame,
            pl.col(column).is_not_null() & ~written.fill_null(False),
            column,
            "a number such as 1348, 1,348 or 45.3 (commas only between thousands)",
            pl.col(column),
        )
        frame = frame.with_columns(parsed.alias(column))

    # Periods: parsed row by row (there are few distinct labels).
    starts, ends, types, labels = [], [], [], []
    cache: dict[tuple[str | None, str | None], periods.Period | None] = {}
    for row, label, ptype in frame.select(ROW, "period", "period_type").iter_rows():
        key = (label, ptype)
        if key not in cache:
            try:
                cache[key] = periods.parse(label, period_type=ptype) if label is not None else None
            except MetricsError:
                cache[key] = None
        p = cache[key]
        if p is None and ptype is not None and label is not None and _parses(label):
            # the period reads on its own: it is the stated type that does not fit it
            problems.append(
                Problem(
                    "period_type",
                    row,
                    f"a period type that fits the period {label!r} ({', '.join(periods.TYPES)})",
                    repr(ptype),
                )
            )
        elif p is None:
            problems.append(
                Problem(
                    "period",
                    row,
                    "a period such as 2022/23, 2023/24 Q1, Jun 2023 or 30/06/2023",
                    repr(label) if label is not None else "nothing",
                )
            )
        starts.append(p.start if p else None)
        ends.append(p.end if p else None)
        types.append(p.type if p else None)
        labels.append(p.label if p else None)
    frame = frame.with_columns(
        pl.Series("period_start", starts, pl.Date),
        pl.Series("period_end", ends, pl.Date),
        pl.Series("period_type", types, pl.String),
        pl.Series("period_label", labels, pl.String),
        pl.col("status").fill_null("final").str.to_lowercase(),
        pl.coalesce(
            pl.col("provenance").str.to_lowercase(),
            pl.when(pl.col("source").str.to_lowercase().str.starts_with(schema.DEMONSTRATION))
            .then(pl.lit(schema.DEMONSTRATION))
            .otherwise(pl.lit(schema.PUBLISHED)),
        ).alias("provenance"),
    )
    frame = frame.select(ROW, *schema.VALUES).cast(pl.Schema(schema.VALUES))
    problems += check_values(frame, area_codes=area_codes)
    this_year_end = periods.financial_year_end(date.today())
    problems += _rows(
        frame,
        (pl.col("period_end") > this_year_end) | (pl.col("period_start") < EARLIEST),
        "period",
        f"a period from {EARLIEST:%Y} that ends by {this_year_end:%d %B %Y} (the end of this financial year)",
        pl.col("period_label"),
    )
    # One problem per cell: a value that is not a number is not also "missing".
    first: dict[tuple[int | None, str], Problem] = {}
    for problem in problems:
        first.setdefault((problem.row, problem.column), problem)
    return frame, sorted(first.values(), key=lambda p: (p.row or 0, p.column))


def _parses(label: str) -> bool:
    try:
        periods.parse(label)
    except MetricsError:
        return False
    return True


def _known_column_hint(column: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(column, known, n=1, cutoff=0.6)
    return (
        f"only the contract's columns (did you mean `{close[0]}`?)"
        if close
        else f"only the contract's columns ({', '.join(known)})"
    )


def _row_rules(area_codes: Iterable[str]) -> list[tuple[pl.Expr, str, str, pl.Expr]]:
    """(mask of bad rows, column, what was expected, what was found) for every row rule."""
    ids = list(registry.ids())
    units = pl.col("indicator_id").replace_strict({i.id: i.unit for i in registry.INDICATORS}, default=None)
    sane = units.replace_strict(SANE_MAX, default=None, return_dtype=pl.Float64)
    areas = list(area_codes)
    from_parts = pl.col("numerator") / pl.col("denominator") * 100
    control = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
    rules = [
        *[
            (
                pl.col(c).str.contains(control),
                c,
                "text without control characters",
                pl.col(c).str.replace_all(control, "?"),
            )
            for c in ("source", "note", "breakdown_dim", "breakdown_cat", "definition")
        ],
        (
            ~pl.col("indicator_id").is_in(ids) | pl.col("indicator_id").is_null(),
            "indicator_id",
            "an indicator id from the registry",
            pl.col("indicator_id"),
        ),
        (
            ~pl.col("area_code").is_in(areas) | pl.col("area_code").is_null(),
            "area_code",
            "an ONS code or comparator group from areas.parquet",
            pl.col("area_code"),
        ),
        (pl.col("source").is_null(), "source", "the source document and section, or 'demonstration'", pl.col("source")),
        (~pl.col("status").is_in(schema.STATUSES), "status", "'final' or 'provisional'", pl.col("status")),
        (
            ~pl.col("provenance").is_in(schema.PROVENANCES),
            "provenance",
            "'published', 'computed' or 'demonstration' (empty: read from the source)",
            pl.col("provenance"),
        ),
        (
            (pl.col("provenance") == schema.DEMONSTRATION)
            != pl.col("source").str.to_lowercase().str.starts_with(schema.DEMONSTRATION).fill_null(False),
            "provenance",
            "'demonstration' exactly where the source says demonstration, never a real figure marked so or the reverse",
            pl.col("provenance"),
        ),
        (
            pl.col("value").is_null() & pl.col("note").is_null(),
            "value",
            "a number, or a note saying why there is none",
            pl.col("value"),
        ),
        (
            pl.col("breakdown_dim").is_null() != pl.col("breakdown_cat").is_null(),
            "breakdown_cat",
            "breakdown_dim and breakdown_cat both given or both empty",
            pl.col("breakdown_cat"),
        ),
        (
            (units == registry.PERCENT) & ~pl.col("value").is_between(0, 100),
            "value",
            "a percentage from 0 to 100",
            pl.col("value"),
        ),
        ((units == registry.COUNT) & (pl.col("value") < 0), "value", "a count of 0 or more", pl.col("value")),
        (
            (units == registry.COUNT) & (pl.col("value") != pl.col("value").round(0)),
            "value",
            "a whole number for a count",
            pl.col("value"),
        ),
        (
            ~pl.col("value").is_finite() | (pl.col("value").abs() > sane),
            "value",
            "a figure no larger than its unit allows (counts up to 100 million, rates up to 100,000 per 100,000, "
            "days up to 366)",
            pl.col("value"),
        ),
        (pl.col("numerator") < 0, "numerator", "0 or more", pl.col("numerator")),
        (pl.col("denominator") < 0, "denominator", "0 or more", pl.col("denominator")),
        (
            pl.col("margin_of_error") < 0,
            "margin_of_error",
            "0 or more (the half-width of a 95% interval)",
            pl.col("margin_of_error"),
        ),
        (
            ~pl.col("margin_of_error").is_finite() | (pl.col("margin_of_error") > sane),
            "margin_of_error",
            "no larger than the unit allows",
            pl.col("margin_of_error"),
        ),
        (
            ~pl.col("numerator").is_finite() | (pl.col("numerator") > SANE_PARTS),
            "numerator",
            "at most 100 million",
            pl.col("numerator"),
        ),
        (
            ~pl.col("denominator").is_finite() | (pl.col("denominator") > SANE_PARTS),
            "denominator",
            "at most 100 million",
            pl.col("denominator"),
        ),
        # a share cannot count more than its whole; a score's numerator is a sum of scores, so it may (ASCOF 1A)
        (
            (units == registry.PERCENT) & (pl.col("numerator") > pl.col("denominator")),
            "numerator",
            "a numerator no greater than the denominator for a percentage",
            pl.format("{} > {}", pl.col("numerator"), pl.col("denominator")),
        ),
        (
            (units == registry.PERCENT)
            & (pl.col("denominator") > 0)
            & ((pl.col("value") - from_parts).abs() > PERCENT_TOLERANCE),
            "value",
            "the percentage its numerator and denominator give (a cell formatted as a percentage may have been "
            "read as a fraction: write 45.3 for 45.3%)",
            pl.format("{} where numerator / denominator gives {}", pl.col("value"), from_parts.round(1)),
        ),
    ]
    return rules


def check_values(frame: pl.DataFrame, *, area_codes: Iterable[str]) -> list[Problem]:
    """The row rules every values frame must pass. ``frame`` has the VALUES columns and ROW.

    One pass decides whether any row breaks any rule; only then is each rule
    run on its own to name the rows, so a good table is checked quickly.
    """
    rules = _row_rules(area_codes)
    key = list(schema.KEY)
    duplicated = pl.struct(key).is_duplicated() & pl.col("period_label").is_not_null()
    flags = frame.select(
        pl.any_horizontal([mask.fill_null(False) for mask, *_ in rules]).any().alias("bad"),
        duplicated.any().alias("dupes"),
    )
    any_bad, any_dupes = flags.row(0)
    problems: list[Problem] = []
    if any_bad:
        for mask, column, expected, found in rules:
            problems += _rows(frame, mask, column, expected, found)
    if any_dupes:
        dupes = frame.filter(duplicated)
        first_row = dupes.group_by(key, maintain_order=True).agg(pl.col(ROW).min().alias("_first"))
        dupes = dupes.join(first_row, on=key, nulls_equal=True).filter(pl.col(ROW) != pl.col("_first"))
        for row, first, ind, area, label in dupes.select(
            ROW, "_first", "indicator_id", "area_code", "period_label"
        ).iter_rows():
            problems.append(
                Problem(
                    "indicator_id",
                    row,
                    "one row per indicator, area, period and breakdown",
                    f"a second row for {ind} / {area} / {label} (first at row {first})",
                )
            )
    return problems
