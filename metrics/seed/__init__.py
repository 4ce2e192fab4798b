"""Kept so that `python -m metrics.seed` and `python -m metrics.seed.national_cld`, which councils' scripts call,
keep working: building the bundled data folder now lives in the top-level `seed` package, above metrics."""
