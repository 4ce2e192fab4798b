"""ASCOF measures from CLD events as DHSC computes them for 2024-25 onwards: who is counted, and in which part.

Each function here returns person-level (or episode-level) rows in memory, one per person or episode counted, with
flags saying whether it is in the numerator and the denominator; metrics.cld.indicators counts them into indicator
rows by period and breakdown. Nothing here is written anywhere.

The rules follow DHSC's published SQL (DataS-DHSC/ASC-CLD-LA-Dashboard, ``ASCOF_measures/``, the
``*_2425_Onwards.sql`` scripts at commit 7396fabf, with ``Create_personal_details_table.sql`` for a person's latest
details), which is also what NHS England's replication code (NHSDigital/ASC-Client-Level-Data-SALT-ASCOF-
transformations) became for Release 2 data. DHSC compares Release 1 labels; this module compares the Release 2
values metrics.cld.spec maps every extract to, label for label. Each function's docstring lists where it differs.

Common rules: service users only (``Client_Type`` 'Service user') except for carers' measures; a person's age is
whole years from the first day of their birth month, ``floor(days / 365.25)`` as DHSC takes it; dates are
inclusive.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from metrics.cld import spec

PERSON = "LA_Person_Unique_Identifier"
SERVICE_USER = "Service user"
CARERS = ("Carer", "Carer known by association")
NURSING = "Long term support: Nursing care"
RESIDENTIAL = "Long term support: Residential care"
COMMUNITY = "Long term support: Community"
PRISON = "Long term support: Prison"
LONG_TERM = (NURSING, RESIDENTIAL, COMMUNITY, PRISON)
ST_MAX = "Short term support: ST-Max"
LOW_LEVEL = "Short term support: Ongoing low level"
OTHER_SHORT = "Short term support: Other short term"
#: An open event's end, so that open events sort last and are never "ended in the period".
OPEN = date(9999, 1, 1)


def born() -> pl.Expr:
    """The first day of the birth month (only the year and month are ever kept)."""
    return pl.col("Birth_Year_Month").str.strptime(pl.Date, "%Y-%m", strict=False)


def age_on(day: pl.Expr) -> pl.Expr:
    """Whole years of age on ``day``: ``floor(days since the first of the birth month / 365.25)``, as DHSC's
    scripts take it; null where the birth month is unknown."""
    return ((day - born()).dt.total_days() / 365.25).floor().cast(pl.Int32)


def band(age: pl.Expr) -> pl.Expr:
    """DHSC's ASCOF age groups as this product names them: '18-64', '65+', 'Under 18', or 'Unknown'."""
    return (
        pl.when(age.is_null())
        .then(pl.lit("Unknown"))
        .when(age >= 65)
        .then(pl.lit("65+"))
        .when(age >= 18)
        .then(pl.lit("18-64"))
        .otherwise(pl.lit("Under 18"))
    )


def _ends(column: str = "Event_End_Date") -> pl.Expr:
    """An event's end, :data:`OPEN` while it is open."""
    return pl.col(column).fill_null(OPEN)


def _days(later: pl.Expr, earlier: pl.Expr) -> pl.Expr:
    """``DATEDIFF(DAY, earlier, later)``."""
    return (later - earlier).dt.total_days()


# --- ASCOF 2A: short-term support (ST-Max) for new clients, and what followed it ---------------------------------

#: Episodes of ST-Max whose next starts this many days or fewer after the last ended are one episode.
CLUSTER_GAP_DAYS = 7
#: Long-term support ending fewer than this many days before an episode starts makes its person an existing client
#: (the 2024-25 script's 91; its comment and the earlier script say 365).
NEW_CLIENT_DAYS = 91
#: The sequel is looked for among events starting up to this many days after the episode ends; a death within
#: this many days takes the episode out.
SEQUEL_DAYS = 7
#: An assessment or review ending inside the episode and fewer than this many days before its end can give its
#: outcome.
NESTED_DAYS = 14

