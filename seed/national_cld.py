"""A synthetic CLD sample for every council in England, for measuring scale (bench/cld_bench.py).

Not calibrated to any council's figures (the Leicester extract is: seed.synthetic_cld); sized instead from
published national volumes, shared out by each council's adult population (ONS mid-2020, data/population.parquet):

* about 2 million requests for support from new people a year (NHS England, Adult Social Care Activity and Finance
  Report 2022-23: 1.98 million);
* about 600,000 people in long-term support at any time (ibid.: 818,000 during the year);
* a third of requests go on to a needs assessment, a tenth to ST-Max, the rest to advice or other services;
* reviews at gaps of 6 to 22 months, with one person in eight left past 24 months.

Each council is written to its own Parquet partition (``OUT/area_code=E06000016/events.parquet``), as a national
body would hold the quarterly returns: the benchmark reads them one council at a time. Every row is marked
synthetic. Draws use numpy (it arrives with streamlit and pyarrow) seeded per council, so a rerun writes the same
files.

    python -m metrics.seed.national_cld --out .cache/cld_sample [--years 3] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from seed.synthetic_cld import ETHNICITY, MARK, NFA, PSR, ROUTES

REQUESTS_A_YEAR = 2_000_000
IN_LONG_TERM_SUPPORT = 600_000
START = date(2020, 4, 1)


def _seed(area_code: str) -> int:
    return int(hashlib.sha256(area_code.encode()).hexdigest()[:8], 16)


def _choice(rng, table, n):
    values = np.array([v for v, _ in table], dtype=object)
    p = np.array([w for _, w in table], dtype=float)
    return values[rng.choice(len(values), size=n, p=p / p.sum())]


def council_events(*, area_code: str, share: float, years: int = 3, scale: float = 1.0) -> pl.DataFrame:
    """Every synthetic event for one council over ``years`` from April 2020: its ``share`` of England's adults."""
    rng = np.random.default_rng(_seed(area_code))
    start = np.datetime64(START, "D")
    days = 365 * years
    stop = start + days - 1
    n_req = max(int(REQUESTS_A_YEAR * share * years * scale), 1)
    n_lts = max(int(IN_LONG_TERM_SUPPORT * share * scale), 1)

    def people(n, prefix):
        ids = np.char.add(f"{area_code}-{prefix}", np.arange(n).astype(str))
        return {
            "LA_Person_Unique_Identifier": ids,
            "Gender": rng.choice(np.array(["Female", "Male"]), n, p=[0.6, 0.4]),
            "Ethnicity": _choice(rng, ETHNICITY, n),
            "Primary_Support_Reason": _choice(rng, PSR, n),
            "Birth_Year": (2020 - rng.integers(19, 98, n)).astype(str),
            "Birth_Month": rng.integers(1, 13, n).astype(str),
            "Client_Type": rng.choice(np.array(["Service user", "Carer"]), n, p=[0.95, 0.05]),
        }

    frames = []
    # requests from new people, and what followed
    who = people(n_req, "R")
    asked = start + rng.integers(0, days, n_req).astype("timedelta64[D]")
    r = rng.random(n_req)
    outcome = np.where(
        r < 0.33,
        "Progress to assessment, review or reassessment",
        np.where(r < 0.43, "Progress to reablement/ST-Max", _choice(rng, NFA, n_req)),
    )
    frames.append(
        pl.DataFrame(
            {
                **who,
                "Event_Type": "Request",
                "Event_Start_Date": asked,
                "Event_End_Date": asked,
                "Event_Outcome": outcome,
                "Request_Route_of_Access": _choice(rng, ROUTES, n_req),
            }
        )
    )
    # assessments after a wait
    a = outcome == "Progress to assessment, review or reassessment"
    wait = np.where(rng.random(a.sum()) < 0.6, rng.integers(1, 29, a.sum()), rng.integers(29, 240, a.sum()))
    a_start = asked[a] + wait.astype("timedelta64[D]")
    a_end = a_start + rng.integers(2, 26, a.sum()).astype("timedelta64[D]")
    eligible = rng.random(a.sum()) < 0.55
    keep = a_end <= stop
    frames.append(
        pl.DataFrame(
            {k: v[a][keep] for k, v in who.items()}
            | {
                "Event_Type": "Assessment",
                "Event_Start_Date": a_start[keep],
                "Event_End_Date": a_end[keep],
                "Event_Outcome": np.where(eligible[keep], "Progress to support planning or services", "NFA: Other"),
                "Assessment_Type": "Long term support: First assessment",
                "Eligible_Needs_Identified": np.where(eligible[keep], "Yes", "No"),
            }
        )
    )
    # ST-Max episodes
    s = outcome == "Progress to reablement/ST-Max"
    s_start = asked[s] + rng.integers(0, 8, s.sum()).astype("timedelta64[D]")
    s_end = s_start + rng.integers(7, 43, s.sum()).astype("timedelta64[D]")
    after = _choice(
        rng,
        (
            ("NFA: Support ended as planned", 0.78),
            ("Progress to support planning or services", 0.12),
            ("Admitted to hospital", 0.06),
            ("NFA: Deceased", 0.04),
        ),
        s.sum(),
    )
    open_ = s_end > stop
    frames.append(
        pl.DataFrame(
            {k: v[s] for k, v in who.items()}
            | {
                "Event_Type": "Service",
                "Event_Start_Date": s_start,
                "Event_End_Date": s_end,
                "_open": open_,
                "Event_Outcome": np.where(open_, "Continuation of support or services", after),
                "Service_Type": "Short term support: ST-Max",
                "Service_Component": "Reablement",
            }
        )
        .with_columns(pl.when(~pl.col("_open")).then(pl.col("Event_End_Date")).alias("Event_End_Date"))
        .drop("_open")
    )
    # long-term support: those open at the start, and those who entered after an eligible assessment
    entrants = np.flatnonzero(a)[keep][eligible[keep]]
    entrants = entrants[rng.random(entrants.size) < 0.6]
    ent_start = a_end[keep][eligible[keep]][: entrants.size] if entrants.size else np.array([], "datetime64[D]")
    ent_start = ent_start + rng.integers(1, 31, ent_start.size).astype("timedelta64[D]")
    base = people(n_lts, "L")
    lts_ids = np.concatenate([base["LA_Person_Unique_Identifier"], who["LA_Person_Unique_Identifier"][entrants]])
    since = np.concatenate([start - rng.integers(30, 3650, n_lts).astype("timedelta64[D]"), ent_start])
    n_all = lts_ids.size
    ending = np.maximum(since, start) + (rng.exponential(5.5 * 365, n_all)).astype("int64").astype("timedelta64[D]")
    still = ending > stop
    died = ~still & (rng.random(n_all) < 0.6)
    kind = _choice(
        rng,
        (
            ("Long term support: Community", 0.74),
            ("Long term support: Residential care", 0.18),
            ("Long term support: Nursing care", 0.08),
        ),
        n_all,
    )
    demo = {k: np.concatenate([base[k], who[k][entrants]]) for k in base}
    frames.append(
        pl.DataFrame(
            demo
            | {
                "Event_Type": "Service",
                "Event_Start_Date": since,
                "Event_End_Date": ending,
                "_still": still,
                "_died": died,
                "Event_Outcome": np.where(
                    still,
                    "Continuation of support or services",
                    np.where(died, "NFA: Deceased", "NFA: Support ended for other reason"),
                ),
                "Service_Type": kind,
                "Service_Component": np.where(kind == "Long term support: Community", "Home care", "Care home"),
            }
        )
        .with_columns(
            pl.when(pl.col("_died")).then(pl.col("Event_End_Date")).alias("Date_of_Death"),
            pl.when(~pl.col("_still")).then(pl.col("Event_End_Date")).alias("Event_End_Date"),
        )
        .drop("_still", "_died")
    )
    # reviews: from a last review before the window (or the start of support), at gaps; one in eight lapses
    last = np.maximum(since, start - rng.integers(1, 600, n_all).astype("timedelta64[D]"))
    lapsing = rng.random(n_all) < 0.125
    review_days, review_people = [], []
    for _ in range(years * 2 + 2):
        gap = rng.integers(180, 670, n_all)
        gap = np.where(lapsing, rng.integers(760, 1100, n_all), gap)
        last = last + gap.astype("timedelta64[D]")
        alive_until = np.where(still, stop, ending)
        ok = (last <= alive_until) & (last >= start)
        review_days.append(last[ok])
        review_people.append(np.flatnonzero(ok))
    pos = np.concatenate(review_people)
    rdays = np.concatenate(review_days)
    frames.append(
        pl.DataFrame(
            {k: v[pos] for k, v in demo.items()}
            | {
                "Event_Type": "Review",
                "Event_Start_Date": rdays - rng.integers(0, 15, pos.size).astype("timedelta64[D]"),
                "Event_End_Date": rdays,
                "Event_Outcome": "Continuation of support or services",
                "Review_Reason": np.where(rng.random(pos.size) < 0.8, "Planned", "Unplanned"),
            }
        )
    )
    # history: each long-term client's last review before the window, so the snapshot knows when it was
    history = np.maximum(since, start - rng.integers(1, 600, n_all).astype("timedelta64[D]"))
    had = history > since
    frames.append(
        pl.DataFrame(
            {k: v[had] for k, v in demo.items()}
            | {
                "Event_Type": "Review",
                "Event_Start_Date": history[had],
                "Event_End_Date": history[had],
                "Event_Outcome": "Continuation of support or services",
                "Review_Reason": "Planned",
            }
        )
    )
    out = (
        pl.concat(frames, how="diagonal_relaxed")
        .with_row_index("_n")
        .with_columns(
            pl.format("{}-{}", pl.lit(area_code), pl.col("_n")).alias("Event_Reference"),
            pl.lit("Service user").alias("Client_Type"),
            pl.lit(MARK).alias("Synthetic_Record"),
        )
        .drop("_n")
    )
    # an extract holds what happened by its end: a service due to start after it (an entrant placed up to 30 days
    # after an assessment late in the last month) is not in it. Left in, it made a month past the end, in which the
    # only waits were long ones ending then: medians of 489 days, which no real return would give
    return out.with_columns(pl.col("Event_Start_Date").cast(pl.Date), pl.col("Event_End_Date").cast(pl.Date)).filter(
        pl.col("Event_Start_Date") <= pl.lit(stop.astype(object))
    )


