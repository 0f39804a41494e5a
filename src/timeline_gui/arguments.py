"""Command-line parsers whose own words (usage, section titles, --help, errors) read in the active language.

argparse words these through gettext's process-wide domain, so translating them there would change every
parser in the process, ours or not. ``ArgumentParser`` translates only its own: it sets its section titles
and --help text itself, passes a translated prefix to the usage line, and rewords each error argparse
composed in English by matching it against argparse's message templates below, whose translations are
in the catalog.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from functools import cache
from typing import Any, NoReturn

from timeline_gui import i18n
from timeline_gui.i18n import N_, _


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular/plural pair for extraction (keyword of scripts/catalog.py); translated when shown."""
    return singular, plural


# argparse's messages a user can meet, as its source writes them ("conflicting option string" and the
# like are programming errors). The usage prefix, titles and --help text are used as they are; the
# others are patterns that errors are recognised by.
USAGE_PREFIX = N_("usage: ")
POSITIONALS_TITLE = N_("positional arguments")
OPTIONALS_TITLE = N_("options")
HELP_TEXT = N_("show this help message and exit")
ERROR_LINE = N_("%(prog)s: error: %(message)s\n")
ERROR_MESSAGES = (
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
)
ERROR_PLURALS = (N_plural("expected %s argument", "expected %s arguments"),)

_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?([sr])")


class _Pattern:
    """One of argparse's message templates as a regular expression over the English text it produces."""

    def __init__(self, template: str, plural: str | None = None):
        self.template, self.plural = template, plural
        self.names = [match.group(1) or f"_{number}" for number, match in enumerate(_PLACEHOLDER.finditer(template))]
        self.named = any(match.group(1) for match in _PLACEHOLDER.finditer(template))
        # A plural message matches in either form: 'expected 1 argument', 'expected 2 arguments'.
        forms = (template, plural) if plural else (template,)
        self.regexes = [re.compile(self._english(form, counted=plural is not None), re.DOTALL) for form in forms]

    @staticmethod
    def _english(template: str, counted: bool) -> str:
        pieces, position = [], 0
        for number, match in enumerate(_PLACEHOLDER.finditer(template)):
            name = match.group(1) or f"_{number}"
            pieces += [
                re.escape(template[position : match.start()]),
                rf"(?P<{name}>\d+)" if counted else f"(?P<{name}>.+?)",
            ]
            position = match.end()
        return "".join(pieces) + re.escape(template[position:])

    def reword(self, message: str) -> str | None:
        """``message`` in the active language, or None when it is not this template's."""
        match = next(filter(None, (regex.fullmatch(message) for regex in self.regexes)), None)
        if match is None:
            return None
        values = {name: value for name, value in match.groupdict().items() if value is not None}
        if self.plural:
            count = int(next(iter(values.values())))
            return i18n.ngettext(self.template, self.plural, count) % count
        # The values are argparse's text already (quoted where it used %r): put back as they are.
        translated = _PLACEHOLDER.sub(
            lambda found: f"%({found.group(1)})s" if found.group(1) else "%s", _(self.template)
        )
        if "message" in values:
            values["message"] = translate_error(values["message"])
        if self.named:
            return translated % values
        return translated % tuple(values[name] for name in self.names)


@cache
def _patterns() -> tuple[_Pattern, ...]:
    patterns = [_Pattern(template) for template in ERROR_MESSAGES]
    patterns += [_Pattern(singular, plural) for singular, plural in ERROR_PLURALS]
    # A fixed message before a template it could also match ('expected one argument', 'expected %s argument').
    return tuple(sorted(patterns, key=lambda pattern: bool(pattern.names)))


def translate_error(message: str) -> str:
    """An error argparse worded in English, in the active language; any other message as it is."""
    for pattern in _patterns():
        reworded = pattern.reword(message)
        if reworded is not None:
            return reworded
    return message


class _HelpFormatter(argparse.HelpFormatter):
    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, _(USAGE_PREFIX) if prefix is None else prefix)


class ArgumentParser(argparse.ArgumentParser):
    """An ``argparse.ArgumentParser`` worded in the language active when it is made (its errors: when raised)."""

    def __init__(self, *, add_help: bool = True, **kwargs: Any):
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(add_help=False, **kwargs)
        self._positionals.title = _(POSITIONALS_TITLE)
        self._optionals.title = _(OPTIONALS_TITLE)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=_(HELP_TEXT))

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, _(ERROR_LINE) % {"prog": self.prog, "message": translate_error(message)})