#: Event outcomes in DHSC's order of preference (the lowest wins), after its de-duplication hierarchy
#: (Main_tables/docs/methodology/6-deduplication.md). The first five say nothing about what followed: "unusable".
OUTCOME_ORDER = (
    "Progress to reablement/ST-Max",
    "Progress to assessment, review or reassessment",
    "Release 1 specification only: Not mapped",
    "Progress to support planning or services",
    "Continuation of support or services",
    "Admitted to hospital",
    "NFA: Responsibility moved to another local authority",
    "NFA: Referral to NHS services or NHS funded social care",
    "NFA: Self-funded client or under 12wk disregard",
    "NFA: Information and advice or signposting",
    "NFA: Referral to other service within the local authority",
    "NFA: Support declined",
    "NFA: Deceased",
    "NFA: Support ended as planned",
    "NFA: Support ended for other reason",
    "NFA: No services offered for other reason",
    "NFA: Other",
)
UNUSABLE = frozenset(OUTCOME_ORDER[:5])
RANK = {outcome: k for k, outcome in enumerate(OUTCOME_ORDER, start=1)}
#: Outcomes that count as "no ongoing support": in both the numerator and the denominator. Release 2's "referral
#: to another service within the local authority" has no Release 1 label; this product reads it as DHSC's 'NFA -
#: Other'.
NO_ONGOING = frozenset(
    {
        "NFA: Information and advice or signposting",
        "NFA: Support ended as planned",
        "NFA: Responsibility moved to another local authority",
        "NFA: Other",
        "NFA: No services offered for other reason",
        "NFA: Support ended for other reason",
        "NFA: Referral to other service within the local authority",
    }
)
#: Services that can follow an episode, best first (DHSC's hierarchy; carers' services are not sequels).
SEQUEL_SERVICES = (NURSING, RESIDENTIAL, COMMUNITY, PRISON, LOW_LEVEL, OTHER_SHORT)
#: What each kind of sequel is called, and whether it is ongoing support (denominator only).
LONG_TERM_SEQUEL = "Long-term support"
CARE_HOME_STAY = "Short-term residential or nursing care"
LOW_LEVEL_SEQUEL = "Ongoing low-level support"
OTHER_SHORT_SEQUEL = "Other short-term support"
ONGOING = frozenset({LONG_TERM_SEQUEL, CARE_HOME_STAY})
NO_ONGOING_SEQUELS = frozenset({LOW_LEVEL_SEQUEL, OTHER_SHORT_SEQUEL})
NOT_COUNTED = "Not counted"
NO_FURTHER = "No further support"


def _outcome_rank(column: str) -> pl.Expr:
    """An outcome's place in :data:`OUTCOME_ORDER`; 999 for anything off it (invalid or empty)."""
    return pl.col(column).replace_strict(RANK, default=999, return_dtype=pl.Int32).fill_null(999)


def _usable(column: str) -> pl.Expr:
    """Whether an outcome says what followed (not a 'progress to' or an invalid value)."""
    return pl.col(column).is_not_null() & (_outcome_rank(column) > len(UNUSABLE)) & (_outcome_rank(column) < 999)


def st_max_clusters(events: pl.DataFrame) -> pl.DataFrame:
    """A service user's ST-Max services joined into episodes: sorted by start and end, a service starting no more
    than :data:`CLUSTER_GAP_DAYS` after the latest end so far belongs to the same episode. Each episode has its
    first start (``_start``), its last end (``_end``, :data:`OPEN` while any part is open) and the outcome of its
    latest-ending part (``_outcome``; on a tie the one DHSC prefers), with the person's fields."""
    st = events.filter(
        (pl.col("Client_Type") == SERVICE_USER)
        & (pl.col("Event_Type") == "Service")
        & (pl.col("Service_Type") == ST_MAX)
    ).with_columns(_ends().alias("_e"), _outcome_rank("Event_Outcome").alias("_rank"))
    if st.height == 0:
        return (
            st.clear()
            .select(PERSON)
            .with_columns(pl.lit(None, pl.Date).alias("_start"), pl.lit(None, pl.Date).alias("_end"))
        )
    st = st.sort(PERSON, "Event_Start_Date", "_e").with_columns(
        pl.col("_e").cum_max().shift(1).over(PERSON).alias("_reach")
    )
    st = st.with_columns(
        (pl.col("_reach").is_null() | (_days(pl.col("Event_Start_Date"), pl.col("_reach")) > CLUSTER_GAP_DAYS))
        .cast(pl.Int32)
        .cum_sum()
        .over(PERSON)
        .alias("_cluster")
    )
    person_fields = [c for c in events.columns if c not in _EVENT_FIELDS]
    return st.group_by(PERSON, "_cluster").agg(
        pl.col("Event_Start_Date").min().alias("_start"),
        pl.col("_e").max().alias("_end"),
        pl.col("Event_Outcome").sort_by(["_e", "_rank"], descending=[True, False]).first().alias("_outcome"),
        *(pl.col(c).last() for c in person_fields if c != PERSON),
    )


