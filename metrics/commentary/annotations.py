"""Annotations: an officer's dated note on one point of an indicator's chart ("new front door from April 2022",
"data error found after the papers were sent"), kept in the key-message store.

Append-only, like key messages and meetings: writing a note adds an entry (a draft); publishing it adds an entry
that names it; withdrawing it (a note written in error) adds another. Nothing is updated or deleted, so every entry
is its own audit: who, when, and what. Drafts are read by councillors and officers; the public reads published
notes only (views.data asks which the session may read).

A note belongs to a council, an indicator and a period (the point's label, as the chart shows it). Where it is
drawn, and with which number, is worked out once in metrics.figures.annotated, so the screen, Present, the pack and
the CSV number the same notes the same way.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime

from metrics.commentary.sqlite import MAX_NAME, CommentaryStore
from metrics.core import periods
from metrics.core.access import shown_name
from metrics.core.errors import CommentaryError, PeriodParseError

#: The most a note may say: it is listed under the chart and on a slide, so it is a line or two, not a paper.
MAX_NOTE = 300
WRITE, PUBLISH, WITHDRAW = "write", "publish", "withdraw"


@dataclass(frozen=True)
class Annotation:
    """One note on one point, as it stands: written (a draft), or published, and by whom."""

    entry: int
    indicator_id: str
    area_code: str
    period_label: str
    period_end: date
    text: str
    author: str
    written_at: str  # ISO 8601, UTC
    published_by: str = ""  # "" while a draft
    published_at: str = ""

    @property
    def published(self) -> bool:
        return bool(self.published_at)

    @property
    def status(self) -> str:
        return "published" if self.published else "draft"

    @property
    def byline(self) -> str:
        """'A. Officer, 2024-05-12; published 2024-05-20' as listed under a chart: the writer's name, never an
        e-mail address (access.shown_name)."""
        said = f"{shown_name(self.author)}, {self.written_at[:10]}"
        return said + (f"; published {self.published_at[:10]}" if self.published else "; draft, not yet published")


def _checked(store: CommentaryStore, *, period_label: str, text: str, author: str) -> tuple[date, str, str]:
    """The note's period end, text and author, or an error naming what is wrong."""
    text, author = " ".join(text.split()), author.strip()  # one line: a note is listed, never laid out
    hidden = next((ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn")), None)
    if hidden is not None:  # invisible, and refused by the pack's file formats: said, never silently dropped
        raise CommentaryError(
            store=store.name, problem=f"an annotation's text holds an invisible character (U+{ord(hidden):04X})"
        )
    for name, value, limit in (("text", text, MAX_NOTE), ("author", author, MAX_NAME)):
        if not value:
            raise CommentaryError(store=store.name, problem=f"an annotation needs its {name}")
        if len(value) > limit:
            raise CommentaryError(
                store=store.name, problem=f"an annotation's {name} is {len(value)} characters; the most is {limit}"
            )
    try:
        end = periods.parse(period_label).end
    except PeriodParseError as exc:
        raise CommentaryError(store=store.name, problem=str(exc)) from exc
    return end, text, author


def _now(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")


def write(
    store: CommentaryStore,
    *,
    indicator_id: str,
    area_code: str,
    period_label: str,
    text: str,
    author: str,
    now: datetime | None = None,
) -> Annotation:
    """Write a note on one point (a draft until an officer publishes it)."""
    end, text, author = _checked(store, period_label=period_label, text=text, author=author)
    written = _now(now)
    with store._connect(write=True) as con:
        entry = con.execute(
            "INSERT INTO annotation (indicator_id, area_code, period_label, text, action, about, author, written_at) "
            "VALUES (?, ?, ?, ?, ?, NULL, ?, ?) RETURNING entry",
            (indicator_id, area_code, period_label, text, WRITE, author, written),
        ).fetchone()[0]
    return Annotation(int(entry), indicator_id, area_code, period_label, end, text, author, written)


def _follow_up(
    store: CommentaryStore, *, action: str, area_code: str, indicator_id: str, entry: int, author: str, now
) -> None:
    """Publish or withdraw a note: a later entry names it. A withdrawn note cannot be published, and a note is
    published or withdrawn once."""
    author = author.strip()
    if not author:
        raise CommentaryError(store=store.name, problem=f"an annotation is {action}ed under a name")
    with store._connect(write=True) as con:
        store._lock_key(con, ("annotation", str(entry)))  # two servers publishing one note at once queue here
        row = con.execute(
            "SELECT period_label, text FROM annotation WHERE entry = ? AND area_code = ? AND indicator_id = ? "
            "AND action = ?",
            (entry, area_code, indicator_id, WRITE),
        ).fetchone()
        if row is None:
            raise CommentaryError(
                store=store.name, problem=f"no annotation {entry} is written for {indicator_id}, {area_code}"
            )
        done = {a for (a,) in con.execute("SELECT action FROM annotation WHERE about = ?", (entry,)).fetchall()}
        if WITHDRAW in done or action in done:
            raise CommentaryError(
                store=store.name,
                problem=f"annotation {entry} is already {'withdrawn' if WITHDRAW in done else action + 'ed'}",
            )
        con.execute(
            "INSERT INTO annotation (indicator_id, area_code, period_label, text, action, about, author, written_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (indicator_id, area_code, row[0], row[1], action, entry, author, _now(now)),
        )


def publish(
    store: CommentaryStore, *, area_code: str, indicator_id: str, entry: int, author: str, now: datetime | None = None
) -> None:
    """Publish a draft note: from now on the public reads it too."""
    _follow_up(
        store, action=PUBLISH, area_code=area_code, indicator_id=indicator_id, entry=entry, author=author, now=now
    )


def withdraw(
    store: CommentaryStore, *, area_code: str, indicator_id: str, entry: int, author: str, now: datetime | None = None
) -> None:
    """Withdraw a note written in error: it is no longer shown anywhere, and stays in the store."""
    _follow_up(
        store, action=WITHDRAW, area_code=area_code, indicator_id=indicator_id, entry=entry, author=author, now=now
    )


def current(store: CommentaryStore, *, indicator_id: str, area_code: str, drafts: bool) -> list[Annotation]:
    """The council's notes on an indicator that are not withdrawn, oldest point first; with ``drafts`` off (the
    public), only the published ones. Reading never creates the store."""
    if not store.exists():
        return []
    with store._connect(write=False) as con:
        rows = con.execute(
            "SELECT n.entry, n.period_label, n.text, n.author, n.written_at, p.author, p.written_at "
            "FROM annotation n LEFT JOIN annotation p ON p.about = n.entry AND p.action = ? "
            "WHERE n.indicator_id = ? AND n.area_code = ? AND n.action = ? "
            "AND NOT EXISTS (SELECT 1 FROM annotation w WHERE w.about = n.entry AND w.action = ?) "
            "ORDER BY n.entry",
            (PUBLISH, indicator_id, area_code, WRITE, WITHDRAW),
        ).fetchall()
    notes = [
        Annotation(
            int(entry),
            indicator_id,
            area_code,
            label,
            periods.parse(label).end,
            text,
            author,
            str(written),
            published_by or "",
            str(published_at or ""),
        )
        for entry, label, text, author, written, published_by, published_at in rows
    ]
    notes = notes if drafts else [n for n in notes if n.published]
    return sorted(notes, key=lambda n: (n.period_end, n.entry))
