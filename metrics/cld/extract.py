"""Reading CLD extracts: one or several quarters, CSV or Parquet, Release 1 or 2, into one frame of events.

What happens to a file, in order:

1. Its header is read. Columns are matched to Release 2 names (metrics.cld.spec); identifying columns (NHS
   number, date of birth, names, postcodes …) and anything the dashboard does not use are dropped before a row is
   read into the result, so they never reach data/. A full date of birth becomes its year and month.
2. What makes computation impossible rejects the file, naming the file, line and column: no person ID, no event
   type, an unreadable start or end date, an end before its start. Nothing is published from a rejected file.
3. Every other value is checked against its defined list; a value outside it is kept as "Invalid and not mapped"
   and counted, per field, in the data-quality report (:class:`Quality`).
4. An event sent again in a later quarter (same person, type, start date and reference) is kept once, from the
   latest file, as DHSC de-duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from metrics.cld import spec
from metrics.core.errors import MetricsError, Problem, TableValidationError

LINE = "_line"
FILE = "_file"
#: Date layouts a CLD extract uses: ISO (the specification) and the UK day-first form spreadsheets write.
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M")
DATES = ("Event_Start_Date", "Event_End_Date", "Date_of_Death")
#: Show at most this many problems of one kind: the first ones say what is wrong.
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class Quality:
    """Per field: rows where it applies, how many were empty and how many were outside the defined list."""

    frame: pl.DataFrame  # field, applies, missing, invalid, missing_pct, invalid_pct
    duplicates: int  # events sent again in a later file, kept once
    dropped: tuple[str, ...]  # identifying or unused columns dropped at ingest


def _header_map(columns: list[str]) -> tuple[dict[str, str], list[str]]:
    """{column as written: Release 2 name} for the kept fields, and the columns dropped."""
    kept = {spec.fold(k): k for k in spec.KEPT} | {spec.fold(k): v for k, v in spec.R1_NAMES.items()}
    out: dict[str, str] = {}
    dropped: list[str] = []
    for column in columns:
        name = kept.get(spec.fold(column))
        if name is not None and name not in out.values():
            out[column] = name
        elif spec.fold(column) in {spec.fold(c) for c in ("Date_of_Birth", "DOB", "Birth_Date")}:
            out[column] = "_date_of_birth"  # reduced to year and month below, then dropped
            dropped.append(f"{column} (year and month kept)")
        elif spec.fold(column) in {spec.fold(c) for c in ("Birth_Year", "Year_of_Birth")}:
            out[column] = "_birth_year"
        elif spec.fold(column) in {spec.fold(c) for c in ("Birth_Month", "Month_of_Birth")}:
            out[column] = "_birth_month"
        else:
            dropped.append(column)
    return out, dropped


def _read(path: Path) -> tuple[pl.DataFrame, list[str]]:
    """The file's kept cells as text, with each row's line in the file (the header is line 1), and the columns
    dropped unread. A file that cannot be read is named, never a reader's own error."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            names = pl.read_parquet_schema(path)
            mapping, dropped = _header_map(list(names))
            raw = pl.read_parquet(path, columns=list(mapping)).cast(pl.String)
        elif suffix in (".csv", ".txt"):
            header = pl.read_csv(path, n_rows=0, infer_schema=False, encoding="utf8-lossy").columns
            mapping, dropped = _header_map(header)
            raw = pl.read_csv(path, columns=list(mapping), infer_schema=False, encoding="utf8-lossy")
        else:
            raise MetricsError(f"{path}: a CLD extract must be a .csv or .parquet file, not {suffix or 'no suffix'}")
    except MetricsError:
        raise
    except Exception as exc:  # the readers raise many types for a damaged file
        raise TableValidationError(
            file=str(path),
            problems=[
                Problem(
                    "(file)",
                    None,
                    "a readable CSV or Parquet CLD extract",
                    f"a file that cannot be read ({type(exc).__name__})",
                )
            ],
        ) from None
    return raw.rename(mapping).with_row_index(LINE, offset=2).with_columns(pl.col(LINE).cast(pl.Int64)), dropped


