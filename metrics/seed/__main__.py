"""`python -m metrics.seed`: the same command as `python -m seed` (see seed/__main__.py)."""

from seed.__main__ import main

if __name__ == "__main__":
    raise SystemExit(main())
