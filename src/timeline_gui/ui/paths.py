"""Folders the app uses, from Qt's standard locations."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths


def bulletins_cache_dir() -> Path:
    """Where loaded bulletins files are cached (see storage/cache.py): in the app's cache location."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    if location:
        return Path(location) / "bulletins"
    from timeline_gui.storage.cache import default_cache_dir  # hashlib, json: not needed to open the window

    return default_cache_dir()
