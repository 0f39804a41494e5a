"""The command line: open the window, or validate / export without one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timeline_gui import __version__, i18n
from timeline_gui.i18n import _

COMMANDS = ("validate",)


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="timeline-gui", description=_("Browse INTERPOL's cybercrime bulletins on a timeline."))
    parser.add_argument("--data", type=Path, metavar="FILE", help=_("open this bulletins file instead of the packaged one"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of the labels (en or fr)"))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _validate_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="timeline-gui validate", description=_("Check a bulletins file and list every problem."))
    parser.add_argument("file", nargs="?", type=Path, metavar="FILE", help=_("the file to check (the packaged data when omitted)"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of the messages (en or fr)"))
    return parser


def _apply_language(code: str | None) -> None:
    chosen = i18n.normalize_language(code) or i18n.normalize_language(_system_language())
    if chosen:
        i18n.set_language(chosen)


def _system_language() -> str | None:
    import locale
    import os

    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(variable):
            return os.environ[variable]
    return locale.getlocale()[0]


def validate_command(argv: list[str]) -> int:
    args = _validate_parser().parse_args(argv)
    _apply_language(args.lang)
    from timeline_gui.domain.loader import load_timeline

    from timeline_gui.domain.errors import DataLoadError

    name = str(args.file) if args.file else _("packaged data")
    try:
        timeline = load_timeline(args.file)
    except DataLoadError as error:
        for problem in error.errors:
            print(problem)
        print(i18n.ngettext("{name}: {count} problem", "{name}: {count} problems", len(error.errors)).format(name=name, count=len(error.errors)), file=sys.stderr)
        return 1
    print(i18n.ngettext("{name}: valid, {count} bulletin", "{name}: valid, {count} bulletins", len(timeline)).format(name=name, count=i18n.format_number(len(timeline))))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "validate":
            return validate_command(argv[1:])
        if argv and argv[0] == "desktop":
            from timeline_gui.desktop import desktop_command

            return desktop_command(argv[1:], _apply_language)
        args = _gui_parser().parse_args(argv)
    except SystemExit as exit_:  # argparse: 0 for --help, 2 for wrong usage
        return int(exit_.code or 0)
    from timeline_gui.ui.app import run

    return run(args.data, args.lang)
