"""The cached data layer's writes: publishing an upload, listing and restoring dataset versions.

Beside views.data (the reads) because a write is the one moment the caches must let go: after a publish or a
restore, every cached table and figure of this process is cleared, so the next run reads the published files afresh;
and every other server over the same data folder sees the manifests change on its next run (:func:`follow_published`)
and lets go of its own.
"""

from __future__ import annotations

import re
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from metrics.cld.extract import ExtractFile, Quality
from metrics.ingest.cld import ingest_cld
from metrics.ingest.values import check_dataset_name, ingest_values
from metrics.storage.publish import describe_versions, published_state, restore, versions
from metrics.storage.store import VALUES_DIR, values_path
from views.resources import settings

#: What this process last saw published in its data folder (metrics.storage.publish.published_state).
_SEEN: dict[str, tuple] = {}
_SEEN_LOCK = threading.Lock()


def _forget_everything(*, seen: tuple | None = None) -> None:
    """Let go of every cached table and figure of this process; ``seen``: the published state that prompted it (by
    default, what is published now, after this process's own publish)."""
    with _SEEN_LOCK:  # recorded first: a publish elsewhere after this point is seen by the next run, not lost
        _SEEN["state"] = seen if seen is not None else published_state(data_dir=settings().data_dir)
    st.cache_resource.clear()
    st.cache_data.clear()


def follow_published() -> bool:
    """On every run, before anything is read: when the data folder's manifests have changed since this process
    last looked (a dataset published, restored or set aside by another server sharing the folder, or by the
    command line), forget every cached table and figure, so this run reads what is published now. Two stats of a
    small file a run; True when the caches were let go."""
    data_dir = settings().data_dir
    now = published_state(data_dir=data_dir)
    with _SEEN_LOCK:
        seen = _SEEN.setdefault("state", now)
        if seen == now:
            return False
    _forget_everything(seen=now)
    return True


def publish_upload(
    *,
    body: bytes,
    kind: str,
    dataset: str,
    sheet: str | None,
    encoding: str | None,
    progress: Callable[[str, float], None] | None = None,
) -> str:
    """Check an uploaded export through the values ingest and publish it; returns what was done ("published ...").

    The uploaded file's own name never becomes a path: the bytes are written to ``upload.<kind>`` in a temporary
    folder. Raises the ingest's TableValidationError (every problem by line and column) or another MetricsError,
    and then nothing is published.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload.{kind}"
        path.write_bytes(body)
        outcome = ingest_values(
            path=path,
            dataset=check_dataset_name(dataset),
            data_dir=settings().data_dir,
            sheet=sheet,
            encoding=encoding,
            progress=progress,
        )
    _forget_everything()
    return outcome


def upload_name(name: str) -> str:
    """An uploaded file's name as messages and the published source line show it: the last part only, letters,
    digits, '.', '-', '_' and spaces, at most 80 characters, never starting with a sign a spreadsheet would run."""
    kept = re.sub(r"[^A-Za-z0-9._ -]+", "_", Path(str(name)).name).strip(" .-_")[:80]
    return kept or "upload"


def publish_cld_upload(
    *,
    files: list[tuple[str, bytes]],
    dataset: str,
    area_code: str,
    test_extract: bool,
    local_names: dict[str, tuple[str, ...]] | None = None,
    progress: Callable[[str, float], None] | None = None,
) -> tuple[str, Quality]:
    """Compute and publish a council's CLD extracts uploaded in the browser, through the same ingest as
    ``python -m metrics.ingest cld``; returns (what publish did, the quality report).

    The bytes are read where they arrived, in memory (metrics.cld.extract.ExtractFile): identifying columns are
    dropped as the file is read and no copy of the upload is written anywhere, a temporary file included. Only the
    aggregate rows are published. Raises the ingest's TableValidationError or another MetricsError, and then
    nothing is published. ``local_names``: the Team and Locality names that may be published (config.toml's
    ``local_categories`` when not given; metrics.cld.local)."""
    extracts = [ExtractFile(name=upload_name(name), body=body) for name, body in files]
    outcome = ingest_cld(
        paths=extracts,
        dataset=check_dataset_name(dataset),
        area_code=area_code,
        data_dir=settings().data_dir,
        test_extract=test_extract,
        progress=progress,
        local_names=local_names if local_names is not None else settings().local_categories,
        threshold=settings().suppression_threshold,
    )
    _forget_everything()
    return outcome


def dataset_names() -> list[str]:
    """Every published values dataset, by name."""
    return sorted(p.stem for p in (Path(settings().data_dir) / VALUES_DIR).glob("*.parquet"))


def dataset_versions(dataset: str) -> list[tuple[str, str, int | None]]:
    """(version, published at, rows) for the current file and each earlier version kept."""
    return describe_versions(target=values_path(data_dir=settings().data_dir, dataset=dataset))


def restorable(dataset: str) -> bool:
    """Whether an earlier version of the dataset is kept to step back to."""
    return bool(versions(target=values_path(data_dir=settings().data_dir, dataset=dataset)))


def restore_dataset(dataset: str) -> None:
    """Step the dataset back one version (metrics.storage.publish.restore), then clear the caches."""
    restore(target=values_path(data_dir=settings().data_dir, dataset=dataset))
    _forget_everything()
