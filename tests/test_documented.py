"""The documentation keeps up with the code: every setting with its default, every command and its options,
every script and benchmark, and a README a newcomer can read in one go."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

from metrics.core.settings import SETTINGS
from metrics.ingest.__main__ import build_parser as ingest_parser
from seed.__main__ import build_parser as seed_parser
from seed.national_cld import build_parser as national_cld_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "docs").glob("*.md")}
ALL_DOCS = "\n".join(DOCS.values())


def test_the_readme_is_short_and_says_where_to_read_on():
    assert len(README.encode("utf-8")) <= 10 * 1024
    assert "bash scripts/app.sh" in README and "bash scripts/test.sh" in README
    for link in re.findall(r"\]\((docs/[^)#]+)", README):
        assert (ROOT / link).exists(), link
    for name in ("user-guide.md", "deploying.md", "methods.md", "cld.md", "benchmarks.md", "development.md"):
        assert f"docs/{name}" in README, name


def test_the_two_readme_commands_are_what_ci_runs():
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.key)
def test_every_setting_is_in_the_settings_table_with_its_default(setting):
    row = f"| `{setting.key}` | `{json.dumps(setting.default)}` |"
    assert row in DOCS["deploying.md"], row


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return [o for a in parser._actions for o in a.option_strings if o not in ("-h", "--help")]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def test_every_ingest_command_and_option_is_documented():
    parser = ingest_parser()
    for name, sub in _subcommands(parser).items():
        assert f"python -m metrics.ingest {name}" in ALL_DOCS, name
        for option in _options(sub):
            assert option in ALL_DOCS, (name, option)
    for option in _options(parser):
        assert option in ALL_DOCS, option


@pytest.mark.parametrize(
    ("command", "parser"),
    [("python -m metrics.seed", seed_parser), ("python -m metrics.seed.national_cld", national_cld_parser)],
)
def test_the_seed_commands_and_their_options_are_documented(command, parser):
    assert command in ALL_DOCS
    for option in _options(parser()):
        assert option in ALL_DOCS, (command, option)


@pytest.mark.parametrize("script", sorted(p.name for p in (ROOT / "scripts").glob("*.sh")))
def test_every_script_is_in_the_development_guide(script):
    assert f"scripts/{script}" in DOCS["development.md"], script


@pytest.mark.parametrize("bench", sorted(p.name for p in (ROOT / "bench").glob("*.py")))
def test_every_benchmark_is_in_the_benchmarks_page(bench):
    assert f"bench/{bench}" in DOCS["benchmarks.md"], bench
