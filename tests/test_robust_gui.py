"""The app under faults: bad files, files changing or vanishing while open, corrupt settings, unexpected errors."""

from __future__ import annotations

import logging
import os
import random
import sys

import pytest
from helpers import bulletin_ids, current_id, load_and_wait, modal_dialog
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from timeline_gui import i18n
from timeline_gui.ui import crash
from timeline_gui.ui.file_watch import FileNotice

PACKAGED_FIRST = "2016-01-22-world-economic-forum-cybercrime-project"


def bulletins_text(*ids: str, date: str = "2017-03-22") -> str:
    entries = "".join(
        f"  - {{id: {i}, date: {date}, language: en, title: {{en: 'Title {i}', fr: 'Titre {i}'}}}}\n" for i in ids
    )
    return "schema: 1\nbulletins:\n" + entries


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


BAD = "schema: 1\nbulletins:\n  - {id: a, date: 2017-02-30, language: de, title: {en: x, fr: y}}\n  - {id: b, date: 2017-01-01, language: en}\n"


def screen(window):
    """What the person sees that a bad file must not change."""
    return (
        bulletin_ids(window),
        current_id(window),
        window.windowTitle(),
        window.data_path,
        window.detail.value_text("places"),
    )


# ---------------------------------------------------------------- File ▸ Open… and Open Recent


def test_file_open_shows_the_chosen_file(window, tmp_path, monkeypatch, qtbot):
    path = write(tmp_path / "mine.yaml", bulletins_text("one", "two"))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    assert load_and_wait(qtbot, window, window.open_action.trigger)
    assert bulletin_ids(window) == ["one", "two"]
    assert "mine.yaml" in window.windowTitle()
    assert [action.text() for action in window.recent_menu.actions()] == [f"&1 {path}"]


def test_a_bad_file_lists_every_problem_and_leaves_the_screen_untouched(window, tmp_path, monkeypatch, qtbot):
    window.select_bulletin("2016-08-01-ringleader-online-scams-arrested-nigeria")
    before = screen(window)
    path = write(tmp_path / "bad.yaml", BAD)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    assert not load_and_wait(qtbot, window, window.open_action.trigger)
    dialog = modal_dialog("data-errors")
    assert dialog.isVisible()
    details = dialog.details.toPlainText().splitlines()
    assert [line.split(": ", 1)[0] for line in details] == [f"{path}:3:19", f"{path}:3:41", f"{path}:4:5"]
    assert "3 problems" in dialog.summary.text() and "unchanged" in dialog.summary.text()
    dialog.close()
    assert screen(window) == before
    assert window.settings.recent_files == []


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xff\xfe\x00binary",
        b"schema: 1\nbulletins: " + b"[" * 1200,
        b"!!python/object/apply:os.system ['true']\n",
        b"schema: 1\nbulletins:\n\t- x\n",
    ],
    ids=["empty", "binary", "deep", "unsafe-tag", "tabs"],
)
def test_hostile_files_never_replace_the_data_on_screen(window, tmp_path, data, qtbot):
    before = screen(window)
    path = tmp_path / "hostile.yaml"
    path.write_bytes(data)
    assert load_and_wait(qtbot, window, path=path) is False
    assert modal_dialog("data-errors").details.toPlainText().startswith(str(path))
    assert screen(window) == before


def test_open_recent_reopens_and_a_vanished_recent_file_is_reported(window, tmp_path, qtbot):
    first = write(tmp_path / "first.yaml", bulletins_text("one"))
    second = write(tmp_path / "second.yaml", bulletins_text("two", "three"))
    assert load_and_wait(qtbot, window, path=first) and load_and_wait(qtbot, window, path=second)
    actions = window.recent_menu.actions()
    assert [action.text() for action in actions] == [f"&1 {second}", f"&2 {first}"]
    assert load_and_wait(qtbot, window, actions[1].trigger)
    assert bulletin_ids(window) == ["one"]
    first.unlink()
    assert not load_and_wait(qtbot, window, window.recent_menu.actions()[0].trigger)  # first.yaml again, now gone
    assert "cannot read the file" in modal_dialog("data-errors").details.toPlainText()
    assert bulletin_ids(window) == ["one"] and window.data_path == first


# ---------------------------------------------------------------- the open file changes on disk


@pytest.fixture
def opened(window, tmp_path, qtbot):
    path = write(tmp_path / "watched.yaml", bulletins_text("one", "two"))
    assert load_and_wait(qtbot, window, path=path)
    assert not window.file_notice.isVisible()
    return window, path


