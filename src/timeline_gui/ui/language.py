"""Switching the language while the app runs: catalogs, Qt's own strings, and the widgets' own texts."""

from __future__ import annotations

from functools import partial
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from timeline_gui import i18n

Q = TypeVar("Q", bound=QObject)


_TOKEN = "retranslationToken"  # the dynamic property holding an object's token in i18n's registry


def retranslated(qobject: Q) -> Q:
    """Registers ``qobject`` (which has a ``retranslate()``) with i18n's registry until Qt deletes it,
    or until its window closes (``forget_retranslated``)."""
    token = i18n.register(qobject)  # type: ignore[arg-type]  # a QObject with retranslate(): no type says both
    qobject.setProperty(_TOKEN, token)
    qobject.destroyed.connect(partial(i18n.unregister, token))
    return qobject


def forget_retranslated(root: QObject) -> None:
    """``root`` and every object in it stop following the language: a closed window is not relabelled
    (Qt deletes it only later, or never when no event loop runs again)."""
    for qobject in (root, *root.findChildren(QObject)):
        token = qobject.property(_TOKEN)
        if token is not None:
            i18n.unregister(token)


class LanguageSwitcher(QObject):
    """Switches the language; Qt's translator and default locale follow. ``changed`` is emitted after."""

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._qt_translator: QTranslator | None = None
        # Before any widget registers: Qt's strings and locale are the new language's when widgets relabel.
        self._token = i18n.register(self)
        self._install_qt_translator(i18n.language())

    def close(self) -> None:
        i18n.unregister(self._token)

    def switch(self, code: str) -> None:
        i18n.set_language(code)

    def retranslate(self) -> None:
        code = i18n.language()
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
