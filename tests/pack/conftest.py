"""A small data folder with a count that public disclosure control must hide."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics.storage.store import DataStore, values_path
from tests.conftest import HOME, value_row, values_frame

#: A count distinctive enough to search for in a file's text; hidden when the threshold is above it.
HIDDEN = 87
THRESHOLD = 100


@pytest.fixture
def pack_store(data_dir: Path) -> DataStore:
    return make_pack_store(data_dir)


def make_pack_store(data_dir: Path) -> DataStore:
    """The hand-built folder plus a quarterly count series whose latest value is below the threshold."""
    rows = [
        value_row("complaints_total", HOME, label, value, ptype="quarter")
        for label, value in (
            ("2022/23 Q3", 1200),
            ("2022/23 Q4", 1321),
            ("2023/24 Q1", HIDDEN),
        )  # Q4 less Q3 (121), said in the chart text, is not the hidden figure
    ]
    rows += [
        value_row("reviews_overdue_24m", HOME, label, value, ptype="month", demo=True)
        for label, value in (("Apr 2023", 1250), ("May 2023", 1303), ("Jun 2023", 1348))
    ]
    target = values_path(data_dir=data_dir, dataset="pack_test")
    values_frame(rows).write_parquet(target)
    return DataStore(data_dir)
