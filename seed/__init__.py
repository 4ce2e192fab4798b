"""Building the bundled data folder from the source documents.

    python -m metrics.seed

1. areas and comparator groups, from the public lookups in ../shared/data;
2. every transcribed figure in transcriptions/*.csv, through the same
   ingest as a council's own export;
3. key messages, from transcriptions/commentary.csv;
4. demonstration detail for Leicester that CLD cannot hold, generated
   deterministically and calibrated to the published totals
   (seed/demonstration.py);
5. national benchmarks from ../shared/data (seed/national.py);
6. Leicester's drill-downs, computed by the real CLD ingest from synthetic
   records calibrated to the published totals (seed/synthetic_cld.py).
"""
