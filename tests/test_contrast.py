"""Every text and mark the app draws, on screen and in the PDF, has a WCAG 2.1 contrast of at least 4.5:1 against
its background, in light and dark palettes (the system's own, Qt's Fusion, and common desktop themes)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette

from timeline_gui.ui import colors
from timeline_gui.ui.colors import MINIMUM_CONTRAST, Scheme, blend, contrast, legible_palette

ROOT = Path(__file__).resolve().parent.parent
Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def themed(**roles: str) -> QPalette:
    """A palette as a desktop theme gives it: its colours, and placeholder text at half the text's opacity (Qt's
    default when a theme names none)."""
    palette = QPalette()
    for name, value in roles.items():
        palette.setColor(getattr(Role, name), QColor(value))
    placeholder = QColor(roles["Text"])
    placeholder.setAlpha(128)
    palette.setColor(Role.PlaceholderText, placeholder)
    return palette


THEMES = {
    # KDE's Breeze Dark and GNOME's Adwaita, light and dark, as Qt receives them from the platform theme.
    "breeze-dark": dict(
        Window="#202326", WindowText="#fcfcfc", Base="#141618", AlternateBase="#1d1f22", Text="#fcfcfc",
        Button="#292c30", ButtonText="#fcfcfc", Highlight="#3daee9", HighlightedText="#fcfcfc",
        ToolTipBase="#292c30", ToolTipText="#fcfcfc", Link="#1d99f3", LinkVisited="#9b59b6",
    ),
    "adwaita-dark": dict(
        Window="#353535", WindowText="#eeeeec", Base="#2d2d2d", AlternateBase="#323232", Text="#eeeeec",
        Button="#3a3a3a", ButtonText="#eeeeec", Highlight="#15539e", HighlightedText="#ffffff",
        ToolTipBase="#222222", ToolTipText="#ffffff", Link="#8ab4f8", LinkVisited="#c3a6f8",
    ),
    "adwaita-light": dict(
        Window="#fafafa", WindowText="#2e3436", Base="#ffffff", AlternateBase="#f6f5f4", Text="#2e3436",
        Button="#f6f5f4", ButtonText="#2e3436", Highlight="#3584e4", HighlightedText="#ffffff",
        ToolTipBase="#383c4a", ToolTipText="#ffffff", Link="#1b6acb", LinkVisited="#803378",
    ),
}  # fmt: skip


@pytest.fixture(params=["fusion", *THEMES])
def palette(request, qapp):
    if request.param == "fusion":
        return qapp.style().standardPalette()
    return themed(**THEMES[request.param])


def test_the_system_palette_is_made_legible_where_it_is_not(palette):
    fixed = legible_palette(palette)
    for group in colors.READ_GROUPS:
        for foreground, background in colors.STYLE_PAIRS:
            ratio = contrast(fixed.color(group, foreground), fixed.color(group, background))
            assert ratio >= MINIMUM_CONTRAST, (group, foreground, background, ratio)


def test_what_the_app_paints_is_legible_on_what_it_lands_on(palette):
    for group in colors.READ_GROUPS:
        for what, color, background in Scheme.of(legible_palette(palette), group).pairs():
            assert contrast(color, background) >= MINIMUM_CONTRAST, (what, color.name(), background.name())


def test_every_colour_of_the_scheme_is_checked(palette):
    scheme = Scheme.of(legible_palette(palette))
    checked = {id(color) for _what, foreground, background in scheme.pairs() for color in (foreground, background)}
    for name in scheme._fields:
        # translucent: checked as what they make of what is under them (the base, under marks, bands or a match)
        if name not in ("shade", "era_band", "mark"):
            assert id(getattr(scheme, name)) in checked, name


def test_a_palette_that_reads_well_is_kept():
    palette = themed(
        Window="#ffffff", WindowText="#000000", Base="#ffffff", AlternateBase="#f0f0f0", Text="#000000",
        Button="#ffffff", ButtonText="#000000", Highlight="#003c8f", HighlightedText="#ffffff",
        ToolTipBase="#ffffff", ToolTipText="#000000", Link="#0000cc", LinkVisited="#551a8b",
    )  # fmt: skip
    palette.setColor(Role.PlaceholderText, QColor("#595959"))
    assert legible_palette(palette) == palette


def test_the_ratio_is_wcags():
    assert round(contrast(QColor("#777777"), QColor("white")), 2) == 4.48  # the classic just-failing grey
    assert round(contrast(QColor("#767676"), QColor("white")), 2) == 4.54  # and the lightest that passes
    assert round(contrast(QColor("black"), QColor("white")), 2) == 21.0
    half = QColor("black")
    half.setAlpha(128)  # blended first: #7f7f7f
    assert round(contrast(half, QColor("white")), 2) == 4.0


def test_the_go_to_date_error_reads_on_light_and_dark_windows(palette):
    from timeline_gui.ui.go_to_date import error_color

    window = legible_palette(palette).color(Role.Window)
    assert contrast(error_color(window), window) >= MINIMUM_CONTRAST


def test_every_colour_of_the_pdf_reads_on_the_paper_and_on_its_bands():
    from timeline_gui.export import pdf

    constants = {name: value for name, value in vars(pdf).items() if isinstance(value, QColor)}
    fills = {"BAND", "CLUSTER", "ERA"}  # what text and marks are drawn on
    assert set(constants) >= {"INK", "MUTED", "ACCENT", "RULE"} | fills
    paper = QColor("white")
    backgrounds = {
        "paper": paper,
        "band": pdf.BAND,
        "era": blend(pdf.ERA, paper),
        "era on a band": blend(pdf.ERA, pdf.BAND),
    }
    for name, color in constants.items():
        if name in fills:
            continue
        for where, background in backgrounds.items():
            assert contrast(color, background) >= MINIMUM_CONTRAST, (name, where)
    assert contrast(pdf.INK, pdf.CLUSTER) >= MINIMUM_CONTRAST  # a cluster's count


def test_the_apps_painting_takes_its_colours_from_the_scheme():
    """No widget picks a colour of its own: a colour named or read from the palette outside the scheme would
    escape the checks above."""
    allowed = {"colors.py", "go_to_date.py"}  # the scheme itself; the error colour, checked above
    pattern = re.compile(r"QColor\(|QBrush\(|palette(\(\))?\.(color|brush)\(")
    found = [
        f"{path.name}:{number}"
        for path in sorted((ROOT / "src" / "timeline_gui" / "ui").glob("*.py"))
        if path.name not in allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert found == []


def test_a_palette_the_system_switches_to_is_made_legible_too(qapp, qtbot):
    from timeline_gui.ui.app import application

    application()
    before = qapp.palette()
    try:
        qapp.setPalette(themed(**THEMES["adwaita-dark"]))
        qtbot.waitUntil(
            lambda: (
                contrast(qapp.palette().color(Role.HighlightedText), qapp.palette().color(Role.Highlight))
                >= MINIMUM_CONTRAST
            )
        )
        placeholder, base = qapp.palette().color(Role.PlaceholderText), qapp.palette().color(Role.Base)
        assert contrast(placeholder, base) >= MINIMUM_CONTRAST
    finally:
        qapp.setPalette(before)


def test_a_scheme_is_worked_out_once_for_palettes_of_the_same_colours(qapp):
    from timeline_gui.ui.colors import scheme

    palette = themed(**THEMES["adwaita-dark"])
    copy = QPalette(palette)
    base = palette.color(Role.Base)
    copy.setColor(Role.Base, QColor("red"))
    copy.setColor(Role.Base, base)  # the same colours again, under a cache key of its own
    assert copy.cacheKey() != palette.cacheKey()
    assert scheme(copy) is scheme(palette)
    other = QPalette(palette)
    other.setColor(Group.Active, Role.Highlight, QColor("#2a7fff"))
    assert scheme(other) is not scheme(palette)
    assert scheme(other).selection == QColor("#2a7fff")
    assert scheme(other, Group.Inactive) is scheme(palette, Group.Inactive)  # that group's colours did not change
    assert scheme(palette, Group.Inactive) is scheme(palette)  # a themed palette's groups have the same colours
