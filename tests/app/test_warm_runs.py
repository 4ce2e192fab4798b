"""What a warm rerun does not do again (#29): a page switch cost 38 ms of server CPU, a third of it building the
chart's meaning twice; caches that never let go grew with every council opened."""

from __future__ import annotations

import ast
from pathlib import Path

from metrics.figures import annotated, chart_spec
from tests.app.conftest import ROOT, open_page


def test_a_warm_rerun_builds_no_chart_spec_and_places_no_notes(monkeypatch):
    at = open_page("app_pages/reviews.py", area="E06000016", indicator="reviews_overdue_24m")
    assert not at.exception
    built = []
    real = chart_spec.build
    monkeypatch.setattr(chart_spec, "build", lambda *a, **kw: built.append(1) or real(*a, **kw))
    at.run()  # the same page again: what a page switch back, or any widget, runs
    assert not at.exception and any("1,348" in h.value for h in at.get("html")), "the chart is still drawn"
    assert built == []


def test_placing_no_notes_reads_nothing_of_the_chart():
    class Untouchable:
        def __getattr__(self, name):
            raise AssertionError(f"read {name}")

    assert annotated.place([], table=Untouchable()) == ()


def test_every_cache_of_the_app_with_arguments_is_bounded():
    """A cache keyed by council, indicator or period holds at most max_entries results (views/data.py FIGURES_KEPT):
    one without a bound grew by 5.2 MB for every council opened."""
    unbounded = []
    files = [
        ROOT / "app.py",
        ROOT / "serve.py",
        *(p for d in ("views", "app_pages", "pack") for p in (ROOT / d).rglob("*.py")),
    ]
    for path in sorted(files):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            a = node.args
            if not (a.posonlyargs or a.args or a.kwonlyargs or a.vararg or a.kwarg):
                continue
            for deco in node.decorator_list:
                if not (isinstance(deco, ast.Call) and ast.unparse(deco.func).startswith("st.cache_")):
                    continue
                if "max_entries" not in {k.arg for k in deco.keywords}:
                    unbounded.append(f"{Path(path).name}:{node.name}")
    assert unbounded == []
