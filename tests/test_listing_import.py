"""Importing news listings: what is read, what is rejected and why, duplicates, tag suggestions, the file written."""

from __future__ import annotations

import pytest

from timeline_gui import i18n
from timeline_gui.domain.errors import DataLoadError
from timeline_gui.domain.query import Query, TimelineIndex
from timeline_gui.storage.canonical_reader import parse_canonical
from timeline_gui.storage.listing import read_listing
from timeline_gui.storage.listing_writer import import_rows
from timeline_gui.storage.loader import load_timeline, parse_bulletins

ENGLISH = """\
3 April 2017
Fraud ring targeted in global operation against payment card scams

10 April 2017
INTERPOL training on digital forensics for police in Asia
"""

FRENCH = """\
1er août 2016
Arrestation au Nigeria du cerveau d’un réseau mondial d’escroqueries en ligne

22 mars 2017
Les rançongiciels, nouveau défi INTERPOL en matière de sécurité numérique
"""


def messages(listing):
    return [(error.line, error.msgid.split(" ")[:3]) for error in listing.rejects]


def test_an_english_and_a_french_listing_are_read_with_their_dates_and_languages(timeline):
    english = read_listing(ENGLISH, timeline.taxonomy)
    assert [(row.date.isoformat(), row.language, row.line, row.date_line) for row in english.rows] == [
        ("2017-04-03", "en", 2, 1),
        ("2017-04-10", "en", 5, 4),
    ]
    assert english.rejects == []
    french = read_listing(FRENCH.encode("utf-8"), timeline.taxonomy)
    assert [(row.date.isoformat(), row.language) for row in french.rows] == [("2016-08-01", "fr"), ("2017-03-22", "fr")]
    assert french.rows[0].title == "Arrestation au Nigeria du cerveau d’un réseau mondial d’escroqueries en ligne"


def test_each_bad_line_is_rejected_with_its_number_and_reason(timeline):
    listing = read_listing(
        "\n".join(
            [
                "3 April 2017",  # 1
                "A good title about a cybercrime operation in the region",  # 2
                "A title with no date before it",  # 3
                "32 March 2017",  # 4: no such day
                "5 May 2017",  # 5: no title follows
                "6 mai 2017",  # 6
                "Neue Ransomware-Welle gegen Banken in Europa",  # 7: German
                "8 May 2017",  # 8
                "x" * 10_000_000,  # 9: a 10 MB line
                "9 May 2017",  # 10
                "bin\x00ary \x01 data",  # 11
                "10 Mai 2017",  # 12: read as French May, and nothing follows
            ]
        ).encode("utf-8")
        + b"\n11 May 2017\nnot \xff\xfe UTF-8\n",  # 13, 14
        timeline.taxonomy,
        source="news.txt",
    )
    assert [row.line for row in listing.rows] == [2]
    assert [(error.line, error.message) for error in listing.rejects] == [
        (3, "a title without a date line before it"),
        (4, "cannot read the date '32 March 2017': write a day, a month in English or French and a year"),
        (5, "a date without a title after it"),
        (7, "the title is in neither English nor French"),
        (9, "the line is longer than the limit of 2000 characters"),
        (11, "the line holds binary data (byte 0x00), not text"),
        (12, "a date without a title after it"),
        (14, "the line holds binary data (byte 0xff), not text"),
    ]
    assert str(listing.rejects[0]).startswith("news.txt:3:")


def test_a_listing_in_another_language_reads_nothing(timeline):
    spanish = (
        "22 marzo 2017\nOperación contra el fraude en línea\n3 April 2017\nOperación de la policía contra los piratas\n"
    )
    listing = read_listing(spanish, timeline.taxonomy)
    assert listing.rows == []
    assert [error.line for error in listing.rejects] == [1, 2, 4]


def test_duplicates_of_the_target_and_of_earlier_rows_are_flagged_and_not_imported(timeline):
    text = (
        "22 March 2017\nRANSOMWARE – THE NEW INTERPOL DIGITAL SECURITY CHALLENGE\n"
        "22 mars 2017\nLes rancongiciels, nouveau defi INTERPOL en matiere de securite numerique\n"  # no accents
        "23 March 2017\nRansomware – the new INTERPOL digital security challenge\n"  # another day: new
        "23 March 2017\nransomware – the new interpol digital security challenge\n"  # repeats the row above
    )
    listing = read_listing(text, timeline.taxonomy, timeline.bulletins)
    assert [row.duplicate_of for row in listing.rows] == ["2017-03-22-ransomware-digital-security-challenge"] * 2 + [
        "",
        "",
    ]
    assert [row.repeats_line for row in listing.rows] == [0, 0, 0, 6]
    assert [row.line for row in listing.new_rows()] == [6]


