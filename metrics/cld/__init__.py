"""Client Level Data (CLD): a council's quarterly extract of its adult social care events, read, minimised and
checked at ingest (metrics.cld.extract), and turned into indicator rows with the national definitions
(metrics.cld.indicators)."""
