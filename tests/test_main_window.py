"""The real main window, driven as a person would, read back as a person would see it."""

from __future__ import annotations

from helpers import bulletin_ids, current_id, headings, rows
from PySide6.QtCore import QByteArray, QPoint, Qt

from timeline_gui.ui.roles import Role, RowKind
from timeline_gui.ui.taxonomy_model import COLUMN_COUNT


def test_shows_all_29_bulletins_in_date_order_under_headings(window, timeline):
    ids = bulletin_ids(window)
    assert ids == [b.id for b in timeline.bulletins]
    assert len(ids) == 29
    shown = rows(window)
    assert shown[0] == (RowKind.YEAR, "2016")
    assert shown[1] == (RowKind.MONTH, "January 2016")
    assert shown[2][0] == RowKind.BULLETIN
    assert headings(window)[-2:] == ["February 2017", "March 2017"]
    assert "2017" in headings(window)
    assert window.count_label.text() == "29 of 29 bulletins"


def test_each_entry_shows_date_title_and_original_language(window):
    model = window.timeline_view.model()
    entry = model.index(2, 0)
    assert entry.data() == "INTERPOL supports World Economic Forum cybercrime project"
    assert entry.data(Role.DATE_TEXT) == "22 January 2016"
    assert entry.data(Role.ORIGINAL_LANGUAGE) == "fr"
    assert (
        entry.data(Qt.ItemDataRole.AccessibleTextRole)
        == "22 January 2016, INTERPOL supports World Economic Forum cybercrime project"
    )


def test_newest_first_reverses_the_order(window, timeline):
    window.newest_first_action.trigger()
    assert bulletin_ids(window) == [b.id for b in reversed(timeline.bulletins)]
    assert rows(window)[:2] == [(RowKind.YEAR, "2017"), (RowKind.MONTH, "March 2017")]
    window.newest_first_action.trigger()
    assert bulletin_ids(window)[0] == timeline.bulletins[0].id


def test_search_ignores_case_and_accents_in_both_languages(window, qtbot):
    results = {}
    for text in ("sécurité", "SECURITE", "securite"):
        window.search.clear()
        if text.isascii():
            qtbot.keyClicks(window.search, text)
        else:  # QTest can only type ASCII; accented text arrives as an input method would commit it
            window.search.insert(text)
        results[text] = bulletin_ids(window)
    assert results["sécurité"] == results["SECURITE"] == results["securite"]
    assert "2017-03-22-ransomware-digital-security-challenge" in results["securite"]
    assert window.count_label.text() == f"{len(results['securite'])} of 29 bulletins"
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == "" and len(bulletin_ids(window)) == 29


def test_headings_only_for_months_with_shown_bulletins(window, qtbot):
    qtbot.keyClicks(window.search, "ransomware")
    assert rows(window) == [
        (RowKind.YEAR, "2017"),
        (RowKind.MONTH, "March 2017"),
        (RowKind.BULLETIN, "Ransomware – the new INTERPOL digital security challenge"),
    ]


def taxonomy_index(window, key):
    return window.taxonomy.model.index_of_key(key)


