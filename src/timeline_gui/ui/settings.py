"""Remembered settings: window layout, order, last bulletin, language, recent files (QSettings, INI format).

The app writes only plain values: text, numbers, booleans, lists of text, and window layouts as base64 text.
Qt's INI reader, however, turns a value written ``@Variant(…)`` into an object through its binary stream
format, where a crafted value can abort the process (a huge length) or overflow the stack (lists nested
thousands deep) before any Python code sees it. So the file is screened before Qt opens it, by the rules
Qt splits and unescapes it with: a file over MAX_FILE_BYTES, a value over MAX_VALUE_BYTES, or a value Qt
would read as a type the app does not write is set aside (copied to ``<name>.bak``, the reason logged),
and the app starts with its defaults.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import math
import os
import re
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from timeline_gui import APP_NAME, ORGANIZATION, i18n
from timeline_gui.domain.query import Query
from timeline_gui.files import replacing, write_atomically
from timeline_gui.user_folders import settings_file

log = logging.getLogger(__name__)
T = TypeVar("T")
SETTINGS_VERSION = 1
MAX_RECENT_FILES = 8
MAX_FILE_BYTES = 256 * 1024  # the app writes a few kilobytes: 8 recent paths and three window layouts
MAX_VALUE_BYTES = 64 * 1024
# Values Qt reads as a type of its own that parse without its binary stream: older versions wrote window
# layouts as @ByteArray, Qt writes text holding a NUL as @String and an empty list as @Invalid(). A leading
# "@@" stands for a literal "@".
_PLAIN_TYPED = re.compile(r"@(ByteArray|String)\(.*\)|@Invalid\(\)|@@.*", re.DOTALL)
_INI_SPECIAL = re.compile(rb'[\n\r";=\\]')
_INI_SPACE = b" \t\n\r"
_INI_ESCAPES = {ord(code): value for code, value in zip("abfnrtv\"?'\\", "\a\b\f\n\r\t\v\"?'\\", strict=True)}
_OCTAL, _HEX = frozenset(b"01234567"), frozenset(b"0123456789abcdefABCDEF")
_TEXT_RUN_END = re.compile(rb'[\\",]')
_KEPT, _EMPTIED, _REFUSED = "kept", "emptied", "refused"


def _open(path: Path) -> QSettings:
    """The user's settings file alone (a QSettings on a file path reads no organization-wide or system file)."""
    return QSettings(str(path), QSettings.Format.IniFormat)


def _ini_lines(data: bytes) -> Iterator[tuple[bytes, int]]:
    """The logical lines of an INI file as Qt splits them (quotes and backslashes may span line ends; ';'
    starts a comment), each with the position of its first unquoted '=' (-1 when it has none)."""
    size = len(data)
    position = 0
    while True:
        start = position
        while start < size and data[start] in _INI_SPACE:
            start += 1
        index, in_quotes, equals = start, False, -1
        while index < size:
            match = _INI_SPECIAL.search(data, index)
            if match is None:
                index = size
                break
            character = data[match.start()]
            index = match.start() + 1
            if character == ord("="):
                if not in_quotes and equals < 0:
                    equals = index - 1
            elif character in b"\n\r":
                if index == start + 1:
                    start += 1
                elif not in_quotes:
                    index -= 1
                    break
            elif character == ord("\\"):
                if index < size:
                    escaped = data[index]
                    index += 1
                    if index < size and {escaped, data[index]} == {ord("\n"), ord("\r")}:
                        index += 1
            elif character == ord('"'):
                in_quotes = not in_quotes
            elif index == start + 1:  # ';' at the start: a comment line
                while index < size and data[index] not in b"\n\r":
                    index += 1
                while index < size and data[index] in _INI_SPACE:
                    index += 1
                start = index
            elif not in_quotes:
                index -= 1
                break
        position = index
        if index <= start:
            return
        yield data[start:index], (equals - start if equals >= 0 else -1)


def _ini_items(raw: bytes) -> list[str]:
    """The text Qt's INI reader makes of a value: one string, or a list's items (unquoted commas split it).

    Escapes (\\n, \\x40, \\100, ...) and quotes are undone as Qt does, so that a value that only becomes
    "@Variant(" once unescaped is seen too. Trailing spaces are kept (Qt drops some): only how an item starts
    matters here.
    """
    items: list[str] = []
    current: list[str] = []
    size = len(raw)
    in_quotes = False

    def skip_spaces(at: int) -> int:
        while at < size and raw[at] in b" \t":
            at += 1
        return at

    index = skip_spaces(0)
    while index < size:
        character = raw[index]
        if character == ord("\\"):
            if index + 1 >= size:
                break
            escaped = raw[index + 1]
            index += 2
            if escaped in _INI_ESCAPES:
                current.append(_INI_ESCAPES[escaped])
            elif escaped in _OCTAL or (escaped == ord("x") and index < size and raw[index] in _HEX):
                digits, base = (_OCTAL, 8) if escaped in _OCTAL else (_HEX, 16)
                value = int(chr(escaped)) if base == 8 else 0  # noqa: PLR2004
                while index < size and raw[index] in digits:
                    value = (value * base + int(chr(raw[index]), base)) & 0xFFFF  # a 16-bit character, as Qt's
                    index += 1
                current.append(chr(value))
            # any other escaped character is dropped, as Qt does
        elif character == ord('"'):
            index += 1
            in_quotes = not in_quotes
            if not in_quotes:
                index = skip_spaces(index)
        elif character == ord(",") and not in_quotes:
            items.append("".join(current))
            current.clear()
            index = skip_spaces(index + 1)
        else:
            match = _TEXT_RUN_END.search(raw, index + 1)
            end = match.start() if match else size
            current.append(raw[index:end].decode("utf-8", "replace"))
            index = end
    items.append("".join(current))
    return items


