"""A funnel plot for one indicator and period: every council's figure against its denominator, with England's
value as the centre and 95% and 99.8% control limits (metrics.analysis.statistics.funnel).

A league table ranks councils whatever their size, so a small council's chance swing can move it a quartile. A
funnel shows how far each figure is from England's value beyond what chance alone would give at its size, and
names the councils outside the 99.8% limits (a gap chance would give about 1 time in 500).

Only percentages and rates per 100,000 get a funnel, and only where the publisher gives each council's
denominator (the people counted, the survey's respondents, or the population). The figures pass disclosure
control as the ranking's do: other councils' figures are shown to everyone.

Survey measures are weighted, so their limits, drawn from the number of respondents, are approximate; the page
says so. With large denominators real differences between councils (over-dispersion) put many of them outside
limits that know only chance: where the test says councils are over-dispersed, the limits allow for it
(additive random effects, metrics.analysis.statistics.overdispersion), the method line says so, and each
council's position against the exact (chance-only) limits is kept beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import polars as pl

from metrics.analysis import benchmarks, disclosure
from metrics.analysis.statistics import funnel, overdispersion
from metrics.core import formatting, registry
from metrics.core.errors import NoFunnelError
from metrics.storage import schema
from metrics.storage.query import rows_for
from metrics.storage.store import DataStore

#: Fewer councils than this with a denominator, and no funnel is drawn.
MIN_COUNCILS = benchmarks.MIN_COUNCILS
#: Points along each limit line.
CURVE_POINTS = 80
WITHIN, ABOVE_95, BELOW_95, ABOVE_998, BELOW_998 = (
    "within the 95% limits",
    "above the 95% limits",
    "below the 95% limits",
    "above the 99.8% limits",
    "below the 99.8% limits",
)
EXACT_BINOMIAL = "exact binomial limits (Spiegelhalter 2005)"
EXACT_POISSON = "exact Poisson limits (Spiegelhalter 2005)"
RANDOM_EFFECTS = "limits widened for over-dispersion by additive random effects (Spiegelhalter 2005, section 3.4)"


@dataclass(frozen=True)
class Funnel:
    indicator: registry.Indicator
    period_label: str
    centre: float  # England's value for the period
    method: str  # how the limits were worked out, in words
    councils: pl.DataFrame  # area_code, area_name, value, denominator, lower_95, upper_95, lower_998,
    # upper_998, position, group (ours | neighbour | other)
    limits: pl.DataFrame  # denominator, lower_95, upper_95, lower_998, upper_998: the curves
    survey: bool  # limits from respondents of a weighted survey: approximate
    dispersion: overdispersion.Dispersion | None = None  # the test, φ and τ²; the limits allow for it when over

    @property
    def over_dispersed(self) -> bool:
        return self.dispersion is not None and self.dispersion.over_dispersed

    def position_of(self, area_code: str) -> str | None:
        """Where a council sits against the funnel drawn (the adjusted limits where councils are over-dispersed)."""
        row = self.councils.filter(pl.col("area_code") == area_code)
        return row["position"][0] if row.height else None

    def outside_by_chance(self) -> int:
        """How many councils are outside the chance-only (exact) 95% limits."""
        return self.councils.filter(pl.col("position_chance") != WITHIN).height

    @property
    def outside(self) -> dict[str, list[str]]:
        """Councils outside the 99.8% limits, above and below, in order of their figure."""
        out = {}
        for where, descending in ((ABOVE_998, True), (BELOW_998, False)):
            out[where] = (
                self.councils.filter(pl.col("position") == where)
                .sort("value", descending=descending)["area_name"]
                .to_list()
            )
        return out

    def sentence(self, *, area_name: str) -> str:
        """Which councils are outside the 99.8% limits, read through the good direction, and where ours is."""
        ind = self.indicator
        good = {registry.HIGHER: (ABOVE_998, BELOW_998), registry.LOWER: (BELOW_998, ABOVE_998)}.get(ind.direction)
        parts = []
        for where in (ABOVE_998, BELOW_998):
            names = self.outside[where]
            side = "above" if where == ABOVE_998 else "below"
            judged = (
                ""
                if good is None
                else (" (better than chance would give)" if where == good[0] else " (worse than chance would give)")
            )
            parts.append(f"{len(names)} {side}{judged}" + (f": {', '.join(names)}" if names else ""))
        ours = self.councils.filter(pl.col("group") == "ours")
        where_ours = (
            f" {area_name} is {ours['position'][0]}."
            if ours.height
            else f" {area_name} is not plotted: it has no published denominator for {self.period_label}, "
            "or its figure is hidden in public views (small numbers)."
        )
        return (
            f"Of {self.councils.height} councils in {self.period_label}, outside the 99.8% limits around "
            f"England's {formatting.value(ind, self.centre)}: " + "; ".join(parts) + "." + where_ours
        )


def unavailable(
    *,
    store: DataStore,
    indicator_id: str,
    period_label: str,
    period_type: str,
    threshold: int = disclosure.DEFAULT_THRESHOLD,
) -> str | None:
    """Why no funnel can be drawn for this indicator and period, in words; None when one can."""
    ind = registry.get(indicator_id)
    if ind.unit not in (registry.PERCENT, registry.RATE_100K):
        return f"A funnel plot is drawn for percentages and rates; this indicator is a {ind.unit}."
    values = _with_denominators(
        store=store, indicator_id=indicator_id, period_label=period_label, period_type=period_type, threshold=threshold
    )
    if values.height < MIN_COUNCILS:
        return (
            f"A funnel plot needs each council's denominator, and for {period_label} the publisher gives it for "
            f"{values.height} council(s)."
        )
    if _england(store=store, indicator_id=indicator_id, period_label=period_label, period_type=period_type) is None:
        return f"A funnel plot is centred on England's value, and none is published for {period_label}."
    return None


def _with_denominators(
    *, store: DataStore, indicator_id: str, period_label: str, period_type: str, threshold: int
) -> pl.DataFrame:
    values = benchmarks.council_values(store=store, indicator_id=indicator_id, threshold=threshold)
    return values.filter(
        (pl.col("period_label") == period_label)
        & (pl.col("period_type") == period_type)
        & (pl.col("denominator") > 0)
        & pl.col("value").is_not_null()
    )


def _england(*, store: DataStore, indicator_id: str, period_label: str, period_type: str) -> float | None:
    rows = rows_for(store=store, indicator_id=indicator_id, area_codes=[schema.ENGLAND], breakdown_dim=None).filter(
        (pl.col("period_label") == period_label)
        & (pl.col("period_type") == period_type)
        & pl.col("value").is_not_null()
    )
    return float(rows["value"][0]) if rows.height else None


def limits_at(*, indicator: registry.Indicator, centre: float, denominator: float) -> tuple[float, ...]:
    """(lower 95%, upper 95%, lower 99.8%, upper 99.8%) at one denominator, in the indicator's units."""
    out: list[float] = []
    for level in funnel.LEVELS:
        if indicator.unit == registry.PERCENT:
            lo, hi = funnel.proportion_limits(centre=centre / 100, denominator=round(denominator), confidence=level)
            out += [lo * 100, hi * 100]
        else:
            out += list(funnel.rate_limits(centre=centre, denominator=denominator, confidence=level))
    return tuple(out)


