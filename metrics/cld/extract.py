"""Reading CLD extracts: one or several quarters, CSV or Parquet, Release 1 or 2, into one frame of events.

What happens to a file, in order:

1. Its header is read. Columns are matched to Release 2 names (metrics.cld.spec); identifying columns (NHS
   number, date of birth, names, postcodes …) and anything the dashboard does not use are dropped before a row is
   read into the result, so they never reach data/. A full date of birth becomes its year and month.
2. What makes computation impossible rejects the file, naming the file, line and column: no person ID, no event
   type, an unreadable start or end date, an end before its start. Nothing is published from a rejected file.
3. Every other value is checked against its defined list; a value outside it is kept as "Invalid and not mapped"
   and counted, per field, in the data-quality report (:class:`Quality`).
4. Where several files state reporting periods, each month belongs to the latest file that states it, and an
   event another file's months replace is dropped (metrics.cld.submissions).
5. An event sent again in a later quarter (same person, type, start date and reference) is kept once, from the
   latest file, as DHSC de-duplicates.

A file is read from its path, or from bytes in memory (:class:`ExtractFile`): an extract uploaded in the browser is
read where it arrived and minimised there, and nothing of it is written to disk, a temporary file included.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import cast

import polars as pl

from metrics.cld import raw_file, spec
from metrics.cld.submissions import FILE, Submission, keep_latest
from metrics.core.errors import MetricsError, Problem, TableValidationError

LINE = "_line"
#: Date layouts a CLD extract uses: ISO (the specification) and the UK day-first form spreadsheets write; a time
#: after either (a timestamp: '2023-01-05T00:00', '2023-01-05 00:00:00.000', a Parquet datetime) is set aside.
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
TIME_AFTER = r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
#: Dates outside these years are slips (a year 0001, a 2090), refused as unreadable.
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)
#: The longest a kept text cell may be: a code or a category, never a paragraph (a 5,000,000-character team name).
MAX_CELL = 200
DATES = ("Event_Start_Date", "Event_End_Date", "Date_of_Death")
#: Show at most this many problems of one kind: the first ones say what is wrong.
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class Quality:
    """Per field: rows where it applies, how many were empty and how many were outside the defined list."""

    frame: pl.DataFrame  # field, status, applies, missing, invalid, missing_pct, invalid_pct
    duplicates: int  # events sent again in a later file, kept once
    dropped: tuple[str, ...]  # identifying or unused columns dropped at ingest
    submissions: tuple[Submission, ...] = ()  # each file's council codes and stated reporting period
    replaced: int = 0  # events of an earlier file that a later file's reporting period replaces


@dataclass(frozen=True)
class ExtractFile:
    """One extract to read: the name messages use, and its bytes on disk (``path``) or in memory (``body``)."""

    name: str
    path: Path | None = None
    body: bytes | None = None

    @classmethod
    def of(cls, item: ExtractFile | Path | str) -> ExtractFile:
        if isinstance(item, ExtractFile):
            return item
        return cls(name=str(item), path=Path(item))

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()

    def source(self) -> Path | io.BytesIO:
        """What the readers open: the path, or a fresh in-memory stream over the bytes."""
        if self.body is not None:
            return io.BytesIO(self.body)
        if self.path is None or not self.path.is_file():
            raise MetricsError(f"{self.name}: no such file")
        return self.path


#: Columns reduced as they are read: a full date of birth to its year and month, year and month columns joined.
BIRTH = {
    "dateofbirth": "_date_of_birth",
    "dob": "_date_of_birth",
    "birthdate": "_date_of_birth",
    "birthyear": "_birth_year",
    "yearofbirth": "_birth_year",
    "birthmonth": "_birth_month",
    "monthofbirth": "_birth_month",
}


def _header_map(columns: list[str]) -> tuple[dict[str, str], list[str]]:
    """{column as written: the name it is read as} for the kept fields (Release 2 names), the submission's own
    fields and the columns reduced as they are read; and the columns dropped unread."""
    kept = (
        {spec.squash(k): k for k in spec.KEPT}
        | {spec.squash(k): v for k, v in spec.R1_NAMES.items()}
        | {spec.squash(k): v for k, v in spec.SUBMISSION_FIELDS.items()}
        | {spec.squash(spec.DESCRIPTION): "_description"}
        | BIRTH
    )
    out: dict[str, str] = {}
    dropped: list[str] = []
    for column in columns:
        name = kept.get(spec.squash(column))
        if name is not None and name not in out.values():
            out[column] = name
            if name == "_date_of_birth":
                dropped.append(f"{column} (year and month kept)")
            elif name == "_description":
                dropped.append(f"{column} (read only for a first conversation)")
        else:
            dropped.append(column)
    return out, dropped


def _where_to_read(item: ExtractFile, *, recoded: bytes | None) -> Path | io.BytesIO:
    """What the table reader opens: the file where it lies (mapped, not copied into memory), the bytes already in
    memory, or the text re-encoded as UTF-8 where the extract came in another encoding."""
    if recoded is not None:
        return io.BytesIO(recoded)
    if item.body is None and item.path is not None:
        return item.path
    return io.BytesIO(item.body or b"")


def _read(item: ExtractFile, *, encoding: str | None = None) -> tuple[pl.DataFrame, list[str]]:
    """The file's kept cells as text, with each row's line in the file (the header is line 1), and the columns
    dropped unread. The bytes are checked first (metrics.cld.raw_file: compressed, not UTF-8 or the named
    ``encoding``, ragged). A file that cannot be read is named, never a reader's own error."""
    suffix = item.suffix
    if suffix not in (".parquet", ".csv", ".txt"):
        raise MetricsError(f"{item.name}: a CLD extract must be a .csv or .parquet file, not {suffix or 'no suffix'}")
    with raw_file.opened(name=item.name, path=item.path, body=item.body) as stream:
        raw_file.refuse_compressed(stream.read(8), name=item.name)
        stream.seek(0)
        recoded = raw_file.checked_csv(stream, name=item.name, encoding=encoding) if suffix != ".parquet" else None
    source = _where_to_read(item, recoded=recoded)

    def again() -> Path | io.BytesIO:
        if isinstance(source, io.BytesIO):
            source.seek(0)
        return source

    try:
        if suffix == ".parquet":
            mapping, dropped = _header_map(list(pl.read_parquet_schema(again())))
            raw = _interned(pl.read_parquet(again(), columns=list(mapping)).cast(pl.String))
        else:
            header = pl.read_csv(again(), n_rows=0, infer_schema=False).columns
            mapping, dropped = _header_map(header)
            raw = _csv_in_batches(again(), columns=list(mapping))
    except Exception:  # the readers raise many types for a damaged file; their names mean nothing to a council
        kind = "Parquet" if suffix == ".parquet" else "CSV"
        raise TableValidationError(
            file=item.name,
            problems=[Problem("(file)", None, f"a readable {kind} CLD extract", "a file that cannot be read as one")],
        ) from None
    if raw.height == 0:
        raise TableValidationError(
            file=item.name, problems=[Problem("(file)", None, "at least one row of events", "a header and no rows")]
        )
    return raw.rename(mapping).with_row_index(LINE, offset=2).with_columns(pl.col(LINE).cast(pl.Int64)), dropped


