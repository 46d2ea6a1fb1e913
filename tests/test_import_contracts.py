"""The import contracts cover the whole code: ``lint-imports`` (run by ``make test``) only checks the
modules it sees and the layers it is told about, so a package without ``__init__.py`` or a module
left out of its package's layers would escape every rule without anyone noticing."""

from __future__ import annotations

import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
PACKAGES = CONFIG["root_packages"]
# Django's own folders (it imports them by name), and a configuration file gunicorn reads by path.
NOT_MODULES = ("migrations", "gunicorn.conf")


def _modules_on_disk() -> set[str]:
    found = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if any(p in NOT_MODULES or p.startswith(NOT_MODULES) for p in parts):
                continue
            found.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def _layer_modules(layer: str) -> list[str]:
    return [m.strip() for m in layer.replace(":", "|").split("|")]


def test_every_folder_of_python_files_is_a_package():
    # Without __init__.py, grimp does not see a folder's modules and no contract applies to them.
    missing = [
        str(folder.relative_to(ROOT))
        for package in PACKAGES
        for folder in [ROOT / package, *(ROOT / package).rglob("*")]
        if folder.is_dir()
        and "__pycache__" not in folder.parts
        and any(folder.glob("*.py"))
        and not (folder / "__init__.py").exists()
    ]
    assert missing == []


def test_the_linter_sees_every_module():
    graph = grimp.build_graph(*PACKAGES)
    assert _modules_on_disk() - graph.modules == set()


@pytest.mark.parametrize(
    "contract", [c for c in CONFIG["contracts"] if c["type"] == "layers"], ids=lambda c: c["id"]
)
def test_a_layers_contract_names_every_module_of_its_package(contract):
    """Each layers contract splits one package: every module and sub-package of it must be in a layer,
    so a new module is placed on purpose rather than left outside the rules."""
    named = {m for layer in contract["layers"] for m in _layer_modules(layer)}
    parents = {m.rpartition(".")[0] for m in named}
    assert len(parents) == 1, f"{contract['id']}: layers from several packages: {sorted(parents)}"
    (parent,) = parents
    children = (
        {m for m in _modules_on_disk() if m.rpartition(".")[0] == parent and m != parent}
        if parent
        else set(PACKAGES)
    )
    assert children - named == set(), f"{contract['id']}: modules of {parent or 'the project'} in no layer"