def position(value: float, lower_95: float, upper_95: float, lower_998: float, upper_998: float) -> str:
    if value > upper_998:
        return ABOVE_998
    if value < lower_998:
        return BELOW_998
    if value > upper_95:
        return ABOVE_95
    if value < lower_95:
        return BELOW_95
    return WITHIN


def _with_position(frame: pl.DataFrame, *, alias: str) -> pl.DataFrame:
    return frame.with_columns(
        pl.struct("value", "lower_95", "upper_95", "lower_998", "upper_998")
        .map_elements(
            lambda r: position(r["value"], r["lower_95"], r["upper_95"], r["lower_998"], r["upper_998"]),
            return_dtype=pl.String,
        )
        .alias(alias)
    )


def _scale(ind: registry.Indicator) -> float:
    """Figures in the indicator's units per unit of the model: 100 for a percentage, 1 for a rate."""
    return 100.0 if ind.unit == registry.PERCENT else 1.0


def _error(ind: registry.Indicator, centre: float, denominator: float) -> float:
    proportion = ind.unit == registry.PERCENT
    return overdispersion.standard_error(
        centre=centre / _scale(ind), denominator=denominator, proportion=proportion
    ) * _scale(ind)


def _dispersion(*, ind: registry.Indicator, centre: float, councils: pl.DataFrame) -> overdispersion.Dispersion:
    """The test for over-dispersion over every council plotted (metrics.analysis.statistics.overdispersion)."""
    usable = councils.filter(pl.col("denominator") > 0)
    errors = [_error(ind, centre, d) for d in usable["denominator"]]
    keep = [e > 0 for e in errors]
    values = [v for v, k in zip(usable["value"], keep, strict=True) if k]
    errors = [e for e, k in zip(errors, keep, strict=True) if k]
    if len(values) < 2:
        return overdispersion.Dispersion(len(values), 0.0, 0.0, float("inf"), 0.0)
    return overdispersion.dispersion(values=values, errors=errors, centre=centre)


