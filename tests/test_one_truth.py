"""One truth per figure: the tile, the page's strip, the slide (Present and PowerPoint) and the PDF page say the same.

For every indicator of Leicester and Leicestershire, on the bundled data, the
brief (metrics.figures.briefing) is built once and each surface is rendered from it
by its own code. The test reads each surface back as text and checks that it
carries the brief's value, period, changes, comparator verdicts, SPC wording
and key message. A surface that computed any of these for itself would show
something else and fail here.
"""

from __future__ import annotations

import html
import io
import re
from datetime import date

import polars as pl
import pytest
from pypdf import PdfReader

from metrics.commentary.sqlite import latest_messages
from metrics.core import registry
from metrics.figures import briefing, chart_data
from metrics.storage.store import DataStore
from pack import pdf
from pack.slides import slide_text, title_text
from tests.app.conftest import ROOT
from views import key_messages, overview, panel

STORE = DataStore(ROOT / "data")
COUNCILS = ("E06000016", "E10000018")  # Leicester, Leicestershire


def text_of(markup: str) -> str:
    """Visible text of an HTML fragment, with whitespace folded (tags become spaces)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def briefs(area_code: str) -> list[briefing.Brief]:
    with_data = set(
        STORE.values().filter(area_code=area_code).select("indicator_id").unique().collect().to_series().to_list()
    )
    out = []
    for ind in registry.INDICATORS:
        if ind.id not in with_data:
            continue
        b = briefing.build(
            store=STORE,
            indicator_id=ind.id,
            area_code=area_code,
            heading=ind.domain_title,
            audience="public",
            threshold=5,
        )
        published = STORE.commentary().filter(indicator_id=ind.id, area_code=area_code)
        out.append(b.with_messages(latest_messages(published=published, edits=[])))
    return out


@pytest.fixture(scope="module", params=COUNCILS)
def surfaces(request):
    """Each brief with the text of its tile, strip (with key messages), slide and PDF page."""
    area = request.param
    found = briefs(area)
    slides = [slide_text(b, threshold=5, audience="public") for b in found]
    title = title_text(
        title="Test", council=area, meeting="m", briefs=found, threshold=5, audience="public", made=date(2026, 1, 1)
    )
    reader = PdfReader(io.BytesIO(pdf.document(title=title, slides=slides, images=[None] * len(slides))))
    whole = folded(" ".join(p.extract_text() for p in reader.pages[1:]))
    starts, at = [], 0
    for s in slides:  # each indicator's pages run from its title to the next indicator's title
        at = whole.index(folded(s.title), at)
        starts.append(at)
    pages = [whole[a:b] for a, b in zip(starts, [*starts[1:], len(whole)], strict=True)]
    return [
        (b, text_of(overview.tile_body(b)), text_of(panel.strip_html(b) + key_messages.messages_html(b)), s, page)
        for b, s, page in zip(found, slides, pages, strict=True)
    ]


def test_every_surface_shows_the_same_value_and_period(surfaces):
    for b, tile, strip, slide, page in surfaces:
        if not b.latest_period:
            continue
        where = (b.area_code, b.indicator.id)
        assert b.latest_period in tile and b.latest_period in slide.value_caption and b.latest_period in page, where
        if b.categories:  # published only by breakdown: the tile lists the categories, the slide shows the largest
            assert all(c in tile for c in b.categories[:4]) and slide.categories == b.categories, where
            continue
        assert folded(b.latest_value) in tile and slide.value == b.latest_value and b.latest_value in page, where
        assert b.latest_value in strip and f"Latest ({b.latest_period})" in strip, where


def test_every_surface_shows_the_same_changes(surfaces):
    for b, tile, strip, slide, page in surfaces:
        where = (b.area_code, b.indicator.id)
        assert slide.changes == b.change_lines, where
        for line in b.change_lines:
            assert line in tile and folded(line) in page, (where, line)
        for change in b.changes if b.latest_period and not b.categories else ():
            if change.status == briefing.CHANGE:
                assert f"{change.heading} {change.figure} {change.judgement}" in strip, (where, change)
            else:
                assert f"{change.heading} {change.text}" in strip, (where, change)


def test_every_surface_shows_the_same_verdicts(surfaces):
    for b, tile, strip, slide, page in surfaces:
        where = (b.area_code, b.indicator.id)
        assert slide.benchmarks[: len(b.comparisons)] == b.benchmarks, where
        for line in b.benchmarks:
            assert line in strip and folded(line) in page, (where, line)
        shown_on_tile = [c.text for c in b.comparisons if c.text in tile]
        assert shown_on_tile == [c.text for c in b.headline_comparisons()], where
        if b.rank:
            assert b.rank in strip and b.rank in " ".join(slide.benchmarks) and folded(b.rank) in page, where
            assert b.rank_short in tile, where
        # the chart's CSV carries the same verdict and method on each comparator's row for the figure's period
        # (the latest period's, or where it has none the latest judged period's, which the brief names)
        csv = chart_data.export_frame(b.table)
        for c in b.comparisons:
            if c.method == briefing.OTHER_PERIODS:  # another period's figure, listed without a verdict
                assert c.verdict == "not tested" and c.period and c.period in c.text, (where, c.name)
                continue
            row = csv.filter((pl.col("series") == c.name) & (pl.col("period_label") == c.period)).row(0, named=True)
            assert (row["verdict"], row["verdict_method"]) == (c.verdict, c.method), (where, c.name)
        if b.comparisons:  # how they were judged, said beside them on every surface
            assert b.method_line in tile and b.method_line in strip, where
            assert b.method_line in slide.benchmarks and folded(b.method_line) in page, where


def test_verdicts_are_tested_wherever_the_figure_has_an_interval(surfaces):
    """Every comparable indicator's verdicts come from intervals or say why not: never a bare 'better'."""
    tested = 0
    for b, *_ in surfaces:
        for c in b.comparisons:
            if c.method == briefing.OTHER_PERIODS:  # no figure of the council's in that period to test
                continue
            row = b.table.frame.filter(
                (pl.col("kind") == "ours") & (pl.col("period_label") == c.period) & pl.col("breakdown_cat").is_null()
            )
            if row.height and row["lower"][0] is not None:
                assert c.verdict != "not tested" and c.method.startswith(row["interval_method"][0]), c.text
                tested += 1
            else:
                assert c.verdict == "not tested" and c.method == row["interval_method"][0], c.text
    assert tested  # the bundled data has intervals for the ASCOF measures


