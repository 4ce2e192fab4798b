"""England, regions, councils and comparator groups, from public lookups.

Reads the ONS code list that comes with the ASCOF trend compilation (which
councils have social services responsibility, plus regions and England),
mySociety's local authority lookup (names and council types, CC-BY-4.0) and
Oflog's nearest-neighbour lists. The model behind Oflog's list is not
stated, so the group is named "Nearest neighbours (Oflog list)", not CIPFA.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl

from metrics.storage import schema

ONS_CODES = "ascof_trend_2017_2024/ons_codes.csv"
NN_JSON = "oflog_asc_2015_2023/NN.json"
MYSOCIETY = "la_lookup_mysociety/uk_local_authorities_current.csv"
MYSOCIETY_SOURCE = "mySociety, UK local authority names and codes (uk_local_authorities_current.csv); CC-BY-4.0"
ONS_SOURCE = "NHS Digital ASCOF open data, ONS codes list (ascof_trend_2017_2024/ons_codes.csv, compiled by acbockmuehl/ascof-repos); OGL v3.0"
NN_SOURCE = "Oflog adult social care nearest neighbours (oflog_asc_2015_2023/NN.json, communitiesuk/oflog-automated-text); model not stated"
NN_NAME = "Nearest neighbours (Oflog list)"
#: Groups a source document names but whose members it does not list.
NAMED_GROUPS = (
    (
        "CIPFA-NN-E10000018",
        "CIPFA nearest neighbours (as cited)",
        "E10000018",
        "000_53a497653d218a9d.txt (Leicestershire self-assessment): group averages quoted; members not listed",
    ),
)


#: mySociety's types of an English authority with adult social care duties: county, unitary, metropolitan
#: district, London borough (and the City of London, the Isles of Scilly).
ASC_TYPES = ("CTY", "UA", "MD", "LBO", "CC", "SRA")


def _end(day: str | None) -> date | None:
    return date.fromisoformat(day) if day else None


def build_other_authorities(*, shared_data: Path) -> pl.DataFrame:
    """District councils (with the county that runs adult social care there), councils since abolished with the
    one council that took over their duties, and authorities outside England, from mySociety's lookup: a code
    people bring for one gets a clear answer rather than another council, and a publisher that still labels a
    successor with its predecessor's code is read right (metrics.sources.codes)."""
    society = pl.read_csv(shared_data / MYSOCIETY, infer_schema=False, encoding="utf8-lossy")
    by_la = dict(society.select("local-authority-code", "gss-code").iter_rows())
    names = dict(society.select("gss-code", "nice-name").iter_rows())
    rows = []
    for code, name, kind, county, nation, replaced, ended in society.select(
        "gss-code", "nice-name", "local-authority-type", "county-la", "nation", "replaced-by", "end-date"
    ).iter_rows():
        if not code:
            continue
        successors = [by_la.get(s.strip()) for s in (replaced or "").split(",") if s.strip()]
        if kind == "NMD" and successors:  # abolished: its successor unitary council now has the duties
            asc = successors[0]
            rows.append((code, name, "former district", asc, names.get(asc), _end(ended), MYSOCIETY_SOURCE))
        elif kind == "NMD":
            asc = by_la.get(county)
            rows.append((code, name, "district", asc, names.get(asc), None, MYSOCIETY_SOURCE))
        elif nation == "England" and kind in ASC_TYPES and ended and len(successors) == 1:
            asc = successors[0]  # one council took the duties over; split or shared successions are not aliased
            rows.append((code, name, "former council", asc, names.get(asc), _end(ended), MYSOCIETY_SOURCE))
        elif nation and nation != "England":
            rows.append((code, name, "outside England", None, None, None, MYSOCIETY_SOURCE))
    rows += _la_codes(shared_data=shared_data)
    return pl.DataFrame(rows, schema=schema.OTHER_AUTHORITIES, orient="row").unique("area_code").sort("area_code")


def _la_codes(*, shared_data: Path) -> list[tuple]:
    """Each council's three-digit LA code (the code a CLD extract's LA_Code column carries: 714 is the City of
    London), from the ASCOF ONS codes list, as rows that read the code as the council's own."""
    path = shared_data / ONS_CODES
    if not path.exists():
        return []
    codes = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    codes = codes.rename({c: c.strip() for c in codes.columns})
    rows = []
    for name, la, code in codes.select("Geography", "LA Code", "ONS Area Code").iter_rows():
        la, code = (la or "").strip(), (code or "").strip()
        if la.isdigit() and code[:3] in ("E06", "E08", "E09", "E10"):
            rows.append((la, (name or "").strip(), schema.LA_CODE_KIND, code, (name or "").strip(), None, ONS_SOURCE))
    return rows


def nn_group_code(area_code: str) -> str:
    return f"NN-OFLOG-{area_code}"


def build_areas(*, shared_data: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(areas, comparator_groups) frames in the contract's layout."""
    codes = pl.read_csv(shared_data / ONS_CODES, infer_schema=False, encoding="utf8-lossy")
    codes = codes.rename({c: c.strip() for c in codes.columns})
    region_code = dict(
        codes.filter(pl.col("ONS Area Code").str.starts_with("E12"))
        .select("Council region", "ONS Area Code")
        .iter_rows()
    )
    lookup = {}
    if (shared_data / MYSOCIETY).exists():
        society = pl.read_csv(shared_data / MYSOCIETY, infer_schema=False, encoding="utf8-lossy")
        lookup = {
            code: (nice, kind)
            for code, nice, kind in society.select("gss-code", "nice-name", "local-authority-type-name").iter_rows()
        }
    rows = []
    for name, ctype, region, _la, code in codes.select(
        "Geography", "Council type", "Council region", "LA Code", "ONS Area Code"
    ).iter_rows():
        code = code.strip()
        if code == schema.ENGLAND:
            rows.append((code, "England", "country", None, None, ONS_SOURCE))
        elif code.startswith("E12"):
            rows.append((code, name.strip(), "region", None, None, ONS_SOURCE))
        else:
            if code in lookup:
                nice, kind = lookup[code]
                rows.append((code, nice, "council", kind, region_code.get(region), f"{MYSOCIETY_SOURCE}; {ONS_SOURCE}"))
            else:
                rows.append((code, name.strip(), "council", ctype or None, region_code.get(region), ONS_SOURCE))
    councils = {r[0]: r[1] for r in rows if r[2] == "council"}

    neighbours = json.loads((shared_data / NN_JSON).read_text(encoding="utf-8"))
    groups = []
    for code, name in councils.items():
        listed = [m for m in neighbours.get(code, []) if m != code]
        if not listed:
            continue
        rows.append((nn_group_code(code), f"{NN_NAME}: {name}", "comparator group", None, None, NN_SOURCE))
        groups += [(nn_group_code(code), NN_NAME, code, m, NN_SOURCE) for m in listed]
    for group_code, group_name, for_area, source in NAMED_GROUPS:
        rows.append((group_code, f"{group_name}: {councils[for_area]}", "comparator group", None, None, source))
        groups.append((group_code, group_name, for_area, None, source))

    areas = pl.DataFrame(rows, schema=schema.AREAS, orient="row").sort("area_type", "area_code")
    members = pl.DataFrame(groups, schema=schema.GROUPS, orient="row").sort("group_code", "member_code")
    return areas, members
