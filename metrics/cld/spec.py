"""What the dashboard reads from a CLD extract, and the defined lists it checks values against.

Field names follow the DHSC CLD specification, Release 2 (from 2025). Release 1 names and values are mapped to
Release 2 as DHSC's own processing does ("Release 1 values are mapped to Release 2 values", DHSC
ASC-CLD-LA-Dashboard, Main_tables/docs/methodology/5-data-cleaning.md): names and values are matched without
regard to case, spaces or underscores, then through :data:`R1_VALUES` where Release 1 wrote a value differently.

The defined lists for event outcome, service type and ethnicity are those in DHSC's published mapping tables
(the same document). For the other fields the lists are the specification's as this project reads them; they live
here, in one place, to be updated when the specification changes. A value outside its list is kept as
"Invalid and not mapped", as DHSC does, and counted in the data-quality report.

Data minimisation (UK GDPR, Article 5(1)(c)): only the fields in :data:`KEPT` are ever read past the header. NHS
numbers, names, full dates of birth, postcodes, GP practice and free-text fields are dropped at ingest and never
written to data/. A full date of birth is reduced to its year and month.
"""

from __future__ import annotations

import re

INVALID = "Invalid and not mapped"

#: Release 2 field -> what the dashboard uses it for. Nothing else is kept.
KEPT = {
    "LA_Person_Unique_Identifier": "the person: links their events in memory during ingest, and is never written",
    "Event_Type": "request, assessment, service or review",
    "Event_Reference": "one event across quarters (duplicates)",
    "Event_Start_Date": "when the event started",
    "Event_End_Date": "when it ended (empty for an open service)",
    "Event_Outcome": "what followed",
    "Request_Route_of_Access": "route into social care",
    "Assessment_Type": "kind of assessment",
    "Eligible_Needs_Identified": "eligible needs found",
    "Service_Type": "long-term, short-term or carer support",
    "Service_Component": "residential, nursing, community …",
    "Review_Reason": "planned or unplanned",
    "Review_Outcomes_Achieved": "outcomes achieved",
    "Client_Type": "service user or carer",
    "Primary_Support_Reason": "breakdown",
    "Gender": "breakdown",
    "Ethnicity": "breakdown (grouped)",
    "Birth_Year_Month": "age band (from the year and month of birth only)",
    "Date_of_Death": "ends a service",
    "Provider_CQC_Location_ID": "care market quality (joined to the CQC directory)",
    "Synthetic_Record": "marks generated records: every figure from them is labelled demonstration",
    "Team": "local breakdown a council adds",
    "Locality": "local breakdown a council adds",
}

#: Fields that identify a person and are dropped at ingest whatever they are called (matched after folding case).
IDENTIFYING = (
    "NHS_Number",
    "Date_of_Birth",
    "Postcode",
    "Forename",
    "Surname",
    "First_Name",
    "Last_Name",
    "Name",
    "Full_Name",
    "Address",
    "GP_Practice_Code",
    "GP_Practice_Name",
    "Event_Description",
    "Provider_CQC_Location_Name",
    "Adult_1_Linked_Person_ID",
    "Adult_2_Linked_Person_ID",
    "Adult_3_Linked_Person_ID",
    "Der_NHS_Number_Traced",
)

#: Release 1 field names that differ from Release 2 (after folding case, spaces and underscores).
R1_NAMES = {
    "LA_Person_ID": "LA_Person_Unique_Identifier",
    "Person_ID": "LA_Person_Unique_Identifier",
    "Route_of_Access": "Request_Route_of_Access",
    "Outcomes_Achieved": "Review_Outcomes_Achieved",
}

#: Fields that must be there and readable for anything to be computed: a file without them is rejected.
REQUIRED = ("LA_Person_Unique_Identifier", "Event_Type", "Event_Start_Date")

