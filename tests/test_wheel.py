"""A wheel built from the repo works from a fresh virtual environment, away from the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow  # builds a wheel and installs it with its dependencies into a fresh venv

SHOW_WINDOW = """
from timeline_gui.ui import app
from timeline_gui.ui.main_window import MainWindow
from timeline_gui.ui.settings import Settings
from timeline_gui.ui.roles import Role, RowKind
qt = app.application()
timeline, path = app.load_for_start(None)
window = MainWindow(timeline, Settings(), path)
window.show()
qt.processEvents()
model = window.timeline_view.model()
print(sum(1 for row in range(model.rowCount()) if model.index(row, 0).data(Role.KIND) == RowKind.BULLETIN))
print(window.count_label.text())
window.close()
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    wheels = work / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)], check=True, timeout=600
    )
    (wheel,) = wheels.glob("timeline_gui-*.whl")
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, timeout=900)
    return env_dir, work


def run(env_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": f"{env_dir / 'bin'}:/usr/bin:/bin",
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(cwd),
        "LANG": "C.UTF-8",
    }
    return subprocess.run(list(args), check=False, capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def test_the_wheel_carries_data_and_catalogs(installed):
    env_dir, work = installed
    result = run(env_dir, work, str(env_dir / "bin" / "timeline-gui"), "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "packaged data: valid, 29 bulletins"
    french = run(env_dir, work, str(env_dir / "bin" / "timeline-gui"), "validate", "--lang", "fr")
    assert french.returncode == 0 and "29 bulletins" in french.stdout and "valid," not in french.stdout


def test_the_wheel_carries_the_compiled_catalog_and_french_loads_from_it(installed):
    import zipfile

    env_dir, work = installed
    (wheel,) = (work / "dist").glob("timeline_gui-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "timeline_gui/resources/locale/fr/LC_MESSAGES/timeline_gui.mo" in names
    assert "timeline_gui/resources/locale/cldr.json" in names
    script = (
        "import sys; from timeline_gui import i18n; i18n.set_language('fr');"
        "print(i18n._('positional arguments'), '|', i18n.format_date(__import__('datetime').date(2016, 8, 1)));"
        "print(i18n.catalog_path('fr', '.mo'));"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'babel'))"
    )
    result = run(env_dir, work, str(env_dir / "bin" / "python"), "-c", script)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    shown, catalog, babel = result.stdout.splitlines()
    assert shown == "arguments positionnels | 1er août 2016"
    assert "site-packages" in catalog and babel == "[]"


def test_the_installed_app_shows_29_bulletins_headless(installed):
    env_dir, work = installed
    result = run(env_dir, work, str(env_dir / "bin" / "python"), "-c", SHOW_WINDOW)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split("\n")[:2] == ["29", "29 of 29 bulletins"]


def test_it_is_not_the_source_tree_that_runs(installed):
    env_dir, work = installed
    result = run(
        env_dir, work, str(env_dir / "bin" / "python"), "-c", "import timeline_gui, os; print(timeline_gui.__file__)"
    )
    assert str(ROOT) not in result.stdout and "site-packages" in result.stdout
    assert os.sep.join(["timeline_gui", "__init__.py"]) in result.stdout
