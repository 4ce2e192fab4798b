"""The pack as a 16:9 PowerPoint deck, with python-pptx: a title slide, then one slide per indicator."""

from __future__ import annotations

import io
import re

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from metrics.core.contrast import ink_on
from pack import fit
from pack.fit import Para
from pack.slides import (
    SUMMARY_HEADER,
    SUMMARY_WIDTHS_IN,
    SlideText,
    SummaryRow,
    TitleText,
    summary_cells,
    summary_pages,
)

INK, BLUE, GREY = RGBColor(0x1D, 0x1D, 0x1B), RGBColor(0x00, 0x5E, 0xB8), RGBColor(0x3B, 0x3B, 0x3B)
AMBER_INK = RGBColor(0x5C, 0x47, 0x00)
#: The chart's width on the slide; its height follows the image (about 3.6 inches: 1.2 to 4.8).
CHART_INCHES = 6.9


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text(slide, left, top, width, height, paragraphs, *, anchor=MSO_ANCHOR.TOP):
    """A text box; paragraphs are :class:`fit.Para` or (text, size, bold, colour)."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for i, para in enumerate(paragraphs):
        text, size, bold, colour = (para.text, para.size, para.bold, para.colour) if isinstance(para, Para) else para
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = p.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.color.rgb, run.font.name = Pt(size), bold, colour, "Arial"
        p.space_after = Pt(fit.SPACE_AFTER_PT)
    return box


def _in_box(slide, box: tuple[float, float, float, float], paragraphs) -> None:
    """A text box at ``box`` (left, top, width, height in inches)."""
    left, top, width, height = (Inches(v) for v in box)
    _text(slide, left, top, width, height, paragraphs)


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
    _in_box(
        slide,
        (0.8, 2.8, 11.7, 1.45),
        [(text.council, 28, True, BLUE), (text.meeting, 22, False, GREY), (text.made, 16, False, GREY)],
    )
    lines = fit.shrunk([Para(line, 18, False, INK) for line in text.lines], width_in=11.7, height_in_=3.0)
    _in_box(slide, (0.8, 4.3, 11.7, 3.0), lines)


def _summary_slide(prs, rows: list[SummaryRow], *, part: str) -> None:
    """Every indicator of the agenda on one table: latest figure, change, first comparator and SPC icon. A real
    table (a screen reader steps through its cells), at 12 points and above."""
    slide = _titled(prs, f"Summary{part}", box=(0.4, 0.2, 12.5, 0.6), size=26)
    shape = slide.shapes.add_table(len(rows) + 1, 5, Inches(0.4), Inches(0.95), Inches(12.5), Inches(0.5))
    table = shape.table
    for k, width in enumerate(SUMMARY_WIDTHS_IN):
        table.columns[k].width = Inches(width)
    cells = [SUMMARY_HEADER] + [summary_cells(r) for r in rows]
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


#: Where things sit on an indicator slide (inches): the title, the chart on the left, the figures on the right, and
#: the SPC result, key message, notes and source across the foot.
TITLE_BOX = (0.4, 0.45, 12.5, 0.75)
RIGHT_BOX = (7.4, 1.2, 5.7, 3.55)
FOOT_BOX = (0.95, 4.8, 12.0, 2.55)
MORE_BOX = (0.4, 1.3, 12.5, 5.9)


def _title_size(title: str) -> int:
    """The title's size: 26 points, smaller (never under 18) when a long title would not fit its box in two lines."""
    size = 26
    while size > 18 and fit.height_in([Para(title, size, True, INK)], width_in=TITLE_BOX[2]) > TITLE_BOX[3]:
        size -= 2
    return size


def _right(text: SlideText) -> list[Para]:
    """The latest figure, its changes and the comparators, at their sizes (shrunk to fit, never under 12 points)."""
    paras = [Para(text.value_caption, 14, False, GREY), Para(text.value, 36, True, INK)]
    paras += [Para(c, 15, False, INK) for c in (*text.changes, *text.categories[:6])]
    paras += [Para(text.benchmark_heading, 14, True, GREY)] + [Para(b, 14, False, INK) for b in text.benchmarks]
    return fit.shrunk(paras, width_in=RIGHT_BOX[2], height_in_=RIGHT_BOX[3])


