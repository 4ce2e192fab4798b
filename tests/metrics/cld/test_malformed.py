"""Generated malformed extracts: whatever is wrong, nothing partial is published and nothing identifying is stored."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.core.errors import MetricsError
from metrics.ingest.cld import ingest_cld
from metrics.storage.store import values_path
from tests.conftest import HOME, examples, make_data_dir
from tests.metrics.cld.conftest import EVENTS, assert_nothing_identifying, extract_text

BLOCKING = ("bad date", "end before start", "missing id", "missing type")
HARMLESS = ("unknown value", "duplicate")


def _mutate(lines: list[str], kind: str, row: int) -> list[str]:
    """``lines`` (header first) with one fault of ``kind`` in data row ``row``."""
    cells = lines[row].split(",")
    if kind == "bad date":
        cells[12] = "31/02/20x3"
    elif kind == "end before start":
        cells[13] = "1999-01-01"
    elif kind == "missing id":
        cells[0] = " "
    elif kind == "missing type":
        cells[10] = ""
    elif kind == "unknown value":
        cells[6] = "Not a gender on any list"
    elif kind == "duplicate":
        return [*lines, lines[row]]
    return [*lines[:row], ",".join(cells), *lines[row + 1 :]]


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    faults=st.lists(
        st.tuples(st.sampled_from(BLOCKING + HARMLESS), st.integers(1, len(EVENTS))), min_size=1, max_size=4
    )
)
def test_malformed_extracts_publish_nothing_partial_and_nothing_identifying(faults):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = make_data_dir(tmp)
        good = tmp / "good.csv"
        good.write_text(extract_text())
        ingest_cld(paths=[good], dataset="council_cld", area_code=HOME, data_dir=data)
        published = values_path(data_dir=data, dataset="council_cld").read_bytes()
        lines = extract_text().splitlines()
        for kind, row in faults:
            lines = _mutate(lines, kind, row)
        bad = tmp / "bad.csv"
        bad.write_text("\n".join(lines) + "\n")
        blocking = any(kind in BLOCKING for kind, _ in faults)
        try:
            ingest_cld(paths=[bad], dataset="council_cld", area_code=HOME, data_dir=data)
        except MetricsError as exc:
            assert blocking, exc
            assert "bad.csv" in str(exc)
            assert values_path(data_dir=data, dataset="council_cld").read_bytes() == published
        else:
            assert not blocking
        assert_nothing_identifying(data)
        shutil.rmtree(data)
