"""Text on a slide is measured with Arial's own widths, so nothing runs off a slide and nothing is set under 12 pt."""

from __future__ import annotations

import pytest

from pack import fit
from pack.fit import Para


def test_a_short_line_is_one_line_and_a_long_one_wraps_at_words():
    assert fit.lines("Requests for support", size=12, bold=False, width_in=5) == 1
    words = " ".join(["adult social care"] * 30)  # about 510 characters
    at_12 = fit.lines(words, size=12, bold=False, width_in=5)
    assert 6 <= at_12 <= 10  # about 75 characters to a 4.8-inch line at 12 points
    assert fit.lines(words, size=24, bold=False, width_in=5) >= 2 * at_12 - 1
    assert fit.lines(words, size=12, bold=True, width_in=5) >= at_12


def test_a_word_longer_than_the_line_is_broken_over_the_lines_it_needs():
    long_word = "x" * 400
    assert fit.lines(long_word, size=12, bold=False, width_in=2) >= 400 * fit.width_points(
        "x", size=12, bold=False
    ) // (1.8 * 72)


def test_line_breaks_in_the_text_start_new_lines():
    assert fit.lines("one\ntwo\nthree", size=12, bold=False, width_in=5) == 3


def test_what_does_not_fit_is_kept_whole_for_the_next_slide():
    paras = [Para(f"Paragraph {k} " + "words " * 60, 12, False, None) for k in range(8)]
    kept, rest = fit.fitted(paras, width_in=6, height_in_=2.5)
    assert kept and rest and kept + rest == paras
    assert fit.height_in(kept, width_in=6) <= 2.5 < fit.height_in([*kept, rest[0]], width_in=6)


def test_shrinking_stops_at_twelve_points():
    paras = [Para("Big figure", 36, True, None)] + [Para("line " * 80, 15, False, None) for _ in range(6)]
    out = fit.shrunk(paras, width_in=5, height_in_=1.0)  # cannot fit: everything ends at 12 points, no smaller
    assert [p.size for p in out] == [fit.MIN_POINTS] * len(paras)
    roomy = fit.shrunk(paras[:2], width_in=12, height_in_=5)
    assert [p.size for p in roomy] == [36, 15]  # what fits keeps its size


@pytest.mark.skipif(not (fit.FONT_DIR / "LiberationSans-Regular.ttf").exists(), reason="fonts-liberation missing")
def test_the_measure_is_arials_own_width():
    # Arial (and Liberation Sans, metric-compatible) sets "W" at 0.944 em and "i" at 0.222 em
    assert fit.width_points("W", size=100, bold=False) == pytest.approx(94.4, abs=0.1)
    assert fit.width_points("i", size=100, bold=False) == pytest.approx(22.2, abs=0.1)
