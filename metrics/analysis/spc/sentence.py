"""The signal of a chart in one plain-English sentence, for screen readers and minutes."""

from __future__ import annotations

import polars as pl

KIND = {
    "improvement": "Special cause improvement",
    "concern": "Special cause concern",
    "neutral": "Special cause variation",
}


def counted(count: int, unit_word: str) -> str:
    """'1 month', '7 months': the unit word agrees with the count (unit words are plural: months, quarters)."""
    return f"{count} {unit_word[:-1] if count == 1 and unit_word.endswith('s') else unit_word}"


def describe(points: pl.DataFrame, *, unit_word: str = "points") -> str:
    """E.g. 'Special cause concern: 7 consecutive months above the mean since May 2023'."""
    if points.height == 0:
        return "No points to assess."
    last = points.row(-1, named=True)
    if last["mean"] is None:
        return "Too few points to calculate limits."
    if last["side"] == 0:
        return (
            f"Common cause variation: the latest point ({last['label']}) is within the limits and shows no "
            f"unusual pattern."
        )
    rule, side = last["rule"], last["side"]
    labels, rules_, sides = points["label"].to_list(), points["rule"].to_list(), points["side"].to_list()
    start = len(labels) - 1
    while start > 0 and rules_[start - 1] == rule and sides[start - 1] == side:
        start -= 1
    count, since = len(labels) - start, labels[start]
    high = side > 0
    limit = "upper" if high else "lower"
    if rule == "outside limits":
        words = (
            f"the latest point ({last['label']}) is beyond the {limit} process limit"
            if count == 1
            else f"{counted(count, unit_word)} in a row beyond the {limit} process limit since {since}"
        )
    elif rule == "two in three":
        words = (
            f"two of the last three {unit_word} are close to the {limit} process limit (beyond the two-sigma "
            f"line), the latest in {last['label']}"
        )
    elif rule == "trend":
        words = f"{counted(count, unit_word)} in a row {'rising' if high else 'falling'} since {since}"
    else:
        words = (
            f"{count} consecutive {unit_word} {'above' if high else 'below'} the mean since {since}"
            if count > 1
            else f"the latest point ({last['label']}) is {'above' if high else 'below'} the mean"
        )
    return f"{KIND[last['point_type']]}: {words}."
