"""Which page shows which domain, so tiles and links can point at it."""
from __future__ import annotations

from metrics.registry import DOMAINS

DOMAIN_PAGES: dict[str, str] = {domain: f"pages/{domain}.py" for domain in DOMAINS}
DOMAIN_ICONS = {
    "demand": ":material/call:", "reviews": ":material/event_repeat:", "reablement": ":material/accessibility_new:",
    "long_term_support": ":material/home:", "care_market": ":material/verified:", "workforce": ":material/badge:",
    "safeguarding": ":material/shield:", "complaints": ":material/forum:", "outcomes": ":material/sentiment_satisfied:",
}
