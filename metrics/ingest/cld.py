"""`python -m metrics.ingest cld FILE... --dataset NAME --area CODE`: a council's CLD extracts to indicator rows.

The extracts are read and minimised (metrics.cld.extract), the indicators computed (metrics.cld.indicators), and
the rows go through the same checks and atomic publish as any council export (metrics.ingest.values), so a
rejected file publishes nothing and the last good version stays. Only aggregate rows are written: no event, no
person identifier. The data-quality report is published with them, in the same file (:data:`QUALITY_KEY`).
"""

from __future__ import annotations

import base64
import contextlib
import io
from collections.abc import Callable, Sequence
from pathlib import Path

import polars as pl

from metrics.analysis.disclosure import DEFAULT_THRESHOLD
from metrics.cld import extract, indicators, rollup
from metrics.cld.extract import ExtractFile
from metrics.cld.local import categorise
from metrics.cld.submissions import Submission
from metrics.core import periods, registry
from metrics.core.errors import MetricsError, MissingTableError
from metrics.ingest.values import check_dataset_name, validated_values
from metrics.storage import schema
from metrics.storage.publish import attachment, publish, stands_for
from metrics.storage.store import (
    AREAS_FILE,
    LOCATIONS_FILE,
    OTHER_AUTHORITIES_FILE,
    POPULATION_FILE,
    VALUES_DIR,
    read_table,
    values_path,
)
from metrics.storage.validation import SANE_MAX, SANE_PARTS

#: What a caller passes to be told how far the ingest has got: (what it is doing, share done from 0 to 1).
Progress = Callable[[str, float], None]
Extracts = Sequence[Path | ExtractFile]

#: Where data-quality reports were published on their own before they were attached to their dataset's values
#: file (read for datasets published then; never written now).
QUALITY_DIR = "cld_quality"
#: The values file's metadata key that holds its data-quality report (Arrow IPC, base64), published in the same
#: rename as the rows so the two are always of the same extract.
QUALITY_KEY = "cld_quality_report"
#: Every indicator the CLD ingest computes (what ``--as`` may rename).
COMPUTED = (
    "requests_all",
    "requests_new",
    "assessments_completed",
    "assessments_eligible",
    "assessments_eligible_pct",
    "reviews_completed",
    "people_long_term_support",
    "reviews_overdue_12m",
    "reviews_overdue_24m",
    "wait_assessment_median_days",
    "wait_service_median_days",
    "completed_wait_28d_pct",
    "people_waiting_assessment",
    "assessment_wait_28d_pct",
    "assessment_wait_6m_pct",
    "st_max_completed",
    "reablement_no_ongoing_pct",
    "admissions_permanent",
    "admissions_18_64_rate",
    "admissions_65_rate",
    "lts_provider_good_pct",
    "review_outcomes_achieved_pct",
    "ld_home_pct",
    "sds_pct",
    "direct_payments_pct",
    "carers_sds_pct",
    "carers_dp_pct",
    "carers_supported",
    "carer_assessments_completed",
    "care_cost_total",
    "lts_cost_per_week",
)


def quality_path(*, data_dir: Path, dataset: str) -> Path:
    """Where an earlier version published a dataset's quality report on its own."""
    return Path(data_dir) / QUALITY_DIR / f"{check_dataset_name(dataset)}.parquet"


def _encoded(report: pl.DataFrame) -> str:
    """A quality report as text for the values file's metadata: Arrow IPC, so its types come back as they went."""
    buffer = io.BytesIO()
    report.write_ipc(buffer)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _decoded(text: str) -> pl.DataFrame:
    return pl.read_ipc(io.BytesIO(base64.b64decode(text)))


def is_synthetic(events: pl.DataFrame) -> bool:
    """Whether the extract marks its records as generated (the Synthetic_Record field, filled)."""
    return "Synthetic_Record" in events.columns and events["Synthetic_Record"].is_not_null().any()


