"""What a person sees in the timeline, read off the view's model row by row."""

from __future__ import annotations

from timeline_gui.ui.roles import Role, RowKind


def rows(window) -> list[tuple[int, str]]:
    """(kind, text) of every row of the timeline, top to bottom."""
    model = window.timeline_view.model()
    return [(model.index(row, 0).data(Role.KIND), model.index(row, 0).data()) for row in range(model.rowCount())]


def bulletin_ids(window) -> list[str]:
    model = window.timeline_view.model()
    result = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(Role.KIND) == RowKind.BULLETIN:
            result.append(index.data(Role.BULLETIN_ID))
    return result


def headings(window) -> list[str]:
    return [text for kind, text in rows(window) if kind in (RowKind.YEAR, RowKind.MONTH)]


def current_id(window) -> str | None:
    index = window.timeline_view.currentIndex()
    return index.data(Role.BULLETIN_ID) if index.isValid() else None


LOAD_TIMEOUT_MS = 120_000


def load_and_wait(qtbot, window, start=None, path=None) -> bool:
    """Starts a background load (``start()``, or File ▸ Open of ``path``) and waits for its end.

    True when the file replaced what was on screen; False when it failed or was cancelled.
    """
    outcomes: list[bool] = []

    def loaded(*_args) -> None:
        outcomes.append(True)

    def not_loaded(*_args) -> None:
        outcomes.append(False)

    loader = window.loader
    loader.loaded.connect(loaded)
    loader.failed.connect(not_loaded)
    loader.cancelled.connect(not_loaded)
    try:
        with qtbot.waitSignal(loader.finished, timeout=LOAD_TIMEOUT_MS):
            if start is not None:
                start()
            else:
                window.open_file(path)
    finally:
        loader.loaded.disconnect(loaded)
        loader.failed.disconnect(not_loaded)
        loader.cancelled.disconnect(not_loaded)
    return outcomes == [True]


def modal_dialog(name: str):
    """The modal dialog in front of the window, as a person meets it; it must be the one named ``name``."""
    from PySide6.QtWidgets import QApplication

    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.objectName() == name, dialog
    return dialog


def open_dialogs(name: str) -> list:
    """The windows named ``name`` on screen."""
    from PySide6.QtWidgets import QApplication

    return [widget for widget in QApplication.topLevelWidgets() if widget.objectName() == name and widget.isVisible()]
