import pytest

from metrics.core import registry
from metrics.core.errors import UnknownIndicatorError


def test_every_indicator_is_fully_described():
    for ind in registry.INDICATORS:
        assert ind.title and ind.definition and ind.source and ind.frequency, ind.id
        assert ind.unit in registry.UNITS, ind.id
        assert ind.direction in registry.DIRECTIONS, ind.id
        assert ind.domain in registry.DOMAINS, ind.id


def test_ids_are_unique():
    ids = [ind.id for ind in registry.INDICATORS]
    assert len(ids) == len(set(ids))


def test_every_domain_has_a_headline_indicator():
    for domain in ("demand", "reviews", "reablement", "care_market", "workforce"):
        assert any(i.headline for i in registry.in_domain(domain)), domain


def test_unknown_indicator_is_named():
    with pytest.raises(UnknownIndicatorError, match="`nope`"):
        registry.get("nope")


def test_codes_people_search_by_are_read_from_the_national_reference():
    renamed = registry.get("reablement_no_ongoing_pct")  # "ASCOF 2D; 2A from 2023-24"
    assert (renamed.code, renamed.former_code) == ("ASCOF 2A", "ASCOF 2D")
    assert renamed.label == f"{renamed.title} (ASCOF 2A, was 2D)"
    assert (registry.get("qol_score").code, registry.get("qol_score").former_code) == ("ASCOF 1A", "")
    dropped = registry.get("ld_employment_pct")  # "ASCOF 1E (to 2022-23)"
    assert (dropped.code, dropped.former_code) == ("", "ASCOF 1E")
    assert dropped.label == f"{dropped.title} (was ASCOF 1E to 2022-23)"
    assert registry.get("requests_new").code == "SALT STS001"
    method = registry.get("wait_assessment_median_days")  # a method's name, not a code
    assert method.code == method.former_code == "" and method.label == method.title


def test_every_current_code_names_one_indicator():
    current = [i.code for i in registry.INDICATORS if i.code]
    assert "ASCOF 2A" in current and len(current) == len(set(current))
