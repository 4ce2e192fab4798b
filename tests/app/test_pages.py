"""Every page through AppTest: real content from the data, no exception, no error box."""

from __future__ import annotations

import html
import re
from pathlib import Path

import polars as pl
import pytest

from metrics.core import registry
from metrics.figures import briefing
from metrics.storage import query
from metrics.storage.store import DataStore
from tests.app.conftest import (
    PAGES,
    ROOT,
    blocks_of,
    breakdown_widget,
    open_page,
    open_page_from_overview,
    open_tables,
    tables_of,
    text_of,
)

STORE = DataStore(ROOT / "data")


def latest_text(indicator_id: str, area: str) -> str:
    """The latest value as the figure's one brief gives it (metrics.figures.briefing), which every surface renders."""
    return briefing.build(
        store=STORE, indicator_id=indicator_id, area_code=area, audience="public", threshold=5
    ).latest_value


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("area", [pytest.param("E06000016", marks=pytest.mark.smoke), "E10000018", "E10000019"])
def test_every_page_renders_without_error(page, area):
    at = open_page(page, area=area)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    name = query.area_name(store=STORE, area_code=area)
    if (
        page == "app_pages/present.py" or page == "app_pages/councils.py"
    ):  # no page title: the slide's own title names the council
        assert name in text_of(at)
    elif page not in ("app_pages/about.py", "app_pages/accessibility.py", "app_pages/privacy.py"):  # the whole app
        assert name in at.title[0].value


def test_one_session_walks_from_the_overview_to_every_page():
    """The front door first, then every page in the same session, as a person clicking through the sidebar does:
    session state carried across the switches never breaks a page."""
    at = open_page_from_overview("app_pages/overview.py")
    assert "Leicester" in at.title[0].value
    for page in PAGES[1:]:
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not at.error, (page, [e.value for e in at.error])


def test_overview_shows_the_latest_headline_values():
    at = open_page("app_pages/overview.py")
    shown = text_of(at)
    for indicator_id in ("reviews_overdue_24m", "contacts_new", "reablement_91day", "admissions_permanent"):
        assert latest_text(indicator_id, "E06000016") in shown, indicator_id
    assert "better than England" in shown  # 91-day reablement against England, from the data


def test_council_switch_shows_leicestershire_figures():
    at = open_page("app_pages/overview.py")
    switcher = next(b for b in blocks_of(at) if 'class="councils"' in b)
    assert '<b aria-current="page">Leicester</b>' in switcher and 'href="?area=E10000018"' in switcher
    at = open_page("app_pages/overview.py", area="E10000018")  # what that link opens
    assert "Leicestershire" in at.title[0].value
    assert latest_text("reviews_coverage_pct", "E10000018") in text_of(at)
    assert at.query_params["area"] == "E10000018"


def _domain_pages():
    return [p for p in PAGES if Path(p).stem in registry.DOMAINS]


@pytest.mark.parametrize("page", _domain_pages())
def test_every_indicator_and_breakdown_renders(page):
    domain = Path(page).stem
    at = open_tables(open_page(page))
    with_data = set(
        STORE.values().filter(pl.col("area_code") == "E06000016").select("indicator_id").collect().to_series().to_list()
    )
    indicators = [i.id for i in registry.in_domain(domain) if i.id in with_data]
    assert len(at.selectbox(key=f"{domain}.indicator").options) == len(indicators)
    viewed: set[str] = set()  # both views are opened for each breakdown's first indicator and each indicator's first
    for indicator_id in indicators:
        at.selectbox(key=f"{domain}.indicator").set_value(indicator_id).run()
        assert not at.exception, (indicator_id, [e.value for e in at.exception])
        head = query.series(store=STORE, indicator_id=indicator_id, area_code="E06000016")
        dims = query.breakdowns(store=STORE, indicator_id=indicator_id, area_code="E06000016")
        options = (["All people"] if head["value"].is_not_null().any() or not dims else []) + dims
        assert breakdown_widget(at, domain).options == [o if o == "All people" else f"By {o}" for o in options]
        for option in options:
            breakdown_widget(at, domain).set_value(option).run()
            assert not at.exception, (indicator_id, option, [e.value for e in at.exception])
            assert not at.error, (indicator_id, option, [e.value for e in at.error])
            first = option != "All people" and (
                option not in viewed or option == next(o for o in options if o != "All people")
            )
            if first and [r for r in at.radio if r.key == f"{domain}.view"]:
                viewed.add(option)
                for view in ("one period", "over time"):
                    at.radio(key=f"{domain}.view").set_value(view).run()
                    assert not at.exception, (indicator_id, option, view, [e.value for e in at.exception])
                    assert tables_of(at), (indicator_id, option, view)
        breakdown_widget(at, domain).set_value(options[0]).run()