def source_line(*, dataset: str, submissions: Sequence[Submission], events: pl.DataFrame) -> str:
    """'Computed from CLD dataset leicester_cld (reporting period 1 Apr 2023 to 30 Jun 2023) (Apr 2023 to Jun 2023;
    2023/24 Q1)': what every row's source says: the dataset, the reporting periods its files state, and the months
    and quarters covered. Never a file's name: whatever a file was called (a person's name, a path) is not
    published. A synthetic extract's figures begin 'Demonstration:', which is what marks a row as demonstration on
    every page and export."""
    months = indicators.months(events, submissions=tuple(submissions))
    span = f"{months[0]:%b %Y} to {months[-1]:%b %Y}" if months else "no events"
    quarters = rollup.quarters_covered(months)
    if quarters:
        span += f"; {quarters[0]}" + (f" to {quarters[-1]}" if len(quarters) > 1 else "")
    stated = [s.period_words() for s in sorted(submissions, key=lambda s: s.order) if s.stated]
    said = f"CLD dataset {dataset}" + (f" ({', '.join(stated)})" if stated else "")
    if is_synthetic(events):
        return f"Demonstration: computed from synthetic {said} ({span}); DHSC CLD definitions"
    return f"Computed from {said} ({span}); DHSC CLD definitions"


def parse_renames(pairs: list[str] | None) -> dict[str, str]:
    """``["requests_new=contacts_new"]`` -> {"requests_new": "contacts_new"}: a council's own name for a CLD
    indicator. Both names must be known: the CLD one computed here, the local one in the registry."""
    out = {}
    for pair in pairs or []:
        cld, _, local = pair.partition("=")
        cld, local = cld.strip(), local.strip()
        if cld not in COMPUTED:
            raise MetricsError(f"--as {pair}: '{cld}' is not an indicator computed from CLD ({', '.join(COMPUTED)})")
        registry.get(local)  # raises, naming the unknown indicator
        out[cld] = local
    return out


def _read_optional(path: Path) -> pl.DataFrame | None:
    return pl.read_parquet(path) if path.is_file() else None


def _named(code: str, *, areas: pl.DataFrame, others: pl.DataFrame | None) -> tuple[str | None, str]:
    """(the council an LA_Code means, its name): an ONS code of the areas table, a former council's code read as its
    successor's, or a council's three-digit LA code; (None, the code) for anything else."""
    councils = dict(areas.filter(pl.col("area_type") == "council").select("area_code", "area_name").iter_rows())
    if code.upper() in councils:
        return code.upper(), councils[code.upper()]
    if others is not None:
        hit = others.filter((pl.col("area_code") == code.upper()) & pl.col("asc_code").is_in(list(councils)))
        if hit.height and hit["kind"][0] in (schema.LA_CODE_KIND, "former council"):
            successor = hit["asc_code"][0]
            return successor, councils[successor]
    return None, code


def check_council(*, submissions: Sequence[Submission], area_code: str, data_dir: Path | None, test: bool) -> None:
    """Refuse an extract whose LA_Code is another council's, naming both, unless the loader says it is a test file
    (``test``). A file with no LA_Code is not checked (the quality report says so); without the areas table there
    is nothing to check against."""
    if test or data_dir is None or not any(s.la_codes for s in submissions):
        return
    try:
        areas = read_table(path=Path(data_dir) / AREAS_FILE, contract=schema.AREAS, what="list of areas")
    except MissingTableError:
        return
    try:
        others = read_table(
            path=Path(data_dir) / OTHER_AUTHORITIES_FILE, contract=schema.OTHER_AUTHORITIES, what="other authorities"
        )
    except MissingTableError:
        others = None
    council_of(submissions=submissions, area_code=area_code, areas=areas, others=others)


def council_of(
    *, submissions: Sequence[Submission], area_code: str, areas: pl.DataFrame, others: pl.DataFrame | None
) -> None:
    """:func:`check_council` on tables already read (a Spark worker has the tables, not the data folder)."""
    _, meant_name = _named(area_code, areas=areas, others=others)
    for sub in submissions:
        for code in sub.la_codes:
            council, name = _named(code, areas=areas, others=others)
            if council == area_code:
                continue
            what = f"{name} ({code})" if council else f"'{code}', which is not a council in the areas table"
            raise MetricsError(
                f"{sub.name}: its LA_Code is {what}, but it is being loaded for {meant_name} ({area_code}). "
                "Nothing was published. Load it for the council it is from, or, if it is a test file, say so "
                "(--test-extract on the command line)."
            )


