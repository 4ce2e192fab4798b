"""Leicester's Quarterly performance report pack, built from the bundled data as the Meeting pack page builds it
(#27): a summary slide; every slide with a title placeholder; nothing outside a slide, nothing overflowing its box
and nothing under 12 points; no slide without a chart or words saying why; a tagged PDF."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from metrics.figures import agenda, briefing
from metrics.storage.store import DataStore
from pack import fit
from pack.build import meeting_pack
from pack.slides import row_height_in
from tests.app.conftest import ROOT

LEICESTER = "E06000016"
EMU_PER_INCH = 914400


@pytest.fixture(scope="module")
def quarterly():
    store = DataStore(ROOT / "data")
    have = store.collect(
        lambda v: v.filter((pl.col("area_code") == LEICESTER) & pl.col("value").is_not_null()).select("indicator_id")
    )["indicator_id"].to_list()
    ids, _left_out = agenda.for_council(preset=agenda.QUARTERLY, available=have)
    briefs = [
        briefing.build(
            store=store,
            indicator_id=i,
            area_code=LEICESTER,
            heading=agenda.heading(indicator_id=i, preset=agenda.QUARTERLY),
            audience="public",
            threshold=5,
        )
        for i in ids
    ]
    pack = meeting_pack(
        briefs=briefs,
        title=agenda.QUARTERLY.title,
        council="Leicester",
        meeting="Adult Social Care Scrutiny Commission, 24 August 2023",
        threshold=5,
        audience="public",
        made=date(2023, 8, 20),
    )
    return briefs, Presentation(io.BytesIO(pack.pptx)), PdfReader(io.BytesIO(pack.pdf))


def _paragraphs(shape) -> list[fit.Para]:
    out = []
    for p in shape.text_frame.paragraphs:
        if p.runs and p.runs[0].font.size is not None:
            out.append(fit.Para(p.text, p.runs[0].font.size.pt, bool(p.runs[0].font.bold), None))
    return out


def test_a_summary_follows_the_title_and_every_slide_has_a_title_placeholder(quarterly):
    briefs, deck, _pdf = quarterly
    titles = [s.shapes.title.text if s.shapes.title is not None else "" for s in deck.slides]
    assert titles[0] == agenda.QUARTERLY.title and titles[1].startswith("Summary")
    assert all(titles), "a slide without a title placeholder"
    for b in briefs:
        assert b.title in titles  # one slide per indicator (a continuation slide repeats the title, marked)
    assert all(
        t in {b.title for b in briefs} or t.startswith("Summary") or t.endswith("(continued)") for t in titles[1:]
    )


def test_nothing_is_outside_a_slide_overflows_its_box_or_is_set_under_12_points(quarterly):
    _briefs, deck, _pdf = quarterly
    width, height = deck.slide_width, deck.slide_height
    for n, slide in enumerate(deck.slides, start=1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= width, (n, shape.name)
            assert shape.top >= 0 and shape.top + shape.height <= height, (n, shape.name)
            runs = []
            if shape.has_text_frame:
                runs = [r for p in shape.text_frame.paragraphs for r in p.runs]
                needed = fit.height_in(_paragraphs(shape), width_in=shape.width / EMU_PER_INCH)
                assert needed <= shape.height / EMU_PER_INCH + 0.01, (n, shape.text_frame.text[:80])
            if shape.has_table:  # a table's rows grow with their text: measured as the pack measures them
                cells = [c for row in shape.table.rows for c in row.cells]
                runs = [r for c in cells for p in c.text_frame.paragraphs for r in p.runs]
                rows = [tuple(c.text for c in row.cells) for row in shape.table.rows]
                tall = shape.top / EMU_PER_INCH + sum(row_height_in(cells) for cells in rows)
                assert tall <= height / EMU_PER_INCH - 0.2, (n, len(rows))
            small = [(r.text[:40], r.font.size.pt) for r in runs if r.font.size is not None and r.font.size.pt < 12]
            assert not small, (n, small)


def test_every_indicator_slide_has_its_chart_or_says_why_and_never_latest_not_available(quarterly):
    briefs, deck, _pdf = quarterly
    by_title = {s.shapes.title.text: s for s in deck.slides}
    for b in briefs:
        slide = by_title[b.title]
        words = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert pictures or "words only" in words, b.title
        assert "Latest not available" not in words and "not available" not in words.split("\n")[0]
        for picture in pictures:
            alt = picture._element.nvPicPr.cNvPr.get("descr")
            assert alt and "data table" not in alt  # a slide has no data table to point to
        notes = slide.notes_slide.notes_text_frame.text
        assert b.indicator.definition in notes and "Source:" in notes  # speaker notes: definition and source


def test_the_pdf_is_tagged_with_headings_in_reading_order(quarterly):
    briefs, _deck, pdf = quarterly
    root = pdf.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and root["/Lang"] == "en-GB"
    kinds: list[str] = []

    def walk(node):
        node = node.get_object()
        if "/S" in node:
            kinds.append(str(node["/S"]))
        kids = node.get("/K")
        if kids is None or isinstance(kids, int):
            return
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object()
            if hasattr(kid, "get") and kid.get("/Type") != "/MCR":
                walk(kid)

    walk(root["/StructTreeRoot"])
    pages = sum(1 for page in pdf.pages if "Summary" in page.extract_text()[:40])
    assert pages >= 1
    assert kinds.count("/H1") == 1 + pages + len(briefs)  # the title, each summary page, each indicator
    assert kinds.count("/Figure") == sum(1 for b in briefs if b.table.drawn.height)
    assert "/Table" in kinds and kinds.count("/P") > 3 * len(briefs)
    assert kinds.index("/H1") < kinds.index("/Table") < kinds.index("/Figure")  # title, summary, then indicators
