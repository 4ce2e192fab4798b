"""WCAG contrast, and every colour the charts and icons draw with held to it."""

from __future__ import annotations

import pytest

from metrics.analysis.spc import icons
from metrics.core.contrast import GRAPHICS, TEXT, ink_on, luminance, ratio
from metrics.figures import chart_spec


def test_the_ratio_matches_wcag_reference_values():
    assert ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert ratio("#767676") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes for text on white
    assert ratio("#777777") < TEXT  # and the next one does not
    assert ratio("#ffffff", "#777776") == ratio("#777776", "#ffffff")  # order does not matter


def test_a_colour_must_be_written_in_full():
    with pytest.raises(ValueError, match="#rrggbb"):
        luminance("#fff")


@pytest.mark.parametrize("colour", chart_spec.PALETTE)
def test_every_breakdown_colour_reads_as_text_on_white(colour):
    """A breakdown line is named at its end in its own colour: text, so 4.5:1, which also covers the line."""
    assert ratio(colour) >= TEXT


@pytest.mark.parametrize("kind", list(chart_spec.COMPARATOR_STYLE))
def test_comparator_lines_and_markers_reach_3_to_1(kind):
    assert ratio(chart_spec.COMPARATOR_STYLE[kind][0]) >= GRAPHICS


def test_our_line_the_band_edge_median_break_and_target_reach_3_to_1():
    for colour in (
        chart_spec.OURS_COLOUR,
        chart_spec.BAND_EDGE,
        chart_spec.MEDIAN_COLOUR,
        chart_spec.BREAK_COLOUR,
        chart_spec.TARGET_COLOUR,
    ):
        assert ratio(colour) >= GRAPHICS, colour


def test_the_ranked_chart_and_spc_markers_reach_3_to_1():
    from views import charts, svg_charts

    for colour in (svg_charts.NEIGHBOUR, svg_charts.OTHER, *(c for c, _n in charts.SPC_STYLE.values())):
        assert ratio(colour) >= GRAPHICS, colour


@pytest.mark.parametrize(
    "icon",
    [*icons.VARIATION.values(), *icons.ASSURANCE.values(), icons.COMMON_CAUSE, icons.NOT_DRAWN, icons.NO_TARGET],
    ids=lambda i: i.code,
)
def test_every_spc_letter_reads_on_its_disc(icon):
    """White on amber was 1.8:1; the letter now takes whichever ink reads better."""
    assert ratio(icon.ink, icon.colour) >= TEXT


def test_ink_is_dark_on_light_and_light_on_dark():
    assert ink_on("#ffb300") == "#1d1d1b"
    assert ink_on("#490092") == "#ffffff"
