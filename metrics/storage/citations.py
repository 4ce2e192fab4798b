"""Sources in words people read: a citation for each row's source, and one line for a chart's sources.

The values keep their full, traceable source ("001_be4c17604381657f.txt,
Appendix C: Reviews (table)"; "NHS Digital / NHS England ASCOF open data
2019-20, measure 2A1 (trend_data.csv, …); OGL v3.0"). On screen and on a
slide a councillor sees the publication instead of a hashed file name, and a
chart that draws many rows of one publication names it once; the data table
and CSV keep every source in full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from metrics.storage.schema import DEMONSTRATION

#: How the national adapters (metrics.sources) write their sources, and the publication each belongs to.
NATIONAL = (
    (
        re.compile(r"^DHSC, Measures from the ASCOF, England, time series to (\S+) \([^,]+, Table_([\w()]+)\)"),
        "DHSC, ASCOF time series to {0}",
        "DHSC, ASCOF time series to {0}, measure {1}",
    ),
    (
        re.compile(r"^NHS Digital / NHS England ASCOF open data (\S+), measure (\w+)"),
        "NHS Digital, ASCOF open data",
        "NHS Digital, ASCOF open data {0}, measure {1}",
    ),
    (
        re.compile(r"^NHS Digital ASCOF open data (\S+), measure (\w+)"),
        "NHS Digital, ASCOF open data",
        "NHS Digital, ASCOF open data {0}, measure {1}",
    ),
    (
        re.compile(r"^Oflog adult social care data, (\w+) ([^(]+)\("),
        "Oflog, adult social care data",
        "Oflog, adult social care data: {0} {1}",
    ),
    (
        re.compile(r"^CQC care directory with ratings"),
        "CQC, care directory with ratings",
        "CQC, care directory with ratings",
    ),
    (
        re.compile(r"^Computed here: (mean|median) of (\d+) neighbours"),
        "Worked out here from the neighbours' values",
        "Worked out here: the {0} of {1} nearest neighbours' values",
    ),
    (
        re.compile(r"^Computed here from (\d+) councils"),
        "Worked out here from every council's value",
        "Worked out here from {0} councils' published values",
    ),
)
DEMONSTRATION_CITATION = "Demonstration data: generated here, adding up to the published totals"


@dataclass(frozen=True)
class Citation:
    publication: str  # what a chart's sources are grouped by
    text: str  # the whole citation, section included


def cite(source: str, *, documents: dict[str, str]) -> Citation:
    """A source in words: the document's citation in place of its file name, or the national publication."""
    source = source.strip()
    if source == DEMONSTRATION:
        return Citation(DEMONSTRATION_CITATION, DEMONSTRATION_CITATION)
    if source.startswith("Derived from "):
        parts = [
            cite(p.strip(), documents=documents).publication
            for p in re.split(r";\s*and\s+", source[len("Derived from ") :])
        ]
        text = "Worked out here from " + " and ".join(p for p in parts if p)
        return Citation(text, text)
    for file, citation in documents.items():
        if source.startswith(file):
            rest = source[len(file) :].lstrip(" ,;")
            return Citation(citation, f"{citation}, {rest}" if rest else citation)
    for pattern, publication, text in NATIONAL:
        m = pattern.match(source)
        if m:
            return Citation(publication.format(*m.groups()), text.format(*(g.strip() for g in m.groups())))
    head = re.split(r"[;(]", source, maxsplit=1)[0].strip(" ,")
    return Citation(head or source, head or source)


def sources_line(sources: list[str], *, documents: dict[str, str], at_most: int = 3) -> str:
    """A chart's sources in one line: each publication once, with its one section when it gives only one.

    "Leicester City Council, ASC Performance Report 2023/24 Q1 (…), Appendix C: Reviews (table); DHSC, ASCOF time
    series to 2024-25 (8 figures)". More than ``at_most`` publications end "and N more (see the data table)".
    """
    grouped: dict[str, list[str]] = {}
    for s in sources:
        c = cite(s, documents=documents)
        texts = grouped.setdefault(c.publication, [])
        if c.text not in texts:
            texts.append(c.text)
    parts = [
        texts[0]
        if len(texts) == 1
        else f"{publication} ({len(texts)} releases or tables, each named in the data table)"
        for publication, texts in grouped.items()
    ]
    shown = "; ".join(parts[:at_most])
    return shown + (f"; and {len(parts) - at_most} more (see the data table)" if len(parts) > at_most else "")


def document_citations(documents: pl.DataFrame) -> dict[str, str]:
    """file -> citation, from the documents table."""
    return dict(documents.select("file", "citation").iter_rows())
