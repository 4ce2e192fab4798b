"""The columns a council adds to its own CLD extract (Team, Locality) become categories, never free text.

Whatever is typed in a local column could be a person: a client's name, an NHS number, a postcode. A value is
published as a breakdown category only when it is safe to:

* where the council lists its names for the column (config.toml's ``local_categories``, or the upload page), a
  value is published as the listed name it matches (case, spaces and punctuation aside), and anything else as
  :data:`OTHER`;
* with no list, a value is published only if at least the suppression threshold of people have it, it is at most
  :data:`MAX_LENGTH` characters, and it holds nothing shaped like an NHS number (ten digits whose check digit is
  right), a postcode, a date or an e-mail address; anything else becomes :data:`OTHER`.

This runs on the events in memory, before anything is computed, so no other value reaches a figure, a CSV or a
page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import polars as pl

from metrics.cld import spec

OTHER = "Other"
MAX_LENGTH = 60
#: What the council may list, by column: the local columns of metrics.cld.spec.
COLUMNS = tuple(spec.LOCAL_BREAKDOWNS.values())

POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.IGNORECASE)
DATE = re.compile(r"\b\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}\b")
EMAIL = re.compile(r"\S+@\S+\.\S+")
#: Ten digits, perhaps written 3-3-4 with spaces or hyphens.
TEN_DIGITS = re.compile(r"(?<!\d)(\d{3})[\s\-]?(\d{3})[\s\-]?(\d{4})(?!\d)")


def is_nhs_number(digits: str) -> bool:
    """Whether ten digits are a valid NHS number: the modulus 11 check digit (weights 10 to 2) is right."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def looks_personal(value: str) -> bool:
    """Whether a value holds something shaped like an NHS number, a postcode, a date or an e-mail address."""
    if any(is_nhs_number("".join(m.groups())) for m in TEN_DIGITS.finditer(value)):
        return True
    return bool(POSTCODE.search(value) or DATE.search(value) or EMAIL.search(value))


def _listed(values: list[str], names: tuple[str, ...]) -> dict[str, str]:
    """{value as written: the listed name it matches, or OTHER}."""
    by_letters = {spec.squash(n): n for n in names}
    return {v: by_letters.get(spec.squash(v), OTHER) for v in values}


def _safe(frame: pl.DataFrame, column: str, *, threshold: int) -> dict[str, str]:
    """{value as written: itself where safe to publish with no list, else OTHER}."""
    people = (
        frame.filter(pl.col(column).is_not_null())
        .group_by(column)
        .agg(pl.col("LA_Person_Unique_Identifier").n_unique().alias("_people"))
    )
    out = {}
    for value, count in people.iter_rows():
        text = str(value).strip()
        ok = count >= threshold and 0 < len(text) <= MAX_LENGTH and not looks_personal(text)
        out[value] = text if ok else OTHER
    return out


def categorise(
    events: pl.DataFrame, *, names: Mapping[str, tuple[str, ...]] | None = None, threshold: int
) -> pl.DataFrame:
    """``events`` with each local column's values replaced by the categories that may be published."""
    out = events
    for column in COLUMNS:
        if column not in events.columns or events[column].is_null().all():
            continue
        listed = (names or {}).get(column)
        values = events[column].drop_nulls().unique().to_list()
        mapping = _listed(values, listed) if listed else _safe(events, column, threshold=threshold)
        out = out.with_columns(pl.col(column).replace_strict(mapping, default=None, return_dtype=pl.String))
    return out
