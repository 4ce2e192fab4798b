"""The words on each slide, worked out once so the PowerPoint, the PDF and the screen agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from metrics.analysis.spc import icons as spc_icons
from metrics.core import formatting
from metrics.core.access import OFFICER_BANNER
from metrics.figures import chart_spec
from metrics.figures.briefing import Brief
from pack import fit


@dataclass(frozen=True)
class SlideText:
    kicker: str  # the agenda heading
    title: str
    value: str  # the latest figure, large
    value_caption: str  # its period
    changes: tuple[str, ...]
    categories: tuple[str, ...]
    benchmark_heading: str
    benchmarks: tuple[str, ...]
    spc_letter: str
    spc_colour: str
    spc: str  # the icon's words and the plain-English sentence
    message: str  # "Key message, 2023/24 Q1: ..." or ""
    message_by: str  # author, date, meeting
    definition: str
    source: str
    notes: tuple[str, ...]  # demonstration marker, hidden counts, projections, what the source says in words
    alt_text: str  # the chart's text alternative
    chart_notes: tuple[str, ...] = ()  # the officers' numbered notes on the chart, as listed under it

    @property
    def all_text(self) -> str:
        """Every word on the slide, for tests and for the notes pane."""
        return "\n".join(
            [
                self.kicker,
                self.title,
                self.value,
                self.value_caption,
                *self.changes,
                *self.categories,
                self.benchmark_heading,
                *self.benchmarks,
                *self.chart_notes,
                self.spc,
                self.message,
                self.message_by,
                self.definition,
                self.source,
                *self.notes,
            ]
        )


@dataclass(frozen=True)
class SummaryRow:
    """One indicator's line on the summary slide, in the Making Data Count style: every word is its slide's."""

    indicator: str  # the slide's title without the council
    latest: str  # "1,348 (Jun 2023)"
    change: str  # the first change line, or "–"
    comparator: str  # the first comparator line, or "–"
    spc_letter: str
    spc_colour: str
    spc: str  # the SPC icon's name ("Special cause concern")


SUMMARY_HEADER = ("Indicator", "Latest", "Change", "Against comparators", "SPC")
#: The summary table's columns on a slide (inches), and the height its rows may take under the title: at 12 points
#: a page holds as many rows as fit (measured, pack.fit), so nothing runs off the slide.
SUMMARY_WIDTHS_IN = (3.3, 1.9, 2.6, 2.9, 1.8)
SUMMARY_HEIGHT_IN = 6.2
#: A table cell's margins above and below (inches), as PowerPoint sets them.
CELL_MARGINS_IN = 0.1


def summary_rows(texts: list[SlideText], briefs: list[Brief]) -> list[SummaryRow]:
    """The summary slide's rows: each indicator's latest figure, first change, first comparator and SPC icon, taken
    from its own slide's words (which are its brief's), so the summary never says something its slide does not."""
    rows = []
    for text, brief in zip(texts, briefs, strict=True):
        icon = spc_icons.NOT_DRAWN if brief.spc is None else brief.spc.variation
        period = f" ({brief.latest_period})" if brief.latest_period else ""
        rows.append(
            SummaryRow(
                indicator=brief.indicator.title,
                latest=f"{text.value}{period}",
                change=text.changes[0] if text.changes else "–",
                comparator=text.benchmarks[0] if text.benchmarks else "–",
                spc_letter=text.spc_letter,
                spc_colour=text.spc_colour,
                spc=icon.text.split(":")[0],  # "Special cause concern"; the slide has the whole sentence
            )
        )
    return rows


def summary_cells(row: SummaryRow) -> tuple[str, ...]:
    """A summary row's five cells, as the table shows them."""
    return (row.indicator, row.latest, row.change, row.comparator, f"{row.spc_letter} {row.spc}")


def row_height_in(cells: tuple[str, ...], *, bold: bool = False) -> float:
    """How tall a summary row is at 12 points: its tallest cell's lines, and the cell's margins."""
    most = max(fit.lines(c, size=12, bold=bold, width_in=w) for c, w in zip(cells, SUMMARY_WIDTHS_IN, strict=True))
    return most * 12 * fit.LINE_SPACING / 72 + CELL_MARGINS_IN


def summary_pages(rows: list[SummaryRow]) -> list[list[SummaryRow]]:
    """The rows in pages, as many to a page as fit :data:`SUMMARY_HEIGHT_IN` under the header (at least one)."""
    pages: list[list[SummaryRow]] = []
    used = SUMMARY_HEIGHT_IN
    header = row_height_in(SUMMARY_HEADER, bold=True)
    for row in rows:
        high = row_height_in(summary_cells(row))
        if used + high > SUMMARY_HEIGHT_IN:
            pages.append([])
            used = header
        pages[-1].append(row)
        used += high
    return pages


@dataclass(frozen=True)
class TitleText:
    title: str
    council: str
    meeting: str
    made: str
    lines: tuple[str, ...]


def _spc(brief: Brief) -> tuple[str, str]:
    icon = spc_icons.NOT_DRAWN if brief.spc is None else brief.spc.variation
    return icon.letter, icon.colour


