"""Desktop integration on freedesktop systems (Linux, BSD): a menu entry and its icons, for the current user.

``timeline-gui desktop install`` writes, under $XDG_DATA_HOME (~/.local/share by default):

- ``applications/timeline-gui.desktop``, from the packaged template, its Exec line naming this
  installation's launcher by absolute path (so it works without a terminal's PATH);
- ``icons/hicolor/scalable/apps/timeline-gui.svg`` and ``icons/hicolor/<N>x<N>/apps/timeline-gui.png``;
- ``mime/packages/timeline-gui.xml``, the type of the app's bulletins files, so that a file manager offers the
  app under "Open With" (the entry's Exec line takes the file as ``%f``).

``timeline-gui desktop uninstall`` removes exactly those files. No Qt here: it runs from the command line.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from timeline_gui import APP_DISPLAY_NAME, APP_NAME, ICON_SIZES, i18n
from timeline_gui.arguments import ArgumentParser
from timeline_gui.files import write_atomically
from timeline_gui.i18n import _

APP_ID = APP_NAME  # the .desktop file's name, the icon's name, Qt's desktopFileName and WM_CLASS
# Characters that force an Exec argument into double quotes (Desktop Entry spec, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


class DesktopError(Exception):
    """A file could not be written or removed; the message names it."""


def data_home() -> Path:
    """$XDG_DATA_HOME when it is an absolute path (the spec ignores relative ones), else ~/.local/share."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and os.path.isabs(value) else Path.home() / ".local" / "share"


def launcher() -> list[str]:
    """The command that starts this installation of the app, by absolute paths."""
    if getattr(sys, "frozen", False):  # a PyInstaller bundle: the executable is the app
        return [str(Path(sys.executable).resolve())]
    # absolute() and not resolve(): a venv's python is a symlink to a base interpreter without the package.
    python = str(Path(sys.executable).absolute())
    # -P (3.11+): menus start apps in the home folder, whose files must not shadow modules (-m puts cwd first).
    return [python, "-P", "-m", "timeline_gui"] if sys.version_info >= (3, 11) else [python, "-m", "timeline_gui"]


def exec_value(argv: list[str]) -> str:
    """``argv`` as an Exec value: quoted as the spec asks, % doubled, backslashes escaped for the file."""

    def quote(argument: str) -> str:
        argument = argument.replace("%", "%%")
        if any(char in _RESERVED for char in argument):
            escaped = "".join("\\" + char if char in '"`$\\' else char for char in argument)
            argument = f'"{escaped}"'
        return argument

    return " ".join(quote(argument) for argument in argv).replace("\\", "\\\\")


