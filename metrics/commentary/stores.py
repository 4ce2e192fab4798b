"""Which key-message store a setting names: a PostgreSQL database or a SQLite file."""

from __future__ import annotations

from pathlib import Path

from metrics.commentary.sqlite import CommentaryStore


def open_store(location: str | Path) -> CommentaryStore:
    """The key-message store at ``location``: a PostgreSQL URL (postgresql://…, several servers sharing one store)
    or a SQLite file (the embedded default)."""
    if str(location).startswith(("postgresql://", "postgres://")):
        from metrics.commentary.postgres import PostgresCommentaryStore  # psycopg is needed only for PostgreSQL

        return PostgresCommentaryStore(url=str(location))
    return CommentaryStore(path=location)
