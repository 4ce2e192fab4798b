"""The import contracts of pyproject.toml ([tool.importlinter]) hold, and each one fails when it is broken.

scripts/check.sh runs `lint-imports` before the tests; these tests make the same check part of any pytest run and
prove, on a copy of the code with one deliberate bad import, that each contract would catch its breach.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("metrics", "views", "pack", "seed", "national")


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    lint = Path(sys.executable).with_name("lint-imports")
    command = [str(lint)] if lint.exists() else [sys.executable, "-m", "importlinter.cli"]
    return subprocess.run([*command, "--no-cache"], cwd=folder, capture_output=True, text=True, timeout=300)


def test_the_contracts_are_kept():
    run = lint_imports(ROOT)
    assert run.returncode == 0, run.stdout[-3000:]
    assert "0 broken" in run.stdout


@pytest.fixture
def copy(tmp_path) -> Path:
    """The packages and pyproject.toml, copied where a test may break them."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _add_import(copy: Path, module: str, line: str) -> None:
    path = copy / (module.replace(".", "/") + ".py")
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("metrics.core.periods", "from metrics.figures import briefing", "metrics reaches down its layers"),
        ("metrics.storage.query", "from metrics.analysis import benchmarks", "metrics reaches down its layers"),
        ("metrics.analysis.benchmarks", "from metrics.sources import ascof", "metrics reaches down its layers"),
        ("metrics.storage.query", "import streamlit", "metrics is pure Python and polars"),
        ("pack.slides", "from views import style", "the app reaches down"),
        ("pack.slides", "import streamlit", "the meeting pack is built without the app"),
        ("views.ranking", "from metrics.storage import query", "only through its cached data layer"),
        ("metrics.figures.export", "import seed.calibrate", "the app reaches down"),
        ("views.style", "from views import panel", "no cycles"),
        ("metrics.cld.pooled", "import pyspark", "Spark is the national driver's alone"),
        ("seed.national_cld", "from national import spark", "the national CLD driver sits on top"),
    ],
)
def test_a_deliberate_bad_import_breaks_its_contract(copy, module, line, contract):
    _add_import(copy, module, line)
    run = lint_imports(copy)
    assert run.returncode != 0, run.stdout[-2000:]
    broken = " ".join(run.stdout[run.stdout.index("Broken contracts") :].split())  # names wrap at 80 columns
    assert contract in broken, broken[:2000]
