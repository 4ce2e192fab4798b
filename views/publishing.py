"""The cached data layer's writes: publishing an upload, listing and restoring dataset versions.

Beside views.data (the reads) because a write is the one moment the caches must let go: after a publish or a
restore, every cached table and figure of this process is cleared, so the next run reads the published files afresh.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from metrics.ingest.values import check_dataset_name, ingest_values
from metrics.storage.publish import describe_versions, restore, versions
from metrics.storage.store import VALUES_DIR, values_path
from views.resources import settings


def _forget_everything() -> None:
    st.cache_resource.clear()
    st.cache_data.clear()


def publish_upload(*, body: bytes, kind: str, dataset: str, sheet: str | None, encoding: str | None) -> str:
    """Check an uploaded export through the values ingest and publish it; returns what was done ("published ...").

    The uploaded file's own name never becomes a path: the bytes are written to ``upload.<kind>`` in a temporary
    folder. Raises the ingest's TableValidationError (every problem by line and column) or another MetricsError,
    and then nothing is published.
    """
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload.{kind}"
        path.write_bytes(body)
        outcome = ingest_values(
            path=path, dataset=check_dataset_name(dataset), data_dir=settings().data_dir, sheet=sheet, encoding=encoding
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
