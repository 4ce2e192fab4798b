#!/usr/bin/env bash
# Install what the app needs and start it on the bundled data. The README's
# run command. Chromium is installed (with apt-get, when missing) because the
# meeting pack draws its chart images with it.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check -r requirements.txt
source scripts/system_packages.sh
exec streamlit run serve.py "$@"
