"""No hidden figure can be worked out by subtraction from what the public is shown (#26).

An attacker's view, independent of how metrics.analysis.disclosure finds its groups: for every figure hidden from
the public in the bundled data, try every subtraction the product's own tables offer, the council's total less its
other categories for the same period, and a quarter or year less its other months or quarters for the same
category, using only figures the public sees; none may give back the hidden figure. And a rate that stands for one
or two people, worked back from the bundled population, is hidden.
"""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from metrics.analysis import disclosure
from metrics.core import periods, registry
from metrics.storage import query
from metrics.storage.store import DataStore
from tests.app.conftest import ROOT

STORE = DataStore(ROOT / "data")
THRESHOLD = 5


def _shown(area: str, indicator: registry.Indicator) -> tuple[pl.DataFrame, pl.DataFrame]:
    raw = query.rows_for(store=STORE, indicator_id=indicator.id, area_codes=[area])
    hide = disclosure.hidden_for(store=STORE, indicator=indicator, area_code=area, threshold=THRESHOLD)
    public = disclosure.apply(raw, indicator=indicator, audience="public", threshold=THRESHOLD, hide=hide)
    return raw, public


def _from_headline(seen: pl.DataFrame, hidden: pl.DataFrame, measure: str) -> list[str]:
    """Hidden categories given back by the headline less the other categories of the same breakdown and period
    (all of them shown)."""
    period = ["period_type", "period_label"]
    head = (
        seen.filter(pl.col("breakdown_dim").is_null() & ~pl.col("suppressed"))
        .group_by(period)
        .agg(pl.col(measure).first().alias("_head"), pl.len().alias("_heads"))
        .filter((pl.col("_heads") == 1) & pl.col("_head").is_not_null())
    )
    groups = (
        seen.filter(pl.col("breakdown_dim").is_not_null())
        .group_by(*period, "breakdown_dim")
        .agg(
            pl.col("suppressed").sum().alias("_hidden"),
            pl.col(measure).filter(~pl.col("suppressed")).fill_null(0).sum().alias("_shown"),
        )
    )
    hits = (
        hidden.filter(pl.col("breakdown_dim").is_not_null())
        .join(groups, on=[*period, "breakdown_dim"])
        .join(head, on=period)
        .filter((pl.col("_hidden") == 1) & (pl.col("_head") - pl.col("_shown") == pl.col("_raw")))
    )
    return [
        f"{label} {cat}: headline less categories"
        for label, cat in hits.select("period_label", "breakdown_cat").iter_rows()
    ]


def _days(frame: pl.DataFrame) -> int:
    return int(((frame["period_end"] - frame["period_start"]).dt.total_days() + 1).sum())


