"""How the views beside the list follow a change of filter: at once when it shows few bulletins, and once typing
pauses when it shows many.

The list answers every key typed in the search field. The time axis and the overview strip redraw what the
filter shows by walking every shown bulletin: a few milliseconds for a few thousand, a hundred for half a
million. For many shown bulletins they wait until no change has come for ``PAUSE_MS``, keeping what they drew
before, so that typing never waits for them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

AT_ONCE = 16_384  # shown bulletins a view follows at once
PAUSE_MS = 60  # beyond, how long no change must come before it follows


class Follower(QObject):
    """Calls ``follow`` for each change of filter: at once, or after a pause in the changes (see the module)."""

    def __init__(self, follow: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._follow = follow
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(follow)

    def changed(self, shown: int, total: int) -> None:
        """The filter changed, and shows ``shown`` of ``total`` bulletins."""
        if shown <= AT_ONCE or shown == total:
            self._timer.stop()
            self._follow()
        else:
            self._timer.start()  # again from the start: the pause is counted from the last change

    def pending(self) -> bool:
        return self._timer.isActive()
