"""Data errors that name the file, line, column and field of each problem."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timeline_gui.i18n import N_, _

# Characters that data must not hold (C0 controls but tab and line feed, DEL, C1 controls).
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Characters a message shows escaped: every control, and those that break a line or reorder the text
# around them, so that nothing quoted from a file can move a terminal's cursor or disguise a message.
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with its controls written as escapes (``\\x1b``, ``\\n``, ``\\u202e``)."""
    return _UNSHOWABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


class Term(str):
    """A word inside a message (a type name, say) that is itself translated when shown."""


@dataclass(frozen=True)
class DataError:
    """One problem in a data file. ``line`` and ``column`` count from 1; 0 when unknown.

    The message is kept as its catalog id and arguments, so it reads in whatever
    language is active when it is shown.
    """

    path: str
    line: int
    column: int
    field: str
    msgid: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)  # not `field`: a field has that name

    @property
    def message(self) -> str:
        params = {key: _(value) if isinstance(value, Term) else value for key, value in self.params.items()}
        return printable(_(self.msgid).format(**params))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        if self.field:
            text = _("{where}: {field}: {message}").format(where=where, field=self.field, message=self.message)
        else:
            text = _("{where}: {message}").format(where=where, message=self.message)
        return printable(text)


class DataLoadError(Exception):
    """A data file could not be loaded; ``errors`` lists every problem found."""

    def __init__(self, errors: list[DataError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


class LoadCancelled(Exception):
    """The load was cancelled (``should_cancel`` returned True); nothing was loaded."""


def file_error(path: Path | str, msgid: str, **params: Any) -> DataLoadError:
    """A whole-file problem (unreadable, too large, not UTF-8...)."""
    return DataLoadError([DataError(str(path), 0, 0, "", msgid, params)])


# Messages used by several modules, kept in one place so the catalog has one entry each.
MSG_MISSING = N_("required field is missing")
MSG_WRONG_TYPE = N_("expected {expected}, found {found}")