#: Fields that belong to one event rather than to the person.
_EVENT_FIELDS = frozenset(
    {
        "Event_Type",
        "Event_Reference",
        "Event_Start_Date",
        "Event_End_Date",
        "Event_Outcome",
        "Request_Route_of_Access",
        "Assessment_Type",
        "Eligible_Needs_Identified",
        "Service_Type",
        "Service_Component",
        "Delivery_Mechanism",
        "Review_Reason",
        "Review_Outcomes_Achieved",
        "Provider_CQC_Location_ID",
        "Conversation",
        "Unit_Cost",
        "Cost_Frequency_Unit_Type",
        "Planned_Units_Per_Week",
    }
)


def _new_clients(clusters: pl.DataFrame, events: pl.DataFrame) -> pl.DataFrame:
    """Episodes of people who were not already in long-term support: none that started before the episode and was
    open, or ended fewer than :data:`NEW_CLIENT_DAYS` days before it started."""
    lts = events.filter(pl.col("Service_Type").is_in(LONG_TERM)).select(
        PERSON, pl.col("Event_Start_Date").alias("_ls"), pl.col("Event_End_Date").alias("_le")
    )
    existing = (
        clusters.select(PERSON, "_cluster", "_start")
        .join(lts, on=PERSON)
        .filter(
            (pl.col("_ls") < pl.col("_start"))
            & (pl.col("_le").is_null() | (_days(pl.col("_start"), pl.col("_le")) < NEW_CLIENT_DAYS))
        )
        .select(PERSON, "_cluster")
        .unique()
    )
    return clusters.join(existing, on=[PERSON, "_cluster"], how="anti")


def _following(clusters: pl.DataFrame, events: pl.DataFrame) -> pl.DataFrame:
    """Each episode set beside every other event of its person that could tell what followed: those in the
    window (starting on or after the episode began and no more than :data:`SEQUEL_DAYS` after it ended, and still
    going after it ended), and those nested in its last :data:`NESTED_DAYS` days."""
    others = (  # lazily: the fields are chosen before the rows, so the other fields are never copied
        events.lazy()
        .filter((pl.col("Client_Type") == SERVICE_USER) & (pl.col("Service_Type").fill_null("") != ST_MAX))
        .select(
            PERSON,
            pl.col("Event_Type").alias("_type"),
            pl.col("Event_Start_Date").alias("_s"),
            _ends().alias("_e"),
            pl.col("Event_Outcome").alias("_o"),
            pl.col("Service_Type").alias("_service"),
            pl.col("Service_Component").fill_null("").str.to_lowercase().alias("_component"),
        )
        .collect()
    )
    paired = clusters.select(PERSON, "_cluster", "_start", "_end").join(others, on=PERSON)
    in_window = (
        (pl.col("_s") >= pl.col("_start"))
        & (pl.col("_e") > pl.col("_end"))
        & (_days(pl.col("_s"), pl.col("_end")) <= SEQUEL_DAYS)
    )
    nested = (
        pl.col("_type").is_in(["Assessment", "Review"])
        & (pl.col("_s") >= pl.col("_start"))
        & (pl.col("_e") > pl.col("_start"))
        & (pl.col("_e") <= pl.col("_end"))
        & (_days(pl.col("_end"), pl.col("_e")) < NESTED_DAYS)
    )
    nested_service = (
        (pl.col("_type") == "Service") & (pl.col("_s") >= pl.col("_start")) & (pl.col("_s") <= pl.col("_end"))
    )
    return paired.with_columns(
        in_window.alias("_window"), nested.alias("_nested"), nested_service.alias("_nested_service")
    ).filter(pl.col("_window") | pl.col("_nested") | pl.col("_nested_service"))


def _service_sequel(following: pl.DataFrame) -> pl.DataFrame:
    """Per episode, the best service in the window (:data:`SEQUEL_SERVICES`), named as a sequel: on a tie, a
    short-term residential or nursing stay is preferred, and other short-term support in a care home is called so."""
    rank = {s: k for k, s in enumerate(SEQUEL_SERVICES, start=1)}
    care_home = pl.col("_component").str.contains("short") & pl.col("_component").str.contains("residential|nursing")
    services = following.filter(
        pl.col("_window") & (pl.col("_type") == "Service") & pl.col("_service").is_in(SEQUEL_SERVICES)
    ).with_columns(pl.col("_service").replace_strict(rank, return_dtype=pl.Int32).alias("_r"), care_home.alias("_home"))
    best = services.sort("_r", pl.col("_home").not_()).group_by(PERSON, "_cluster").first()
    return best.select(
        PERSON,
        "_cluster",
        pl.when(pl.col("_r") <= 4)
        .then(pl.lit(LONG_TERM_SEQUEL))
        .when(pl.col("_service") == LOW_LEVEL)
        .then(pl.lit(LOW_LEVEL_SEQUEL))
        .when(pl.col("_home"))
        .then(pl.lit(CARE_HOME_STAY))
        .otherwise(pl.lit(OTHER_SHORT_SEQUEL))
        .alias("_by_service"),
    )


