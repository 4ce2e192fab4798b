"""Every council's CLD figures and their regions' and England's, on one machine: the reference the Spark driver
(``python -m national``) must match, and the publisher of the pooled rows as comparators.

A council's parts are computed by :func:`council_parts` from its partition of a national CLD collection
(``area_code=E06000016/…parquet``), with the ingest's own reader, checks and measures
(metrics.cld.extract.read_extracts, metrics.ingest.cld.computed_rows), so a council's figure here is the figure
the ingest publishes for it. Regions and England are pooled from them by metrics.cld.pooled.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from metrics.analysis.disclosure import DEFAULT_THRESHOLD
from metrics.cld import extract, indicators, pooled
from metrics.cld.extract import ExtractFile
from metrics.cld.local import categorise
from metrics.core.errors import MetricsError
from metrics.ingest.cld import beyond_their_units, computed_rows, council_of, is_synthetic
from metrics.ingest.values import check_dataset_name, validated_values
from metrics.storage import schema
from metrics.storage.publish import publish
from metrics.storage.query import NATIONAL_PREFIX
from metrics.storage.store import DataStore, values_path

PARTITION = "area_code="


def council_parts(
    *,
    sources: Sequence[ExtractFile],
    area_code: str,
    locations: pl.DataFrame | None,
    population: pl.DataFrame | None,
    areas: pl.DataFrame | None = None,
    others: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One council's parts (metrics.cld.pooled.PARTS_SCHEMA) from its extracts (``sources``: its partition's files,
    on disk or, as a Spark task hands them over, in memory; in name order, so a later return stands over an
    earlier one): read and checked as the ingest reads extracts, local names made safe as the ingest makes them,
    every measure as the ingest computes it, and its waits by length. With ``areas`` (and ``others``), a file whose
    LA_Code is another council's is refused, as the ingest refuses it (metrics.ingest.cld.check_council), rather
    than counted under the folder it was put in."""
    events, quality = extract.read_extracts(list(sources))
    if areas is not None:
        council_of(submissions=quality.submissions, area_code=area_code, areas=areas, others=others)
    events = categorise(events, names=None, threshold=DEFAULT_THRESHOLD)
    worked = indicators.worked_out(events, submissions=quality.submissions)
    rows = computed_rows(
        events,
        submissions=quality.submissions,
        locations=locations,
        population=population,
        area_code=area_code,
        worked=worked,
    )
    month_ends = indicators.months(events, submissions=quality.submissions)
    days = indicators.wait_days(worked.waits, month_ends=month_ends, local=indicators.local_columns(events))
    return pooled.council_parts(area_code=area_code, rows=rows, wait_days=days, demonstration=is_synthetic(events))


def named(*, area_code: str, file_name: str) -> str:
    """What a partition's file is called in messages, by either engine: its place in the collection
    (``area_code=E06000016/events.parquet``), whatever folder or bucket the collection is in."""
    return f"{PARTITION}{area_code}/{file_name}"


def extract_files(*, area_code: str, files: Sequence[Path]) -> list[ExtractFile]:
    """A partition's files, in name order, as the reader takes them."""
    ordered = sorted(files, key=lambda path: path.name)
    return [ExtractFile(name=named(area_code=area_code, file_name=path.name), path=path) for path in ordered]


def partitions(*, collection: Path, councils: Sequence[str] | None = None) -> dict[str, list[Path]]:
    """{council code: its Parquet files} in a national collection's ``area_code=`` folders (``councils``: only
    these). Raises MetricsError when the folder holds none, or lacks a council asked for."""
    found: dict[str, list[Path]] = {}
    for folder in sorted(Path(collection).glob(f"{PARTITION}*")):
        files = sorted(folder.glob("*.parquet"))
        if folder.is_dir() and files:
            found[folder.name.removeprefix(PARTITION)] = files
    if not found:
        raise MetricsError(f"{collection}: no {PARTITION}… folders of Parquet files (a national CLD collection)")
    if councils is not None:
        missing = sorted(set(councils) - set(found))
        if missing:
            raise MetricsError(f"{collection}: no partition for {', '.join(missing)}")
        found = {code: found[code] for code in councils}
    return found


