"""The shape of the source tree: sizes that stay readable and imports without cycles.

The layering itself (which package may import which) is import-linter's job
(`pyproject.toml`); these are the rules it cannot state.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "dfls"
MAX_FUNCTION_LINES = 80
MAX_MODULE_LINES = 500
DATA_TABLES: dict[str, str] = {}
"""Modules allowed past MAX_MODULE_LINES, with the reason: they are mostly data."""

SOURCES = sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_functions_are_short(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines, line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"over {MAX_FUNCTION_LINES} lines: {long}"


@pytest.mark.parametrize("path", SOURCES, ids=_name)
def test_modules_are_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    if _name(path) in DATA_TABLES:
        return
    assert lines <= MAX_MODULE_LINES, f"{_name(path)} has {lines} lines"


def test_data_table_exceptions_are_still_needed() -> None:
    for name in DATA_TABLES:
        lines = len((PACKAGE.parent / name).read_text(encoding="utf-8").splitlines())
        assert lines > MAX_MODULE_LINES, f"{name} is small again: drop its exception"


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    modules = graph.modules
    for root in sorted(modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next((c for c in children if c in modules), None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles() -> None:
    """Function-local and TYPE_CHECKING imports count: a cycle is a cycle wherever it hides."""
    graph = grimp.build_graph("dfls")
    assert _cycles(graph) == []


def test_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for module in ("a", "b", "c", "d"):
        graph.add_module(module)
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="c")
    graph.add_import(importer="c", imported="a")
    graph.add_import(importer="c", imported="d")
    assert _cycles(graph) == [["a", "b", "c"]]


def test_the_model_package_names_what_it_loads_lazily() -> None:
    """dfls.model loads its names on first use: each listed name comes from its module."""
    import importlib

    import dfls.model as model

    assert sorted(model.__all__) == sorted(model._WHERE)
    for name in model.__all__:
        home = importlib.import_module(f"dfls.model.{model._WHERE[name]}")
        assert getattr(model, name) is getattr(home, name)
    with pytest.raises(AttributeError):
        model.nothing  # noqa: B018
