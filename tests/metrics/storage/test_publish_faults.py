"""A publish stopped at any step, a full disk, a read-only folder: the old table or the new one, each verifying, and
never neither; no temporary file left behind; faults said in words; restore installs only a whole file (#26)."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from pathlib import Path

import polars as pl
import pytest

from metrics.core.errors import PublishError
from metrics.storage import publish as pub

OLD, NEW = pl.DataFrame({"a": [1, 2, 3]}), pl.DataFrame({"a": [4, 5, 6, 7]})


class Stop(BaseException):
    """The process killed: nothing after it runs (not an Exception, so no handler in publish catches it)."""


#: Every file operation publish makes, where a kill could fall.
STEPS = [
    ("os", "replace"),
    ("os", "fsync"),
    ("os", "chmod"),
    ("os", "close"),
    ("shutil", "copy2"),
    ("pub", "_announce"),
    ("pub", "_record"),
    ("pub", "_write_manifest"),
]


def _stop_at(monkeypatch, where: tuple[str, str], nth: int) -> None:
    """Stop the process on the ``nth`` call of one operation."""
    module = {"os": os, "shutil": shutil, "pub": pub}[where[0]]
    real = getattr(module, where[1])
    calls = {"n": 0}

    def stopping(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == nth:
            raise Stop()
        return real(*args, **kwargs)

    monkeypatch.setattr(module, where[1], stopping)


def _state(target: Path) -> str:
    """'old', 'new', or what is wrong: the table a reader would see, and whether it verifies."""
    if not target.exists():
        return "missing"
    if pub.verify(target) is not None:
        return "refused as damaged"
    frame = pl.read_parquet(target)
    return "old" if frame.equals(OLD) else "new" if frame.equals(NEW) else "other"


@pytest.mark.parametrize("where", STEPS, ids=lambda s: ".".join(s))
@pytest.mark.parametrize("nth", [1, 2, 3])
def test_a_publish_stopped_at_any_step_leaves_the_old_table_or_the_new_one(tmp_path, monkeypatch, where, nth):
    target = tmp_path / "t.parquet"
    pub.publish(frame=OLD, target=target)
    with monkeypatch.context() as m:
        _stop_at(m, where, nth)
        with contextlib.suppress(Stop):
            pub.publish(frame=NEW, target=target)
    assert _state(target) in ("old", "new")
    pub.publish(frame=NEW, target=target)  # and the next publish completes, leaving nothing pending
    assert _state(target) == "new" and pub._pending(tmp_path) == {}


def _full_disk(monkeypatch, name: str) -> None:
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", full) if name == "write" else monkeypatch.setattr(
        shutil, "copy2", full
    )


@pytest.mark.parametrize("name", ["write", "copy"])
def test_a_full_disk_says_so_changes_nothing_and_leaves_no_temporary_file(tmp_path, monkeypatch, name):
    target = tmp_path / "t.parquet"
    pub.publish(frame=OLD, target=target)
    before = target.read_bytes()
    with monkeypatch.context() as m:
        _full_disk(m, name)
        with pytest.raises(PublishError, match="disk is full"):
            pub.publish(frame=NEW, target=target)
    assert target.read_bytes() == before and _state(target) == "old"
    assert not list(tmp_path.rglob("*.tmp"))
    assert pub.versions(target=target) == []  # no partial copy kept to be restored later


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to a read-only folder")
def test_a_read_only_folder_says_so(tmp_path):
    target = tmp_path / "t.parquet"
    pub.publish(frame=OLD, target=target)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(PublishError, match="cannot be written"):
            pub.publish(frame=NEW, target=target)
    finally:
        tmp_path.chmod(0o755)


def test_a_refused_write_is_said_in_words(tmp_path, monkeypatch):
    target = tmp_path / "t.parquet"
    pub.publish(frame=OLD, target=target)

    def refused(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", refused)
    with pytest.raises(PublishError, match="cannot be written") as said:
        pub.publish(frame=NEW, target=target)
    assert "unchanged" in str(said.value) and "Traceback" not in str(said.value)


def test_restore_refuses_a_damaged_kept_version_and_changes_nothing(tmp_path):
    target = tmp_path / "t.parquet"
    pub.publish(frame=OLD, target=target)
    pub.publish(frame=NEW, target=target)
    kept = pub.versions(target=target)[-1]
    kept.write_bytes(kept.read_bytes()[:40])  # cut short, as a full disk once left it
    before = target.read_bytes()
    with pytest.raises(PublishError, match="damaged"):
        pub.restore(target=target)
    assert target.read_bytes() == before and kept.exists()


def test_restore_refuses_a_kept_version_whose_bytes_changed_inside(tmp_path):
    """A byte flipped in a data page left the footer readable: restore installed it and it failed when read."""
    target = tmp_path / "t.parquet"
    pub.publish(frame=pl.DataFrame({"a": [f"row {k}" for k in range(200)]}), target=target)
    pub.publish(frame=NEW, target=target)
    kept = pub.versions(target=target)[-1]
    data = bytearray(kept.read_bytes())
    data[len(data) // 3] ^= 0xFF
    kept.write_bytes(bytes(data))
    with pytest.raises(PublishError, match="damaged"):
        pub.restore(target=target)
    assert _state(target) == "new"


def test_a_write_the_writer_itself_refuses_is_said_in_words(tmp_path, monkeypatch):
    target = tmp_path / "t.parquet"
    pub.publish(frame=OLD, target=target)

    def too_large(*args, **kwargs):
        raise pl.exceptions.ComputeError("parquet: underlying IO error: File too large (os error 27)")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", too_large)
    with pytest.raises(PublishError, match="nothing was published"):
        pub.publish(frame=NEW, target=target)
    assert _state(target) == "old" and pub.versions(target=target) == []
