"""Switching the language while the app runs: catalogs, Qt's own strings, and a signal widgets follow."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from timeline_gui import i18n


class LanguageSwitcher(QObject):
    """Emits ``changed`` after i18n's language changes; widgets relabel themselves on it."""

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._qt_translator: QTranslator | None = None
        i18n.add_listener(self._on_language)
        self._install_qt_translator(i18n.language())

    def close(self) -> None:
        i18n.remove_listener(self._on_language)

    def switch(self, code: str) -> None:
        i18n.set_language(code)

    def _on_language(self, code: str) -> None:
        self._install_qt_translator(code)
        self.changed.emit(code)

    def _install_qt_translator(self, code: str) -> None:
        """Qt's own dialogs and context menus (Cancel, Copy, ...) follow the same language."""
        app = QCoreApplication.instance()
        if self._qt_translator is not None and app is not None:
            app.removeTranslator(self._qt_translator)
            self._qt_translator = None
        QLocale.setDefault(QLocale(i18n.locale_name(code)))
        if code == i18n.DEFAULT_LANGUAGE or app is None:
            return
        translator = QTranslator(self)
        if translator.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(translator)
            self._qt_translator = translator
