"""Export to PDF: what the document says (read back with pypdf), files written whole or not at all,
the command's exit codes, and the dialog's pre-fill from the timeline."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import bulletin_ids, modal_dialog
from pypdf import PdfReader

from timeline_gui import i18n
from timeline_gui.domain.query import Query
from timeline_gui.export.plan import ExportRequest, build_plan

SEPTEMBER = (dt.date(2016, 9, 1), dt.date(2016, 9, 30))


@pytest.fixture(autouse=True)
def widgets_application(qapp):
    """The PDF code would make a bare QGuiApplication, on which later tests could build no widgets."""
    return qapp


def words(text: str) -> str:
    """Text with every run of whitespace (tabs, line breaks, no-break spaces) as one space,
    and words cut at a hyphen by a line break joined again ("multi- stakeholder")."""
    return re.sub(r"-\s+", "-", " ".join(text.split()))


def pdf_pages(path: Path) -> list[str]:
    return [words(page.extract_text()) for page in PdfReader(path).pages]


def in_order(text: str, needles: list[str]) -> bool:
    position = 0
    for needle in needles:
        found = text.find(words(needle), position)
        if found < 0:
            return False
        position = found + 1
    return True


def export(
    timeline, path: Path, language: str = "en", request: ExportRequest | None = None, progress=None, paper: str = "A4"
) -> int:
    from timeline_gui.export.pdf import export_pdf

    i18n.set_language(language)
    plan = build_plan(timeline, request or ExportRequest(*SEPTEMBER))
    return export_pdf(plan, timeline.taxonomy, path, paper, progress)


def september(timeline):
    return [b for b in timeline.bulletins if SEPTEMBER[0] <= b.date <= SEPTEMBER[1]]


# ------------------------------------------------------------------ the plan (no Qt)


def test_plan_keeps_the_inclusive_range_in_timeline_order(timeline):
    plan = build_plan(timeline, ExportRequest(dt.date(2016, 9, 2), dt.date(2016, 9, 10)))
    assert [b.date.day for b in plan.bulletins] == [2, 6, 10]
    assert [(m.year, m.month) for m in plan.months] == [(2016, 9)]
    newest_first = build_plan(timeline, ExportRequest(*SEPTEMBER, descending=True))
    assert list(newest_first.bulletins) == list(reversed(september(timeline)))


def test_plan_applies_filters_and_counts_initiatives(timeline):
    everything = build_plan(timeline, ExportRequest())
    assert len(everything) == len(timeline)
    assert (everything.start, everything.end) == (timeline[0].date, timeline[len(timeline) - 1].date)
    counts = {item.key: item.count for item in everything.initiative_counts}
    for key, count in counts.items():
        assert count == sum(1 for b in timeline.bulletins if key in b.initiatives)
    assert everything.without_initiative == sum(1 for b in timeline.bulletins if not b.initiatives)
    tagged = build_plan(timeline, ExportRequest(initiatives=("igci",)))
    assert tagged.bulletins and all("igci" in b.initiatives for b in tagged.bulletins)
    searched = build_plan(timeline, ExportRequest(query=Query("cybercrime")))
    assert searched.bulletins and all("cybercrim" in (b.title_en + b.title_fr).lower() for b in searched.bulletins)


def reference_counts(timeline, bulletins):
    """Bulletins per initiative node, by reading every bulletin for every node (a node counts its subtree)."""
    taxonomy = timeline.taxonomy
    result = []

    def walk(node, depth):
        keys = taxonomy.subtree_keys(node.key)
        result.append((node.key, depth, sum(1 for b in bulletins if keys.intersection(b.initiatives))))
        for child in node.children:
            walk(child, depth + 1)

    for branch in ("initiatives", "complex"):
        for root in taxonomy.roots(branch):
            walk(root, 0)
    return result


@pytest.mark.parametrize(
    "request_",
    [
        ExportRequest(),
        ExportRequest(*SEPTEMBER),
        ExportRequest(dt.date(2016, 3, 1), dt.date(2017, 3, 8), descending=True),
        ExportRequest(dt.date(2001, 1, 1), dt.date(2001, 1, 31)),
        ExportRequest(query=Query("cybercrime")),
        ExportRequest(dt.date(2016, 3, 1), dt.date(2016, 12, 31), query=Query("interpol")),
        ExportRequest(initiatives=("igci", "operational-investigative-support")),
    ],
    ids=["all", "september", "range-newest-first", "empty", "search", "search-in-range", "initiatives"],
)
def test_initiative_counts_match_reading_every_bulletin(timeline, request_):
    from timeline_gui.domain.query import TimelineIndex

    for index in (None, TimelineIndex(timeline)):
        plan = build_plan(timeline, request_, index)
        assert [(c.key, c.depth, c.count) for c in plan.initiative_counts] == reference_counts(timeline, plan.bulletins)
        assert plan.without_initiative == sum(1 for b in plan.bulletins if not b.initiatives)


def test_initiative_counts_of_nested_nodes_match_reading_every_bulletin():
    """A taxonomy whose initiatives have nodes below them (two levels), bulletins tagged at every level."""
    import random

    from timeline_gui.domain.model import Bulletin, LocalizedText, Taxonomy, TaxonomyNode, Timeline

    def node(key, branch, *children):
        return TaxonomyNode(key, branch, LocalizedText(key, key), LocalizedText("", ""), tuple(children))

    taxonomy = Taxonomy(
        crime_types=(node("crime", "crime_types"),),
        initiatives=(
            node("a", "initiatives", node("a1", "initiatives", node("a1x", "initiatives")), node("a2", "initiatives")),
            node("b", "initiatives"),
        ),
        complex=node("c", "complex", node("c1", "complex")),
    )
    keys = ["a", "a1", "a1x", "a2", "b", "c", "c1"]
    rng = random.Random(3)
    bulletins = [
        Bulletin(
            f"b{n:04d}",
            dt.date(2016, 1, 1) + dt.timedelta(days=rng.randint(0, 700)),
            "en",
            f"title {n} {rng.choice(['red', 'blue'])}",
            f"titre {n}",
            tuple(rng.sample(keys, rng.randint(0, 3))),
            ("crime",),
        )
        for n in range(600)
    ]
    timeline = Timeline(bulletins, taxonomy)
    for request_ in (
        ExportRequest(),
        ExportRequest(dt.date(2016, 6, 1), dt.date(2017, 2, 1)),
        ExportRequest(query=Query("red")),
        ExportRequest(dt.date(2016, 6, 1), dt.date(2017, 2, 1), initiatives=("a1",), descending=True),
    ):
        plan = build_plan(timeline, request_)
        assert [(c.key, c.depth, c.count) for c in plan.initiative_counts] == reference_counts(timeline, plan.bulletins)
        assert {c.depth for c in plan.initiative_counts} == {0, 1, 2}


# ------------------------------------------------------------------ the document


def test_pdf_lists_exactly_the_bulletins_of_the_range_in_english(timeline, tmp_path):
    target = tmp_path / "september.pdf"
    pages = export(timeline, target)
    texts = pdf_pages(target)
    assert len(texts) == pages
    whole = " ".join(texts)
    chosen = september(timeline)
    assert len(chosen) == 7
    assert in_order(
        whole,
        [
            "INTERPOL cybercrime bulletins",
            "1 September 2016 to 30 September 2016",
            "Bulletins per initiative",
            "2016",
            "September 2016",
        ],
    )
    assert in_order(whole, [b.title_en for b in chosen])
    for bulletin in timeline.bulletins:
        if bulletin not in chosen:
            assert words(bulletin.title_en) not in whole
    # Each date, and the French original of a translated title, is there.
    assert in_order(whole, [i18n.format_short_date(b.date) for b in chosen])
    translated = [b for b in chosen if b.language == "fr"]
    for bulletin in translated:
        assert words(f"Original title (French): {bulletin.title_fr}") in whole
    assert "Initiatives: " in whole and "Crime types: " in whole
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
    # The first page opens with the figure of the axis and the counts; the bulletins follow on the second.
    assert "Bulletins over time, by initiative" in texts[0] and "Bulletins per initiative" in texts[0]
    assert pages == 2 and texts[1].startswith("Bulletins 2016 September 2016")


def test_pdf_in_french_has_french_labels_and_page_numbers(timeline, tmp_path):
    target = tmp_path / "septembre.pdf"
    pages = export(timeline, target, "fr")
    texts = pdf_pages(target)
    whole = " ".join(texts)
    chosen = september(timeline)
    assert in_order(
        whole,
        [
            "Bulletins d’INTERPOL sur la cybercriminalité",
            "Du 1er septembre 2016 au 30 septembre 2016",
            "Bulletins par initiative",
            "Septembre 2016",
        ],
    )
    assert in_order(whole, [b.title_fr for b in chosen])
    assert "Types de criminalité :" in whole
    label = timeline.taxonomy.label(chosen[0].initiatives[0], "fr") if chosen[0].initiatives else None
    if label:
        assert label in whole
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} sur {pages}" in text
    assert "Page 1 of" not in whole


def test_pdf_metadata_fonts_and_paper(timeline, tmp_path):
    target = tmp_path / "out.pdf"
    export(timeline, target, "fr", paper="Letter")
    reader = PdfReader(target)
    assert (
        reader.metadata.title
        == "Bulletins d’INTERPOL sur la cybercriminalité, du 1er septembre 2016 au 30 septembre 2016"
    )
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # US Letter, in points
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descendants = font.get_object().get("/DescendantFonts") or [font]
            for descendant in descendants:
                descriptor = descendant.get_object()["/FontDescriptor"]
                assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), descriptor
    english = tmp_path / "en.pdf"
    export(timeline, english, "en")
    assert PdfReader(english).trailer["/Root"]["/Lang"] == "en-GB"
    assert round(float(PdfReader(english).pages[0].mediabox.width)) == 595  # A4


def pdf_info(path: Path) -> dict[str, object]:
    """What a reader shows as the document's properties: its information dictionary, and its XMP packet."""
    reader = PdfReader(path)
    info, xmp = reader.metadata, reader.xmp_metadata
    return {
        "title": info.title,
        "author": info.author,
        "subject": info.subject,
        "creator": info.creator,
        "producer": info.producer,
        "lang": reader.trailer["/Root"]["/Lang"],
        "xmp": (
            xmp.dc_title,
            xmp.dc_creator,
            xmp.dc_description,
            xmp.dc_language,
            xmp.xmp_creator_tool,
            xmp.pdf_producer,
        ),
        "version": reader.pdf_header,
    }


