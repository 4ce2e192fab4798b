"""Statistical process control in the NHS "Making Data Count" style: XmR charts, the four special-cause
rules, variation and assurance icons, and a sentence for each chart.

One entry point, :func:`metrics.analysis.spc.pipeline.spc`; behind it, small steps in their own modules:
``limits`` (the XmR arithmetic), ``rules`` (one pure function per rule), ``icons`` and ``sentence``.
metrics.figures.spc_series applies it to a series of the values table, with known change points from the data.
"""

from metrics.analysis.spc.pipeline import SpcResult, spc

__all__ = ["SpcResult", "spc"]
