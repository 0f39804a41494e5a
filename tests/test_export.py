"""Export to PDF: what the document says (read back with pypdf), files written whole or not at all,
the command's exit codes, and the dialog's pre-fill from the timeline."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import modal_dialog
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
    # One month over two pages: the second says which month it continues.
    assert pages == 2 and texts[1].startswith("September 2016 (continued)")


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
    assert reader.metadata.creator.startswith("timeline-gui ")
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
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr


# ------------------------------------------------------------------ the command


def run(*args, cwd=None):
    env = dict(os.environ, LANG="C.UTF-8")
    env.pop("QT_QPA_PLATFORM", None)  # the command must manage without a display on its own
    env.pop("LC_ALL", None)
    return subprocess.run(
        [sys.executable, "-m", "timeline_gui", "export", *args],
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
        "operational-investigative-support",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    text = " ".join(pdf_pages(french))
    chosen = [b for b in september(timeline) if "operational-investigative-support" in b.initiatives]
    assert in_order(text, [b.title_fr for b in chosen])
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


def test_dialog_is_prefilled_from_the_selection(window, timeline, tmp_path, qtbot):
    chosen = september(timeline)
    select_ids(window, [chosen[3].id, chosen[0].id, chosen[-1].id])
    window.export_action.trigger()
    dialog = modal_dialog("export-dialog")
    assert dialog.isVisible()
    assert (dialog.start, dialog.end) == (chosen[0].date, chosen[-1].date)
    assert dialog.target.name == f"bulletins_{chosen[0].date.isoformat()}_{chosen[-1].date.isoformat()}.pdf"
    assert dialog.count_label.text() == "7 bulletins to export"
    assert dialog.paper in ("A4", "Letter")

    # The name follows the dates until the person types one.
    dialog.from_edit.setDate(dialog.from_edit.date().addDays(-1))
    assert dialog.target.name == f"bulletins_2016-09-01_{chosen[-1].date.isoformat()}.pdf"

    target = tmp_path / "briefing.pdf"
    dialog.file_edit.setText(str(target))
    qtbot.mouseClick(dialog.export_button, __import__("PySide6.QtCore", fromlist=["Qt"]).Qt.MouseButton.LeftButton)
    assert target.is_file()
    assert in_order(" ".join(pdf_pages(target)), [b.title_en for b in chosen])
    assert "Exported 7 bulletins to" in window.statusBar().currentMessage()


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
    shown = window.proxy.bulletin_count()
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
    dialog.accept()
    assert target.read_bytes().startswith(b"%PDF")
    assert questions == [f"existing.pdf already exists in {tmp_path}. Replace it?"] * 2


def test_dialog_cancel_leaves_no_file(window, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QProgressDialog

    window.timeline_view.clearSelection()
    window.export_action.trigger()
    dialog = modal_dialog("export-dialog")
    target = tmp_path / "cancelled.pdf"
    dialog.file_edit.setText(str(target))
    # Runs at the first pause between pages, as a click on Cancel would.
    QTimer.singleShot(0, lambda: dialog.findChild(QProgressDialog).cancel())
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.count_label.text() == "Export cancelled; no file was written."
    assert [name for name in leftovers(tmp_path) if name != "config"] == []  # config: the test's own settings
    dialog.reject()


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
    listed = "US Letter when the system's locale is in the United States, Canada, Mexico, the Philippines, Puerto Rico, Chile, Colombia or Venezuela"
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
