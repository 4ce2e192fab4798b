"""The key-message store in PostgreSQL, for several app servers sharing one store (psycopg 3).

Same tables, the same append-only rules and the same guarantee as the SQLite store (metrics.commentary.sqlite): every save
is a new revision naming the revisions it replaces, so two officers saving the same message at once both land and
both stay current. Writers of one message queue on a transaction-scoped advisory lock (SQLite's BEGIN IMMEDIATE
holds the whole file instead); triggers refuse any UPDATE, DELETE or TRUNCATE of the messages and the audit trail.
The schema is made once per process and database, under a session advisory lock, so servers starting together do
not race to create it.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import urlsplit, urlunsplit

from metrics.commentary.sqlite import APPEND_ONLY as TABLES
from metrics.commentary.sqlite import CommentaryStore
from metrics.core.errors import CommentaryError

SCHEMA_LOCK = 7_203_114_001  # any constant: the advisory lock servers take while making the schema
SCHEMA = """
CREATE TABLE IF NOT EXISTS key_message (
    revision     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    indicator_id TEXT NOT NULL,
    area_code    TEXT NOT NULL,
    period_label TEXT NOT NULL,
    text         TEXT NOT NULL,
    author       TEXT NOT NULL,
    meeting      TEXT NOT NULL,
    written_at   TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS replaces (
    revision BIGINT NOT NULL REFERENCES key_message(revision),
    replaced BIGINT NOT NULL REFERENCES key_message(revision),
    PRIMARY KEY (revision, replaced)
);
CREATE INDEX IF NOT EXISTS key_message_key ON key_message (area_code, indicator_id, period_label);
CREATE TABLE IF NOT EXISTS audit (
    entry        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    indicator_id TEXT NOT NULL,
    area_code    TEXT NOT NULL,
    period_label TEXT NOT NULL,
    revision     BIGINT NOT NULL REFERENCES key_message(revision),
    replaces     TEXT NOT NULL,
    text         TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meeting (
    entry       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    area_code   TEXT NOT NULL,
    committee   TEXT NOT NULL,
    held_on     TEXT NOT NULL,
    withdraws   BIGINT REFERENCES meeting(entry),
    author      TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS meeting_area ON meeting (area_code);
CREATE TABLE IF NOT EXISTS annotation (
    entry        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    indicator_id TEXT NOT NULL,
    area_code    TEXT NOT NULL,
    period_label TEXT NOT NULL,
    text         TEXT NOT NULL,
    action       TEXT NOT NULL CHECK (action IN ('write', 'publish', 'withdraw')),
    about        BIGINT REFERENCES annotation(entry),
    author       TEXT NOT NULL,
    written_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS annotation_key ON annotation (area_code, indicator_id);
CREATE UNIQUE INDEX IF NOT EXISTS annotation_once ON annotation (about, action) WHERE about IS NOT NULL;
CREATE OR REPLACE FUNCTION scrutiny_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END $$;
"""


def _redacted(url: str) -> str:
    """The URL as shown in messages: never its password (and never the raw text of one that does not parse)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        netloc = (f"{parts.username}@" if parts.username else "") + host + (f":{parts.port}" if parts.port else "")
        return urlunsplit((parts.scheme, netloc, parts.path, "", ""))
    except ValueError:
        return "postgresql://(an address that does not parse)"


class _Connection:
    """A psycopg connection that takes the store's SQL as written for SQLite (``?`` placeholders)."""

    def __init__(self, con) -> None:
        self.con = con

    def execute(self, sql: str, args: tuple = ()):
        return self.con.execute(re.sub(r"\?", "%s", sql), args)

    def executemany(self, sql: str, rows):
        with self.con.cursor() as cur:
            cur.executemany(re.sub(r"\?", "%s", sql), list(rows))


#: After a connection fails, reads are answered "unavailable" at once for this long (seconds), doubling with each
#: further failure up to :data:`LONGEST_WAIT`: a page need not wait out the connect timeout on every read while the
#: server is down. A save always tries (an officer pressing Save again means it), and any success ends the wait.
FIRST_WAIT, LONGEST_WAIT = 15.0, 300.0


@dataclass
class _Outage:
    """A database's failed connections in a row, and when a read may try again."""

    failures: int = 0
    retry_at: float = 0.0


class PostgresCommentaryStore(CommentaryStore):
    """The key messages written in the app, in a PostgreSQL database several servers share."""

    _ready_urls: ClassVar[set[str]] = set()
    _outages: ClassVar[dict[str, _Outage]] = {}

    def __init__(self, *, url: str) -> None:
        self.url = url
        self.path = None  # type: ignore[assignment]  # no file: see name and exists()

    @property
    def name(self) -> str:
        return _redacted(self.url)

    def exists(self) -> bool:
        return True  # a database is always there; reading an empty one finds nothing

    def _lock_key(self, con, key: tuple) -> None:
        con.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", ("\x1f".join(key),))

    def _ensure_schema(self, con) -> None:
        if self.url in self._ready_urls:
            return
        con.execute("SELECT pg_advisory_lock(%s)", (SCHEMA_LOCK,))
        try:
            with con.transaction():
                con.execute(SCHEMA)
                for table in TABLES:
                    con.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
                    con.execute(
                        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                        "FOR EACH ROW EXECUTE FUNCTION scrutiny_append_only()"
                    )
                    con.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
                    con.execute(
                        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                        "FOR EACH STATEMENT EXECUTE FUNCTION scrutiny_append_only()"
                    )
        finally:
            con.execute("SELECT pg_advisory_unlock(%s)", (SCHEMA_LOCK,))
        self._ready_urls.add(self.url)

    def _note_failure(self) -> None:
        """A connection failed: reads wait before trying again, twice as long as after the failure before."""
        outage = self._outages.setdefault(self.url, _Outage())
        outage.failures += 1
        doublings = min(outage.failures - 1, 8)  # FIRST_WAIT * 2**8 is past LONGEST_WAIT; never an overflow
        outage.retry_at = time.monotonic() + min(FIRST_WAIT * 2**doublings, LONGEST_WAIT)

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[_Connection]:
        try:
            import psycopg
        except ImportError as exc:
            raise CommentaryError(store=self.name, problem="needs psycopg (pip install -r requirements.txt)") from exc
        outage = self._outages.get(self.url)
        if outage and not write and time.monotonic() < outage.retry_at:
            wait = max(1, math.ceil(outage.retry_at - time.monotonic()))
            raise CommentaryError(
                store=self.name, problem=f"cannot be opened (it was down moments ago; tried again in {wait} s)"
            )
        try:
            con = psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        except (psycopg.Error, ValueError) as exc:
            self._note_failure()
            # the driver's words can repeat the address, password included: only the kind of failure is shown
            raise CommentaryError(
                store=self.name, problem=f"cannot be opened ({type(exc).__name__}; the server's log has the reason)"
            ) from exc
        self._outages.pop(self.url, None)
        try:
            self._ensure_schema(con)
            with con.transaction():  # one transaction: a save lands whole or not at all
                yield _Connection(con)
        except psycopg.Error as exc:
            raise CommentaryError(
                store=self.name, problem=f"could not be read or written ({_first_line(exc)})"
            ) from exc
        finally:
            con.close()


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
