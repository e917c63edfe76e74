"""The import graph is what docs/architecture.md says: one way, no cycles, envelope read in one place."""

from __future__ import annotations

import ast
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "server" / "xingtu_showcase_mcp"
ARCHITECTURE = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"
DATA_SIDE = ("values", "glossary", "parsing", "models", "stats", "summary", "compare", "render")


def imports() -> dict[str, set[str]]:
    """Each module's imports of sibling modules, from its source (`from .x import`, `from . import x`)."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.glob("*.py"):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    found.add(node.module)
                else:
                    found.update(alias.name for alias in node.names if (PACKAGE / f"{alias.name}.py").exists())
        graph[path.stem] = found - {"__init__"}
    return graph


def documented() -> dict[str, set[str]]:
    """The "imports from" column of the module table, for rows naming one module with a full list."""
    table: dict[str, set[str]] = {}
    for line in ARCHITECTURE.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not re.fullmatch(r"`\w+`", cells[0]) or "…" in cells[2]:
            continue
        names = {n.strip() for n in cells[2].split(",") if n.strip() and n.strip() != "-"}
        table[cells[0].strip("`")] = names
    return table


def test_the_import_graph_has_no_cycle() -> None:
    try:
        tuple(TopologicalSorter(imports()).static_order())
    except CycleError as cycle:  # pragma: no cover - the assertion explains it
        raise AssertionError(f"import cycle: {cycle.args[1]}") from None


def test_architecture_md_lists_each_modules_imports() -> None:
    graph = imports()
    table = documented()
    assert len(table) >= 15, "the module table in docs/architecture.md was not found"
    for module, names in table.items():
        assert module in graph, f"docs/architecture.md names a module that does not exist: {module}"
        assert graph[module] == names, f"{module} imports {sorted(graph[module])}; the docs say {sorted(names)}"


def test_only_the_reader_and_its_caller_touch_the_envelope_and_data_never_reaches_the_network() -> None:
    graph = imports()
    for module in DATA_SIDE:
        assert not graph[module] & {"envelope", "upstream", "cache", "server", "answers", "config"}, module


def test_the_mcp_wiring_computes_nothing() -> None:
    assert not imports()["server"] & {"parsing", "stats", "summary", "render", "values"}


GENERIC = ("endpoint", "envelope", "upstream", "cache", "store", "shared", "digest", "redaction", "clock")
"""The pipeline every endpoint goes through (#21): request, budget, retries, cache, store, Redis, digest child."""
ENDPOINT_SIDE = (
    "contract", "showcase", "marketing", "quotes", "summary", "parsing", "stats", "models", "changes", "compare",
    "render",
)  # fmt: skip


def test_the_pipeline_imports_no_endpoint() -> None:
    graph = imports()
    for module in GENERIC:
        assert not graph[module] & set(ENDPOINT_SIDE), (module, sorted(graph[module] & set(ENDPOINT_SIDE)))
