"""Whatever a link carries, no page shows a traceback: a bad value gets one line and the default view."""

from __future__ import annotations

import pytest

from tests.app.conftest import breakdown_widget, open_page, text_of

#: Malformed values for each parameter a page reads (50 in all, with the pages they go to).
MALFORMED = [
    ("app_pages/reviews.py", {"indicator": "zzz"}),
    ("app_pages/reviews.py", {"breakdown": "<script>alert(1)</script>"}),
    ("app_pages/reviews.py", {"view": "sideways"}),
    ("app_pages/reviews.py", {"ptype": "decade"}),
    ("app_pages/reviews.py", {"period": "Jun 9999"}),
    ("app_pages/reviews.py", {"spc": "2"}),
    ("app_pages/reviews.py", {"spc": "1", "baseline": "x" * 5000}),
    ("app_pages/reviews.py", {"spccat": "[x](javascript:1)"}),
    ("app_pages/demand.py", {"indicator": ""}),
    ("app_pages/demand.py", {"indicator": "contacts_new", "breakdown": "team"}),
    ("app_pages/demand.py", {"breakdown": "age band", "view": "one period", "period": "²"}),
    ("app_pages/demand.py", {"ptype": "month", "spc": "yes"}),
    ("app_pages/reablement.py", {"indicator": "../../etc/passwd"}),
    ("app_pages/reablement.py", {"ptype": "quarter"}),
    ("app_pages/reablement.py", {"area": "E08000003"}),
    ("app_pages/care_market.py", {"indicator": "cqc_good_outstanding_pct", "period": "\x00"}),
    ("app_pages/care_market.py", {"breakdown": "service type", "view": "over time"}),
    ("app_pages/workforce.py", {"indicator": "sickness_days_lost", "breakdown": "division", "period": "2099/00 Q1"}),
    ("app_pages/workforce.py", {"view": "%00"}),
    ("app_pages/long_term_support.py", {"indicator": "admissions_65_rate", "ptype": "snapshot"}),
    ("app_pages/safeguarding.py", {"indicator": "msp_fully_achieved_pct", "spc": "1"}),
    ("app_pages/complaints.py", {"indicator": "complaints_fully_upheld", "breakdown": "x"}),
    ("app_pages/outcomes.py", {"indicator": "qol_score", "view": "one period"}),
    ("app_pages/overview.py", {"area": "' OR 1=1 --"}),
    ("app_pages/overview.py", {"area": "e06000016"}),
    ("app_pages/overview.py", {"area": "E10000018 "}),
    ("app_pages/overview.py", {"area": "𝔼06000016"}),
    ("app_pages/where_we_sit.py", {"indicator": "contacts_new"}),
    ("app_pages/where_we_sit.py", {"period": "1066/67"}),
    ("app_pages/where_we_sit.py", {"indicator": "reablement_91day", "period": "<b>"}),
    ("app_pages/since_last_meeting.py", {"since": "yesterday"}),
    ("app_pages/since_last_meeting.py", {"since": "0001-01-01"}),
    ("app_pages/since_last_meeting.py", {"since": "9999-12-31"}),
    ("app_pages/since_last_meeting.py", {"since": "2023-02-30"}),
    ("app_pages/since_last_meeting.py", {"since": "2020-01-01"}),
    ("app_pages/meeting.py", {"preset": "nope"}),
    ("app_pages/meeting.py", {"agenda": "nope"}),
    ("app_pages/meeting.py", {"agenda": ",".join(["contacts_new"] * 200)}),
    ("app_pages/meeting.py", {"agenda": ",,,"}),
    ("app_pages/meeting.py", {"meeting": '=HYPERLINK("http://x")'}),
    ("app_pages/present.py", {"slide": "²"}),
    ("app_pages/present.py", {"slide": "0"}),
    ("app_pages/present.py", {"slide": "-1"}),
    ("app_pages/present.py", {"slide": "99999999999999999999"}),
    ("app_pages/present.py", {"slide": "1.5"}),
    ("app_pages/present.py", {"agenda": "contacts_new,requests_new", "slide": "%C2%B2"}),
    ("app_pages/present.py", {"agenda": "nope"}),
    ("app_pages/present.py", {"preset": "../x"}),
    ("app_pages/about.py", {"indicator": "zzz"}),
    ("app_pages/present.py", {"agenda": "", "slide": "1"}),
]


