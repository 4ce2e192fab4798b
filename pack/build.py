"""Build a meeting pack from an agenda's briefs: chart images once, then the deck and the PDF."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from metrics.figures.briefing import Brief
from pack import figures, images, pdf, powerpoint
from pack.slides import has_draft, slide_text, summary_rows, title_text


@dataclass(frozen=True)
class Pack:
    pptx: bytes
    pdf: bytes
    file_stem: str


def meeting_pack(
    *,
    briefs: list[Brief],
    title: str,
    council: str,
    meeting: str,
    threshold: int,
    audience: str,
    made: date | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> Pack:
    """PowerPoint and PDF of the briefs, in agenda order. Disclosure control has already been applied to each brief.
    ``progress`` hears how far it has got (0 to 1) and what it is doing, naming each chart as it is drawn; it is
    called in the caller's thread."""
    made = made or date.today()
    tell = progress or (lambda _fraction, _words: None)
    texts = [slide_text(b, threshold=threshold, audience=audience) for b in briefs]
    title_page = title_text(
        title=title, council=council, meeting=meeting, briefs=briefs, threshold=threshold, audience=audience, made=made
    )
    figs = [figures.figure(b) for b in briefs]
    charted = [b for b, f in zip(briefs, figs, strict=True) if f is not None]
    # drawing the charts is most of the time (about 0.3 s each after a second to start Chromium): 85% of the bar
    tell(0.02, f"Starting Chromium to draw {len(charted)} charts…")
    drawn = images.png_images(
        figures=[f for f in figs if f is not None],
        width=figures.WIDTH,
        height=figures.HEIGHT,
        drawn=lambda k: tell(
            0.02 + 0.83 * k / len(charted),
            f"Drew chart {k} of {len(charted)}: {charted[k - 1].indicator.title}"
            + (f". Drawing {charted[k].indicator.title}…" if k < len(charted) else "."),
        ),
    )
    pictures: list[bytes | None] = []
    it = iter(drawn)
    for f in figs:
        pictures.append(next(it) if f is not None else None)
    marks = (" OFFICER_VIEW" if audience == "officer" else "") + (" DRAFT" if any(map(has_draft, briefs)) else "")
    # the council's own meeting names the file where one is given ("Kent ... Cabinet Committee, 9 July 2024")
    stem = re.sub(r"[^A-Za-z0-9-]+", "_", f"{council} {meeting or title} {made:%Y-%m-%d}{marks}").strip("_")
    summary = summary_rows(texts, briefs)
    tell(0.86, f"Writing the PowerPoint: a title slide, the summary and {len(briefs)} indicator slides…")
    deck = powerpoint.deck(title=title_page, slides=texts, images=pictures, summary=summary)
    tell(0.9, "Writing the PDF (tagged: headings, paragraphs and charts in reading order)…")
    document = pdf.document(title=title_page, slides=texts, images=pictures, summary=summary)
    tell(1.0, "Done.")
    return Pack(pptx=deck, pdf=document, file_stem=stem)
