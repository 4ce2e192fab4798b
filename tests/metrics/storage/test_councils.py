"""What a code someone brings means: a council to open, or a sentence saying what it is instead."""

from __future__ import annotations

from metrics.storage import councils
from metrics.storage.store import DataStore
from tests.app.conftest import ROOT

STORE = DataStore(ROOT / "data")


def test_every_council_with_adult_social_care_duties_opens():
    every = councils.council_list(store=STORE)
    assert every.height == 153 and every["region_name"].null_count() == 0
    for code in every["area_code"].to_list():
        assert councils.resolve(store=STORE, code=code).code == code
    assert councils.resolve(store=STORE, code=" e08000003 ").code == "E08000003"


def test_a_district_is_answered_with_its_county_and_others_are_named():
    charnwood = councils.resolve(store=STORE, code="E07000130")
    assert charnwood.code is None and charnwood.suggest == "E10000018"
    assert charnwood.message == (
        "Charnwood is a district council; adult social care there is run by Leicestershire County Council."
    )
    assert "outside England" in councils.resolve(store=STORE, code="W06000015").message  # Cardiff
    unknown = councils.resolve(store=STORE, code="<script>" * 10)
    assert unknown.code is None and "not the code of a council" in unknown.message and len(unknown.message) < 120


def test_national_and_local_indicators_are_told_apart():
    national = councils.national_indicator_ids(store=STORE)
    assert "reablement_91day" in national and "reviews_overdue_24m" not in national
    assert councils.has_local_data(store=STORE, area_code="E06000016")
    assert not councils.has_local_data(store=STORE, area_code="E08000003")


def test_a_former_district_is_answered_with_the_council_that_replaced_it():
    allerdale = councils.resolve(store=STORE, code="E07000026")
    assert allerdale.suggest == "E06000063" and "now run by Cumberland" in allerdale.message
