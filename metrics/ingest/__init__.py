"""Turning a council's exports into published values tables.

    python -m metrics.ingest values FILE --dataset NAME [--sheet SHEET]
    python -m metrics.ingest restore --dataset NAME
    python -m metrics.ingest list

See docs/data-contract.md for the columns an export must have.
"""
from metrics.ingest.values import ingest_values, read_text_table

__all__ = ["ingest_values", "read_text_table"]
