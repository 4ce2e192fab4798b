"""Adapters for published national data: each turns one publisher's layout into the values contract.

Every adapter returns a text table in the ingest layout (indicator_id,
area_code, period, value, numerator, denominator, status, source, note), so
the same validation that checks a council's export checks national data too.
Rows for areas that are not in the areas table (councils since abolished)
are counted and reported, not silently dropped.
"""
