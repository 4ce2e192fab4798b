"""Every council's CLD figures, and their regions' and England's, computed for a national collection on Apache
Spark with the project's own per-council functions (``python -m national``; docs/scaling.md)."""
