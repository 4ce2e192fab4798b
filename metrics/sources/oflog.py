"""Oflog adult social care measures (ASC_data.csv): workforce turnover by council."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from metrics.core.errors import Problem, TableValidationError
from metrics.sources.ascof import Report, keep_known_areas
from metrics.sources.codes import AreaCodes

#: Oflog measure code -> registry id. ASC5 repeats ASCOF 2D (carried from ASCOF itself); ASC6's units are not stated.
CARRIED = {"ASC7": "turnover_rate_pct"}
SOURCE = (
    "Oflog adult social care data, {code} {measure} (ASC_data.csv, communitiesuk/oflog-automated-text; "
    "Skills for Care data); OGL v3.0 at source"
)


def read_oflog(*, path: Path, areas: AreaCodes) -> tuple[pl.DataFrame, Report]:
    report = Report(file=str(path))
    raw = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    needed = ("Financial year", "Local authority code", "Measure", "Code", "Value")
    missing = [c for c in needed if c not in raw.columns]
    if missing:
        raise TableValidationError(
            file=str(path), problems=[Problem(c, None, "a column of that name", "none") for c in missing]
        )
    report.unmatched_measures |= set(raw["Code"].unique().to_list()) - set(CARRIED)
    rows = []
    for year, area, measure, code, value in (
        raw.filter(pl.col("Code").is_in(list(CARRIED)))
        .select("Financial year", "Local authority code", "Measure", "Code", "Value")
        .iter_rows()
    ):
        note = None if value not in (None, "", "NA") else "Not available: blank in the published table"
        rows.append(
            (
                CARRIED[code],
                area,
                year,
                value if note is None else None,
                None,
                None,
                None,
                "final",
                SOURCE.format(code=code, measure=measure.replace("Outcome, ", "")),
                note,
                None,
            )
        )
    return keep_known_areas(rows, areas=areas, report=report), report
