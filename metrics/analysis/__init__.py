"""Statistics over the published values: confidence intervals and significance (statistics), statistical process
control (spc), where a council sits among all councils (benchmarks), its comparators, disclosure control and
year-end projection. Reads the store; knows nothing of charts, briefs or pages."""
