"""Keeps the translation catalogs in step with the code (Babel).

    python scripts/catalog.py extract   # write resources/locale/timeline_gui.pot from the sources
    python scripts/catalog.py update    # merge the template into every language's .po
    python scripts/catalog.py check     # fail when the template is stale or a translation is missing/fuzzy
    python scripts/catalog.py compile   # write the .mo files and cldr.json beside the sources (as a build does)

Entries are sorted and carry no line numbers, so that branches adding strings merge cleanly.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "resources" / "locale"
TEMPLATE = LOCALE_DIR / "timeline_gui.pot"
DOMAIN = "timeline_gui"
LANGUAGES = ("fr",)
KEYWORDS = ["-k", "_", "-k", "N_", "-k", "ngettext:1,2", "-k", "N_plural:1,2"]


def extract(output: Path = TEMPLATE) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            *KEYWORDS,
            "--no-default-keywords",
            "--no-location",
            "--sort-output",
            "--no-wrap",
            "--project",
            "timeline-gui",
            "--copyright-holder",
            "timeline-gui developers",
            "--msgid-bugs-address",
            "",
            "-o",
            str(output),
            "src",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    _drop_creation_date(output)


def _drop_creation_date(path: Path) -> None:
    """Babel stamps the time of every extract into the template's header, and update copies it into each .po:
    a line that changes on every run and makes every two branches that add strings conflict. It says nothing
    the history does not, so it is left out."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith('"POT-Creation-Date:')), encoding="utf-8")


def update() -> None:
    for language in LANGUAGES:
        po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        command = "update" if po.exists() else "init"
        args = [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            command,
            "-i",
            str(TEMPLATE),
            "-d",
            str(LOCALE_DIR),
            "-D",
            DOMAIN,
            "-l",
            language,
            "--no-wrap",
        ]
        if command == "update":
            args += ["--no-fuzzy-matching", "--ignore-obsolete"]
        subprocess.run(args, cwd=ROOT, check=True, capture_output=True)
        _drop_creation_date(po)


def _ids(path: Path) -> set:
    with path.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def problems(template: Path = TEMPLATE) -> list[str]:
    """What is wrong with the catalogs, one line each; empty when they are complete."""
    found: list[str] = []
    fresh = ROOT / "build" / "catalog-check.pot"
    fresh.parent.mkdir(exist_ok=True)
    extract(fresh)
    stale = _ids(fresh) ^ _ids(template)
    if stale:
        found.append(
            f"{template.name} is out of date (run: python scripts/catalog.py extract update): "
            f"{sorted(map(str, stale))[:10]}"
        )
    for language in LANGUAGES:
        po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy:
                found.append(f"{po.name} [{language}]: fuzzy: {message.id!r}")
            elif not all(strings):
                found.append(f"{po.name} [{language}]: untranslated: {message.id!r}")
        missing = _ids(fresh) - {m.id for m in catalog if m.id}
        for msgid in sorted(map(str, missing)):
            found.append(f"{po.name} [{language}]: missing: {msgid!r}")
    return found


def compile_in_place() -> None:
    """What the build writes into the package, written into the source folder that an editable install reads."""
    from timeline_gui.locale_build import compile_locale_data

    for path in compile_locale_data(LOCALE_DIR, LOCALE_DIR):
        print(f"wrote {path.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    for command in argv or ["check"]:
        if command == "extract":
            extract()
        elif command == "update":
            update()
        elif command == "compile":
            compile_in_place()
        elif command == "check":
            found = problems()
            for line in found:
                print(line)
            if found:
                return 1
        else:
            print(__doc__)
            return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
