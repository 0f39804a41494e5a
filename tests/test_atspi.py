"""What a screen reader reads: the app started under Xvfb with a D-Bus session and the AT-SPI registry, its tree
read through AT-SPI (gi.repository.Atspi, as Orca does), and the focus events that keyboard moves send.

The reading is done by tests/accessibility/atspi_probe.py under the system's Python, which has ``gi``; this test
runs it and checks what it found. Debian: at-spi2-core, gir1.2-atspi-2.0, python3-gi, dbus, xvfb (scripts/setup.sh
installs them when run as root).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from timeline_gui import i18n

ROOT = Path(__file__).resolve().parent.parent
PROBE = ROOT / "tests" / "accessibility" / "atspi_probe.py"
SYSTEM_PYTHON = "/usr/bin/python3"

pytestmark = pytest.mark.slow  # about 6 s a language: an X server, a bus, the registry and the app


def missing() -> str | None:
    """Why the test cannot run here, or None."""
    for tool in ("xvfb-run", "dbus-run-session"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian: xvfb, dbus)"
    if not Path("/usr/libexec/at-spi2-registryd").exists() and not Path("/usr/lib/at-spi2-core").exists():
        return "the AT-SPI registry is not installed (Debian: at-spi2-core)"
    check = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import gi; gi.require_version('Atspi', '2.0'); from gi.repository import Atspi"],
        check=False,
        capture_output=True,
        timeout=60,
    )
    if check.returncode != 0:
        return "the system Python cannot import gi.repository.Atspi (Debian: python3-gi, gir1.2-atspi-2.0)"
    return None


@pytest.fixture(scope="module", params=["en", "fr"])
def reading(request, tmp_path_factory) -> tuple[str, dict]:
    reason = missing()
    if reason:
        pytest.skip(reason)
    language = request.param
    home = tmp_path_factory.mktemp(f"atspi-{language}")
    output = home / "reading.json"
    env = dict(
        os.environ,
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        LANG="C.UTF-8",
    )
    for variable in ("QT_QPA_PLATFORM", "DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "AT_SPI_BUS_ADDRESS", "LC_ALL"):
        env.pop(variable, None)
    # The X server first, then the bus inside it: the registry the bus starts must reach the display.
    command = ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", "dbus-run-session", "--"]
    command += [SYSTEM_PYTHON, str(PROBE), str(output), sys.executable, "--lang", language]
    result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=240, env=env, cwd=home)
    assert output.exists(), result.stdout + result.stderr
    found = json.loads(output.read_text(encoding="utf-8"))
    assert "error" not in found, found["error"] + "\n" + result.stderr[-3000:]
    return language, found


def nodes(found: dict, role: str, inside: str | None = None) -> list[dict]:
    return [node for node in found["tree"] if node["role"] == role and (inside is None or inside in node["path"])]


def words(language: str) -> dict[str, str]:
    i18n.set_language(language)
    return {text: i18n._(text) for text in ("Cybercrime Timeline", "Timeline", "Taxonomy", "Bulletin details")}


def field(language: str, name: str, value: str) -> str:
    """A detail field as the app names it: "Date: 1 August 2016", "Date : 1er août 2016"."""
    i18n.set_language(language)
    return f"{i18n._(name)}{i18n._(':')} {value}"


def test_the_window_is_named_after_the_product(reading):
    language, found = reading
    assert found["window"]["role"] == "frame"
    assert found["window"]["name"] == words(language)["Cybercrime Timeline"]


def test_the_timeline_lists_headings_and_bulletins_by_date_and_title(reading, timeline):
    language, found = reading
    named = words(language)
    (table,) = [node for node in nodes(found, "table") if node["name"] == named["Timeline"]]
    assert table["description"]
    items = [node["name"] for node in nodes(found, "table cell", named["Timeline"])]
    first, second = timeline.bulletins[0], timeline.bulletins[1]
    year = i18n.format_year(first.date.year, language)
    month = i18n.format_month(first.date.year, first.date.month, language)
    spoken = [f"{i18n.format_date(b.date, language)}, {b.title(language)}" for b in (first, second)]
    assert items[:3] == [year, month, spoken[0]]
    assert spoken[1] in items


def test_the_taxonomy_tree_names_each_node_with_its_count(reading, timeline):
    language, found = reading
    named = words(language)
    (tree,) = [node for node in nodes(found, "tree") if node["name"] == named["Taxonomy"]]
    assert tree["description"]
    cells = [node["name"] for node in nodes(found, "table cell", named["Taxonomy"])]
    taxonomy = timeline.taxonomy
    roots = [taxonomy.label(node.key, language) for node in (*taxonomy.crime_types, *taxonomy.initiatives)]
    assert roots and all(any(cell.startswith(f"{label}, ") for cell in cells) for label in roots)
    assert any(cell.endswith((" bulletins", " bulletin")) for cell in cells)


def test_the_detail_fields_say_their_field_and_value(reading, timeline):
    language, found = reading
    named = words(language)
    labels = [node["name"] for node in nodes(found, "label", named["Bulletin details"])]
    first = timeline.bulletins[0]
    assert field(language, "Date", i18n.format_date(first.date, language)) in labels
    assert any(name.startswith(field(language, "Title in French", first.title_fr)) for name in labels)


def test_moving_down_in_the_timeline_announces_each_bulletin_reached(reading, timeline):
    language, found = reading
    # Down from the first bulletin skips the month heading between: the second and third bulletins, in turn.
    expected = [f"{i18n.format_date(b.date, language)}, {b.title(language)}" for b in timeline.bulletins[1:3]]
    focused = [event["name"] for event in found["focus_events"] if event["role"] == "table cell"]
    assert focused == expected
    details = [node["name"] for node in found["labels_after"]]
    assert field(language, "Date", i18n.format_date(timeline.bulletins[2].date, language)) in details
