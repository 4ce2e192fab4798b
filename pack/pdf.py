"""The pack as a landscape A4 PDF, with fpdf2: the same pages as the deck.

Text is set in DejaVu Sans (Debian's fonts-dejavu-core) so arrows, ticks and
dashes print as they do on screen; without that font the PDF falls back to
Helvetica and spells the symbols out in words.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import cast

from fpdf import FPDF
from fpdf.enums import MethodReturnValue

from metrics.core.contrast import ink_on
from pack import figures
from pack.slides import SUMMARY_HEADER, SlideText, SummaryRow, TitleText, summary_cells, summary_pages

CHART_MM = 182

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SYMBOL_WORDS = {
    "▲": "up",
    "▼": "down",
    "■": "",
    "✔": "[better]",
    "✖": "[worse]",
    "≈": "[similar]",
    "–": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "…": "...",
    "—": "-",
    "◇": "",
    "›": ">",
}
INK, BLUE, GREY, AMBER = (29, 29, 27), (0, 94, 184), (59, 59, 59), (92, 71, 0)


class _Pdf(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.set_auto_page_break(auto=True, margin=8)  # an over-long key message runs on, never off the page
        self.set_margins(12, 10, 12)
        regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
        self.unicode = regular.exists() and bold.exists()
        if self.unicode:
            self.add_font("body", "", str(regular))
            self.add_font("body", "B", str(bold))
        self.family = "body" if self.unicode else "helvetica"

    def clean(self, text: str) -> str:
        if self.unicode:
            return text
        for symbol, words in SYMBOL_WORDS.items():
            text = text.replace(symbol, words)
        return text.encode("latin-1", "replace").decode("latin-1")

    @contextmanager
    def tagged(self, role: str) -> Iterator[None]:
        """What is drawn inside is one structure element of ``role`` (/H1, /P, /Table), in the document's reading
        order: a screen reader reads the headings and paragraphs, and their order, from the tags. fpdf2 tags the
        chart images itself (Figure, with their text alternative); this tags the text (its own API does not)."""
        mcid = self.struct_builder.next_mcid_for_page(self.page)
        self._add_marked_content(struct_type=role, mcid=mcid)
        start = self.page
        self._out(f"{role} <</MCID {mcid}>> BDC")
        yield
        if self.page != start:  # para() starts a new page first when a paragraph would not fit
            raise RuntimeError(f"a {role} element ran over a page")
        self._out("EMC")

    @contextmanager
    def artifact(self) -> Iterator[None]:
        """Decoration a screen reader skips (the SPC icon's disc: its words follow as text)."""
        self._out("/Artifact BMC")
        yield
        self._out("EMC")

    def para(
        self,
        text: str,
        *,
        size: float,
        bold: bool = False,
        colour=INK,
        width: float = 0,
        gap: float = 1.2,
        role: str = "/P",
    ):
        """A paragraph, tagged as ``role``, on a new page when it would not fit on this one (never split)."""
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)
        words, line = self.clean(text), size * 0.45
        high = self.multi_cell(width, line, words, align="L", dry_run=True, output=MethodReturnValue.HEIGHT)
        if self.get_y() + cast(float, high) > self.page_break_trigger:
            x = self.get_x()
            self.add_page()
            self.set_x(x)
        with self.tagged(role):
            self.multi_cell(width, line, words, align="L", new_x="LMARGIN" if not width else "LEFT", new_y="NEXT")
        self.ln(gap)


def _title_page(pdf: _Pdf, text: TitleText) -> None:
    pdf.add_page()
    pdf.set_y(30)
    pdf.para(text.title, size=30, bold=True, gap=6, role="/H1")
    pdf.para(text.council, size=22, bold=True, colour=BLUE)
    pdf.para(text.meeting, size=16, colour=GREY)
    pdf.para(text.made, size=12, colour=GREY, gap=10)
    for line in text.lines:
        pdf.para(line, size=13)


