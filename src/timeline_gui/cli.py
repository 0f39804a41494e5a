"""The command line: open the window, or validate / export without one."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from timeline_gui import __version__, i18n
from timeline_gui.arguments import ArgumentParser
from timeline_gui.i18n import _


def _gui_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="timeline-gui",
        description=_("Browse INTERPOL's cybercrime bulletins on a timeline."),
        epilog=_(
            "Other commands: validate [FILE], export OUT.pdf, import LISTING.txt --into FILE, "
            "desktop install|uninstall. "
            "Add --help after a command for its options."
        ),
    )
    parser.add_argument(
        "file",
        nargs="?",
        type=Path,
        metavar="FILE",
        help=_("the bulletins file to open (the one open last time, or the packaged data, when omitted)"),
    )
    parser.add_argument("--data", type=Path, metavar="FILE", help=_("the same as FILE"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of the labels (en or fr)"))
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}", help=_("show the version and exit")
    )
    return parser


def _validate_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="timeline-gui validate", description=_("Check a bulletins file and list every problem.")
    )
    parser.add_argument(
        "file", nargs="?", type=Path, metavar="FILE", help=_("the file to check (the packaged data when omitted)")
    )
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
    from timeline_gui.domain.errors import DataLoadError, printable
    from timeline_gui.storage.loader import load_timeline

    name = printable(str(args.file)) if args.file else _("packaged data")
    try:
        timeline = load_timeline(args.file)
    except DataLoadError as error:
        for problem in error.errors:
            print(problem)
        print(
            i18n.ngettext("{name}: {count} problem", "{name}: {count} problems", len(error.errors)).format(
                name=name, count=len(error.errors)
            ),
            file=sys.stderr,
        )
        return 1
    print(
        i18n.ngettext("{name}: valid, {count} bulletin", "{name}: valid, {count} bulletins", len(timeline)).format(
            name=name, count=i18n.format_number(len(timeline))
        )
    )
    return 0


def _export_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="timeline-gui export",
        description=_("Export the bulletins of a date range to a PDF, without opening a window."),
    )
    parser.add_argument("output", type=Path, metavar="OUT.pdf", help=_("the PDF file to write (replaced if it exists)"))
    parser.add_argument(
        "--from", dest="start", metavar="DATE", help=_("first day of the range (the first bulletin when omitted)")
    )
    parser.add_argument(
        "--to", dest="end", metavar="DATE", help=_("last day of the range, included (the last bulletin when omitted)")
    )
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of the document and messages (en or fr)"))
    parser.add_argument(
        "--initiative",
        action="append",
        default=[],
        metavar="KEY",
        help=_("keep only bulletins of this initiative (key or name; none: not classified); repeat for several"),
    )
    for option, metavar, help_text in (
        (
            "--crime",
            "KIND",
            _("keep only bulletins of this kind of crime (key or name; none: not classified); repeat for several"),
        ),
        ("--place", "PLACE", _("keep only bulletins about this place or a place within it; repeat for several")),
        ("--partner", "NAME", _("keep only bulletins naming this partner; repeat for several")),
    ):
        parser.add_argument(option, action="append", default=[], metavar=metavar, help=help_text)
    parser.add_argument(
        "--search",
        default="",
        metavar="TEXT",
        help=_('keep only bulletins whose titles hold these words; "quoted words" together, -word excluded'),
    )
    parser.add_argument("--paper", choices=("A4", "Letter"), default="A4", help=_("paper size (A4 when omitted)"))
    parser.add_argument(
        "--data", type=Path, metavar="FILE", help=_("read this bulletins file instead of the packaged one")
    )
    return parser


def export_command(argv: list[str]) -> int:
    parser = _export_parser()
    args = parser.parse_args(argv)
    _apply_language(args.lang)
    import datetime as dt

    from timeline_gui.domain.dates import parse_user_date, reads_two_ways
    from timeline_gui.domain.errors import DataLoadError
    from timeline_gui.storage.loader import load_timeline

    dates: dict[str, dt.date] = {}
    for name, text in (("--from", args.start), ("--to", args.end)):
        if text is not None:
            date = parse_user_date(text, i18n.language(), _system_language())
            if date is None:
                parser.error(_("{option}: cannot read the date “{text}”").format(option=name, text=text))
            dates[name] = date
    # 01/09/2016 is 1 September or 9 January depending on the locale: then say how each date of the range was read.
    if any(reads_two_ways(text) for text in (args.start, args.end) if text is not None):
        for name, date in dates.items():
            print(_("{option}: read as {date}").format(option=name, date=i18n.format_date(date)), file=sys.stderr)
    start, end = dates.get("--from"), dates.get("--to")
    if start and end and start > end:
        parser.error(_("--from {start} is after --to {end}").format(start=start.isoformat(), end=end.isoformat()))
    name = str(args.data) if args.data else _("packaged data")
    try:
        timeline = load_timeline(args.data)
    except DataLoadError as error:
        count = len(error.errors)
        first = str(error.errors[0]) if error.errors else name
        print(
            i18n.ngettext(
                "{first} ({count} problem; timeline-gui validate lists it)",
                "{first} ({count} problems; timeline-gui validate lists them all)",
                count,
            ).format(first=first, count=count),
            file=sys.stderr,
        )
        return 1
    from timeline_gui.domain.facets import CRIME, INITIATIVE, PARTNER, PLACE, find_value, value_label
    from timeline_gui.domain.query import Query, TimelineIndex
    from timeline_gui.export.plan import ExportRequest, build_plan

    index = TimelineIndex(timeline)
    query = Query(args.search)
    for facet, given, message in (
        (INITIATIVE, args.initiative, _("unknown initiative “{key}”; use one of: {keys}")),
        (CRIME, args.crime, _("unknown kind of crime “{key}”; use one of: {keys}")),
        (PLACE, args.place, _("unknown place “{key}”; use one of: {keys}")),
        (PARTNER, args.partner, _("unknown partner “{key}”; use one of: {keys}")),
    ):
        chosen = []
        for text in given:
            key = find_value(index.facets, facet, text)
            if key is None:
                known = ", ".join(value_label(timeline.taxonomy, facet, v.key) for v in index.facets.values(facet))
                parser.error(message.format(key=text, keys=known))
            chosen.append(key)
        query = query.choosing(facet, chosen)
    from timeline_gui.export.pdf import ExportError, export_pdf

    plan = build_plan(timeline, ExportRequest(start, end, query=query), index)
    if not len(plan):
        from timeline_gui.export.pdf import filters_text

        print(
            _("No bulletin matches ({filters}) in this range: nothing written.").format(
                filters=filters_text(plan.request, timeline.taxonomy)
            ),
            file=sys.stderr,
        )
        return 1
    try:
        pages = export_pdf(plan, timeline.taxonomy, args.output, args.paper)
    except ExportError as error:
        print(error, file=sys.stderr)
        return 1
    bulletins = i18n.ngettext("{count} bulletin", "{count} bulletins", len(plan)).format(
        count=i18n.format_number(len(plan))
    )
    pages_text = i18n.ngettext("{count} page", "{count} pages", pages).format(count=i18n.format_number(pages))
    print(_("{path}: {bulletins}, {pages}").format(path=args.output, bulletins=bulletins, pages=pages_text))
    return 0


def desktop_command(argv: list[str]) -> int:
    from timeline_gui.desktop import desktop_command as run_desktop

    return run_desktop(argv, _apply_language)


def import_command(argv: list[str]) -> int:
    from timeline_gui.listing_command import import_command as run_import

    return run_import(argv, _apply_language)


COMMANDS = {
    "validate": validate_command,
    "export": export_command,
    "import": import_command,
    "desktop": desktop_command,
}


def _requested_language(argv: list[str]) -> str | None:
    """The --lang of the command line, read before parsing so that --help and usage errors use it."""
    for number, word in enumerate(argv):
        if word == "--lang" and number + 1 < len(argv):
            return argv[number + 1]
        if word.startswith("--lang="):
            return word.split("=", 1)[1]
    return None


def _tolerant_output() -> None:
    """Whatever the terminal's or pipe's encoding, a character it lacks is written as an escape: nothing
    printed can stop a command (a French message on an ASCII pipe, a bulletin's name on cp1252)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


INTERRUPTED_EXIT = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl+C


def _say_interrupted() -> None:
    print(_("Interrupted."), file=sys.stderr, flush=True)


def _exit_interrupted(_signum: int, _frame: object) -> None:
    """Ctrl+C in a command: its temporary file removed, one line, exit 130, from the handler itself. Raising
    KeyboardInterrupt instead can land inside a Qt call, which turns it into a SystemError with a traceback."""
    import os

    from timeline_gui.files import remove_live_temporaries

    remove_live_temporaries()
    sys.stdout.flush()
    _say_interrupted()
    os._exit(INTERRUPTED_EXIT)


def _run_command(command: Callable[[list[str]], int], argv: list[str]) -> int:
    import signal

    previous = signal.getsignal(signal.SIGINT)
    handle = previous is signal.default_int_handler  # not where Ctrl+C is ignored (a background job)
    if handle:
        signal.signal(signal.SIGINT, _exit_interrupted)
    try:
        return command(argv)
    finally:
        if handle:
            signal.signal(signal.SIGINT, previous)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _tolerant_output()
    try:
        _apply_language(_requested_language(argv))
        # What an earlier run killed midway (kill -9, a power cut) left half-written.
        from timeline_gui.files import remove_stale_temporaries

        remove_stale_temporaries()
        try:
            if argv and argv[0] in COMMANDS:
                return _run_command(COMMANDS[argv[0]], argv[1:])
            parser = _gui_parser()
            args = parser.parse_args(argv)
            if args.file is not None and args.data is not None:
                parser.error(_("give the file once: FILE or --data FILE"))
        except SystemExit as exit_:  # argparse: 0 for --help, 2 for wrong usage
            return int(exit_.code or 0)
        from timeline_gui.ui.app import run

        return run(args.file or args.data, args.lang)
    except KeyboardInterrupt:  # before a command began, or in the window's Python code
        _say_interrupted()
        return INTERRUPTED_EXIT