def notice_text(window) -> str:
    return window.file_notice.label.text() if window.file_notice.isVisible() else ""


def test_a_changed_file_offers_reload_and_keeps_the_screen_until_then(opened, qtbot):
    window, path = opened
    write(path, bulletins_text("one", "two", "three"))
    qtbot.waitUntil(lambda: "watched.yaml has changed on disk" in notice_text(window))
    assert bulletin_ids(window) == ["one", "two"]
    button = window.file_notice.reload_button
    assert button.isVisible() and button.defaultAction() is window.reload_action
    assert load_and_wait(qtbot, window, lambda: qtbot.mouseClick(button, Qt.MouseButton.LeftButton))
    assert bulletin_ids(window) == ["one", "three", "two"]  # date order, then id
    assert not window.file_notice.isVisible()


def test_a_file_replaced_by_rename_is_followed(opened, qtbot):
    window, path = opened
    for round_, ids in enumerate([("one", "two", "x"), ("one", "two", "x", "y")]):
        temporary = write(path.with_name(f"watched.yaml.tmp{round_}"), bulletins_text(*ids))
        os.replace(temporary, path)
        qtbot.waitUntil(lambda: "has changed on disk" in notice_text(window))
        assert load_and_wait(qtbot, window, window.reload_action.trigger)
        assert bulletin_ids(window) == list(ids)
        assert not window.file_notice.isVisible()


def test_a_deleted_file_keeps_the_screen_and_says_so(opened, qtbot):
    window, path = opened
    before = screen(window)
    path.unlink()
    qtbot.waitUntil(
        lambda: notice_text(window) == "watched.yaml was deleted or moved; the bulletins on screen are kept."
    )
    assert not window.file_notice.reload_button.isVisible()
    assert screen(window) == before
    assert not load_and_wait(
        qtbot, window, window.reload_action.trigger
    )  # File ▸ Reload on a missing file: an error, nothing lost
    assert "cannot read the file" in modal_dialog("data-errors").details.toPlainText()
    assert screen(window) == before
    write(path, bulletins_text("back"))
    qtbot.waitUntil(lambda: "has changed on disk" in notice_text(window))
    assert load_and_wait(qtbot, window, window.reload_action.trigger)
    assert bulletin_ids(window) == ["back"]


def test_a_file_changed_into_a_bad_one_reloads_into_an_error_and_keeps_the_screen(opened, qtbot):
    window, path = opened
    before = screen(window)
    write(path, BAD)
    qtbot.waitUntil(lambda: "has changed on disk" in notice_text(window))
    assert not load_and_wait(qtbot, window, window.reload_action.trigger)
    assert "3 problems" in modal_dialog("data-errors").summary.text()
    assert screen(window) == before
    assert window.file_notice.isVisible()  # the file still differs from the screen


def test_the_notice_follows_the_language(opened, qtbot):
    window, path = opened
    path.unlink()
    qtbot.waitUntil(lambda: window.file_notice.kind == FileNotice.DELETED)
    window.switcher.switch("fr")
    assert notice_text(window) == "watched.yaml a été supprimé ou déplacé\u202f; les bulletins affichés sont conservés."
    write(path, bulletins_text("one"))
    qtbot.waitUntil(lambda: window.file_notice.kind == FileNotice.CHANGED)
    assert notice_text(window) == "watched.yaml a été modifié sur le disque. Fichier ▸ Recharger le relit."


def test_the_packaged_data_is_not_watched(window):
    assert window.data_path is None and window.file_watcher.path is None
    window.reload_action.trigger()
    assert len(bulletin_ids(window)) == 29 and not window.file_notice.isVisible()


# ---------------------------------------------------------------- settings


def raw_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "timeline-gui", "timeline-gui")


def assert_defaults(window):
    assert not window.newest_first_action.isChecked()
    assert len(bulletin_ids(window)) == 29 and current_id(window) == PACKAGED_FIRST
    assert (window.width(), window.height()) == (1200, 760)


def test_settings_of_another_version_are_dropped_with_the_reason_logged(make_window, caplog):
    settings = raw_settings()
    settings.setValue("version", 99)
    settings.setValue("timeline/descending", True)
    settings.setValue("timeline/current", "2016-08-01-ringleader-online-scams-arrested-nigeria")
    settings.sync()
    with caplog.at_level(logging.WARNING, logger="timeline_gui"):
        window = make_window()
    assert_defaults(window)
    assert any(
        "written by another version" in record.getMessage() and "99" in record.getMessage() for record in caplog.records
    )


