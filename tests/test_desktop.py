"""`timeline-gui desktop install|uninstall`: the menu entry a desktop reads, its icons, and what its Exec line
starts."""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from timeline_gui.desktop import ICON_SIZES, exec_value

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "resources" / "timeline-gui.desktop"


def _env(data_home: Path, **extra) -> dict[str, str]:
    env = dict(
        os.environ,
        XDG_DATA_HOME=str(data_home),
        XDG_CONFIG_HOME=str(data_home.parent / "config"),
        QT_QPA_PLATFORM="offscreen",
        LANG="C.UTF-8",
    )
    env.pop("LC_ALL", None)
    env.update(extra)
    return env


def desktop(data_home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "timeline_gui", "desktop", *args],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(data_home),
        cwd=data_home.parent,
    )


def files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", header[16:24])


def validate(path: Path) -> subprocess.CompletedProcess:
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate is not installed (Debian: desktop-file-utils)")
    return subprocess.run(["desktop-file-validate", str(path)], check=False, capture_output=True, text=True, timeout=60)


@pytest.fixture
def installed(tmp_path):
    data_home = tmp_path / "data"
    result = desktop(data_home, "install")
    assert result.returncode == 0, result.stderr
    return data_home, result


def test_install_writes_the_entry_and_an_icon_at_every_size(installed):
    data_home, result = installed
    entry = data_home / "applications" / "timeline-gui.desktop"
    assert f"Installed the menu entry {entry}" in result.stdout
    assert (
        (data_home / "icons" / "hicolor" / "scalable" / "apps" / "timeline-gui.svg")
        .read_text(encoding="utf-8")
        .lstrip()
        .startswith("<?xml")
    )
    for size in ICON_SIZES:
        png = data_home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "timeline-gui.png"
        assert png_size(png) == (size, size)


def test_the_installed_entry_and_the_template_validate(installed):
    data_home, _ = installed
    for path in (data_home / "applications" / "timeline-gui.desktop", TEMPLATE):
        result = validate(path)
        assert result.returncode == 0 and not result.stdout.strip() and not result.stderr.strip(), (
            result.stdout + result.stderr
        )


def test_the_entry_reads_in_english_and_french_and_needs_no_terminal(installed):
    entry = read_entry(installed[0] / "applications" / "timeline-gui.desktop")
    assert entry["Name"] == "Cybercrime Timeline"
    assert entry["Name[fr]"] == "Chronologie de la cybercriminalité"
    assert entry["GenericName[fr]"] and entry["Comment[fr]"].startswith("Parcourir les bulletins")
    assert entry["Icon"] == "timeline-gui"
    assert entry["Terminal"] == "false"
    assert entry["StartupWMClass"] == "timeline-gui"  # Qt's WM_CLASS, so docks group the window under the entry


def _exec_argv(data_home: Path) -> list[str]:
    entry = read_entry(data_home / "applications" / "timeline-gui.desktop")
    argv = shlex.split(entry["Exec"].replace("\\\\", "\\"))
    assert argv.pop() == "%f"  # the file a file manager passes; a menu, with none, drops the field code
    assert Path(argv[0]).is_absolute() and os.access(argv[0], os.X_OK), argv
    assert entry["TryExec"] == argv[0]
    return argv