def test_pdf_metadata_in_both_languages(timeline, tmp_path):
    from PySide6.QtCore import qVersion

    import timeline_gui

    creator, producer = (
        f"Cybercrime Timeline {timeline_gui.__version__}",
        f"Qt {qVersion()}, pypdf {__import__('pypdf').__version__}",
    )
    request = ExportRequest(*SEPTEMBER, query=Query("cybercrime"))
    export(timeline, tmp_path / "en.pdf", "en", request=request)
    title = "INTERPOL cybercrime bulletins, 1 September 2016 to 30 September 2016"
    subject = "1 September 2016 to 30 September 2016; filters: search “cybercrime”"
    assert pdf_info(tmp_path / "en.pdf") == {
        "title": title,
        "author": "Cybercrime Timeline",
        "subject": subject,
        "creator": creator,
        "producer": producer,
        "lang": "en-GB",
        "xmp": ({"x-default": title}, ["Cybercrime Timeline"], {"x-default": subject}, ["en-GB"], creator, producer),
        "version": "%PDF-1.4",
    }
    export(timeline, tmp_path / "fr.pdf", "fr")
    name = "Chronologie de la cybercriminalité"
    creator = f"{name} {timeline_gui.__version__}"
    title = "Bulletins d’INTERPOL sur la cybercriminalité, du 1er septembre 2016 au 30 septembre 2016"
    subject = "Du 1er septembre 2016 au 30 septembre 2016\u00a0; filtres\u00a0: néant"
    assert pdf_info(tmp_path / "fr.pdf") == {
        "title": title,
        "author": name,
        "subject": subject,
        "creator": creator,
        "producer": producer,
        "lang": "fr-FR",
        "xmp": ({"x-default": title}, [name], {"x-default": subject}, ["fr-FR"], creator, producer),
        "version": "%PDF-1.4",
    }


