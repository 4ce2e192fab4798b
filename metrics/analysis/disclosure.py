"""Disclosure control: small numbers are hidden from public views and exports, and nothing hidden can be worked out
by subtraction.

Primary suppression hides counts from 1 to threshold-1 (zero is shown: it discloses nothing about a person), and
shares and rates whose numerator is such a count or whose denominator is below the threshold; a rate per 100,000
published without its count is hidden where the count worked back from the bundled population
(``implied_count``, metrics.storage.query.with_implied_counts) is such a count.

Complementary (secondary) suppression, as the ONS and NHS England disclosure guidance asks: wherever published
figures add up to another published figure, a single hidden one could be recovered by subtraction, so another is
hidden beside it. The additive groups are found in the figures themselves, where the parts add up exactly to
their total:

* the categories of a breakdown and the headline of the same period (a team's figure from the council's total);
* any period exactly tiled by published periods of a finer type, for each category: the months of a quarter or
  a year, the quarters of a year, the weeks of a quarter that begins on a Monday, the quarters of a part year (a
  February from January, March and the quarter).

For counts the figures are the values; for shares and rates, their numerators and denominators (the data table
shows them). In any group with exactly one hidden figure, the first other non-zero part in a canonical order (not
the smallest: a choice that followed the values would move when a figure is revised) is hidden too (or, where
there is none, the total), and the groups are checked again until none has exactly one; the decision is made once
over the whole family of an indicator's figures for an area (:func:`hidden_for`), so every view, whatever period
or breakdown it shows, hides the same figures. Then a linear-algebra audit (:func:`determined`) finds any hidden
figure that a combination of several sums gives back (five published totals together, say) and hides the nearest
figure, or pair, that frees it, or else the few published figures that a search finds whose hiding lets it change
with every sum still holding (:func:`_balanced_change`); tests/test_subtraction.py solves every combination of the
public's sums as an attacker would and recovers nothing. Every view and export goes through :func:`apply`.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Set as AbstractSet
from fractions import Fraction

import polars as pl

from metrics.core import registry
from metrics.storage import query
from metrics.storage.store import DataStore, shared

PUBLIC = "public"
#: The threshold when none is configured (config.toml's suppression_threshold).
DEFAULT_THRESHOLD = 5
#: What identifies a figure within one indicator's family.
FIGURE = ("area_code", "period_type", "period_label", "breakdown_dim", "breakdown_cat")


def _small(col: str, threshold: int) -> pl.Expr:
    return (pl.col(col) > 0) & (pl.col(col) < threshold)


def primary(frame: pl.DataFrame, *, indicator: registry.Indicator, threshold: int) -> pl.Expr:
    """Which rows are small in themselves."""
    if indicator.is_count:
        return _small("value", threshold).fill_null(False)
    hide = _small("numerator", threshold) | (pl.col("denominator") < threshold)
    if "implied_count" in frame.columns:  # a rate on one person, its count worked back from the population
        hide = hide | (pl.col("numerator").is_null() & _small("implied_count", threshold))
    return hide.fill_null(False)


def _measures(indicator: registry.Indicator) -> tuple[str, ...]:
    return ("value",) if indicator.is_count else ("numerator", "denominator")


def _adds_up(parts: pl.DataFrame, *, measures: tuple[str, ...]) -> pl.Expr:
    """Whether, for some measure, every part and the total are known and the parts add up exactly to the total."""
    checks = [
        (pl.col(f"_n_{m}") == pl.col("_n")) & pl.col(f"_t_{m}").is_not_null() & (pl.col(f"_s_{m}") == pl.col(f"_t_{m}"))
        for m in measures
    ]
    return pl.any_horizontal(checks)


def _grouped(pairs: pl.DataFrame, *, measures: tuple[str, ...], whole: pl.Expr | None = None) -> pl.DataFrame:
    """From (total row, part row, part's and total's measures) pairs: each group whose parts add up to its total,
    as (``_t``: the total's row, ``_parts``: the parts' rows)."""
    agg = [pl.col("_p").alias("_parts"), pl.len().alias("_n")]
    for m in measures:
        agg += [pl.col(m).sum().alias(f"_s_{m}"), pl.col(m).is_not_null().sum().alias(f"_n_{m}")]
        agg.append(pl.col(f"_t_{m}").first())
    groups = pairs.group_by("_t", "_key").agg(agg)
    keep = _adds_up(groups, measures=measures) & (whole if whole is not None else pl.lit(True))
    return groups.filter(keep).select(pl.col("_t").cast(pl.Int64), pl.col("_parts").cast(pl.List(pl.Int64)))


def _days(start: str, end: str) -> pl.Expr:
    return (pl.col(end) - pl.col(start)).dt.total_days() + 1


def _tiled(rows: pl.DataFrame, *, totals: pl.DataFrame, measures: tuple[str, ...]) -> pl.DataFrame:
    """Groups over time: every figure whose period is exactly tiled by the periods of a finer type published beside
    it, for the same category (months, weeks or quarters of a quarter, a year or a part year), where they add up."""
    same = [c for c in ("area_code", "breakdown_dim", "breakdown_cat") if c in rows.columns]
    timed = rows.filter(pl.col("period_start").is_not_null() & pl.col("period_end").is_not_null())
    whole = timed.select(
        pl.col("_i").alias("_t"),
        *same,
        pl.col("period_type").alias("_wt"),
        pl.col("period_start").alias("_ws"),
        pl.col("period_end").alias("_we"),
    )
    pairs = (
        whole.join(timed.rename({"_i": "_p"}), on=same, nulls_equal=True)
        .filter(
            (pl.col("period_type") != pl.col("_wt"))
            & (pl.col("period_start") >= pl.col("_ws"))
            & (pl.col("period_end") <= pl.col("_we"))
            & (_days("period_start", "period_end") < _days("_ws", "_we"))
        )
        .join(totals, on="_t")
        .with_columns(pl.col("period_type").alias("_key"), _days("period_start", "period_end").alias("_d"))
    )
    covered = pairs.group_by("_t", "_key").agg(
        pl.col("_d").sum().alias("_covered"), pl.col("_ws").first(), pl.col("_we").first()
    )
    tiles = covered.filter(pl.col("_covered") == _days("_ws", "_we")).select("_t", "_key")
    return _grouped(pairs.join(tiles, on=["_t", "_key"]), measures=measures)


def groups(frame: pl.DataFrame, *, indicator: registry.Indicator) -> list[tuple[int, list[int]]]:
    """The additive groups of ``frame`` (rows numbered by ``_i``): (the total's row, or -1 for a total published
    elsewhere, and its parts' rows)."""
    measures = _measures(indicator)
    keep = ["_i", *[c for c in FIGURE if c in frame.columns], "period_start", "period_end", *measures]
    rows = frame.select([c for c in keep if c in frame.columns])
    out: list[pl.DataFrame] = []
    totals = rows.select(pl.col("_i").alias("_t"), *(pl.col(m).alias(f"_t_{m}") for m in measures))
    if "breakdown_dim" in rows.columns:  # categories and the headline of the same period
        head = rows.filter(pl.col("breakdown_dim").is_null()).select(
            "_i", *[c for c in ("area_code", "period_type", "period_label") if c in rows.columns]
        )
        parts = rows.filter(pl.col("breakdown_dim").is_not_null())
        on = [c for c in ("area_code", "period_type", "period_label") if c in rows.columns]
        pairs = (
            head.rename({"_i": "_t"})
            .join(parts.rename({"_i": "_p"}), on=on, nulls_equal=True)
            .join(totals, on="_t")
            .with_columns(pl.col("breakdown_dim").alias("_key"))
        )
        out.append(_grouped(pairs, measures=measures))
        # a breakdown with no headline here may add up to one published elsewhere (a national file): its categories
        # are protected as if it did, against a total that is never hidden (row -1)
        alone = parts.join(head.drop("_i"), on=on, how="anti", nulls_equal=True)
        out.append(
            alone.group_by(*on, "breakdown_dim")
            .agg(pl.col("_i").alias("_parts"))
            .select(pl.lit(-1, pl.Int64).alias("_t"), pl.col("_parts").cast(pl.List(pl.Int64)))
        )
    if {"period_type", "period_start", "period_end"} <= set(rows.columns):
        out.append(_tiled(rows, totals=totals, measures=measures))
    found = pl.concat(out) if out else pl.DataFrame(schema={"_t": pl.Int64, "_parts": pl.List(pl.Int64)})
    # one order, whatever order the joins and groupings gave: the same figures are hidden every time
    return sorted((int(t), sorted(int(p) for p in ps)) for t, ps in found.iter_rows())


def _complement(
    groups_found: list[tuple[int, list[int]]],
    hidden: set[int],
    *,
    size: dict[int, float],
    holding: dict[int, list[int]] | None = None,
    changed: set[int] | None = None,
) -> set[int]:
    """``hidden`` grown until no additive group has exactly one hidden figure: in such a group the first other
    non-zero part (canonical order) is hidden, or else any other part, or else the total.

    Rounds over the groups in order, as if every group were checked every round, but only the groups holding a
    figure hidden since their last check are looked at (``changed``: the figures new since ``hidden`` was last
    closed; None for all groups): the same figures are hidden, without going over thousands of groups again for
    each trial of the audit."""
    holding = holding if holding is not None else _holding(groups_found)
    hidden = set(hidden)
    if changed is None:
        now = list(range(len(groups_found)))
    else:
        now = sorted({k for c in changed for k in holding.get(c, ())})
    while now:
        heapq.heapify(now)
        later: set[int] = set()
        position = -1
        while now:
            k = heapq.heappop(now)
            if k <= position:  # already checked in this round
                continue
            position = k
            total, parts = groups_found[k]
            if sum(c in hidden for c in (total, *parts)) != 1:
                continue
            pick = _next_to_hide(total, parts, hidden=hidden, size=size)
            if pick is None:
                continue
            hidden.add(pick)
            for j in holding.get(pick, ()):  # checked later in this round, or in the next
                if j > position:
                    heapq.heappush(now, j)
                else:
                    later.add(j)
        now = sorted(later)
    return hidden


def _next_to_hide(total: int, parts: list[int], *, hidden: set[int], size: dict[int, float]) -> int | None:
    """The figure of a group to hide beside a hidden one: the first other non-zero part in the canonical order,
    whatever its size (a choice that followed the values would move when a figure is revised, and two choices
    beside one hidden figure give it away), else any other part, else the total; None when all are hidden or the
    total is published elsewhere (-1) and cannot be hidden here."""
    others = sorted((p for p in parts if p not in hidden), key=lambda p: (size.get(p, 0) <= 0, p))
    if others:
        return others[0]
    if total >= 0 and total not in hidden:
        return total
    return None


def determined(groups_found: list[tuple[int, list[int]]], hidden: set[int]) -> list[int]:
    """The hidden figures that the published sums give back when taken together, in canonical order.

    Each additive group is one equation over its hidden figures (its parts less its total; the published figures
    are known, so they only move the right-hand side). A hidden figure is given back exactly when the unit vector
    for it lies in the equations' row space. The equations are brought to reduced row echelon form in exact
    arithmetic (fractions: no rounding tolerance to choose), kept sparse because each group names only a few
    figures; then a figure is given back exactly when some row of that form names it alone. Exact disclosure only:
    bounds from figures being non-negative (a range, not a value) are not audited."""
    pivots: dict[int, dict[int, Fraction]] = {}  # pivot figure -> its row, 1 at the pivot, 0 at every other pivot
    for total, parts in groups_found:
        row = _equation(total, parts, hidden=hidden)
        for col in [c for c in row if c in pivots]:  # pivot rows never bring in another pivot's figure
            _subtract(row, pivots[col], times=row[col])
        if not row:
            continue
        pivot = min(row)
        scale = row[pivot]
        row = {c: v / scale for c, v in row.items()}
        for other in pivots.values():
            if pivot in other:
                _subtract(other, row, times=other[pivot])
        pivots[pivot] = row
    return sorted(p for p, row in pivots.items() if len(row) == 1)


def _equation(total: int, parts: list[int], *, hidden: set[int]) -> dict[int, Fraction]:
    """One group as an equation over its hidden figures: +1 for each part, -1 for the total."""
    row: dict[int, Fraction] = {}
    for cell, sign in ((total, -1), *((p, 1) for p in parts)):
        if cell >= 0 and cell in hidden:
            row[cell] = row.get(cell, Fraction(0)) + sign
    return {c: v for c, v in row.items() if v}


def _subtract(row: dict[int, Fraction], other: dict[int, Fraction], *, times: Fraction) -> None:
    """``row -= times * other``, in place, dropping zeros."""
    for cell, v in other.items():
        left = row.get(cell, Fraction(0)) - times * v
        if left:
            row[cell] = left
        else:
            row.pop(cell, None)


def _linked_groups(
    groups_found: list[tuple[int, list[int]]], cell: int, *, hidden: set[int], holding: dict[int, list[int]]
) -> list[int]:
    """The groups linked to ``cell`` through hidden figures (those holding it, then those sharing a hidden figure
    with them, and so on), nearest first: the only equations that bear on whether ``cell`` is given back."""
    seen_cells, seen_groups, frontier, order = {cell}, set(), [cell], []
    while frontier:
        reached: list[int] = []
        for c in frontier:
            for k in holding.get(c, ()):
                if k in seen_groups:
                    continue
                seen_groups.add(k)
                order.append(k)
                total, parts = groups_found[k]
                for other in (total, *parts):
                    if other >= 0 and other in hidden and other not in seen_cells:
                        seen_cells.add(other)
                        reached.append(other)
        frontier = reached
    return order


def _holding(groups_found: list[tuple[int, list[int]]]) -> dict[int, list[int]]:
    """Each figure's groups (by position in ``groups_found``), in order."""
    holding: dict[int, list[int]] = {}
    for k, (total, parts) in enumerate(groups_found):
        for c in (total, *parts):
            if c >= 0:
                holding.setdefault(c, []).append(k)
    return holding


def _freeing_pick(
    groups_found: list[tuple[int, list[int]]],
    cell: int,
    *,
    hidden: set[int],
    size: dict[int, float],
    holding: dict[int, list[int]],
    fixed: AbstractSet[int] = frozenset(),
) -> set[int] | None:
    """The figures to hide beside ``hidden`` so that ``cell`` is no longer given back: the published figures of the
    groups linked to it are tried nearest first, each with the single-subtraction closure it brings
    (:func:`_complement`), then two at a time; the first that frees ``cell`` is chosen. Where none does (a figure
    given back by a cycle of sums, or freed only by a figure further away), the few published figures that
    :func:`_balanced_change` finds. None when that search finds none."""
    near = _candidates(groups_found, cell, hidden=hidden, size=size, holding=holding)

    def frees(chosen: set[int]) -> set[int] | None:
        trial = _complement(groups_found, hidden | chosen, size=size, holding=holding, changed=set(chosen))
        linked = [groups_found[j] for j in _linked_groups(groups_found, cell, hidden=trial, holding=holding)]
        return None if cell in determined(linked, trial) else trial

    # one figure, nearest first; then two together (in a table, a hidden figure with no column total of its own
    # stays given back while the rest of its row is known as a block, and only a pair breaks the block)
    for chosen in [(c,) for c in near] + list(itertools.combinations(near, 2)):
        trial = frees(set(chosen))
        if trial is not None:
            return trial - hidden

    # then a search for the published figures whose hiding lets it change with every sum holding
    found = _balanced_change(groups_found, cell, hidden=hidden, holding=holding, size=size, fixed=fixed)
    trial = frees(found) if found is not None else None
    return None if trial is None else trial - hidden


def _balanced_change(
    groups_found: list[tuple[int, list[int]]],
    cell: int,
    *,
    hidden: set[int],
    holding: dict[int, list[int]],
    size: dict[int, float],
    fixed: AbstractSet[int] = frozenset(),
) -> set[int] | None:
    """A few published figures whose hiding lets ``cell`` change while every sum still holds: a change
    of +1 to ``cell`` is balanced, sum by sum, by changes to other figures (hidden ones cost nothing, published ones
    must be hidden), best first by their cost and the sums still out of balance. A figure that can change with
    every published sum holding cannot be worked out from them (the attacker's null space has a vector with it).
    None when :data:`SEARCH_STEPS` steps find none (a big table can need a long cycle of figures). ``fixed``:
    figures whose value is published elsewhere (a lone category against a national total), which cannot change."""
    if cell in fixed:
        return None
    sign = {}
    for k, (total, parts) in enumerate(groups_found):
        row: dict[int, int] = {}
        for c in parts:
            row[c] = row.get(c, 0) + 1
        if total >= 0:
            row[total] = row.get(total, 0) - 1
        sign[k] = row

    def out_of_balance(change: dict[int, int]) -> list[int]:
        touched = sorted({k for c in change for k in holding.get(c, ())})
        return [k for k in touched if sum(w * change.get(c, 0) for c, w in sign[k].items())]

    start = {cell: 1}
    # best first by the figures hidden so far plus the sums still out of balance (each needs at least one more
    # change), then by the figures hidden: a search by cost alone wanders among changes to hidden figures
    queue: list[tuple[int, int, int, dict[int, int]]] = [(len(out_of_balance(start)), 0, 0, start)]
    tie = 0
    for _ in range(SEARCH_STEPS):
        if not queue:
            return None
        _estimate, cost, _tie, change = heapq.heappop(queue)
        unbalanced = out_of_balance(change)
        if not unbalanced:
            return {c for c in change if c not in hidden}
        k = unbalanced[0]
        residual = sum(w * change.get(c, 0) for c, w in sign[k].items())
        # a figure of that sum not changed yet (a total published elsewhere, row -1, cannot change)
        free = sorted(
            (c for c in sign[k] if c not in change and c not in fixed),
            key=lambda c: (c not in hidden, size.get(c, 0) <= 0, c),
        )
        for c in free:
            step = -residual // sign[k][c] if residual % sign[k][c] == 0 else None
            if step is None:
                continue
            grown = change | {c: step}
            tie += 1
            paid = cost + (c not in hidden)
            heapq.heappush(queue, (paid + len(out_of_balance(grown)), paid, tie, grown))
    return None


def _candidates(
    groups_found: list[tuple[int, list[int]]],
    cell: int,
    *,
    hidden: set[int],
    size: dict[int, float],
    holding: dict[int, list[int]],
) -> list[int]:
    """The first :data:`FREEING_TRIES` published figures of the groups linked to ``cell``, nearest group first, each
    group's non-zero parts first in canonical order, then its total."""
    candidates: list[int] = []
    for k in _linked_groups(groups_found, cell, hidden=hidden, holding=holding):
        total, parts = groups_found[k]
        ordered = sorted((p for p in parts if p not in hidden), key=lambda p: (size.get(p, 0) <= 0, p))
        ordered += [total] if total >= 0 and total not in hidden else []
        candidates += [c for c in ordered if c not in candidates]
        if len(candidates) >= FREEING_TRIES:
            break
    return candidates[:FREEING_TRIES]


#: How many figures near one given back :func:`_freeing_pick` tries, alone and in pairs.
FREEING_TRIES = 4
#: How many partial changes :func:`_balanced_change` weighs before it gives up.
SEARCH_STEPS = 4000


def _complement_and_audit(frame: pl.DataFrame, hidden: set[int], *, indicator: registry.Indicator) -> set[int]:
    """``hidden`` grown until no single subtraction gives a hidden figure back (:func:`_complement`), then until
    no combination of sums does (:func:`determined`): beside each figure still given back, the nearest figure whose
    hiding frees it is hidden too (:func:`_freeing_pick`), and the checks run again."""
    found = groups(frame, indicator=indicator)
    if not found or not hidden:
        return hidden
    measure = pl.coalesce([pl.col(m) for m in _measures(indicator)]).fill_null(0)
    size = dict(zip(frame["_i"].to_list(), frame.select(measure).to_series().to_list(), strict=True))
    return audited(found, hidden, size=size)


def audited(groups_found: list[tuple[int, list[int]]], hidden: set[int], *, size: dict[int, float]) -> set[int]:
    """``hidden`` grown by :func:`_complement`, then beside each figure still :func:`determined`, by
    :func:`_freeing_pick`, until no figure is given back that can be freed (``size``: each figure's measure, for
    the order of choice)."""
    hidden = _complement(groups_found, hidden, size=size)
    # a lone category whose total is only supposed to be published elsewhere is that total: nothing here can hide
    # it, so it is left out of the audit (it would only hold the others back)
    published_elsewhere = {parts[0] for total, parts in groups_found if total < 0 and len(parts) == 1}
    groups_found = [(total, parts) for total, parts in groups_found if total >= 0 or len(parts) > 1]
    holding = _holding(groups_found)
    beyond_help: set[int] = set()  # none found to free it (none on the bundled data; the attacker's test would say)
    while True:
        exposed = [c for c in determined(groups_found, hidden) if c not in beyond_help]
        if not exposed:
            return hidden
        for cell in exposed:
            linked = [groups_found[j] for j in _linked_groups(groups_found, cell, hidden=hidden, holding=holding)]
            if cell not in determined(linked, hidden):  # freed by an earlier pick of this round
                continue
            added = _freeing_pick(
                groups_found, cell, hidden=hidden, size=size, holding=holding, fixed=published_elsewhere
            )
            if added is None:
                beyond_help.add(cell)
            else:
                hidden |= added


def _canonical(frame: pl.DataFrame) -> list[str]:
    """The columns that put a family's rows in one order whatever order they came in: the choice of which figure to
    hide beside another must not depend on how a frame happened to be read (two servers, or two days, hiding
    different figures would give both away)."""
    wanted = ("area_code", "period_end", "period_type", "period_label", "breakdown_dim", "breakdown_cat")
    return [c for c in wanted if c in frame.columns]


def hidden_rows(family: pl.DataFrame, *, indicator: registry.Indicator, threshold: int) -> set[int]:
    """The rows (by position in ``family``) to hide for the public, all of an indicator's rows for its areas:
    primary suppression, then complementary, decided over the rows in their canonical order."""
    ordered = family.with_row_index("_orig")
    by = _canonical(family)
    if by:
        ordered = ordered.sort(by, nulls_last=False, maintain_order=True)
    numbered = ordered.with_row_index("_i")
    first = set(numbered.filter(primary(numbered, indicator=indicator, threshold=threshold))["_i"].to_list())
    if not first:  # nothing small: nothing to protect, and no groups to find
        return set()
    every = _complement_and_audit(numbered, first, indicator=indicator)
    return set(numbered.filter(pl.col("_i").is_in(sorted(every)))["_orig"].to_list())


def hidden_keys(family: pl.DataFrame, *, indicator: registry.Indicator, threshold: int) -> pl.DataFrame:
    """The :data:`FIGURE` keys of the rows of ``family`` to hide for the public (:func:`hidden_rows`)."""
    rows = hidden_rows(family, indicator=indicator, threshold=threshold)
    keys = [c for c in FIGURE if c in family.columns]
    return family.with_row_index("_i").filter(pl.col("_i").is_in(sorted(rows))).select(keys)


def hidden_for(*, store: DataStore, indicator: registry.Indicator, area_code: str, threshold: int) -> pl.DataFrame:
    """What to hide among a council's figures for an indicator, decided over every row of it (every period type and
    breakdown), once per store: every view of the council hides the same figures, whichever part it shows."""

    def build() -> pl.DataFrame:
        family = query.rows_for(store=store, indicator_id=indicator.id, area_codes=[area_code])
        return hidden_keys(family, indicator=indicator, threshold=threshold)

    key = ("disclosure", indicator.id, area_code, threshold)
    return store.recent(key, lambda: shared(store, key, build))  # one a council: kept for the most recent only


def hidden_among(
    *, store: DataStore, indicator: registry.Indicator, area_codes: list[str], threshold: int
) -> pl.DataFrame:
    """:func:`hidden_for` for several councils at once (one read of their rows; each council's figures decided
    over its own family, exactly as its own pages decide them), kept once per store."""

    def build() -> pl.DataFrame:
        family = query.rows_for(store=store, indicator_id=indicator.id, area_codes=area_codes)
        return hidden_keys(family, indicator=indicator, threshold=threshold)

    key = ("disclosure", indicator.id, tuple(sorted(area_codes)), threshold)
    return store.recent(key, lambda: shared(store, key, build))


def apply(
    frame: pl.DataFrame,
    *,
    indicator: registry.Indicator,
    audience: str,
    threshold: int,
    hide: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """``frame`` with small numbers hidden for the public audience, and a boolean ``suppressed`` column.

    ``frame`` holds one indicator's rows (any areas, periods and breakdowns). ``hide``: the figures to hide, decided
    over the whole family (:func:`hidden_for`), so that every view hides the same; without it, decided over
    ``frame`` alone. A row the decision does not name is still judged on its own. For the officer audience nothing
    is hidden."""
    if audience != PUBLIC or frame.height == 0:
        return frame.with_columns(pl.lit(False).alias("suppressed"))
    if hide is None:
        rows = hidden_rows(frame, indicator=indicator, threshold=threshold)
        marked = frame.with_columns(pl.Series("suppressed", [i in rows for i in range(frame.height)]))
    else:
        keys = [c for c in FIGURE if c in frame.columns and c in hide.columns]
        marked = frame.join(
            hide.select(keys).unique().with_columns(pl.lit(True).alias("suppressed")),
            on=keys,
            how="left",
            nulls_equal=True,
            maintain_order="left",
        ).with_columns(pl.col("suppressed").fill_null(False) | primary(frame, indicator=indicator, threshold=threshold))
    blank = [
        c
        for c in ("value", "numerator", "denominator", "margin_of_error", "implied_count", "alternatives")
        if c in frame.columns
    ]  # the alternatives too: another publication's figure for a hidden one is the same figure
    return marked.with_columns([pl.when(pl.col("suppressed")).then(None).otherwise(pl.col(c)).alias(c) for c in blank])
