"""Qt models, delegates, widgets and the main window.

Importing PySide6 replaces Python's ``__import__`` with one that looks at every later import for
``from __feature__ import snake_case, true_property``. This app uses neither, and the hook cost some
12 ms of start-up over the app's own imports, so Python's own import is put back once PySide6 is in.
"""

import builtins

import PySide6.QtCore  # noqa: F401 - installs the hook undone below

if hasattr(builtins, "__orig_import__"):  # where PySide6 keeps Python's own
    builtins.__import__ = builtins.__orig_import__
