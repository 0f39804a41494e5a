"""The app under faults: bad files, files changing or vanishing while open, corrupt settings, unexpected errors."""

from __future__ import annotations

import logging
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import hypothesis
import pytest
from helpers import bulletin_ids, current_id, load_and_wait, modal_dialog
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from timeline_gui import i18n
from timeline_gui.ui import crash
from timeline_gui.ui.file_watch import FileNotice
from timeline_gui.ui.settings import unsafe_reason

PACKAGED_FIRST = "2016-01-22-world-economic-forum-cybercrime-project"


def bulletins_text(*ids: str, date: str = "2017-03-22") -> str:
    entries = "".join(
        f"  - {{id: {i}, date: {date}, language: en, title: {{en: 'Title {i}', fr: 'Titre {i}'}}}}\n" for i in ids
    )
    return "schema: 1\nbulletins:\n" + entries


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


BAD = (
    "schema: 1\nbulletins:\n"
    "  - {id: a, date: 2017-02-30, language: de, title: {en: x, fr: y}}\n"
    "  - {id: b, date: 2017-01-01, language: en}\n"
)


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


def change_while_loading(monkeypatch, change):
    """Makes the next load run ``change()`` once the loader has read the file, before the load ends."""
    from timeline_gui.storage import loader

    real = loader.open_indexed

    def load_then_change(*args, **kwargs):
        opened = real(*args, **kwargs)
        change()
        return opened

    monkeypatch.setattr(loader, "open_indexed", load_then_change)


def rewrite(path):
    write(path, bulletins_text("one", "two", "three"))


def delete(path):
    path.unlink()


def rename_over(path):
    os.replace(write(path.with_name("watched.yaml.new"), bulletins_text("one", "two", "three")), path)


@pytest.mark.parametrize("change", [rewrite, delete, rename_over])
def test_a_change_while_the_file_loads_is_reported_when_it_is_shown(window, tmp_path, monkeypatch, qtbot, change):
    path = write(tmp_path / "watched.yaml", bulletins_text("one", "two"))
    change_while_loading(monkeypatch, lambda: change(path))
    assert load_and_wait(qtbot, window, path=path)
    assert bulletin_ids(window) == ["one", "two"]  # what was read before the change
    expected = "was deleted or moved" if change is delete else "has changed on disk"
    assert expected in notice_text(window)  # at once, without waiting for the watcher's signal
    monkeypatch.undo()
    if change is not delete:
        assert load_and_wait(qtbot, window, window.reload_action.trigger)
        assert bulletin_ids(window) == ["one", "three", "two"]
        assert not window.file_notice.isVisible()


def test_a_load_that_fails_keeps_watching_the_file_on_screen(opened, tmp_path, qtbot):
    window, path = opened
    bad = write(tmp_path / "bad.yaml", BAD)
    assert not load_and_wait(qtbot, window, path=bad)
    write(path, bulletins_text("one", "two", "three"))
    qtbot.waitUntil(lambda: "watched.yaml has changed on disk" in notice_text(window))


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
        b"[General]\nversion=1\nlanguage=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x10QWidget)\n"
        b"[timeline]\ndescending=@ByteArray(\\xff)\ncurrent=@Rect(1 2 3 4)\n",
        "version=1\ndescending=true\n".encode("utf-16"),
    ],
    ids=["random-bytes", "broken-section", "odd-variants", "utf-16"],
)
# Qt itself warns of the variants these files hold on purpose; the app's part is the log line and the defaults.
@pytest.mark.qt_log_ignore(r"^QVariant::load: unknown user type with name ")
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


def boom(message: str = "the flux capacitor is empty"):
    raise ValueError(message)


def report_boom(hook, message: str = "the flux capacitor is empty") -> None:
    """Hands the hook an unexpected error as Python would: raised, then caught with its traceback."""
    try:
        boom(message)
    except ValueError:
        hook(*sys.exc_info())


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_and_shown_and_the_app_keeps_running(window, hook, qtbot):
    window.search.textChanged.connect(lambda _text: boom())
    window.search.setText("ransomware")  # the slot raises inside Qt's signal delivery
    assert hook.shown == []  # the dialog waits for the event loop: the code that raised has returned first
    qtbot.waitUntil(lambda: len(hook.shown) == 1)
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


