"""Open the generated PowerPoint and PDF and read them back: slide count, titles, hidden values absent.

These draw real chart images with kaleido and the system Chromium.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from metrics.analysis.spc import icons as spc_icons
from metrics.commentary.sqlite import Message
from metrics.core.errors import PackError
from metrics.figures import briefing
from pack import images
from pack.build import meeting_pack
from pack.slides import SUMMARY_HEADER
from tests.conftest import HOME, make_data_dir
from tests.pack.conftest import HIDDEN, THRESHOLD, make_pack_store

AGENDA = ("reablement_91day", "complaints_total", "contacts_new")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    store = make_pack_store(make_data_dir(tmp_path_factory.mktemp("pack")))
    briefs = [
        briefing.build(
            store=store, indicator_id=i, area_code=HOME, heading="Heading " + i, audience="public", threshold=THRESHOLD
        )
        for i in AGENDA
    ]
    briefs[0] = briefs[0].with_messages(
        [
            Message(
                "2021/22",
                "Well above national averages",
                "Ann",
                "2023-08-20",
                "ASC Scrutiny Commission, 24 Aug 2023",
                "written in the dashboard",
                1,
            )
        ]
    )
    pack = meeting_pack(
        briefs=briefs,
        title="Quarterly performance report",
        council="Leicester",
        meeting="ASC Scrutiny Commission, 24 Aug 2023",
        threshold=THRESHOLD,
        audience="public",
        made=date(2023, 8, 20),
    )
    return briefs, pack


def pptx_texts(slide) -> list[str]:
    out = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    out += [cell.text for shape in slide.shapes if shape.has_table for row in shape.table.rows for cell in row.cells]
    out += [
        shape._element.nvPicPr.cNvPr.get("descr", "")
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    if slide.has_notes_slide:
        out.append(slide.notes_slide.notes_text_frame.text)
    return out


def test_powerpoint_has_a_title_slide_a_summary_then_one_slide_per_indicator(built):
    briefs, pack = built
    deck = Presentation(io.BytesIO(pack.pptx))
    slides = list(deck.slides)
    assert len(slides) == 2 + len(AGENDA)
    assert "Quarterly performance report" in pptx_texts(slides[0])
    for slide, brief in zip(slides[2:], briefs, strict=True):
        texts = pptx_texts(slide)
        assert brief.title in texts
        assert brief.indicator.definition in "\n".join(texts)
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
        assert len(pictures[0].image.blob) > 10_000  # a drawn chart, not an empty canvas
    assert "Key message, 2021/22: Well above national averages" in "\n".join(pptx_texts(slides[2]))
    assert "better than England (81.8%)" in "\n".join(pptx_texts(slides[2]))


def test_the_summary_is_a_table_of_every_indicator_in_its_slides_words(built):
    briefs, pack = built
    summary = list(Presentation(io.BytesIO(pack.pptx)).slides)[1]
    tables = [shape.table for shape in summary.shapes if shape.has_table]
    assert len(tables) == 1
    rows = [[cell.text for cell in row.cells] for row in tables[0].rows]
    assert rows[0] == list(SUMMARY_HEADER) and len(rows) == 1 + len(briefs)
    for row, brief in zip(rows[1:], briefs, strict=True):
        assert row[0] == brief.indicator.title
        assert row[1].startswith(brief.latest_value)
        assert row[2] == (brief.change_lines[0] if brief.change_lines else "–")
        icon = spc_icons.NOT_DRAWN if brief.spc is None else brief.spc.variation
        assert row[4] == f"{icon.letter} {icon.text.split(':')[0]}"
    sizes = {
        run.font.size.pt
        for row in tables[0].rows
        for cell in row.cells
        for p in cell.text_frame.paragraphs
        for run in p.runs
    }
    assert min(sizes) >= 12


def test_pdf_has_the_same_pages_and_titles(built):
    briefs, pack = built
    reader = PdfReader(io.BytesIO(pack.pdf))
    assert len(reader.pages) == 2 + len(AGENDA)
    assert "Quarterly performance report" in reader.pages[0].extract_text()
    assert "Summary" in reader.pages[1].extract_text()
    for page, brief in zip(reader.pages[2:], briefs, strict=True):
        text = " ".join(page.extract_text().split())
        assert brief.indicator.title in text
        assert len(page.images) == 1
    assert "Well above national averages" in reader.pages[2].extract_text()


def test_a_value_hidden_on_screen_is_absent_from_both_files(built):
    briefs, pack = built
    assert briefs[1].latest_value == "hidden (small number)"
    deck_text = "\n".join(t for slide in Presentation(io.BytesIO(pack.pptx)).slides for t in pptx_texts(slide))
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pack.pdf)).pages)
    for text in (deck_text, pdf_text):
        assert "hidden (small number)" in text
        assert not re.search(rf"(?<![\d.,]){HIDDEN}(?![\d])", text)


def test_no_chromium_is_a_clear_error(monkeypatch):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(images.shutil, "which", lambda name: None)
    with pytest.raises(PackError, match="apt-get install -y chromium"):
        images.browser_path()


def test_every_slide_has_its_title_in_a_title_placeholder(built):
    # what a screen reader's list of slides and PowerPoint's outline read; a text box drawn as a title is neither
    briefs, pack = built
    slides = list(Presentation(io.BytesIO(pack.pptx)).slides)
    titles = [slide.shapes.title.text if slide.shapes.title is not None else None for slide in slides]
    assert titles == ["Quarterly performance report", "Summary", *(b.title for b in briefs)]
