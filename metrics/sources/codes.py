"""Which council a publisher's area code means: the codes the areas table knows, and former councils' codes that a
publisher still uses for the council that took over their duties.

DHSC's 2024-25 ASCOF workbook labels Dorset Council's rows on its 6A and 6B sheets with E10000009, the code of
Dorset County Council, abolished in 2019; without this, Dorset drops out of those measures and every other council
is ranked "of 150" instead of "of 151". A row under a former council's code is read as its successor's only for a
period that starts after the former council was abolished: an earlier figure is the former council's own, over a
different area, and stays set aside (and reported). Only a one-to-one succession is aliased (mySociety's lookup,
metrics.storage.schema.OTHER_AUTHORITIES, kind "former council"): not Cumbria or Northamptonshire, each split in
two, nor Bournemouth and Poole, merged into one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from metrics.core import periods
from metrics.core.errors import MetricsError

FORMER_COUNCIL = "former council"


@dataclass(frozen=True)
class Alias:
    """A former council's code, the council that took its duties over, and the last day it existed."""

    retired: str
    successor: str
    ended: date


@dataclass(frozen=True)
class AreaCodes:
    """The codes an adapter keeps: every code of the areas table, and former councils' codes read as their
    successors' for periods after the abolition."""

    known: frozenset[str]
    aliases: Mapping[str, Alias] = field(default_factory=dict)

    @classmethod
    def of(cls, codes: Iterable[str]) -> AreaCodes:
        """Just these codes, with no aliases (hand-built tables, tests)."""
        return cls(frozenset(codes))

    @classmethod
    def from_tables(cls, *, areas: pl.DataFrame, other_authorities: pl.DataFrame | None) -> AreaCodes:
        """The areas table's codes, and the aliases of its former councils whose successor it holds."""
        known = frozenset(areas["area_code"].to_list())
        aliases: dict[str, Alias] = {}
        if other_authorities is not None and other_authorities.height:
            former = other_authorities.filter(
                (pl.col("kind") == FORMER_COUNCIL)
                & pl.col("asc_code").is_in(list(known))
                & pl.col("end_date").is_not_null()
            )
            # one-to-one successions only: where two former councils became one (Bournemouth and Poole, now with
            # Christchurch as BCP), a row under either old code is not the new council's figure
            heirs = former["asc_code"].value_counts()
            sole = set(heirs.filter(pl.col("count") == 1)["asc_code"].to_list())
            for retired, successor, ended in former.select("area_code", "asc_code", "end_date").iter_rows():
                if successor in sole:
                    aliases[retired] = Alias(retired, successor, ended)
        return cls(known, aliases)

    def __contains__(self, code: object) -> bool:
        return code in self.known

    def recode(
        self, frame: pl.DataFrame, *, period: str = "period", key: tuple[str, ...] = ()
    ) -> tuple[pl.DataFrame, dict[str, str]]:
        """``frame`` with each former council's code replaced by its successor's where the row's period starts
        after the abolition, and {retired: successor} for the codes replaced. ``period`` names the column holding
        the period as written (the adapters' text layout). Where the successor has a row of its own for the same
        ``key`` (the columns that name one figure, beside the area), the successor's own row stands and the former
        council's is left out: a publisher that lists both means two rows, not one figure twice."""
        hit = frame.filter(pl.col("area_code").is_in(list(self.aliases)))
        if hit.height == 0:
            return frame, {}
        starts = {label: _start(label) for label in hit[period].unique().to_list()}
        moved = {}
        for code, label in hit.select("area_code", period).iter_rows():
            begins = starts.get(label)
            if begins is not None and begins > self.aliases[code].ended:
                moved[code] = self.aliases[code].successor
        after = pl.col("area_code").replace_strict(
            {c: a.ended for c, a in self.aliases.items()}, default=None, return_dtype=pl.Date
        )
        start = pl.col(period).replace_strict(starts, default=None, return_dtype=pl.Date)
        swap = pl.col("area_code").is_in(list(self.aliases)) & (start > after).fill_null(False)
        recoded = frame.with_columns(
            pl.when(swap)
            .then(pl.col("area_code").replace_strict({c: a.successor for c, a in self.aliases.items()}, default=None))
            .otherwise(pl.col("area_code"))
            .alias("area_code"),
            swap.alias("_recoded"),
        )
        names = ["area_code", period, *(c for c in key if c in frame.columns)]
        own = recoded.filter(~pl.col("_recoded")).select(names).unique()
        clash = recoded.filter(pl.col("_recoded")).join(own, on=names, how="semi", nulls_equal=True)
        if clash.height:
            recoded = recoded.join(
                clash.select(names).with_columns(pl.lit(True).alias("_clash")), on=names, how="left", nulls_equal=True
            )
            recoded = recoded.filter(~(pl.col("_recoded") & pl.col("_clash").fill_null(False))).drop("_clash")
            moved = {
                code: successor
                for code, successor in moved.items()
                if recoded.filter(pl.col("_recoded") & (pl.col("area_code") == successor)).height
            }
        return recoded.drop("_recoded"), moved


def _start(label: str | None) -> date | None:
    if label is None:
        return None
    try:
        return periods.parse(label).start
    except MetricsError:
        return None