def _outcome_sequel(clusters: pl.DataFrame, following: pl.DataFrame) -> pl.DataFrame:
    """Per episode, the outcome DHSC prefers among: the episode's own, those of the other events in its window
    (a service 'ended as planned' there says nothing of this episode), and that of the latest-ending assessment or
    review nested in its last days. Only outcomes that say what followed count."""
    window = following.filter(
        pl.col("_window")
        & (pl.col("_type") != "Service")
        & (pl.col("_o").fill_null("") != "NFA: Support ended as planned")
    ).select(PERSON, "_cluster", "_o")
    latest_nested = (
        following.filter(pl.col("_nested"))
        .sort("_e", descending=True)
        .group_by(PERSON, "_cluster")
        .first()
        .select(PERSON, "_cluster", "_o")
    )
    own = clusters.select(PERSON, "_cluster", pl.col("_outcome").alias("_o"))
    every = pl.concat([own, window, latest_nested]).filter(_usable("_o"))
    return (
        every.with_columns(_outcome_rank("_o").alias("_r"))
        .sort("_r")
        .group_by(PERSON, "_cluster")
        .first()
        .select(PERSON, "_cluster", pl.col("_o").alias("_by_outcome"))
    )


def reablement_episodes(events: pl.DataFrame) -> pl.DataFrame:
    """ASCOF 2A's episodes, one row each, ended (``_end``) and with what followed (``_sequel``), whether counted
    (``_counted``: in the denominator) and whether no ongoing support followed (``_no_ongoing``: the numerator).

    After DHSC's ``Create_ASCOF_2A_2425_Onwards.sql``: ST-Max episodes (:func:`st_max_clusters`) that ended, of
    people aged 18 or over at the end (or of unknown age) who had not died before the episode began and were new
    clients (:func:`_new_clients`). What followed, the first that applies: a death within
    :data:`SEQUEL_DAYS` days of the end, or the episode's outcome 'Admitted to hospital' (not counted); the best
    service in the window (long-term support, or a short-term care-home stay: ongoing support; ongoing low-level
    or other short-term support: no ongoing support); the outcome DHSC prefers among the episode's own, its
    window's and a nested assessment's or review's (an NFA outcome: no ongoing support, unless the person died,
    was self-funded, went to NHS care or declined support, which are not counted); equipment provided during the
    episode (ongoing low-level support); otherwise not counted (unable to classify).

    Deviations: the episode's own outcome is always weighed in the fourth step (DHSC's join drops it when the
    window holds only services that are not sequels); DHSC's outcome order is not published for Release 2, so
    :data:`OUTCOME_ORDER` follows its de-duplication order; episodes are counted by the month they ended, so any
    quarter or year adds up from months.
    """
    clusters = st_max_clusters(events)
    if clusters.height == 0:
        return clusters.with_columns(
            pl.lit(None, pl.String).alias("_sequel"),
            pl.lit(None, pl.Boolean).alias("_counted"),
            pl.lit(None, pl.Boolean).alias("_no_ongoing"),
        )
    age = age_on(pl.col("_end"))
    clusters = clusters.filter(
        (pl.col("_end") < OPEN)
        & (age.is_null() | (age >= 18))
        & (pl.col("Date_of_Death").is_null() | (pl.col("Date_of_Death") >= pl.col("_start")))
    )
    clusters = _new_clients(clusters, events)
    following = _following(clusters, events)
    equipment = (
        following.filter(pl.col("_nested_service") & pl.col("_component").str.contains("equipment"))
        .select(PERSON, "_cluster")
        .unique()
        .with_columns(pl.lit(True).alias("_equipment"))
    )
    keys = [PERSON, "_cluster"]
    found = (
        clusters.join(_service_sequel(following), on=keys, how="left")
        .join(_outcome_sequel(clusters, following), on=keys, how="left")
        .join(equipment, on=keys, how="left")
    )
    died = pl.col("Date_of_Death").is_not_null() & (_days(pl.col("Date_of_Death"), pl.col("_end")) <= SEQUEL_DAYS)
    sequel = (
        pl.when(died)
        .then(pl.lit("NFA: Deceased"))
        .when(pl.col("_outcome") == "Admitted to hospital")
        .then(pl.lit("Admitted to hospital"))
        .when(pl.col("_by_service").is_not_null())
        .then(pl.col("_by_service"))
        .when(pl.col("_by_outcome").is_not_null())
        .then(pl.col("_by_outcome"))
        .when(pl.col("_equipment").fill_null(False))
        .then(pl.lit(LOW_LEVEL_SEQUEL))
        .otherwise(pl.lit("Unable to classify"))
    )
    no_ongoing = pl.col("_sequel").is_in(NO_ONGOING | NO_ONGOING_SEQUELS)
    return found.with_columns(sequel.alias("_sequel")).with_columns(
        (no_ongoing | pl.col("_sequel").is_in(ONGOING)).alias("_counted"), no_ongoing.alias("_no_ongoing")
    )


