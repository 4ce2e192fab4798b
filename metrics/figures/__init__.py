"""The meaning of a figure, computed once for every surface: its brief (value, period, changes, verdicts, SPC,
key message), the exact table behind its chart and that chart's specification, the funnel, Since last meeting,
agendas, the catalogue and safe CSV. The top layer of computation: only ingest sits above it."""
