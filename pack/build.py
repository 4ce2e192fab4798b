"""Build a meeting pack from an agenda's briefs: chart images once, then the deck and the PDF."""

from __future__ import annotations

import re
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
) -> Pack:
    """PowerPoint and PDF of the briefs, in agenda order. Disclosure control has already been applied to each brief."""
    made = made or date.today()
    texts = [slide_text(b, threshold=threshold, audience=audience) for b in briefs]
    title_page = title_text(
        title=title, council=council, meeting=meeting, briefs=briefs, threshold=threshold, audience=audience, made=made
    )
    figs = [figures.figure(b) for b in briefs]
    drawn = images.png_images(figures=[f for f in figs if f is not None], width=figures.WIDTH, height=figures.HEIGHT)
    pictures: list[bytes | None] = []
    it = iter(drawn)
    for f in figs:
        pictures.append(next(it) if f is not None else None)
    marks = (" OFFICER_VIEW" if audience == "officer" else "") + (" DRAFT" if any(map(has_draft, briefs)) else "")
    # the council's own meeting names the file where one is given ("Kent ... Cabinet Committee, 9 July 2024")
    stem = re.sub(r"[^A-Za-z0-9-]+", "_", f"{council} {meeting or title} {made:%Y-%m-%d}{marks}").strip("_")
    summary = summary_rows(texts, briefs)
    return Pack(
        pptx=powerpoint.deck(title=title_page, slides=texts, images=pictures, summary=summary),
        pdf=pdf.document(title=title_page, slides=texts, images=pictures, summary=summary),
        file_stem=stem,
    )