def _from_wholes(seen: pl.DataFrame, hidden: pl.DataFrame, measure: str) -> list[str]:
    """Hidden figures given back by a longer period less the other periods of the hidden one's type that tile it
    exactly (months of a quarter, weeks of a quarter, quarters of a year or part year), for the same category, all
    of them shown."""
    cat = ["breakdown_dim", "breakdown_cat"]
    span = (pl.col("period_end") - pl.col("period_start")).dt.total_days() + 1
    wholes = seen.filter(~pl.col("suppressed") & pl.col(measure).is_not_null() & pl.col("period_start").is_not_null())
    pairs = (
        hidden.filter(pl.col("period_start").is_not_null())
        .select(*cat, "_r", "period_type", "period_label", "period_start", "period_end", "_raw")
        .join(
            wholes.select(
                *cat,
                pl.col("_r").alias("_w"),
                pl.col("period_type").alias("_wt"),
                pl.col("period_label").alias("_wl"),
                pl.col("period_start").alias("_ws"),
                pl.col("period_end").alias("_we"),
                pl.col(measure).alias("_wv"),
            ),
            on=cat,
            nulls_equal=True,
        )
        .filter(
            (pl.col("_wt") != pl.col("period_type"))
            & (pl.col("_ws") <= pl.col("period_start"))
            & (pl.col("_we") >= pl.col("period_end"))
        )
    )
    parts = seen.filter(pl.col("period_start").is_not_null()).select(
        *cat,
        "period_type",
        pl.col("_r").alias("_p"),
        pl.col("period_start").alias("_ps"),
        pl.col("period_end").alias("_pe"),
        span.alias("_d"),
        "suppressed",
        pl.col(measure).alias("_pv"),
    )
    other = pl.col("_p") != pl.col("_r")
    per_whole = (
        pairs.join(parts, on=[*cat, "period_type"], nulls_equal=True)
        .filter((pl.col("_ps") >= pl.col("_ws")) & (pl.col("_pe") <= pl.col("_we")))
        .group_by("_r", "_w")
        .agg(
            pl.col("_d").sum().alias("_covered"),
            (pl.col("suppressed") & other).sum().alias("_others_hidden"),
            pl.col("_pv").filter(other).fill_null(0).sum().alias("_others"),
            pl.col("_raw", "_wv", "_ws", "_we", "_wl", "period_label", "breakdown_cat").first(),
        )
    )
    hits = per_whole.filter(
        (pl.col("_covered") == (pl.col("_we") - pl.col("_ws")).dt.total_days() + 1)
        & (pl.col("_others_hidden") == 0)
        & (pl.col("_wv") - pl.col("_others") == pl.col("_raw"))
    )
    return [
        f"{label} {cat}: {whole} less parts"
        for label, cat, whole in hits.select("period_label", "breakdown_cat", "_wl").iter_rows()
    ]


def _recoveries(raw: pl.DataFrame, public: pl.DataFrame, measure: str) -> list[str]:
    """Every hidden figure that some subtraction of visible figures gives back exactly (worked out with joins over
    the whole family at once: a loop over tens of thousands of hidden figures took a minute)."""
    seen = public.with_row_index("_r").with_columns(raw[measure].alias("_raw"))
    hidden = seen.filter(pl.col("suppressed") & pl.col("_raw").is_not_null())
    return _from_headline(seen, hidden, measure) + _from_wholes(seen, hidden, measure)


@pytest.mark.slow
@pytest.mark.parametrize("area", ["E06000016", "E10000018"])
def test_no_hidden_figure_is_given_back_by_any_subtraction(area):
    tried = 0
    for indicator in registry.INDICATORS:
        raw, public = _shown(area, indicator)
        if not public["suppressed"].any():
            continue
        tried += 1
        for measure in ("value",) if indicator.is_count else ("numerator", "denominator"):
            assert _recoveries(raw, public, measure) == [], (indicator.id, measure)
    assert area != "E06000016" or tried >= 5  # Leicester's demonstration drill-downs have small numbers to hide


def test_the_mental_health_team_february_is_not_given_back():
    """The case an audit found: Jan 2019 = 6, Feb hidden, Mar = 7 and 2018/19 Q4 = 15 gave Feb = 2."""
    for indicator in (registry.get("contacts_new"), registry.get("requests_all"), registry.get("reviews_completed")):
        raw, public = _shown("E06000016", indicator)
        assert _recoveries(raw, public, "value") == [], indicator.id


def test_a_rate_on_one_person_is_hidden_from_the_public():
    """City of London, care-home admissions 65+ in 2019/20: 60.9 per 100,000 of 1,731 people is one person."""
    rate = registry.get("admissions_65_rate")
    raw, public = _shown("E09000001", rate)
    implied = raw.filter(pl.col("numerator").is_null() & pl.col("implied_count").is_between(1, THRESHOLD - 1))
    assert implied.height >= 1
    hidden = public.filter(pl.col("period_label").is_in(implied["period_label"].implode()))
    assert hidden["suppressed"].all() and hidden["value"].is_null().all()
    assert periods.parse(implied["period_label"][0]).type == periods.FINANCIAL_YEAR


