"""What the dashboard reads from a CLD extract, and the defined lists it checks values against.

Field names follow the DHSC CLD specification, Release 2 (from 2025). Release 1 names and values are mapped to
Release 2 as DHSC's own processing does ("Release 1 values are mapped to Release 2 values", DHSC
ASC-CLD-LA-Dashboard, Main_tables/docs/methodology/5-data-cleaning.md): names and values are matched on their
letters and digits alone (:func:`squash`: "Request: Route of Access" is "Request_Route_of_Access", "NFA - Other" is
"NFA: Other"), then through :data:`R1_NAMES` and :data:`R1_VALUES` where Release 1 wrote one differently. Release 1
outcomes with no Release 2 equivalent ("Progress to financial assessment", "Progress to End of Life Care") become
"Release 1 specification only: Not mapped", as DHSC's mapping tables have them.

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

import polars as pl

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
    "Delivery_Mechanism": "direct payment, managed personal budget or commissioned support (ASCOF 3D)",
    "Accommodation_Status": "own home, with family, care home … (ASCOF 2E)",
    "Unit_Cost": "the cost of care (DHSC's costs fact)",
    "Cost_Frequency_Unit_Type": "what the unit cost is for: weekly, monthly, hourly, one-off …",
    "Planned_Units_Per_Week": "units a week, where the frequency does not say",
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
    "Conversation": "a Release 1 request recorded as a first conversation ('Yes'): derived as the file is read",
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

#: Release 1 field names that differ from Release 2 (compared by :func:`squash`).
R1_NAMES = {
    "LA_Person_ID": "LA_Person_Unique_Identifier",
    "Person_ID": "LA_Person_Unique_Identifier",
    "Route_of_Access": "Request_Route_of_Access",
    "Outcomes_Achieved": "Review_Outcomes_Achieved",
    "Der_Conversation": "Conversation",
    "Conversation_Flag": "Conversation",
}

#: What a submission says about itself, read once per file and never kept per event: the council it is for and
#: the period it reports on (DHSC: "Reporting_Period_Start_Date", "Reporting_Period_End_Date", "LA_Code").
SUBMISSION_FIELDS = {
    "LA_Code": "_la_code",
    "Reporting_Period_Start_Date": "_period_start",
    "Reporting_Period_End_Date": "_period_end",
}

#: Release 1's free-text event description is read only to see whether a request was a first conversation (three
#: conversations model); the words themselves are never kept.
DESCRIPTION = "Event_Description"

#: Fields the Release 2 specification makes mandatory on every row (this project's reading of DHSC's data-quality
#: report); the fields in :data:`APPLIES_TO` are mandatory on the events they apply to; the rest are optional.
MANDATORY = (
    "LA_Person_Unique_Identifier",
    "Event_Type",
    "Event_Reference",
    "Event_Start_Date",
    "Client_Type",
    "Gender",
    "Ethnicity",
    "Birth_Year_Month",
    "Primary_Support_Reason",
)
#: Where a field applies (DHSC's data-quality tool: route of access only on requests, and so on).
APPLIES_TO = {
    "Event_Outcome": "every ended event",
    "Request_Route_of_Access": "Request",
    "Assessment_Type": "Assessment",
    "Eligible_Needs_Identified": "Assessment",
    "Service_Type": "Service",
    "Service_Component": "Service",
    "Delivery_Mechanism": "Service",
    "Unit_Cost": "Service",
    "Cost_Frequency_Unit_Type": "Service",
    "Planned_Units_Per_Week": "Service",
    "Provider_CQC_Location_ID": "Service",
    "Review_Reason": "Review",
    "Review_Outcomes_Achieved": "Review",
}


def status(field: str) -> str:
    """'mandatory', 'mandatory on requests' (and so on), 'local' or 'optional': what the quality report says of a
    field, so an empty optional field is not read as a failing."""
    if field in MANDATORY:
        return "mandatory"
    if field in APPLIES_TO:
        where = APPLIES_TO[field]
        return f"mandatory on {where.lower()}s" if where in DEFINED["Event_Type"] else f"mandatory on {where}"
    if field in LOCAL_BREAKDOWNS.values():
        return "local (the council's own)"
    return "optional"


#: Fields holding numbers: read as numbers, a cell that is not one counted as invalid in the quality report.
NUMERIC = ("Unit_Cost", "Planned_Units_Per_Week")

#: Fields that must be there and readable for anything to be computed: a file without them is rejected.
REQUIRED = ("LA_Person_Unique_Identifier", "Event_Type", "Event_Start_Date")

#: Accommodation that counts as one's own home or with family (DHSC's ASCOF 2E group 1), as the list writes it.
ACCOMMODATION_AT_HOME = (
    "Owner occupier or shared ownership scheme",
    "Tenant",
    "Tenant - private landlord",
    "Settled mainstream housing with family / friends",
    "Supported accommodation / supported lodgings / supported group home",
    "Shared Lives scheme",
    "Approved premises for offenders released from prison or under probation supervision",
    "Sheltered housing / extra care housing / other sheltered housing",
    "Mobile accommodation for Gypsy / Roma and Traveller communities",
)
#: Accommodation that does not (DHSC's group 0).
ACCOMMODATION_NOT_AT_HOME = (
    "Rough sleeper / squatting",
    "Night shelter / emergency hostel / direct access hostel",
    "Refuge",
    "Placed in temporary accommodation by the council (inc. homelessness resettlement)",
    "Staying with family / friends as a short-term guest",
    "Acute / long-term healthcare residential facility or hospital",
    "Registered care home",
    "Registered nursing home",
    "Prison / Young offenders institution / detention centre",
    "Other temporary accommodation",
    "Unknown",
)
#: How a service is delivered (ASCOF 3D): a direct payment, a council-managed personal budget, or commissioned.
DELIVERY_MECHANISMS = ("Direct payment", "CASSR managed personal budget", "CASSR commissioned support")

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
        "Release 1 specification only: Not mapped",
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
        "Long term assessment",
        "Short term assessment",
        "Unpaid carer assessment",
        "Financial assessment",
    ),
    "Eligible_Needs_Identified": ("Yes", "No"),
    "Review_Reason": ("Planned", "Unplanned"),
    "Review_Outcomes_Achieved": ("Fully achieved", "Partially achieved", "Not achieved", "Not known"),
    "Delivery_Mechanism": DELIVERY_MECHANISMS,
    "Accommodation_Status": (*ACCOMMODATION_AT_HOME, *ACCOMMODATION_NOT_AT_HOME),
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

R1_ONLY = "Release 1 specification only: Not mapped"
#: Release 1 values written differently from Release 2, per field, as Release 1 wrote them (compared by
#: :func:`squash`), after DHSC's mapping tables (Main_tables/docs/methodology/5-data-cleaning.md).
R1_VALUES = {
    "Event_Type": {"Referral": "Request", "Contact": "Request"},
    "Event_Outcome": {
        "NFA - Moved to another LA": "NFA: Responsibility moved to another local authority",
        "NFA - 100% NHS funded care": "NFA: Referral to NHS services or NHS funded social care",
        "NFA - Information & Advice / Signposting only": "NFA: Information and advice or signposting",
        "NFA - Information and Advice / Signposting only": "NFA: Information and advice or signposting",
        "NFA - Self-funded client (Inc. 12wk disregard)": "NFA: Self-funded client or under 12wk disregard",
        "NFA - No services offered: Other reason": "NFA: No services offered for other reason",
        "NFA - Support ended: Other reason": "NFA: Support ended for other reason",
        "NFA - Support ended as planned": "NFA: Support ended as planned",
        "Service ended as planned": "NFA: Support ended as planned",
        "Progress to Assessment": "Progress to assessment, review or reassessment",
        "Progress to Re-assessment / Unplanned Review": "Progress to assessment, review or reassessment",
        "Progress to Reablement/ST-Max": "Progress to reablement/ST-Max",
        "Progress to Support Planning / Services": "Progress to support planning or services",
        "Progress to financial assessment": R1_ONLY,
        "Progress to End of Life Care": R1_ONLY,
    },
    "Assessment_Type": {
        "Long Term Support: First Assessment": "Long term assessment",
        "Long Term Support: Reassessment": "Long term assessment",
        "Long Term Support (first assessment)": "Long term assessment",
        "Long Term Support (reassessment)": "Long term assessment",
        "Short Term Support": "Short term assessment",
        "Carer Assessment": "Unpaid carer assessment",
        "Carer's Assessment": "Unpaid carer assessment",
    },
    "Service_Type": {
        "Carer Support: Direct to Carer": "Unpaid carer support: Direct to unpaid carer",
        "Carer Support: Support involving the person cared-for": "Unpaid carer support: Support involving the person cared-for",
    },
    "Review_Reason": {"Planned Review": "Planned", "Unplanned Review": "Unplanned"},
}

#: Higher-level groupings for breakdowns, after DHSC's mapping tables.
ETHNICITY_GROUP = {v: v.split(":")[0] for v in DEFINED["Ethnicity"]} | {INVALID: "Unknown"}


def squash(text: str) -> str:
    """A name or value as compared: its letters and digits only, in lower case ("Request: Route of Access" and
    "Request_Route_of_Access" are one name; "NFA - Other" and "NFA: Other" one value)."""
    return re.sub(r"[^0-9a-z]+", "", str(text).lower())


def squashed(column: str) -> pl.Expr:
    """:func:`squash` as an expression over a column of values (tests check that the two agree)."""
    return pl.col(column).str.to_lowercase().str.replace_all(r"[^0-9a-z]+", "")


def allowed_values(field: str) -> dict[str, str]:
    """{squashed value: value as Release 2 writes it} for a field's defined list and its Release 1 spellings."""
    return {squash(v): v for v in DEFINED[field]} | {squash(k): v for k, v in R1_VALUES.get(field, {}).items()}


#: The breakdowns a council adds to its own extract (not in the national specification), as the pages name them.
LOCAL_BREAKDOWNS = {"team": "Team", "locality": "Locality"}


def local_breakdown_note(*, breakdown_dim: str | None, source: str | None) -> str | None:
    """What the page says under a team or locality breakdown computed from a CLD extract: where the column came
    from, and that it is not comparable between councils. None for any other breakdown or source."""
    if breakdown_dim not in LOCAL_BREAKDOWNS or not source or not ("CLD dataset" in source or "CLD extract" in source):
        return None
    return (
        f"{LOCAL_BREAKDOWNS[breakdown_dim]} comes from a column the council adds to its own CLD extract: it is not "
        "in the national specification, so it cannot be compared with other councils."
    )
