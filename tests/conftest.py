"""Shared fixtures (a tiny, hand-built data folder), the test tiers, and Hypothesis's profiles.

Tiers (markers, `--strict-markers`): every test is `unit`, `app` (AppTest over the real app) or `browser`
(Chromium against a served app), from its folder unless its module says otherwise; `slow` marks the exhaustive
sweeps whose sampled versions run in the fast loop; `smoke` marks the one AppTest per page for the home council
that the fast loop runs. The fast loop is `-m "(unit or smoke) and not slow"`; the full suite runs everything.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, settings

from metrics.storage import schema
from metrics.storage.store import (
    AREAS_FILE,
    CHANGE_POINTS_FILE,
    COMMENTARY_FILE,
    DOCUMENTS_FILE,
    GROUPS_FILE,
    values_path,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
TIERS = ("unit", "app", "browser", "spark")

#: Hypothesis profiles: "ci" (scripts/test.sh's full suite) runs each property's full count of examples, "dev"
#: (the fast loop, and a bare pytest) a twentieth of it, at least five. Examples never have a deadline: a
#: hostile file is read by the real ingest, whose time varies with the machine's load.
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "dev")
settings.load_profile(PROFILE)


def examples(full: int) -> int:
    """How many examples a property runs under the loaded profile: ``full`` in CI, a twentieth while working."""
    return full if PROFILE == "ci" else max(5, full // 20)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    """Give every test its tier from its folder unless it has one; one xdist group per browser module."""
    for item in items:
        path = Path(item.fspath)
        relative = path.relative_to(TESTS).parts
        if not any(item.get_closest_marker(t) for t in TIERS):
            tier = relative[0] if relative[0] in ("app", "browser") else "unit"
            tier = "spark" if relative[0] == "national" else tier
            item.add_marker(getattr(pytest.mark, tier))
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group(f"browser-{path.stem}"))


HOME, REGION, N1, N2, N3 = "E06000016", "E12000004", "E06000015", "E06000018", "E10000018"


def make_areas() -> pl.DataFrame:
    rows = [
        (schema.ENGLAND, "England", "country", None, None, "test"),
        (REGION, "East Midlands", "region", None, None, "test"),
        (HOME, "Leicester", "council", "Unitary Authority", REGION, "test"),
        (N1, "Derby", "council", "Unitary Authority", REGION, "test"),
        (N2, "Nottingham", "council", "Unitary Authority", REGION, "test"),
        (N3, "Leicestershire", "council", "Shire Counties", REGION, "test"),
        (f"NN-OFLOG-{HOME}", "Nearest neighbours (Oflog list): Leicester", "comparator group", None, None, "test"),
    ]
    return pl.DataFrame(rows, schema=schema.AREAS, orient="row")


def make_groups() -> pl.DataFrame:
    rows = [(f"NN-OFLOG-{HOME}", "Nearest neighbours (Oflog list)", HOME, m, "test") for m in (N1, N2, N3)]
    return pl.DataFrame(rows, schema=schema.GROUPS, orient="row")


def value_row(
    indicator_id: str,
    area: str,
    label: str,
    value: float | None,
    *,
    ptype: str = "financial year",
    start: date | None = None,
    end: date | None = None,
    dim: str | None = None,
    cat: str | None = None,
    numerator: float | None = None,
    denominator: float | None = None,
    margin: float | None = None,
    demo: bool = False,
    note: str | None = None,
    definition: str | None = None,
) -> dict:
    from metrics.core import periods

    p = periods.parse(label, period_type=ptype if ptype == "snapshot" else None)
    return {
        "indicator_id": indicator_id,
        "area_code": area,
        "period_start": start or p.start,
        "period_end": end or p.end,
        "period_type": p.type,
        "period_label": p.label,
        "breakdown_dim": dim,
        "breakdown_cat": cat,
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "margin_of_error": margin,
        "status": "final",
        "source": "demonstration" if demo else "test source",
        "provenance": "demonstration" if demo else "published",
        "note": note,
        "definition": definition,
    }


def values_frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema.VALUES)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder with areas, a neighbour group and a few values."""
    return make_data_dir(tmp_path)


def make_data_dir(parent: Path) -> Path:
    """The hand-built data folder, in ``parent``/data (for fixtures of any scope)."""
    tmp_path = parent / "data"
    tmp_path.mkdir()
    make_areas().write_parquet(tmp_path / AREAS_FILE)
    make_groups().write_parquet(tmp_path / GROUPS_FILE)
    pl.DataFrame(
        {
            "indicator_id": ["reablement_91day"],
            "area_code": [HOME],
            "period_label": ["2021/22"],
            "period_end": [date(2022, 3, 31)],
            "text": ["Well above national averages"],
            "author": ["test"],
            "source": ["test"],
        },
        schema=schema.COMMENTARY,
    ).write_parquet(tmp_path / COMMENTARY_FILE)
    rows = [
        value_row("reablement_91day", HOME, "2020/21", 91.6),
        value_row("reablement_91day", HOME, "2021/22", 88.2, numerator=441, denominator=500),
        value_row("reablement_91day", schema.ENGLAND, "2021/22", 81.8),
        value_row("reablement_91day", REGION, "2021/22", 82.0),
        value_row("reablement_91day", N1, "2021/22", 80.0),
        value_row("reablement_91day", N2, "2021/22", 84.0),
        value_row("reablement_91day", N3, "2021/22", 89.0),
        value_row("contacts_new", HOME, "2022/23 Q1", 4317, ptype="quarter"),
        value_row("contacts_new", HOME, "2022/23 Q4", 4525, ptype="quarter"),
        value_row("contacts_new", HOME, "2023/24 Q1", 4822, ptype="quarter"),
        value_row("contacts_new", HOME, "2023/24 Q1", 2000, ptype="quarter", dim="age band", cat="18-64", demo=True),
        value_row("contacts_new", HOME, "2023/24 Q1", 2822, ptype="quarter", dim="age band", cat="65+", demo=True),
    ]
    pl.DataFrame(
        {
            "indicator_id": [None],
            "area_code": [None],
            "date": [date(2020, 4, 1)],
            "label": ["Covid-19"],
            "source": ["test"],
        },
        schema=schema.CHANGE_POINTS,
    ).write_parquet(tmp_path / CHANGE_POINTS_FILE)
    pl.DataFrame(
        {"file": ["test"], "citation": ["Test Council, Test Report"], "source": ["test"]}, schema=schema.DOCUMENTS
    ).write_parquet(tmp_path / DOCUMENTS_FILE)
    target = values_path(data_dir=tmp_path, dataset="test")
    target.parent.mkdir(parents=True)
    values_frame(rows).write_parquet(target)
    return tmp_path
