"""Colour contrast as WCAG 2.2 defines it (relative luminance, success criteria 1.4.3 and 1.4.11).

The chart palette, the SPC icons and the captions are checked against it in tests, so a colour that would fall
below 4.5:1 for text or 3:1 for lines, markers and band edges cannot slip in.
"""

from __future__ import annotations

TEXT, GRAPHICS = 4.5, 3.0  # the AA minimums: normal text, and the graphical objects a chart is read from


def _channel(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of an sRGB colour written #rrggbb."""
    text = colour.lstrip("#")
    if len(text) != 6:
        raise ValueError(f"expected a colour written #rrggbb, got {colour!r}")
    r, g, b = (int(text[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(foreground: str, background: str = "#ffffff") -> float:
    """The contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def ink_on(background: str) -> str:
    """Near-black or white, whichever reads better on ``background``: the letter on a coloured disc or bar."""
    return "#1d1d1b" if ratio("#1d1d1b", background) >= ratio("#ffffff", background) else "#ffffff"
