"""Numbers in words and symbols, the same on screen and in exports.

Meaning is never carried by colour alone: a change says "up" or "down" with
an arrow, and whether that is an improvement in words, from the indicator's
good direction.
"""

from __future__ import annotations

from metrics.core import registry

#: What demonstration points are, said the same way on screen, on slides and in the pack.
DEMONSTRATION_WORDS = (
    "points drawn hollow (or bars hatched) are demonstration data, not real figures: computed "
    "from synthetic records, or split from published totals, calibrated to the published figures "
    "they stand beside"
)
#: A symbol for each verdict (metrics.analysis.statistics.significance), so the verdict is never told by colour alone.
VERDICT_SYMBOL = {
    "significantly better": "✔",
    "significantly worse": "✖",
    "similar": "≈",
    "significantly higher": "▲",
    "significantly lower": "▼",
    "not tested": "–",
}
#: How to read the verdicts, in one sentence every surface shows (Overview, slides, pack, accessibility statement).
VERDICT_KEY = (
    "✔ significantly better, ✖ significantly worse, ≈ similar (the gap could be chance), – not tested; "
    "▲/▼ significantly higher/lower where no direction is good; judged by the council's 95% confidence "
    "interval"
)


def value(indicator: registry.Indicator, number: float | None, *, suppressed: bool = False) -> str:
    """'1,348', '88.2%', '567.2 per 100,000', '11.3 days'; words when there is no number."""
    if suppressed:
        return "hidden (small number)"
    if number is None:
        return "not available"
    if indicator.unit == registry.COUNT:
        return f"{number:,.0f}"
    if indicator.unit == registry.PERCENT:
        return f"{number:.1f}%"
    if indicator.unit == registry.RATE_100K:
        return f"{number:,.1f} per 100,000"
    if indicator.unit == registry.DAYS:
        return f"{number:.1f} days"
    if indicator.unit == registry.POUNDS:
        return f"£{number:,.0f}"
    return f"{number:,.1f}"


def parts(indicator: registry.Indicator, text: str) -> tuple[str, str]:
    """A formatted figure and its unit apart, for a large number with a small unit beside it:
    ('596.3', 'per 100,000'). Words ("hidden (small number)") are returned whole."""
    for suffix in (" per 100,000", " days"):
        if text.endswith(suffix) and text[: -len(suffix)].replace(",", "").replace(".", "").isdigit():
            return text[: -len(suffix)], suffix.strip()
    return text, ""


def change(indicator: registry.Indicator, delta: float | None) -> tuple[str, str]:
    """('▲ 297', 'worse') style: the arrow and size of a change, and whether it is an improvement."""
    if delta is None:
        return "", ""
    if round(delta, 1 if indicator.unit != registry.COUNT else 0) == 0:  # no change at the precision shown
        return "■ no change", "no change"
    arrow = "▲" if delta > 0 else "▼"
    size = abs(delta)
    if indicator.unit == registry.PERCENT:
        text = f"{arrow} {size:.1f} points"
    elif indicator.unit == registry.POUNDS:
        text = f"{arrow} £{size:,.0f}"
    elif indicator.unit == registry.COUNT:
        text = f"{arrow} {size:,.0f}"
    else:
        text = f"{arrow} {size:,.1f}"
    if indicator.direction == registry.NEUTRAL:
        return text, "up" if delta > 0 else "down"
    good = (delta > 0) == (indicator.direction == registry.HIGHER)
    return text, "improving" if good else "worsening"


def change_words(indicator: registry.Indicator, *, delta: float, since: str, demonstration: bool = False) -> str:
    """'▲ 414 since Jun 2022 (demonstration): worsening': one change in words, the same on tiles, slides and screens."""
    text, judgement = change(indicator, delta)
    return f"{text} since {since}{' (demonstration)' if demonstration else ''}: {judgement}"


def moved_words(indicator: registry.Indicator, *, first: tuple[float, str], last: tuple[float, str]) -> str:
    """'rose from 142 in Apr 2017 to 1,348 in Jun 2023 (up 1,206)': how a series moved between two points, the same
    words in every chart's text alternative. Percentages move in percentage points."""
    (a, since), (b, until) = first, last
    if a == b:
        return f"was {value(indicator, a)} in both {since} and {until}"
    size = f"{abs(b - a):.1f} percentage points" if indicator.unit == registry.PERCENT else value(indicator, abs(b - a))
    verb, way = ("rose", "up") if b > a else ("fell", "down")
    return f"{verb} from {value(indicator, a)} in {since} to {value(indicator, b)} in {until} ({way} {size})"


def verdict_words(indicator: registry.Indicator, *, name: str, figure: float, verdict) -> str:
    """One comparison in symbol and words (a significance.Verdict): '✔ significantly better than England (81.8%)',
    '≈ similar to England (81.8%)', '– not tested against England (1,200)'. The method that judged it is said once
    beside the comparisons it judged (:func:`method_words`): every verdict of a figure shares its interval."""
    word = verdict.word
    if word == "similar":
        joined = f"similar to {name}"
    elif word == "not tested":
        joined = f"not tested against {name}"
    else:
        joined = f"{word} than {name}"
    return f"{VERDICT_SYMBOL[word]} {joined} ({value(indicator, figure)})"


def method_words(*, method: str, tested: bool) -> str:
    """The line beside a figure's verdicts that says how they were judged, or why they were not:
    'Tested with the Wilson score interval, 95%'; 'Not tested: a count on its own has no interval'."""
    return f"Tested with the {method}" if tested else f"Not tested: {method}"
