"""How much room text takes on a slide, so the deck never runs text off a slide and never sets it under 12 points.

PowerPoint wraps text itself; python-pptx cannot ask it how tall a box became. So the pack measures each line
with the font's own advance widths: Liberation Sans (Debian's fonts-liberation) has Arial's metrics exactly, which
is the font the deck uses. Without it, a wide average character (0.6 em) gives an estimate that errs on the side
of more lines. Words wrap as PowerPoint wraps them: at spaces, a word longer than a line broken where it must.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation")
#: The smallest type on a slide (points): what a committee room can read.
MIN_POINTS = 12
#: PowerPoint's default line spacing is about 1.2 times the size; a text box has 0.05 in insets above and below
#: and 0.1 in either side; the deck adds this much after each paragraph.
LINE_SPACING, INSET_TOP_BOTTOM, INSET_SIDES, SPACE_AFTER_PT = 1.2, 0.1, 0.2, 3


@dataclass(frozen=True)
class Para:
    """A paragraph of a text box: its words, size in points, weight and colour."""

    text: str
    size: float
    bold: bool
    colour: object  # an RGBColor: fit only carries it


@cache
def _font(bold: bool):
    path = FONT_DIR / ("LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf")
    return ImageFont.truetype(str(path), 100) if path.exists() else None


def width_points(text: str, *, size: float, bold: bool) -> float:
    """How wide ``text`` is set in Arial at ``size`` points."""
    font = _font(bold)
    if font is None:
        return len(text) * 0.6 * size
    return font.getlength(text) * size / 100


def lines(text: str, *, size: float, bold: bool, width_in: float) -> int:
    """How many lines ``text`` takes in a box ``width_in`` inches wide (its insets taken off)."""
    room = (width_in - INSET_SIDES) * 72
    count = 0
    for paragraph_line in text.split("\n") or [""]:
        count += 1
        used = 0.0
        for word in paragraph_line.split(" "):
            w = width_points(word, size=size, bold=bold)
            space = width_points(" ", size=size, bold=bold) if used else 0.0
            if used and used + space + w > room:
                count, used = count + 1, 0.0
                space = 0.0
            if w > room:  # a word wider than the line is broken over as many lines as it needs
                extra = math.ceil(w / room) - 1
                count, used = count + extra, w - extra * room
            else:
                used += space + w
    return count


def height_in(paragraphs: Sequence[Para], *, width_in: float) -> float:
    """The height, in inches, the paragraphs take in a box ``width_in`` wide."""
    points = sum(
        lines(p.text, size=p.size, bold=p.bold, width_in=width_in) * p.size * LINE_SPACING + SPACE_AFTER_PT
        for p in paragraphs
    )
    return points / 72 + INSET_TOP_BOTTOM


def fitted(paragraphs: Sequence[Para], *, width_in: float, height_in_: float) -> tuple[list[Para], list[Para]]:
    """The paragraphs that fit the box in order, and the rest (for a continuation slide). A paragraph is never
    cut: the first that does not fit, and all after it, are the rest."""
    kept: list[Para] = []
    for k, p in enumerate(paragraphs):
        if height_in([*kept, p], width_in=width_in) > height_in_:
            return kept, list(paragraphs[k:])
        kept.append(p)
    return kept, []


def shrunk(paragraphs: Sequence[Para], *, width_in: float, height_in_: float) -> list[Para]:
    """The paragraphs at their sizes if they fit; else set a point smaller at a time, never under
    :data:`MIN_POINTS` (a paragraph already at or under it keeps its size). The caller sends what still does not fit
    to a continuation slide."""
    sizes = [p.size for p in paragraphs]
    while True:
        now = [Para(p.text, s, p.bold, p.colour) for p, s in zip(paragraphs, sizes, strict=True)]
        if height_in(now, width_in=width_in) <= height_in_ or all(s <= MIN_POINTS for s in sizes):
            return now
        sizes = [max(MIN_POINTS, s - 1) if s > MIN_POINTS else s for s in sizes]
