"""The ranking chart's story in words: where the council sits among every council, its nearest neighbours, and
the lines drawn across it, for the chart's text alternative (the one text every surface of the ranking reads)."""

from __future__ import annotations

import polars as pl

from metrics.core import formatting, registry


def describe(
    table: pl.DataFrame,
    *,
    indicator: registry.Indicator,
    area_code: str,
    area_name: str,
    period_label: str,
    neighbours: list[str],
    lines: dict[str, float],
) -> str:
    """E.g. 'Ranking of Permanent admissions (65+) per 100,000 in 2022/23: every council in rank order, best first
    (153 councils). Leicester: 567.2 per 100,000, rank 98 of 153, in the third quarter (best first). Its 15 nearest neighbours rank
    from 12 to 140; 9 of them rank above it. England: 560.8 per 100,000. The data table below lists every
    council.'

    ``table``: the ranking (rank, area_code, area_name, value, quartile), rank 1 the best by the indicator's good
    direction (for a neutral indicator, the largest)."""
    rows = table.sort("rank")
    order = "best first" if indicator.direction != registry.NEUTRAL else "largest first"
    words = [
        f"Ranking of {indicator.title} in {period_label}: every council in rank order, {order} "
        f"({rows.height} councils)."
    ]
    mine = rows.filter(pl.col("area_code") == area_code)
    if mine.height:
        me = mine.row(0, named=True)
        best = "largest" if indicator.direction == registry.NEUTRAL else "best"
        quarter = (
            f", in the {_QUARTER_WORDS[me['quartile']]} quarter ({best} first)"
            if me.get("quartile") in _QUARTER_WORDS
            else ""
        )
        words.append(
            f"{area_name}: {formatting.value(indicator, me['value'])}, rank {me['rank']} of {rows.height}{quarter}."
        )
        near = rows.filter(pl.col("area_code").is_in(neighbours) & (pl.col("area_code") != area_code))
        if near.height:
            ranks = near["rank"].to_list()
            above = sum(r < me["rank"] for r in ranks)
            words.append(
                f"Its {near.height} nearest neighbours rank from {min(ranks)} to {max(ranks)}; {above} of them rank "
                "above it."
            )
    else:
        words.append(f"{area_name} has no figure for {period_label}.")
    words += [f"{name}: {formatting.value(indicator, value)}." for name, value in lines.items()]
    words.append("The data table below lists every council.")
    return " ".join(words)


#: The quartile numbers the ranking carries, in words.
_QUARTER_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth"}
