"""Publishers' markers for a missing value. A marker is never a zero."""

from __future__ import annotations

import re

#: "7.7 (7.6)": in 2016-17 carers' survey measures DHSC prints the official score and, in brackets, the
#: score on the earlier eligible population. "The official scores are the ones not in brackets."
_BRACKETED = re.compile(r"^(-?[\d.,]+)\s*\(\s*(-?[\d.,]+|:|\[\w\])\s*\)$")

MARKERS = {
    "[x]": "Not available: the publisher has no data for this area and year [x]",
    "[c]": "Suppressed by the publisher to protect confidentiality [c]",
    "[z]": "Not applicable [z]",
    "[u]": "Low reliability: not published [u]",
    "..": "Not available ..",
    ":": "Not available :",
}


def read(cell: str | None) -> tuple[str | None, str | None]:
    """(value text, note): a number stays a number; a marker becomes no value and a note saying why."""
    if cell is None:
        return None, "Not available: blank in the published table"
    text = str(cell).strip()
    if text in MARKERS:
        return None, MARKERS[text]
    if text == "":
        return None, "Not available: blank in the published table"
    if m := _BRACKETED.match(text):
        earlier = m[2] if m[2][0].isdigit() or m[2][0] == "-" else "not available"
        return m[1], (
            f"Official score; on the earlier eligible population the score was {earlier} (published "
            "in brackets beside it)"
        )
    return text, None
