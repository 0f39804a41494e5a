"""The command line as a script would use it: messages and exit codes."""

from __future__ import annotations

import subprocess
import sys


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "timeline_gui", *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        env=_env(),
    )


def _env():
    import os

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG="C.UTF-8")
    env.pop("LC_ALL", None)
    return env


def test_validate_the_packaged_data(tmp_path):
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "packaged data: valid, 29 bulletins"


def test_validate_lists_every_error_with_its_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema: 1\nbulletins:\n  - id: a\n    date: 2017-02-30\n    language: xx\n    title: {en: A, fr: B}\n",
        encoding="utf-8",
    )
    result = run("validate", str(bad), cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines == [
        f"{bad}:4:11: bulletins[0].date: '2017-02-30' is not a real calendar date",
        f"{bad}:5:15: bulletins[0].language: 'xx' is not a supported language; use one of: en, fr",
    ]


def test_validate_in_french(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema: 1\nbulletins:\n  - id: a\n    date: 2017-02-30\n    language: en\n    title: {en: A, fr: B}\n",
        encoding="utf-8",
    )
    result = run("validate", "--lang", "fr", str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert "n’est pas une date" in result.stdout or "pas une date" in result.stdout, result.stdout


def test_wrong_usage_exits_2(tmp_path):
    assert run("validate", "a", "b", cwd=tmp_path).returncode == 2
    assert run("--lang", "de", cwd=tmp_path).returncode == 2
    assert run("--no-such-option", cwd=tmp_path).returncode == 2


def test_help_and_usage_errors_read_in_french(tmp_path):
    helped = run("validate", "--help", "--lang", "fr", cwd=tmp_path)
    assert helped.returncode == 0
    assert helped.stdout.startswith("usage\u00a0: timeline-gui validate")
    assert "afficher ce message d’aide et quitter" in helped.stdout
    wrong = run("validate", "--lang", "fr", "--bogus", cwd=tmp_path)
    assert wrong.returncode == 2
    assert (
        wrong.stderr.strip().splitlines()[-1]
        == "timeline-gui validate\u00a0: erreur\u00a0: arguments non reconnus\u00a0: --bogus"
    )


def test_more_argparse_errors_read_in_french(tmp_path):
    explicit = run("validate", "--lang", "fr", "--help=x", cwd=tmp_path)
    assert explicit.returncode == 2
    assert (
        explicit.stderr.strip().splitlines()[-1]
        == "timeline-gui validate\u00a0: erreur\u00a0: argument -h/--help\u00a0: argument explicite 'x' ignoré"
    )
    missing = run("export", "out.pdf", "--lang", "fr", "--from", cwd=tmp_path)
    assert missing.returncode == 2
    assert (
        missing.stderr.strip().splitlines()[-1]
        == "timeline-gui export\u00a0: erreur\u00a0: argument --from\u00a0: un argument attendu"
    )
    assert not (tmp_path / "out.pdf").exists()


def test_argparse_plural_and_counted_messages_go_through_the_catalog(capsys):
    """argparse words these in English; the app's parser rewords them from the catalog."""
    import pytest

    from timeline_gui import i18n
    from timeline_gui.arguments import ArgumentParser

    i18n.set_language("fr")
    parser = ArgumentParser(prog="essai")
    parser.add_argument("--pair", nargs=2)
    parser.add_argument("--some", nargs="+")
    parser.add_argument("--count", type=int)
    parser.add_argument("--lang", choices=("en", "fr"))
    parser.add_argument("file")
    expected = {
        ("--pair", "a"): "argument --pair\u00a0: 2 arguments attendus",
        ("--some",): "argument --some\u00a0: au moins un argument attendu",
        ("f", "--count", "x"): "argument --count\u00a0: valeur int non valide\u00a0: 'x'",
        ("f", "--lang", "de"): "argument --lang\u00a0: choix non valide\u00a0: 'de' (choisir parmi 'en', 'fr')",
        ("--pair", "a", "b"): "les arguments suivants sont obligatoires\u00a0: file",
        ("f", "g"): "arguments non reconnus\u00a0: g",
    }
    for argv, message in expected.items():
        with pytest.raises(SystemExit) as exit_:
            parser.parse_args(list(argv))
        assert exit_.value.code == 2
        assert capsys.readouterr().err.strip().splitlines()[-1] == f"essai\u00a0: erreur\u00a0: {message}"


def test_other_parsers_in_the_process_keep_argparses_own_words(capsys):
    """Nothing of argparse is replaced: a parser that is not the app's still speaks English in French mode."""
    import argparse
    import gettext

    import pytest

    import timeline_gui.cli  # noqa: F401
    from timeline_gui import i18n

    i18n.set_language("fr")
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext  # type: ignore[attr-defined]
    parser = argparse.ArgumentParser(prog="other")
    parser.add_argument("--pair", nargs=2)
    with pytest.raises(SystemExit):
        parser.parse_args(["--pair", "a"])
    err = capsys.readouterr().err
    assert err.startswith("usage: other") and err.strip().endswith(
        "other: error: argument --pair: expected 2 arguments"
    )
