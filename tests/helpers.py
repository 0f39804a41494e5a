"""What a person sees in the timeline, read off the view's model row by row."""

from __future__ import annotations

from timeline_gui.ui.roles import Role, RowKind


def rows(window) -> list[tuple[int, str]]:
    """(kind, text) of every row of the timeline, top to bottom."""
    model = window.timeline_view.model()
    return [(model.index(row, 0).data(Role.KIND), model.index(row, 0).data()) for row in range(model.rowCount())]


def bulletin_ids(window) -> list[str]:
    model = window.timeline_view.model()
    result = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if index.data(Role.KIND) == RowKind.BULLETIN:
            result.append(index.data(Role.BULLETIN_ID))
    return result


def headings(window) -> list[str]:
    return [text for kind, text in rows(window) if kind in (RowKind.YEAR, RowKind.MONTH)]


def current_id(window) -> str | None:
    index = window.timeline_view.currentIndex()
    return index.data(Role.BULLETIN_ID) if index.isValid() else None
