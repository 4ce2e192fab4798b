"""Variation and assurance icons, as Making Data Count draws them, with a letter and words for each.

Colours follow Making Data Count: grey common cause, blue improvement, orange
concern, purple neutral. Meaning never rests on colour: each icon has a
letter (H or L for the side, P, F or ? for assurance) and a text alternative.
"""

from __future__ import annotations

from dataclasses import dataclass

GREY, BLUE, ORANGE, PURPLE = "#a6a6a6", "#00b0f0", "#ffb300", "#490092"


@dataclass(frozen=True)
class Icon:
    code: str
    letter: str
    colour: str
    text: str

    @property
    def ink(self) -> str:
        """The letter's colour: near-black or white, whichever reaches the higher contrast on the disc."""
        from metrics.core.contrast import ink_on

        return ink_on(self.colour)


COMMON_CAUSE = Icon("common_cause", "~", GREY, "Common cause variation: no significant change")
VARIATION = {
    ("improvement", "high"): Icon("improvement_high", "H", BLUE, "Special cause improvement: unusually high"),
    ("improvement", "low"): Icon("improvement_low", "L", BLUE, "Special cause improvement: unusually low"),
    ("concern", "high"): Icon("concern_high", "H", ORANGE, "Special cause concern: unusually high"),
    ("concern", "low"): Icon("concern_low", "L", ORANGE, "Special cause concern: unusually low"),
    ("neutral", "high"): Icon(
        "neutral_high", "H", PURPLE, "Special cause variation: unusually high (neither good nor bad)"
    ),
    ("neutral", "low"): Icon(
        "neutral_low", "L", PURPLE, "Special cause variation: unusually low (neither good nor bad)"
    ),
}
ASSURANCE = {
    "pass": Icon(
        "consistently_passes",
        "P",
        BLUE,
        "The target will consistently be met: it lies outside the limits on the right side",
    ),
    "fail": Icon(
        "consistently_fails",
        "F",
        ORANGE,
        "The target will consistently be missed: it lies outside the limits on the wrong side",
    ),
    "inconsistent": Icon(
        "inconsistent", "?", GREY, "The target will be met or missed at random: it lies inside the limits"
    ),
}
#: For an indicator with no monthly or quarterly series: nothing to judge, said in words.
NOT_DRAWN = Icon("not_drawn", "–", GREY, "SPC not drawn: no monthly or quarterly series to judge")
NO_TARGET = Icon("no_target", "–", GREY, "No target is set for this indicator")
