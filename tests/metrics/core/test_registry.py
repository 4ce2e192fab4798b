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