def test_the_data_table_is_built_only_when_opened():
    at = open_page("app_pages/reviews.py", indicator="reviews_overdue_24m", breakdown="team")
    assert not tables_of(at) and [e.label for e in at.expander] == ["Data table: exactly what is plotted"]
    frame = query.series(store=STORE, indicator_id="reviews_overdue_24m", area_code="E06000016", breakdown_dim="team")
    table = tables_of(open_tables(at))[0]
    assert set(frame["breakdown_cat"].unique()) <= set(table["Series"])
    at.selectbox(key="reviews.indicator").set_value("reviews_overdue_12m").run()
    assert tables_of(at), "an opened table stays open when the indicator changes"


def test_a_link_reopens_the_same_view():
    at = open_page(
        "app_pages/reviews.py",
        area="E06000016",
        indicator="reviews_overdue_24m",
        breakdown="team",
        view="one period",
        period="Jun 2023",
    )
    assert at.selectbox(key="reviews.indicator").value == "reviews_overdue_24m"
    assert breakdown_widget(at, "reviews").value == "team"
    assert at.selectbox(key="reviews.period").value == "Jun 2023"
    assert "by team" in text_of(at) and "Jun 2023" in text_of(at)
    assert at.query_params["breakdown"] == "team" and at.query_params["period"] == "Jun 2023"


def test_sickness_by_division_answers_which_division_lost_most():
    at = open_page("app_pages/workforce.py", indicator="sickness_days_lost", breakdown="division", view="one period")
    values = query.series(
        store=STORE, indicator_id="sickness_days_lost", area_code="E06000016", breakdown_dim="division"
    )
    last = values.filter(values["period_end"] == values["period_end"].max())
    worst = last.sort("value")["breakdown_cat"][-1]
    assert last["period_label"][0] in text_of(at)
    table = tables_of(open_tables(at))[0]
    assert worst in table["Series"].to_list()


def test_demonstration_rows_are_marked_on_screen():
    at = open_page("app_pages/reviews.py", indicator="reviews_overdue_24m")
    assert any("Demonstration data" in w.value for w in at.warning)


def test_key_message_appears_beside_the_chart():
    at = open_page("app_pages/reablement.py", indicator="reablement_91day")
    messages = STORE.commentary().filter(STORE.commentary()["indicator_id"] == "reablement_91day")
    shown = text_of(at)
    assert html.escape(messages["text"][-1]) in shown
    # written for 2023/24 Q1, beside a 2024/25 figure: it says so, and never reads as commentary on the newer figure
    assert f"Key message for {messages['period_label'][-1]} (the figure above is 2024/25)" in shown
    assert 'class="key-message older"' in shown


def test_public_view_hides_small_counts(monkeypatch, tmp_path):
    at = open_page("app_pages/complaints.py", indicator="complaints_fully_upheld")
    shown = text_of(at)
    assert "hidden (small number)" in shown or "small number(s) hidden" in shown


def test_provider_ratings_drill_down_for_a_council_the_cqc_extract_covers():
    at = open_page("app_pages/care_market.py", area="E10000019")
    assert not at.exception
    locations = STORE.locations().filter((pl.col("area_code") == "E10000019") & (pl.col("domain") == "Overall"))
    first = locations.sort("service_type")["service_type"][0]
    shown = next(t for t in tables_of(at) if "Location" in t.columns)
    assert shown.height == locations.filter(pl.col("service_type") == first).height
    assert shown.columns == ["Location", "Provider", "Overall rating", "Published"]  # the CQC page is each link


