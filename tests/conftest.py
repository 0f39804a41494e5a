from __future__ import annotations

import os

# Before Qt is imported anywhere: no display is needed, and the tests say so themselves.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", "/tmp/timeline-gui-test-runtime")
os.makedirs(os.environ["XDG_RUNTIME_DIR"], mode=0o700, exist_ok=True)

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from timeline_gui import i18n  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def state_folder(tmp_path_factory):
    """The journal of temporary files (timeline_gui.files) in a folder of the test run's, not the user's;
    subprocesses inherit it."""
    folder = tmp_path_factory.mktemp("state")
    os.environ["XDG_STATE_HOME"] = str(folder)
    return folder


@pytest.fixture(autouse=True)
def english_by_default():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def isolated_settings(tmp_path, monkeypatch):
    """QSettings in a folder of the test's own, so no test sees another's or the user's."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "config"


@pytest.fixture(scope="session")
def timeline():
    from timeline_gui.storage.loader import load_timeline

    return load_timeline()


@pytest.fixture
def make_window(qtbot, isolated_settings, timeline):
    """Builds main windows the way the app does; each is closed (saving settings) at the end."""
    from timeline_gui.ui.app import application
    from timeline_gui.ui.main_window import MainWindow
    from timeline_gui.ui.settings import Settings

    application()
    windows = []

    def make(data=None, path=None):
        window = MainWindow(data or timeline, Settings(), path)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def window(make_window):
    return make_window()
