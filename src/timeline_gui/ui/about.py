"""Help ▸ About the Data and Help ▸ About: the two actions, on the menu from the start; their dialogs
(``ui/about_dialog.py``, with the HTML they show) are imported when one first opens."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from timeline_gui.i18n import _
from timeline_gui.ui.language import retranslated

if TYPE_CHECKING:
    from timeline_gui.ui.about_dialog import AboutDialog


class AboutActions(QObject):
    """Help ▸ About the Data and Help ▸ About, added to ``help_menu``; the data is the ``session``'s, the
    file ``data_path()`` names (None: the packaged bulletins)."""

    def __init__(self, window: QWidget, help_menu: QMenu, session, data_path: Callable[[], Path | None]):
        super().__init__(window)
        self._window, self._session, self._data_path = window, session, data_path
        self.dialogs: dict[str, AboutDialog] = {}
        help_menu.addSeparator()
        self.about_data_action = QAction(window)
        self.about_data_action.setObjectName("about-data-action")
        self.about_data_action.triggered.connect(self.show_about_data)
        self.about_action = QAction(window)
        self.about_action.setObjectName("about-action")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_data_action)
        help_menu.addAction(self.about_action)
        self.retranslate()
        retranslated(self)

    def retranslate(self) -> None:
        self.about_data_action.setText(_("About the &Data"))
        self.about_data_action.setStatusTip(_("What the bulletins are about, and what the open file covers"))
        self.about_action.setText(_("&About"))
        self.about_action.setStatusTip(_("The app’s version, licence and libraries"))

    def _show(self, name: str, render: Callable[[], str]) -> AboutDialog:
        from timeline_gui.ui.about_dialog import AboutDialog

        dialog = self.dialogs.get(name)
        if dialog is None:
            dialog = self.dialogs[name] = retranslated(AboutDialog(name, render, self._window))
        else:
            dialog.retranslate()  # the open file may have changed since
        dialog.show()
        dialog.activateWindow()
        return dialog

    def show_about_data(self) -> AboutDialog:
        from timeline_gui.ui.about_dialog import about_data_html

        return self._show("about-data", lambda: about_data_html(self._session.timeline, self._data_path()))

    def show_about(self) -> AboutDialog:
        from timeline_gui.ui.about_dialog import about_app_html

        return self._show("about-app", about_app_html)