def test_the_dialog_is_translated(hook, qtbot):
    i18n.set_language("fr")
    report_boom(hook)
    report_boom(hook)
    qtbot.waitUntil(lambda: len(hook.shown) == 1)
    (dialog,) = hook.shown
    assert dialog.windowTitle() == "Erreur inattendue"
    assert dialog.copy_button.text() == "Copier les détails"
    assert dialog.summary.text().startswith("Une erreur est survenue\u00a0: ValueError")
    assert "Cette erreur s’est produite 2 fois." in dialog.summary.text()


def test_the_log_is_size_capped(tmp_path, monkeypatch, qapp):
    monkeypatch.setattr(crash, "LOG_MAX_BYTES", 4000)
    monkeypatch.setattr(crash.CrashDialog, "exec", lambda dialog: 0)
    hook = crash.install(tmp_path / "timeline-gui.log")
    try:
        for number in range(50):
            report_boom(hook, f"error {number}")  # 50 different errors: a repeat would only add a line
    finally:
        hook.uninstall()
    logs = sorted(tmp_path.glob("timeline-gui.log*"))
    assert [p.name for p in logs] == ["timeline-gui.log", "timeline-gui.log.1"]
    assert all(p.stat().st_size <= 4000 for p in logs)


def test_the_log_lives_in_the_users_data_folder(isolated_settings):
    from timeline_gui.ui.app import application

    application()
    assert crash.log_path() == isolated_settings.parent / "data" / "timeline-gui" / "timeline-gui" / "timeline-gui.log"


def test_an_unwritable_log_folder_still_shows_the_dialog(tmp_path, monkeypatch, qtbot):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    shown = []

    def record(dialog) -> None:  # a function, not shown.append: as a method it receives the dialog
        shown.append(dialog)

    monkeypatch.setattr(crash.CrashDialog, "exec", record)
    hook = crash.install(blocker / "timeline-gui.log")
    try:
        report_boom(hook)
        qtbot.waitUntil(lambda: len(shown) == 1)
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


# ---------------------------------------------------------------- crafted settings, screened before Qt reads them


def variant_bytes(payload: bytes) -> bytes:
    """A value as Qt writes a serialized QVariant in an INI file: every byte as a hex escape."""
    return b"@Variant(" + b"".join(b"\\x%x" % byte for byte in payload) + b")"


def nested_lists(depth: int) -> bytes:
    """A QVariantList holding a QVariantList ... ``depth`` deep, in Qt's stream format (type 9, not null, count)."""
    return b"\0\0\0\t\0\0\0\0\x01" * depth + b"\0\0\0\t\0\0\0\0\0"


CRAFTED = {
    "huge-length": b"[General]\nversion=1\n\n[files]\nrecent=@Variant(\\0\\0\\0\\t\\x7f\\xff\\xff\\xff)\n",
    "nested-20000": b"[General]\nversion=1\n\n[files]\nrecent=" + variant_bytes(nested_lists(20_000)) + b"\n",
    "nested-5000": b"[General]\nversion=1\n\n[timeline]\ncurrent=" + variant_bytes(nested_lists(5_000)) + b"\n",
    "escaped-at": b"[General]\nversion=1\n\n[files]\nrecent=/a.yaml, \\x40Variant(\\0\\0\\0\\t\\x7f\\xff\\xff\\xff)\n",
    "recent-30000": b"[General]\nversion=1\n\n[files]\nrecent="
    + b", ".join(b"/tmp/bulletins-%05d.yaml" % number for number in range(30_000))
    + b"\n",
}


