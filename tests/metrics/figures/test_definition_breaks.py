"""Nothing is computed across a change of definition: SPC limits and year-end projections start again."""

from __future__ import annotations

import polars as pl

from metrics.analysis import projection
from metrics.core import periods, registry
from metrics.figures import spc_series as series

NO_CHANGES = pl.DataFrame({"date": []}, schema={"date": pl.Date})


def quarters(n: int, definitions: list[str | None]) -> pl.DataFrame:
    found = [periods.quarter(2019 + i // 4, i % 4 + 1) for i in range(n)]  # 2019/20 Q1 onwards
    return pl.DataFrame(
        {
            "period_type": ["quarter"] * n,
            "value": [float(10 + i % 4) for i in range(n)],
            "period_start": [p.start for p in found],
            "period_end": [p.end for p in found],
            "period_label": [p.label for p in found],
            "definition": definitions,
            "breakdown_dim": [None] * n,
            "provenance": ["published"] * n,
        },
        schema_overrides={"breakdown_dim": pl.String, "definition": pl.String},
    )


def test_spc_limits_start_again_at_a_new_definition_whatever_the_baseline():
    frame = quarters(16, [None] * 10 + ["CLD"] * 6)
    for baseline in series.BASELINES:
        result, _rows = series.for_series(
            frame=frame,
            indicator=registry.get("contacts_new"),
            period_type="quarter",
            changes=NO_CHANGES,
            baseline=baseline,
        )
        assert result.points["segment"].to_list() == [0] * 10 + [1] * 6, baseline


def test_no_projection_adds_up_a_year_of_two_definitions():
    ind = registry.get("contacts_new")
    same = quarters(2, [None, None])  # the first half of 2019/20
    assert projection.year_end(same, indicator=ind)
    assert projection.year_end(quarters(2, [None, "CLD"]), indicator=ind) == []
