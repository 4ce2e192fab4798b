"""Reading the period labels people use into start and end dates.

Financial years run April to March. Each form has one canonical label, so
"2022-23" and "2022/23" both become "2022/23". "YYYY-YY" is a financial year
when its second part is the next year ("2011-12"), otherwise a month. A week
is named by its last day, "w/e 2 Jul 2023" (also "week ending 2 July 2023"):
seven days, ending on a Sunday in DHSC's CLD calendar.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from metrics.core.errors import PeriodParseError

MONTH = "month"
QUARTER = "quarter"
FINANCIAL_YEAR = "financial year"
SNAPSHOT = "snapshot"
PART_YEAR = "part year"
WEEK = "week"
#: Every period type, for messages that list them.
TYPES = (MONTH, QUARTER, FINANCIAL_YEAR, SNAPSHOT, PART_YEAR, WEEK)

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_name) if name})

_FY = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")
_FY_QUARTER = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s+Q([1-4])$", re.IGNORECASE)
_FY_QUARTERS = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s+Q([1-4])\s*(?:-|–|to)\s*Q?([1-4])$", re.IGNORECASE)
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_NAMED_MONTH = re.compile(r"^([A-Za-z]+)\s+(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_LONG_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$")
_WEEK = re.compile(r"^(?:w/e|w\.e\.|week\s+end(?:ing|s)|week\s+to)\s+(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    type: str
    label: str


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _fy_start_year(first: str, second: str, label: str) -> int:
    start = int(first)
    tail = int(second) % 100
    if (start + 1) % 100 != tail:
        raise PeriodParseError(label=label)
    return start


def financial_year(start_year: int) -> Period:
    return Period(
        date(start_year, 4, 1),
        date(start_year + 1, 3, 31),
        FINANCIAL_YEAR,
        f"{start_year}/{(start_year + 1) % 100:02d}",
    )


def quarter(start_year: int, q: int) -> Period:
    first_month = 4 + 3 * (q - 1)
    year = start_year + (first_month - 1) // 12
    first_month = (first_month - 1) % 12 + 1
    last_month = first_month + 2
    return Period(
        date(year, first_month, 1),
        _month_end(year, last_month),
        QUARTER,
        f"{start_year}/{(start_year + 1) % 100:02d} Q{q}",
    )


def month(year: int, m: int) -> Period:
    return Period(date(year, m, 1), _month_end(year, m), MONTH, f"{calendar.month_abbr[m]} {year}")


def week(end: date) -> Period:
    """The seven days ending on ``end``, labelled "w/e 2 Jul 2023"."""
    return Period(
        date.fromordinal(end.toordinal() - 6), end, WEEK, f"w/e {end.day} {calendar.month_abbr[end.month]} {end.year}"
    )


def week_ending(day: date) -> date:
    """The Sunday that ends the week ``day`` falls in (DHSC's CLD calendar: weeks end on Sunday)."""
    return date.fromordinal(day.toordinal() + 6 - day.weekday())


def snapshot(day: date) -> Period:
    return Period(day, day, SNAPSHOT, f"{day.day} {calendar.month_abbr[day.month]} {day.year}")


def financial_year_end(day: date) -> date:
    """The last day of the financial year (April to March) that ``day`` falls in."""
    return date(day.year + 1 if day.month >= 4 else day.year, 3, 31)


def _part_year(m: re.Match, text: str) -> Period:
    first, last = int(m[3]), int(m[4])
    if last <= first:
        raise PeriodParseError(label=text)
    year = _fy_start_year(m[1], m[2], text)
    label = f"{year}/{(year + 1) % 100:02d} Q{first}-Q{last}"
    return Period(quarter(year, first).start, quarter(year, last).end, PART_YEAR, label)


def _year(m: re.Match, _text: str) -> Period | None:
    return financial_year(int(m[1])) if (int(m[1]) + 1) % 100 == int(m[2]) % 100 else None


def _named_month(m: re.Match, _text: str) -> Period | None:
    return month(int(m[2]), _MONTHS[m[1].lower()]) if m[1].lower() in _MONTHS else None


def _long_date(m: re.Match, _text: str) -> Period | None:
    return snapshot(date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))) if m[2].lower() in _MONTHS else None


def _week(m: re.Match, _text: str) -> Period | None:
    return week(date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))) if m[2].lower() in _MONTHS else None


#: The label forms read, in order: the first pattern that matches and gives a period wins.
_READERS: tuple[tuple[re.Pattern, Callable[[re.Match, str], Period | None]], ...] = (
    (_WEEK, _week),
    (_FY_QUARTERS, _part_year),
    (_FY_QUARTER, lambda m, text: quarter(_fy_start_year(m[1], m[2], text), int(m[3]))),
    (_FY, _year),
    (_ISO_MONTH, lambda m, _text: month(int(m[1]), int(m[2]))),
    (_NAMED_MONTH, _named_month),
    (_ISO_DATE, lambda m, _text: snapshot(date(int(m[1]), int(m[2]), int(m[3])))),
    (_UK_DATE, lambda m, _text: snapshot(date(int(m[3]), int(m[2]), int(m[1])))),
    (_LONG_DATE, _long_date),
)


def _read(text: str) -> Period | None:
    for pattern, build in _READERS:
        m = pattern.match(text)
        found = build(m, text) if m else None
        if found is not None:
            return found
    return None


def parse(label: str, *, period_type: str | None = None) -> Period:
    """Read ``label`` into a Period. Raises PeriodParseError.

    ``period_type="snapshot"`` with a month label ("Feb 2023") means a count
    taken at some point in that month, as documents often say "as of February
    2023": it keeps the month's dates and the month label.
    """
    text = " ".join(str(label).split())
    try:
        p = _read(text)
    except ValueError:  # e.g. 31/02/2023 or month 13
        raise PeriodParseError(label=str(label)) from None
    if p is None:
        raise PeriodParseError(label=str(label))
    if period_type in (None, "", p.type):
        return p
    if period_type == SNAPSHOT and p.type == MONTH:
        return Period(p.start, p.end, SNAPSHOT, p.label)
    raise PeriodParseError(label=f"{label}` as a `{period_type}")