def test_settings_of_the_wrong_type_are_ignored_with_the_reason_logged(make_window, caplog):
    settings = raw_settings()
    settings.setValue("version", 1)
    settings.setValue("timeline/descending", 12.5)
    settings.setValue("timeline/current", ["a", "list"])
    settings.setValue("window/geometry", "not a geometry")
    settings.setValue("files/recent", 42)
    settings.sync()
    with caplog.at_level(logging.WARNING, logger="timeline_gui"):
        window = make_window()
    assert_defaults(window)
    assert window.recent_menu.actions() == [] and not window.recent_menu.isEnabled()
    logged = " ".join(record.getMessage() for record in caplog.records)
    for key in ("timeline/descending", "timeline/current", "window/geometry", "files/recent"):
        assert f"ignoring setting {key}=" in logged


def start_with_settings_file(make_window, caplog, content: bytes):
    """Writes ``content`` as the settings file, then starts a window as the app would; (window, settings path)."""
    path = raw_settings().fileName()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(content)
    with caplog.at_level(logging.WARNING, logger="timeline_gui"):
        window = make_window()
    return window, path


@pytest.mark.parametrize(
    "content",
    [
        random.Random(6).randbytes(4000),
        b"[General\nversion=1\n\x00\xff=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x05junk)\n",
        b"[General]\nversion=1\nlanguage=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x10QWidget)\n[timeline]\ndescending=@ByteArray(\\xff)\ncurrent=@Rect(1 2 3 4)\n",
        "version=1\ndescending=true\n".encode("utf-16"),
    ],
    ids=["random-bytes", "broken-section", "odd-variants", "utf-16"],
)
def test_a_corrupt_settings_file_gives_defaults_with_the_reason_logged(make_window, isolated_settings, caplog, content):
    window, _path = start_with_settings_file(make_window, caplog, content)
    assert_defaults(window)
    assert caplog.records, "the reason must be logged"
    window.close()
    assert raw_settings().status() == QSettings.Status.NoError  # written again whole, readable
    assert raw_settings().value("version") in (1, "1")


# ---------------------------------------------------------------- the exception hook


@pytest.fixture
def hook(tmp_path, monkeypatch):
    shown = []

    def fake_exec(dialog):
        shown.append(dialog)
        return 0

    monkeypatch.setattr(crash.CrashDialog, "exec", fake_exec)
    installed = crash.install(tmp_path / "logs" / "timeline-gui.log")
    installed.shown = shown
    yield installed
    installed.uninstall()


def boom():
    raise ValueError("the flux capacitor is empty")


def report_boom(hook) -> None:
    """Hands the hook an unexpected error as Python would: raised, then caught with its traceback."""
    try:
        boom()
    except ValueError:
        hook(*sys.exc_info())


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_and_shown_and_the_app_keeps_running(window, hook, qtbot):
    window.search.textChanged.connect(lambda _text: boom())
    window.search.setText("ransomware")  # the slot raises inside Qt's signal delivery
    (dialog,) = hook.shown
    text = hook.path.read_text(encoding="utf-8")
    assert "ValueError: the flux capacitor is empty" in text and "in boom" in text
    assert "ValueError: the flux capacitor is empty" in dialog.summary.text()
    assert str(hook.path) in dialog.summary.text()
    assert "Traceback" in dialog.details.toPlainText()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert "the flux capacitor is empty" in QGuiApplication.clipboard().text()
    # The window still works: the search the person typed was applied.
    assert bulletin_ids(window) == ["2017-03-22-ransomware-digital-security-challenge"]
    window.search.clear()
    assert len(bulletin_ids(window)) == 29


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_timer_is_caught_too(window, hook, qtbot):
    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: len(hook.shown) == 1)
    assert "flux capacitor" in hook.path.read_text(encoding="utf-8")


def test_the_dialog_is_translated(hook, qapp):
    i18n.set_language("fr")
    report_boom(hook)
    (dialog,) = hook.shown
    assert dialog.windowTitle() == "Erreur inattendue"
    assert dialog.copy_button.text() == "Copier les détails"
    assert dialog.summary.text().startswith("Une erreur est survenue\u00a0: ValueError")