def _indicator_page(pdf: _Pdf, text: SlideText, image: bytes | None) -> None:
    pdf.add_page()
    pdf.para(text.kicker.upper(), size=10, bold=True, colour=BLUE, gap=0.5)
    pdf.para(text.title, size=18, bold=True, gap=2, role="/H1")
    top = pdf.get_y()
    if image is not None:
        pdf.image(io.BytesIO(image), x=10, y=top, w=CHART_MM, alt_text=text.alt_text)
        chart_bottom = top + CHART_MM * figures.HEIGHT / figures.WIDTH
    else:
        pdf.para("Nothing to draw: the source gives this indicator in words only.", size=13, colour=GREY)
        chart_bottom = top + 20
    pdf.set_xy(195, top)
    pdf.para(text.value_caption, size=10, colour=GREY, width=90, gap=0)
    pdf.set_x(195)
    pdf.para(text.value, size=24, bold=True, width=90)
    for line in (*text.changes, *text.categories[:6]):
        pdf.set_x(195)
        pdf.para(line, size=10.5, width=90, gap=0.6)
    pdf.set_x(195)
    pdf.para(text.benchmark_heading, size=10, bold=True, colour=GREY, width=90, gap=0.6)
    for line in text.benchmarks:
        pdf.set_x(195)
        pdf.para(line, size=10, width=90, gap=0.6)
    pdf.set_y(max(chart_bottom, pdf.get_y()) + 2)
    y = pdf.get_y()
    pdf.set_fill_color(*tuple(int(text.spc_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)))
    pdf.set_draw_color(*INK)
    with pdf.artifact():
        pdf.ellipse(12, y, 7, 7, style="DF")
        pdf.set_font(pdf.family, "B", 11)
        pdf.set_text_color(*tuple(int(ink_on(text.spc_colour).lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)))
        pdf.set_xy(12, y + 1.2)
        pdf.cell(7, 4.5, pdf.clean(text.spc_letter), align="C")
    pdf.set_xy(21, y)
    pdf.para(text.spc, size=10, width=264, gap=1.5)
    pdf.set_y(max(pdf.get_y(), y + 9))
    if text.message:
        pdf.para(text.message, size=11, bold=True, gap=0.5)
        pdf.para(text.message_by, size=8.5, colour=GREY)
    for note in text.chart_notes:
        pdf.para(note, size=10, gap=0.6)
    for note in text.notes:
        pdf.para(note, size=9.5, bold=True, colour=AMBER, gap=0.6)
    pdf.para(text.definition, size=8.5, colour=GREY, gap=0.5)
    pdf.para(text.source, size=8, colour=GREY)


def _summary_page(pdf: _Pdf, rows: list[SummaryRow], *, part: str) -> None:
    """The summary as a table: every indicator's latest figure, change, first comparator and SPC icon."""
    pdf.add_page()
    pdf.para(f"Summary{part}", size=18, bold=True, gap=3, role="/H1")
    pdf.set_font(pdf.family, "", 9.5)
    pdf.set_text_color(*INK)
    with (
        pdf.tagged("/Table"),
        pdf.table(col_widths=(70, 40, 50, 70, 40), text_align="LEFT", line_height=4.6) as table,
    ):
        head = table.row()
        for name in SUMMARY_HEADER:
            head.cell(pdf.clean(name))
        for r in rows:
            line = table.row()
            for value in summary_cells(r):
                line.cell(pdf.clean(value))


def document(
    *, title: TitleText, slides: list[SlideText], images: list[bytes | None], summary: list[SummaryRow] | None = None
) -> bytes:
    """The .pdf bytes: the title page, the summary, then a page per indicator."""
    pdf = _Pdf()
    pdf.set_title(title.title)
    pdf.set_subject(f"{title.council}: {title.meeting}")
    pdf.set_lang("en-GB")
    _title_page(pdf, title)
    pages = summary_pages(summary or [])
    for k, rows in enumerate(pages, start=1):
        _summary_page(pdf, rows, part=f" ({k} of {len(pages)})" if len(pages) > 1 else "")
    for text, image in zip(slides, images, strict=True):
        _indicator_page(pdf, text, image)
    return bytes(pdf.output())