def _widened(
    frame: pl.DataFrame, *, ind: registry.Indicator, centre: float, spread: overdispersion.Dispersion
) -> pl.DataFrame:
    """Limits at each row's denominator allowing for the between-council variance τ² (kept inside 0-100%)."""
    columns: dict[str, list[float]] = {"lower_95": [], "upper_95": [], "lower_998": [], "upper_998": []}
    for denominator in frame["denominator"]:
        error = _error(ind, centre, denominator)
        for level, (lo_name, hi_name) in zip(
            funnel.LEVELS, (("lower_95", "upper_95"), ("lower_998", "upper_998")), strict=True
        ):
            lo, hi = overdispersion.random_effects_limits(
                centre=centre, error=error, tau2=spread.tau2, confidence=level
            )
            if ind.unit == registry.PERCENT:
                lo, hi = max(0.0, lo), min(100.0, hi)
            columns[lo_name].append(max(0.0, lo))
            columns[hi_name].append(hi)
    return frame.with_columns(pl.Series(name, found, pl.Float64) for name, found in columns.items())


def build(
    *,
    store: DataStore,
    indicator_id: str,
    area_code: str,
    neighbours: list[str],
    period_label: str,
    period_type: str,
    threshold: int = disclosure.DEFAULT_THRESHOLD,
) -> Funnel:
    """The funnel for one indicator and period, with ``area_code`` and its ``neighbours`` marked. Raises
    NoFunnelError with :func:`unavailable`'s reason when none can be drawn (a file set aside since the page asked
    is one way that happens)."""
    reason = unavailable(
        store=store, indicator_id=indicator_id, period_label=period_label, period_type=period_type, threshold=threshold
    )
    if reason:
        raise NoFunnelError(reason=reason)
    key = f"funnel:{indicator_id}:{period_label}:{period_type}:{threshold}"
    centre, limits, base, spread = store.memo(
        key,
        lambda: _curves(
            store=store,
            indicator_id=indicator_id,
            period_label=period_label,
            period_type=period_type,
            threshold=threshold,
        ),
    )
    ind = registry.get(indicator_id)
    names = store.areas().select("area_code", "area_name")
    councils = base.join(names, on="area_code", how="left").with_columns(
        pl.when(pl.col("area_code") == area_code)
        .then(pl.lit("ours"))
        .when(pl.col("area_code").is_in(neighbours))
        .then(pl.lit("neighbour"))
        .otherwise(pl.lit("other"))
        .alias("group")
    )
    survey = bool(base["margin_of_error"].is_not_null().any())  # only the survey measures carry a margin
    method = EXACT_BINOMIAL if ind.unit == registry.PERCENT else EXACT_POISSON
    if spread.over_dispersed:
        method = (
            f"{method}, {RANDOM_EFFECTS}: councils vary more than chance allows "
            f"(I·φ = {spread.statistic:,.0f} against {spread.critical:,.0f}, the 95% point of χ² on "
            f"{spread.councils - 1} degrees of freedom)"
        )
    return Funnel(ind, period_label, centre, method, councils.sort("denominator"), limits, survey, spread)


