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

What must become current with a table (a CLD dataset's data-quality report) is
attached to it: kept in the same file's key-value metadata, so it is put in
place, kept, verified and restored by the same single rename as the rows, and
can never sit beside another version's rows.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
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


#: Each data folder's record of what publish wrote there: file name -> SHA-256 of its bytes, and under
#: :data:`PENDING` the checksums of files announced and not yet recorded.
MANIFEST = ".manifest.json"
PENDING = "_pending"


def checksum_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def published_state(*, data_dir: Path) -> tuple:
    """What has been published in a data folder, as cheaply as it can be known: the identity, size and time of its
    manifests (the folder's tables and its values), which every publish, restore and set-aside rewrites by rename.
    Another server over the same folder compares it on every run to see that its cached tables are out of date."""
    state: list[tuple] = []
    for folder in (Path(data_dir), Path(data_dir) / "values"):
        try:
            found = (folder / MANIFEST).stat()
        except OSError:
            state.append((str(folder), None))
            continue
        state.append((str(folder), found.st_ino, found.st_size, found.st_mtime_ns))
    return tuple(state)


def _manifest_file(folder: Path) -> dict:
    path = Path(folder) / MANIFEST
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def manifest(folder: Path) -> dict[str, str]:
    """The checksums publish recorded for the files in ``folder`` ({} when none were)."""
    return {k: v for k, v in _manifest_file(folder).items() if isinstance(v, str)}


def _pending(folder: Path) -> dict[str, str]:
    """Checksums of files being put in place: recorded before the rename, made final after it (:func:`_record`)."""
    found = _manifest_file(folder).get(PENDING, {})
    return found if isinstance(found, dict) else {}


def _write_manifest(folder: Path, entries: dict) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f"{MANIFEST}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(entries, indent=1, sort_keys=True))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, Path(folder) / MANIFEST)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _change_manifest(folder: Path, change) -> None:
    """Read, change and write the folder's manifest under its lock (two ingests at once lose neither's entry)."""
    with open(Path(folder) / f"{MANIFEST}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        _write_manifest(folder, change(_manifest_file(folder)))


def _announce(target: Path, digest: str) -> None:
    """Phase one of putting a file in place: its checksum is recorded as pending, beside the current one, so that
    whether or not the rename that follows happens, what is on disk verifies."""

    def change(entries: dict) -> dict:
        pending = entries.get(PENDING, {}) if isinstance(entries.get(PENDING), dict) else {}
        return entries | {PENDING: pending | {target.name: digest}}

    _change_manifest(target.parent, change)


def _record(target: Path) -> None:
    """Phase two: ``target``'s checksum becomes its recorded one, and nothing is pending for it."""
    digest = checksum(target)

    def change(entries: dict) -> dict:
        pending = entries.get(PENDING, {}) if isinstance(entries.get(PENDING), dict) else {}
        pending = {k: v for k, v in pending.items() if k != target.name}
        out = {k: v for k, v in entries.items() if k != PENDING} | {target.name: digest}
        return out | ({PENDING: pending} if pending else {})

    _change_manifest(target.parent, change)


def verify(path: Path) -> str | None:
    """Why ``path`` cannot be trusted, or None: its bytes must match the checksum publish recorded for it, or the
    one it announced just before putting it in place (a publish stopped between its rename and its record)."""
    recorded = manifest(path.parent).get(path.name)
    announced = _pending(path.parent).get(path.name)
    if recorded is None and announced is None:
        return None  # not published by this code: the store checks every row instead
    if checksum(path) not in (recorded, announced):
        return (
            "its contents do not match the checksum recorded when it was published: the file has been changed "
            "or damaged since. Restore it (python -m metrics.ingest restore) or publish it again"
        )
    return None


def stands_for(path: Path) -> str:
    """The name of the table a file holds: its own, or for a kept version (``.versions/<name>/<when>.parquet``,
    served in place of a damaged file) its table's."""
    path = Path(path)
    return path.parent.name if path.parent.parent.name == VERSIONS_DIR else path.stem


def _versions_dir(target: Path) -> Path:
    return target.parent / VERSIONS_DIR / target.stem


def _same(frame: pl.DataFrame, target: Path, *, attached: Mapping[str, str]) -> bool:
    """Whether ``target`` already holds these rows with these attachments (then publishing changes nothing)."""
    if not target.exists():
        return False
    try:
        current = pl.read_parquet(target)
        held = pl.read_parquet_metadata(target)
    except Exception:
        return False
    same_attached = all(held.get(key) == value for key, value in attached.items())
    return same_attached and current.schema == frame.schema and current.equals(frame)


def attachment(*, path: Path, key: str) -> str | None:
    """What was published attached to the table at ``path`` under ``key`` (None when nothing was, or the file is
    unreadable)."""
    try:
        return pl.read_parquet_metadata(path).get(key)
    except Exception:
        return None


def _fault(target: Path, exc: OSError) -> PublishError:
    """A failure of the disk in words: the path and what to do, and the published file unchanged."""
    if exc.errno == errno.ENOSPC:
        what = "the disk is full. Free some space and publish again"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        what = "the data folder cannot be written to (read-only, or no permission). Ask for write access"
    elif exc.errno in (errno.EISDIR, errno.ENOTDIR):
        what = "a folder stands where a file was expected. Move it out of the data folder"
    else:
        what = f"the disk refused ({exc.strerror or 'error'}). Check the data folder"
    return PublishError(f"{target}: nothing was published: {what}. The published data is unchanged.")


def write_atomic(
    *, frame: pl.DataFrame, target: Path, validated: bool = True, attached: Mapping[str, str] | None = None
) -> None:
    """Write ``frame`` to ``target``: to a temporary file beside it, synced, its checksum announced in the folder's
    manifest, then one rename, then the checksum recorded. A reader sees the old file or the new one, each
    verifying, whatever moment the process is stopped at; a disk that fails leaves the published file as it was
    and no temporary file behind, and says so in words (PublishError). ``attached`` goes into the same file's
    metadata, so it becomes current with the rows, in the same rename."""
    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        meta = dict(attached or {}) | {PUBLISHED_AT: stamp} | ({VALIDATED: CONTRACT_VERSION} if validated else {})
        frame.write_parquet(tmp, statistics=True, metadata=meta, row_group_size=ROW_GROUP)
        os.chmod(tmp, 0o644)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        _announce(target, checksum(Path(tmp)))
        os.replace(tmp, target)
        _record(target)
    except OSError as exc:
        raise _fault(target, exc) from None
    except pl.exceptions.PolarsError as exc:  # the writer reports a failing disk in its own words
        raise _fault(target, OSError(errno.EIO, str(exc).splitlines()[0][:120])) from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)


def _keep_version(target: Path) -> Path:
    """Keep the file about to be replaced under ``.versions/``, whole or not at all: a copy cut short by a full
    disk is removed, never left to be restored."""
    versions = _versions_dir(target)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    kept = versions / f"{stamp}.parquet"
    partial = versions / f".{stamp}.parquet.tmp"
    try:
        versions.mkdir(parents=True, exist_ok=True)
        shutil.copy2(target, partial)
        digest = checksum(partial)
        if digest != checksum(target):
            raise OSError(errno.EIO, "the copy does not match the file")
        kept.with_suffix(".sha256").write_text(digest, encoding="utf-8")
        os.replace(partial, kept)
    except OSError as exc:
        raise _fault(target, exc) from None
    finally:
        if partial.exists():
            partial.unlink()
    return kept


def publish(*, frame: pl.DataFrame, target: Path, attached: Mapping[str, str] | None = None) -> str:
    """Publish ``frame`` at ``target``, with ``attached`` in the same file (what must be current with these rows and
    no others). Returns 'unchanged', 'created' or 'replaced'."""
    target = Path(target)
    if _same(frame, target, attached=attached or {}):
        if manifest(target.parent).get(target.name) != checksum(target):
            try:  # published before checksums were kept, or restored by hand: its content is checked
                _record(target)
            except OSError as exc:
                raise _fault(target, exc) from None
        return "unchanged"
    existed = target.exists()
    # a file that no longer matches its recorded checksum is not kept: stepping back must never reach damage
    kept = _keep_version(target) if existed and verify(target) is None else None
    try:
        write_atomic(frame=frame, target=target, attached=attached)
    except PublishError:
        if kept is not None:  # nothing was replaced: no version to step back to
            kept.unlink(missing_ok=True)
            kept.with_suffix(".sha256").unlink(missing_ok=True)
        raise
    return "replaced" if existed else "created"


def versions(*, target: Path) -> list[Path]:
    """Kept earlier versions of ``target``, oldest first."""
    folder = _versions_dir(Path(target))
    return sorted(folder.glob("*.parquet")) if folder.exists() else []


UNDONE = "undone"


def readable(path: Path) -> bool:
    """Whether a kept version is whole: its checksum as it was kept (where recorded), and every row of it decodes
    (a damaged data page can leave the footer readable)."""
    recorded = path.with_suffix(".sha256")
    if recorded.exists() and recorded.read_text(encoding="utf-8").strip() != checksum(path):
        return False
    try:
        pl.read_parquet(path)
    except Exception:
        return False
    return True


def restore(*, target: Path) -> Path:
    """Step back once: the newest kept version goes back in place, and the file it replaces is set aside under
    ``undone/`` (kept for the record, never put back by a later restore). Returns the version restored. A kept
    version that is not a whole file is refused, and nothing changes."""
    target = Path(target)
    kept = versions(target=target)
    if not kept:
        raise PublishError(f"{target}: there is no earlier version to restore.")
    newest = kept[-1]
    if not readable(newest):
        raise PublishError(
            f"{target}: the newest kept version ({newest.name}) is damaged, so nothing was restored. "
            "Remove it from the .versions folder to step back to the one before, or publish again."
        )
    tmp = target.parent / f".{target.stem}.restore.tmp"
    try:
        if target.exists():
            undone = _versions_dir(target) / UNDONE
            undone.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
            shutil.copy2(target, undone / f"{stamp}.parquet")
        shutil.copy2(newest, tmp)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        _announce(target, checksum(tmp))
        os.replace(tmp, target)
        _record(target)
        newest.unlink()
        newest.with_suffix(".sha256").unlink(missing_ok=True)
    except OSError as exc:
        raise _fault(target, exc) from None
    finally:
        if tmp.exists():
            tmp.unlink()
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
