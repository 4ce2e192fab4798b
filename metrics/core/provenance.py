"""What a figure is, in the one field every surface reads (the values table's ``provenance``).

* published: a publisher published it; its source names the publication and section;
* computed: worked out from the council's own records (a Client Level Data extract);
* demonstration: made to fill what nothing publishes, so the drill-downs can be shown; never a real figure.

A demonstration row never stands beside a published row for the same figure (seed and metrics.storage.query), and
every page, slide and export says which points are demonstration.
"""

from __future__ import annotations

PUBLISHED, COMPUTED, DEMONSTRATION = "published", "computed", "demonstration"
PROVENANCES = (PUBLISHED, COMPUTED, DEMONSTRATION)
#: A chart row that is none of these: a year-end projection worked out here from the year so far.
PROJECTION = "projection"

#: The provenance in words, for the data table and the CSV's readers.
WORDS = {
    PUBLISHED: "published",
    COMPUTED: "computed from the council's own records",
    DEMONSTRATION: "demonstration (not a real figure)",
    PROJECTION: "projection (worked out here, not published)",
}
