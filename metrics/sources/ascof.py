"""ASCOF adapters: the DHSC time-series workbook, the trend compilation, and the NHS Digital open-data layout.

All three end in the same text table, matched to registry indicators by
meaning (metrics.sources.measures), with markers kept as notes, never zeros.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import fastexcel
import polars as pl

from metrics.core.errors import Problem, TableValidationError
from metrics.sources import markers
from metrics.sources.codes import AreaCodes
from metrics.sources.measures import match, normalise_code
from metrics.storage.text_tables import ROW, read_text_table

OUT_COLUMNS = (
    "indicator_id",
    "area_code",
    "period",
    "value",
    "numerator",
    "denominator",
    "margin_of_error",
    "status",
    "source",
    "note",
    "definition",
)
OGL = "OGL v3.0"
#: Client-level measures first published for 2024-25 (DHSC cover sheet and shared/data README).
CLD_NOTE = "2024-25 client-level data: official statistics in development, not comparable with earlier years"
#: The `definition` of those rows: periods of another definition are not compared with them.
CLD_DEFINITION = "ASCOF from client-level data (from 2024-25)"
CLD_CODES = frozenset({"2A", "2B", "2C", "2D1", "2D2", "2E1", "2E2A", "2E2B", "3D1A", "3D2A"})
_YEAR_COLUMN = re.compile(
    r"^(\d{4}) to (\d{4}) - (.*?)\s*(numerator|denominator|outcome|margin of error|"
    r"number of respondents)$",
    re.IGNORECASE,
)
OPEN_DATA_COLUMNS = (
    "Geographical Code",
    "Geographical Description",
    "Geographical Level",
    "ONS Code",
    "ASCOF Measure Code",
    "Disaggregation Level",
    "Measure Type",
    "Measure Value",
    "Measure Group",
    "Measure Group Description",
)


@dataclass
class Report:
    """What an adapter read, kept and set aside."""

    file: str
    rows: int = 0
    unknown_areas: set[str] = field(default_factory=set)
    unmatched_measures: set[str] = field(default_factory=set)
    recoded: dict[str, str] = field(default_factory=dict)  # a former council's code -> its successor's

    def __str__(self) -> str:
        text = f"{self.file}: {self.rows} rows"
        if self.recoded:
            moved = ", ".join(f"{old} as {new}" for old, new in sorted(self.recoded.items()))
            text += f"; former councils' codes read as their successors' for later periods: {moved}"
        if self.unknown_areas:
            text += f"; {len(self.unknown_areas)} area code(s) not in the areas table set aside (e.g. {sorted(self.unknown_areas)[:3]})"
        if self.unmatched_measures:
            text += f"; measures not carried: {', '.join(sorted(self.unmatched_measures))}"
        return text


def cld_definition(*, code: str, year: str) -> str | None:
    """The definition of an ASCOF figure: measured from client-level data from 2024-25 on, for the CLD measures.
    One rule for every adapter, so two publications of the same figure never disagree about its definition."""
    return CLD_DEFINITION if normalise_code(code) in CLD_CODES and year[:4] >= "2024" else None


def keep_known_areas(rows: list[tuple], *, areas: AreaCodes, report: Report, lines: bool = False) -> pl.DataFrame:
    """The adapter's rows as a text table, keeping areas in the areas table (a former council's code read as its
    successor's for later periods: metrics.sources.codes) and reporting the others. With ``lines``, each row ends
    with its line in the file (ROW), so a problem is named where a person finds it."""
    schema = dict.fromkeys(OUT_COLUMNS, pl.String) | ({ROW: pl.Int64} if lines else {})
    frame, moved = areas.recode(pl.DataFrame(rows, schema=schema, orient="row"), key=("indicator_id",))
    report.recoded |= moved
    known = list(areas.known)
    unknown = frame.filter(~pl.col("area_code").is_in(known))
    report.unknown_areas |= set(unknown["area_code"].to_list())
    frame = frame.filter(pl.col("area_code").is_in(known))
    report.rows = frame.height
    return frame


def _fy(first: str, second: str) -> str:
    return f"{first}-{second[-2:]}"


def read_dhsc_workbook(*, path: Path, areas: AreaCodes) -> tuple[pl.DataFrame, Report]:
    """DHSC 'Measures from the ASCOF, England - time series' (ODS or XLSX): one sheet per measure.

    Each sheet has note rows above a header row that starts 'Local authority
    code'; columns are '<year> to <year> - numerator|denominator|outcome', and for the survey measures
    '... - margin of error|number of respondents|outcome'. The margin of error is kept (the half-width of the 95%
    interval NHS England publishes), and the number of respondents is kept as the denominator: together they let
    a verdict say whether a gap is beyond chance.
    """
    report = Report(file=str(path))
    try:
        sheets = [s for s in fastexcel.read_excel(str(path)).sheet_names if s.lower().startswith("table_")]
    except Exception:  # the reader raises many types for a file that is not a workbook
        raise TableValidationError(
            file=str(path),
            problems=[
                Problem(
                    "(file)",
                    None,
                    "an ASCOF workbook (ODS or XLSX)",
                    "a file that cannot be opened: it may be damaged or another format",
                )
            ],
        ) from None
    rows: list[tuple] = []
    for sheet in sheets:
        grid = pl.read_excel(path, sheet_name=sheet, engine="calamine", has_header=False, infer_schema_length=0)
        code = normalise_code(sheet)
        indicator = match(code=code, description=grid[0, 0])
        if indicator is None:
            report.unmatched_measures.add(code)
            continue
        header_at = next((i for i in range(grid.height) if (grid[i, 0] or "").strip() == "Local authority code"), None)
        if header_at is None:
            raise TableValidationError(
                file=f"{path} [{sheet}]",
                problems=[
                    Problem("Local authority code", None, "a header row starting 'Local authority code'", "none")
                ],
            )
        header = [str(c or "").strip() for c in grid.row(header_at)]
        ons = header.index("ONS area code")
        years: dict[str, dict[str, int]] = {}
        for i, name in enumerate(header):
            m = _YEAR_COLUMN.match(name)
            if m and m[3].lower() in ("", code.lower()):  # 6B has '6b outcome' besides its rating-band columns
                years.setdefault(_fy(m[1], m[2]), {})[m[4].lower()] = i
        source = f"DHSC, Measures from the ASCOF, England, time series to 2024-25 ({Path(path).name}, {sheet}); {OGL}"
        for r in range(header_at + 1, grid.height):
            cells = grid.row(r)
            area = (cells[ons] or "").strip()
            if not area or area.startswith("["):  # council-type groupings have no ONS code: [z]
                continue
            for year, cols in years.items():
                value, note = markers.read(cells[cols["outcome"]]) if "outcome" in cols else (None, None)
                if "outcome" not in cols:
                    continue
                numerator = markers.read(cells[cols["numerator"]])[0] if "numerator" in cols else None
                base = cols.get("denominator", cols.get("number of respondents"))
                denominator = markers.read(cells[base])[0] if base is not None else None
                margin = markers.read(cells[cols["margin of error"]])[0] if "margin of error" in cols else None
                status = "final"
                definition = cld_definition(code=code, year=year)
                if definition:
                    note = f"{note}; {CLD_NOTE}" if note else CLD_NOTE
                    status = "provisional"
                rows.append(
                    (indicator, area, year, value, numerator, denominator, margin, status, source, note, definition)
                )
    return keep_known_areas(rows, areas=areas, report=report), report


def read_trend_csv(*, path: Path, areas: AreaCodes) -> tuple[pl.DataFrame, Report]:
    """The ASCOF outcome trend compilation, 2017-18 to 2023-24 (one row per area, year and measure)."""
    report = Report(file=str(path))
    raw = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    needed = ("Year", "ONS Code", "Measure Group", "Measure Group Description", "Measure_Value", "Geographical Level")
    missing = [c for c in needed if c not in raw.columns]
    if missing:
        raise TableValidationError(
            file=str(path), problems=[Problem(c, None, "a column of that name", "none") for c in missing]
        )
    raw = raw.filter(pl.col("Geographical Level").str.to_lowercase().is_in(["council", "region", "england"]))
    pairs = raw.select("Measure Group", "Measure Group Description").unique()
    ids = {(c, d): match(code=c, description=d) for c, d in pairs.iter_rows()}
    report.unmatched_measures |= {normalise_code(c) for (c, d), i in ids.items() if i is None}
    rows = []
    for year, area, code, desc, value in raw.select(
        "Year", "ONS Code", "Measure Group", "Measure Group Description", "Measure_Value"
    ).iter_rows():
        indicator = ids[(code, desc)]
        if indicator is None:
            continue
        value, note = markers.read(value)
        rows.append(
            (
                indicator,
                (area or "").strip(),
                year,
                value,
                None,
                None,
                None,
                "final",
                f"NHS Digital / NHS England ASCOF open data {year}, measure {code} (trend_data.csv, compiled by "
                f"acbockmuehl/ascof-repos); {OGL}",
                note,
                None,
            )
        )
    return keep_known_areas(rows, areas=areas, report=report), report


def read_open_data(
    *, path: Path, areas: AreaCodes, sheet: str | None = None, encoding: str | None = None
) -> tuple[pl.DataFrame, Report]:
    """Any year's NHS Digital ASCOF open-data file, as published (CSV or XLSX), with no code change.

    Long layout: one row per area, measure, disaggregation and measure type
    (Numerator, Denominator, Outcome, Base, Margin of error). Only the total
    disaggregation is carried; Outcome is the value, with its Numerator and
    Denominator beside it, and for a survey measure its Margin of Error (kept: it is the published 95% interval)
    and its Base (the number of respondents, kept as the denominator). Measure types are matched whatever their case.
    """
    report = Report(file=str(path))
    raw = read_text_table(path=Path(path), sheet=sheet, encoding=encoding)
    missing = [c for c in OPEN_DATA_COLUMNS if c not in raw.columns]
    if missing:
        raise TableValidationError(
            file=str(path),
            problems=[Problem(c, None, "a column of the NHS Digital ASCOF open-data layout", "none") for c in missing],
        )
    year = _year_of(path, raw)
    raw = raw.filter(
        pl.col("Geographical Level").str.to_lowercase().is_in(["council", "region", "england"])
        & (pl.col("Disaggregation Level").fill_null("Total").str.to_lowercase() == "total")
    )
    index = ["ONS Code", "ASCOF Measure Code", "Measure Group Description"]
    raw = raw.with_columns(pl.col("Measure Type").str.strip_chars().str.to_lowercase())
    wide = raw.pivot(on="Measure Type", index=index, values="Measure Value", aggregate_function="first")
    # each figure is named by the line of its Outcome row (or, failing that, its first row) in the file
    lines = raw.sort(pl.col("Measure Type") != "outcome").group_by(index, maintain_order=True).agg(pl.col(ROW).first())
    wide = wide.join(lines, on=index, how="left", nulls_equal=True)
    for column in ("outcome", "numerator", "denominator", "base", "margin of error"):
        if column not in wide.columns:
            wide = wide.with_columns(pl.lit(None, pl.String).alias(column))
    rows = []
    for area, code, desc, outcome, num, den, base, margin, line in wide.select(
        "ONS Code",
        "ASCOF Measure Code",
        "Measure Group Description",
        "outcome",
        "numerator",
        "denominator",
        "base",
        "margin of error",
        ROW,
    ).iter_rows():
        indicator = match(code=code, description=desc)
        if indicator is None:
            report.unmatched_measures.add(normalise_code(code))
            continue
        value, note = markers.read(outcome)
        moe = markers.read(margin)[0]
        if moe is not None or base is not None:  # a survey measure: its base (respondents) is the denominator, and
            num, den = None, base if base is not None else den  # a weighted numerator is no count to test with
        rows.append(
            (
                indicator,
                (area or "").strip(),
                year,
                value,
                markers.read(num)[0],
                markers.read(den)[0],
                moe,
                "final",
                f"NHS Digital ASCOF open data {year}, measure {code} ({Path(path).name}); {OGL}",
                note,
                cld_definition(code=code, year=year),
                line,
            )
        )
    return keep_known_areas(rows, areas=areas, report=report, lines=True), report


def _year_of(path: Path, raw: pl.DataFrame) -> str:
    """The financial year of an open-data file: a 'Year' column if present, else the file name ('2022-23', '2223')."""
    if "Year" in raw.columns and raw["Year"].drop_nulls().len():
        return raw["Year"].drop_nulls()[0]
    m = re.search(r"(20\d{2})[-_ ]?(\d{2})(?!\d)", Path(path).stem)
    if m is None:
        m2 = re.search(r"(?<!\d)(\d{2})(\d{2})(?!\d)", Path(path).stem)
        if m2 and (int(m2[1]) + 1) % 100 == int(m2[2]):
            return f"20{m2[1]}-{m2[2]}"
        raise TableValidationError(
            file=str(path),
            problems=[
                Problem("Year", None, "a Year column, or the year in the file name (e.g. ascof_2022-23.csv)", "neither")
            ],
        )
    return f"{m[1]}-{m[2]}"
