"""The user's folders for this app, from platformdirs: cache, data (the crash log), config (settings), state.

Each is the platform's folder for the organization, then the application's own (both "timeline-gui"), which
on Linux is where Qt's QStandardPaths put them before: ``~/.cache/timeline-gui/timeline-gui``,
``~/.local/share/timeline-gui/timeline-gui``, ``~/.config/timeline-gui/timeline-gui.ini``, each following
its absolute ``$XDG_*_HOME``. Nothing is created here: whoever writes a file makes its folder.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import PlatformDirs

from timeline_gui import APP_NAME, ORGANIZATION


def _organization() -> PlatformDirs:
    # Made at each call: platformdirs reads the environment then, so XDG_* set later (tests) are followed.
    return PlatformDirs(appname=ORGANIZATION, appauthor=False)


def cache_dir() -> Path:
    """What can be rebuilt at any time: ``~/.cache/timeline-gui/timeline-gui`` on Linux."""
    return Path(_organization().user_cache_dir) / APP_NAME


def bulletins_cache_dir() -> Path:
    """The cache of loaded bulletins files (storage/cache.py)."""
    return cache_dir() / "bulletins"


def data_dir() -> Path:
    """The app's own files, such as the crash log: ``~/.local/share/timeline-gui/timeline-gui`` on Linux."""
    return Path(_organization().user_data_dir) / APP_NAME


def config_dir() -> Path:
    """The folder of the settings file: ``~/.config/timeline-gui`` on Linux."""
    return Path(_organization().user_config_dir)


def settings_file() -> Path:
    """The settings (INI): ``~/.config/timeline-gui/timeline-gui.ini`` on Linux."""
    return config_dir() / f"{APP_NAME}.ini"


def state_dir() -> Path:
    """What the app keeps between runs that is neither a setting nor a cache: ``~/.local/state/timeline-gui/
    timeline-gui`` on Linux."""
    return Path(_organization().user_state_dir) / APP_NAME
