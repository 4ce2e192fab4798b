"""Where the published tables live, and loading them once, validated.

The data folder holds:

    values/<dataset>.parquet      indicator values, one file per dataset
    areas.parquet                 England, regions, councils, comparator groups
    comparator_groups.parquet     members of each named group
    commentary.parquet            key messages

A values file that breaks the contract is set aside, with the reason, and
the others are still served: one bad table never takes the app down. A file
written by publish (after ingest checked every row) has its columns checked
on load; any other file has every row checked, once per process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from metrics.core.errors import DataFileError, MissingTableError, Problem, TableValidationError
from metrics.storage import schema
from metrics.storage.publish import (
    CONTRACT_VERSION,
    PUBLISHED_AT,
    VALIDATED,
    readable,
    stands_for,
    verify,
    versions,
)
from metrics.storage.validation import ROW, check_schema, check_values

AREAS_FILE = "areas.parquet"
GROUPS_FILE = "comparator_groups.parquet"
COMMENTARY_FILE = "commentary.parquet"
POPULATION_FILE = "population.parquet"
LOCATIONS_FILE = "cqc_locations.parquet"
CHANGE_POINTS_FILE = "change_points.parquet"
DOCUMENTS_FILE = "documents.parquet"
OTHER_AUTHORITIES_FILE = "other_authorities.parquet"
VALUES_DIR = "values"


def _checked_at_publish(path: Path) -> bool:
    try:
        return pl.read_parquet_metadata(path).get(VALIDATED) == CONTRACT_VERSION
    except Exception:  # unreadable: the full check will say so
        return False


def _decodes(path: Path) -> bool:
    """Whether every row group of a Parquet file can be read (a damaged page fails here)."""
    try:
        pl.scan_parquet(path).select(pl.all().count()).collect()
        pl.read_parquet(path)
        return True
    except Exception:
        return False


#: A values file published before the provenance column (contract values-2) has the boolean is_demonstration; it
#: is read as provenance (demonstration where it was true, computed where its source says computed, published
#: otherwise), so a council's data already published stays served after an upgrade.
LEGACY_VALUES = {
    **{k: v for k, v in schema.VALUES.items() if k != "provenance"},
    schema.LEGACY_DEMONSTRATION: pl.Boolean(),
}


def is_legacy_values(path: Path) -> bool:
    """Whether a values file has the old is_demonstration column and no provenance."""
    try:
        names = pl.read_parquet_schema(path)
    except Exception:  # unreadable: the full check says so
        return False
    return schema.LEGACY_DEMONSTRATION in names and "provenance" not in names


def upgrade_legacy(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Old values rows in today's columns: is_demonstration read as provenance."""
    computed = pl.col("source").str.to_lowercase().str.starts_with("computed from").fill_null(False)
    provenance = (
        pl.when(pl.col(schema.LEGACY_DEMONSTRATION))
        .then(pl.lit(schema.DEMONSTRATION))
        .when(computed)
        .then(pl.lit(schema.COMPUTED))
        .otherwise(pl.lit(schema.PUBLISHED))
    )
    extra = [c for c in frame.collect_schema().names() if c not in LEGACY_VALUES]
    return frame.with_columns(provenance.alias("provenance")).select(*schema.VALUES, *extra)


def values_path(*, data_dir: Path, dataset: str) -> Path:
    return Path(data_dir) / VALUES_DIR / f"{dataset}.parquet"


def read_table(*, path: Path, contract: dict[str, pl.DataType], what: str) -> pl.DataFrame:
    """Read one published table and check its columns; raises MissingTableError or TableValidationError."""
    if not path.exists():
        raise MissingTableError(file=str(path), what=what)
    damaged = verify(path)
    if damaged:
        raise TableValidationError(file=str(path), problems=[Problem("(file)", None, "the file as published", damaged)])
    try:
        found = pl.read_parquet_schema(path)
    except Exception:  # pyarrow/polars raise several types for a corrupt file
        raise TableValidationError(
            file=str(path),
            problems=[Problem("(file)", None, "a Parquet file", "a file that cannot be read: it may be damaged")],
        ) from None
    problems = check_schema(found, contract=contract)
    if problems:
        raise TableValidationError(file=str(path), problems=problems)
    try:
        return pl.read_parquet(path)
    except Exception:
        raise TableValidationError(
            file=str(path),
            problems=[
                Problem("(file)", None, "a Parquet file", "a file whose contents cannot be decoded: it may be damaged")
            ],
        ) from None