#: Rows of a CSV extract read at a time: each batch's text is interned (:func:`_interned`) before the next is read,
#: so a large file is never held whole as text (a 2-million-row extract read at once took 1.5 GB).
BATCH_ROWS = 200_000


def _csv_in_batches(source: Path | io.BytesIO, *, columns: list[str]) -> pl.DataFrame:
    """The named columns of a CSV file as text, in the file's order, read a batch at a time."""
    batches = pl.scan_csv(source, infer_schema=False).select(columns).collect_batches(chunk_size=BATCH_ROWS)
    parts = [_interned(batch) for batch in batches]
    return pl.concat(parts) if parts else pl.DataFrame(schema=dict.fromkeys(columns, pl.String))


def _on_distinct(frame: pl.DataFrame, expr: pl.Expr, *, column: str) -> pl.Series:
    """``expr`` (over ``column``) worked out once for each distinct value and spread back to every row, in order:
    the same result as over every row, at the cost of the few distinct values a coded field or a date holds (an
    extract's rows are many; its dates and codes are not)."""
    distinct = frame.select(pl.col(column).unique()).with_columns(expr.alias("_out"))
    spread = frame.select(column).join(distinct, on=column, how="left", nulls_equal=True, maintain_order="left")
    return spread["_out"].alias(column)