def _short(text: str | bytes, limit: int = 60) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return repr(text if len(text) <= limit else text[:limit] + "…")


def unsafe_reason(data: bytes) -> str | None:
    """Why Qt's INI reader must not be given ``data`` (None when it may): the file or a value is too long, or
    a value would be read as a type the app never writes (``@Variant(…)``, ``@DateTime(…)``, ``@Rect(…)``, ...).
    """
    if len(data) > MAX_FILE_BYTES:
        return f"are larger than the limit of {MAX_FILE_BYTES} bytes"
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for line, equals in _ini_lines(data):
        if equals < 0 or line.startswith(b"["):
            continue
        key, raw = line[:equals].strip(), line[equals + 1 :]
        if len(raw) > MAX_VALUE_BYTES:
            return f"hold a value of {len(raw)} bytes for {_short(key)}, over the limit of {MAX_VALUE_BYTES}"
        if b"@" not in raw and b"\\" not in raw:
            continue  # nothing in it can become an "@" once unescaped
        for item in _ini_items(raw):
            if item.startswith("@") and not _PLAIN_TYPED.fullmatch(item):
                return f"hold a value of a type the app does not write for {_short(key)}: {_short(item)}"
    return None


def _settings_path() -> Path:
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
    return path


class Settings:
    """Typed access to QSettings; a value of the wrong type is ignored and logged, never trusted."""

    def __init__(self) -> None:
        # The file is screened before Qt reads any of it. A refused file that could not be emptied is not read
        # at all: this session's settings are then not kept.
        path = _settings_path()
        screened = self._screen(str(path))
        self._qs = _open(path) if screened is not _REFUSED else QSettings(os.devnull, QSettings.Format.IniFormat)
        version = self._qs.value("version")
        if self._qs.status() != QSettings.Status.NoError or (version is None and self._qs.allKeys()):
            reason = "cannot be read" if self._qs.status() == QSettings.Status.AccessError else "are corrupt"
            log.warning("settings %s %s (%s); using defaults", self._qs.fileName(), reason, self._qs.status().name)
            self._set_aside(self._qs.fileName())
            self._qs.clear()
            version = None
        if version is not None and str(version) != str(SETTINGS_VERSION):
            log.warning(
                "settings %s were written by another version (%r); using defaults", self._qs.fileName(), version
            )
            self._set_aside(self._qs.fileName())
            self._qs.clear()
        self._qs.setValue("version", SETTINGS_VERSION)

    @classmethod
    def _screen(cls, path: str) -> str:
        """Sets the file at ``path`` aside, leaving an empty one, when Qt must not read it (unsafe_reason).

        _KEPT when the file may be read as it is, _EMPTIED when it was set aside, _REFUSED when it could not be emptied.
        """
        try:
            status = os.stat(path)
        except OSError:
            return _KEPT  # no settings yet (or none that can be read: QSettings says so)
        reason: str | None
        if not stat.S_ISREG(status.st_mode):
            reason = "are not a regular file"
        elif status.st_size > MAX_FILE_BYTES:
            reason = f"are larger than the limit of {MAX_FILE_BYTES} bytes"
        else:
            try:
                with open(path, "rb") as stream:
                    reason = unsafe_reason(stream.read(MAX_FILE_BYTES + 1))
            except OSError:
                return _KEPT
        if reason is None:
            return _KEPT
        log.warning("settings %s %s; using defaults", path, reason)
        if stat.S_ISREG(status.st_mode):
            cls._set_aside(path)
        try:
            write_atomically(path, b"", mode=0o600)  # what Qt reads from now on
        except OSError as error:
            log.warning("could not empty settings %s: %s; they are not kept this time", path, error)
            return _REFUSED
        return _EMPTIED

    @staticmethod
    def _set_aside(source: str) -> None:
        """Copies the settings file to ``<name>.bak`` before it is cleared: whole or not at all, best effort, logged."""
        backup = source + ".bak"
        try:
            with open(source, "rb") as stream, replacing(backup, mode=0o600) as copy:
                shutil.copyfileobj(stream, copy)
        except OSError as error:
            log.warning("could not set settings %s aside as %s: %s", source, backup, error)
            return
        log.warning("settings %s set aside as %s", source, backup)

    @property
    def path(self) -> str:
        return self._qs.fileName()

    def _value(self, key: str) -> Any:
        """The raw value of ``key``; None (and the key dropped, the reason logged) when it cannot be converted."""
        try:
            return self._qs.value(key)
        except Exception as error:  # noqa: BLE001 - a value nested too deep, or too big, must not stop the start
            log.warning("ignoring setting %s in %s: %s", key, self._qs.fileName(), type(error).__name__)
            self._qs.remove(key)
            return None

    def _get(self, key: str, kind: type[T], default: T) -> T:
        value = self._value(key)
        if value is None:
            return default
        if kind is bool and isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"  # type: ignore[return-value]
        if isinstance(value, kind):
            return value
        self._ignore(key, value, kind.__name__)
        return default

    def _ignore(self, key: str, value: Any, expected: str) -> None:
        shown = repr(value)
        shown = shown if len(shown) <= 80 else shown[:80] + "…"  # noqa: PLR2004
        log.warning("ignoring setting %s=%s in %s: expected %s", key, shown, self._qs.fileName(), expected)
        self._qs.remove(key)

    def bytes(self, key: str) -> QByteArray | None:
        """A window layout: stored as base64 text (older versions wrote @ByteArray, still read)."""
        value = self._value(key)
        if isinstance(value, QByteArray):
            return value if not value.isEmpty() else None
        if isinstance(value, str):
            try:
                decoded = base64.b64decode(value.encode("ascii"), validate=True)
            except (UnicodeEncodeError, binascii.Error):
                pass
            else:
                return QByteArray(decoded) if decoded else None
        if value is not None:
            self._ignore(key, value, "base64 text")
        return None

    def set(self, key: str, value: Any) -> None:
        if isinstance(value, QByteArray):
            value = base64.b64encode(value.data()).decode("ascii")  # plain text, never a Qt type in the file
        self._qs.setValue(key, value)

    def sync(self) -> None:
        if self._screen(self._qs.fileName()) is _REFUSED:  # Qt reads the file again if it changed on disk since
            return
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

    def dialog_size(self, name: str) -> tuple[int, int] | None:
        """The size a dialog was last closed at: "640x300" in the file."""
        value = self._get(f"dialogs/{name}", str, "")
        width, _x, height = value.partition("x")
        if width.isdigit() and height.isdigit() and int(width) > 0 and int(height) > 0:
            return int(width), int(height)
        if value:
            self._ignore(f"dialogs/{name}", value, "WIDTHxHEIGHT")
        return None

    def set_dialog_size(self, name: str, width: int, height: int) -> None:
        self.set(f"dialogs/{name}", f"{width}x{height}")

    @property
    def last_file(self) -> Path | None:
        """The bulletins file on screen when the app last closed; None for the packaged data."""
        value = self._get("files/last", str, "")
        return Path(value) if value else None

    @last_file.setter
    def last_file(self, path: Path | None) -> None:
        self.set("files/last", str(path) if path is not None else "")

    @property
    def filters(self) -> Query:
        """The filters and search of the last session (facets, range, text), as JSON text."""
        text = self._get("timeline/filters", str, "")
        if not text:
            return Query()
        try:
            return Query.from_plain(json.loads(text))
        except ValueError:  # json's errors are ValueErrors too
            self._ignore("timeline/filters", text, "the filters as JSON")
            return Query()

    @filters.setter
    def filters(self, query: Query) -> None:
        self.set("timeline/filters", json.dumps(query.to_plain(), ensure_ascii=False, sort_keys=True))

    @property
    def recent_files(self) -> list[str]:
        """At most MAX_RECENT_FILES paths, however many the file lists."""
        value = self._value("files/recent")
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self._ignore("files/recent", value, "a list of paths")
            return []
        return value[:MAX_RECENT_FILES]

    @recent_files.setter
    def recent_files(self, paths: list[str]) -> None:
        self.set("files/recent", list(paths[:MAX_RECENT_FILES]))

    @property
    def axis_lanes(self) -> str:
        """How the time axis splits its lanes (a name of domain.lanes.LANE_MODES; any other is set aside)."""
        return self._get("axis/lanes", str, "")

    @axis_lanes.setter
    def axis_lanes(self, mode: str) -> None:
        self.set("axis/lanes", mode)

    @property
    def axis_zoom(self) -> float | None:
        """The time axis's pixels per day, written as text; None when absent or not a positive finite number."""
        text = self._get("axis/pixels-per-day", str, "")
        try:
            value = float(text)
        except ValueError:
            return None
        return value if math.isfinite(value) and value > 0 else None

    @axis_zoom.setter
    def axis_zoom(self, pixels_per_day: float) -> None:
        self.set("axis/pixels-per-day", repr(float(pixels_per_day)))
