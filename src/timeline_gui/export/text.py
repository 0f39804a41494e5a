"""Bulletins as plain text, for the clipboard: one line each, date and title in the reader's language. No Qt.

A tab separates the date from the title, so that a paste into a spreadsheet gives two columns and a
paste into a message reads as a list.
"""

from __future__ import annotations

from collections.abc import Iterable

from timeline_gui import i18n
from timeline_gui.domain.model import Bulletin


def bulletin_line(bulletin: Bulletin, language: str | None = None) -> str:
    """'1 August 2016<TAB>Ringleader of global network … arrested in Nigeria'."""
    language = language or i18n.language()
    return f"{i18n.format_date(bulletin.date, language)}\t{bulletin.title(language)}"


def bulletins_text(bulletins: Iterable[Bulletin], language: str | None = None) -> str:
    """One line a bulletin, in the order given (the timeline's, as on screen)."""
    return "\n".join(bulletin_line(bulletin, language) for bulletin in bulletins)