def _parse_date(column: str) -> pl.Expr:
    text = pl.col(column).str.strip_chars()
    return pl.coalesce([text.str.strptime(pl.Date, f, strict=False) for f in DATE_FORMATS]).alias(column)


def _blocking(frame: pl.DataFrame, *, file: str) -> None:
    """Reject the file for what makes computation impossible, naming each line and column."""
    problems: list[Problem] = []

    def add(mask: pl.Expr, column: str, expected: str, found: pl.Expr) -> None:
        hits = frame.filter(mask).select(LINE, found.cast(pl.String).fill_null("nothing").alias("_f"))
        problems.extend(Problem(column, line, expected, f) for line, f in hits.head(MAX_PROBLEMS).iter_rows())

    add(
        pl.col("LA_Person_Unique_Identifier").str.strip_chars().fill_null("") == "",
        "LA_Person_Unique_Identifier",
        "a person identifier on every row",
        pl.col("LA_Person_Unique_Identifier"),
    )
    add(
        pl.col("Event_Type").str.strip_chars().fill_null("") == "",
        "Event_Type",
        "an event type (Request, Assessment, Service or Review)",
        pl.col("Event_Type"),
    )
    for column in DATES:
        if column not in frame.columns:
            continue
        parsed = frame.select(_parse_date(column))[column]
        bad = frame.with_columns(parsed.alias("_d")).filter(pl.col(column).str.strip_chars().fill_null("") != "")
        bad = bad.filter(pl.col("_d").is_null())
        problems.extend(
            Problem(column, line, "a date such as 2023-06-30 or 30/06/2023", repr(value))
            for line, value in bad.select(LINE, column).head(MAX_PROBLEMS).iter_rows()
        )
    add(
        pl.col("Event_Start_Date").str.strip_chars().fill_null("") == "",
        "Event_Start_Date",
        "a start date on every event",
        pl.col("Event_Start_Date"),
    )
    if problems:
        raise TableValidationError(file=file, problems=sorted(problems, key=lambda p: (p.row or 0, p.column)))
    dated = frame.with_columns(_parse_date("Event_Start_Date"), _parse_date("Event_End_Date"))
    backwards = dated.filter(pl.col("Event_End_Date") < pl.col("Event_Start_Date"))
    if backwards.height:
        raise TableValidationError(
            file=file,
            problems=[
                Problem("Event_End_Date", line, f"an end on or after the start ({start})", str(end))
                for line, start, end in backwards.select(LINE, "Event_Start_Date", "Event_End_Date")
                .head(MAX_PROBLEMS)
                .iter_rows()
            ],
        )


def _to_list(column: str) -> pl.Expr:
    """A field's values as its defined list writes them; anything else 'Invalid and not mapped'; empty stays empty."""
    allowed = {spec.fold(v): v for v in spec.DEFINED[column]} | spec.R1_VALUES.get(column, {})
    folded = pl.col(column).str.replace_all(r"[\s_]+", " ").str.strip_chars().str.to_lowercase()
    return (
        pl.when(pl.col(column).str.strip_chars().fill_null("") == "")
        .then(None)
        .otherwise(folded.replace_strict(allowed, default=spec.INVALID))
        .alias(column)
    )