def computed_rows(
    events: pl.DataFrame,
    *,
    submissions: Sequence[Submission],
    locations: pl.DataFrame | None,
    population: pl.DataFrame | None,
    area_code: str,
    worked: indicators.Worked | None = None,
) -> pl.DataFrame:
    """Every measure from one council's events: every month and week, the whole quarters and years they make,
    DHSC's quarterly waits, the yearly ASCOF measures (2B and 2C over ``population``, 2E, 3D) and the quarterly
    costs. What the ingest publishes and the benchmark times (``worked``: metrics.cld.indicators.worked_out, when
    the caller needs it too)."""
    month_ends = indicators.months(events, submissions=tuple(submissions))
    monthly = indicators.every_indicator(
        events, locations=locations, submissions=tuple(submissions), month_ends=month_ends, worked=worked
    )
    years = indicators.whole_years(month_ends)
    quarters = [periods.parse(label) for label in rollup.quarters_covered(month_ends)]
    parts = [
        monthly,
        rollup.rolled_up(monthly, month_ends=month_ends),
        indicators.yearly_ascof(events, years=years),
        indicators.quarterly_costs(events, quarters=quarters),
    ]
    if population is not None:
        parts.append(indicators.admission_rates(events, years=years, population=population, area_code=area_code))
    return pl.concat(parts, how="diagonal_relaxed")


def rows_from_extracts(
    *,
    paths: Extracts,
    area_code: str,
    dataset: str,
    data_dir: Path | None = None,
    renames: dict[str, str] | None = None,
    test_extract: bool = False,
    progress: Progress | None = None,
    local_names: dict[str, tuple[str, ...]] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    encoding: str | None = None,
) -> tuple[pl.DataFrame, extract.Quality, str]:
    """The indicator rows in the ingest layout (text): every month, the whole quarters and years they make, DHSC's
    quarterly waits, and the yearly ASCOF measures (2B and 2C over the bundled population, 2E, 3D); the quality
    report; and the
    source line. The extracts' LA_Code must be ``area_code``'s (:func:`check_council`)."""
    tell = progress or (lambda _what, _done: None)
    tell("Reading and minimising the extract", 0.05)
    events, quality = extract.read_extracts(list(paths), encoding=encoding)
    check_council(submissions=quality.submissions, area_code=area_code, data_dir=data_dir, test=test_extract)
    events = categorise(events, names=local_names, threshold=threshold)
    source = source_line(dataset=dataset, submissions=quality.submissions, events=events)
    locations = _read_optional(Path(data_dir) / LOCATIONS_FILE) if data_dir else None
    population = _read_optional(Path(data_dir) / POPULATION_FILE) if data_dir else None
    tell(f"Computing the measures from {events.height:,} events", 0.4)
    found = computed_rows(
        events, submissions=quality.submissions, locations=locations, population=population, area_code=area_code
    )
    note = pl.lit(None, pl.String)
    if is_synthetic(events):
        note = pl.lit("Demonstration: computed from synthetic CLD records (seed.synthetic_cld), no real person")
    if population is not None:
        years = sorted(set(population["year"].to_list()))
        words = (
            "Rate over the nearest ONS mid-year population estimate bundled ("
            + ", ".join(f"mid-{y}" for y in years)
            + ")"
        )
        note = (
            pl.when(pl.col("indicator_id").is_in(["admissions_18_64_rate", "admissions_65_rate"]))
            .then(pl.concat_str([note, pl.lit(words)], separator="; ", ignore_nulls=True))
            .otherwise(note)
        )
    if renames:
        found = found.with_columns(pl.col("indicator_id").replace(renames))
        for cld, local in renames.items():
            words = f"Published as '{local}' at the council's choice; computed as CLD '{cld}'"
            note = (
                pl.when(pl.col("indicator_id") == local)
                .then(pl.concat_str([note, pl.lit(words)], separator="; ", ignore_nulls=True))
                .otherwise(note)
            )
    text = found.with_columns(
        pl.lit(area_code).alias("area_code"),
        pl.lit(source).alias("source"),
        pl.lit(schema.DEMONSTRATION if is_synthetic(events) else schema.COMPUTED).alias("provenance"),
        pl.lit("final").alias("status"),
        note.alias("note"),
        *(pl.col(c).cast(pl.String) for c in ("value", "numerator", "denominator")),
    ).sort("indicator_id", "period_type", "period", "breakdown_dim", "breakdown_cat", nulls_last=False)
    return text, quality, source  # sorted: the same extract always publishes the same file