def _scan(files: list[Path]) -> pl.LazyFrame:
    """The values files scanned lazily, with a ``dataset`` column naming each row's file (a kept version served
    in place of a damaged file, ``.versions/<dataset>/<when>.parquet``, names its dataset)."""
    names = {str(path): stands_for(path) for path in files}
    return (
        pl.scan_parquet(files, include_file_paths="_path")
        .with_columns(pl.col("_path").replace_strict(names, return_dtype=pl.String).alias("dataset"))
        .drop("_path")
    )


def _contract_problems(path: Path, *, area_codes: list[str]) -> list[Problem]:
    """How a values file breaks the contract: its columns, where publish checked its rows (the file says so), else
    every row, once per process; a file published before provenance is read as today's columns first."""
    if is_legacy_values(path):  # published before provenance: read as today's columns
        frame = upgrade_legacy(read_table(path=path, contract=LEGACY_VALUES, what="indicator values").lazy()).collect()
        return check_values(frame.with_row_index(ROW, offset=2), area_codes=area_codes)
    if _checked_at_publish(path):
        return check_schema(pl.read_parquet_schema(path), contract=schema.VALUES)
    # put here by hand or another tool: check every row once
    frame = read_table(path=path, contract=schema.VALUES, what="indicator values")
    return check_values(frame.with_row_index(ROW, offset=2), area_codes=area_codes)


def _last_good(path: Path, *, area_codes: list[str]) -> Path | None:
    """The newest kept version of a values file that is whole (its checksum as kept, every row decoding) and meets
    the contract as the published file must (:func:`_contract_problems`): what is served while the published file
    does not verify."""
    for kept in reversed(versions(target=path)):
        try:
            if readable(kept) and not _contract_problems(kept, area_codes=area_codes):
                return kept
        except Exception:  # a kept file that cannot be read or checked is passed over, never served
            continue
    return None


def _described(kept: Path) -> str:
    """'the version published on 1 May 2024 at 09:00 UTC' (or 'kept as <name>'), for the note on a damaged file."""
    try:
        when = pl.read_parquet_metadata(kept).get(PUBLISHED_AT)
    except Exception:
        when = None
    try:
        shown = datetime.strptime(when or "", "%Y-%m-%dT%H:%M:%SZ").strftime("%-d %b %Y at %H:%M UTC")
    except ValueError:
        shown = None
    return f"the version published on {shown}" if shown else f"the version kept as {kept.name}"


#: How many recent results a store keeps (:meth:`DataStore.recent`): a council's rows of one indicator, its
#: disclosure decision and its comparator series, tens of KB each, so up to about 100 MB (measured with every council
#: opened twice: memory flat at 502-512 MB, docs/load.md).
RECENT_ENTRIES = 2048


