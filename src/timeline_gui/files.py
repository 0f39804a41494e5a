"""Files the app writes are written whole or not at all: a temporary file beside the target, then a rename.

Every temporary file is named ``.<target name>.<8 hex digits>.part`` (``TEMP_SUFFIX``), and nothing is left of it
once the write ends, whichever way it ends:

- an exception, KeyboardInterrupt included, removes it;
- SIGTERM or SIGHUP while it exists (in the main thread) removes it, then the signal does what it did before;
  a handler of the program's own that ends the process calls ``remove_live_temporaries()`` (Ctrl+C in cli.py);
- a harder end (``kill -9``, a power cut) cannot remove it, so each temporary file is recorded in a journal in
  the user's state folder before it is made, and the entry removed after; ``remove_stale_temporaries()``,
  run at every start, deletes the files of entries whose process is gone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from timeline_gui import APP_NAME
from timeline_gui.i18n import _

TEMP_SUFFIX = ".part"
_RANDOM_HEX_DIGITS = 8
_TERMINATING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def _process_umask() -> int:
    """The umask, read without changing it where the system allows (changing it races with other threads)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _process_umask()  # read once, at import


class NotARegularFileError(OSError):
    """The target exists and is no regular file (a folder, a device, a pipe...): it is never replaced."""


def is_temporary_name(name: str) -> bool:
    """Whether ``name`` is that of a temporary file this module makes."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX) and len(name) > len(TEMP_SUFFIX) + 1


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        return 255


def _temporary_name(target: Path) -> str:
    """``.<target name>.<random>.part``, the target's name shortened (at a character) to fit the folder's limit."""
    room = _name_max(target.parent) - len(f"..{'0' * _RANDOM_HEX_DIGITS}{TEMP_SUFFIX}")
    encoded = os.fsencode(target.name)[: max(room, 0)]
    stem = encoded.decode("utf-8", "ignore") if encoded != os.fsencode(target.name) else target.name
    return f".{stem}.{os.urandom(_RANDOM_HEX_DIGITS // 2).hex()}{TEMP_SUFFIX}"


def _refuse_other_than_regular(target: Path) -> None:
    try:
        status = os.stat(target)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(status.st_mode):
        reason = (
            _("it is a folder")
            if stat.S_ISDIR(status.st_mode)
            else _("it is not a regular file (a device, a pipe or a socket)")
        )
        raise NotARegularFileError(errno.EEXIST, reason, str(target))


# ---------------------------------------------------------------- the journal of temporary files


def journal_dir() -> Path:
    """The folder of entries, one small file per temporary file that exists or was left by a crash."""
    from platformdirs import user_state_path

    return user_state_path(APP_NAME, appauthor=False) / "pending-temp-files"


def _host() -> str:
    return os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")


def _record(temporary: Path) -> Path | None:
    """Writes the journal entry of ``temporary``; None (and no entry) when the state folder cannot be written,
    which costs only the clean-up after a crash."""
    folder = journal_dir()
    entry = folder / f"{os.getpid()}-{os.urandom(8).hex()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(entry, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(handle, "wb") as stream:
            stream.write(b"%s\n%d\n%s" % (_host().encode(), os.getpid(), os.fsencode(os.path.abspath(temporary))))
    except OSError:
        return None
    return entry


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True
    return True


def remove_stale_temporaries() -> int:
    """Deletes the temporary files of journal entries whose process (on this host) is gone, and those entries.

    Only files named like this module's temporary files are deleted. Returns how many files were deleted.
    """
    removed = 0
    try:
        entries = list(journal_dir().iterdir())
    except OSError:
        return 0
    host = _host()
    for entry in entries:
        try:
            entry_host, pid, path = entry.read_bytes().split(b"\n", 2)
            if entry_host.decode() != host or _process_alive(int(pid)):
                continue
            temporary = Path(os.fsdecode(path))
            if is_temporary_name(temporary.name) and stat.S_ISREG(os.lstat(temporary).st_mode):
                temporary.unlink()
                removed += 1
        except FileNotFoundError:
            pass
        except (OSError, ValueError):
            continue  # unreadable or foreign: left alone
        with contextlib.suppress(OSError):
            entry.unlink()
    return removed


# ---------------------------------------------------------------- SIGTERM and SIGHUP


_live: dict[Path, Path | None] = {}  # this process's temporary files (and their journal entries) being written
_live_lock = threading.RLock()  # re-entrant: a signal handler may run while the main thread holds it
_previous_handlers: dict[int, Any] = {}  # while ours are set: the handlers they stand in for
_handling = [0]  # how many blocks of the main thread need ours (one list: mutable without a global statement)


def remove_live_temporaries() -> None:
    """Removes the temporary files this process is writing, and their journal entries: for a signal handler
    about to end the process."""
    with _live_lock:
        for temporary, entry in list(_live.items()):
            for path in (temporary, entry):
                if path is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(path)


def _remove_live_and_resend(signum: int, _frame: object) -> None:
    remove_live_temporaries()
    signal.signal(signum, _previous_handlers.get(signum, signal.SIG_DFL))
    os.kill(os.getpid(), signum)


@contextlib.contextmanager
def _terminating_signals_handled() -> Iterator[None]:
    """While the block runs in the main thread, SIGTERM and SIGHUP first remove this process's temporary files.

    Handlers can only be set from the main thread; they are set only while a temporary file may exist there,
    so that otherwise the signals keep their usual, immediate effect (a Python handler waits for Python code).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if _handling[0] == 0:
        for signum in _TERMINATING_SIGNALS:
            previous = signal.getsignal(signum)
            if previous is not signal.SIG_IGN and previous is not None:
                _previous_handlers[signum] = previous
                signal.signal(signum, _remove_live_and_resend)
    _handling[0] += 1
    try:
        yield
    finally:
        _handling[0] -= 1
        if _handling[0] == 0:
            for signum, previous in _previous_handlers.items():
                signal.signal(signum, previous)
            _previous_handlers.clear()