def test_there_are_fifty_malformed_links():
    assert len(MALFORMED) == 50


@pytest.mark.parametrize(("page", "params"), MALFORMED)
def test_a_malformed_link_shows_no_traceback(page, params):
    at = open_page(page, **params)
    assert not at.exception, [e.value for e in at.exception]


@pytest.mark.parametrize(
    ("page", "params", "said"),
    [
        ("app_pages/reviews.py", {"indicator": "zzz"}, "The link's indicator ‘zzz’ is not one this page offers."),
        ("app_pages/present.py", {"slide": "²"}, "The link's slide ‘²’ is not a slide number from 1 to"),
        ("app_pages/since_last_meeting.py", {"since": "yesterday"}, "The link's since ‘yesterday’ is not a date"),
        ("app_pages/meeting.py", {"agenda": "nope"}, "The link's agenda ‘nope’ names indicator `nope`"),
        (
            "app_pages/overview.py",
            {"area": "X99999999"},
            "‘X99999999’ is not the code of a council with adult social care duties in England. Showing Leicester instead.",
        ),
    ],
)
def test_a_bad_value_gets_one_line_and_the_default_view(page, params, said):
    at = open_page(page, **params)
    notices = [h.value for h in at.get("html") if 'class="notice"' in h.value]
    assert (
        len(notices) == 1
        and said in notices[0]
        and ("Showing the default view." in notices[0] or "instead." in notices[0])
    )
    assert not at.exception


def test_link_text_in_the_notice_is_escaped_not_rendered():
    at = open_page("app_pages/reviews.py", breakdown="<img src=x onerror=alert(1)>")
    notice = next(h.value for h in at.get("html") if 'class="notice"' in h.value)
    assert "&lt;img src=x onerror=alert(1)&gt;" in notice and "<img" not in notice


@pytest.mark.parametrize(
    ("page", "indicator", "breakdown"),
    [("app_pages/reviews.py", "reviews_overdue_24m", "team"), ("app_pages/demand.py", "contacts_new", "age band")],
)
def test_back_to_all_people_returns_to_the_headline(page, indicator, breakdown):
    at = open_page(page, indicator=indicator, breakdown=breakdown)
    domain = page.split("/")[1][:-3]
    at.button(key=f"{domain}.back").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert breakdown_widget(at, domain).value == "All people"
    assert "breakdown" not in at.query_params and "Latest (" in text_of(at)


def _error_bars(at) -> int:
    return sum(m.value.count('data-role="interval"') for m in at.markdown)


def test_intervals_are_on_by_default_and_switched_off_through_the_url():
    at = open_page("app_pages/outcomes.py", indicator="satisfaction_pct")
    assert at.toggle(key="outcomes.ci").value is True and _error_bars(at) == 1
    assert "ci" not in at.query_params
    at.toggle(key="outcomes.ci").set_value(False).run()
    assert _error_bars(at) == 0 and at.query_params["ci"] == "0"
    # a copied link with ci=0 reopens the chart without them
    again = open_page("app_pages/outcomes.py", indicator="satisfaction_pct", ci="0")
    assert again.toggle(key="outcomes.ci").value is False and _error_bars(again) == 0
    # the verdicts beside the chart name the same interval's method
    assert "than England (" in text_of(again)
    assert "Tested with the published survey margin of error, 95%" in text_of(again)


def test_no_interval_switch_where_the_chart_has_no_interval():
    at = open_page("app_pages/reviews.py", indicator="reviews_overdue_24m")  # counts: no interval
    assert not [t for t in at.toggle if t.key == "reviews.ci"] and _error_bars(at) == 0
