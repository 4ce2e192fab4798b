"""Weeks for the improvement cycle: the service pages offer them where a council's CLD gives them, with SPC."""

from __future__ import annotations

import re

from tests.app.conftest import open_page, text_of


def test_the_demand_page_offers_weeks_and_judges_a_weekly_series_with_spc():
    at = open_page("app_pages/demand.py", indicator="requests_all", ptype="week", spc="1")
    assert not at.exception and not at.error
    periods = next(r for r in at.radio if r.label == "Periods")
    assert "Weeks" in periods.options and periods.value == "week"
    page = text_of(at)
    assert re.search(r'<h2 class="chart-title">Requests for support[^<]* in w/e \d', page)  # a week, latest
    assert "Method: XmR chart" in page and "weeks are demonstration data" in page  # SPC, counted in weeks


def test_a_weekly_snapshot_is_a_count_at_each_weeks_end():
    at = open_page("app_pages/reviews.py", indicator="reviews_overdue_24m", ptype="week")
    assert not at.exception and not at.error
    assert "Latest (w/e 25 Jun 2023)" in text_of(at)