# ---------------------------------------------------------------- writing


@contextlib.contextmanager
def replacing(target: Path | str, *, mode: int | None = None, durable: bool = True) -> Iterator[BinaryIO]:
    """A stream whose bytes replace ``target`` when the block ends without error; on any error,
    cancel included, the temporary file is removed and ``target`` is as it was.

    ``target`` must be a regular file or a new name (NotARegularFileError otherwise). ``mode`` defaults to
    what a plain new file gets (0o666 less the umask); ``durable`` syncs the bytes to disk before the rename,
    so a crash cannot leave an empty file under the target's name.
    """
    target = Path(target)
    _refuse_other_than_regular(target)
    with _terminating_signals_handled():
        for _attempt in range(100):
            temporary = target.parent / _temporary_name(target)
            # In the journal and among the live files before it exists, and created within the block that removes
            # it: Ctrl+C or a signal arriving just as it is made still finds it.
            entry = _record(temporary)
            with _live_lock:
                _live[temporary] = entry
            try:
                try:
                    handle = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
                except FileExistsError:
                    continue  # another file took the name: try another
                with os.fdopen(handle, "wb") as stream:
                    yield stream
                    if durable:
                        stream.flush()
                        os.fsync(stream.fileno())
                os.chmod(temporary, 0o666 & ~_UMASK if mode is None else mode)
                os.replace(temporary, target)
                return
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
            finally:
                with _live_lock:
                    _live.pop(temporary, None)
                if entry is not None:
                    with contextlib.suppress(OSError):
                        entry.unlink()
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(target.parent))


def write_atomically(target: Path | str, data: bytes, *, mode: int | None = None, durable: bool = True) -> None:
    with replacing(target, mode=mode, durable=durable) as stream:
        stream.write(data)