def test_tags_are_suggested_with_the_words_that_triggered_them_and_none_accepted(timeline):
    listing = read_listing(ENGLISH + FRENCH, timeline.taxonomy)
    suggested = [{s.key: s.words for s in row.suggestions} for row in listing.rows]
    assert suggested[0] == {
        "financial-crime": ("fraud", "payment card", "scams"),
        "operational-investigative-support": ("operation",),
    }
    assert suggested[2]["financial-crime"] == ("escroqueries",)
    assert suggested[3] == {"advanced-cybercrime": ("rançongiciels",)}
    assert all(not row.accepted for row in listing.rows)


def test_the_file_written_reads_back_by_the_fast_reader_with_only_original_titles(tmp_path, timeline):
    listing = read_listing(ENGLISH + FRENCH, timeline.taxonomy)
    listing.rows[0].accepted = {"financial-crime", "operational-investigative-support"}
    target = tmp_path / "mine.yaml"
    result = import_rows(target, listing.new_rows(), timeline.taxonomy)
    assert len(result.added) == result.total == 4
    text = target.read_text(encoding="utf-8")
    fast = parse_canonical(
        text,
        timeline.taxonomy.initiative_keys(),
        timeline.taxonomy.crime_type_keys(),
        max_text=2000,
        max_items=1000,
        years=(1900, 2100),
    )
    assert fast is not None
    general = parse_bulletins(target, text, timeline.taxonomy, fast=False).bulletins
    assert sorted(fast) == sorted(general)
    loaded = load_timeline(target, timeline.taxonomy)
    fraud = next(b for b in loaded.bulletins if b.date.isoformat() == "2017-04-03")
    assert (fraud.initiatives, fraud.crime_types) == (("operational-investigative-support",), ("financial-crime",))
    assert (fraud.title_en, fraud.title_fr) == (listing.rows[0].title, "")
    # Shown in French as the original, marked as not translated; found by its words whatever the language.
    assert fraud.title("fr") == listing.rows[0].title and not fraud.is_translated("fr") and fraud.is_translated("en")
    index = TimelineIndex(loaded)
    assert [loaded[p].id for p in index.matching(Query("rancongiciels"))] == [
        "2017-03-22-rancongiciels-nouveau-defi-matiere-securite"
    ]


def test_adding_to_a_file_keeps_its_text_and_skips_what_it_holds(tmp_path, timeline):
    target = tmp_path / "mine.yaml"
    import_rows(target, read_listing(ENGLISH, timeline.taxonomy).rows, timeline.taxonomy)
    target.write_text(target.read_text(encoding="utf-8") + "  # a comment of the user's\n", encoding="utf-8")
    before = target.read_text(encoding="utf-8")
    existing = load_timeline(target, timeline.taxonomy).bulletins
    listing = read_listing(ENGLISH + FRENCH, timeline.taxonomy, existing)
    assert [row.is_duplicate for row in listing.rows] == [True, True, False, False]
    result = import_rows(target, listing.new_rows(), timeline.taxonomy)
    assert (len(result.added), result.total) == (2, 4)
    assert target.read_text(encoding="utf-8").startswith(before)


def test_nothing_is_written_into_a_file_with_problems(tmp_path, timeline):
    target = tmp_path / "broken.yaml"
    target.write_text("schema: 1\nbulletins:\n  - id: x\n    date: 2017-02-30\n", encoding="utf-8")
    before = target.read_bytes()
    with pytest.raises(DataLoadError):
        import_rows(target, read_listing(ENGLISH, timeline.taxonomy).rows, timeline.taxonomy)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["broken.yaml"]


def test_round_trip_of_the_packaged_bulletins(tmp_path, timeline):
    """Their dates and original titles, written as a listing (each date in its title's language), give them back."""
    listing_text = "\n\n".join(
        f"{i18n.format_date(b.date, b.language)}\n{b.original_title}" for b in reversed(timeline.bulletins)
    )
    listing = read_listing(listing_text, timeline.taxonomy)
    assert listing.rejects == []
    assert [row.language for row in listing.rows] == [b.language for b in reversed(timeline.bulletins)]
    target = tmp_path / "empty.yaml"
    target.write_text("", encoding="utf-8")
    result = import_rows(target, listing.rows, timeline.taxonomy)
    assert result.total == 29
    back = load_timeline(target, timeline.taxonomy)
    assert sorted((b.date, b.original_title) for b in back.bulletins) == sorted(
        (b.date, b.original_title) for b in timeline.bulletins
    )


def test_a_missing_original_title_is_still_an_error(tmp_path, timeline):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema: 1\nbulletins:\n  - id: a\n    date: 2017-02-03\n    language: fr\n"
        '    title:\n      en: "Only English"\n',
        encoding="utf-8",
    )
    with pytest.raises(DataLoadError) as caught:
        load_timeline(bad, timeline.taxonomy)
    assert [(e.line, e.field, e.msgid) for e in caught.value.errors] == [
        (7, "bulletins[0].title.fr", "required field is missing")
    ]


