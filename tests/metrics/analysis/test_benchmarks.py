"""Quartiles and rank on a small hand-built set of councils."""

import polars as pl
import pytest

from metrics.analysis import benchmarks
from metrics.storage import schema
from metrics.storage.store import AREAS_FILE, DataStore, values_path
from tests.conftest import value_row, values_frame

N = 24


@pytest.fixture
def many(data_dir):
    areas = pl.read_parquet(data_dir / AREAS_FILE)
    extra = pl.DataFrame(
        [(f"E0700{i:04d}", f"Council {i}", "council", "Unitary Authority", "E12000004", "test") for i in range(N)],
        schema=schema.AREAS,
        orient="row",
    )
    pl.concat([areas, extra]).write_parquet(data_dir / AREAS_FILE)
    rows = [value_row("reablement_91day", f"E0700{i:04d}", "2022/23", float(60 + i)) for i in range(N)]
    rows += [value_row("admissions_65_rate", f"E0700{i:04d}", "2022/23", float(400 + 10 * i)) for i in range(N)]
    values_frame(rows).write_parquet(values_path(data_dir=data_dir, dataset="many"))
    return DataStore(data_dir)


def test_rank_one_is_best_in_the_good_direction(many):
    higher = benchmarks.ranking(
        store=many, indicator_id="reablement_91day", period_label="2022/23", period_type="financial year"
    )
    assert higher["value"][0] == 60 + N - 1 and higher["rank"][0] == 1
    lower = benchmarks.ranking(
        store=many, indicator_id="admissions_65_rate", period_label="2022/23", period_type="financial year"
    )
    assert lower["value"][0] == 400 and lower["rank"][0] == 1


def test_quartiles_split_the_ranking_in_four(many):
    table = benchmarks.ranking(
        store=many, indicator_id="reablement_91day", period_label="2022/23", period_type="financial year"
    )
    assert table.group_by("quartile").len().sort("quartile")["len"].to_list() == [N // 4] * 4


def test_spread_gives_percentiles(many):
    s = benchmarks.spread(store=many, indicator_id="reablement_91day").filter(pl.col("period_label") == "2022/23")
    row = s.row(0, named=True)
    assert row["councils"] == N and row["min"] == 60 and row["max"] == 60 + N - 1
    assert row["median"] == pytest.approx(60 + (N - 1) / 2) and row["q1"] < row["median"] < row["q3"]


def test_position_and_words(many):
    pos = benchmarks.position(
        store=many,
        indicator_id="reablement_91day",
        area_code="E07000000",
        period_label="2022/23",
        period_type="financial year",
    )
    assert (pos.rank, pos.of, pos.quartile) == (N, N, 4)
    from metrics.core import registry

    assert "bottom quartile" in pos.words(registry.get("reablement_91day"))


def test_too_few_councils_is_not_comparable(data_dir):
    store = DataStore(data_dir)
    assert (
        benchmarks.position(
            store=store,
            indicator_id="reablement_91day",
            area_code="E06000016",
            period_label="2021/22",
            period_type="financial year",
        )
        is None
    )
    assert benchmarks.spread(store=store, indicator_id="reablement_91day").height == 0
