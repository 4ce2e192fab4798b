"""Meeting agendas: which indicators a meeting looks at, in what order, under which headings.

An agenda is an ordered tuple of indicator ids; it travels in the URL as a
comma-separated list, so a link reopens the same set. Presets are agendas
someone has already written down. "Quarterly performance report" follows the
sections of Appendix C of the Leicester Q1 2023/24 performance report (001),
in the report's own order and with its own headings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from metrics.core import registry
from metrics.core.errors import AgendaError

#: Where the quarterly preset's headings come from.
APPENDIX_C = "001_be4c17604381657f.txt, Appendix C"
SEPARATOR = ","
#: An agenda longer than this is refused: a pack for a meeting, not a data dump.
MAX_ITEMS = 40


@dataclass(frozen=True)
class Preset:
    id: str
    title: str
    description: str
    source: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, indicator ids)

    @property
    def indicator_ids(self) -> tuple[str, ...]:
        return tuple(i for _heading, ids in self.sections for i in ids)

    def heading(self, indicator_id: str) -> str | None:
        return next((h for h, ids in self.sections if indicator_id in ids), None)


QUARTERLY = Preset(
    id="quarterly",
    title="Quarterly performance report",
    description="The sections of the Adult Social Care Scrutiny Commission's quarterly performance report, "
    "in the report's order.",
    source=APPENDIX_C,
    sections=(
        ("Managing Demand – Total Contacts Created", ("contacts_new",)),
        ("Managing Demand – New Requests for Support", ("requests_new",)),
        ("Managing Demand – Meeting people's needs", ("lts_new_from_requests", "lts_new_pct_requests")),
        ("Outcomes of short-term support", ("reablement_no_ongoing_pct", "reablement_91day")),
        ("Assessments", ("assessments_completed", "assessments_eligible_pct")),
        ("Reviews", ("reviews_completed", "reviews_overdue_24m", "reviews_overdue_12m")),
        (
            "Long-Term Support – New admissions to residential and nursing care",
            ("admissions_permanent", "admissions_permanent_excl_selffunders"),
        ),
        ("Safeguarding – ‘Alerts’ and ‘Enquiries’", ("safeguarding_enquiries",)),
        ("Safeguarding – Outcomes", ("msp_fully_achieved_pct",)),
        ("Quality – Complaints and commendations", ("complaints_total", "commendations")),
        ("Quality – Commissioned services: CQC/QAF", ("cqc_good_outstanding_pct", "qaf_compliance_pct")),
        ("Satisfaction and outcomes – strengths based related outcomes", ("satisfaction_pct",)),
        ("Workforce – Staff sickness levels", ("sickness_days_lost",)),
    ),
)

HEADLINES = Preset(
    id="headlines",
    title="Headline indicators",
    description="Every headline indicator in the registry, grouped by service area: the Overview's tiles.",
    source="Indicator registry (metrics/core/registry.py)",
    sections=tuple(
        (title, tuple(i.id for i in registry.in_domain(domain) if i.headline))
        for domain, title in registry.DOMAINS.items()
        if any(i.headline for i in registry.in_domain(domain))
    ),
)

PRESETS: dict[str, Preset] = {p.id: p for p in (QUARTERLY, HEADLINES)}


def check(*, indicator_ids: Iterable[str]) -> tuple[str, ...]:
    """The agenda with duplicates dropped (first kept); AgendaError on an unknown id or too many items."""
    agenda = tuple(dict.fromkeys(i.strip() for i in indicator_ids if i.strip()))
    known = {i.id for i in registry.INDICATORS}
    unknown = [i for i in agenda if i not in known]
    if unknown:
        raise AgendaError(problem=f"names indicator `{unknown[0]}`, which is not in the indicator registry")
    if len(agenda) > MAX_ITEMS:
        raise AgendaError(problem=f"has {len(agenda)} items; the most a pack takes is {MAX_ITEMS}")
    return agenda


def parse(*, text: str | None) -> tuple[str, ...]:
    """The agenda from its URL form ("contacts_new,requests_new"). An empty or missing text is an empty agenda."""
    return check(indicator_ids=(text or "").split(SEPARATOR))


def encode(*, indicator_ids: Iterable[str]) -> str:
    """The URL form of an agenda."""
    return SEPARATOR.join(indicator_ids)


def for_council(*, preset: Preset, available: Iterable[str]) -> tuple[list[str], list[str]]:
    """The preset's indicators that a council publishes, in the preset's order, and those left out."""
    have = set(available)
    return ([i for i in preset.indicator_ids if i in have], [i for i in preset.indicator_ids if i not in have])


def heading(*, indicator_id: str, preset: Preset | None) -> str:
    """The heading an item sits under: the preset's own heading, or else the indicator's service area."""
    found = preset.heading(indicator_id) if preset is not None else None
    return found or registry.DOMAINS[registry.get(indicator_id).domain]