def desktop_entry(command: list[str]) -> str:
    """The packaged template with its TryExec and Exec lines pointing at ``command`` (a file to open after it, %f),
    and its Name the product's name in each language of the catalogs."""
    template = _resource("timeline-gui.desktop").read_text(encoding="utf-8")
    lines = []
    for line in template.splitlines():
        if line.startswith("TryExec="):
            lines.append("TryExec=" + command[0].replace("\\", "\\\\"))
        elif line.startswith("Exec="):
            lines.append("Exec=" + exec_value(command) + " %f")
        elif line.startswith("Name="):
            lines.append("Name=" + APP_DISPLAY_NAME)
        elif line.startswith("Name["):
            language = line[len("Name[") : line.index("]")]
            lines.append(f"Name[{language}]=" + i18n.translation(APP_DISPLAY_NAME, language))
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def planned_files(home: Path) -> list[Path]:
    """Every file ``install`` writes under ``home``, the desktop entry first."""
    hicolor = home / "icons" / "hicolor"
    return [
        home / "applications" / f"{APP_ID}.desktop",
        home / "mime" / "packages" / f"{APP_ID}.xml",
        hicolor / "scalable" / "apps" / f"{APP_ID}.svg",
        *(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png" for size in ICON_SIZES),
    ]


def _contents(command: list[str]) -> list[bytes]:
    """What goes into each of ``planned_files``, in the same order."""
    icons = _resource("icons")
    return [
        desktop_entry(command).encode("utf-8"),
        _resource(f"{APP_ID}-mime.xml").read_bytes(),
        (icons / f"{APP_ID}.svg").read_bytes(),
        *((icons / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").read_bytes() for size in ICON_SIZES),
    ]


def install(home: Path | None = None, command: list[str] | None = None) -> list[Path]:
    """Writes the entry and the icons, each whole or not at all; on failure removes what this call created."""
    home = home or data_home()
    targets = planned_files(home)
    try:
        contents = _contents(command or launcher())
    except OSError as error:  # the installation itself is damaged: nothing was written
        raise DesktopError(
            _("Cannot read {path} from the installed app: {reason}").format(
                path=error.filename or "timeline_gui/resources", reason=error.strerror or error
            )
        ) from error
    created: list[Path] = []
    try:
        for target, data in zip(targets, contents, strict=True):
            existed = target.exists()
            _write_atomically(target, data)
            if not existed:
                created.append(target)
    except OSError as error:
        for path in created:
            path.unlink(missing_ok=True)
        raise DesktopError(
            _("Cannot write {path}: {reason}").format(path=error.filename or home, reason=error.strerror or error)
        ) from error
    _refresh_caches(home)
    return targets


def uninstall(home: Path | None = None) -> list[Path]:
    """Removes the files ``install`` writes; returns those that were there."""
    home = home or data_home()
    removed = []
    for target in planned_files(home):
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise DesktopError(
                _("Cannot remove {path}: {reason}").format(path=target, reason=error.strerror or error)
            ) from error
        removed.append(target)
    if removed:
        _refresh_caches(home)
    return removed


def _resource(name: str):
    from importlib import resources

    return resources.files("timeline_gui.resources") / name


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, data, mode=0o644)


def _refresh_caches(home: Path) -> None:
    """Refreshes the caches of menus and icon themes that are already there; each tool is optional.

    Menus watch the folders themselves, so a cache missing is not created: that would leave files
    behind after ``uninstall``, and an icon cache nobody refreshes hides icons other apps add later.
    """
    _refresh_mime_database(home / "mime")
    applications = home / "applications"
    if (applications / "mimeinfo.cache").exists():
        _run_quietly(["update-desktop-database", "-q", str(applications)])
    hicolor = home / "icons" / "hicolor"
    if hicolor.is_dir():
        os.utime(hicolor)  # a folder newer than its cache makes GTK look again
        if (hicolor / "icon-theme.cache").exists():
            _run_quietly(["gtk-update-icon-cache", "-q", "-f", "-t", str(hicolor)])


def _refresh_mime_database(mime: Path) -> None:
    """A type is known only once the database is rebuilt from its packages; with none left (the last one was
    ours), the folder holds only what update-mime-database generated, and goes."""
    packages = mime / "packages"
    if packages.is_dir() and any(packages.iterdir()):
        _run_quietly(["update-mime-database", str(mime)])
    elif packages.is_dir():
        shutil.rmtree(mime, ignore_errors=True)


def _run_quietly(argv: list[str]) -> None:
    if shutil.which(argv[0]) is None:
        return
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )


def _parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="timeline-gui desktop",
        description=_("Add the app to your desktop's application menu, with its icon, or remove it again."),
    )
    parser.add_argument("action", choices=("install", "uninstall"), help=_("install or uninstall"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of the messages (en or fr)"))
    return parser


def desktop_command(argv: list[str], apply_language: Callable[[str | None], None] | None = None) -> int:
    """``timeline-gui desktop install|uninstall``: 0 done, 1 failed, 2 wrong usage (argparse exits 2)."""
    args = _parser().parse_args(argv)
    if apply_language is not None:
        apply_language(args.lang)
    if sys.platform in ("win32", "cygwin", "darwin"):
        print(
            _(
                "The desktop entry is for Linux and other freedesktop systems; "
                "on Windows and macOS, use the standalone app (see the README)."
            ),
            file=sys.stderr,
        )
        return 1
    home = data_home()
    try:
        if args.action == "install":
            written = install(home)
            print(_("Installed the menu entry {path}").format(path=written[0]))
            icons = len(written) - 1
            print(
                i18n.ngettext(
                    "Installed {count} icon under {folder}", "Installed {count} icons under {folder}", icons
                ).format(count=icons, folder=home / "icons" / "hicolor")
            )
        else:
            removed = uninstall(home)
            if not removed:
                print(_("Nothing to remove: the menu entry is not installed under {folder}").format(folder=home))
            for path in removed:
                print(_("Removed {path}").format(path=path))
    except DesktopError as error:
        print(error, file=sys.stderr)
        return 1
    return 0
