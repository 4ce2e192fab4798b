"""Confidence intervals for comparing councils: each method a small pure function with its reference."""
