"""The user's folders come from platformdirs and are, on Linux, where Qt put them before (as the README says)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from timeline_gui import user_folders

QT_LOCATIONS = """
from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
app = QCoreApplication([])
app.setOrganizationName("timeline-gui")
app.setApplicationName("timeline-gui")
print(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation))
print(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation))
print(QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "timeline-gui", "timeline-gui").fileName())
"""

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the README's folders are Linux's")


@pytest.fixture
def xdg(tmp_path, monkeypatch):
    for name in ("CACHE", "DATA", "CONFIG", "STATE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(tmp_path / name.lower()))
    return tmp_path


@linux_only
def test_the_folders_follow_xdg(xdg):
    assert user_folders.bulletins_cache_dir() == xdg / "cache/timeline-gui/timeline-gui/bulletins"
    assert user_folders.data_dir() == xdg / "data/timeline-gui/timeline-gui"
    assert user_folders.settings_file() == xdg / "config/timeline-gui/timeline-gui.ini"
    assert user_folders.state_dir() == xdg / "state/timeline-gui/timeline-gui"
    assert sorted(path.name for path in xdg.iterdir()) == []  # asking makes no folder


@linux_only
def test_without_xdg_or_with_a_relative_one_the_folders_are_the_readmes(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")  # the XDG spec: relative paths are invalid
    monkeypatch.setenv("XDG_CONFIG_HOME", "")
    assert user_folders.bulletins_cache_dir() == tmp_path / ".cache/timeline-gui/timeline-gui/bulletins"
    assert user_folders.data_dir() == tmp_path / ".local/share/timeline-gui/timeline-gui"
    assert user_folders.settings_file() == tmp_path / ".config/timeline-gui/timeline-gui.ini"


@linux_only
@pytest.mark.parametrize("relative", [False, True])
def test_the_folders_are_those_qt_gave(tmp_path, relative):
    """The cache, the crash log and the settings stay where earlier versions, which asked Qt, put them."""
    env = dict(os.environ, HOME=str(tmp_path / "home"))
    for name in ("CACHE", "DATA", "CONFIG"):
        env[f"XDG_{name}_HOME"] = f"relative-{name}" if relative else str(tmp_path / name.lower())
    qt = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(QT_LOCATIONS)], capture_output=True, text=True, env=env, check=True
    )
    ours = subprocess.run(
        [
            sys.executable,
            "-c",
            "from timeline_gui.user_folders import *; print(cache_dir(), data_dir(), settings_file(), sep=chr(10))",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert ours.stdout.splitlines() == qt.stdout.splitlines()


def test_settings_qt_kept_elsewhere_are_copied_to_the_config_folder_once(isolated_settings, tmp_path):
    """On macOS Qt kept the INI file in ~/.config; platformdirs' folder is another: the user's choices follow."""
    from PySide6.QtCore import QSettings

    from timeline_gui.ui.settings import Settings

    old = tmp_path / "qt-default" / "timeline-gui" / "timeline-gui.ini"
    old.parent.mkdir(parents=True)
    old.write_text("[General]\nversion=1\nlanguage=fr\n")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qt-default"))
    try:
        settings = Settings()
        assert settings.language == "fr"
        assert (
            Path(settings.path) == user_folders.settings_file() == isolated_settings / "timeline-gui/timeline-gui.ini"
        )
        settings.language = "en"
        settings.sync()
        assert Settings().language == "en"  # copied once: the new file is the one used from then on
        assert "language=fr" in old.read_text()
    finally:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(isolated_settings))
