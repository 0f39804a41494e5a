"""Folders the app uses, from Qt's standard locations."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths

from timeline_gui.domain.cache import default_cache_dir


def bulletins_cache_dir() -> Path:
    """Where loaded bulletins files are cached (see domain/cache.py): in the app's cache location."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return Path(location) / "bulletins" if location else default_cache_dir()