def test_where_we_sit_ranks_the_council():
    from metrics.analysis import benchmarks

    at = open_page("app_pages/where_we_sit.py", indicator="reablement_91day", period="2023/24")
    pos = benchmarks.position(
        store=STORE,
        indicator_id="reablement_91day",
        area_code="E06000016",
        period_label="2023/24",
        period_type="financial year",
    )
    assert f"rank {pos.rank} of {pos.of}" in text_of(at)
    assert "never a verdict on their own" in text_of(at)  # the page says why a rank is not a verdict


def test_where_we_sit_switches_to_a_funnel_plot_and_names_who_is_outside():
    from metrics.figures import funnels

    at = open_page("app_pages/where_we_sit.py", indicator="reablement_91day", period="2024/25")
    assert list(at.radio(key="rank.chart").options) == ["Ranked bars", "Funnel plot"]
    at.radio(key="rank.chart").set_value("funnel").run()
    assert not at.exception and at.query_params["chart"] == "funnel"
    svg = next(m.value for m in at.markdown if "Funnel plot of" in m.value)
    assert svg.count('data-role="limit"') == 4 and 'data-role="centre"' in svg
    expected = funnels.build(
        store=STORE,
        indicator_id="reablement_91day",
        area_code="E06000016",
        neighbours=[],
        period_label="2024/25",
        period_type="financial year",
    )
    for name in expected.outside[funnels.ABOVE_998] + expected.outside[funnels.BELOW_998]:
        assert name in text_of(at)
    assert svg.count("data-council=") == expected.councils.height


def test_no_funnel_is_offered_for_a_score_and_the_page_says_why():
    at = open_page("app_pages/where_we_sit.py", indicator="qol_score", chart="funnel")
    assert not at.exception and at.radio(key="rank.chart").options == ["Ranked bars"]
    assert "A funnel plot is drawn for percentages and rates" in text_of(at)
    assert "chart" not in at.query_params


def test_spc_view_shows_icons_and_the_sentence_from_the_data():
    from metrics.figures import spc_series

    at = open_page("app_pages/reviews.py", indicator="reviews_overdue_24m", spc="1")
    assert not at.exception and at.toggle(key="reviews.spc").value is True
    ind = registry.get("reviews_overdue_24m")
    frame = query.series(store=STORE, indicator_id=ind.id, area_code="E06000016")
    result, _ = spc_series.for_series(
        frame=frame,
        indicator=ind,
        period_type="snapshot",
        changes=spc_series.change_points(store=STORE, indicator_id=ind.id, area_code="E06000016"),
    )
    shown = text_of(at)
    assert result.sentence in shown and result.variation.text in shown
    limits = next(t for t in tables_of(open_tables(at)) if "Lower limit" in t.columns)
    snapshots = frame.filter(pl.col("period_type") == "snapshot")  # the chart's series: month-end snapshots
    assert limits.height == snapshots["value"].drop_nulls().len()  # one row per point of the SPC chart
    at.selectbox(key="reviews.baseline").set_value("whole series").run()
    assert at.query_params["baseline"] == "whole series" and not at.exception


def test_spc_for_one_category_of_a_breakdown():
    at = open_page(
        "app_pages/workforce.py", indicator="sickness_days_lost", breakdown="division", view="over time", spc="1"
    )
    from metrics.figures import spc_series

    assert not at.exception
    category = at.selectbox(key="workforce.spccat").value
    ind = registry.get("sickness_days_lost")
    frame = query.series(store=STORE, indicator_id=ind.id, area_code="E06000016", breakdown_dim="division")
    result, _ = spc_series.for_series(
        frame=frame.filter(pl.col("breakdown_cat") == category),
        indicator=ind,
        period_type="quarter",
        changes=spc_series.change_points(store=STORE, indicator_id=ind.id, area_code="E06000016"),
    )
    assert result.sentence in text_of(at)


