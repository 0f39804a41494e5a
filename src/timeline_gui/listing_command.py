"""``timeline-gui import LISTING.txt --into FILE``: news listings added to a bulletins file, without a window.

It prints what it read: each row with its date, detected language, title and suggested tags (with the words
that suggested them), the duplicates it skips and the rejected lines with their numbers. Suggested tags are
only listed unless ``--accept-tags`` is given, so nothing is tagged that the user did not ask for. A listing
with rejected lines writes nothing (exit 1) unless ``--skip-rejected`` says the rows read well are enough.
Exit status: 0 when written or nothing new, 1 on a data problem, 2 on a usage error (as validate and export).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from timeline_gui import i18n
from timeline_gui.arguments import ArgumentParser
from timeline_gui.domain.errors import DataError, DataLoadError
from timeline_gui.i18n import _


def _parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="timeline-gui import",
        description=_(
            "Add the bulletins of a news listing (a date line, then a title line) to a bulletins file. "
            "Suggested tags are listed, and added only with --accept-tags."
        ),
    )
    parser.add_argument("listing", type=Path, metavar="LISTING.txt", help=_("the listing to read (UTF-8 text)"))
    parser.add_argument(
        "--into",
        type=Path,
        required=True,
        metavar="FILE",
        help=_("the bulletins file to add to (made if it does not exist)"),
    )
    parser.add_argument("--accept-tags", action="store_true", help=_("add every suggested tag to the new bulletins"))
    parser.add_argument(
        "--title-lang",
        choices=i18n.LANGUAGES,
        help=_("the language of every title, instead of the language detected for each"),
    )
    parser.add_argument(
        "--skip-rejected", action="store_true", help=_("add the rows read even when some lines were rejected")
    )
    parser.add_argument("--dry-run", action="store_true", help=_("print what would be added; write nothing"))
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of the messages (en or fr)"))
    return parser


def _problems(errors: list[DataError]) -> None:
    """Each problem with its file and line: nothing was written."""
    for problem in errors:
        print(problem, file=sys.stderr)
    print(_("Nothing written."), file=sys.stderr)


def _failed(error: DataLoadError | OSError, target: str) -> int:
    """Says why reading or writing stopped (the file's problems, or the system's reason for ``target``): exit 1."""
    if isinstance(error, OSError):
        print(f"{target}: {error.strerror or error}", file=sys.stderr)
    else:
        _problems(error.errors)
    return 1


def import_command(argv: list[str], apply_language: Callable[[str | None], None]) -> int:
    args = _parser().parse_args(argv)
    apply_language(args.lang)
    from timeline_gui.domain.errors import printable
    from timeline_gui.domain.tag_suggestions import TagRules
    from timeline_gui.storage.listing import read_listing, read_listing_file, suggest_tags
    from timeline_gui.storage.listing_writer import existing_bulletins, import_rows
    from timeline_gui.storage.loader import load_taxonomy

    taxonomy = load_taxonomy()
    target = printable(str(args.into))
    try:
        _text, existing = existing_bulletins(args.into, taxonomy)
        listing = read_listing(read_listing_file(args.listing), taxonomy, existing, source=printable(str(args.listing)))
    except (DataLoadError, OSError) as error:
        return _failed(error, target)
    if args.title_lang:
        for row in listing.rows:
            row.language, row.certain = args.title_lang, True
        suggest_tags(listing, TagRules(taxonomy))
    for row in listing.rows:
        language = i18n.language_name(row.language, capitalized=False)
        if not row.certain:
            language = _("{language}?").format(language=language)
        line = _("line {line}: {date} [{language}] {title}").format(
            line=row.line, date=i18n.format_date(row.date), language=language, title=printable(row.title)
        )
        if row.duplicate_of:
            line += "  " + _("(already in the file as {id}: skipped)").format(id=row.duplicate_of)
        elif row.repeats_line:
            line += "  " + _("(repeats line {line}: skipped)").format(line=row.repeats_line)
        print(line)
        for suggestion in row.suggestions:
            print(
                "    "
                + _("suggested tag: {label} (from: {words})").format(
                    label=taxonomy.label(suggestion.key, i18n.language()), words=", ".join(suggestion.words)
                )
            )
        if args.accept_tags:
            row.accept_all()
    for reject in listing.rejects:
        print(reject, file=sys.stderr)
    new = listing.new_rows()
    counts = (
        (i18n.ngettext("{count} row read", "{count} rows read", len(listing.rows)), len(listing.rows)),
        (i18n.ngettext("{count} new", "{count} new", len(new)), len(new)),
        (
            i18n.ngettext("{count} duplicate skipped", "{count} duplicates skipped", len(listing.rows) - len(new)),
            len(listing.rows) - len(new),
        ),
        (i18n.ngettext("{count} line rejected", "{count} lines rejected", len(listing.rejects)), len(listing.rejects)),
    )
    summary = ", ".join(template.format(count=count) for template, count in counts)
    print(summary, file=sys.stderr)
    if not listing.rows and not listing.rejects:
        print(_("{name}: no bulletin in the listing").format(name=printable(str(args.listing))), file=sys.stderr)
        return 1
    if listing.rejects and not args.skip_rejected:
        print(
            _("Nothing written: correct the rejected lines, or add --skip-rejected to import the rows read."),
            file=sys.stderr,
        )
        return 1
    if args.dry_run or not new:
        return 0
    try:
        result = import_rows(args.into, new, taxonomy)
    except (DataLoadError, OSError) as error:
        return _failed(error, target)
    print(
        i18n.ngettext(
            "{path}: {count} bulletin added, {total} in all",
            "{path}: {count} bulletins added, {total} in all",
            len(result.added),
        ).format(path=target, count=len(result.added), total=result.total)
    )
    return 0
