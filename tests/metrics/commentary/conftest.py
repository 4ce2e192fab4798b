"""The store each commentary test runs on: a SQLite file, and a fresh PostgreSQL database when one is running."""

from __future__ import annotations

import os
import uuid

import pytest

#: A PostgreSQL server the tests may create databases on (scripts/test.sh starts one and sets this).
POSTGRES = os.environ.get("SCRUTINY_TEST_POSTGRES", "")


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path):
    """Where a store lives: a SQLite file, or a fresh PostgreSQL database; each test runs on both."""
    if request.param == "sqlite":
        yield str(tmp_path / "sub" / "km.sqlite")
        return
    if not POSTGRES:
        if os.environ.get("CI"):
            pytest.fail("SCRUTINY_TEST_POSTGRES is not set: scripts/test.sh starts PostgreSQL and sets it")
        pytest.skip("no PostgreSQL server (bash scripts/test.sh starts one)")
    import psycopg

    name = f"km_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(POSTGRES, autocommit=True) as con:
        con.execute(f"CREATE DATABASE {name}")
    yield f"{POSTGRES.rsplit('/', 1)[0]}/{name}"
    with psycopg.connect(POSTGRES, autocommit=True) as con:
        con.execute(f"DROP DATABASE {name} WITH (FORCE)")
