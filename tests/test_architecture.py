"""The domain layer imports no Qt, checked by import-linter (contracts in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


def test_import_contracts_hold():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    # It finds pyproject.toml in the folder it runs in: every release allowed reads it so (a path argument needs 2.17).
    result = subprocess.run([lint], check=False, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 kept, 0 broken" in result.stdout


def test_the_domain_really_loads_without_qt():
    code = (
        "import sys, timeline_gui.storage.loader, timeline_gui.domain.query, timeline_gui.domain.dates; "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize("package", ["ui", "storage", "domain"])
def test_every_module_has_its_place_in_its_packages_layers(package):
    """A module left out of the layers contract is checked for no import cycle at all."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11 on

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (within,) = [c for c in contracts["contracts"] if c.get("containers") == [f"timeline_gui.{package}"]]
    placed = {name.strip() for layer in within["layers"] for name in layer.split("|")}
    modules = {path.stem for path in (ROOT / "src" / "timeline_gui" / package).glob("*.py") if path.stem != "__init__"}
    assert modules - placed == set()