# --- ASCOF 2B and 2C: new permanent admissions to residential and nursing care ----------------------------------

SELF_FUNDED = "NFA: Self-funded client or under 12wk disregard"
#: An admission is new when the person left any earlier residential or nursing care at least this many days before.
NEW_ADMISSION_DAYS = 365


def new_admissions(events: pl.DataFrame, *, start: date, end: date) -> pl.DataFrame:
    """ASCOF 2B and 2C's people: one row per person newly admitted to long-term residential or nursing care between
    ``start`` and ``end``, with their age band at admission (``_band``: '18-64' or '65+'; a person admitted twice in
    different bands is counted once, in the younger, as DHSC's MIN of band labels does).

    After DHSC's ``Create_ASCOF_2B2C_2425_Onwards.sql``: a service user's long-term residential or nursing service
    (not a short-term stay by its component), the person's birth month known and not dead before ``start``; it
    starts in the period and did not end with the person self-funding; and it is new: no residential or nursing
    service of theirs (a self-funded one included) started earlier and was still open, or ended fewer than
    :data:`NEW_ADMISSION_DAYS` days before. Age at the admission's start; under 18 left out.

    Deviation: a service with no component recorded counts (DHSC's test of the component leaves such rows out,
    though its comment means to keep them)."""
    component = pl.col("Service_Component").fill_null("").str.to_lowercase()
    homes = events.filter(  # the cheap tests first, over every event; the text ones over the few care homes left
        (pl.col("Client_Type") == SERVICE_USER)
        & (pl.col("Event_Type") == "Service")
        & pl.col("Service_Type").is_in([RESIDENTIAL, NURSING])
    ).filter(
        born().is_not_null()
        & (pl.col("Date_of_Death").is_null() | (pl.col("Date_of_Death") >= start))
        & ~component.str.contains("short")
    )
    admitted = homes.filter(
        pl.col("Event_Start_Date").is_between(start, end) & (pl.col("Event_Outcome").fill_null("") != SELF_FUNDED)
    ).with_row_index("_row")
    earlier = homes.select(PERSON, pl.col("Event_Start_Date").alias("_ps"), pl.col("Event_End_Date").alias("_pe"))
    existing = (
        admitted.select("_row", PERSON, "Event_Start_Date")
        .join(earlier, on=PERSON)
        .filter(
            (pl.col("_ps") < pl.col("Event_Start_Date"))
            & (pl.col("_pe").is_null() | (_days(pl.col("Event_Start_Date"), pl.col("_pe")) < NEW_ADMISSION_DAYS))
        )
        .select("_row")
        .unique()
    )
    new = admitted.join(existing, on="_row", how="anti").with_columns(
        band(age_on(pl.col("Event_Start_Date"))).alias("_band")
    )
    return (
        new.filter(pl.col("_band").is_in(["18-64", "65+"]))
        .sort("_band")
        .group_by(PERSON, maintain_order=True)
        .first()
        .drop("_row")
    )


# --- ASCOF 2E: adults with a learning disability living in their own home or with their family -------------------

LEARNING_DISABILITY = "Learning disability support"
#: Accommodation that counts as one's own home or with family (DHSC's group 1), with the status DHSC derives for
#: home support in the community; and that which does not (group 0).
AT_HOME = (*spec.ACCOMMODATION_AT_HOME, "Unknown - presumed at home")
NOT_AT_HOME = (*spec.ACCOMMODATION_NOT_AT_HOME, "Unknown - presumed in community")
UNKNOWN_STATUSES = ("Unknown", "Invalid and not mapped")


def _latest_status(events: pl.DataFrame) -> pl.DataFrame:
    """One accommodation status per person (``_status``): a known one before an unknown, then the latest ended
    (open first), then the latest started; two different statuses tied at the top make 'Unknown'."""
    stated = events.filter(pl.col("Accommodation_Status").is_not_null()).with_columns(
        pl.col("Accommodation_Status").is_in(UNKNOWN_STATUSES).alias("_unknown"), _ends().alias("_e")
    )
    ordered = stated.sort(PERSON, "_unknown", "_e", "Event_Start_Date", descending=[False, False, True, True])
    top = ordered.group_by(PERSON, maintain_order=True).agg(
        pl.col("Accommodation_Status").first().alias("_status"),
        (
            pl.col("Accommodation_Status")
            .filter(
                (pl.col("_unknown") == pl.col("_unknown").first())
                & (pl.col("_e") == pl.col("_e").first())
                & (pl.col("Event_Start_Date") == pl.col("Event_Start_Date").first())
            )
            .n_unique()
        ).alias("_ways"),
    )
    return top.select(
        PERSON, pl.when(pl.col("_ways") > 1).then(pl.lit("Unknown")).otherwise(pl.col("_status")).alias("_status")
    )


