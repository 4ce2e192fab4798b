"""Turning a council's exports into published values tables.

    python -m metrics.ingest values FILE --dataset NAME [--sheet SHEET] [--encoding ENCODING]
    python -m metrics.ingest ascof FILE --dataset NAME
    python -m metrics.ingest restore --dataset NAME
    python -m metrics.ingest list

See docs/data-contract.md for the columns an export must have.
"""

from metrics.ingest.values import check_dataset_name, ingest_values

__all__ = ["check_dataset_name", "ingest_values"]
