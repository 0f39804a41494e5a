"""Remembered settings: window layout, order, last bulletin, language (QSettings, INI format)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from timeline_gui import APP_NAME, ORGANIZATION, i18n
from timeline_gui.files import write_atomically
from timeline_gui.user_folders import settings_file

log = logging.getLogger(__name__)
T = TypeVar("T")
SETTINGS_VERSION = 1


def _user_settings() -> QSettings:
    """The settings file in the user's config folder. On Linux that is where Qt kept it; elsewhere a file found
    only where Qt kept it (macOS: ~/.config, not ~/Library/Application Support) is copied over once."""
    path = settings_file()
    if not path.exists():
        qt_default = Path(
            QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APP_NAME).fileName()
        )
        if qt_default != path and qt_default.is_file():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_atomically(path, qt_default.read_bytes(), mode=0o600)
            except OSError as error:
                log.warning("could not copy settings %s to %s: %s", qt_default, path, error)
            else:
                log.info("settings copied from %s to %s", qt_default, path)
    return QSettings(str(path), QSettings.Format.IniFormat)


class Settings:
    """Typed access to QSettings; a value of the wrong type is ignored and logged, never trusted."""

    def __init__(self, qsettings: QSettings | None = None):
        self._qs = qsettings or _user_settings()
        version = self._qs.value("version")
        if self._qs.status() != QSettings.Status.NoError or (version is None and self._qs.allKeys()):
            reason = "cannot be read" if self._qs.status() == QSettings.Status.AccessError else "are corrupt"
            log.warning("settings %s %s (%s); using defaults", self._qs.fileName(), reason, self._qs.status().name)
            self._set_aside()
            self._qs.clear()
            version = None
        if version is not None and str(version) != str(SETTINGS_VERSION):
            log.warning(
                "settings %s were written by another version (%r); using defaults", self._qs.fileName(), version
            )
            self._set_aside()
            self._qs.clear()
        self._qs.setValue("version", SETTINGS_VERSION)

    def _set_aside(self) -> None:
        """Copies the settings file to ``<name>.bak`` before it is cleared: whole or not at all, best effort, logged."""
        source = self._qs.fileName()
        backup = source + ".bak"
        try:
            with open(source, "rb") as stream:
                data = stream.read()
            write_atomically(backup, data, mode=0o600)
        except OSError as error:
            log.warning("could not set settings %s aside as %s: %s", source, backup, error)
            return
        log.warning("settings %s set aside as %s", source, backup)

    @property
    def path(self) -> str:
        return self._qs.fileName()

    def _get(self, key: str, kind: type[T], default: T) -> T:
        value: Any = self._qs.value(key)
        if value is None:
            return default
        if kind is bool and isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"  # type: ignore[return-value]
        if isinstance(value, kind):
            return value
        log.warning("ignoring setting %s=%r in %s: expected %s", key, value, self._qs.fileName(), kind.__name__)
        self._qs.remove(key)
        return default

    def bytes(self, key: str) -> QByteArray | None:
        value = self._get(key, QByteArray, QByteArray())
        return value if not value.isEmpty() else None

    def set(self, key: str, value: Any) -> None:
        self._qs.setValue(key, value)

    def sync(self) -> None:
        self._qs.sync()

    @property
    def language(self) -> str | None:
        return i18n.normalize_language(self._get("language", str, ""))

    @language.setter
    def language(self, code: str) -> None:
        self.set("language", code)

    @property
    def descending(self) -> bool:
        return self._get("timeline/descending", bool, False)

    @descending.setter
    def descending(self, value: bool) -> None:
        self.set("timeline/descending", value)

    @property
    def current_bulletin(self) -> str | None:
        return self._get("timeline/current", str, "") or None

    @current_bulletin.setter
    def current_bulletin(self, bulletin_id: str | None) -> None:
        self.set("timeline/current", bulletin_id or "")

    @property
    def recent_files(self) -> list[str]:
        value = self._qs.value("files/recent")
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            log.warning("ignoring setting files/recent=%r in %s", value, self._qs.fileName())
            return []
        return value

    @recent_files.setter
    def recent_files(self, paths: list[str]) -> None:
        self.set("files/recent", paths)
