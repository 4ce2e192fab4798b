"""The Overview's sparklines follow the chart's rules: no line across a change of definition."""
from datetime import date

import polars as pl

from views.charts import sparkline_svg


def frame(definitions):
    n = len(definitions)
    return pl.DataFrame({"value": [float(i % 3) for i in range(n)], "period_end": [date(2017 + i, 3, 31) for i in range(n)],
                         "period_label": [f"{2016 + i}/{17 + i}" for i in range(n)], "definition": definitions})


def test_a_sparkline_stops_at_a_change_of_definition():
    assert sparkline_svg(frame([None] * 5)).count("<polyline") == 1
    broken = sparkline_svg(frame([None] * 4 + ["CLD", "CLD"]))
    assert broken.count("<polyline") == 2 and "with a change of definition" in broken
    assert sparkline_svg(frame([None] * 4 + ["CLD"])).count("<polyline") == 1  # the new year alone is a dot
