"""Starting the GUI: the application object, language, data, the main window, the exception hook."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLocale, QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from timeline_gui import APP_NAME, ICON_SIZES, ORGANIZATION, __version__, i18n
from timeline_gui.domain.errors import DataLoadError
from timeline_gui.domain.model import Timeline
from timeline_gui.i18n import _
from timeline_gui.storage.packaged import load_packaged, packaged_path
from timeline_gui.ui import colors, crash
from timeline_gui.ui.language import LanguageSwitcher
from timeline_gui.ui.main_window import MainWindow
from timeline_gui.ui.settings import Settings
from timeline_gui.user_folders import bulletins_cache_dir

log = logging.getLogger(__name__)


def application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("timeline-gui")
    app.setWindowIcon(app_icon())
    colors.keep_legible()
    return app


def app_icon() -> QIcon:
    """The packaged PNG sizes. Qt reads each file only when a size is first drawn; an SVG icon would load
    Qt's SVG plugin and render before the window could show."""
    icons = packaged_path("icons") / "hicolor"
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(icons / f"{size}x{size}" / "apps" / "timeline-gui.png"), QSize(size, size))
    return icon


def choose_language(requested: str | None, settings: Settings) -> str:
    """--lang first, then the remembered choice, then the system locale (French for fr_*)."""
    return (
        i18n.normalize_language(requested)
        or settings.language
        or i18n.normalize_language(QLocale.system().name())
        or i18n.DEFAULT_LANGUAGE
    )


def load_for_start(data: Path | None) -> tuple[Timeline, Path | None] | None:
    """The data to open at start. A bad user file is reported, and the packaged bulletins shown instead."""
    try:
        if data is None:  # the generated copy of the packaged YAML: no PyYAML at start (storage/packaged.py)
            return load_packaged(), None
        from timeline_gui.storage.loader import load_timeline

        return load_timeline(data, cache_dir=bulletins_cache_dir()), data
    except DataLoadError as error:
        from timeline_gui.ui.error_dialog import DataErrorDialog  # only on errors: not needed to start

        note = _("The packaged bulletins are shown instead.") if data is not None else ""
        DataErrorDialog(str(data) if data else _("packaged data"), error.errors, note).exec()
        if data is None:
            return None
    try:
        return load_packaged(), None
    except DataLoadError as error:  # pragma: no cover - the packaged data is checked by the tests
        from timeline_gui.ui.error_dialog import DataErrorDialog

        DataErrorDialog(_("packaged data"), error.errors).exec()
        return None


def run(data: Path | None = None, language: str | None = None) -> int:
    app = application()
    crash.install()
    settings = Settings()
    i18n.set_language(choose_language(language, settings))
    switcher = LanguageSwitcher()
    # The packaged bulletins come up at once; a --data file, possibly large, then loads in the background.
    remembered = settings.current_bulletin
    loaded = load_for_start(None)
    if loaded is None:
        return 1
    timeline, path = loaded
    window = MainWindow(timeline, settings, path, switcher)
    window.show()
    if data is not None:
        window.start_loading(data, select=remembered)
    elif settings.last_file is not None:
        window.reopen_last(settings.last_file, select=remembered)
    _quit_after_for_tests(window)
    return app.exec()


QUIT_AFTER_VARIABLE = "TIMELINE_GUI_QUIT_AFTER_MS"


def _quit_after_for_tests(window: MainWindow) -> None:
    """Test hook for smoke starts (desktop entry, bundle): with TIMELINE_GUI_QUIT_AFTER_MS=N set, print the
    window's title and bulletin count after N ms, then close it as a user would (the app exits 0)."""
    value = os.environ.get(QUIT_AFTER_VARIABLE, "")
    if value.isdigit():
        QTimer.singleShot(
            int(value),
            lambda: (print(window.windowTitle(), window.count_label.text(), sep="\n", flush=True), window.close()),
        )