def read_extracts(paths: list[Path]) -> tuple[pl.DataFrame, Quality]:
    """Every file's events as one frame (Release 2 names, typed dates, values on their lists, duplicates removed,
    nothing identifying), and the data-quality report. Raises TableValidationError for the first file that cannot
    be computed from; nothing is returned from a partial read."""
    if not paths:
        raise MetricsError("No CLD extract given: name one or more CSV or Parquet files.")
    frames, dropped = [], set()
    for order, path in enumerate(paths):
        path = Path(path)
        if not path.is_file():
            raise MetricsError(f"{path}: no such file")
        raw, unread = _read(path)
        dropped |= set(unread)
        missing = [c for c in spec.REQUIRED if c not in raw.columns]
        if missing:
            raise TableValidationError(
                file=str(path),
                problems=[
                    Problem(c, None, "a column of that name (Release 1 or 2)", "no such column") for c in missing
                ],
            )
        for column in spec.KEPT:
            if column not in raw.columns:
                raw = raw.with_columns(pl.lit(None, pl.String).alias(column))
        _blocking(raw, file=str(path))
        frames.append(raw.with_columns(pl.lit(order).alias(FILE)))
    events = pl.concat(frames, how="diagonal_relaxed")
    events = _birth_year_month(events)
    events = events.with_columns(*(_parse_date(c) for c in DATES))
    before_lists = events
    events = events.with_columns(*(_to_list(c) for c in spec.DEFINED))
    quality = _quality(before_lists, events)
    key = ["LA_Person_Unique_Identifier", "Event_Type", "Event_Start_Date", "Event_Reference"]
    deduped = events.sort(FILE).unique(subset=key, keep="last", maintain_order=True)
    # a death is a fact about the person, wherever it was recorded: every row of theirs carries the latest one
    deduped = deduped.with_columns(pl.col("Date_of_Death").max().over("LA_Person_Unique_Identifier"))
    kept = [c for c in spec.KEPT if c in deduped.columns]
    return (
        deduped.select(*kept).sort("LA_Person_Unique_Identifier", "Event_Start_Date"),
        Quality(quality, events.height - deduped.height, tuple(sorted(dropped))),
    )


def _birth_year_month(frame: pl.DataFrame) -> pl.DataFrame:
    """Year and month of birth, from a full date (then forgotten) or from year and month columns."""
    parts = []
    if "_date_of_birth" in frame.columns:
        parts.append(
            pl.coalesce(
                [
                    pl.col("_date_of_birth").str.strip_chars().str.strptime(pl.Date, f, strict=False)
                    for f in DATE_FORMATS
                ]
            ).dt.strftime("%Y-%m")
        )
    if "_birth_year" in frame.columns:
        month = pl.col("_birth_month").str.zfill(2) if "_birth_month" in frame.columns else pl.lit("07")
        parts.append(pl.format("{}-{}", pl.col("_birth_year").str.strip_chars(), month))
    if "Birth_Year_Month" in frame.columns:
        parts.append(pl.col("Birth_Year_Month"))
    value = pl.coalesce(parts) if parts else pl.lit(None, pl.String)
    return frame.with_columns(value.alias("Birth_Year_Month")).drop(
        [c for c in ("_date_of_birth", "_birth_year", "_birth_month") if c in frame.columns]
    )


#: Where a field applies (DHSC's DQ tool: e.g. route of access only on requests).
APPLIES = {
    "Request_Route_of_Access": "Request",
    "Assessment_Type": "Assessment",
    "Eligible_Needs_Identified": "Assessment",
    "Service_Type": "Service",
    "Service_Component": "Service",
    "Provider_CQC_Location_ID": "Service",
    "Review_Reason": "Review",
    "Review_Outcomes_Achieved": "Review",
}


def _quality(raw: pl.DataFrame, mapped: pl.DataFrame) -> pl.DataFrame:
    """Per field: rows it applies to, empty, and outside the defined list (before and after mapping)."""
    rows = []
    for field in spec.KEPT:
        if field in ("Team", "Locality", "Synthetic_Record") and raw[field].null_count() == raw.height:
            continue  # local fields a council has not added, and the mark only generated records carry
        applies = mapped["Event_Type"] == APPLIES[field] if field in APPLIES else pl.Series([True] * mapped.height)
        part = mapped.filter(applies)
        missing = int(part[field].is_null().sum())
        invalid = int((part[field] == spec.INVALID).sum()) if field in spec.DEFINED else 0
        rows.append((field, part.height, missing, invalid))
    frame = pl.DataFrame(rows, schema=["field", "applies", "missing", "invalid"], orient="row")
    return frame.with_columns(
        (pl.col("missing") / pl.col("applies").clip(1) * 100).round(1).alias("missing_pct"),
        (pl.col("invalid") / pl.col("applies").clip(1) * 100).round(1).alias("invalid_pct"),
    )
