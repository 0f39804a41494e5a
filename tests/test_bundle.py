"""The standalone app (PyInstaller, one folder): scripts/smoke_bundle builds it and starts it headless.

Building takes a minute or more and needs PyPI, so that test is marked slow: it runs in the full run
(``bash scripts/test --all``, and CI), or alone with ``bash scripts/test -m bundle``.
"""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest

from timeline_gui import i18n

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "timeline-gui.spec"


def test_the_bundle_carries_the_cldr_data_of_every_language_the_app_formats():
    """The spec keeps only some of Babel's locale data: the locales i18n formats with must be among them."""
    match = re.search(r"^BABEL_LOCALES = (.+?)(?:  #.*)?$", SPEC.read_text(encoding="utf-8"), re.MULTILINE)
    assert match, "BABEL_LOCALES not found in the spec"
    assert set(ast.literal_eval(match.group(1))) == set(i18n._LOCALES.values())


@pytest.mark.slow
@pytest.mark.bundle
def test_the_bundle_builds_and_starts_headless():
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "smoke_bundle")], check=False, capture_output=True, text=True, timeout=1800
    )
    assert result.returncode == 0, result.stderr[-6000:]
    assert "smoke test passed" in result.stderr
