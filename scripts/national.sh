#!/usr/bin/env bash
# Every council's CLD figures from a national collection, and their regions' and England's, on Apache Spark:
# installs PySpark (requirements-spark.txt) and Debian's Java when missing, then runs `python -m national`.
#
#   bash scripts/national.sh                                  the synthetic national sample, Spark local[2]
#   bash scripts/national.sh --publish pooled_cld           ... and publish the regions and England as comparators
#   bash scripts/national.sh --master spark://host:7077 --collection s3a://cld/extracts   on a cluster
#
# Arguments go to `python -m national` (python -m national --help).
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check -r requirements-spark.txt
source scripts/java.sh
exec python -m national "$@"
