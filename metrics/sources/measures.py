"""Which ASCOF measure is which registry indicator, by meaning.

ASCOF codes were renumbered in 2023-24 (91-day reablement was 2B(1) and is
now 2D(1); "control over daily life" was 1B and is now 3A, while 3A used to
be satisfaction). So a code alone does not identify a measure. Each rule
pairs the words that define the measure with the codes it has been
published under; a row belongs to the indicator only when both match. The
code is needed where the publisher gave two measures the same words (2019-20
describes carers' and users' self-directed support identically).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class MeasureRule:
    indicator_id: str
    meaning: re.Pattern
    codes: frozenset[str]


def _rule(indicator_id: str, meaning: str, *codes: str) -> MeasureRule:
    return MeasureRule(indicator_id, re.compile(meaning, re.IGNORECASE), frozenset(codes))


RULES: tuple[MeasureRule, ...] = (
    _rule("qol_score", r"^(table \w+: )?(the )?(average )?social care.related quality of life( score)?", "1A"),
    _rule("control_pct", r"control over (their )?daily life", "1B", "3A"),
    _rule("carer_qol_score", r"carer.reported quality of life", "1D", "1C"),
    _rule("satisfaction_pct", r"satisfaction of people who use services", "3A", "1D"),
    _rule("carer_satisfaction_pct", r"satisfaction of carers", "3B", "1E"),
    _rule("sds_pct", r"self.directed support", "1C1A", "3D1A"),
    _rule("carers_sds_pct", r"self.directed support", "1C1B", "3D1B"),
    _rule("direct_payments_pct", r"direct payments", "1C2A", "3D2A"),
    _rule("carers_dp_pct", r"direct payments", "1C2B", "3D2B"),
    _rule("ld_employment_pct", r"learning disabilit.*paid employment", "1E"),
    _rule("ld_home_pct", r"learning disabilit.*(own home|their home|with (their )?family)", "1G", "2E", "2E1"),
    _rule("admissions_18_64_rate", r"(18.{0,4}64|younger adults).*admi", "2A1", "2B"),
    _rule("admissions_65_rate", r"(65 and over|65 and older|older adults|older people).*admi", "2A2", "2C"),
    _rule("reablement_91day", r"91 days|remained in the community within 12 weeks", "2B1", "2D1"),
    _rule("reablement_offered_pct", r"offered|received reablement", "2B2", "2D2"),
    _rule("reablement_no_ongoing_pct", r"sequel to service|short.term service|no further request", "2D", "2A"),
    _rule("info_easy_pct", r"easy to find information", "3D1", "3C1"),
    _rule("carers_info_easy_pct", r"easy to find information", "3D2", "3C2"),
    _rule("feel_safe_pct", r"who feel safe", "4A"),
    _rule("feel_safe_services_pct", r"feel safe and secure", "4B"),
    _rule("staff_leavers_pct", r"staff|left|leav", "6A"),
    _rule("residential_good_outstanding_pct", r"residential", "6B"),
)


def normalise_code(code: str) -> str:
    """'2D(1)', '2d1', 'Table_3d(1a)' -> '2D1', '3D1A'."""
    code = re.sub(r"^table[_ ]?", "", str(code).strip(), flags=re.IGNORECASE)
    return re.sub(r"[^0-9A-Za-z]", "", code).upper()


def match(*, code: str, description: str | None) -> str | None:
    """The registry id for a published measure, or None when it is not one the dashboard carries."""
    code = normalise_code(code)
    if description is None or not str(description).strip():
        # No words published (2017-18 left some blank): the code decides only where one rule has ever used it.
        owners = [r.indicator_id for r in RULES if code in r.codes]
        return owners[0] if len(owners) == 1 else None
    text = " ".join(str(description).split())
    hits = [r.indicator_id for r in RULES if code in r.codes and r.meaning.search(text)]
    return hits[0] if len(hits) == 1 else None