def _parse_date(column: str) -> pl.Expr:
    """A date from the layouts of :data:`DATE_FORMATS`, a time after it set aside; empty when unreadable or outside
    :data:`EARLIEST` to :data:`LATEST`."""
    text = pl.col(column).str.strip_chars().str.replace(TIME_AFTER, "$1")
    day = pl.coalesce([text.str.strptime(pl.Date, f, strict=False) for f in DATE_FORMATS])
    return pl.when(day.is_between(EARLIEST, LATEST)).then(day).alias(column)


def _blocking(frame: pl.DataFrame, *, file: str) -> pl.DataFrame:
    """Reject the file for what makes computation impossible, naming each line and column; return it with its event
    dates read (:data:`DATES`, read once here, where an unreadable one is found)."""
    problems: list[Problem] = []
    dates: dict[str, pl.Series] = {}

    def add(mask: pl.Expr, column: str, expected: str, found: pl.Expr) -> None:
        hits = frame.filter(mask).select(LINE, found.cast(pl.String).fill_null("nothing").alias("_f"))
        problems.extend(Problem(column, line, expected, f) for line, f in hits.head(MAX_PROBLEMS).iter_rows())

    text = [c for c in frame.columns if c != LINE and frame.schema[c] == pl.String]
    # one pass finds the columns with an over-long cell; only those are searched line by line
    longest = frame.select(pl.col(text).str.len_bytes().max()).row(0, named=True) if text else {}
    for column in (c for c in text if (longest[c] or 0) > MAX_CELL):
        add(
            pl.col(column).str.len_chars() > MAX_CELL,
            column,
            f"at most {MAX_CELL} characters",
            pl.format("{} characters", pl.col(column).str.len_chars()),
        )
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
    for column in (*DATES, "_period_start", "_period_end"):
        if column not in frame.columns:
            continue
        parsed = _on_distinct(frame, _parse_date(column), column=column)
        if column in DATES:
            dates[column] = parsed
        bad = frame.with_columns(parsed.alias("_d")).filter(pl.col(column).str.strip_chars().fill_null("") != "")
        bad = bad.filter(pl.col("_d").is_null())
        problems.extend(
            Problem(
                SHOWN.get(column, column),
                line,
                "a date from 1900 to 2100 such as 2023-06-30 or 30/06/2023",
                repr(value),
            )
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
    dated = frame.with_columns(dates.values())
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
    return dated


#: The submission's own fields as messages name them.
SHOWN = {v: k for k, v in spec.SUBMISSION_FIELDS.items()}


def _to_list(column: str) -> pl.Expr:
    """A field's values as its defined list writes them (Release 1 spellings mapped); anything else 'Invalid and not
    mapped'; empty stays empty."""
    return (
        pl.when(pl.col(column).str.strip_chars().fill_null("") == "")
        .then(None)
        .otherwise(spec.squashed(column).replace_strict(spec.allowed_values(column), default=spec.INVALID))
        .alias(column)
    )


#: Words in a Release 1 event description that record a first conversation (three conversations model).
FIRST_CONVERSATION = r"(?i)\b(conversation\s*(1|one)|first\s+conversation|c1)\b"
YES = ("yes", "y", "1", "true")


def _conversation(frame: pl.DataFrame) -> pl.Expr:
    """'Yes' where a request is recorded as a first conversation: a Conversation (or Der_Conversation) column that
    says so, or words in the event description; otherwise empty. The description itself is never kept.

    DHSC's waiting-time method lets such a Release 1 request act as the first response (Der_Conversation,
    Waiting_times/waiting_times_method.sql stage 3.1); DHSC does not publish how it derives the flag, so this is
    this product's reading, and says so in docs/cld.md."""
    flags = []
    if "Conversation" in frame.columns:
        flags.append(pl.col("Conversation").str.strip_chars().str.to_lowercase().is_in(YES))
    if "_description" in frame.columns:
        flags.append(pl.col("_description").fill_null("").str.contains(FIRST_CONVERSATION))
    said = pl.any_horizontal(flags).fill_null(False) if flags else pl.lit(False)
    asked = spec.squashed("Event_Type").replace_strict(spec.allowed_values("Event_Type"), default=None) == "Request"
    return pl.when(said & asked.fill_null(False)).then(pl.lit("Yes")).otherwise(None).alias("Conversation")


def _one_file(
    item: ExtractFile, *, order: int, encoding: str | None = None
) -> tuple[pl.DataFrame, list[str], Submission]:
    """One file's rows (every kept field, as text) checked for what blocks computing, the columns it dropped, and
    what it says about itself."""
    raw, unread = _read(item, encoding=encoding)
    missing = [c for c in spec.REQUIRED if c not in raw.columns]
    if missing:
        raise TableValidationError(
            file=item.name,
            problems=[Problem(c, None, "a column of that name (Release 1 or 2)", "no such column") for c in missing],
        )
    for column in spec.KEPT:
        if column not in raw.columns:
            raw = raw.with_columns(pl.lit(None, pl.String).alias(column))
    raw = _blocking(raw, file=item.name)
    submission = _submission(raw, name=item.name, order=order)
    return raw.with_columns(pl.lit(order).alias(FILE), _conversation(raw)), unread, submission


def _submission(raw: pl.DataFrame, *, name: str, order: int) -> Submission:
    """The file's council codes and stated reporting period (the earliest start and latest end it states, as DHSC
    reads a submission's dates). A period that ends before it starts rejects the file."""
    start: date | None = None
    end: date | None = None
    if "_period_start" in raw.columns and "_period_end" in raw.columns:
        dates = raw.select(_parse_date("_period_start"), _parse_date("_period_end"))
        start = cast(date | None, dates["_period_start"].min())
        end = cast(date | None, dates["_period_end"].max())
        if start is not None and end is not None and end < start:
            raise TableValidationError(
                file=name,
                problems=[
                    Problem("Reporting_Period_End_Date", None, f"a date on or after the start ({start})", str(end))
                ],
            )
    codes: tuple[str, ...] = ()
    if "_la_code" in raw.columns:
        found = raw["_la_code"].str.strip_chars().drop_nulls()
        codes = tuple(sorted(c for c in found.unique().to_list() if c))
    return Submission(
        name=name,
        order=order,
        start=start,
        end=end,
        la_codes=codes,
        rows=raw.height,
    )


def read_extracts(
    paths: list[Path] | list[ExtractFile] | list[Path | ExtractFile], *, encoding: str | None = None
) -> tuple[pl.DataFrame, Quality]:
    """Every file's events as one frame (Release 2 names, typed dates, values on their lists, later files' periods
    standing over earlier ones, duplicates removed, nothing identifying), and the data-quality report with each
    file's council and reporting period. Raises TableValidationError for the first file that cannot be computed
    from; nothing is returned from a partial read."""
    if not paths:
        raise MetricsError("No CLD extract given: name one or more CSV or Parquet files.")
    frames, dropped, submissions = [], set(), []
    for order, item in enumerate(paths):
        raw, unread, submission = _one_file(ExtractFile.of(item), order=order, encoding=encoding)
        dropped |= set(unread)
        frames.append(raw)
        submissions.append(submission)
    del raw
    events = _birth_year_month(pl.concat(frames, how="diagonal_relaxed"))
    frames.clear()  # each file's text is held once, in ``events``, from here (a 2-million-row file is 0.6 GB)
    written = events
    events = events.with_columns(pl.col("Event_Type").alias("_type_written")).with_columns(
        *(_on_distinct(events, _to_list(c), column=c) for c in spec.DEFINED),
        *(_on_distinct(events, _number(c), column=c) for c in spec.NUMERIC),
    )
    _refuse_unusable(events, submissions=submissions)
    quality = _quality(written, events)
    del written  # the cells as written: only the quality report needed them
    read = events.height
    standing = keep_latest(events.select(*_needed(events), FILE), submissions=submissions)
    del events
    replaced = read - standing.height
    deduped = _last_of_each_event(standing)
    duplicates = standing.height - deduped.height
    del standing
    # a death is a fact about the person, wherever it was recorded: every row of theirs carries the latest one
    deduped = deduped.with_columns(pl.col("Date_of_Death").max().over("LA_Person_Unique_Identifier")).drop(FILE)
    # a field the extract leaves empty (a local column not added, one a release does not have) is held as one
    # empty value, not one per row: each such text field of a 2-million-row extract was 32 MB in every copy
    empty = [c for c in deduped.columns if deduped[c].null_count() == deduped.height]
    deduped = deduped.with_columns(pl.lit(None, deduped.schema[c]).alias(c) for c in empty)
    # sorted by person and start (stable), one column at a time: each column's old copy is let go as its sorted one
    # is made, so sorting a large extract needs one column's room, not the whole frame's again
    sort_order = deduped.select(pl.arg_sort_by("LA_Person_Unique_Identifier", "Event_Start_Date", maintain_order=True))
    for column in (c for c in deduped.columns if c not in empty):
        deduped = deduped.with_columns(deduped[column].gather(sort_order.to_series()))
    return (
        deduped,
        Quality(quality, duplicates, tuple(sorted(dropped)), submissions=tuple(submissions), replaced=replaced),
    )


def _needed(events: pl.DataFrame) -> list[str]:
    """The fields indicators read (the rest, the cells as written and each row's line, were for the checks)."""
    return [c for c in spec.KEPT if c in events.columns]


def _last_of_each_event(events: pl.DataFrame) -> pl.DataFrame:
    """Each event once: the later file's row, and within a file its last row (an event is its person, type, start
    and reference). Files are in order already unless several were read. Copies nothing when no event repeats."""
    key = pl.struct("LA_Person_Unique_Identifier", "Event_Type", "Event_Start_Date", "Event_Reference")
    in_order = events if events[FILE].n_unique() == 1 else events.sort(FILE, maintain_order=True)
    last = in_order.select(key.is_last_distinct()).to_series()
    return in_order if last.all() else in_order.filter(last)


#: A text field with at most this share of distinct values among its rows is held once per value (:func:`_interned`).
FEW_DISTINCT = 0.05


def _interned(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with each text field of few distinct values (codes, categories, a team) rebuilt from its distinct
    values, so that every row refers to one copy of its text rather than holding its own: the same values and type,
    in a third of the memory for a long category such as an ethnicity, and so in every copy the indicators make
    (a filter or a sort copies the references, not the text)."""
    for column in frame.columns:
        values = frame[column]
        if values.dtype != pl.String or values.n_unique() > FEW_DISTINCT * frame.height:
            continue
        frame = frame.with_columns(_on_distinct(frame, pl.col(column), column=column))
    return frame


#: A file in which fewer than this share of rows has a known event type is not a CLD extract (or is mis-coded).
KNOWN_EVENTS = 0.5


def _refuse_unusable(events: pl.DataFrame, *, submissions: list[Submission]) -> None:
    """Refuse a file whose rows mostly have an event type off the list (coded 1 to 4, say: every measure would be
    0), or any row whose person was born after the event (a birth month after the event's month)."""
    for sub in submissions:
        rows = events.filter(pl.col(FILE) == sub.order)
        unknown = rows.filter(pl.col("Event_Type") == spec.INVALID)
        if rows.height and unknown.height > (1 - KNOWN_EVENTS) * rows.height:
            shown = ", ".join(sorted({str(v) for v in unknown.head(200)["_type_written"].to_list()})[:5])
            raise TableValidationError(
                file=sub.name,
                problems=[
                    Problem(
                        "Event_Type",
                        None,
                        "Request, Assessment, Service or Review on at least half the rows",
                        f"{unknown.height:,} of {rows.height:,} rows off the list (such as {shown})",
                    )
                ],
            )
    born = pl.col("Birth_Year_Month")
    later = events.filter(born.is_not_null() & (born > pl.col("Event_Start_Date").dt.strftime("%Y-%m")))
    if later.height:
        by_file = {s.order: s.name for s in submissions}
        first = later.head(MAX_PROBLEMS)
        raise TableValidationError(
            file=by_file[first[FILE][0]],
            problems=[
                Problem("Birth_Year_Month", line, f"a birth on or before the event ({start:%Y-%m})", str(month))
                for line, month, start in first.select(LINE, "Birth_Year_Month", "Event_Start_Date").iter_rows()
            ],
        )


def _number(column: str) -> pl.Expr:
    """A numeric field as a number ('1,234.50' and '£12' read; anything else empty, and counted as invalid)."""
    text = pl.col(column).str.strip_chars().str.replace_all(r"^£|,", "")
    return text.cast(pl.Float64, strict=False).alias(column)


def _birth_year_month(frame: pl.DataFrame) -> pl.DataFrame:
    """Year and month of birth, from a full date (then forgotten) or from year and month columns, written
    'YYYY-MM' whatever way it came (so that every age is worked out from the same text); empty where it cannot be
    read as a year and month."""
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
    found = frame.with_columns(value.alias("Birth_Year_Month")).drop(
        [c for c in ("_date_of_birth", "_birth_year", "_birth_month") if c in frame.columns]
    )
    padded = pl.col("Birth_Year_Month").str.strip_chars().str.replace(r"^(\d{4})-(\d)$", "$1-0$2")  # 1950-3
    written = padded.str.strptime(pl.Date, "%Y-%m", strict=False).dt.strftime("%Y-%m")
    return found.with_columns(_on_distinct(found, written, column="Birth_Year_Month"))


#: Where a field applies to one event type (DHSC's DQ tool: e.g. route of access only on requests).
APPLIES = {field: where for field, where in spec.APPLIES_TO.items() if where in spec.DEFINED["Event_Type"]}


def _quality(raw: pl.DataFrame, mapped: pl.DataFrame) -> pl.DataFrame:
    """Per field: rows it applies to, empty, and outside the defined list (before and after mapping)."""
    fields = [
        field
        for field in spec.KEPT
        if field != "Conversation"  # derived as the file is read, not a field a council fills
        # local fields a council has not added, and the mark only generated records carry
        and not (field in ("Team", "Locality", "Synthetic_Record") and raw[field].null_count() == raw.height)
    ]
    # every field's three counts in one pass over the rows
    counts = []
    for k, field in enumerate(fields):
        applies = pl.col("Event_Type") == APPLIES[field] if field in APPLIES else pl.lit(True)
        invalid: pl.Expr | None
        if field in spec.NUMERIC:  # an unreadable number is invalid, not missing
            said = pl.col(f"_raw_{k}").str.strip_chars().fill_null("") != ""
            missing, invalid = applies & ~said, applies & said & pl.col(field).is_null()
        else:
            missing = applies & pl.col(field).is_null()
            invalid = applies & (pl.col(field) == spec.INVALID).fill_null(False) if field in spec.DEFINED else None
        counts += [
            (applies.sum() if field in APPLIES else pl.len()).alias(f"a{k}"),
            missing.sum().alias(f"m{k}"),
            (invalid.sum() if invalid is not None else pl.lit(0)).alias(f"i{k}"),
        ]
    numeric = [pl.Series(f"_raw_{k}", raw[f]) for k, f in enumerate(fields) if f in spec.NUMERIC]
    totals = mapped.with_columns(numeric).select(counts).row(0, named=True)
    rows = [
        (field, spec.status(field), int(totals[f"a{k}"]), int(totals[f"m{k}"]), int(totals[f"i{k}"]))
        for k, field in enumerate(fields)
    ]
    frame = pl.DataFrame(rows, schema=["field", "status", "applies", "missing", "invalid"], orient="row")
    return frame.with_columns(
        (pl.col("missing") / pl.col("applies").clip(1) * 100).round(1).alias("missing_pct"),
        (pl.col("invalid") / pl.col("applies").clip(1) * 100).round(1).alias("invalid_pct"),
    )
