"""Every council in England: any of them opens by URL or by the picker, with its own figures and no other's."""

from __future__ import annotations

import random
import re

import polars as pl
import pytest

from metrics.figures import briefing
from metrics.storage.store import DataStore
from tests.app.conftest import PAGES, ROOT, open_page, text_of
from views import overview
from views.resources import settings

STORE = DataStore(ROOT / "data")
#: One council of each kind, and the two with the smallest numbers.
SAMPLE = {
    "E08000003": "Manchester",
    "E09000007": "Camden",
    "E10000016": "Kent",
    "E06000023": "Bristol",
    "E06000053": "Isles of Scilly",
    "E09000001": "City of London",
}


#: Pages about the copy of the dashboard being run, whose contact is the running council (Leicester's in the
#: bundled settings) whichever council's figures are shown.
ABOUT_THE_DEPLOYMENT = ("app_pages/about.py", "app_pages/accessibility.py", "app_pages/privacy.py")


def leicester_only_figures() -> set[str]:
    """Figures that only Leicester's own documents give (contacts, reviews overdue, sickness): never elsewhere."""
    frame = (
        STORE.values()
        .filter(
            (pl.col("area_code") == "E06000016")
            & ~pl.col("dataset").str.starts_with("national_")
            & ~pl.col("dataset").str.starts_with("derived_")
        )
        .collect()
    )
    counts = frame.filter(pl.col("value") >= 1000)  # large enough not to occur by chance
    return {f"{v:,.0f}" for v in counts["value"].to_list()}


@pytest.mark.parametrize("code", list(SAMPLE))
@pytest.mark.parametrize("page", PAGES)
def test_every_page_for_a_council_of_each_kind(code, page):
    at = open_page(page, area=code)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    shown = text_of(at)
    if page not in ("app_pages/councils.py", "app_pages/present.py", "app_pages/accessibility.py"):
        assert SAMPLE[code] in shown, page  # the page is about that council
    assert "Leicester" not in re.sub(
        r"Leicestershire|<nav class=\"councils\".*?</nav>", "", shown, flags=re.S
    ) or page in (*ABOUT_THE_DEPLOYMENT, "app_pages/councils.py", "app_pages/where_we_sit.py"), (
        page
    )  # lists of all councils, or the council that runs this copy of the dashboard
    if page in ABOUT_THE_DEPLOYMENT[1:]:
        assert settings().contact.email in shown, page  # the running council's contact, whatever council is shown
    if page == "app_pages/overview.py":
        brief = briefing.build(
            store=STORE, indicator_id="reablement_91day", area_code=code, audience="public", threshold=5
        )
        if brief.latest_period:
            assert brief.latest_value in shown  # that council's own figure
        words = re.sub(r"<style.*?</style>|<[^>]+>", " ", shown, flags=re.S)  # the text people read, not markup
        assert not leicester_only_figures() & set(re.findall(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d.,])", words))


def test_a_district_code_is_answered_with_its_county():
    at = open_page("app_pages/overview.py", area="E07000130")  # Charnwood
    notice = next(h.value for h in at.get("html") if 'class="notice"' in h.value)
    assert "Charnwood is a district council; adult social care there is run by Leicestershire County Council" in notice
    assert 'href="?area=E10000018"' in notice and "councils?" in notice


def test_the_picker_opens_the_chosen_council_on_the_same_page_and_indicator():
    at = open_page("app_pages/councils.py", back="reablement", indicator="reablement_91day")
    box = at.selectbox(key="councils.choice")
    assert len(box.options) == STORE.areas().filter(pl.col("area_type") == "council").height
    box.set_value("E08000003").run()
    assert not at.exception
    assert at.query_params["area"] == "E08000003" and at.query_params.get("indicator") == "reablement_91day"
    assert "Reablement: Manchester" in at.title[0].value


def test_a_national_only_council_is_told_which_local_indicators_need_its_own_export():
    at = open_page("app_pages/reviews.py", area="E08000003")
    shown = text_of(at)
    assert "People not reviewed for 24 months or more" in shown and "need Manchester's own figures" in shown


def test_a_council_without_an_oflog_neighbour_list_is_compared_with_its_region():
    at = open_page("app_pages/reablement.py", area="E06000053")
    assert "Other councils in South West (no Oflog neighbour list for this council)" in text_of(at)


COUNCILS = STORE.areas().filter(pl.col("area_type") == "council").sort("area_code")
REGIONS = sorted(set(COUNCILS["region_code"].drop_nulls().to_list()))


def _render_overviews(codes: list[str]) -> None:
    """The Overview's tiles, signals table and positions for each council, without a browser."""
    for code in codes:
        tiles = overview.tiles_html(code, "public")
        assert tiles, code
        overview.spc_matrix_html(code, "public")


def test_a_sample_of_councils_render_their_overview_in_process():
    """Ten councils chosen with a fixed seed (the slow tier renders every one)."""
    codes = COUNCILS["area_code"].to_list()
    assert len(codes) >= 150
    _render_overviews(random.Random(16).sample(codes, 10))


@pytest.mark.slow
@pytest.mark.parametrize("region", REGIONS)
def test_every_council_renders_its_overview_in_process(region):
    """All of them, region by region, without a browser: the tiles, the signals table and the positions."""
    codes = COUNCILS.filter(pl.col("region_code") == region)["area_code"].to_list()
    assert codes, region
    _render_overviews(codes)


def test_every_council_is_in_a_region():
    assert COUNCILS["region_code"].null_count() == 0
    assert len(REGIONS) == 9
