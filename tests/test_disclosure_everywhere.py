"""Disclosure control everywhere: no surface or export shows a figure that disclosure control hides.

The cells to hide are worked out from the bundled data by metrics.analysis.disclosure (its rules are unit-tested in
tests/metrics/analysis/test_disclosure.py). Then every way a figure leaves metrics is walked for Leicester and
Leicestershire, public audience: each chart table and its CSV (headline, every breakdown, both views), each brief
and slide, "Since last meeting" from an early and a late meeting date, the rankings and the Overview's positions;
and the pages themselves through AppTest. None may show a hidden cell's figure.
"""

from __future__ import annotations

import io
import random
from datetime import date

import polars as pl
import pytest

from metrics.analysis import benchmarks, disclosure
from metrics.core import formatting, registry
from metrics.figures import briefing, chart_data, since
from metrics.figures.export import csv_bytes
from metrics.storage import query
from metrics.storage.store import DataStore
from pack.slides import slide_text
from tests.app.conftest import ROOT, open_page, open_tables, text_of

STORE = DataStore(ROOT / "data")
COUNCILS = ("E06000016", "E10000018")
THRESHOLD = 5


def hidden_cells(area: str) -> dict[tuple[str, str, str | None], float]:
    """(indicator, period label, category) -> the figure disclosure control hides, for one council."""
    out = {}
    for ind in registry.INDICATORS:
        raw = query.rows_for(store=STORE, indicator_id=ind.id, area_codes=[area])
        if raw.height == 0:
            continue
        shown = disclosure.apply(raw, indicator=ind, audience="public", threshold=THRESHOLD)
        for label, cat, value in (
            raw.filter(shown["suppressed"]).select("period_label", "breakdown_cat", "value").iter_rows()
        ):
            out[(ind.id, label, cat)] = value
    return out


@pytest.fixture(scope="module", params=COUNCILS)
def council(request):
    return request.param, hidden_cells(request.param)


def test_the_bundled_data_has_small_numbers_to_hide():
    assert len(hidden_cells("E06000016")) >= 10  # complaints by quarter and by service area


def _check_frame(frame: pl.DataFrame, hidden: dict, indicator_id: str, where: str) -> None:
    ours = frame.filter(pl.col("kind") == "ours") if "kind" in frame.columns else frame
    for label, cat, value in ours.select("period_label", "breakdown_cat", "value").iter_rows():
        if (indicator_id, label, cat) in hidden:
            assert value is None, (where, indicator_id, label, cat, value)


def _with_data(area: str) -> list[str]:
    return [
        i.id for i in registry.INDICATORS if query.rows_for(store=STORE, indicator_id=i.id, area_codes=[area]).height
    ]


HIDDEN = {area: hidden_cells(area) for area in COUNCILS}
#: Every (council, indicator) with data: the slow tier walks each one's every period.
EVERY = [(area, ind) for area in COUNCILS for ind in _with_data(area)]
#: The fast tier: every indicator with a hidden cell (where a leak could show), and five more of each council's
#: chosen with a fixed seed, each over a sample of its periods that includes periods with hidden cells.
SAMPLED = sorted(
    {(area, ind) for area in COUNCILS for ind, _label, _cat in HIDDEN[area]}
    | {(area, ind) for area in COUNCILS for ind in random.Random(area).sample(_with_data(area), 5)}
)


def _walk(area: str, indicator_id: str, *, every_period: bool) -> None:
    """Each chart table of one indicator (headline, every breakdown, both views, the periods asked for) and its CSV:
    no hidden figure in either, and nothing projected from a hidden quarter."""
    hidden = HIDDEN[area]
    ind = registry.get(indicator_id)
    for dim in [None, *query.breakdowns(store=STORE, indicator_id=ind.id, area_code=area)]:
        for view in (chart_data.OVER_TIME,) if dim is None else (chart_data.OVER_TIME, chart_data.ONE_PERIOD):
            table = chart_data.build(
                store=STORE,
                indicator_id=ind.id,
                area_code=area,
                breakdown_dim=dim,
                view=view,
                audience="public",
                threshold=THRESHOLD,
            )
            labels: list[str | None] = [None]
            if view == chart_data.ONE_PERIOD:
                labels = list(table.period_labels)
                if not every_period:
                    with_hidden = [x for x in labels if any(k[0] == ind.id and k[1] == x for k in hidden)]
                    draw = random.Random(f"{area}:{ind.id}:{dim}")
                    labels = sorted(set(draw.sample(labels, min(3, len(labels))) + with_hidden[:3]))
            for label in labels:
                if label is not None:
                    table = chart_data.build(
                        store=STORE,
                        indicator_id=ind.id,
                        area_code=area,
                        breakdown_dim=dim,
                        view=view,
                        period_label=label,
                        audience="public",
                        threshold=THRESHOLD,
                    )
                _check_frame(table.frame, hidden, ind.id, "chart table")
                exported = pl.read_csv(io.BytesIO(csv_bytes(chart_data.export_frame(table))), infer_schema_length=0)
                _check_frame(exported.with_columns(pl.col("value").cast(pl.Float64)), hidden, ind.id, "CSV")
                for p in table.projections:  # nothing is projected from a hidden quarter
                    assert not any(
                        k[0] == ind.id and k[2] is None and str(k[1]).startswith(p.split()[1]) for k in hidden
                    ), p


