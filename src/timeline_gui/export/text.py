"""Bulletins as plain text, for the clipboard: one line each, date and title in the reader's language. No Qt.

A tab separates the date from the title, so that a paste into a spreadsheet gives two columns and a
paste into a message reads as a list.
"""

from __future__ import annotations

from collections.abc import Iterable

from timeline_gui import i18n
from timeline_gui.domain.model import Bulletin
from timeline_gui.i18n import _


def shown_title(bulletin: Bulletin, language: str | None = None) -> str:
    """The title a reader of ``language`` sees: the translation, or the original marked as not translated."""
    language = language or i18n.language()
    if bulletin.is_translated(language):
        return bulletin.title(language)
    return _("{title} (not translated)").format(title=bulletin.title(language))


def bulletin_line(bulletin: Bulletin, language: str | None = None) -> str:
    """'1 August 2016<TAB>Ringleader of global network … arrested in Nigeria'."""
    language = language or i18n.language()
    return f"{i18n.format_date(bulletin.date, language)}\t{shown_title(bulletin, language)}"


def bulletins_text(bulletins: Iterable[Bulletin], language: str | None = None) -> str:
    """One line a bulletin, in the order given (the timeline's, as on screen)."""
    return "\n".join(bulletin_line(bulletin, language) for bulletin in bulletins)