def outline_entries(reader: PdfReader, items=None, level: int = 0) -> list[tuple[int, str, int]]:
    """The bookmarks a reader lists: (level, title, page number from 1), in order."""
    entries: list[tuple[int, str, int]] = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            entries.extend(outline_entries(reader, item, level + 1))
        else:
            entries.append((level, item.title, reader.get_destination_page_number(item) + 1))
    return entries


@pytest.mark.parametrize("language", ["en", "fr"])
def test_pdf_bookmarks_go_to_each_year_and_month(timeline, tmp_path, language):
    target = tmp_path / "all.pdf"
    export(timeline, target, language, request=ExportRequest(None, None))
    reader = PdfReader(target)
    entries = outline_entries(reader)
    months = sorted({(b.date.year, b.date.month) for b in timeline.bulletins})
    expected = []
    for year in sorted({year for year, _month in months}):
        expected.append((0, i18n.format_year(year, language)))
        expected.extend(
            (1, i18n.format_month(year, month, language)[:1].upper() + i18n.format_month(year, month, language)[1:])
            for y, month in months
            if y == year
        )
    assert [(level, title) for level, title, _page in entries] == expected
    pages = pdf_pages(target)
    for _level, title, page in entries:
        assert words(title) in pages[page - 1], (title, page)
    assert [page for *_rest, page in entries] == sorted(page for *_rest, page in entries)
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


@pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf is not installed")
def test_pdf_passes_qpdf_check(timeline, tmp_path):
    export(timeline, tmp_path / "out.pdf", "fr")
    result = subprocess.run(["qpdf", "--check", str(tmp_path / "out.pdf")], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "No syntax or stream encoding errors" in result.stdout, (
        result.stdout + result.stderr
    )


# ------------------------------------------------------------------ content taller than a page

MM = 72 / 25.4  # points per millimetre


def tall_timeline(initiatives: int = 0):
    """A bulletin within every documented limit yet taller than a page: a 2,000-character title, 300 places and
    300 partners, between two ordinary ones. With ``initiatives``, a taxonomy with that many more initiatives,
    so that the table of counts is taller than a page too."""
    from timeline_gui.domain.model import Bulletin, LocalizedText, Taxonomy, TaxonomyNode, Timeline
    from timeline_gui.storage.data_format import MAX_TEXT_LENGTH
    from timeline_gui.storage.loader import load_taxonomy

    taxonomy = load_taxonomy()
    if initiatives:
        extra = tuple(
            TaxonomyNode(
                f"extra-{n:03d}",
                "initiatives",
                LocalizedText(f"Extra initiative {n:03d}", f"Initiative supplémentaire {n:03d}"),
                LocalizedText("", ""),
                (),
            )
            for n in range(initiatives)
        )
        taxonomy = Taxonomy(taxonomy.crime_types, taxonomy.initiatives + extra, taxonomy.complex, taxonomy.names)
    title = " ".join(f"word{n}" for n in range(400))[:MAX_TEXT_LENGTH].rstrip()
    assert len(title) >= 1990
    tall = Bulletin(
        "2016-09-02-tall",
        dt.date(2016, 9, 2),
        "en",
        title,
        "titre " + title[: MAX_TEXT_LENGTH - 6],
        tuple(sorted(taxonomy.initiative_keys())),
        tuple(sorted(taxonomy.crime_type_keys())),
        tuple(f"Place{n}" for n in range(300)),
        tuple(f"Partner{n}" for n in range(300)),
    )
    before = Bulletin(
        "2016-09-01-before", dt.date(2016, 9, 1), "en", "The bulletin before", "Le bulletin avant", (), ()
    )
    after = Bulletin("2016-09-03-after", dt.date(2016, 9, 3), "fr", "The bulletin after", "Le bulletin après", (), ())
    return Timeline([before, tall, after], taxonomy)


def text_lines(path: Path) -> list[list[tuple[float, str]]]:
    """Each page's runs of text with their baselines, in points from the page's top, in drawing order."""
    pages = []
    for page in PdfReader(path).pages:
        height = float(page.mediabox.height)
        runs: list[tuple[float, str]] = []

        def visit(text, cm, tm, _font, _size, runs=runs, height=height):
            if text.strip():
                runs.append((height - (tm[4] * cm[1] + tm[5] * cm[3] + cm[5]), text))

        page.extract_text(visitor_text=visit)
        pages.append(runs)
    return pages


def blank_band(path: Path, top_points: float, bottom_points: float) -> list[bool]:
    """Per page, whether the band between two heights (points from the top) renders blank (pdftoppm, 50 dpi)."""
    folder = path.parent / (path.stem + "-pages")
    folder.mkdir()
    subprocess.run(["pdftoppm", "-gray", "-r", "50", str(path), str(folder / "p")], check=True, timeout=120)
    blank = []
    for image in sorted(folder.glob("p-*.pgm"), key=lambda p: int(p.stem.split("-")[1])):
        data = image.read_bytes()
        fields = data.split(maxsplit=4)  # P5, width, height, maxval, pixels
        width = int(fields[1])
        pixels = fields[4]
        first, last = int(top_points * 50 / 72) + 1, int(bottom_points * 50 / 72) - 1
        blank.append(all(value == 255 for value in pixels[first * width : last * width]))
    return blank


def check_within_margins(path: Path, page_height: float) -> None:
    bottom = page_height - 24 * MM  # the layout's bottom margin; the footer sits below its rule, 9 mm lower
    footer = bottom + 9 * MM
    for number, runs in enumerate(text_lines(path), start=1):
        body = [(y, text) for y, text in runs if y < footer]
        assert body and all(20 * MM < y <= bottom for y, _text in body), (number, [r for r in body if r[0] > bottom])
        assert [text for y, text in runs if y >= footer][-1].startswith("Page"), number
    if shutil.which("pdftoppm"):
        assert all(blank_band(path, bottom, footer))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_bulletin_taller_than_a_page_continues_on_the_next_pages(tmp_path, language):
    timeline = tall_timeline()
    tall = timeline.bulletins[1]
    target = tmp_path / "tall.pdf"
    pages = export(timeline, target, language, request=ExportRequest())
    assert pages >= 3
    check_within_margins(target, 842)
    texts = pdf_pages(target)
    whole = " ".join(texts)
    title = tall.title(language)
    # All of it, in order: the title word by word, then every place and every partner, then the next bulletin
    # (compared without spaces: text extraction sometimes splits a word where glyphs are placed apart).
    after = "The bulletin after" if language == "en" else "Le bulletin après"
    needles = [*title.split(), *tall.places, *tall.partners, after]
    assert in_order("".join(whole.split()), ["".join(needle.split()) for needle in needles])
    # It starts on the page of its headings (the first page holds the figure and the counts): no page holds only
    # headings, and each page after says which month it continues.
    month = "September 2016" if language == "en" else "Septembre 2016"
    first = next(number for number, text in enumerate(texts) if text.startswith(f"Bulletins 2016 {month}"))
    assert title.split()[0] in texts[first].split()
    continued = "(continued)" if language == "en" else "(suite)"
    assert texts[first + 1 :]
    for text in texts[first + 1 :]:
        assert text.startswith(f"{month} {continued}"), text[:60]


def test_a_table_of_counts_taller_than_a_page_continues_row_by_row(tmp_path):
    timeline = tall_timeline(initiatives=90)
    target = tmp_path / "table.pdf"
    export(timeline, target, request=ExportRequest())
    check_within_margins(target, 842)
    whole = " ".join(pdf_pages(target))
    plan = build_plan(timeline, ExportRequest())
    labels = [timeline.taxonomy.label(item.key, "en") for item in plan.initiative_counts]
    assert len(labels) == 97
    assert in_order(
        whole, ["Bulletins per initiative", *labels, "All bulletins in the range", "Bulletins", "The bulletin before"]
    )


def test_empty_range_still_makes_a_document(timeline, tmp_path):
    target = tmp_path / "empty.pdf"
    export(timeline, target, request=ExportRequest(dt.date(2001, 1, 1), dt.date(2001, 1, 31)))
    text = " ".join(pdf_pages(target))
    assert "No bulletins in this range." in text and "Page 1 of 1" in text


# ------------------------------------------------------------------ whole or not at all


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_unwritable_folder_leaves_nothing_and_says_why(timeline, tmp_path):
    from timeline_gui.export.pdf import ExportError

    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file, not a folder")
    with pytest.raises(ExportError, match="Cannot write .*notes.txt/out.pdf: Not a directory"):
        export(timeline, not_a_folder / "out.pdf")
    assert leftovers(tmp_path) == ["notes.txt"]


def test_failure_at_the_rename_removes_the_temporary_file(timeline, tmp_path):
    from timeline_gui.export.pdf import ExportError

    (tmp_path / "taken.pdf").mkdir()  # a folder where the file should go: os.replace fails, even for root
    with pytest.raises(ExportError, match="taken.pdf"):
        export(timeline, tmp_path / "taken.pdf")
    assert leftovers(tmp_path) == ["taken.pdf"]


def test_cancel_leaves_no_file_and_keeps_an_existing_one(timeline, tmp_path):
    from timeline_gui.export.pdf import ExportCancelled

    target = tmp_path / "kept.pdf"
    target.write_bytes(b"the previous export")
    seen = []

    def cancel_after_first_page(fraction: float) -> bool:
        seen.append(fraction)
        return fraction <= 0.5

    with pytest.raises(ExportCancelled):
        export(timeline, target, request=ExportRequest(), progress=cancel_after_first_page)
    assert target.read_bytes() == b"the previous export"
    assert leftovers(tmp_path) == ["kept.pdf"]
    assert seen and seen[-1] > 0.5


def test_pdf_module_needs_no_widgets():
    code = "import sys, timeline_gui.export.pdf; print(any(m.startswith('PySide6.QtWidgets') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.stdout.strip() == "False", result.stderr


# ------------------------------------------------------------------ the command


def run(*args, cwd=None):
    env = dict(os.environ, LANG="C.UTF-8")
    env.pop("QT_QPA_PLATFORM", None)  # the command must manage without a display on its own
    env.pop("LC_ALL", None)
    return subprocess.run(
        [sys.executable, "-m", "timeline_gui", "export", *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        env=env,
    )


def test_export_command_writes_the_range(tmp_path, timeline):
    target = tmp_path / "out.pdf"
    result = run(str(target), "--from", "2016-09-01", "--to", "30 September 2016", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == [f"{target}: 7 bulletins, 2 pages"]
    assert in_order(" ".join(pdf_pages(target)), [b.title_en for b in september(timeline)])

    french = tmp_path / "fr.pdf"
    result = run(
        str(french),
        "--from",
        "septembre 2016",
        "--to",
        "30/09/2016",
        "--lang",
        "fr",
        "--initiative",
        "capacity-building",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    text = " ".join(pdf_pages(french))
    chosen = [b for b in september(timeline) if "capacity-building" in b.initiatives]
    assert chosen and in_order(text, [b.title_fr for b in chosen])
    assert all(words(b.title_fr) not in text for b in september(timeline) if b not in chosen)
    assert "Page 1 sur" in text


def test_export_command_reads_iso_first_and_the_month_first_where_the_locale_does(tmp_path, timeline):
    """Under en_US, 09/30/2016 is 30 September and 2016-09-01 still ISO; under C.UTF-8 (no CLDR locale), day first."""
    env = dict(os.environ, LANG="en_US.UTF-8")
    env.pop("QT_QPA_PLATFORM", None)
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    target = tmp_path / "us.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "timeline_gui", "export", str(target), "--from", "2016-09-01", "--to", "09/30/2016"],
        check=False,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{target}: 7 bulletins, 2 pages"
    day_first = run(str(tmp_path / "c.pdf"), "--from", "01/09/2016", "--to", "30/09/2016", cwd=tmp_path)
    assert day_first.returncode == 0, day_first.stderr
    assert day_first.stdout.strip() == f"{tmp_path / 'c.pdf'}: 7 bulletins, 2 pages"


@pytest.mark.parametrize(
    "args, code",
    [
        (["--from", "someday"], 2),
        (["--from", "2017-01-01", "--to", "2016-01-01"], 2),
        (["--initiative", "no-such-initiative"], 2),
        (["--lang", "de"], 2),
        (["--data", "bad.yaml"], 1),
        (["--data", "missing.yaml"], 1),
    ],
)
def test_export_command_errors(tmp_path, args, code):
    (tmp_path / "bad.yaml").write_text("schema: 1\nbulletins:\n  - id: a\n    date: 2017-02-30\n", encoding="utf-8")
    result = run("out.pdf", *args, cwd=tmp_path)
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    if code == 2:  # wrong usage: argparse's usage line, then the error, as validate and desktop say it
        assert lines[0].startswith("usage: timeline-gui export") and lines[-1].startswith(
            "timeline-gui export: error: "
        ), result.stderr
    else:
        assert len(lines) == 1, result.stderr
    assert not (tmp_path / "out.pdf").exists()


def test_export_command_unwritable_target_and_usage(tmp_path):
    (tmp_path / "file").write_text("")
    result = run(str(tmp_path / "file" / "out.pdf"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"Cannot write {tmp_path / 'file' / 'out.pdf'}: Not a directory"]
    missing = run(cwd=tmp_path)
    assert missing.returncode == 2
    assert (
        missing.stderr.strip().splitlines()[-1]
        == "timeline-gui export: error: the following arguments are required: OUT.pdf"
    )
    assert leftovers(tmp_path) == ["file"]


# ------------------------------------------------------------------ the dialog


def select_ids(window, ids):
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    selection = QItemSelection()
    for bulletin_id in ids:
        index = window.proxy.index(window.proxy.row_for_bulletin(bulletin_id), 0)
        selection.select(index, index)
    window.timeline_view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def test_dialog_exports_the_selected_bulletins_or_their_range(window, timeline, tmp_path, qtbot):
    """Three bulletins chosen apart (Ctrl+click) are three bulletins exported, not everything between them."""
    chosen = september(timeline)
    picked = [chosen[0], chosen[3], chosen[-1]]
    select_ids(window, [b.id for b in picked])
    window.export_action.trigger()
    dialog = modal_dialog("export-dialog")
    assert dialog.isVisible()
    assert dialog.chosen_radio.isChecked() and dialog.chosen_radio.text() == "The &selected bulletins (3)"
    assert dialog.count_label.text() == "3 bulletins to export"
    assert not dialog.from_edit.isEnabled()
    assert (dialog.start, dialog.end) == (chosen[0].date, chosen[-1].date)
    assert dialog.target.name == f"bulletins_{chosen[0].date.isoformat()}_{chosen[-1].date.isoformat()}.pdf"
    assert dialog.paper in ("A4", "Letter")

    dialog.range_radio.setChecked(True)  # the range the selection spans, prefilled
    assert dialog.from_edit.isEnabled() and dialog.count_label.text() == "7 bulletins to export"
    # The name follows the dates until the person types one.
    dialog.from_edit.setDate(dialog.from_edit.date().addDays(-1))
    assert dialog.target.name == f"bulletins_2016-09-01_{chosen[-1].date.isoformat()}.pdf"
    dialog.chosen_radio.setChecked(True)

    target = tmp_path / "briefing.pdf"
    dialog.file_edit.setText(str(target))
    with qtbot.waitSignal(dialog.export_ended, timeout=60_000):
        qtbot.mouseClick(dialog.export_button, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.MouseButton.LeftButton)
    assert target.is_file()
    text = " ".join(pdf_pages(target))
    assert in_order(text, [b.title_en for b in picked])
    assert not any(words(b.title_en) in text for b in chosen if b not in picked)
    assert "the 3 bulletins chosen one by one" in text
    assert "Exported 3 bulletins to" in window.statusBar().currentMessage()


def test_dialog_refuses_an_empty_set(window, qtbot):
    window.session.set_date_range(dt.date(2016, 9, 1), dt.date(2016, 9, 30))
    window.export_action.trigger()
    dialog = modal_dialog("export-dialog")
    assert (dialog.start, dialog.end) == (dt.date(2016, 9, 1), dt.date(2016, 9, 30))  # the filters' range
    dialog.filters_check.setChecked(False)
    window.search.setText("zzzz")
    dialog.reject()
    window.export_action.trigger()
    dialog = modal_dialog("export-dialog")
    assert dialog.count_label.text() == "No bulletin in this range matches; choose another range or clear filters."
    assert not dialog.export_button.isEnabled()
    dialog.reject()


def test_dialog_without_a_range_covers_the_whole_timeline(window, timeline):
    window.timeline_view.clearSelection()
    window.search.setText("INTERPOL")
    window.export_action.trigger()
    dialog = modal_dialog("export-dialog")
    first, last = timeline[0].date, timeline[len(timeline) - 1].date
    assert (dialog.start, dialog.end) == (first, last)
    assert dialog.target.name == f"bulletins_{first.isoformat()}_{last.isoformat()}.pdf"
    assert dialog.filters_check.isChecked()
    assert dialog.filters_note.text() == "search “INTERPOL”"
    shown = len(bulletin_ids(window))
    assert dialog.count_label.text() == f"{shown} bulletins to export"
    dialog.filters_check.setChecked(False)
    assert dialog.count_label.text() == f"{len(timeline)} bulletins to export"
    dialog.to_edit.setDate(dialog.from_edit.date().addDays(-1))
    assert not dialog.export_button.isEnabled()
    dialog.reject()


def test_dialog_asks_before_replacing_a_file(window, tmp_path, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    target = tmp_path / "existing.pdf"
    target.write_bytes(b"keep me")
    window.export_action.trigger()
    dialog = modal_dialog("export-dialog")
    dialog.file_edit.setText(str(target))
    questions = []

    def answer(button):
        def click():
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                questions.append(box.text())
                box.button(button).click()
            else:
                QTimer.singleShot(20, click)

        QTimer.singleShot(0, click)

    answer(QMessageBox.StandardButton.No)
    dialog.accept()
    assert target.read_bytes() == b"keep me"
    assert dialog.isVisible()
    answer(QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.export_ended, timeout=60_000):
        dialog.accept()
    assert target.read_bytes().startswith(b"%PDF")
    assert questions == [f"existing.pdf already exists in {tmp_path}. Replace it?"] * 2


def test_dialog_cancel_leaves_no_file(window, tmp_path, qtbot):
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    window.timeline_view.clearSelection()
    window.export_action.trigger()
    dialog = modal_dialog("export-dialog")
    target = tmp_path / "cancelled.pdf"
    dialog.file_edit.setText(str(target))
    with qtbot.waitSignal(dialog.export_ended, timeout=60_000):
        dialog.accept()
        assert dialog.exporting
        dialog.findChild(QProgressDialog).findChild(QPushButton).click()
    assert dialog.isVisible() and not dialog.exporting
    assert dialog.count_label.text() == "Export cancelled; no file was written."
    assert [name for name in leftovers(tmp_path) if name != "config"] == []  # config: the test's own settings
    assert dialog.export_button.isEnabled()
    dialog.reject()


def big_timeline(count: int):
    """``count`` bulletins over eight years, for exports long enough to watch (as benchmarks/export_pdf.py makes)."""
    import random

    from timeline_gui.domain.model import Bulletin, Timeline
    from timeline_gui.storage.loader import load_taxonomy

    taxonomy = load_taxonomy()
    initiatives = sorted(taxonomy.initiative_keys())
    rng = random.Random(5)
    words_ = ["INTERPOL", "cybercrime", "operation", "ransomware", "police", "global", "forensics", "network"]
    bulletins = [
        Bulletin(
            f"b{number:06d}",
            dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(365 * 8)),
            "en",
            " ".join(rng.choice(words_) for _ in range(12)),
            " ".join(rng.choice(words_) for _ in range(12)),
            tuple(rng.sample(initiatives, 1)),
            (),
        )
        for number in range(count)
    ]
    return Timeline(sorted(bulletins, key=lambda b: b.date), taxonomy)


def test_dialog_exports_in_a_worker_while_the_window_stays_live(qtbot, tmp_path, isolated_settings):
    """accept() returns at once; the GUI thread's timers keep running and see the bar move; the PDF is whole."""
    from PySide6.QtCore import QThread, QTimer
    from PySide6.QtWidgets import QProgressDialog

    from timeline_gui.ui.export_dialog import ExportDialog

    timeline = big_timeline(4000)
    dialog = ExportDialog(timeline, folder=tmp_path)
    qtbot.addWidget(dialog)
    target = tmp_path / "big.pdf"
    dialog.file_edit.setText(str(target))
    seen: list[int] = []
    ticks = QTimer()
    ticks.setInterval(5)
    ticks.timeout.connect(
        lambda: seen.append(progress.value()) if (progress := dialog.findChild(QProgressDialog)) else None
    )
    rendering_threads = []
    from timeline_gui.ui import export_worker

    original = export_worker.export_pdf

    def recording_export(*args, **kwargs):
        rendering_threads.append(QThread.currentThread())
        return original(*args, **kwargs)

    export_worker.export_pdf = recording_export
    try:
        with qtbot.waitSignal(dialog.export_ended, timeout=120_000):
            dialog.accept()
            assert dialog.exporting and not target.exists()  # still running: accept() did not wait for it
            ticks.start()
    finally:
        export_worker.export_pdf = original
        ticks.stop()
    assert rendering_threads and rendering_threads[0] is not dialog.thread()
    assert any(0 < value < 1000 for value in seen), seen[:20]  # the GUI thread saw the bar between its ends
    assert dialog.result_path == target and dialog.result_count == 4000
    assert len(PdfReader(target).pages) == dialog.result_pages


def test_a_worker_thread_draws_the_same_pages_as_the_gui_thread(timeline, tmp_path, qtbot):
    """Fonts, shaping and painting outside the GUI thread give the same page content, glyph for glyph."""
    from timeline_gui.export.pdf import export_pdf
    from timeline_gui.ui.export_worker import ExportWorker

    i18n.set_language("fr")
    plan = build_plan(timeline, ExportRequest())
    export_pdf(plan, timeline.taxonomy, tmp_path / "gui.pdf")
    worker = ExportWorker(plan, timeline.taxonomy, tmp_path / "worker.pdf", "A4")
    with qtbot.waitSignal(worker.exported, timeout=60_000):
        worker.begin()
    worker.wait()
    gui, other = PdfReader(tmp_path / "gui.pdf").pages, PdfReader(tmp_path / "worker.pdf").pages
    assert len(gui) == len(other) > 2
    for mine, theirs in zip(gui, other, strict=True):
        assert mine.get_contents().get_data() == theirs.get_contents().get_data()


def test_the_document_states_when_its_plan_was_made(timeline, tmp_path):
    """The plan's creation time, not the moment of drawing, is what the title block prints."""
    plan = build_plan(timeline, ExportRequest(*SEPTEMBER))
    plan = dataclasses.replace(plan, created=dt.datetime(2016, 9, 30, 14, 5, 9))
    from timeline_gui.export.pdf import export_pdf

    i18n.set_language("en")
    export_pdf(plan, timeline.taxonomy, tmp_path / "out.pdf")
    first = words(PdfReader(tmp_path / "out.pdf").pages[0].extract_text())
    assert "Generated: 30 Sept 2016, 14:05:09" in first


def test_dialog_shows_a_failure_from_the_worker(window, tmp_path, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    (tmp_path / "notes.txt").write_text("a file, not a folder")
    window.export_action.trigger()
    dialog = modal_dialog("export-dialog")
    dialog.file_edit.setText(str(tmp_path / "notes.txt" / "out.pdf"))
    seen = []

    def close_box():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(f"{box.text()} {box.informativeText()}")
            box.done(0)
        else:
            QTimer.singleShot(20, close_box)

    QTimer.singleShot(0, close_box)
    with qtbot.waitSignal(dialog.export_ended, timeout=60_000):
        dialog.accept()
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen == [f"Cannot write {tmp_path / 'notes.txt' / 'out.pdf'}: Not a directory No file was written."]
    assert dialog.isVisible() and leftovers(tmp_path) == ["config", "notes.txt"]
    dialog.reject()


def test_closing_the_window_during_an_export_cancels_it(make_window, tmp_path, qtbot):
    import time

    window = make_window(big_timeline(6000))
    window.timeline_view.clearSelection()
    window.export_action.trigger()
    dialog = modal_dialog("export-dialog")
    target = tmp_path / "closed.pdf"
    dialog.file_edit.setText(str(target))
    dialog.accept()
    assert dialog.exporting
    began = time.monotonic()
    window.close()
    assert time.monotonic() - began < 2.0
    assert not dialog.exporting
    qtbot.wait(200)  # nothing is written later either
    assert not target.exists() and [name for name in leftovers(tmp_path) if name not in ("config", "data")] == []


def test_paper_follows_the_territory():
    from PySide6.QtCore import QLocale

    from timeline_gui.ui.export_dialog import default_paper

    assert default_paper(QLocale("en_US")) == "Letter"
    assert default_paper(QLocale("fr_CA")) == "Letter"
    assert default_paper(QLocale("en_GB")) == "A4"
    assert default_paper(QLocale("fr_FR")) == "A4"


def test_the_letter_territories_are_those_the_readme_names():
    from PySide6.QtCore import QLocale

    from timeline_gui.ui.export_dialog import LETTER_TERRITORIES

    readme = " ".join((Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8").split())
    names = {
        QLocale.Country.UnitedStates: "the United States",
        QLocale.Country.Canada: "Canada",
        QLocale.Country.Mexico: "Mexico",
        QLocale.Country.Philippines: "the Philippines",
        QLocale.Country.PuertoRico: "Puerto Rico",
        QLocale.Country.Chile: "Chile",
        QLocale.Country.Colombia: "Colombia",
        QLocale.Country.Venezuela: "Venezuela",
    }
    assert set(names) == LETTER_TERRITORIES
    listed = (
        "US Letter when the system's locale is in the United States, Canada, Mexico, the Philippines, Puerto Rico,"
        " Chile, Colombia or Venezuela"
    )
    assert listed in readme and all(name in listed for name in names.values())


def test_export_command_help_and_french_messages(tmp_path):
    assert run("--help", cwd=tmp_path).returncode == 0
    result = run("out.pdf", "--lang", "fr", "--from", "jamais", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("usage\u00a0: timeline-gui export")
    assert lines[-1] == "timeline-gui export\u00a0: erreur\u00a0: --from\u00a0: date illisible «\u00a0jamais\u00a0»"


def test_dialog_reports_a_file_name_it_cannot_use(window, tmp_path, qtbot):
    """~nosuchuser/, a name too long for the system, a folder, NUL: said in the dialog, never a crash."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    window.export_action.trigger()
    dialog = modal_dialog("export-dialog")
    seen: list[str] = []

    def close_next_box():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(f"{box.text()} {box.informativeText()}")
            box.done(0)
        else:
            QTimer.singleShot(20, close_next_box)

    nobody = "~no-such-user-timeline-gui/briefing.pdf"
    dialog.file_edit.setText(nobody)
    dialog.file_edit.textEdited.emit(nobody)  # typed by the person: the dates no longer rename it
    dialog.from_edit.setDate(dialog.from_edit.date().addDays(1))  # a date change reads the name: no crash
    assert dialog.file_edit.text() == nobody
    long_name = tmp_path / ("x" * 300) / "out.pdf"
    cases = [
        (nobody, f"Cannot find the home folder that {nobody} starts from. No file was written."),
        (str(long_name), f"Cannot write {long_name}: File name too long No file was written."),
        (str(tmp_path) + "/", f"{tmp_path} is a folder; choose a file name. No file was written."),
        ("/", "/ is a folder; choose a file name. No file was written."),
        ("out\0.pdf", "out.pdf is not a valid file name. No file was written."),
    ]
    for text, _message in cases:
        dialog.file_edit.setText(text)
        QTimer.singleShot(0, close_next_box)
        dialog.accept()
        assert dialog.isVisible()
    assert seen == [message for _text, message in cases]
    assert leftovers(tmp_path) == ["config"]  # the test's own settings, nothing written
    i18n.set_language("fr")
    dialog.file_edit.setText(nobody)
    QTimer.singleShot(0, close_next_box)
    dialog.accept()
    assert (
        seen[-1]
        == f"Impossible de trouver le dossier personnel par lequel commence {nobody}. Aucun fichier n’a été écrit."
    )
    dialog.reject()


def test_dialog_range_after_select_all_and_with_one_bulletin(window, timeline, qtbot):
    """Ctrl+A pre-fills the first and last bulletins shown; one selected bulletin is no range."""
    from helpers import bulletin_ids
    from PySide6.QtCore import Qt

    window.search.setText("global")
    window.timeline_view.setFocus()
    qtbot.keyClick(window.timeline_view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    shown = [timeline[timeline.index_of(bulletin_id)].date for bulletin_id in bulletin_ids(window)]
    window.export_action.trigger()
    dialog = modal_dialog("export-dialog")
    assert (
        (dialog.start, dialog.end) == (min(shown), max(shown)) != (timeline[0].date, timeline[len(timeline) - 1].date)
    )
    dialog.reject()
    select_ids(window, [september(timeline)[2].id])
    window.export_action.trigger()
    assert (modal_dialog("export-dialog").start, modal_dialog("export-dialog").end) == (
        timeline[0].date,
        timeline[len(timeline) - 1].date,
    )
    modal_dialog("export-dialog").reject()


def test_pdf_names_the_original_language_as_the_app_does(timeline, tmp_path):
    """The original's language is named as in the timeline's tooltips (i18n.language_name, lower case inside a
    sentence as French writes it); the footer joins title and range through one catalog entry."""
    target = tmp_path / "fr.pdf"
    export(timeline, target, "fr")
    texts = pdf_pages(target)
    whole = " ".join(texts)
    english_originals = [b for b in september(timeline) if b.language == "en"]
    assert english_originals
    for bulletin in english_originals:
        assert words(f"Titre original (anglais) : {bulletin.title_en}") in whole
    assert i18n.language_name("en") == "Anglais" and i18n.language_name("en", capitalized=False) == "anglais"
    for text in texts:
        assert "Bulletins d’INTERPOL sur la cybercriminalité · du 1er septembre 2016 au 30 septembre 2016" in text