@pytest.mark.parametrize(("area", "indicator_id"), SAMPLED)
def test_chart_tables_and_their_csv(area, indicator_id):
    _walk(area, indicator_id, every_period=False)


@pytest.mark.slow
@pytest.mark.parametrize(("area", "indicator_id"), EVERY)
def test_chart_tables_and_their_csv_in_every_period(area, indicator_id):
    _walk(area, indicator_id, every_period=True)


def test_briefs_and_slides(council):
    area, hidden = council
    for ind in registry.INDICATORS:
        if not any(k[0] == ind.id for k in hidden):
            continue
        b = briefing.build(store=STORE, indicator_id=ind.id, area_code=area, audience="public", threshold=THRESHOLD)
        words = slide_text(b, threshold=THRESHOLD, audience="public").all_text
        for (ind_id, label, cat), value in hidden.items():
            if ind_id == ind.id and cat is None:
                assert f"{label}: {formatting.value(ind, value)}" not in words
                if b.latest_period == label:
                    assert b.latest_value == "hidden (small number)" and b.latest_number is None


@pytest.mark.parametrize("meeting", [date(2015, 1, 1), date(2023, 8, 24)])
def test_since_last_meeting(council, meeting):
    area, hidden = council
    for c in since.changes(store=STORE, area_code=area, meeting=meeting, audience="public", threshold=THRESHOLD):
        for ind_id, label, cat in hidden:
            if ind_id == c.indicator_id and cat is None and c.period_label == label and c.kind == since.NEW_FIGURE:
                assert c.text == f"{label}: hidden (small number)", c


def test_rankings_and_positions_leave_out_figures_on_too_few_people():
    checked = 0
    for ind in registry.INDICATORS:
        for label, ptype in (
            benchmarks.spread(store=STORE, indicator_id=ind.id).select("period_label", "period_type").iter_rows()
        ):
            table = benchmarks.ranking(store=STORE, indicator_id=ind.id, period_label=label, period_type=ptype)
            raw = benchmarks.council_values(store=STORE, indicator_id=ind.id, threshold=1)  # nothing hidden
            small = raw.filter(
                (pl.col("period_label") == label)
                & (
                    (pl.col("denominator") < THRESHOLD)
                    | ((pl.col("numerator") > 0) & (pl.col("numerator") < THRESHOLD))
                    if not ind.is_count
                    else (pl.col("value") > 0) & (pl.col("value") < THRESHOLD)
                )
            )
            assert not set(small["area_code"]) & set(table["area_code"]), (ind.id, label)
            checked += small.height
    assert checked, "the national data has small-denominator figures (the Isles of Scilly) to leave out"
    for area in COUNCILS:
        assert benchmarks.spine(store=STORE, area_code=area).height


def _shows(text: str, category: str, figure: str) -> bool:
    """Whether ``text`` has the figure beside its period (as tables, hover text, slides and the changes list write it,
    e.g. 'Nov 2022: 24' or 'Mental Health, Nov 2022: 24'), not inside a longer label ('w/e 6 Nov 2022: 24' is a
    week's figure) or a longer number ('Nov 2022: 245'). Found by plain search, which is fast on a long page."""
    needle = category + figure
    start = text.find(needle)
    while start >= 0:
        end = start + len(needle)
        longer_number = end < len(text) and (text[end].isdigit() or text[end] in ",.")
        longer_label = start >= 2 and text[start - 1] == " " and text[start - 2].isdigit()
        if not (longer_number or longer_label):
            return True
        start = text.find(needle, start + 1)
    return False


def test_the_search_finds_a_figure_only_beside_its_period():
    assert _shows("Latest Nov 2022: 24 people", "", "Nov 2022: 24")
    assert _shows("Team, Mental Health, Nov 2022: 24", "Mental Health, ", "Nov 2022: 24")
    assert not _shows("w/e 6 Nov 2022: 24", "", "Nov 2022: 24")
    assert not _shows("Nov 2022: 245 and Nov 2022: 24.5", "", "Nov 2022: 24")
    assert _shows("w/e 6 Nov 2022: 24; Nov 2022: 24", "", "Nov 2022: 24")


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("app_pages/since_last_meeting.py", {"since": "2015-01-01"}),
        ("app_pages/since_last_meeting.py", {}),
        ("app_pages/complaints.py", {"indicator": "complaints_fully_upheld"}),
        ("app_pages/complaints.py", {"indicator": "complaints_partially_upheld"}),
        ("app_pages/complaints.py", {"indicator": "complaints_total", "breakdown": "service area"}),
        (
            "app_pages/complaints.py",
            {"indicator": "complaints_total", "breakdown": "service area", "view": "one period"},
        ),
        ("app_pages/present.py", {"agenda": "complaints_total,complaints_fully_upheld,complaints_partially_upheld"}),
        ("app_pages/overview.py", {}),
    ],
)
@pytest.mark.app
def test_pages_show_no_hidden_figure(page, params):
    hidden = HIDDEN["E06000016"]  # worked out once, when the module is loaded
    at = open_tables(open_page(page, **params))
    assert not at.exception
    shown = text_of(at)
    for (ind_id, label, cat), value in hidden.items():
        ind = registry.get(ind_id)
        figure = formatting.value(ind, value)
        assert not _shows(shown, f"{cat}, " if cat else "", f"{label}: {figure}"), (page, ind_id, label, cat, figure)
