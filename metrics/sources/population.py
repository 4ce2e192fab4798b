"""ONS mid-2020 population estimates (MYE2 - Persons): residents 18-64, 65+ and 18+ by area.

Used as denominators for rates per 100,000. The dashboard uses one
estimate for every year and says so wherever a rate is worked out from it.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from metrics.core.errors import Problem, TableValidationError
from metrics.sources.codes import AreaCodes
from metrics.storage import schema

SHEET = "MYE2 - Persons"
SOURCE = "ONS mid-2020 population estimates, MYE2 - Persons (ukpopestimatesmid2020on2021geography.xls); OGL v3.0"


def read_population(*, path: Path, areas: AreaCodes) -> pl.DataFrame:
    grid = pl.read_excel(path, sheet_name=SHEET, engine="calamine", has_header=False, infer_schema_length=0)
    header_at = next((i for i in range(grid.height) if (grid[i, 0] or "").strip() == "Code"), None)
    if header_at is None:
        raise TableValidationError(
            file=f"{path} [{SHEET}]", problems=[Problem("Code", None, "a header row starting 'Code'", "none")]
        )
    header = [str(c).strip() if c is not None else "" for c in grid.row(header_at)]
    body = grid.slice(header_at + 1).rename(dict(zip(grid.columns, header, strict=True)))
    ages = [str(a) for a in range(18, 90)] + ["90+"]
    missing = [a for a in ages if a not in header]
    if missing:
        raise TableValidationError(
            file=f"{path} [{SHEET}]",
            problems=[Problem(missing[0], None, "single-year age columns 18 to 90+", "missing")],
        )
    num = [pl.col(a).cast(pl.Float64, strict=False) for a in ages]
    out = (
        body.filter(pl.col("Code").is_in(list(areas.known)))
        .select(
            pl.col("Code").alias("area_code"),
            pl.sum_horizontal(num[:47]).alias("18-64"),  # ages 18 to 64
            pl.sum_horizontal(num[47:]).alias("65+"),
        )
        .with_columns((pl.col("18-64") + pl.col("65+")).alias("18+"))
    )
    long = out.unpivot(index="area_code", variable_name="age_band", value_name="population")
    return (
        long.with_columns(
            pl.col("population").cast(pl.Int64), pl.lit(2020, pl.Int32).alias("year"), pl.lit(SOURCE).alias("source")
        )
        .select(list(schema.POPULATION))
        .sort("area_code", "age_band")
    )
