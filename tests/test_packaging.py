"""The package as a user installs it: a wheel and an sdist with complete metadata, and a fresh virtual
environment, runtime dependencies only, that runs `call --demo`.

uv builds and installs offline, from the cache `uv sync` filled: the test sends nothing beyond this machine.
"""

from __future__ import annotations

import email
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from xingtu_showcase_mcp import __version__
from xingtu_showcase_mcp.config import VARIABLES

from build_bundle import build
from readme_blocks import example_answer

ROOT = Path(__file__).resolve().parents[1]
UV = shutil.which("uv")
needs_uv = pytest.mark.skipif(UV is None and not os.environ.get("CI"), reason="needs uv (.ci/run installs it)")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")}
    env.update(UV_OFFLINE="1", PYTHONIOENCODING="utf-8", UV_NO_PROGRESS="1")
    return {k: v for k, v in env.items() if not k.startswith(("JUSTONEAPI_", "XINGTU_SHOWCASE_"))}


def _uv(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    assert UV is not None
    done = subprocess.run([UV, *args], cwd=cwd, env=_env(), capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def _sources(into: Path) -> Path:
    """What the sdist takes from the project (pyproject's own list), copied: hatchling walks the whole tree it
    builds in, and the suite's other workers write there meanwhile (hypothesis made and removed `.hypothesis/tmp`
    under the walk, and the build failed)."""
    sdist = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["hatch"]["build"]["targets"]["sdist"]
    for name in [*sdist["include"], "pyproject.toml", ".gitignore"]:
        source, target = ROOT / name, into / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return into


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("dist")
    _uv("build", "--out-dir", str(out), cwd=_sources(tmp_path_factory.mktemp("project")))
    yield out


@needs_uv
def test_the_wheel_carries_complete_metadata(built: Path) -> None:
    [wheel] = built.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = email.message_from_string(
            archive.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
        )
    assert metadata["License-Expression"] == "MIT" and any(n.endswith("licenses/LICENSE") for n in names)
    assert len(metadata.get_all("Project-URL") or []) >= 3
    assert len(metadata.get_all("Classifier") or []) >= 10
    assert metadata["Description-Content-Type"] == "text/markdown" and "快速开始" in metadata.get_payload()
    assert any(n.endswith("xingtu_showcase_mcp/view.html") for n in names)  # the MCP Apps view ships too
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)


@needs_uv
def test_the_sdist_has_the_source_the_license_and_the_readme(built: Path) -> None:
    [sdist] = built.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    assert {"LICENSE", "README.md", "pyproject.toml", "server/xingtu_showcase_mcp/cli.py"} <= names


@needs_uv
def test_a_fresh_environment_with_runtime_dependencies_only_runs_the_demo(built: Path, tmp_path: Path) -> None:
    [wheel] = built.glob("*.whl")
    venv = tmp_path / "venv"
    # The lock's runtime dependencies only (what `uv sync --no-dev` installs, offline from uv's cache),
    # then the wheel itself, as pip would install it from PyPI.
    env = {**_env(), "UV_PROJECT_ENVIRONMENT": str(venv)}
    assert UV is not None
    synced = subprocess.run([UV, "sync", "--frozen", "--no-dev", "--no-install-project"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert synced.returncode == 0, synced.stderr[-2000:]
    python = venv / "bin" / "python"
    _uv("pip", "install", "--python", str(python), "--no-deps", str(wheel))
    installed = _uv("pip", "list", "--python", str(python)).stdout.lower()
    for development_only in ("pytest", "playwright", "pyright", "ruff", "hypothesis"):
        assert development_only not in installed
    script = venv / "bin" / "xingtu-showcase-mcp"
    done = subprocess.run([str(script), "call", "--demo"], env=_env(), capture_output=True, text=True,
                          encoding="utf-8", timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    body = example_answer().removeprefix("```text\n").removesuffix("\n```")
    printed = "\n".join(line for line in done.stdout.splitlines())
    assert printed.splitlines()[1:] == body.splitlines()[1:]  # the README's example, but for the fetch time


def test_server_json_is_in_step_with_the_package_and_readme() -> None:
    root = ROOT
    doc = json.loads((root / "server.json").read_text("utf-8"))
    assert doc["version"] == __version__
    assert all(p["version"] == __version__ for p in doc["packages"])
    assert len(doc["description"]) <= 100  # the MCP Registry's limit
    assert f"mcp-name: {doc['name']}" in (root / "README.md").read_text("utf-8")  # PyPI ownership check
    [pypi] = [p for p in doc["packages"] if p["registryType"] == "pypi"]
    assert pypi["identifier"] == "xingtu-showcase-mcp"
    variables = {v["name"] for v in pypi["environmentVariables"]}
    assert variables <= {v.name for v in VARIABLES}  # names the server really reads


def test_server_json_names_the_bundle_this_tree_builds_with_its_sha256(tmp_path: Path) -> None:
    """Clients check the hash before they install: a stale one refuses the bundle. The build is reproducible,
    so the hash is the tree's; after any change, `uv run python scripts/build_bundle.py --server-json`."""
    first, second = build(tmp_path / "a"), build(tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()  # the same tree, the same bytes
    doc = json.loads((ROOT / "server.json").read_text("utf-8"))
    [entry] = [p for p in doc["packages"] if p["registryType"] == "mcpb"]
    assert entry["fileSha256"] == hashlib.sha256(first.read_bytes()).hexdigest(), (
        "server.json's bundle hash is stale: run `uv run python scripts/build_bundle.py --server-json`"
    )
    homepage = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["urls"]["Homepage"]
    assert entry["identifier"] == f"{homepage}/releases/download/v{__version__}/{first.name}"
    assert "mcp" in entry["identifier"]  # the registry's rule for a bundle's address
    with zipfile.ZipFile(first) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert archive.read(manifest["icon"])[:8] == b"\x89PNG\r\n\x1a\n"