def _foot(text: SlideText) -> list[Para]:
    """What runs across the foot, in reading order: the SPC result, the key message and who wrote it, the chart's
    notes and the slide's own notes. None of it is cut or set under 12 points."""
    paras = [Para(text.spc, 12, False, INK)]
    if text.message:
        paras += [Para(text.message, 12, True, INK), Para(text.message_by, 12, False, GREY)]
    paras += [Para(n, 12, False, INK) for n in text.chart_notes]
    return paras + [Para(n, 12, True, AMBER_INK) for n in text.notes]


def _room(paras: list[Para], extra: Para, box: tuple[float, float, float, float]) -> bool:
    return fit.height_in([*paras, extra], width_in=box[2]) <= box[3]


def _laid_out(text: SlideText) -> tuple[list[Para], list[Para], list[Para]]:
    """The right column, the foot, and what goes on a continuation slide. The source goes under the figures, or
    at the foot, wherever there is room (a continuation slide only when there is none); the definition, which the
    speaker notes always hold, goes on the slide only where there is room."""
    right, right_rest = fit.fitted(_right(text), width_in=RIGHT_BOX[2], height_in_=RIGHT_BOX[3])
    foot, rest = fit.fitted(_foot(text), width_in=FOOT_BOX[2], height_in_=FOOT_BOX[3])
    rest = right_rest + rest
    for extra, required in (
        (Para(text.source, 12, False, GREY), True),
        (Para(text.definition, 12, False, GREY), False),
    ):
        if rest:
            rest += [extra] if required else []
        elif _room(right, extra, RIGHT_BOX):
            right.append(extra)
        elif _room(foot, extra, FOOT_BOX):
            foot.append(extra)
        elif required:
            rest.append(extra)
    return right, foot, rest


def _continued(prs, text: SlideText, rest: list[Para]) -> None:
    """What did not fit on an indicator's slide, on as many more as it takes under the same title: nothing runs off
    a slide. A paragraph is never split; one taller than a whole slide (none can be: a key message is at most 4,000
    characters) would go alone."""
    title = f"{text.title} (continued)"
    while rest:
        here, rest = fit.fitted(rest, width_in=MORE_BOX[2], height_in_=MORE_BOX[3])
        if not here:
            here, rest = rest[:1], rest[1:]
        slide = _titled(prs, title, box=TITLE_BOX, size=_title_size(title))
        _in_box(slide, MORE_BOX, here)
        slide.notes_slide.notes_text_frame.text = text.all_text


def _spc_disc(slide, text: SlideText) -> None:
    disc = slide.shapes.add_shape(MSO_SHAPE.OVAL, Inches(0.4), Inches(4.85), Inches(0.42), Inches(0.42))
    disc.fill.solid()
    disc.fill.fore_color.rgb = _rgb(text.spc_colour)
    disc.line.color.rgb = INK
    disc.text_frame.text = text.spc_letter
    run = disc.text_frame.paragraphs[0].runs[0]
    run.font.size, run.font.bold, run.font.color.rgb = Pt(16), True, _rgb(ink_on(text.spc_colour))
    disc.text_frame.paragraphs[0].alignment = PP_ALIGN.CENTER


def _indicator_slide(prs, text: SlideText, image: bytes | None) -> None:
    """One indicator: title placeholder, chart (with its text alternative), figures, and the foot. What does not
    fit goes on a continuation slide; the definition is in the speaker notes, and on the slide when there is room."""
    slide = _titled(prs, text.title, box=TITLE_BOX, size=_title_size(text.title))
    _text(slide, Inches(0.4), Inches(0.1), Inches(12.5), Inches(0.4), [(text.kicker.upper(), 13, True, BLUE)])
    if image is not None:
        pic = slide.shapes.add_picture(io.BytesIO(image), Inches(0.3), Inches(1.2), width=Inches(CHART_INCHES))
        # the chart's text alternative, without the control characters XML cannot hold
        pic._element.nvPicPr.cNvPr.set("descr", re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text.alt_text))
    else:
        _text(
            slide,
            Inches(0.4),
            Inches(1.5),
            Inches(6.8),
            Inches(3.0),
            [("Nothing to draw: the source gives this indicator in words only.", 18, False, GREY)],
        )
    right, foot, rest = _laid_out(text)
    _in_box(slide, RIGHT_BOX, right)
    _spc_disc(slide, text)
    _in_box(slide, FOOT_BOX, foot)
    slide.notes_slide.notes_text_frame.text = text.all_text
    if rest:
        _continued(prs, text, rest)


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