def test_the_log_is_size_capped(tmp_path, monkeypatch, qapp):
    monkeypatch.setattr(crash, "LOG_MAX_BYTES", 4000)
    monkeypatch.setattr(crash.CrashDialog, "exec", lambda dialog: 0)
    hook = crash.install(tmp_path / "timeline-gui.log")
    try:
        for _ in range(50):
            report_boom(hook)
    finally:
        hook.uninstall()
    logs = sorted(tmp_path.glob("timeline-gui.log*"))
    assert [p.name for p in logs] == ["timeline-gui.log", "timeline-gui.log.1"]
    assert all(p.stat().st_size <= 4000 for p in logs)


def test_the_log_lives_in_the_users_data_folder(isolated_settings):
    from timeline_gui.ui.app import application

    application()
    assert crash.log_path() == isolated_settings.parent / "data" / "timeline-gui" / "timeline-gui" / "timeline-gui.log"


def test_an_unwritable_log_folder_still_shows_the_dialog(tmp_path, monkeypatch, qapp):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    shown = []
    monkeypatch.setattr(crash.CrashDialog, "exec", lambda dialog: shown.append(dialog))
    hook = crash.install(blocker / "timeline-gui.log")
    try:
        report_boom(hook)
    finally:
        hook.uninstall()
    assert "could not be written" in shown[0].summary.text()


def test_the_app_installs_the_hook_at_start(isolated_settings, qapp, monkeypatch):
    from PySide6.QtWidgets import QApplication

    from timeline_gui.ui import app
    from timeline_gui.ui.main_window import MainWindow

    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    previous = sys.excepthook
    try:
        assert app.run(None, "en") == 0
        hook = sys.excepthook
        assert isinstance(hook, crash.ExceptionHook)
        assert hook.path == isolated_settings.parent / "data" / "timeline-gui" / "timeline-gui" / "timeline-gui.log"
        hook.uninstall()
    finally:
        sys.excepthook = previous
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                widget.close()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_another_thread_is_shown_from_the_gui_thread(window, hook, qtbot):
    import threading

    worker = threading.Thread(target=boom)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(hook.shown) == 1)
    assert hook.shown[0].thread() is window.thread()
    assert "flux capacitor" in hook.path.read_text(encoding="utf-8")


def test_open_recent_shows_an_ampersand_in_a_file_name(window, tmp_path, qtbot):
    """Qt reads a single & in a menu text as the mnemonic mark and hides it: the name must show whole."""
    path = write(tmp_path / "R&D notes.yaml", bulletins_text("one"))
    assert load_and_wait(qtbot, window, path=path)
    (action,) = window.recent_menu.actions()
    assert action.iconText() == f"1 {path}"  # the text as shown, without the mnemonic mark
    assert load_and_wait(qtbot, window, action.trigger)
    assert window.data_path == path


@pytest.mark.parametrize(
    "content",
    [b"[General\nversion=1\n\x00\xff=junk\n", b"[General]\nversion=99\n\n[timeline]\ndescending=true\n"],
    ids=["corrupt", "another-version"],
)
def test_settings_set_aside_are_kept_beside_as_bak(make_window, isolated_settings, caplog, content):
    window, path = start_with_settings_file(make_window, caplog, content)
    assert_defaults(window)
    with open(path + ".bak", "rb") as handle:
        assert handle.read() == content
    assert sorted(os.listdir(os.path.dirname(path))) == sorted(
        [os.path.basename(path), os.path.basename(path) + ".bak"]
    )
    assert any(f"set aside as {path}.bak" in record.getMessage() for record in caplog.records)
    window.close()
    with open(path, "rb") as handle:
        assert handle.read() != content  # the app's own settings, written at close


def test_settings_that_cannot_be_set_aside_still_give_defaults(make_window, isolated_settings, caplog):
    path = raw_settings().fileName()
    os.makedirs(path + ".bak")  # a folder where the copy should go: os.replace fails, even for root
    with open(path, "wb") as handle:
        handle.write(b"[General]\nversion=99\n")
    with caplog.at_level(logging.WARNING, logger="timeline_gui"):
        window = make_window()
    assert_defaults(window)
    assert any("could not set settings" in record.getMessage() for record in caplog.records)
    assert sorted(os.listdir(os.path.dirname(path))) == sorted(
        [os.path.basename(path), os.path.basename(path) + ".bak"]
    )  # no temporary left
