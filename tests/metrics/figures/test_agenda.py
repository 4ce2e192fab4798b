"""Agendas: presets, the URL form, and what a bad link gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from metrics.core import registry
from metrics.core.errors import AgendaError, MetricsError
from metrics.figures import agenda

SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"


def test_round_trip_keeps_order_and_drops_repeats():
    text = agenda.encode(indicator_ids=["reviews_overdue_24m", "contacts_new"])
    assert text == "reviews_overdue_24m,contacts_new"
    assert agenda.parse(text=text + ",contacts_new") == ("reviews_overdue_24m", "contacts_new")


def test_empty_link_is_an_empty_agenda():
    assert agenda.parse(text=None) == ()
    assert agenda.parse(text=" , ") == ()


def test_unknown_indicator_is_named():
    with pytest.raises(AgendaError, match="`no_such_thing`") as info:
        agenda.parse(text="contacts_new,no_such_thing")
    assert isinstance(info.value, MetricsError)


def test_too_long_an_agenda_is_refused():
    ids = [i.id for i in registry.INDICATORS][: agenda.MAX_ITEMS + 1]
    with pytest.raises(AgendaError, match=f"{agenda.MAX_ITEMS + 1} items"):
        agenda.check(indicator_ids=ids)


def test_every_preset_names_registered_indicators_once():
    for preset in agenda.PRESETS.values():
        assert agenda.check(indicator_ids=preset.indicator_ids) == preset.indicator_ids
        assert preset.indicator_ids, preset.id


def test_quarterly_preset_follows_appendix_c_headings_in_order():
    """Each heading of the preset is a heading line of 001, and they come in the report's order."""
    source = next(SEEDS.glob("001_*.txt"))
    lines = [line.strip() for line in source.read_text(encoding="utf-8").splitlines()]
    at = [lines.index(heading) for heading, _ids in agenda.QUARTERLY.sections]
    assert at == sorted(at)
    assert agenda.QUARTERLY.source.startswith(source.name)


def test_heading_falls_back_to_the_service_area():
    assert agenda.heading(indicator_id="reviews_overdue_24m", preset=agenda.QUARTERLY) == "Reviews"
    assert agenda.heading(indicator_id="turnover_rate_pct", preset=agenda.QUARTERLY) == "Workforce"
    assert agenda.heading(indicator_id="turnover_rate_pct", preset=None) == "Workforce"


def test_for_council_keeps_the_presets_order_and_names_what_is_left_out():
    kept, left = agenda.for_council(preset=agenda.QUARTERLY, available={"sickness_days_lost", "contacts_new", "x"})
    assert kept == ["contacts_new", "sickness_days_lost"]
    assert left == [i for i in agenda.QUARTERLY.indicator_ids if i not in kept]
