"""Building the bundled data folder from the source documents.

    python -m metrics.seed

1. areas and comparator groups, from the public lookups in ../shared/data;
2. every transcribed figure in transcriptions/*.csv, through the same
   ingest as a council's own export;
3. key messages, from transcriptions/commentary.csv;
4. demonstration detail for Leicester, generated deterministically and
   calibrated to the published totals (metrics/seed/demonstration.py);
5. national benchmarks from ../shared/data (metrics/seed/national.py).
"""