def test_every_surface_shows_the_same_spc_and_key_message(surfaces):
    checked = 0
    for b, _tile, strip, slide, page in surfaces:
        where = (b.area_code, b.indicator.id)
        assert slide.spc == b.spc_words and folded(b.spc_words) in page, where
        if b.spc is not None:
            assert b.spc.sentence in text_of(overview.spc_matrix_html(b.area_code, "public")), where
        for km in b.messages:
            checked += 1
            assert f"{km.heading}: {folded(km.message.text)}" in strip, where
            assert slide.message.startswith(km.heading) and km.message.text in slide.message, where
            assert folded(km.heading) in page, where
    if surfaces[0][0].area_code == "E06000016":
        assert checked, "Leicester's bundled data has key messages to compare"


def test_a_message_older_than_its_figure_is_labelled_everywhere(surfaces):
    older = [(b, strip, slide, page) for b, _t, strip, slide, page in surfaces if any(m.older for m in b.messages)]
    if surfaces[0][0].area_code == "E06000016":
        assert older, "Leicester has a message older than the figure beside it (Reablement, 2023/24 Q1)"
    for b, strip, slide, page in older:
        heading = b.messages[0].heading
        assert heading.startswith("Key message for ") and f"(the figure above is {b.latest_period})" in heading
        assert heading in strip and slide.message.startswith(heading) and folded(heading) in page