def _presumed_status(services: pl.DataFrame) -> pl.DataFrame:
    """Where a person's status is unknown, DHSC's reading of their latest service (``_derived``): a nursing or
    residential home, Shared Lives, extra care, supported living, 'presumed at home' for home support in the
    community, 'presumed in community' for other community support, prison."""
    component = pl.col("Service_Component").fill_null("").str.to_lowercase()
    rank = {NURSING: 1, RESIDENTIAL: 2, COMMUNITY: 3, PRISON: 4}
    latest = (
        services.with_columns(
            _ends().alias("_e"),
            pl.col("Service_Type").replace_strict(rank, default=9, return_dtype=pl.Int32).alias("_r"),
        )
        .sort(PERSON, "_e", "_r", "Event_Start_Date", descending=[False, True, False, True])
        .group_by(PERSON, maintain_order=True)
        .first()
    )
    derived = (
        pl.when(pl.col("Service_Type") == NURSING)
        .then(pl.lit("Registered nursing home"))
        .when(pl.col("Service_Type") == RESIDENTIAL)
        .then(pl.lit("Registered care home"))
        .when(component.str.contains("shared lives"))
        .then(pl.lit("Shared Lives scheme"))
        .when(component.str.contains("extra care"))
        .then(pl.lit("Sheltered housing / extra care housing / other sheltered housing"))
        .when(component.str.contains("supported living"))
        .then(pl.lit("Supported accommodation / supported lodgings / supported group home"))
        .when((pl.col("Service_Type") == COMMUNITY) & component.str.contains("home support|home care"))
        .then(pl.lit("Unknown - presumed at home"))
        .when(pl.col("Service_Type") == COMMUNITY)
        .then(pl.lit("Unknown - presumed in community"))
        .when(pl.col("Service_Type") == PRISON)
        .then(pl.lit("Prison / Young offenders institution / detention centre"))
        .otherwise(pl.lit("Unknown"))
    )
    return latest.select(PERSON, derived.alias("_derived"))


def learning_disability_at_home(events: pl.DataFrame, *, start: date, end: date) -> pl.DataFrame:
    """ASCOF 2E's people: one row per adult aged 18 to 64 with a learning disability as their latest primary
    support reason who had long-term support at any time between ``start`` and ``end``, with their accommodation
    (``_status``) and whether it is their own home or with family (``_at_home``: the numerator).

    After DHSC's ``Create_ASCOF_2E_2425_Onwards.sql`` (``@LD_Filter = 1``): age on the last day of support in the
    period; not dead before ``start``; a person of unknown age is left out. The status is one per person
    (:func:`_latest_status`), from any of their events, those after the period included; where unknown, read from
    their latest service (:func:`_presumed_status`). Unknown and unlisted statuses stay in the denominator.

    Deviation: the latest primary support reason is that of the person's latest-starting event (DHSC: of their
    latest submission, which an extract does not carry per row)."""
    lts = events.filter(
        (pl.col("Client_Type") == SERVICE_USER)
        & (pl.col("Event_Type") == "Service")
        & pl.col("Service_Type").is_in(LONG_TERM)
        & (pl.col("Event_Start_Date") <= end)
        & (pl.col("Event_End_Date").is_null() | (pl.col("Event_End_Date") >= start))
    )
    reason = (
        events.filter(pl.col("Primary_Support_Reason").is_not_null())
        .sort(PERSON, "Event_Start_Date")
        .group_by(PERSON, maintain_order=True)
        .last()
        .select(PERSON, pl.col("Primary_Support_Reason").alias("_reason"))
    )
    last_day = pl.min_horizontal(pl.col("Event_End_Date").fill_null(end), pl.lit(end))
    people = (
        lts.group_by(PERSON)
        .agg(last_day.max().alias("_on"), pl.all().exclude(PERSON).last())
        .join(reason, on=PERSON, how="left")
        .with_columns(band(age_on(pl.col("_on"))).alias("_band"))
        .filter(
            (pl.col("_reason") == LEARNING_DISABILITY)
            & (pl.col("_band") == "18-64")
            & (pl.col("Date_of_Death").is_null() | (pl.col("Date_of_Death") >= start))
        )
    )
    status = _latest_status(events).join(_presumed_status(lts), on=PERSON, how="full", coalesce=True)
    status = status.with_columns(
        pl.when(pl.col("_status").is_null() | pl.col("_status").is_in(UNKNOWN_STATUSES))
        .then(pl.col("_derived"))
        .otherwise(pl.col("_status"))
        .fill_null("Unknown")
        .alias("_status")
    )
    return people.join(status.select(PERSON, "_status"), on=PERSON, how="left").with_columns(
        pl.col("_status").fill_null("Unknown"), pl.col("_status").fill_null("Unknown").is_in(AT_HOME).alias("_at_home")
    )