def test_taxonomy_tree_counts_and_filter(window, qtbot, timeline):
    children = taxonomy_index(window, "crimes-against-children")
    assert children.siblingAtColumn(COLUMN_COUNT).data() == "1"
    enabled = taxonomy_index(window, "cyber-enabled-crime")
    assert enabled.siblingAtColumn(COLUMN_COUNT).data() == "6"
    rect = window.taxonomy.view.visualRect(enabled)
    qtbot.mouseClick(window.taxonomy.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(bulletin_ids(window)) == 29  # a click browses; Space filters
    assert window.taxonomy.view.currentIndex() == enabled
    qtbot.keyClick(window.taxonomy.view, Qt.Key.Key_Space)
    shown = bulletin_ids(window)
    assert len(shown) == 6
    assert all(
        set(timeline[timeline.index_of(i)].crime_types)
        & {"cyber-enabled-crime", "crimes-against-children", "financial-crime", "terrorism"}
        for i in shown
    )
    assert window.taxonomy.filter_label.text() == "Showing: Cyber-enabled crime"
    assert window.count_label.text() == "6 of 29 bulletins"
    qtbot.mouseClick(window.taxonomy.clear_button, Qt.MouseButton.LeftButton)
    assert len(bulletin_ids(window)) == 29


def test_detail_pane_follows_the_current_bulletin(window, qtbot):
    window.select_bulletin("2017-03-09-trend-micro-study-west-africa")
    detail = window.detail
    assert detail.value_text("date") == "9 March 2017"
    assert detail.value_text("title_fr").startswith("Selon une étude réalisée par INTERPOL et Trend Micro")
    assert detail.value_text("title_fr").endswith("(original)")
    assert detail.value_text("title_en").startswith("Cybercrime underground economy")
    assert detail.value_text("original") == "French"
    assert detail.value_text("initiatives") == (
        "Cyber intelligence and analysis – A study of a cybercrime economy made with a private company, Trend Micro"
    )
    assert detail.value_text("places") == "West Africa"
    assert detail.value_text("partners") == "Trend Micro"
    highlighted = taxonomy_index(window, "cyber-intelligence-analysis")
    assert highlighted.data(Role.HIGHLIGHTED) is True
    assert taxonomy_index(window, "digital-forensics").data(Role.HIGHLIGHTED) is False


def test_overview_click_scrolls_there(window, qtbot):
    window.resize(1000, 400)
    view = window.timeline_view
    view.scrollToTop()
    strip = window.overview
    months = 15  # January 2016 to March 2017
    september_2016 = int((8.5 / months) * strip.width())
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(september_2016, strip.height() // 2))
    first, _last = view.visible_rows()
    assert view.model().index(first, 0).data() == "September 2016"


def test_settings_come_back_at_the_next_start(make_window, qtbot):
    first = make_window()
    first.resize(700, 500)
    first.splitter.setSizes([400, 300])
    first.newest_first_action.trigger()
    first.select_bulletin("2016-08-01-ringleader-online-scams-arrested-nigeria")
    sizes = first.splitter.sizes()
    first.close()

    second = make_window()
    assert (second.size().width(), second.size().height()) == (700, 500)
    assert second.splitter.sizes() == sizes
    assert second.newest_first_action.isChecked()
    assert bulletin_ids(second)[0] == "2017-03-22-ransomware-digital-security-challenge"
    assert current_id(second) == "2016-08-01-ringleader-online-scams-arrested-nigeria"
    assert second.detail.value_text("places") == "Nigeria"


def test_corrupt_settings_are_ignored(make_window, isolated_settings):
    from PySide6.QtCore import QSettings

    settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "timeline-gui", "timeline-gui")
    settings.setValue("window/geometry", "not a geometry")
    settings.setValue("timeline/descending", QByteArray(b"\x00\x01"))
    settings.sync()
    window = make_window()
    assert not window.newest_first_action.isChecked()
    assert len(bulletin_ids(window)) == 29


def test_a_bad_data_file_at_start_lists_its_errors_then_shows_the_packaged_bulletins(
    qtbot, tmp_path, monkeypatch, isolated_settings
):
    from timeline_gui.ui import app as app_module
    from timeline_gui.ui.error_dialog import DataErrorDialog

    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: 1\nbulletins:\n  - id: a\n    date: 2017-02-30\n    language: en\n", encoding="utf-8")
    shown = []
    monkeypatch.setattr(DataErrorDialog, "exec", lambda dialog: shown.append(dialog.details.toPlainText()) or 0)
    app_module.application()
    timeline, path = app_module.load_for_start(bad)
    assert path is None and len(timeline) == 29
    (text,) = shown
    assert text.splitlines() == [
        f"{bad}:3:5: bulletins[0].title: required field is missing",
        f"{bad}:4:11: bulletins[0].date: '2017-02-30' is not a real calendar date",
    ]


def test_a_users_file_opens_in_place_of_the_packaged_one(make_window, tmp_path):
    from timeline_gui.storage.loader import load_timeline

    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "schema: 1\nbulletins:\n"
        "  - id: mine\n    date: 2020-05-04\n    language: fr\n    title: {en: Mine, fr: Le mien}\n",
        encoding="utf-8",
    )
    window = make_window(load_timeline(mine), mine)
    assert bulletin_ids(window) == ["mine"]
    assert window.windowTitle() == "mine.yaml — Cybercrime Timeline"
    assert window.count_label.text() == "1 of 1 bulletin"


def test_the_order_button_beside_the_search_field(window, qtbot, timeline):
    assert window.order_button.text().replace("&", "") == "Newest First"
    qtbot.mouseClick(window.order_button, Qt.MouseButton.LeftButton)
    assert window.order_button.isChecked()
    assert bulletin_ids(window)[0] == timeline.bulletins[-1].id


def test_no_two_actions_share_a_shortcut(window):
    from PySide6.QtGui import QAction

    seen: dict[str, str] = {}
    window_wide = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
    for action in window.findChildren(QAction):
        if action.shortcutContext() not in window_wide:  # keys of one widget (Enter in the tree, Esc in search)
            continue
        for sequence in action.shortcuts():
            key = sequence.toString()
            assert key not in seen, f"{key} is both {seen[key]!r} and {action.text()!r}"
            seen[key] = action.text()
    assert "Ctrl+R" not in seen  # Refresh on GNOME and macOS; Reload keeps Qt's standard keys
