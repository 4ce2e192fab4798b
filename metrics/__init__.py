"""The scrutiny dashboard's data layer: loading, validation, the indicator
registry, comparators, disclosure control and statistics.

Pure Python and polars. Nothing in this package imports Streamlit: pages are
thin views over the functions exported here.
"""

from metrics.core.errors import MetricsError

__all__ = ["MetricsError"]
