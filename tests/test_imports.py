"""The package's shape: no import cycles between its modules (lazy imports included) and no module growing past
~400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator" / "journeybook"
MAX_LINES = 400
# Today's modules over MAX_LINES, each with its line count as its ceiling: it may shrink, never grow.
OVERSIZED: dict[str, int] = {}


def _module_name(path: Path) -> str:
    parts = ["journeybook", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _runtime_nodes(tree: ast.AST):
    """Every node of the file except what sits under `if TYPE_CHECKING:`, which never runs (annotations only:
    report/text.py names report.Report for its type hints while report/__init__.py imports text)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            test = child.test if isinstance(child, ast.If) else None
            if test is not None and "TYPE_CHECKING" in ast.unparse(test):
                todo.extend(child.orelse)
                continue
            todo.append(child)


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that `name` imports when it runs: at the top and inside functions (lazy imports)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            found.add(origin)
            found.update(f"{origin}.{alias.name}" for alias in node.names)  # `from . import rules`
    return {module for module in found if module in known and module != name}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, set(modules)) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected group of modules (Tarjan), written as the path around it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_import_walk_sees_lazy_and_relative_imports() -> None:
    graph = _graph()
    assert "journeybook.docsfolder" in graph["journeybook.site"]  # a top-level relative import
    assert "journeybook.engine" in graph["journeybook.preview"]  # imported inside Preview's methods
    assert "journeybook.check" in graph["journeybook.cli_repository"]  # imported inside the command functions
    assert "journeybook.rules" in graph["journeybook.check"]
    assert "journeybook.report" not in graph["journeybook.report.text"]  # only under TYPE_CHECKING


def test_no_module_imports_itself_back() -> None:
    assert _cycles(_graph()) == []


def test_a_cycle_is_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_no_module_grows_past_400_lines() -> None:
    too_long = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        name = path.relative_to(PACKAGE).as_posix()
        if lines > OVERSIZED.get(name, MAX_LINES):
            too_long[name] = lines
    assert too_long == {}, f"split these modules (at most {MAX_LINES} lines; the allowance in OVERSIZED only shrinks)"