def beyond_their_units(text: pl.DataFrame) -> tuple[pl.DataFrame, str | None]:
    """The computed rows without those whose figure lies beyond what its unit can be (a percentage over 100, an
    admission rate over 100,000 from a tiny population), and what was left out, in words, for the quality report:
    one impossible figure is a finding about the extract, not a reason to refuse the whole of it."""
    limits = {ind.id: SANE_MAX.get(ind.unit) for ind in registry.INDICATORS}
    value = pl.col("value").cast(pl.Float64, strict=False)
    limit = pl.col("indicator_id").replace_strict(limits, default=None, return_dtype=pl.Float64)
    parts = [
        pl.col(c).cast(pl.Float64, strict=False) > SANE_PARTS for c in ("numerator", "denominator") if c in text.columns
    ]
    beyond = pl.any_horizontal([(value > limit).fill_null(False), *(p.fill_null(False) for p in parts)])
    out = text.filter(beyond)
    if out.height == 0:
        return text, None
    said = "; ".join(
        f"{i} {p} ({v} beyond {limits[i]:,.0f})"
        for i, p, v in out.select("indicator_id", "period", "value").head(10).iter_rows()
    )
    more = f" and {out.height - 10} more" if out.height > 10 else ""
    return text.filter(~beyond), f"{out.height} figure(s) beyond their unit left out: {said}{more}"


def ingest_cld(
    *,
    paths: Extracts,
    dataset: str,
    area_code: str,
    data_dir: Path,
    renames: dict[str, str] | None = None,
    test_extract: bool = False,
    progress: Progress | None = None,
    local_names: dict[str, tuple[str, ...]] | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    encoding: str | None = None,
) -> tuple[str, extract.Quality]:
    """Read, compute, check and publish; returns (what publish did, the quality report). ``paths`` are files on
    disk or extracts in memory (an upload: :class:`metrics.cld.extract.ExtractFile`); ``progress`` is told each
    step as it starts."""
    check_dataset_name(dataset)
    text, quality, source = rows_from_extracts(
        paths=paths,
        area_code=area_code,
        dataset=dataset,
        data_dir=data_dir,
        renames=renames,
        test_extract=test_extract,
        progress=progress,
        local_names=local_names,
        threshold=threshold,
        encoding=encoding,
    )
    names = ", ".join(ExtractFile.of(p).name for p in paths)
    text, findings = beyond_their_units(text)
    if progress:
        progress(f"Checking {text.height:,} figures", 0.8)
    checked = validated_values(raw=text, file=f"(indicators computed from {names})", data_dir=data_dir)
    if progress:
        progress("Publishing", 0.9)
    report = quality.frame.with_columns(
        pl.lit(dataset).alias("dataset"),
        pl.lit(source).alias("source"),
        pl.lit(quality.duplicates).alias("duplicates_removed"),
        pl.lit(quality.replaced).alias("replaced_by_later_file"),
        pl.lit("; ".join(s.words(anonymous=True) for s in quality.submissions)).alias("submissions"),
        pl.lit(findings, pl.String).alias("left_out"),
    )
    target = values_path(data_dir=data_dir, dataset=dataset)
    outcome = publish(frame=checked, target=target, attached={QUALITY_KEY: _encoded(report)})
    with contextlib.suppress(OSError):  # superseded by the attached one, which is what is read
        quality_path(data_dir=data_dir, dataset=dataset).unlink(missing_ok=True)
    return outcome, quality


def attached_report(*, path: Path) -> pl.DataFrame | None:
    """The quality report published with the values file at ``path`` (None when it has none)."""
    text = attachment(path=path, key=QUALITY_KEY)
    return _decoded(text) if text else None


def quality_reports(*, data_dir: Path, served: Sequence[Path] | None = None) -> pl.DataFrame:
    """Every published CLD dataset's data-quality report, one row per dataset and field (empty when none): the one
    attached to the values file being served (``served``: the store's served files, a kept version among them
    standing for its dataset; by default every published file), so a report is always of the extract its figures
    came from, and a file not served shows none. An earlier version's separate report is read only for a dataset
    published before reports were attached."""
    files = sorted((Path(data_dir) / VALUES_DIR).glob("*.parquet")) if served is None else list(served)
    attached = {stands_for(path): attached_report(path=path) for path in files}
    frames = [frame for frame in attached.values() if frame is not None]
    folder = Path(data_dir) / QUALITY_DIR
    earlier = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
    frames += [pl.read_parquet(path) for path in earlier if attached.get(path.stem, False) is None]
    return pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
