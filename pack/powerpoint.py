"""The pack as a 16:9 PowerPoint deck, with python-pptx: a title slide, then one slide per indicator."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from metrics.core.contrast import ink_on
from pack.slides import SUMMARY_HEADER, SlideText, SummaryRow, TitleText, summary_pages

INK, BLUE, GREY = RGBColor(0x1D, 0x1D, 0x1B), RGBColor(0x00, 0x5E, 0xB8), RGBColor(0x3B, 0x3B, 0x3B)
AMBER_INK = RGBColor(0x5C, 0x47, 0x00)
#: The chart's width on the slide; its height follows the image (about 3.6 inches).
CHART_INCHES = 6.9


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text(slide, left, top, width, height, paragraphs, *, anchor=MSO_ANCHOR.TOP):
    """A text box; paragraphs are (text, size, bold, colour)."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for i, (text, size, bold, colour) in enumerate(paragraphs):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = p.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.color.rgb, run.font.name = Pt(size), bold, colour, "Arial"
        p.space_after = Pt(3)
    return box


#: The default template's "Title Only" layout: every slide's title is its title placeholder, which a screen reader's
#: list of slides and PowerPoint's outline view read (a text box drawn as a title is neither).
TITLE_ONLY = 5


def _titled(prs, title: str, *, box: tuple[float, float, float, float], size: int):
    """A slide on the title-only layout whose title placeholder holds ``title`` at ``box`` (inches) in ``size``
    points, bold, left-aligned."""
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    holder = slide.shapes.title
    holder.left, holder.top, holder.width, holder.height = (Inches(v) for v in box)
    frame = holder.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.text = title
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    run = paragraph.runs[0]
    run.font.size, run.font.bold, run.font.color.rgb, run.font.name = Pt(size), True, INK, "Arial"
    return slide


def _title_slide(prs, text: TitleText) -> None:
    slide = _titled(prs, text.title, box=(0.8, 1.2, 11.7, 1.6), size=40)
    _text(
        slide,
        Inches(0.8),
        Inches(2.8),
        Inches(11.7),
        Inches(1.2),
        [(text.council, 28, True, BLUE), (text.meeting, 22, False, GREY), (text.made, 16, False, GREY)],
    )
    _text(slide, Inches(0.8), Inches(4.5), Inches(11.7), Inches(2.6), [(line, 18, False, INK) for line in text.lines])


def _summary_slide(prs, rows: list[SummaryRow], *, part: str) -> None:
    """Every indicator of the agenda on one table: latest figure, change, first comparator and SPC icon. A real
    table (a screen reader steps through its cells), at 12 points and above."""
    slide = _titled(prs, f"Summary{part}", box=(0.4, 0.2, 12.5, 0.6), size=26)
    shape = slide.shapes.add_table(len(rows) + 1, 5, Inches(0.4), Inches(0.95), Inches(12.5), Inches(0.5))
    table = shape.table
    for k, width in enumerate((3.3, 1.9, 2.6, 2.9, 1.8)):
        table.columns[k].width = Inches(width)
    cells = [SUMMARY_HEADER] + [
        (r.indicator, r.latest, r.change, r.comparator, f"{r.spc_letter} {r.spc}") for r in rows
    ]
    for i, values in enumerate(cells):
        for j, value in enumerate(values):
            cell = table.cell(i, j)
            cell.text = value
            run = cell.text_frame.paragraphs[0].runs[0]
            run.font.size, run.font.bold, run.font.name = Pt(12), i == 0, "Arial"
            if i and j == 4:  # the SPC icon's colour behind its letter and words; the words carry the meaning
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(rows[i - 1].spc_colour)
                run.font.color.rgb = _rgb(ink_on(rows[i - 1].spc_colour))


def _indicator_slide(prs, text: SlideText, image: bytes | None) -> None:
    slide = _titled(prs, text.title, box=(0.4, 0.45, 12.5, 0.7), size=26)
    _text(slide, Inches(0.4), Inches(0.2), Inches(12.5), Inches(0.4), [(text.kicker.upper(), 13, True, BLUE)])
    if image is not None:
        pic = slide.shapes.add_picture(io.BytesIO(image), Inches(0.3), Inches(1.15), width=Inches(CHART_INCHES))
        pic._element.nvPicPr.cNvPr.set("descr", text.alt_text)  # the chart's text alternative
    else:
        _text(
            slide,
            Inches(0.4),
            Inches(1.5),
            Inches(8.0),
            Inches(3.5),
            [("Nothing to draw: the source gives this indicator in words only.", 18, False, GREY)],
        )
    right = [(text.value_caption, 14, False, GREY), (text.value, 36, True, INK)]
    right += [(c, 15, False, INK) for c in text.changes]
    right += [(c, 15, False, INK) for c in text.categories[:6]]
    right += [(text.benchmark_heading, 14, True, GREY)] + [(b, 14, False, INK) for b in text.benchmarks]
    _text(slide, Inches(7.4), Inches(1.15), Inches(5.7), Inches(3.6), right)
    disc = slide.shapes.add_shape(MSO_SHAPE.OVAL, Inches(0.4), Inches(4.85), Inches(0.42), Inches(0.42))
    disc.fill.solid()
    disc.fill.fore_color.rgb = _rgb(text.spc_colour)
    disc.line.color.rgb = INK
    disc.text_frame.text = text.spc_letter
    run = disc.text_frame.paragraphs[0].runs[0]
    run.font.size, run.font.bold, run.font.color.rgb = Pt(16), True, _rgb(ink_on(text.spc_colour))
    disc.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER
    _text(slide, Inches(0.95), Inches(4.8), Inches(12.0), Inches(0.55), [(text.spc, 12, False, INK)])
    lower = []
    if text.message:  # a key message is never cut: a long one is set smaller
        size = 13 if len(text.message) < 500 else 11 if len(text.message) < 900 else 9
        lower += [(text.message, size, True, INK), (text.message_by, 10, False, GREY)]
    lower += [(n, 11, True, AMBER_INK) for n in text.notes]
    lower += [(text.definition, 10, False, GREY), (text.source, 9, False, GREY)]
    _text(slide, Inches(0.4), Inches(5.35), Inches(12.5), Inches(2.1), lower)
    slide.notes_slide.notes_text_frame.text = text.all_text


def deck(
    *, title: TitleText, slides: list[SlideText], images: list[bytes | None], summary: list[SummaryRow] | None = None
) -> bytes:
    """The .pptx bytes: the title, the summary (``summary``, one slide per eight indicators), then the indicators."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(Inches(13.333)), Emu(Inches(7.5))
    prs.core_properties.title = title.title
    prs.core_properties.subject = f"{title.council}: {title.meeting}"
    _title_slide(prs, title)
    pages = summary_pages(summary or [])
    for k, rows in enumerate(pages, start=1):
        _summary_slide(prs, rows, part=f" ({k} of {len(pages)})" if len(pages) > 1 else "")
    for text, image in zip(slides, images, strict=True):
        _indicator_slide(prs, text, image)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