def slide_text(brief: Brief, *, threshold: int, audience: str) -> SlideText:
    """The text of one indicator's slide: every figure and verdict is the brief's own words."""
    ind = brief.indicator
    letter, colour = _spc(brief)
    message, by = "", ""
    if brief.messages:
        message = f"{brief.messages[0].heading}: " + "  |  ".join(m.message.text for m in brief.messages)
        if has_draft(brief):  # written in the dashboard for the next meeting: never passed off as published
            message = f"{DRAFT}: {message}"
        by = "; ".join(m.byline for m in brief.messages)
        if len(brief.messages) > 1:
            by = f"{len(brief.messages)} versions written at the same time, all shown: " + by
    notes = [f"{OFFICER_BANNER.upper()}."] if audience == "officer" else []
    if brief.uses_demonstration:
        notes.append(f"DEMONSTRATION DATA: on this chart, {formatting.DEMONSTRATION_WORDS}.")
    if brief.suppressed and audience == "public":
        notes.append(f"{brief.suppressed} small number(s) hidden: counts below {threshold} are not shown publicly.")
    notes += [f"Projection: {p}." for p in brief.table.projections]
    if brief.statement:
        notes.append(f"Newer, in words: {brief.statement}")
    if brief.alternatives:
        notes.append(f"Also published for {brief.latest_period}: {brief.alternatives}")
    notes += [f"{note}." for note in brief.publication_notes]
    if brief.dispersion_note:
        notes.append(brief.dispersion_note)
    notes += [f"The source says ({s})" for s in brief.said[-3:]]
    if not brief.latest_period and not brief.said:
        notes.append(f"No figure is published for {brief.area_name} yet.")
    bench_heading = (
        f"Against comparators, {brief.benchmark_period}"
        if brief.comparisons
        else "No comparator published for any period."
    )
    benchmarks = (
        brief.benchmarks
        + ((brief.method_line,) if brief.method_line else ())
        + ((f"Among all councils: {brief.rank}",) if brief.rank else ())
    )
    return SlideText(
        kicker=brief.heading,
        title=brief.title,
        value=brief.latest_value,
        value_caption=(
            f"Latest, {brief.latest_period}"
            if brief.latest_period
            else (f"The source gives no figure. It says ({brief.said[-1]})" if brief.said else "Latest")
        )
        + (f"; {brief.latest_note}" if brief.latest_note else ""),
        changes=brief.change_lines,
        categories=brief.categories,
        benchmark_heading=bench_heading,
        benchmarks=benchmarks,
        spc_letter=letter,
        spc_colour=colour,
        spc=brief.spc_words,
        message=message,
        message_by=by,
        definition=f"Definition: {ind.definition}"
        + (f" ({ind.national_ref})" if ind.national_ref else "")
        + f" Good direction: {ind.direction}. Unit: {ind.unit}.",
        source=f"Source: {brief.table.source_line}" if brief.table.source_line else "Source: none published",
        notes=tuple(notes),
        # the slide has no data table: its alternative ends with the chart's notes, not "the table lists…"
        alt_text=brief.chart().description.replace(chart_spec.TABLE_WORDS, ""),
        chart_notes=tuple(("Notes on the chart: " if k == 0 else "") + m.listed for k, m in enumerate(brief.notes)),
    )


MORE = " … (more in the pack)"
DRAFT = "DRAFT, not yet published"


def has_draft(brief: Brief) -> bool:
    """Whether anything on this brief is not yet published: a key message written in the dashboard (a draft for the
    next meeting) rather than transcribed from published papers, or a note on the chart not yet published."""
    return any(m.message.revision is not None for m in brief.messages) or any(not m.note.published for m in brief.notes)


def shortened(text: str, *, limit: int) -> str:
    """``text`` cut at the last word boundary before ``limit`` characters, saying where the rest is; unchanged when it
    fits. Present uses it so a long key message never pushes the slide past the screen; the pack keeps it whole."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(MORE)]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return cut.rstrip(" ,;:.-–|") + MORE


def title_text(
    *, title: str, council: str, meeting: str, briefs: list[Brief], threshold: int, audience: str, made: date
) -> TitleText:
    """The title slide: the meeting, the council, what is inside and how to read it."""
    lines = [
        f"A summary of all {len(briefs)} indicators, then one slide each, with its benchmarks, SPC view and key message."
    ]
    if any(b.uses_demonstration for b in briefs):
        lines.append(f"Some charts include DEMONSTRATION DATA, marked on each slide: {formatting.DEMONSTRATION_WORDS}.")
    if any(has_draft(b) for b in briefs):
        lines.insert(0, "INCLUDES DRAFTS (key messages or notes written for the next meeting): not for publication.")
    if audience == "public":
        lines.append(f"Public version: counts from 1 to {threshold - 1} are hidden (disclosure control).")
    else:
        lines.insert(0, f"{OFFICER_BANNER.upper()}.")
    lines.append(f"Comparator verdicts: {formatting.VERDICT_KEY}.")
    return TitleText(
        title=title, council=council, meeting=meeting, made=f"Prepared {made:%d %B %Y}", lines=tuple(lines)
    )
