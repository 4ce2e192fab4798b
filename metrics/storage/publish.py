"""Publishing a validated table into the data folder, atomically, with undo.

Only code that has checked the rows calls publish, and the file records the
contract version it was checked against, so loading it later need not check
every row again (a file put in the folder any other way is checked in full).

A table is written to a temporary file beside its target and moved into
place with one rename, so a reader sees the old file or the new one, never a
half-written one, and a failure leaves the published file byte-identical.
The file it replaces is kept under ``.versions/``, a stack: each
:func:`restore` steps back once, putting the newest kept version in place and
setting the file it replaces aside under ``.versions/<name>/undone/`` (kept,
never restored again), so pressing restore twice steps back twice and never
re-publishes the file the first restore took away. Publishing a table equal
to the one already published changes nothing.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from metrics.core.errors import PublishError

VERSIONS_DIR = ".versions"
ROW_GROUP = 16_384
#: Parquet key-value metadata: when the table was published (UTC, ISO 8601).
PUBLISHED_AT = "published_at"
#: Parquet key-value metadata: the contract version the rows were checked against before publishing.
VALIDATED = "validated_against"
CONTRACT_VERSION = "values-3"


#: Each data folder's record of what publish wrote there: file name -> SHA-256 of its bytes.
MANIFEST = ".manifest.json"


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest(folder: Path) -> dict[str, str]:
    """The checksums publish recorded for the files in ``folder`` ({} when none were)."""
    path = Path(folder) / MANIFEST
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _record(target: Path) -> None:
    """Record ``target``'s checksum in its folder's manifest, replacing the manifest in one rename. Two ingests at
    once each hold the folder's lock while they read, change and write it, so neither loses the other's entry."""
    with open(target.parent / f"{MANIFEST}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        entries = manifest(target.parent) | {target.name: checksum(target)}
        fd, tmp = tempfile.mkstemp(prefix=f"{MANIFEST}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(entries, indent=1, sort_keys=True))
        os.replace(tmp, target.parent / MANIFEST)


def verify(path: Path) -> str | None:
    """Why ``path`` cannot be trusted, or None: its bytes must match the checksum publish recorded for it."""
    recorded = manifest(path.parent).get(path.name)
    if recorded is None:
        return None  # not published by this code: the store checks every row instead
    if checksum(path) != recorded:
        return (
            "its contents do not match the checksum recorded when it was published: the file has been changed "
            "or damaged since. Restore it (python -m metrics.ingest restore) or publish it again"
        )
    return None


def _versions_dir(target: Path) -> Path:
    return target.parent / VERSIONS_DIR / target.stem


def _same(frame: pl.DataFrame, target: Path) -> bool:
    if not target.exists():
        return False
    try:
        current = pl.read_parquet(target)
    except Exception:
        return False
    return current.schema == frame.schema and current.equals(frame)


def write_atomic(*, frame: pl.DataFrame, target: Path, validated: bool = True) -> None:
    """Write ``frame`` to ``target`` through a temporary file and one rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        meta = {PUBLISHED_AT: stamp} | ({VALIDATED: CONTRACT_VERSION} if validated else {})
        frame.write_parquet(tmp, statistics=True, metadata=meta, row_group_size=ROW_GROUP)
        os.chmod(tmp, 0o644)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        _record(target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def publish(*, frame: pl.DataFrame, target: Path) -> str:
    """Publish ``frame`` at ``target``. Returns 'unchanged', 'created' or 'replaced'."""
    target = Path(target)
    if _same(frame, target):
        if manifest(target.parent).get(target.name) != checksum(target):
            _record(target)  # published before checksums were kept, or restored by hand: its content is checked
        return "unchanged"
    existed = target.exists()
    if existed:
        versions = _versions_dir(target)
        versions.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        shutil.copy2(target, versions / f"{stamp}.parquet")
    write_atomic(frame=frame, target=target)
    return "replaced" if existed else "created"


def versions(*, target: Path) -> list[Path]:
    """Kept earlier versions of ``target``, oldest first."""
    folder = _versions_dir(Path(target))
    return sorted(folder.glob("*.parquet")) if folder.exists() else []


UNDONE = "undone"


def restore(*, target: Path) -> Path:
    """Step back once: the newest kept version goes back in place, and the file it replaces is set aside under
    ``undone/`` (kept for the record, never put back by a later restore). Returns the version restored."""
    target = Path(target)
    kept = versions(target=target)
    if not kept:
        raise PublishError(f"{target}: there is no earlier version to restore.")
    newest = kept[-1]
    if target.exists():
        undone = _versions_dir(target) / UNDONE
        undone.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        shutil.copy2(target, undone / f"{stamp}.parquet")
    tmp = target.parent / f".{target.stem}.restore.tmp"
    shutil.copy2(newest, tmp)
    os.replace(tmp, target)
    _record(target)
    newest.unlink()
    return newest


def describe_versions(*, target: Path) -> list[tuple[str, str, int | None]]:
    """(which, published at, rows) for the current file and each kept version, newest first: what `list` prints."""
    out = []
    for label, path in [("current", Path(target))] + [
        (f"kept {i}", v) for i, v in enumerate(reversed(versions(target=target)), start=1)
    ]:
        if not path.exists():
            continue
        try:
            when = pl.read_parquet_metadata(path).get(PUBLISHED_AT, "unknown")
            rows = pl.scan_parquet(path).select(pl.len()).collect().item()
        except Exception:  # a damaged file is listed, not a crash
            when, rows = "unreadable", None
        out.append((label, when, rows))
    return out
