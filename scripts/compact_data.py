"""Writes resources/packaged_data.py, the copy of the packaged YAML the window opens with (storage/packaged.py).

    python scripts/compact_data.py          # rewrite it after editing bulletins.yaml or taxonomy.yaml
    python scripts/compact_data.py check    # fail when it is out of date

The tests check it too (tests/test_startup.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from timeline_gui.storage.packaged import copy_source

TARGET = Path(__file__).resolve().parent.parent / "resources" / "packaged_data.py"


def main(argv: list[str]) -> int:
    text = copy_source()
    if argv[:1] == ["check"]:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is out of date: run python scripts/compact_data.py", file=sys.stderr)
            return 1
        return 0
    temporary = TARGET.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(TARGET)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
