"""Submissions: which council a CLD extract is for, the period it reports on, and which file's events stand where
several files cover the same months.

A council sends CLD quarterly, each file a rolling twelve months, so files overlap. NHS England and DHSC join them
by taking, for each period, the latest submission that covers it (DataS-DHSC/ASC-CLD-LA-Dashboard,
Main_tables/docs/methodology/3-submission-selection.md: "the most recently submitted data is assumed to be the most
accurate"). Here the files are taken in the order given, latest last, and each month of a stated reporting period
belongs to the latest file that states it. A file's event stands if it is active in a month that file owns; an
event active only in months another file owns has been replaced by that file (a later file that drops or corrects
a request is believed); an event from before every stated period (a service that ended long ago, a last review) is
history, kept from the latest file that has it.

Deviation: DHSC derives each submission's period from the events in it (2-reporting-periods.md: months with too
few events of the three kinds are not counted) and keeps the stated dates only as a fallback. This product takes the
stated period, as the issue that asked for it says councils expect, and reports a month inside it with no event at
all as a gap (metrics.cld.indicators.months), never as a quiet month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

FILE = "_file"


@dataclass(frozen=True, kw_only=True)
class Submission:
    """One file as it describes itself: its name, its place in the order given, the reporting period it states
    (None when the file does not say), the council codes in its LA_Code column, and its number of rows."""

    name: str
    order: int
    start: date | None
    end: date | None
    la_codes: tuple[str, ...]
    rows: int

    @property
    def stated(self) -> bool:
        return self.start is not None and self.end is not None

    def period_words(self) -> str:
        """'reporting period 1 Apr 2022 to 31 Mar 2023', or that none is stated."""
        if self.start is None or self.end is None:
            return "no reporting period stated"
        return f"reporting period {self.start:%-d %b %Y} to {self.end:%-d %b %Y}"

    def words(self, *, anonymous: bool = False) -> str:
        """'a.csv (reporting period 1 Apr 2022 to 31 Mar 2023)' for the loader; 'file 1 (…)' where it is published
        (``anonymous``): a file's name can hold anything, a person's name included. Never the folder it came from."""
        name = f"file {self.order + 1}" if anonymous else Path(self.name).name
        return f"{name} ({self.period_words()})"


def _months(start: date, end: date) -> list[date]:
    """The first day of every month from ``start``'s to ``end``'s."""
    return pl.date_range(start.replace(day=1), end.replace(day=1), "1mo", eager=True).to_list()


def owners(submissions: tuple[Submission, ...] | list[Submission]) -> dict[date, int]:
    """{first day of a month: the order of the latest file whose stated period covers it}."""
    owned: dict[date, int] = {}
    for sub in sorted(submissions, key=lambda s: s.order):
        if sub.start is not None and sub.end is not None:
            owned.update(dict.fromkeys(_months(sub.start, sub.end), sub.order))
    return owned


def stated_months(submissions: tuple[Submission, ...] | list[Submission]) -> list[date] | None:
    """The last day of every month some file's stated period covers, in order; None when no file states one."""
    owned = owners(submissions)
    if not owned:
        return None
    return sorted(pl.Series(sorted(owned), dtype=pl.Date).dt.month_end().to_list())


def period_start(submissions: tuple[Submission, ...] | list[Submission]) -> date | None:
    """The first day any file states it reports from (None when none states a period)."""
    starts = [s.start for s in submissions if s.start is not None and s.end is not None]
    return min(starts) if starts else None


def keep_latest(events: pl.DataFrame, *, submissions: tuple[Submission, ...] | list[Submission]) -> pl.DataFrame:
    """``events`` (with their file's order in :data:`FILE`) without those another, later file replaces: see the
    module's note. With one file, or files that state no period, every event stands (duplicates are removed later,
    by event)."""
    owned = owners(submissions)
    if len({s.order for s in submissions if s.stated}) < 2:
        return events
    months = pl.DataFrame(
        {"_m": list(owned), "_owner": list(owned.values())}, schema={"_m": pl.Date, "_owner": pl.Int64}
    ).sort("_m")
    first, last = months["_m"].min(), months["_m"].max()
    # each file's running count of the months it owns: an event is active in one of them when the count moves
    # between the month before its start and the month of its end
    orders = sorted({s.order for s in submissions})
    grid = months.join(pl.DataFrame({FILE: orders}, schema={FILE: pl.Int64}), how="cross").with_columns(
        (pl.col("_owner") == pl.col(FILE)).cast(pl.Int64).cum_sum().over(FILE, order_by="_m").alias("_owned")
    )
    start_m = pl.max_horizontal(pl.col("Event_Start_Date").dt.truncate("1mo"), pl.lit(first))
    end_m = pl.min_horizontal(pl.col("Event_End_Date").fill_null(last).dt.truncate("1mo"), pl.lit(last))
    framed = events.with_row_index("_i").with_columns(
        pl.col(FILE).cast(pl.Int64), start_m.alias("_a"), end_m.alias("_b")
    )
    before = grid.select(FILE, pl.col("_m").dt.offset_by("1mo").alias("_a"), pl.col("_owned").alias("_before"))
    upto = grid.select(FILE, pl.col("_m").alias("_b"), pl.col("_owned").alias("_upto"))
    scored = framed.join(before, on=[FILE, "_a"], how="left").join(upto, on=[FILE, "_b"], how="left")
    history = pl.col("Event_End_Date").is_not_null() & (pl.col("Event_End_Date") < pl.lit(first))
    outside = (pl.col("_a") > pl.col("_b")) | (pl.col("Event_Start_Date") > pl.lit(last).dt.month_end())
    active_in_own = (pl.col("_upto").fill_null(0) - pl.col("_before").fill_null(0)) > 0
    return (
        scored.filter(history | outside | active_in_own)
        .sort("_i")
        .drop("_i", "_a", "_b", "_before", "_upto")
        .with_columns(pl.col(FILE).cast(events.schema[FILE]))
    )
