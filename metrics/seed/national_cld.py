"""`python -m metrics.seed.national_cld`: the same command as `python -m seed.national_cld`."""

from seed.national_cld import main

if __name__ == "__main__":
    raise SystemExit(main())