def every_council(
    *,
    collection: Path,
    locations: pl.DataFrame | None,
    population: pl.DataFrame | None,
    councils: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Every council's parts, one partition after another."""
    parts = []
    for code, files in partitions(collection=collection, councils=councils).items():
        sources = extract_files(area_code=code, files=files)
        parts.append(council_parts(sources=sources, area_code=code, locations=locations, population=population))
    return pl.concat(parts)


def regions_of(*, areas: pl.DataFrame) -> dict[str, str]:
    """{council code: its region's code}, from data/areas.parquet."""
    councils = areas.filter(pl.col("area_type") == "council").drop_nulls("region_code")
    return dict(zip(councils["area_code"].to_list(), councils["region_code"].to_list(), strict=True))


def areas_pooled(*, councils: pl.DataFrame, areas: pl.DataFrame) -> pl.DataFrame:
    """Each region's parts pooled from its councils' (``councils``), and England's from the regions': the same
    rule (metrics.cld.pooled.pooled) at each level. A council with no region in ``areas`` is refused."""
    region_of = regions_of(areas=areas)
    codes = set(councils["area_code"].unique().to_list())
    lost = sorted(codes - set(region_of))
    if lost:
        raise MetricsError(f"CLD pooling: no region for {', '.join(lost)} in areas.parquet")
    placed = councils.with_columns(pl.col("area_code").replace_strict(region_of).alias("_region"))
    members = members_of(codes=codes, region_of=region_of)
    regions = [
        pooled.pooled(group.drop("_region"), area_code=str(code), expected=members[str(code)])
        for (code,), group in placed.group_by("_region", maintain_order=False)
    ]
    region_parts = pl.concat(regions).sort("area_code", "kind", *pooled.KEYS, "days", nulls_last=False)
    england = pooled.pooled(region_parts, area_code=schema.ENGLAND, expected=len(codes))
    return pl.concat([region_parts, england])


def members_of(*, codes: set[str] | Sequence[str], region_of: dict[str, str]) -> dict[str, int]:
    """{region: how many of ``codes`` (the councils of the run) are in it}: what each region's figures must stand
    on (metrics.cld.pooled.pooled's ``expected``)."""
    counted: dict[str, int] = {}
    for code in codes:
        counted[region_of[code]] = counted.get(region_of[code], 0) + 1
    return counted


def by_region(
    *,
    collection: Path,
    out: Path,
    locations: pl.DataFrame | None,
    population: pl.DataFrame | None,
    areas: pl.DataFrame,
    others: pl.DataFrame | None = None,
    councils: Sequence[str] | None = None,
) -> pl.DataFrame:
    """The whole national job on one machine, one region at a time, so memory holds one region's councils, not
    England's: each council's parts written to ``out``/councils/area_code=…/ (as Spark writes them), each region
    pooled from its councils, England from the regions (the same rule and the same answer as
    :func:`areas_pooled`, since pooling again gives what pooling once gives). Returns the areas' parts, also
    written to ``out``/areas/."""
    found = partitions(collection=collection, councils=councils)
    region_of = regions_of(areas=areas)
    lost = sorted(set(found) - set(region_of))
    if lost:
        raise MetricsError(f"CLD pooling: no region for {', '.join(lost)} in areas.parquet")
    regions = []
    for region in sorted({region_of[code] for code in found}):
        members = []
        for code in sorted(c for c in found if region_of[c] == region):
            sources = extract_files(area_code=code, files=found[code])
            parts = council_parts(
                sources=sources,
                area_code=code,
                locations=locations,
                population=population,
                areas=areas,
                others=others,
            )
            folder = Path(out) / "councils" / f"{PARTITION}{code}"
            folder.mkdir(parents=True, exist_ok=True)
            parts.drop("area_code").write_parquet(folder / "part-0.parquet")
            members.append(parts)
        regions.append(pooled.pooled(pl.concat(members), area_code=region, expected=len(members)))
        del members
    region_parts = pl.concat(regions).sort("area_code", "kind", *pooled.KEYS, "days", nulls_last=False)
    result = pl.concat([region_parts, pooled.pooled(region_parts, area_code=schema.ENGLAND, expected=len(found))])
    (Path(out) / "areas").mkdir(parents=True, exist_ok=True)
    result.write_parquet(Path(out) / "areas" / "part-0.parquet")
    return result


def read_parts(folder: Path) -> pl.LazyFrame:
    """Parts as either engine writes them (Parquet under ``folder``, the councils' partitioned by council), in
    metrics.cld.pooled.PARTS_SCHEMA; lazy, so a national run's councils are counted without being held."""
    frame = pl.scan_parquet(Path(folder) / "**" / "*.parquet", hive_partitioning=True)
    return frame.select([pl.col(c).cast(t) for c, t in pooled.PARTS_SCHEMA.items()])


NOTE = (
    "Demonstration: pooled from {councils} councils' synthetic CLD records (metrics.seed.national_cld), no real person"
)
METHOD = "counts summed, shares and rates from summed parts, medians from the pooled waits"


#: What a region's or England's figure can be set beside a council's: shares, rates, averages and medians. A count
#: is not (England's 15,000 people overdue beside Leicester's 1,300 says only that England is bigger, and flattens
#: the council's line on the chart): counts stay in the run's output (``out/areas``), not among the comparators.
COMPARABLE = frozenset(pooled.RATIOS) | pooled.MEDIANS


def pooled_text(*, parts: pl.DataFrame, source: str) -> pl.DataFrame:
    """The areas' comparable figures (:data:`COMPARABLE`) in the ingest layout (text), to publish as comparators:
    demonstration where any council behind a figure was synthetic, and a note saying how many councils and by what
    rule."""
    figures = parts.filter((pl.col("kind") == pooled.FIGURE) & pl.col("indicator_id").is_in(sorted(COMPARABLE)))
    demo = pl.col("demonstration")
    councils = pl.col("councils").cast(pl.String)
    note = (
        pl.when(demo)
        .then(pl.format(NOTE.replace("{councils}", "{}"), councils))
        .otherwise(pl.format("Pooled from {} councils' CLD", councils))
    )
    return figures.select(
        "indicator_id",
        "area_code",
        "period",
        "period_type",
        "breakdown_dim",
        "breakdown_cat",
        *(pl.col(c).cast(pl.String) for c in ("value", "numerator", "denominator")),
        pl.lit("final").alias("status"),
        pl.lit(source).alias("source"),
        pl.when(demo).then(pl.lit(schema.DEMONSTRATION)).otherwise(pl.lit(schema.COMPUTED)).alias("provenance"),
        pl.concat_str([note, pl.lit(METHOD)], separator="; ").alias("note"),
    ).sort("area_code", "indicator_id", "period_type", "period", "breakdown_dim", "breakdown_cat", nulls_last=False)


def publish_pooled(*, parts: pl.DataFrame, dataset: str, data_dir: Path, engine: str) -> str:
    """Publish the areas' pooled figures as ``dataset`` (checked against the data contract, published whole or
    not at all, as every dataset is), less any figure beyond its unit, as the ingest leaves a council's out
    (metrics.ingest.cld.beyond_their_units), and, while they are demonstration, less any figure a publication or a
    council's own computed rows give for the same area, period and breakdown (demonstration fills only what nothing
    publishes); returns what publish did and what was left out."""
    check_dataset_name(dataset)
    if dataset.startswith(NATIONAL_PREFIX):
        raise MetricsError(
            f"{dataset}: names starting '{NATIONAL_PREFIX}' are the national publishers' files (ASCOF, Oflog, CQC); "
            "name pooled CLD figures otherwise (pooled_cld)"
        )
    demonstration = bool(parts["demonstration"].any())
    councils = int(parts.filter(pl.col("area_code") == schema.ENGLAND)["councils"].max() or 0)  # type: ignore[arg-type]
    source = (
        f"{'Demonstration: ' if demonstration else ''}pooled from {councils} councils' CLD "
        f"({'the synthetic national sample, ' if demonstration else ''}{engine}); DHSC CLD definitions"
    )
    text, left_out = beyond_their_units(pooled_text(parts=parts, source=source))
    checked = validated_values(raw=text, file=f"(CLD figures pooled from {councils} councils)", data_dir=data_dir)
    said = [left_out] if left_out else []
    if demonstration:  # demonstration fills only what nothing publishes: England's published 2A stays England's 2A
        key = list(schema.KEY)
        real = (
            DataStore(data_dir)
            .collect(lambda values: values.filter(pl.col("provenance") != schema.DEMONSTRATION).select(key))
            .unique()
        )
        kept = checked.join(real, on=key, how="anti", nulls_equal=True)
        if kept.height < checked.height:
            said.append(f"{checked.height - kept.height} figure(s) a publication gives left out")
        checked = kept.sort(key, nulls_last=False)
    done = publish(frame=checked, target=values_path(data_dir=data_dir, dataset=dataset))
    return "; ".join([done, *said])
