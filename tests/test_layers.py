"""The layers reach down, never up: read every module's imports (the same contract import-linter would enforce).

* metrics imports no views, no pack, no Streamlit and no plotting library: it is pure Python and polars;
* pack imports no views and no Streamlit: the meeting pack is built the same without the app;
* no package's modules import each other in a cycle.
"""
from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at any depth of the file (imports inside functions count too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: str) -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in sorted((ROOT / package).rglob("*.py"))}


def forbidden(package: str, banned: tuple[str, ...]) -> list[str]:
    return [f"{name} imports {imp}" for name, imps in modules(package).items() for imp in sorted(imps)
            if any(imp == b or imp.startswith(b + ".") for b in banned)]


def test_metrics_is_pure_python_and_polars():
    assert forbidden("metrics", ("views", "pack", "pages", "streamlit", "plotly", "kaleido", "pptx", "fpdf")) == []


def test_pack_does_not_reach_up_into_the_app():
    assert forbidden("pack", ("views", "pages", "streamlit")) == []


def test_no_import_cycles_within_a_package():
    for package in ("metrics", "views", "pack"):
        graph = modules(package)
        inits = {module_name(p) for p in (ROOT / package).rglob("__init__.py")}
        names = set(graph) - inits  # a package's __init__ only re-exports its modules: not part of a cycle
        edges = {n: {i if i in names else i.rsplit(".", 1)[0] for i in imps} & names - {n}
                 for n, imps in graph.items() if n in names}
        cycles = []

        def visit(node, path):
            for nxt in edges[node]:
                if nxt in path:
                    cycles.append(path[path.index(nxt):] + [nxt])
                elif len(path) < 12:
                    visit(nxt, path + [nxt])

        for start in edges:
            visit(start, [start])
        assert cycles == [], (package, cycles[:3])


def test_the_contract_would_catch_a_breach(tmp_path, monkeypatch):
    bad = tmp_path / "metrics"
    bad.mkdir()
    (bad / "leak.py").write_text("def f():\n    import streamlit as st\n    return st\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert forbidden("metrics", ("streamlit",)) == ["metrics.leak imports streamlit"]
