"""Key messages that officers write in the app, kept in SQLite so that none is ever lost.

Each save adds a revision; nothing is updated or deleted (triggers refuse it), and each save also writes an entry
to an append-only audit trail: who, when, what, and which revisions it replaced. A revision names
the revisions it replaces (the text the writer started from). The current
message for an indicator, council and period is every revision that no later
revision replaces. So when two officers edit the same message at once, both
saves land, both texts stay current, and the page shows them side by side
until someone writes one message that replaces both.

The published key messages (data/commentary.parquet, transcribed from the
source documents) are read-only; :func:`latest_messages` puts the two
together, an officer's message taking precedence over the published one for
the same period.

SQLite: write-ahead log, ``synchronous=FULL`` and ``BEGIN IMMEDIATE`` so a
save is on disk when it returns and two writers queue rather than collide.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar, Protocol

import polars as pl

from metrics.core import periods
from metrics.core.errors import CommentaryError, PeriodParseError

MAX_TEXT = 4000
MAX_NAME = 400  # an author is a name and an e-mail address from the sign-in
SCHEMA = """
CREATE TABLE IF NOT EXISTS key_message (
    revision     INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id TEXT NOT NULL,
    area_code    TEXT NOT NULL,
    period_label TEXT NOT NULL,
    text         TEXT NOT NULL,
    author       TEXT NOT NULL,
    meeting      TEXT NOT NULL,
    written_at   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS replaces (
    revision INTEGER NOT NULL REFERENCES key_message(revision),
    replaced INTEGER NOT NULL REFERENCES key_message(revision),
    PRIMARY KEY (revision, replaced)
);
CREATE INDEX IF NOT EXISTS key_message_key ON key_message (area_code, indicator_id, period_label);
CREATE TABLE IF NOT EXISTS audit (
    entry        INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    indicator_id TEXT NOT NULL,
    area_code    TEXT NOT NULL,
    period_label TEXT NOT NULL,
    revision     INTEGER NOT NULL REFERENCES key_message(revision),
    replaces     TEXT NOT NULL,
    text         TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meeting (
    entry       INTEGER PRIMARY KEY AUTOINCREMENT,
    area_code   TEXT NOT NULL,
    committee   TEXT NOT NULL,
    held_on     TEXT NOT NULL,
    withdraws   INTEGER REFERENCES meeting(entry),
    author      TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS meeting_area ON meeting (area_code);
CREATE TABLE IF NOT EXISTS annotation (
    entry        INTEGER PRIMARY KEY AUTOINCREMENT,
    indicator_id TEXT NOT NULL,
    area_code    TEXT NOT NULL,
    period_label TEXT NOT NULL,
    text         TEXT NOT NULL,
    action       TEXT NOT NULL CHECK (action IN ('write', 'publish', 'withdraw')),
    about        INTEGER REFERENCES annotation(entry),
    author       TEXT NOT NULL,
    written_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS annotation_key ON annotation (area_code, indicator_id);
CREATE UNIQUE INDEX IF NOT EXISTS annotation_once ON annotation (about, action) WHERE about IS NOT NULL;
"""
#: Tables nothing may change or remove from: triggers refuse it (metrics/commentary/postgres.py makes the same ones).
#: A meeting recorded in error is withdrawn by a later entry naming it, never deleted: each entry is its own audit.
#: An annotation is published or withdrawn the same way (metrics.commentary.annotations).
APPEND_ONLY = ("key_message", "replaces", "audit", "meeting", "annotation")
SCHEMA += "".join(
    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table}\n"
    f"    BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;\n"
    for table in APPEND_ONLY
    for op in ("UPDATE", "DELETE")
)
AUDIT_COLUMNS = (
    "entry",
    "at",
    "actor",
    "action",
    "indicator_id",
    "area_code",
    "period_label",
    "revision",
    "replaces",
    "text",
)
COLUMNS = ("revision", "indicator_id", "area_code", "period_label", "text", "author", "meeting", "written_at")


@dataclass(frozen=True)
class Revision:
    revision: int
    indicator_id: str
    area_code: str
    period_label: str
    text: str
    author: str
    meeting: str
    written_at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class Saved:
    """The revision just written, and any other current revision for the same period (an edit made meanwhile)."""

    revision: Revision
    others: tuple[Revision, ...]

    @property
    def conflict(self) -> bool:
        return bool(self.others)


@dataclass(frozen=True)
class Message:
    """A key message as shown beside a chart and in a pack."""

    period_label: str
    text: str
    author: str
    written: str  # a date, or the source's period when transcribed
    meeting: str  # the meeting it was reviewed at, or "" when not recorded
    source: str  # the document section, or "written in the dashboard"
    revision: int | None = None  # set for messages written in the app
    period_end: date | None = None  # the end of the period it is written for: older than the figure, it says so


@dataclass(frozen=True)
class Meeting:
    """A council's committee meeting, recorded by an officer: Since last meeting starts from the last one held, and
    packs and key messages name it."""

    entry: int
    area_code: str
    committee: str
    held_on: date
    author: str
    recorded_at: str  # ISO 8601, UTC

    @property
    def words(self) -> str:
        """'Adult Social Care Scrutiny Commission, 24 August 2023', as a pack's title and "reviewed at" say it."""
        return f"{self.committee}, {self.held_on.day} {self.held_on:%B %Y}"


#: Meeting dates a council may record: none before this, and none more than this many days ahead.
EARLIEST_MEETING = date(2000, 1, 1)
MEETING_DAYS_AHEAD = 2 * 366


def last_held(meetings: Iterable[Meeting], *, today: date) -> Meeting | None:
    """The latest meeting held on or before ``today`` (Since last meeting's starting date)."""
    held = [m for m in meetings if m.held_on <= today]
    return max(held, key=lambda m: (m.held_on, m.entry)) if held else None


def next_or_last(meetings: Iterable[Meeting], *, today: date) -> Meeting | None:
    """The meeting a pack or a key message is for: the next one from ``today``, or else the last one held."""
    ahead = [m for m in meetings if m.held_on >= today]
    if ahead:
        return min(ahead, key=lambda m: (m.held_on, m.entry))
    return last_held(meetings, today=today)


#: How long a connection waits, in all, for another process's lock on steps SQLite does not wait for itself.
LOCK_WAIT_SECONDS = 15.0


def _patiently(step) -> None:
    """Run ``step``, trying again while another process holds the file's lock. Changing the journal mode returns
    "database is locked" at once, without SQLite's busy wait, when two processes open the store together."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _use_wal(con: sqlite3.Connection) -> None:
    """Write-ahead logging (kept in the file once set): readers never wait for a writer."""
    if con.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        con.execute("PRAGMA journal_mode=WAL")


class Connection(Protocol):
    """What the store's SQL needs of a connection: sqlite3's own, or the PostgreSQL adapter (commentary.postgres)."""

    def execute(self, sql: str, args: Any = ..., /) -> Any: ...

    def executemany(self, sql: str, rows: Any, /) -> Any: ...


class CommentaryStore:
    """The key messages written in the app, in one SQLite file."""

    #: Store files whose schema this process has already made sure of: the DDL then runs once, not on every
    #: connection, so concurrent writers in other processes never wait on it.
    _ready: ClassVar[set[str]] = set()

    def __init__(self, *, path: Path | str) -> None:
        self.path = Path(path)

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            con = sqlite3.connect(self.path, timeout=15, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise CommentaryError(store=str(self.path), problem=f"cannot be opened ({exc})") from exc
        try:
            con.execute("PRAGMA synchronous=FULL")
            con.execute("PRAGMA foreign_keys=ON")
            if str(self.path) not in self._ready or self.path.stat().st_size == 0:  # new, or made anew
                _patiently(lambda: _use_wal(con))
                _patiently(lambda: con.executescript(SCHEMA))
                self._ready.add(str(self.path))
            if write:
                con.execute("BEGIN IMMEDIATE")
            yield con
            if write:
                con.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if write and con.in_transaction:
                con.execute("ROLLBACK")
            raise CommentaryError(store=str(self.path), problem=f"could not be read or written ({exc})") from exc
        except BaseException:
            if write and con.in_transaction:
                con.execute("ROLLBACK")
            raise
        finally:
            con.close()

    @property
    def name(self) -> str:
        """The store as named in messages: its file."""
        return str(self.path)

    def exists(self) -> bool:
        """Whether anything was ever written: reading never creates the store."""
        return self.path.exists()

    def _lock_key(self, con, key: tuple) -> None:
        """Writers of one message queue: SQLite's BEGIN IMMEDIATE already holds the whole file."""

    @staticmethod
    def _current(con, where: str, args: tuple) -> list[Revision]:
        rows = con.execute(
            f"SELECT {', '.join(COLUMNS)} FROM key_message m WHERE {where} "
            "AND NOT EXISTS (SELECT 1 FROM replaces r WHERE r.replaced = m.revision) "
            "ORDER BY m.revision",
            args,
        ).fetchall()
        return [Revision(*row) for row in rows]

    def save(
        self,
        *,
        indicator_id: str,
        area_code: str,
        period_label: str,
        text: str,
        author: str,
        meeting: str,
        replaces: Iterable[int] = (),
        now: datetime | None = None,
    ) -> Saved:
        """Add a revision that replaces the ones the writer started from; report any edited meanwhile."""
        text, author, meeting = text.strip(), author.strip(), meeting.strip()
        for name, value, limit in (
            ("text", text, MAX_TEXT),
            ("author", author, MAX_NAME),
            ("meeting", meeting, MAX_NAME),
        ):
            if not value:
                raise CommentaryError(store=self.name, problem=f"a key message needs its {name}")
            if len(value) > limit:
                raise CommentaryError(
                    store=self.name, problem=f"the {name} is {len(value)} characters; the most is {limit}"
                )
        try:
            periods.parse(period_label)
        except PeriodParseError as exc:
            raise CommentaryError(store=self.name, problem=str(exc)) from exc
        replaces = sorted(set(replaces))
        written = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
        key = (area_code, indicator_id, period_label)
        with self._connect(write=True) as con:
            for old in replaces:
                row = con.execute(
                    "SELECT area_code, indicator_id, period_label FROM key_message WHERE revision = ?", (old,)
                ).fetchone()
                if row != key:
                    raise CommentaryError(
                        store=self.name,
                        problem=f"revision {old} is not a key message for {indicator_id}, {area_code}, {period_label}",
                    )
            self._lock_key(con, key)
            new = con.execute(
                "INSERT INTO key_message (indicator_id, area_code, period_label, text, author, "
                "meeting, written_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING revision",
                (indicator_id, area_code, period_label, text, author, meeting, written),
            ).fetchone()[0]
            con.executemany("INSERT INTO replaces (revision, replaced) VALUES (?, ?)", [(new, o) for o in replaces])
            # the audit trail, in the same transaction: who did what, when, from which revisions
            con.execute(
                "INSERT INTO audit (at, actor, action, indicator_id, area_code, period_label, revision, "
                "replaces, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    written,
                    author,
                    "replace" if replaces else "save",
                    indicator_id,
                    area_code,
                    period_label,
                    new,
                    ",".join(map(str, replaces)),
                    text,
                ),
            )
            current = self._current(con, "area_code = ? AND indicator_id = ? AND period_label = ?", key)
        mine = next(r for r in current if r.revision == new)
        return Saved(mine, tuple(r for r in current if r.revision != new))

    def current(self, *, indicator_id: str, area_code: str, period_label: str | None = None) -> list[Revision]:
        """The current revisions for an indicator and council (one period, or all), oldest first."""
        if not self.exists():  # nothing written yet; reading never creates the store
            return []
        where, args = "indicator_id = ? AND area_code = ?", (indicator_id, area_code)
        args_: tuple[str, ...] = args
        if period_label is not None:
            where, args_ = where + " AND period_label = ?", (*args, period_label)
        with self._connect(write=False) as con:
            return self._current(con, where, args_)

    def history(self, *, indicator_id: str, area_code: str, period_label: str) -> list[Revision]:
        """Every revision ever saved for one message, oldest first: nothing is lost."""
        if not self.exists():
            return []
        with self._connect(write=False) as con:
            rows = con.execute(
                f"SELECT {', '.join(COLUMNS)} FROM key_message WHERE indicator_id = ? "
                "AND area_code = ? AND period_label = ? ORDER BY revision",
                (indicator_id, area_code, period_label),
            ).fetchall()
        return [Revision(*row) for row in rows]


def _meeting_words(store: CommentaryStore, *, committee: str, held_on: date, author: str) -> tuple[str, str]:
    committee, author = committee.strip(), author.strip()
    for name, value in (("committee", committee), ("author", author)):
        if not value:
            raise CommentaryError(store=store.name, problem=f"a meeting needs its {name}")
        if len(value) > MAX_NAME:
            raise CommentaryError(
                store=store.name, problem=f"the {name} is {len(value)} characters; the most is {MAX_NAME}"
            )
    latest = date.today().toordinal() + MEETING_DAYS_AHEAD
    if not EARLIEST_MEETING <= held_on <= date.fromordinal(latest):
        raise CommentaryError(
            store=store.name,
            problem=f"a meeting's date must fall from {EARLIEST_MEETING:%Y} to two years ahead; got {held_on.isoformat()}",
        )
    return committee, author


def record_meeting(
    store: CommentaryStore,
    *,
    area_code: str,
    committee: str,
    held_on: date,
    author: str,
    now: datetime | None = None,
) -> Meeting:
    """Record one of a council's committee meetings (append-only, under the officer's sign-in)."""
    committee, author = _meeting_words(store, committee=committee, held_on=held_on, author=author)
    written = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    with store._connect(write=True) as con:
        entry = con.execute(
            "INSERT INTO meeting (area_code, committee, held_on, withdraws, author, recorded_at) "
            "VALUES (?, ?, ?, NULL, ?, ?) RETURNING entry",
            (area_code, committee, held_on.isoformat(), author, written),
        ).fetchone()[0]
    return Meeting(int(entry), area_code, committee, held_on, author, written)


def withdraw_meeting(store: CommentaryStore, *, area_code: str, entry: int, author: str) -> None:
    """Withdraw a meeting recorded in error: a later entry names it; nothing is deleted."""
    written = datetime.now(UTC).isoformat(timespec="seconds")
    with store._connect(write=True) as con:
        row = con.execute(
            "SELECT committee, held_on FROM meeting WHERE entry = ? AND area_code = ? AND withdraws IS NULL",
            (entry, area_code),
        ).fetchone()
        if row is None:
            raise CommentaryError(store=store.name, problem=f"no meeting {entry} is recorded for {area_code}")
        con.execute(
            "INSERT INTO meeting (area_code, committee, held_on, withdraws, author, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (area_code, row[0], row[1], entry, author.strip() or "unknown", written),
        )


def meetings(store: CommentaryStore, *, area_code: str) -> list[Meeting]:
    """A council's recorded meetings not withdrawn, in date order. Reading never creates the store."""
    if not store.exists():
        return []
    with store._connect(write=False) as con:
        rows = con.execute(
            "SELECT entry, area_code, committee, held_on, author, recorded_at FROM meeting m "
            "WHERE area_code = ? AND withdraws IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM meeting w WHERE w.withdraws = m.entry) ORDER BY held_on, entry",
            (area_code,),
        ).fetchall()
    return [Meeting(int(e), a, c, date.fromisoformat(str(h)), au, str(r)) for e, a, c, h, au, r in rows]


def audit_trail(store: CommentaryStore) -> pl.DataFrame:
    """Every entry of the store's append-only audit trail, oldest first: who saved or replaced what, and when."""
    if not store.exists():
        return pl.DataFrame(schema={c: (pl.Int64 if c in ("entry", "revision") else pl.String) for c in AUDIT_COLUMNS})
    with store._connect(write=False) as con:
        rows = con.execute(f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit ORDER BY entry").fetchall()
    return pl.DataFrame(
        rows, schema={c: (pl.Int64 if c in ("entry", "revision") else pl.String) for c in AUDIT_COLUMNS}, orient="row"
    )


def _end(label: str):
    try:
        return periods.parse(label).end
    except PeriodParseError:
        return None


def latest_messages(*, published: pl.DataFrame, edits: list[Revision]) -> list[Message]:
    """The key message(s) for the latest period that has one.

    ``published`` is the commentary table filtered to one indicator and
    council; ``edits`` are that indicator's and council's current revisions.
    For the same period, messages written in the app replace the published
    one; two current revisions (a simultaneous edit) are both returned.
    """
    candidates: list[tuple] = []
    for label, end, text, author, source in published.select(
        "period_label", "period_end", "text", "author", "source"
    ).iter_rows():
        candidates.append((end, 0, Message(label, text, author, label, "", source, period_end=end)))
    for r in edits:
        end = _end(r.period_label)
        if end is not None:
            candidates.append(
                (
                    end,
                    1,
                    Message(
                        r.period_label,
                        r.text,
                        r.author,
                        r.written_at[:10],
                        r.meeting,
                        "written in the dashboard",
                        r.revision,
                        end,
                    ),
                )
            )
    if not candidates:
        return []
    last_end = max(c[0] for c in candidates)
    same = [c for c in candidates if c[0] == last_end]
    best = max(c[1] for c in same)
    return [c[2] for c in same if c[1] == best]