def councils(*, data_dir: Path) -> pl.DataFrame:
    """Every council with its share of England's adults (18+); a council with no population row takes the median."""
    areas = pl.read_parquet(data_dir / "areas.parquet").filter(pl.col("area_type") == "council")
    pop = pl.read_parquet(data_dir / "population.parquet").filter(pl.col("age_band") == "18+")
    joined = areas.join(pop.select("area_code", "population"), on="area_code", how="left")
    joined = joined.with_columns(pl.col("population").fill_null(pl.col("population").median()))
    return joined.select(
        "area_code", "area_name", "region_code", (pl.col("population") / pl.col("population").sum()).alias("share")
    ).sort("area_code")


def write_sample(
    *, out: Path, data_dir: Path, years: int = 3, scale: float = 1.0, only: Sequence[str] | None = None
) -> tuple[int, int]:
    """Write every council's partition (``only``: these councils'); returns (councils, events)."""
    total = 0
    table = councils(data_dir=data_dir)
    if only is not None:
        table = table.filter(pl.col("area_code").is_in(list(only)))
    for area_code, share in table.select("area_code", "share").iter_rows():
        frame = council_events(area_code=area_code, share=share, years=years, scale=scale)
        folder = out / f"area_code={area_code}"
        folder.mkdir(parents=True, exist_ok=True)
        frame.write_parquet(folder / "events.parquet")
        total += frame.height
    return table.height, total


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m metrics.seed.national_cld", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the per-council partitions")
    parser.add_argument("--years", type=int, default=3, help="financial years of events per council")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every volume (e.g. 0.1 for a quick sample)")
    return parser


def main(argv: list[str] | None = None) -> int:
    from metrics.core.settings import load_settings

    args = build_parser().parse_args(argv)
    began = time.perf_counter()
    n, events = write_sample(out=args.out, data_dir=load_settings().data_dir, years=args.years, scale=args.scale)
    print(f"{args.out}: {n} councils, {events:,} synthetic events, in {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