#: Release 2 defined lists (value as written in Release 2).
DEFINED = {
    "Event_Type": ("Request", "Assessment", "Service", "Review"),
    "Event_Outcome": (
        "Admitted to hospital",
        "Continuation of support or services",
        "NFA: Deceased",
        "NFA: Information and advice or signposting",
        "NFA: No services offered for other reason",
        "NFA: Other",
        "NFA: Referral to NHS services or NHS funded social care",
        "NFA: Referral to other service within the local authority",
        "NFA: Responsibility moved to another local authority",
        "NFA: Self-funded client or under 12wk disregard",
        "NFA: Support declined",
        "NFA: Support ended as planned",
        "NFA: Support ended for other reason",
        "Progress to assessment, review or reassessment",
        "Progress to reablement/ST-Max",
        "Progress to support planning or services",
    ),
    "Service_Type": (
        "Long term support: Community",
        "Long term support: Nursing care",
        "Long term support: Prison",
        "Long term support: Residential care",
        "Short term support: Ongoing low level",
        "Short term support: Other short term",
        "Short term support: ST-Max",
        "Unpaid carer support: Direct to unpaid carer",
        "Unpaid carer support: Support involving the person cared-for",
    ),
    "Ethnicity": (
        "Asian or Asian British: Any other Asian background",
        "Asian or Asian British: Bangladeshi",
        "Asian or Asian British: Chinese",
        "Asian or Asian British: Indian",
        "Asian or Asian British: Pakistani",
        "Black, Black British, Caribbean or African: African",
        "Black, Black British, Caribbean or African: Any other Black, Black British or Caribbean background",
        "Black, Black British, Caribbean or African: Caribbean",
        "Mixed or multiple ethnic groups: Any other Mixed or multiple ethnic background",
        "Mixed or multiple ethnic groups: White and Asian",
        "Mixed or multiple ethnic groups: White and Black African",
        "Mixed or multiple ethnic groups: White and Black Caribbean",
        "No data: Refused",
        "No data: Undeclared or not known",
        "Other ethnic group: Any other ethnic group",
        "Other ethnic group: Arab",
        "White: Any other White background",
        "White: English, Welsh, Scottish, Northern Irish or British",
        "White: Gypsy or Irish Traveller",
        "White: Irish",
        "White: Roma",
    ),
    "Request_Route_of_Access": (
        "Planned entry (transition)",
        "Discharge from hospital",
        "Diversion from hospital services",
        "Self-funder with depleted funds",
        "Prison",
        "Community / other route",
    ),
    "Assessment_Type": (
        "Long term support: First assessment",
        "Long term support: Reassessment",
        "Short term support",
        "Financial assessment",
        "Carer assessment",
    ),
    "Eligible_Needs_Identified": ("Yes", "No"),
    "Review_Reason": ("Planned", "Unplanned"),
    "Review_Outcomes_Achieved": ("Fully achieved", "Partially achieved", "Not achieved", "Not known"),
    "Client_Type": ("Service user", "Carer", "Carer known by association"),
    "Gender": ("Male", "Female", "Other (not listed)", "Not known"),
    "Primary_Support_Reason": (
        "Physical support: Access and mobility only",
        "Physical support: Personal care support",
        "Sensory support: Support for visual impairment",
        "Sensory support: Support for hearing impairment",
        "Sensory support: Support for dual impairment",
        "Support with memory and cognition",
        "Learning disability support",
        "Mental health support",
        "Social support: Substance misuse support",
        "Social support: Asylum seeker support",
        "Social support: Support for social isolation/other",
        "No support reason",
    ),
}

#: Release 1 values written differently from Release 2 (after folding case and spaces), per field.
R1_VALUES = {
    "Event_Type": {"referral": "Request"},
    "Service_Type": {
        "long term support: residential care": "Long term support: Residential care",
        "short term support: st-max": "Short term support: ST-Max",
        "carer support: direct to carer": "Unpaid carer support: Direct to unpaid carer",
    },
    "Client_Type": {"service user": "Service user", "carer": "Carer"},
    "Review_Reason": {"planned review": "Planned", "unplanned review": "Unplanned"},
}

#: Higher-level groupings for breakdowns, after DHSC's mapping tables.
ETHNICITY_GROUP = {v: v.split(":")[0] for v in DEFINED["Ethnicity"]} | {INVALID: "Unknown"}


def fold(text: str) -> str:
    """A name or value as compared: lower case, runs of spaces and underscores as one space, trimmed."""
    return re.sub(r"[\s_]+", " ", str(text)).strip().casefold()


#: The breakdowns a council adds to its own extract (not in the national specification), as the pages name them.
LOCAL_BREAKDOWNS = {"team": "Team", "locality": "Locality"}


def local_breakdown_note(*, breakdown_dim: str | None, source: str | None) -> str | None:
    """What the page says under a team or locality breakdown computed from a CLD extract: where the column came
    from, and that it is not comparable between councils. None for any other breakdown or source."""
    if breakdown_dim not in LOCAL_BREAKDOWNS or not source or "CLD extract" not in source:
        return None
    return (
        f"{LOCAL_BREAKDOWNS[breakdown_dim]} comes from a column the council adds to its own CLD extract: it is not "
        "in the national specification, so it cannot be compared with other councils."
    )