def test_overview_has_the_spc_summary():
    at = open_page("app_pages/overview.py")
    assert "Signals: is a change real?" in [h.value for h in at.header]


def test_year_end_projection_is_drawn_and_stated():
    from metrics.analysis import projection

    # the projection is drawn on the years view (the chart opens on the newest figure, a quarter)
    at = open_page("app_pages/long_term_support.py", indicator="lts_new_from_requests", ptype="financial year")
    frame = query.series(store=STORE, indicator_id="lts_new_from_requests", area_code="E06000016")
    (straight,) = projection.year_end(frame, indicator=registry.get("lts_new_from_requests"))
    assert any(straight.words() in c.value for c in at.caption)
    assert "Projected year end (straight line)" in tables_of(open_tables(at))[0]["Series"].to_list()


def test_since_last_meeting_lists_what_the_data_says_changed():
    from datetime import date

    from metrics.figures import since

    at = open_page("app_pages/since_last_meeting.py", since="2023-08-24")
    assert not at.exception
    expected = since.changes(store=STORE, area_code="E06000016", meeting=date(2023, 8, 24))
    shown = [text for t in tables_of(at) for text in t["What changed"].to_list()]
    assert expected and all(c.text in shown for c in expected)
    assert at.query_params["since"] == "2023-08-24"


def test_about_explains_how_comparisons_are_judged():
    from metrics.analysis.statistics import methods

    at = open_page("app_pages/about.py")
    shown = html.unescape(text_of(at))
    assert "How comparisons are judged" in [h.value for h in at.header]
    for _figure, interval, _reference in methods.EXPLAINED:
        assert interval in shown


def test_about_lists_every_indicator_with_its_definition_unit_and_direction():
    at = open_page("app_pages/about.py")
    listing = next(b for b in blocks_of(at) if 'class="catalogue"' in b)
    assert set(re.findall(r'data-id="([^"]+)"', listing)) == {i.id for i in registry.INDICATORS}
    ind = registry.get("reviews_overdue_24m")
    entry = listing.split(f'data-id="{ind.id}"')[1].split("catalogue-entry")[0]
    for words in (
        ind.title,
        ind.definition,
        f"unit: {ind.unit}",
        f"good direction: {ind.direction}",
        "Source: ",
        "Periods: ",
        "Last updated: ",
    ):
        assert html.escape(words) in entry, words


def test_about_shows_the_quality_of_a_published_cld_extract(broken_copy, tmp_path):
    from metrics.ingest.cld import ingest_cld
    from tests.metrics.cld.conftest import extract_text

    extract = tmp_path / "cld_q1.csv"
    extract.write_text(extract_text())
    ingest_cld(paths=[extract], dataset="leicester_cld", area_code="E06000016", data_dir=broken_copy)
    at = open_page("app_pages/about.py")
    assert not at.exception and "Quality of CLD extracts" in [h.value for h in at.header]
    shown = html.unescape(text_of(at))
    assert (
        "leicester_cld" in shown and "Request_Route_of_Access" in shown and "25.0" in shown
    )  # 1 of the 4 requests off its list


def test_about_shows_the_quality_of_the_bundled_synthetic_extract():
    """The seed republishes the demonstration without the rows a publication gives: its report must stay with it."""
    at = open_page("app_pages/about.py")
    assert "Quality of CLD extracts" in [h.value for h in at.header]
    assert "leicester_synthetic_cld" in html.unescape(text_of(at))


def test_a_team_breakdown_from_cld_says_the_council_added_it():
    at = open_page("app_pages/reviews.py", indicator="reviews_overdue_24m", breakdown="team")
    assert not at.exception
    assert "comes from a column the council adds to its own CLD extract" in text_of(at)
    at = open_page("app_pages/reviews.py", indicator="reviews_overdue_24m", breakdown="age band")
    assert "council adds to its own CLD extract" not in text_of(at)
