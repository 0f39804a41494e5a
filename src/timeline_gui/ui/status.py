"""The status bar shows one message at a time; the newest wins.

A passing message (``showMessage``: "3 bulletins copied", "Exported …") covers the lasting notices (a file
changed on disk, a file opening) for its few seconds, and QStatusBar brings them back when it ends. A notice
that appears meanwhile ends the passing message instead of being drawn over it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QStatusBar, QWidget


def show_notice(widget: QWidget) -> None:
    """Shows ``widget``, a lasting notice added to a status bar, in place of any passing message."""
    bar = widget.parentWidget()
    while bar is not None and not isinstance(bar, QStatusBar):
        bar = bar.parentWidget()
    if bar is not None:
        bar.clearMessage()
    widget.show()
