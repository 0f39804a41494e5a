"""Reads the running app's accessible tree through AT-SPI, as a screen reader does, and moves with the keyboard.

Run by tests/test_atspi.py with the system's Python (its ``gi`` and the Atspi typelib), inside an X server and a
D-Bus session: ``atspi_probe.py OUT.json PYTHON [APP ARGUMENTS]`` starts ``PYTHON -m timeline_gui`` with
accessibility on, waits for its window on the bus, writes one JSON object to OUT.json (the window's tree of
roles, names and descriptions, and the focus events two Down key presses in the timeline caused) and closes the
app. The keys and the click are synthesized by the AT-SPI registry, through the X server, as Orca's are.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

APP_NAME = "timeline-gui"
MAX_NODES = 5000
KEY_DOWN = 0xFF54  # the X keysym of the Down arrow


def pump(seconds: float) -> None:
    """Lets AT-SPI deliver what arrived meanwhile."""
    context = GLib.MainContext.default()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        while context.pending():
            context.iteration(False)
        time.sleep(0.01)


def wait(seconds: float, until):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = until()
        if found:
            return found
        pump(0.1)
    return None


def settled_extents(node, seconds: float = 10.0):
    """The node's extents once two reads a quarter of a second apart agree."""
    last = None
    deadline = time.monotonic() + seconds
    while True:
        box = Atspi.Component.get_extents(node, Atspi.CoordType.SCREEN)
        here = (box.x, box.y, box.width, box.height)
        if here == last or time.monotonic() > deadline:
            return box
        last = here
        pump(0.25)


def focused_cell(table) -> str | None:
    """The name of the table's focused cell, if any."""
    cell = find(table, lambda node: node.get_state_set().contains(Atspi.StateType.FOCUSED))
    return cell.get_name() if cell is not None else None


def find_app():
    desktop = Atspi.get_desktop(0)
    for number in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(number)
        if app is not None and app.get_name() == APP_NAME and app.get_child_count() > 0:
            return app
    return None


def describe(node) -> dict:
    states = node.get_state_set()
    return {
        "role": node.get_role_name(),
        "name": node.get_name() or "",
        "description": node.get_description() or "",
        "focused": states.contains(Atspi.StateType.FOCUSED),
    }


def walk(node, path: tuple[str, ...] = (), found: list | None = None) -> list[dict]:
    """Every node under ``node`` with the names (or roles) of the nodes it is in."""
    found = [] if found is None else found
    if len(found) >= MAX_NODES:
        return found
    entry = describe(node)
    entry["path"] = list(path)
    found.append(entry)
    for number in range(node.get_child_count()):
        child = node.get_child_at_index(number)
        if child is not None:
            walk(child, (*path, entry["name"] or entry["role"]), found)
    return found


def find(node, predicate):
    for number in range(node.get_child_count()):
        child = node.get_child_at_index(number)
        if child is None:
            continue
        if predicate(child):
            return child
        hit = find(child, predicate)
        if hit is not None:
            return hit
    return None


def probe(result: dict) -> None:
    app = wait(60, find_app)
    if app is None:
        result["error"] = "the app did not appear on the accessibility bus within 60 s"
        return
    window = app.get_child_at_index(0)
    pump(1.0)  # the window lays out and its first bulletin becomes current
    result["window"] = describe(window)
    result["tree"] = walk(window)
    timeline = find(window, lambda node: node.get_role_name() == "table")  # the one table: the taxonomy is a tree
    current = timeline and find(timeline, lambda node: node.get_state_set().contains(Atspi.StateType.FOCUSED))
    if current is None:
        result["error"] = "no table (the timeline) with a focused item"
        return
    # Under Xvfb no window manager activates the window: a click on the current bulletin does, as it would for a
    # person, and leaves it current. The window may still be settling its layout (the time axis takes its
    # height once the window has its size): the click waits until the bulletin stays where it is.
    name = current.get_name()
    box = settled_extents(current)
    Atspi.generate_mouse_event(box.x + box.width // 2, box.y + box.height // 2, "b1c")
    if not wait(10, lambda: focused_cell(timeline) == name):
        result["error"] = "the click on the current bulletin left another one current"
        return
    events: list[dict] = []

    def on_focus(event) -> None:
        if event.detail1 == 1:  # gained, not lost
            events.append(describe(event.source))

    listener = Atspi.EventListener.new(on_focus)
    listener.register("object:state-changed:focused")
    for press in range(2):
        Atspi.generate_keyboard_event(KEY_DOWN, None, Atspi.KeySynthType.PRESSRELEASE | Atspi.KeySynthType.SYM)
        wait(10, lambda count=press + 1: len(events) >= count)  # on a busy machine the event may take a while
    pump(0.5)  # any further event the presses caused
    listener.deregister("object:state-changed:focused")
    result["focus_events"] = events
    result["labels_after"] = [entry for entry in walk(window) if entry["role"] == "label"]


def main() -> int:
    output, python, arguments = sys.argv[1], sys.argv[2], sys.argv[3:]
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1")
    app_process = subprocess.Popen([python, "-m", "timeline_gui", *arguments], env=env)
    result: dict = {}
    try:
        Atspi.init()
        probe(result)
    except Exception as error:  # noqa: BLE001 - reported to the test, which fails with it
        result["error"] = f"{type(error).__name__}: {error}"
    finally:
        with open(output, "w", encoding="utf-8") as stream:
            json.dump(result, stream, ensure_ascii=False)
        app_process.terminate()
        try:
            app_process.wait(20)
        except subprocess.TimeoutExpired:
            app_process.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