# --- ASCOF 3D: self-directed support and direct payments ---------------------------------------------------------

#: The Release 2 delivery mechanisms (metrics.cld.spec's defined list).
DELIVERY = spec.DELIVERY_MECHANISMS
DIRECT_PAYMENT, MANAGED_BUDGET, COMMISSIONED = DELIVERY


def self_directed_clients(events: pl.DataFrame, *, on: date) -> pl.DataFrame:
    """ASCOF 3D parts 1a and 2a: one row per service user aged 18 or over (or of unknown age) in long-term support
    in the community on ``on`` (the last day of the year), with whether their support is self-directed
    (``_self_directed``: a direct payment or a council-managed personal budget) and a direct payment
    (``_direct_payment``).

    After DHSC's ``Create_ASCOF_3D_2425_Onwards.sql``: long-term services open on ``on``, the person alive that day;
    a service whose component is a direct payment is one; each person is placed in their best setting (nursing,
    residential, community by delivery: direct payment, managed budget, commissioned, not recorded; prison), and
    only those whose best is the community are counted. Age on ``on``."""
    component = pl.col("Service_Component").fill_null("").str.to_lowercase()
    mechanism = (
        pl.when(component.str.contains("direct payment"))
        .then(pl.lit(DIRECT_PAYMENT))
        .otherwise(pl.col("Delivery_Mechanism"))
    )
    rank = (
        pl.when(pl.col("Service_Type") == NURSING)
        .then(1)
        .when(pl.col("Service_Type") == RESIDENTIAL)
        .then(2)
        .when((pl.col("Service_Type") == COMMUNITY) & (pl.col("_dm") == DIRECT_PAYMENT))
        .then(3)
        .when((pl.col("Service_Type") == COMMUNITY) & (pl.col("_dm") == MANAGED_BUDGET))
        .then(4)
        .when((pl.col("Service_Type") == COMMUNITY) & (pl.col("_dm") == COMMISSIONED))
        .then(5)
        .when(pl.col("Service_Type") == COMMUNITY)
        .then(6)
        .otherwise(7)
    )
    open_then = events.filter(
        (pl.col("Client_Type") == SERVICE_USER)
        & (pl.col("Event_Type") == "Service")
        & pl.col("Service_Type").is_in(LONG_TERM)
        & (pl.col("Event_Start_Date") <= on)
        & (pl.col("Event_End_Date").is_null() | (pl.col("Event_End_Date") >= on))
        & (pl.col("Date_of_Death").is_null() | (pl.col("Date_of_Death") >= on))
    ).with_columns(mechanism.alias("_dm"))
    best = (
        open_then.with_columns(rank.alias("_rank"), band(age_on(pl.lit(on))).alias("_band"))
        .sort(PERSON, "_rank")
        .group_by(PERSON, maintain_order=True)
        .first()
    )
    return best.filter(pl.col("_rank").is_between(3, 6) & (pl.col("_band") != "Under 18")).with_columns(
        pl.col("_rank").is_in([3, 4]).alias("_self_directed"), (pl.col("_rank") == 3).alias("_direct_payment")
    )


DIRECT_TO_CARER = "Unpaid carer support: Direct to unpaid carer"
INVOLVING_CARED_FOR = "Unpaid carer support: Support involving the person cared-for"
ADVICE = "NFA: Information and advice or signposting"
#: A carer's support, best first (DHSC's ranks; only the first three are counted).
CARER_SUPPORT = (
    "Direct payment only",
    "Council-managed personal budget",
    "Council-commissioned support only",
    "Direct support, delivery not recorded",
    "Information, advice and other universal services",
    "No direct support to the carer",
)