@pytest.mark.parametrize("name", CRAFTED)
def test_a_crafted_settings_file_never_stops_the_app(tmp_path, name):
    """Each of these killed the app at every start (abort, stack overflow) or took 25 s: now it is set aside."""
    config, data = tmp_path / "config", tmp_path / "data"
    path = config / "timeline-gui" / "timeline-gui.ini"
    path.parent.mkdir(parents=True)
    path.write_bytes(CRAFTED[name])
    env = dict(
        os.environ,
        XDG_CONFIG_HOME=str(config),
        XDG_DATA_HOME=str(data),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        QT_QPA_PLATFORM="offscreen",
        TIMELINE_GUI_QUIT_AFTER_MS="200",
    )
    result = subprocess.run(
        [sys.executable, "-m", "timeline_gui", "--lang", "en"],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines()[-1] == "29 of 29 bulletins"
    assert (path.parent / "timeline-gui.ini.bak").read_bytes() == CRAFTED[name]
    logged = (data / "timeline-gui" / "timeline-gui" / "timeline-gui.log").read_text(encoding="utf-8")
    assert f"set aside as {path}.bak" in logged
    assert b"@Variant" not in path.read_bytes()  # the app's own settings, written at close


def test_a_deeply_nested_value_gives_defaults_in_the_window(make_window, isolated_settings, caplog):
    window, path = start_with_settings_file(make_window, caplog, CRAFTED["nested-5000"])
    assert_defaults(window)
    assert any(f"set aside as {path}.bak" in record.getMessage() for record in caplog.records)
    with open(path + ".bak", "rb") as handle:
        assert handle.read() == CRAFTED["nested-5000"]


def test_a_long_recent_files_list_is_capped_when_read(make_window, isolated_settings, caplog):
    paths = [f"/data/bulletins-{number}.yaml" for number in range(2_000)]
    settings = raw_settings()
    settings.setValue("version", 1)
    settings.setValue("files/recent", paths)
    settings.sync()
    with open(settings.fileName(), "rb") as handle:
        written = handle.read()
    window, _path = start_with_settings_file(make_window, caplog, written)
    assert [action.text() for action in window.recent_menu.actions()] == [
        f"&{number} {path}" for number, path in enumerate(paths[:8], start=1)
    ]


def test_window_layouts_are_written_as_plain_text_and_come_back(make_window, isolated_settings):
    first = make_window()
    first.resize(700, 500)
    first.close()
    with open(raw_settings().fileName(), encoding="utf-8") as handle:
        text = handle.read()
    assert "@" not in text  # no value a Qt type: the file reads back the same whatever Qt version reads it
    second = make_window()
    assert (second.width(), second.height()) == (700, 500)


def ini_of(value) -> bytes:
    """The INI file Qt writes for ``value`` under one key."""
    settings = raw_settings()
    settings.clear()
    settings.setValue("files/recent", value)
    settings.sync()
    return Path(settings.fileName()).read_bytes()


PLAIN_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@hypothesis.settings(
    max_examples=150, deadline=None, suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture]
)
@given(st.one_of(PLAIN_TEXT, st.lists(PLAIN_TEXT, min_size=0, max_size=5)))
def test_what_the_app_writes_is_never_refused(isolated_settings, value):
    assert unsafe_reason(ini_of(value)) is None


def disguised(text: str, draw) -> bytes:
    """``text`` written with random escapes, quotes and spaces that Qt's INI reader undoes."""
    out = [draw(st.sampled_from([b"", b" ", b"\t "]))]
    quoted = draw(st.booleans())
    if quoted:
        out.append(b'"')
    for character in text:
        way = draw(st.integers(0, 3))
        code = ord(character)
        if way == 1:
            out.append(b"\\x" + draw(st.sampled_from([b"", b"0", b"00"])) + b"%x" % code)
        elif way == 2:  # noqa: PLR2004
            out.append(b"\\" + b"%o" % code)
        else:
            out.append(character.encode())
        if way in (1, 2) and draw(st.booleans()):
            out.append(b'""')  # an empty quoted run ends the escape: the next character may be a digit
    if quoted:
        out.append(b'"')
    return b"".join(out)


