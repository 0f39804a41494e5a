"""The app as a desktop citizen: `timeline-gui FILE.yaml` opens the file, the file open at the last close opens
again at start (gone or bad: the packaged bulletins and a line in the status bar), one status message at a time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

MINE = (
    "schema: 1\nbulletins:\n  - id: mine\n    date: 2020-05-04\n    language: fr\n    title: {en: Mine, fr: Le mien}\n"
)
BAD = "schema: 1\nbulletins:\n  - id: a\n    date: 2017-02-30\n    language: en\n"


def start(home: Path, *args: str) -> list[str]:
    """Starts the app as a menu or a file manager would; returns its title and bulletin count once it shows them."""
    env = dict(
        os.environ,
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        QT_QPA_PLATFORM="offscreen",
        LANG="C.UTF-8",
        TIMELINE_GUI_QUIT_AFTER_MS="1500",
    )
    env.pop("LC_ALL", None)
    result = subprocess.run(
        [sys.executable, "-m", "timeline_gui", *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=home,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout.splitlines()


@pytest.fixture
def mine(tmp_path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(MINE, encoding="utf-8")
    return path


def test_a_file_on_the_command_line_opens_and_opens_again_at_the_next_start(tmp_path, mine):
    assert start(tmp_path, str(mine)) == ["mine.yaml — Cybercrime Timeline", "1 of 1 bulletin"]
    assert start(tmp_path) == ["mine.yaml — Cybercrime Timeline", "1 of 1 bulletin"]
    mine.unlink()
    assert start(tmp_path) == ["Cybercrime Timeline", "29 of 29 bulletins"]


def test_the_file_is_given_once(tmp_path, mine):
    result = subprocess.run(
        [sys.executable, "-m", "timeline_gui", str(mine), "--data", str(mine)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "give the file once" in result.stderr


def test_a_last_file_gone_is_said_in_the_status_bar(make_window, tmp_path):
    window = make_window()
    gone = tmp_path / "gone.yaml"
    window.reopen_last(gone)
    assert window.statusBar().currentMessage() == (
        f"{gone}, open last time, is no longer there; the packaged bulletins are shown."
    )
    assert window.count_label.text() == "29 of 29 bulletins"


def test_a_last_file_gone_bad_is_said_in_the_status_bar_without_a_dialog(make_window, tmp_path, qtbot):
    window = make_window()
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    with qtbot.waitSignal(window.loader.finished, timeout=20_000):
        window.reopen_last(bad)
    message = window.statusBar().currentMessage()
    assert message.startswith(f"{bad} could not be opened again ({bad}:3:5: bulletins[0].title: required field")
    assert message.endswith("and 1 more problem); the packaged bulletins are shown.")
    from timeline_gui.ui.error_dialog import DataErrorDialog

    assert window.findChildren(DataErrorDialog) == []
    assert window.count_label.text() == "29 of 29 bulletins"


def test_the_newest_status_message_wins(make_window, mine, qtbot):
    """A passing message covers the file notice while it lasts; a notice that comes meanwhile ends it."""
    from timeline_gui.storage.loader import load_timeline

    window = make_window(load_timeline(mine), mine)
    bar, notice = window.statusBar(), window.file_notice
    window.timeline_view.setFocus()
    window.copy_action.trigger()
    assert bar.currentMessage() == "1 bulletin copied"
    mine.write_text(MINE.replace("Mine", "Mine again"), encoding="utf-8")
    window.file_watcher.check()
    assert notice.isVisible() and bar.currentMessage() == ""

    window.copy_action.trigger()
    assert bar.currentMessage() == "1 bulletin copied" and not notice.isVisible()
    bar.clearMessage()  # as its five seconds end
    assert notice.isVisible()
