"""Nothing half-written is left behind: an export stopped by a signal, or killed outright, leaves no temporary file
once the app (or any command) runs again; and a target that is no regular file is never replaced."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import generate
import pytest

from timeline_gui.files import TEMP_SUFFIX


@pytest.fixture(scope="module")
def large_file(tmp_path_factory) -> Path:
    """Enough bulletins that an export takes about a second: time to stop it midway."""
    path = tmp_path_factory.mktemp("large") / "bulletins.yaml"
    generate.write_yaml(path, 6000, seed=2)
    return path


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "timeline_gui", *args]


def env() -> dict[str, str]:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
    environment.pop("LC_ALL", None)
    return environment


def temporaries(folder: Path) -> list[Path]:
    return [path for path in folder.iterdir() if path.name.endswith(TEMP_SUFFIX)]


# Ctrl+C as a terminal's foreground command gets it: a test run started in the background (nohup, ``&``) passes
# SIGINT on as ignored, and the command would then rightly carry on through it. So the command starts with the
# default disposition, set by a small launcher that then becomes the command.
_INTERRUPTIBLE = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"
)


def export_stopped_midway(folder: Path, data: Path, signum: int, *options: str) -> tuple[int, str, str]:
    """Starts an export into ``folder``, sends ``signum`` once its temporary file exists, and returns the
    process's exit status, output and error output."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _INTERRUPTIBLE,
            *command("export", str(folder / "out.pdf"), "--data", str(data), *options),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )
    deadline = time.monotonic() + 120
    while not temporaries(folder):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the export never began writing"
        time.sleep(0.002)
    process.send_signal(signum)
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def test_after_kill_9_of_an_export_the_next_command_removes_its_temporary_file(tmp_path, large_file):
    status, _out, _err = export_stopped_midway(tmp_path, large_file, signal.SIGKILL)
    assert status == -signal.SIGKILL
    assert len(temporaries(tmp_path)) == 1  # what a crash leaves...
    result = subprocess.run(command("validate"), check=False, capture_output=True, text=True, env=env(), timeout=120)
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []  # ...is gone after the next start, and no PDF was made


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_terminating_signal_during_an_export_removes_its_temporary_file(tmp_path, large_file, signum):
    status, _out, _err = export_stopped_midway(tmp_path, large_file, signum)
    assert status == -signum  # it still ends the way the signal ends a process
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_during_an_export_exits_130_with_one_line_and_removes_its_temporary_file(tmp_path, large_file):
    status, _out, err = export_stopped_midway(tmp_path, large_file, signal.SIGINT)
    assert (status, err) == (130, "Interrupted.\n")
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_reads_in_french(tmp_path, large_file):
    status, _out, err = export_stopped_midway(tmp_path, large_file, signal.SIGINT, "--lang", "fr")
    assert (status, err) == (130, "Interrompu.\n")


@pytest.mark.parametrize("target", ["/dev/null", "folder", "fifo"])
def test_export_refuses_what_is_not_a_regular_file_naming_it(tmp_path, target):
    if target == "folder":
        path = tmp_path / "report.pdf"
        path.mkdir()
    elif target == "fifo":
        path = tmp_path / "report.pdf"
        os.mkfifo(path)
    else:
        path = Path(target)
    kind = os.stat(path).st_mode
    result = subprocess.run(
        command("export", str(path)), check=False, capture_output=True, text=True, env=env(), timeout=120
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"Cannot write {path}: "), result.stderr
    assert os.stat(path).st_mode == kind
    assert temporaries(path.parent) == []


def test_a_target_name_at_the_limit_exports(tmp_path):
    path = tmp_path / ("b" * 246 + ".pdf")  # 250 bytes
    result = subprocess.run(
        command("export", str(path)), check=False, capture_output=True, text=True, env=env(), timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert path.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
