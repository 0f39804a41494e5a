"""Files are written whole or not at all."""

from __future__ import annotations

import os
import stat

import pytest

from timeline_gui.files import replacing, write_atomically


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