def test_keywords_are_checked_by_the_taxonomy_loader():
    from timeline_gui.storage.taxonomy_reader import parse_taxonomy

    text = (
        "schema: 1\ncrime_types:\n  - key: a\n    label: {en: A, fr: A}\n    description: {en: A, fr: A}\n"
        "    keywords: {en: [Fraud, fraud], fr: 3}\ninitiatives: []\n"
        "complex: {key: c, label: {en: C, fr: C}, description: {en: C, fr: C}}\n"
    )
    with pytest.raises(DataLoadError) as caught:
        parse_taxonomy("t.yaml", text)
    assert [(e.field, e.msgid[:15]) for e in caught.value.errors] == [
        ("crime_types[0].keywords.en[1]", "keyword {word!r"),
        ("crime_types[0].keywords.fr", "expected {expec"),
    ]


def run_cli(*args, cwd):
    from test_cli import run

    return run(*args, cwd=cwd)


def test_the_command_prints_what_it_read_and_writes(tmp_path):
    (tmp_path / "news.txt").write_text(ENGLISH + FRENCH, encoding="utf-8")
    result = run_cli("import", "news.txt", "--into", "mine.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "line 2: 3 April 2017 [English] Fraud ring targeted" in result.stdout
    assert "    suggested tag: Financial crime (from: fraud, payment card, scams)" in result.stdout
    assert "mine.yaml: 4 bulletins added, 4 in all" in result.stdout
    assert "crime_types: []" in (tmp_path / "mine.yaml").read_text(encoding="utf-8")  # only listed, not accepted
    again = run_cli("import", "news.txt", "--into", "mine.yaml", "--accept-tags", "--lang", "fr", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "(déjà dans le fichier sous 2017-04-03-fraud-ring-targeted-global-operation : ignoré)" in again.stdout
    assert "4 lignes lues, 0 nouvelle, 4 doublons ignorés, 0 ligne rejetée" in again.stderr


def test_the_command_accepts_tags_when_asked(tmp_path):
    (tmp_path / "news.txt").write_text(ENGLISH, encoding="utf-8")
    result = run_cli("import", "news.txt", "--into", "mine.yaml", "--accept-tags", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    loaded = load_timeline(tmp_path / "mine.yaml")
    assert loaded[0].crime_types == ("financial-crime",)


def test_the_command_writes_nothing_on_rejected_lines_and_exits_1(tmp_path):
    (tmp_path / "news.txt").write_text(ENGLISH + "Orphan title of a cybercrime report\n", encoding="utf-8")
    result = run_cli("import", "news.txt", "--into", "mine.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "news.txt:6:1: a title without a date line before it" in result.stderr
    assert not (tmp_path / "mine.yaml").exists()
    skipped = run_cli("import", "news.txt", "--into", "mine.yaml", "--skip-rejected", cwd=tmp_path)
    assert skipped.returncode == 0, skipped.stderr
    assert len(load_timeline(tmp_path / "mine.yaml")) == 2


def test_the_command_exits_2_on_usage_errors_and_1_on_unreadable_files(tmp_path):
    assert run_cli("import", "news.txt", cwd=tmp_path).returncode == 2
    missing = run_cli("import", "news.txt", "--into", "mine.yaml", cwd=tmp_path)
    assert missing.returncode == 1
    assert "news.txt: cannot read the file" in missing.stderr


def test_rows_added_to_the_file_since_the_preview_are_not_added_twice(tmp_path, timeline):
    target = tmp_path / "mine.yaml"
    listing = read_listing(ENGLISH, timeline.taxonomy)  # previewed against an empty target: both new
    import_rows(target, read_listing(ENGLISH, timeline.taxonomy).rows[:1], timeline.taxonomy)  # meanwhile
    result = import_rows(target, listing.new_rows(), timeline.taxonomy)
    assert (len(result.added), result.total) == (1, 2)


def test_only_a_regular_listing_file_of_bounded_size_is_read(tmp_path):
    import os

    from timeline_gui.storage.listing import MAX_LISTING_BYTES, read_listing_file

    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    with pytest.raises(DataLoadError, match="it is a named pipe, not a regular file"):
        read_listing_file(pipe)  # refused at once: opening a pipe would wait for a writer
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(MAX_LISTING_BYTES + 1)
    with pytest.raises(DataLoadError, match="larger than the limit of 67108864 bytes"):
        read_listing_file(big)


def test_a_file_in_another_layout_is_written_again_with_all_it_held(tmp_path, timeline):
    from timeline_gui.storage.loader import packaged_path

    target = tmp_path / "commented.yaml"
    target.write_text("# not the canonical header\n" + packaged_path("bulletins.yaml").read_text("utf-8"), "utf-8")
    before = load_timeline(target, timeline.taxonomy).bulletins
    assert any(bulletin.basis for bulletin in before)
    result = import_rows(target, read_listing(ENGLISH, timeline.taxonomy).rows, timeline.taxonomy)
    assert result.total == 31
    after = load_timeline(target, timeline.taxonomy).bulletins
    assert set(before) < set(after)  # every field of every bulletin kept, the reasons of tags included
    assert target.read_text("utf-8").startswith("schema: 1\nbulletins:\n")
