"""The Parquet contract: the columns and types of every published table.

docs/data-contract.md describes the same contract in words; a test checks
that the two agree.
"""

from __future__ import annotations

import polars as pl

from metrics.core import provenance

#: The long-format indicator values table (data/values/<dataset>.parquet).
VALUES: dict[str, pl.DataType] = {
    "indicator_id": pl.String(),
    "area_code": pl.String(),
    "period_start": pl.Date(),
    "period_end": pl.Date(),
    "period_type": pl.String(),
    "period_label": pl.String(),
    "breakdown_dim": pl.String(),  # null for the headline (all people) row
    "breakdown_cat": pl.String(),  # null for the headline row
    "value": pl.Float64(),  # null only where `note` says why
    "numerator": pl.Float64(),
    "denominator": pl.Float64(),  # for a survey measure, the number of respondents
    "margin_of_error": pl.Float64(),  # the publisher's half-width of the 95% interval, in the value's units
    "status": pl.String(),  # final | provisional
    "source": pl.String(),  # document and section, or publisher and table, or "demonstration"
    "provenance": pl.String(),  # published | computed (from the council's own records) | demonstration
    "note": pl.String(),  # a statement the source makes, or why a value is missing
    "definition": pl.String(),  # null: the indicator's standing definition; otherwise the name of a new one.
    # Periods of different definitions are not comparable: no line, change,
    # projection or SPC limit spans them.
}

#: The columns a council's export must have to be ingested, and those it may have.
INPUT_REQUIRED = ("indicator_id", "area_code", "period", "value", "source")
INPUT_OPTIONAL = (
    "period_type",
    "breakdown_dim",
    "breakdown_cat",
    "numerator",
    "denominator",
    "margin_of_error",
    "status",
    "note",
    "definition",
    "provenance",
)
INPUT_NUMERIC = ("value", "numerator", "denominator", "margin_of_error")

STATUSES = ("final", "provisional")

#: What a values row is, in one field every surface reads (metrics.core.provenance): published, computed from the
#: council's own records, or demonstration (its source starts "demonstration").
PUBLISHED, COMPUTED, DEMONSTRATION = provenance.PUBLISHED, provenance.COMPUTED, provenance.DEMONSTRATION
PROVENANCES = provenance.PROVENANCES
#: The boolean column values files published before provenance carried (contract values-2); read as provenance.
LEGACY_DEMONSTRATION = "is_demonstration"

#: The key: no two rows of one dataset may share it.
KEY = ("indicator_id", "area_code", "period_type", "period_label", "breakdown_dim", "breakdown_cat")

#: England, the regions, the councils and named comparator groups (data/areas.parquet).
AREAS: dict[str, pl.DataType] = {
    "area_code": pl.String(),
    "area_name": pl.String(),
    "area_type": pl.String(),  # country | region | council | comparator group
    "council_type": pl.String(),  # council rows only
    "region_code": pl.String(),  # council rows only
    "source": pl.String(),
}
ENGLAND = "E92000001"

#: Members of each named comparator group (data/comparator_groups.parquet).
GROUPS: dict[str, pl.DataType] = {
    "group_code": pl.String(),  # also an area_code in areas.parquet, where averages are published
    "group_name": pl.String(),
    "for_area": pl.String(),  # the council the group is built around
    "member_code": pl.String(),  # null when the source names the group but not its members
    "source": pl.String(),
}

#: Key messages for an indicator and period (data/commentary.parquet).
COMMENTARY: dict[str, pl.DataType] = {
    "indicator_id": pl.String(),
    "area_code": pl.String(),
    "period_label": pl.String(),
    "period_end": pl.Date(),
    "text": pl.String(),
    "author": pl.String(),
    "source": pl.String(),
}

#: Residents by age band, for rates per 100,000 (data/population.parquet).
POPULATION: dict[str, pl.DataType] = {
    "area_code": pl.String(),
    "age_band": pl.String(),  # 18-64 | 65+ | 18+
    "population": pl.Int64(),
    "year": pl.Int32(),  # the mid-year of the estimate
    "source": pl.String(),
}

#: CQC-registered adult social care locations and their ratings (data/cqc_locations.parquet).
LOCATIONS: dict[str, pl.DataType] = {
    "area_code": pl.String(),
    "location_id": pl.String(),
    "location_name": pl.String(),
    "provider_name": pl.String(),
    "service_type": pl.String(),
    "domain": pl.String(),  # Overall, Safe, Effective, Caring, Responsive, Well-led
    "rating": pl.String(),
    "publication_date": pl.Date(),
    "url": pl.String(),
    "source": pl.String(),
}

#: Known changes that start a new SPC segment (data/change_points.parquet). Empty indicator or area: all.
CHANGE_POINTS: dict[str, pl.DataType] = {
    "indicator_id": pl.String(),
    "area_code": pl.String(),
    "date": pl.Date(),  # the first day of the new segment
    "label": pl.String(),
    "source": pl.String(),
}

#: The source documents' citations (data/documents.parquet): a source that starts with a document's file name is
#: shown to people with the document's citation instead of the file name.
DOCUMENTS: dict[str, pl.DataType] = {
    "file": pl.String(),  # the document's file name, as the values' `source` starts
    "citation": pl.String(),  # who published it, what it is and when
    "source": pl.String(),  # where the citation was read
}

#: Other local authorities whose codes people may bring (data/other_authorities.parquet): district councils,
#: with the county council that runs adult social care there, and authorities outside England; and each council's
#: three-digit LA code (kind :data:`LA_CODE_KIND`), which CLD extracts carry in LA_Code.
LA_CODE_KIND = "council LA code"
OTHER_AUTHORITIES: dict[str, pl.DataType] = {
    "area_code": pl.String(),  # the authority's ONS (GSS) code, or a council's three-digit LA code
    "area_name": pl.String(),
    "kind": pl.String(),  # district | former district | former council | outside England | council LA code
    "asc_code": pl.String(),  # for a district: the county council that has adult social care duties there
    "asc_name": pl.String(),
    "end_date": pl.Date(),  # the day a former district or council was abolished; null for the others
    "source": pl.String(),
}