def test_the_exec_line_validates_the_packaged_data(installed):
    data_home, _ = installed
    result = subprocess.run(
        [*_exec_argv(data_home), "validate"],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(data_home),
        cwd=data_home,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "packaged data: valid, 29 bulletins"


@pytest.mark.skipif(sys.version_info < (3, 11), reason="python -P is new in 3.11")
def test_files_in_the_folder_it_starts_in_do_not_shadow_the_apps_modules(installed):
    data_home, _ = installed
    (data_home / "yaml.py").write_text("raise SystemExit('shadowed')\n", encoding="utf-8")
    result = subprocess.run(
        [*_exec_argv(data_home), "validate"],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(data_home),
        cwd=data_home,
    )
    assert result.returncode == 0, result.stderr


def test_outside_freedesktop_systems_it_points_to_the_standalone_app(tmp_path, monkeypatch, capsys):
    from timeline_gui.desktop import desktop_command

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(sys, "platform", "win32")
    assert desktop_command(["install"]) == 1
    assert "standalone app" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_the_exec_line_opens_the_window_in_the_users_language(installed):
    data_home, _ = installed
    env = _env(data_home, LANG="fr_FR.UTF-8", TIMELINE_GUI_QUIT_AFTER_MS="300")
    result = subprocess.run(
        _exec_argv(data_home), check=False, capture_output=True, text=True, timeout=120, env=env, cwd=data_home
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Chronologie de la cybercriminalité", "29 sur 29 bulletins"]
    assert "Traceback" not in result.stderr


def test_uninstall_removes_everything_install_wrote(tmp_path):
    data_home = tmp_path / "data"
    (data_home / "applications").mkdir(parents=True)
    other = data_home / "applications" / "someone-else.desktop"
    other.write_text("[Desktop Entry]\n", encoding="utf-8")
    before = files_under(data_home)
    assert desktop(data_home, "install").returncode == 0
    # The entry, the type's package, the icons; and the type database update-mime-database builds from the package.
    mime = data_home / "mime"
    written = {
        path for path in files_under(data_home) - before if path.parent == mime / "packages" or mime not in path.parents
    }
    assert len(written) == 3 + len(ICON_SIZES)

    result = desktop(data_home, "uninstall")
    assert result.returncode == 0, result.stderr
    assert files_under(data_home) == before
    assert result.stdout.count("Removed ") == 3 + len(ICON_SIZES)

    again = desktop(data_home, "uninstall")
    assert again.returncode == 0
    assert again.stdout.startswith("Nothing to remove")


def test_messages_in_french(tmp_path):
    data_home = tmp_path / "data"
    result = desktop(data_home, "install", "--lang", "fr")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Entrée de menu installée")
    assert desktop(data_home, "uninstall", "--lang", "fr").stdout.startswith("Supprimé")


def test_a_failed_install_says_where_exits_1_and_leaves_nothing(tmp_path):
    data_home = tmp_path / "data"
    (data_home / "icons" / "hicolor").mkdir(parents=True)
    (data_home / "icons" / "hicolor" / "256x256").write_text("a file where a folder should be", encoding="utf-8")
    before = files_under(data_home)
    result = desktop(data_home, "install")
    assert result.returncode == 1
    assert "256x256" in result.stderr, result.stderr
    assert files_under(data_home) == before


def test_wrong_usage_exits_2(tmp_path):
    assert desktop(tmp_path / "data", "reinstall").returncode == 2
    assert desktop(tmp_path / "data").returncode == 2


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["/usr/bin/python3", "-m", "timeline_gui"], "/usr/bin/python3 -m timeline_gui"),
        (["/opt/my apps/python", "-m", "timeline_gui"], '"/opt/my apps/python" -m timeline_gui'),
        # quoted for the Exec key (\$, \\), % doubled, then every backslash escaped for the file's string type
        (["/srv/$HOME\\x/100%"], '"/srv/\\\\$HOME\\\\\\\\x/100%%"'),
    ],
)
def test_exec_values_are_quoted_as_the_spec_says(argv, expected):
    assert exec_value(argv) == expected


def test_an_entry_for_an_awkward_path_still_validates(tmp_path):
    from timeline_gui.desktop import install

    install(tmp_path, ["/opt/Timeline GUI (2026)/$bin/python 100%", "-m", "timeline_gui"])
    assert validate(tmp_path / "applications" / "timeline-gui.desktop").returncode == 0


def test_the_window_icon_loads(qapp):
    from timeline_gui.ui.app import app_icon

    icon = app_icon()
    for size in (16, 256):
        assert not icon.pixmap(size, size).isNull()


def test_a_packaged_file_that_cannot_be_read_is_not_reported_as_a_write(tmp_path, monkeypatch):
    """A damaged installation (a packaged icon missing) says what it could not read, and writes nothing."""
    from timeline_gui import desktop as module
    from timeline_gui.desktop import DesktopError, install

    monkeypatch.setattr(module, "ICON_SIZES", (*ICON_SIZES, 17))  # no 17x17 icon is packaged
    home = tmp_path / "data"
    with pytest.raises(DesktopError) as raised:
        install(home, ["/usr/bin/true"])
    message = str(raised.value)
    assert (
        message.startswith("Cannot read ")
        and "17x17" in message
        and message.endswith("from the installed app: No such file or directory")
    ), message
    assert not home.exists()


def test_the_entry_opens_a_file_and_declares_the_bulletins_type(installed):
    data_home, _ = installed
    entry = read_entry(data_home / "applications" / "timeline-gui.desktop")
    assert entry["Exec"].endswith(" %f")
    assert "application/x-timeline-gui-bulletins" in entry["MimeType"].split(";")
    package = data_home / "mime" / "packages" / "timeline-gui.xml"
    assert 'type="application/x-timeline-gui-bulletins"' in package.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("update-mime-database") is None, reason="shared-mime-info is not installed")
def test_the_bulletins_type_is_known_after_install_and_gone_after_uninstall(installed):
    data_home, _ = installed
    registered = data_home / "mime" / "application" / "x-timeline-gui-bulletins.xml"
    assert "Bulletins sur la cybercriminalité" in registered.read_text(encoding="utf-8")
    assert desktop(data_home, "uninstall").returncode == 0
    assert not (data_home / "mime").exists()


def test_a_bulletins_file_is_recognized_by_its_content(installed, tmp_path):
    """What a file manager does: the shared-mime-info database, as GLib reads it, names the packaged file's type."""
    if shutil.which("gio") is None:
        pytest.skip("gio is not installed (Debian: libglib2.0-bin)")
    data_home, _ = installed
    sample = tmp_path / "mine.bulletins.yaml"
    shutil.copyfile(ROOT / "resources" / "bulletins.yaml", sample)
    result = subprocess.run(
        ["gio", "info", "-a", "standard::content-type", str(sample)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(data_home, XDG_DATA_DIRS=f"{data_home}:/usr/share"),
    )
    assert "application/x-timeline-gui-bulletins" in result.stdout, result.stdout + result.stderr
