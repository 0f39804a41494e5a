"""PySide6 6.12.0 on CPython < 3.12 loses a reference to None per empty Qt value and aborts at exit."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

SCRIPT = """
from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from timeline_gui.storage.loader import load_timeline
from timeline_gui.ui.bulletin_model import BulletinListModel
app = QApplication([])
model = BulletinListModel(load_timeline())
action = QAction()
for _ in range(20000):
    model.index(0, 0).data(1234)  # a role with nothing set: Qt hands back an empty value
    action.data()
print("done")
"""


def test_the_pinned_binding_survives_many_empty_values():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "done"
    assert "none_dealloc" not in result.stderr


def test_the_installed_binding_respects_the_pin():
    installed = tuple(int(part) for part in version("PySide6-Essentials").split(".")[:2])
    if sys.version_info < (3, 12):
        assert installed < (6, 12)