def _curves(
    *, store: DataStore, indicator_id: str, period_label: str, period_type: str, threshold: int
) -> tuple[float, pl.DataFrame, pl.DataFrame, overdispersion.Dispersion]:
    """England's value, the limit curves over the councils' range of denominators, each council's figure with the
    limits at its own denominator and its position (against the limits drawn, and against chance alone), and the
    test for over-dispersion: worked out once per store and period."""
    ind = registry.get(indicator_id)
    centre = _england(store=store, indicator_id=indicator_id, period_label=period_label, period_type=period_type)
    if centre is None:
        raise NoFunnelError(
            reason=f"A funnel plot is centred on England's value, and none is published for {period_label}."
        )
    values = _with_denominators(
        store=store, indicator_id=indicator_id, period_label=period_label, period_type=period_type, threshold=threshold
    )
    low, high = float(cast(float, values["denominator"].min())), float(cast(float, values["denominator"].max()))
    ratio = (high * 1.1 / max(low * 0.9, 1.0)) ** (1 / (CURVE_POINTS - 1))
    grid = sorted({max(1.0, round(max(low * 0.9, 1.0) * ratio**i)) for i in range(CURVE_POINTS)})
    curve = pl.DataFrame(
        [(n, *limits_at(indicator=ind, centre=centre, denominator=n)) for n in grid],
        schema=["denominator", "lower_95", "upper_95", "lower_998", "upper_998"],
        orient="row",
    )
    at = [limits_at(indicator=ind, centre=centre, denominator=d) for d in values["denominator"]]
    councils = values.select(
        "area_code", "value", "numerator", "denominator", "margin_of_error", "source"
    ).with_columns(
        *(
            pl.Series(name, [a[i] for a in at], pl.Float64)
            for i, name in enumerate(("lower_95", "upper_95", "lower_998", "upper_998"))
        )
    )
    councils = _with_position(councils, alias="position_chance")
    spread = _dispersion(ind=ind, centre=centre, councils=councils)
    if spread.over_dispersed:
        curve = _widened(curve, ind=ind, centre=centre, spread=spread)
        councils = _widened(councils, ind=ind, centre=centre, spread=spread)
    councils = _with_position(councils, alias="position")
    return centre, curve, councils, spread


@dataclass(frozen=True)
class Spread:
    """How councils vary on one indicator and period, for the tiles and slides: the test for over-dispersion, how
    many councils are 'significantly' different from England by chance-only limits, and where one council sits on
    limits that allow for the spread."""

    dispersion: overdispersion.Dispersion
    outside_chance: int  # councils outside chance-only 95% limits (normal approximation)
    position: str | None  # the council's place on the adjusted limits; None when it has no denominator

    def short(self) -> str:
        """The tile's line: how common a 'significant' difference is here, and where the council sits allowing for
        it."""
        where = f"; allowing for that, {self.position}" if self.position else ""
        return (
            f"{self.outside_chance} of {self.dispersion.councils} councils differ 'significantly' from England "
            f"here{where}"
        )

    def words(self, *, area_name: str) -> str:
        """One sentence, only said where councils are over-dispersed."""
        where = f" Allowing for that (Spiegelhalter 2005), {area_name} is {self.position}." if self.position else ""
        return (
            f"Councils vary more than chance allows on this measure: {self.outside_chance} of "
            f"{self.dispersion.councils} are 'significantly' different from England by chance alone, so such a "
            f"verdict is common here.{where}"
        )


def spread(
    *, store: DataStore, indicator_id: str, area_code: str, period_label: str, period_type: str, threshold: int
) -> Spread | None:
    """The spread of councils for one indicator and period (None where no funnel can be drawn): cheap, from the
    normal approximation, so every tile can say it; memoised per store and period."""
    ind = registry.get(indicator_id)
    if ind.unit not in (registry.PERCENT, registry.RATE_100K):
        return None

    def build_spread() -> tuple[float, pl.DataFrame, overdispersion.Dispersion] | None:
        centre = _england(store=store, indicator_id=indicator_id, period_label=period_label, period_type=period_type)
        if centre is None:
            return None
        values = _with_denominators(
            store=store,
            indicator_id=indicator_id,
            period_label=period_label,
            period_type=period_type,
            threshold=threshold,
        ).filter(pl.col("denominator") > 0)
        if values.height < MIN_COUNCILS:
            return None
        return centre, values, _dispersion(ind=ind, centre=centre, councils=values)

    found = store.memo(f"spread:{indicator_id}:{period_label}:{period_type}:{threshold}", build_spread)
    if found is None:
        return None
    centre, values, dispersion = found
    outside = 0
    position_ours = None
    for code, value, denominator in values.select("area_code", "value", "denominator").iter_rows():
        error = _error(ind, centre, denominator)
        lo, hi = overdispersion.random_effects_limits(centre=centre, error=error, tau2=0.0, confidence=0.95)
        outside += int(not lo <= value <= hi)
        if code == area_code:
            limits = [
                overdispersion.random_effects_limits(centre=centre, error=error, tau2=dispersion.tau2, confidence=c)
                for c in funnel.LEVELS
            ]
            position_ours = position(value, limits[0][0], limits[0][1], limits[1][0], limits[1][1])
    return Spread(dispersion, outside, position_ours)
