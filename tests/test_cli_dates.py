"""`timeline-gui export` says how it read a date that means another day elsewhere (01/09/2016)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from pypdf import PdfReader


def export(tmp_path, *args, lang="C.UTF-8"):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG=lang)
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    return subprocess.run(
        [sys.executable, "-m", "timeline_gui", "export", "out.pdf", *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )


SEPTEMBER_2016 = 7  # bulletins of the packaged data dated September 2016


@pytest.mark.parametrize("lang", ["C.UTF-8", "C", "POSIX"])
def test_01_09_2016_in_a_locale_without_a_habit_is_1_september_and_said_so(tmp_path, timeline, lang):
    result = export(tmp_path, "--from", "01/09/2016", "--to", "30/09/2016", lang=lang)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == ["--from: read as 1 September 2016", "--to: read as 30 September 2016"]
    assert result.stdout.startswith(f"out.pdf: {SEPTEMBER_2016} bulletins, ")
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "out.pdf").pages)
    september = [b for b in timeline.bulletins if (b.date.year, b.date.month) == (2016, 9)]
    assert len(september) == SEPTEMBER_2016
    for bulletin in september:
        assert bulletin.title_en[:30] in " ".join(text.split()), bulletin.title_en


def test_a_month_first_locale_reads_it_as_9_january_and_says_so(tmp_path):
    result = export(tmp_path, "--from", "01/09/2016", "--to", "30/09/2016", lang="en_US.UTF-8")
    assert result.stderr.splitlines()[:2] == ["--from: read as 9 January 2016", "--to: read as 30 September 2016"]


def test_in_french(tmp_path):
    result = export(tmp_path, "--lang", "fr", "--from", "01/09/2016", "--to", "30/09/2016")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        "--from\u00a0: lu comme le 1er septembre 2016",
        "--to\u00a0: lu comme le 30 septembre 2016",
    ]


def test_dates_that_read_one_way_are_not_commented(tmp_path):
    result = export(tmp_path, "--from", "2016-09-01", "--to", "30/09/2016")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith(f"out.pdf: {SEPTEMBER_2016} bulletins, ")