@hypothesis.settings(
    max_examples=200, deadline=None, suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_the_screen_sees_every_value_qt_reads_as_a_type(isolated_settings, data):
    """@Rect is harmless to parse, so Qt can say whether it read a disguised one; the screen must refuse those."""
    items = data.draw(
        st.lists(
            st.sampled_from(["@Rect(1 2 3 4)", "plain", "@@Rect(1 2 3 4)", "x@Rect(1 2 3 4)"]), min_size=1, max_size=3
        )
    )
    raw = b", ".join(disguised(item, data.draw) for item in items)
    content = b"[General]\nversion=1\n\n[files]\nrecent=" + raw + b"\n"
    path = raw_settings().fileName()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(content)
    value = QSettings(path, QSettings.Format.IniFormat).value("files/recent")
    values = value if isinstance(value, list) else [value]
    if any(isinstance(item, QRect) for item in values):
        assert unsafe_reason(content) is not None, (content, values)


def test_a_repeated_error_shows_one_dialog_that_counts_it(hook, qtbot):
    for _ in range(5):
        report_boom(hook)
    report_boom(hook, "another error")  # while the first one's dialog is queued: only logged
    qtbot.waitUntil(lambda: len(hook.shown) == 1)
    qtbot.wait(20)
    (dialog,) = hook.shown
    assert "flux capacitor" in dialog.summary.text()
    assert "This error happened 5 times." in dialog.summary.text()
    log = hook.path.read_text(encoding="utf-8")
    assert log.count("Traceback") == 2  # the first of each error, with its traceback
    assert "the same error again, 4 times so far" in log
    report_boom(hook)  # after its dialog: still not shown again
    qtbot.wait(20)
    assert len(hook.shown) == 1


PAINT_ERRORS = """
import sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget
from timeline_gui.ui import crash
from timeline_gui.ui.app import application

app = application()
hook = crash.install(Path(sys.argv[1]))


class Broken(QWidget):
    def paintEvent(self, event):
        raise ValueError("cannot paint")


widget = Broken()
widget.resize(200, 120)
widget.show()
repaint = QTimer()
repaint.timeout.connect(widget.update)
repaint.start(5)


def dialogs():
    return [w for w in app.allWidgets() if isinstance(w, crash.CrashDialog)]


class Appearances(QObject):  # the crash dialogs seen to appear: a closed one is freed, so each is counted as it shows

    count = 0

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Show and isinstance(watched, crash.CrashDialog):
            Appearances.count += 1
        return False


appearances = Appearances()
app.installEventFilter(appearances)


def close_dialog():
    shown = [dialog for dialog in dialogs() if dialog.isVisible()]
    if hook.counts.get(next(iter(hook.counts), None), 0) < 3 or not shown:
        QTimer.singleShot(50, close_dialog)
        return
    print(len(dialogs()))
    print(dialogs()[0].summary.text().replace(chr(10), " "))
    shown[0].reject()  # as the person would; the widget goes on failing to paint
    QTimer.singleShot(300, finish)


def finish():
    print(Appearances.count, sum(hook.counts.values()) > 3)
    app.quit()


QTimer.singleShot(300, close_dialog)
sys.exit(app.exec())
"""


def test_an_error_raised_in_every_paint_event_shows_one_dialog_and_the_app_survives(tmp_path):
    """The dialog used to open inside the paint event ("Recursive repaint detected"), and the app crashed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    log = tmp_path / "timeline-gui.log"
    result = subprocess.run(
        [sys.executable, "-c", PAINT_ERRORS, str(log)],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert lines[0] == "1"  # one dialog
    assert "ValueError: cannot paint" in lines[1]
    assert lines[2] == "1 True"  # still one once it was closed, though the error goes on
    count = int(re.search(r"This error happened (\d+) times", result.stdout).group(1))
    assert count >= 3
    assert "Recursive repaint" not in result.stderr
    assert log.read_text(encoding="utf-8").count("Traceback") == 1
