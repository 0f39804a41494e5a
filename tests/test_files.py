"""Files are written whole or not at all."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from timeline_gui.files import (
    TEMP_SUFFIX,
    NotARegularFileError,
    is_temporary_name,
    journal_dir,
    remove_stale_temporaries,
    replacing,
    write_atomically,
)


def test_the_target_is_replaced_whole(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    write_atomically(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_an_error_midway_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(KeyboardInterrupt), replacing(target) as stream:
        stream.write(b"half")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_modes(tmp_path):
    write_atomically(tmp_path / "private", b"x", mode=0o600)
    assert stat.S_IMODE(os.stat(tmp_path / "private").st_mode) == 0o600
    mask = os.umask(0o022)
    os.umask(mask)
    write_atomically(tmp_path / "plain", b"x")
    assert stat.S_IMODE(os.stat(tmp_path / "plain").st_mode) == 0o666 & ~mask


def test_a_missing_folder_is_an_os_error_and_writes_nothing(tmp_path):
    with pytest.raises(OSError):
        write_atomically(tmp_path / "no" / "such" / "file", b"x")
    assert list(tmp_path.iterdir()) == []


def test_a_name_at_the_file_name_limit_is_written(tmp_path):
    target = tmp_path / ("é" * 124 + "x.pdf")  # 253 bytes: the temporary name must be shortened to fit
    assert len(os.fsencode(target.name)) == 253
    write_atomically(target, b"%PDF")
    assert target.read_bytes() == b"%PDF"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_temporary_file_is_named_with_the_one_suffix_and_journaled_while_it_exists(tmp_path, state_folder):
    target = tmp_path / "out.bin"
    with replacing(target) as stream:
        (temporary,) = [p for p in tmp_path.iterdir() if p.name != "out.bin"]
        assert is_temporary_name(temporary.name) and temporary.name.endswith(TEMP_SUFFIX)
        entries = [entry.read_bytes() for entry in journal_dir().iterdir()]
        assert any(entry.endswith(os.fsencode(temporary)) for entry in entries)
        stream.write(b"x")
    assert not temporary.exists()
    assert not any(entry.read_bytes().endswith(os.fsencode(temporary)) for entry in journal_dir().iterdir())


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_only_a_regular_file_or_a_new_name_is_replaced(tmp_path, kind):
    if kind == "folder":
        target = tmp_path / "folder.pdf"
        target.mkdir()
    elif kind == "fifo":
        target = tmp_path / "pipe.pdf"
        os.mkfifo(target)
    else:
        target = Path("/dev/null")
    before = os.stat(target)
    with pytest.raises(NotARegularFileError) as raised:
        write_atomically(target, b"%PDF")
    assert raised.value.filename == str(target)
    assert os.stat(target).st_mode == before.st_mode and os.stat(target).st_ino == before.st_ino
    if kind != "device":
        assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_the_start_up_clean_up_removes_the_files_of_dead_processes_only(tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], check=False, capture_output=True, text=True
    )
    dead_pid = int(dead.stdout)
    left = tmp_path / ".out.pdf.0123abcd.part"
    live = tmp_path / ".other.pdf.4567abcd.part"
    not_ours = tmp_path / "notes.txt"
    for path in (left, live, not_ours):
        path.write_bytes(b"half")
    journal_dir().mkdir(parents=True, exist_ok=True)
    host = os.uname().nodename.encode()
    (journal_dir() / "left").write_bytes(b"%s\n%d\n%s" % (host, dead_pid, os.fsencode(left)))
    (journal_dir() / "live").write_bytes(b"%s\n%d\n%s" % (host, os.getpid(), os.fsencode(live)))
    (journal_dir() / "foreign").write_bytes(b"%s\n%d\n%s" % (host, dead_pid, os.fsencode(not_ours)))
    assert remove_stale_temporaries() == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, not_ours.name])
    assert {"left", "foreign"}.isdisjoint(p.name for p in journal_dir().iterdir())
    (journal_dir() / "live").unlink()