def carers_by_support(events: pl.DataFrame, *, start: date, end: date) -> pl.DataFrame:
    """Every carer supported between ``start`` and ``end``, once each, in their best support (``_support``, one of
    :data:`CARER_SUPPORT`, ranked ``_rank`` 1 to 6), with their age in whole years at ``end`` (``_age``) and its
    ASCOF group (``_band``).

    The cohort and the categories are those of NHS England's SALT LTS003 from CLD (``SALT LTS003/LTS003 replication
    code.txt``: carers and carers known by association, with an event in the period and alive at its start; support
    direct to the carer, by its delivery; support involving the person cared for, and assessments and reviews, as no
    direct support; information and advice as such; the lowest rank a carer has) and of DHSC's
    ``Create_ASCOF_3D_2425_Onwards.sql``, which reads them the same way.

    Deviations: a direct-payment service component counts as a direct payment, as DHSC's 3D reads it (LTS003 reads
    the delivery mechanism only); direct support with no component recorded is placed by its delivery mechanism
    (DHSC's test of the component drops such a row); a carer is the council's person identifier, as the extract
    holds no NHS number."""
    component = pl.col("Service_Component").fill_null("").str.to_lowercase()
    direct = pl.col("Service_Type") == DIRECT_TO_CARER
    paid = component.str.contains("direct payment") | (pl.col("Delivery_Mechanism") == DIRECT_PAYMENT)
    assessed = pl.col("Event_Type").is_in(["Assessment", "Review"]) & pl.col("Service_Type").is_null()
    category = (
        pl.when(direct & paid)
        .then(pl.lit(CARER_SUPPORT[0]))
        .when(direct & (pl.col("Delivery_Mechanism") == MANAGED_BUDGET))
        .then(pl.lit(CARER_SUPPORT[1]))
        .when(direct & (pl.col("Delivery_Mechanism") == COMMISSIONED))
        .then(pl.lit(CARER_SUPPORT[2]))
        .when(direct)
        .then(pl.lit(CARER_SUPPORT[3]))
        .when(
            (pl.col("Service_Type") == INVOLVING_CARED_FOR)
            | (assessed & (pl.col("Event_Outcome").fill_null("") != ADVICE))
        )
        .then(pl.lit(CARER_SUPPORT[5]))
        .when(assessed | (pl.col("Service_Type").is_null() & (pl.col("Event_Outcome") == ADVICE)))
        .then(pl.lit(CARER_SUPPORT[4]))
    )
    rank = {c: k for k, c in enumerate(CARER_SUPPORT, start=1)}
    carers = events.filter(
        pl.col("Client_Type").is_in(CARERS)
        & (pl.col("Event_Start_Date") <= end)
        & (pl.col("Event_End_Date").is_null() | (pl.col("Event_End_Date") >= start))
        & (pl.col("Date_of_Death").is_null() | (pl.col("Date_of_Death") >= start))
    ).with_columns(category.alias("_support"))
    best = (
        carers.filter(pl.col("_support").is_not_null())
        .with_columns(
            pl.col("_support").replace_strict(rank, return_dtype=pl.Int32).alias("_rank"),
            age_on(pl.lit(end)).alias("_age"),
        )
        .with_columns(band(pl.col("_age")).alias("_band"))
        .sort(PERSON, "_rank")
        .group_by(PERSON, maintain_order=True)
        .first()
    )
    return best


def self_directed_carers(events: pl.DataFrame, *, start: date, end: date) -> pl.DataFrame:
    """ASCOF 3D parts 1b and 2b: one row per carer aged 18 or over (or of unknown age) whose best support between
    ``start`` and ``end`` (:func:`carers_by_support`, after DHSC's ``Create_ASCOF_3D_2425_Onwards.sql``) was direct
    to them (a direct payment, a council-managed personal budget or council-commissioned support), with whether it
    was self-directed (``_self_directed``) and a direct payment (``_direct_payment``)."""
    best = carers_by_support(events, start=start, end=end)
    return best.filter((pl.col("_rank") <= 3) & (pl.col("_band") != "Under 18")).with_columns(
        (pl.col("_rank") <= 2).alias("_self_directed"), (pl.col("_rank") == 1).alias("_direct_payment")
    )


def carer_age_band(age: pl.Expr) -> pl.Expr:
    """SALT LTS003's age group of a carer, from their age in whole years at the period's end: 'Under 18', '18-25',
    '26-64', '65-84', '85+' or 'Unknown'."""
    return (
        pl.when(age.is_null())
        .then(pl.lit("Unknown"))
        .when(age >= 85)
        .then(pl.lit("85+"))
        .when(age >= 65)
        .then(pl.lit("65-84"))
        .when(age >= 26)
        .then(pl.lit("26-64"))
        .when(age >= 18)
        .then(pl.lit("18-25"))
        .otherwise(pl.lit("Under 18"))
    )