@dataclass
class DataStore:
    """The published tables in one data folder, each read and checked once."""

    data_dir: Path
    rejected: dict[str, str] = field(default_factory=dict)  # file -> why it is not served
    served_instead: dict[str, str] = field(default_factory=dict)  # rejected file -> the kept version served for it
    _serving: dict[str, Path] = field(default_factory=dict, repr=False)  # rejected file -> that kept version's path
    _value_files: list[Path] | None = None
    _memo: dict = field(default_factory=dict)
    _recent: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _generation: int = 0  # raised whenever a file is set aside, so a result built before is not kept after
    # one store serves every session of the app: what it keeps is changed under this lock
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    def __post_init__(self) -> None:
        self.data_dir = Path(self.data_dir)

    # -- reference tables: each read and checked on first use, then kept -------
    def _table(self, file: str, contract: dict[str, pl.DataType], what: str) -> pl.DataFrame:
        return self.memo(file, lambda: read_table(path=self.data_dir / file, contract=contract, what=what))

    def areas(self) -> pl.DataFrame:
        return self._table(AREAS_FILE, schema.AREAS, "list of areas")

    def groups(self) -> pl.DataFrame:
        return self._table(GROUPS_FILE, schema.GROUPS, "comparator groups")

    def commentary(self) -> pl.DataFrame:
        return self._table(COMMENTARY_FILE, schema.COMMENTARY, "key messages")

    def population(self) -> pl.DataFrame:
        return self._table(POPULATION_FILE, schema.POPULATION, "population estimates")

    def change_points(self) -> pl.DataFrame:
        return self._table(CHANGE_POINTS_FILE, schema.CHANGE_POINTS, "known change points")

    def documents(self) -> pl.DataFrame:
        return self._table(DOCUMENTS_FILE, schema.DOCUMENTS, "citations of the source documents")

    def other_authorities(self) -> pl.DataFrame:
        return self._table(OTHER_AUTHORITIES_FILE, schema.OTHER_AUTHORITIES, "district and other authorities")

    def locations(self) -> pl.DataFrame:
        return self._table(LOCATIONS_FILE, schema.LOCATIONS, "CQC provider ratings")

    # -- values ---------------------------------------------------------------
    def value_files(self) -> list[Path]:
        """The values files that passed their checks. Rejected ones are in ``rejected``."""
        with self._lock:
            return self._checked_value_files()

    def _checked_value_files(self) -> list[Path]:
        if self._value_files is None:
            area_codes = self.areas()["area_code"].to_list()
            good = []
            for path in sorted((self.data_dir / VALUES_DIR).glob("*.parquet")):
                damaged = None
                try:
                    damaged = verify(path)
                    if damaged:  # say what is wrong inside as well, where the file can still be read
                        problems = [Problem("(file)", None, "the file as published", damaged)]
                        try:
                            frame = pl.read_parquet(path)
                            problems += check_schema(frame.schema, contract=schema.VALUES) or check_values(
                                frame.with_row_index(ROW, offset=2), area_codes=area_codes
                            )
                        except Exception:
                            pass
                        raise TableValidationError(file=str(path), problems=problems)
                    problems = _contract_problems(path, area_codes=area_codes)
                    if problems:
                        raise TableValidationError(file=str(path), problems=problems)
                except TableValidationError as exc:
                    self.rejected[str(path)] = str(exc)
                    earlier = _last_good(path, area_codes=area_codes) if damaged else None
                    if earlier is not None:  # the last whole version, said on every page that shows the note
                        self.served_instead[str(path)] = _described(earlier)
                        self._serving[str(path)] = earlier
                        good.append(earlier)
                    continue
                good.append(path)
            self._value_files = good
        return self._value_files

    def datasets(self) -> pl.DataFrame:
        """One row per values file: dataset, file, rows, published_at, and whether it is served."""
        rows = []
        served = set(self.value_files())
        for path in sorted((self.data_dir / VALUES_DIR).glob("*.parquet")):
            try:
                meta = pl.read_parquet_metadata(path)
                n = pl.scan_parquet(path).select(pl.len()).collect().item()
            except Exception:
                meta, n = {}, None
            rows.append(
                {
                    "dataset": path.stem,
                    "file": str(path.relative_to(self.data_dir)),
                    "rows": n,
                    "published_at": meta.get(PUBLISHED_AT),
                    "served": path in served or self._serving.get(str(path)) in served,
                    "problem": self.rejected.get(str(path), ""),
                }
            )
        return pl.DataFrame(
            rows,
            schema={
                "dataset": pl.String,
                "file": pl.String,
                "rows": pl.Int64,
                "published_at": pl.String,
                "served": pl.Boolean,
                "problem": pl.String,
            },
        )

    def memo(self, key: str, build):
        """Compute ``build()`` once per store (per process in the app) and keep it: tables do not change while served."""
        with self._lock:
            if key not in self._memo:
                self._memo[key] = build()
            return self._memo[key]

    def fingerprint(self) -> tuple:
        """What this store serves: each served values file, the areas and the population, by path, size and
        modification time. Results worked out from them alone can be shared by every store over the same files
        (:func:`shared`); a file published, restored or set aside changes it."""

        def build() -> tuple:
            files = [*self.value_files(), self.data_dir / AREAS_FILE, self.data_dir / POPULATION_FILE]
            return tuple(
                (str(p), p.stat().st_size, p.stat().st_mtime_ns) if p.exists() else (str(p), -1, -1) for p in files
            )

        return self.memo("fingerprint", build)

    def recent(self, key: tuple, build):
        """``build()`` kept for the :data:`RECENT_ENTRIES` keys used most recently: for results that are many and small
        (one indicator's rows for one council), asked for again on every rerun of a page, where keeping every one
        for every council would grow without end. Built outside the lock, so sessions wait only for their own."""
        with self._lock:
            if key in self._recent:
                self._recent.move_to_end(key)
                return self._recent[key]
            generation = self._generation
        value = build()
        with self._lock:
            if generation == self._generation:
                self._recent[key] = value
                while len(self._recent) > RECENT_ENTRIES:
                    self._recent.popitem(last=False)
        return value

    def forget_results(self) -> None:
        """Let go of every result kept for recent use (:meth:`recent`) and those shared over this store's files
        (:func:`shared`), keeping the files read and checked: so a benchmark times the work, not a kept answer."""
        key = self.fingerprint()
        with self._lock:
            self._recent.clear()
        with _shared_lock:
            for full in [k for k in _shared if k[0] == key]:
                del _shared[full]

    def _indicator_ranges(self) -> dict[Path, list[tuple[str, str]]]:
        """For each served file, the (min, max) indicator id of each row group, from the Parquet footer alone."""

        def build() -> dict[Path, list[tuple[str, str]]]:
            ranges = {}
            for path in self.value_files():
                meta = pq.read_metadata(path)
                column = meta.schema.names.index("indicator_id")
                spans = []
                for g in range(meta.num_row_groups):
                    stats = meta.row_group(g).column(column).statistics
                    if stats is None or not stats.has_min_max:
                        spans = [("", "\uffff")]  # no statistics: the file may hold anything
                        break
                    spans.append((stats.min, stats.max))
                ranges[path] = spans
            return ranges

        return self.memo("indicator_ranges", build)

    def files_for(self, indicator_id: str) -> list[Path]:
        """Served files that may hold rows of ``indicator_id``, so a query opens only those."""
        return [
            path
            for path, spans in self._indicator_ranges().items()
            if any(lo <= indicator_id <= hi for lo, hi in spans)
        ]

    def set_aside(self, path: Path, why: str) -> None:
        """Stop serving ``path`` (it failed after it was opened): every page that needs it names it."""
        with self._lock:
            self.rejected[str(path)] = f"{path}: {why}"
            for original, kept in list(self._serving.items()):  # an earlier version set aside is no longer served
                if kept == path:
                    self.served_instead.pop(original, None)
                    self._serving.pop(original)
            if self._value_files is not None and path in self._value_files:
                self._value_files = [p for p in self._value_files if p != path]
            self._memo.clear()  # results built with the file's rows are dropped with it
            self._recent.clear()
            self._generation += 1

    def collect(self, build, *, indicator_id: str | None = None) -> pl.DataFrame:
        """``build(values)`` collected. A file whose data cannot be decoded (damaged after its footer was read) is set
        aside and named, and the query runs again without it, so the rest of the app keeps working."""
        for _attempt in range(len(self.value_files()) + 1):
            try:
                return build(self.values(indicator_id=indicator_id)).collect()
            except Exception as exc:  # polars raises ComputeError and others for a damaged file
                bad = [
                    p
                    for p in (self.value_files() if indicator_id is None else self.files_for(indicator_id))
                    if not _decodes(p)
                ]
                if not bad:
                    raise DataFileError(problem=f"a query over the values failed ({exc.__class__.__name__})") from None
                for path in bad:
                    self.set_aside(
                        path,
                        "its contents cannot be decoded: it may be damaged. Restore it "
                        "(python -m metrics.ingest restore) or publish it again",
                    )
        raise DataFileError(problem="every values file failed to decode")

    def values(self, *, indicator_id: str | None = None) -> pl.LazyFrame:
        """Served values, scanned lazily so filters reach the Parquet reader; with ``indicator_id``, only
        the files whose row-group statistics say they hold it are opened."""
        files = self.value_files() if indicator_id is None else self.files_for(indicator_id)
        if not files:
            return pl.LazyFrame(schema=schema.VALUES).with_columns(pl.lit(None, pl.String).alias("dataset"))
        legacy = [p for p in files if self.memo(f"legacy:{p}", lambda p=p: is_legacy_values(p))]
        current = [p for p in files if p not in legacy]
        scans = [_scan(current)] if current else []
        scans += [upgrade_legacy(_scan([p])) for p in legacy]
        return scans[0] if len(scans) == 1 else pl.concat(scans, how="vertical")


#: Results shared by every store in the process over the same files (:func:`shared`), the most recently used kept.
SHARED_ENTRIES = 2048
_shared: OrderedDict = OrderedDict()
_shared_lock = threading.Lock()


def shared(store: DataStore, key: tuple, build):
    """``build()`` kept for every store over the same files (:meth:`DataStore.fingerprint`), not for one store only:
    a decision costly to make (what disclosure control hides) is made once per process and data version, however
    many stores read the same folder (a restart of the caches, each test module)."""
    full = (store.fingerprint(), key)
    with _shared_lock:
        if full in _shared:
            _shared.move_to_end(full)
            return _shared[full]
    value = build()
    with _shared_lock:
        _shared[full] = value
        while len(_shared) > SHARED_ENTRIES:
            _shared.popitem(last=False)
    return value
