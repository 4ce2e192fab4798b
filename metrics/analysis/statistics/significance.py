"""Whether a council differs from a comparator beyond chance, as Fingertips judges it: the council's confidence
interval against the comparator's value, read through the indicator's good direction.

A difference is significant at 95% when the comparator's value lies outside the council's 95% interval. Where no
interval can be computed (a count on its own, a score with no published margin of error), the verdict says so and
never falls back to a fixed margin.
"""

from __future__ import annotations

from dataclasses import dataclass

BETTER, SIMILAR, WORSE, HIGHER, LOWER, NOT_TESTED = (
    "significantly better",
    "similar",
    "significantly worse",
    "significantly higher",
    "significantly lower",
    "not tested",
)


@dataclass(frozen=True)
class Verdict:
    word: str  # one of the constants above
    method: str  # the interval's method in words, or why there is none

    @property
    def text(self) -> str:
        return f"{self.word} ({self.method})"


def judge(
    *,
    lower: float | None,
    upper: float | None,
    comparator: float | None,
    direction: str,
    method: str,
    confidence: str = "95%",
) -> Verdict:
    """The verdict of a council's interval [lower, upper] against a comparator's value.

    ``direction`` is the indicator's good direction: "higher is better", "lower is better", or anything else for
    an indicator with no good direction (then "significantly higher/lower"). ``method`` names the interval, e.g.
    "Wilson score interval"; when ``lower``/``upper`` are missing it says why no test was made.
    """
    if lower is None or upper is None:
        return Verdict(NOT_TESTED, method)
    if comparator is None:
        return Verdict(NOT_TESTED, "no comparator value")
    if lower <= comparator <= upper:
        return Verdict(SIMILAR, f"{method}, {confidence}")
    above = lower > comparator
    if direction.startswith("higher"):
        word = BETTER if above else WORSE
    elif direction.startswith("lower"):
        word = WORSE if above else BETTER
    else:
        word = HIGHER if above else LOWER
    return Verdict(word, f"{method}, {confidence}")
