"""The ranking chart's text alternative states the council's value, rank and quarter, its neighbours' ranks and
the lines drawn, from a ranking built by hand."""

from __future__ import annotations

import polars as pl

from metrics.core import registry
from metrics.figures import ranking_words


def _ranking() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "rank": [1, 2, 3, 4, 5, 6, 7, 8],
            "area_code": [f"E0{i}" for i in range(1, 9)],
            "area_name": [f"Council {i}" for i in range(1, 9)],
            "value": [90.0, 88.0, 85.0, 84.0, 80.0, 79.5, 70.0, 60.0],
            "quartile": [1, 1, 2, 2, 3, 3, 4, 4],
        }
    )


def test_it_says_where_the_council_sits_and_how_its_neighbours_rank():
    ind = registry.get("reablement_91day")
    text = ranking_words.describe(
        _ranking(),
        indicator=ind,
        area_code="E05",
        area_name="Leicester",
        period_label="2022/23",
        neighbours=["E02", "E07", "E05"],
        lines={"England": 82.0},
    )
    assert text.startswith(f"Ranking of {ind.title} in 2022/23: every council in rank order, best first (8 councils).")
    assert "Leicester: 80.0%, rank 5 of 8, in the third quarter (best first)." in text
    assert "Its 2 nearest neighbours rank from 2 to 7; 1 of them rank above it." in text
    assert "England: 82.0%." in text


def test_a_council_without_a_figure_is_said_to_have_none():
    text = ranking_words.describe(
        _ranking(),
        indicator=registry.get("reablement_91day"),
        area_code="E99",
        area_name="Kent",
        period_label="2022/23",
        neighbours=[],
        lines={},
    )
    assert "Kent has no figure for 2022/23." in text and "rank 5" not in text