def _sums(raw: pl.DataFrame, measure: str) -> list[list[tuple[int, float]]]:
    """The attacker's equations: every set of rows that adds up exactly in the figures (a headline and its
    categories for one period; a longer period and the periods of one finer type that tile it, for one category),
    as (row, +1 for a part or -1 for the total)."""
    rows = raw.with_row_index("_r").filter(pl.col(measure).is_not_null())
    found = []
    heads = rows.filter(pl.col("breakdown_dim").is_null())
    for (ptype, label, _dim), cats in rows.filter(pl.col("breakdown_dim").is_not_null()).group_by(
        "period_type", "period_label", "breakdown_dim"
    ):
        head = heads.filter((pl.col("period_type") == ptype) & (pl.col("period_label") == label))
        if head.height == 1 and cats[measure].sum() == head[measure][0]:
            found.append([(head["_r"][0], -1.0), *((r, 1.0) for r in cats["_r"])])
    timed = rows.filter(pl.col("period_start").is_not_null())
    for whole in timed.iter_rows(named=True):
        same = timed.filter(
            pl.col("breakdown_dim").eq_missing(whole["breakdown_dim"])
            & pl.col("breakdown_cat").eq_missing(whole["breakdown_cat"])
            & (pl.col("period_type") != whole["period_type"])
            & (pl.col("period_start") >= whole["period_start"])
            & (pl.col("period_end") <= whole["period_end"])
        )
        for _ptype, parts in same.group_by("period_type"):
            tiles = _days(parts) == (whole["period_end"] - whole["period_start"]).days + 1
            if tiles and parts.height > 1 and parts[measure].sum() == whole[measure]:
                found.append([(whole["_r"], -1.0), *((r, 1.0) for r in parts["_r"])])
    return found


def _given_back(equations: list[list[tuple[int, float]]], hidden: set[int]) -> list[int]:
    """Hidden rows that the equations determine, found with a floating-point null space (numpy's SVD), one set of
    linked hidden rows at a time: independent of the product's exact elimination."""
    linked: dict[int, set[int]] = {}
    for eq in equations:
        cells = {r for r, _ in eq if r in hidden}
        merged = set(cells).union(*(linked.get(c, set()) for c in cells))
        for c in merged:
            linked[c] = merged
    found = []
    for cells in {id(s): s for s in linked.values()}.values():
        column = {c: j for j, c in enumerate(sorted(cells))}
        matrix = np.array(
            [
                [next((w for r, w in eq if r == c), 0.0) for c in column]
                for eq in equations
                if any(r in cells for r, _ in eq)
            ]
        )
        _u, singular, vt = np.linalg.svd(matrix)
        null = vt[int((singular > 1e-8).sum()) :]
        found += [c for c, j in column.items() if null.shape[0] == 0 or np.abs(null[:, j]).max() < 1e-8]
    return sorted(found)


#: Hidden figures that some combination of sums still gives back, per council. Leicester's bundled data had 41
#: before the audit, 25 with the nearest-four tries alone, none since the search for a balanced change (#26).
STILL_GIVEN_BACK = {"E06000016": 0, "E10000018": 0}


@pytest.mark.slow
@pytest.mark.parametrize("area", ["E06000016", "E10000018"])
def test_no_hidden_figure_is_given_back_by_any_combination_of_sums(area):
    """Every published sum of the public view taken together, as an attacker with linear algebra would (a review
    found Leicester's reviews_completed, Sep 2022, 'Other ethnic group' = 3 from five totals): nothing beyond the
    hidden figure is given back."""
    tried, given_back = 0, []
    for indicator in registry.INDICATORS:
        raw, public = _shown(area, indicator)
        hidden = set(public.with_row_index("_r").filter(pl.col("suppressed"))["_r"].to_list())
        if not hidden:
            continue
        for measure in ("value",) if indicator.is_count else ("numerator", "denominator"):
            tried += 1
            given_back += [(indicator.id, measure, r) for r in _given_back(_sums(raw, measure), hidden)]
    assert len(given_back) <= STILL_GIVEN_BACK[area], given_back
    assert area != "E06000016" or tried >= 5
