"""The import graph is what docs/architecture.md says: one way, no cycles, envelope read in one place, and the
pipeline's folder knows no endpoint's folder."""

from __future__ import annotations

import ast
import functools
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "server" / "xingtu_showcase_mcp"
ARCHITECTURE = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"
DATA_SIDE = (
    "values", "glossary", "showcase.parsing", "models", "showcase.stats", "showcase.summary", "compare", "render",
)  # fmt: skip
PIPELINE = "pipeline"
"""The folder of the pipeline every endpoint goes through (#21): request, budget, retries, cache, store, Redis,
digest child."""
ENDPOINTS = ("showcase", "marketing", "creator_search")
"""One folder per endpoint: its declaration (the package's `ENDPOINT`) and its reader."""
ENDPOINT_SIDE = ("contract", "models", "compare", "render", "answers", "server", "demo")
"""Top-level modules that know the endpoints' shapes: the pipeline imports none of them either."""


def module_name(path: Path) -> str:
    """`pipeline/upstream.py` → `pipeline.upstream`; a folder's `__init__.py` is the folder's name."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    relative = Path(*name.split(".")) if name else Path()
    return (PACKAGE / relative).with_suffix(".py").exists() or (PACKAGE / relative / "__init__.py").exists()


@functools.cache
def imports() -> dict[str, set[str]]:
    """Each module's imports of the package's modules, from its source (relative imports: `from .x import`,
    `from ..x import y`, `from . import x`); a name that is a submodule counts as that submodule."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        name = module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.level == 0:
                continue
            base = package.split(".") if package else []
            base = base[: len(base) - (node.level - 1)]
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            for alias in node.names:
                submodule = f"{target}.{alias.name}" if target else alias.name
                found.add(submodule if is_module(submodule) else target)
        graph[name] = found - {"", name}
    return graph


def documented() -> dict[str, set[str]]:
    """The "imports from" column of the module table, for rows naming one module with a full list."""
    table: dict[str, set[str]] = {}
    for line in ARCHITECTURE.read_text("utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not re.fullmatch(r"`[\w.]+`", cells[0]) or "…" in cells[2]:
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


def test_architecture_md_names_every_module_of_the_folders() -> None:
    table = documented()
    for module in imports():
        if module.partition(".")[0] in (PIPELINE, *ENDPOINTS) and module != PIPELINE:
            assert module in table, f"docs/architecture.md has no row for {module}"


def test_only_the_reader_and_its_caller_touch_the_envelope_and_data_never_reaches_the_network() -> None:
    graph = imports()
    for module in DATA_SIDE:
        assert not {m for m in graph[module] if m.startswith(f"{PIPELINE}.")}, module
        assert not graph[module] & {"server", "answers", "config"}, module


def test_the_mcp_wiring_computes_nothing() -> None:
    assert not {m for m in imports()["server"] if m.partition(".")[0] == "showcase" and m != "showcase"}
    assert not imports()["server"] & {"render", "values"}


def test_the_pipeline_imports_no_endpoint() -> None:
    graph = imports()
    pipeline = [m for m in graph if m.partition(".")[0] == PIPELINE]
    assert len(pipeline) >= 8, pipeline
    for module in pipeline:
        endpoint_side = {m for m in graph[module] if m.partition(".")[0] in ENDPOINTS or m in ENDPOINT_SIDE}
        assert not endpoint_side, (module, sorted(endpoint_side))


def test_an_endpoint_folder_imports_no_other_endpoint_folder() -> None:
    graph = imports()
    for module, names in graph.items():
        folder = module.partition(".")[0]
        if folder in ENDPOINTS:
            others = {m for m in names if m.partition(".")[0] in ENDPOINTS and m.partition(".")[0] != folder}
            assert not others, (module, sorted(others))


def test_a_tool_is_named_once_in_the_code() -> None:
    """The tools' names live in `names`: a string naming one anywhere else (docstrings aside, which speak to
    developers) would go stale on a rename, and a user would be sent to a tool that does not exist."""
    names = ("get_showcase_items", "compare_creators", "get_marketing_info", "search_creators")
    found: list[str] = []
    for path in PACKAGE.rglob("*.py"):
        if path == PACKAGE / "names.py":
            continue
        tree = ast.parse(path.read_text("utf-8"))
        documentation = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        literals = [(n, n.value) for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        named = [n for n, text in literals if id(n) not in documentation and any(name in text for name in names)]
        found += [f"{path.relative_to(PACKAGE)}:{n.lineno}" for n in named]
    assert not found, found
