"""Every colour the app draws with, each legible on what it is drawn on, in light and dark palettes alike.

Legible means a WCAG 2.1 contrast ratio of at least 4.5:1 (success criterion 1.4.3) for text and for the marks
that carry meaning (language badges, month rules, the overview's bars, focus outlines), counted after a
translucent colour is blended over its background. The system's palette is taken as it is where it already
reads well; a role that does not is moved away from its background in lightness, keeping its hue, until it does.

``Scheme`` names each colour the app's own painting uses (the timeline's delegate, the overview strip, the
detail frame) together with the background it lands on; ``Scheme.pairs`` lists them all, which is what the
contrast test checks, so a colour added to the scheme is checked with it.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

MINIMUM_CONTRAST = 4.5
Role = QPalette.ColorRole
Group = QPalette.ColorGroup
# Disabled controls are exempt in WCAG (and greyed out on purpose); the two groups a person reads are these.
READ_GROUPS = (Group.Active, Group.Inactive)
# (text, background) roles the style draws with; the first is moved when a pair reads badly.
STYLE_PAIRS = (
    (Role.WindowText, Role.Window),
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.PlaceholderText, Role.Base),
    (Role.PlaceholderText, Role.AlternateBase),
    (Role.ButtonText, Role.Button),
    (Role.ToolTipText, Role.ToolTipBase),
    (Role.Link, Role.Base),
    (Role.LinkVisited, Role.Base),
    # The selection's colour moves, not its text: white (or black) text on a paler (or darker) highlight.
    (Role.Highlight, Role.HighlightedText),
)
OVERVIEW_SHADE_ALPHA = 60  # the overview's band over the months on screen
ERA_BAND_ALPHA = 31  # a period on the time axis: a faint band, under the lanes' text
CLUSTER_BUSY_SHARE = 0.45  # how far the busiest cluster moves from the button colour towards the highlight


def blend(color: QColor, background: QColor) -> QColor:
    """``color`` as seen over the opaque ``background`` (alpha compositing)."""
    alpha = color.alphaF()
    return QColor.fromRgbF(
        color.redF() * alpha + background.redF() * (1 - alpha),
        color.greenF() * alpha + background.greenF() * (1 - alpha),
        color.blueF() * alpha + background.blueF() * (1 - alpha),
    )


def mix(color: QColor, towards: QColor, share: float) -> QColor:
    """``color`` moved ``share`` (0..1) of the way towards ``towards``, opaque."""
    keep = 1 - share
    return QColor.fromRgbF(
        color.redF() * keep + towards.redF() * share,
        color.greenF() * keep + towards.greenF() * share,
        color.blueF() * keep + towards.blueF() * share,
    )


def luminance(color: QColor) -> float:
    """WCAG 2.1 relative luminance of an opaque colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4  # noqa: PLR2004 (sRGB)

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(foreground: QColor, background: QColor) -> float:
    """WCAG 2.1 contrast ratio, 1 to 21, of ``foreground`` blended over ``background``."""
    background = blend(background, QColor("white")) if background.alpha() < 255 else background  # noqa: PLR2004
    first, second = luminance(blend(foreground, background)), luminance(background)
    return (max(first, second) + 0.05) / (min(first, second) + 0.05)


def legible(color: QColor, background: QColor, minimum: float = MINIMUM_CONTRAST) -> QColor:
    """``color``, opaque, moved away from ``background`` in lightness (its hue kept) until it reaches ``minimum``."""
    seen = blend(color, background)
    if contrast(seen, background) >= minimum:
        return seen
    hue, saturation, lightness = max(seen.hslHueF(), 0.0), seen.hslSaturationF(), seen.lightnessF()
    # Towards black on a light background, towards white on a dark one: whichever can reach further.
    darker = contrast(QColor("black"), background) >= contrast(QColor("white"), background)
    low, high = (0.0, lightness) if darker else (lightness, 1.0)
    for _step in range(24):  # bisection on lightness: the closest colour to the original that is legible
        middle = (low + high) / 2
        candidate = QColor.fromHslF(hue, saturation, middle)
        ok = contrast(candidate, background) >= minimum
        if darker:
            low, high = (middle, high) if ok else (low, middle)
        else:
            low, high = (low, middle) if ok else (middle, high)
    return QColor.fromHslF(hue, saturation, low if darker else high)


def legible_palette(palette: QPalette) -> QPalette:
    """``palette`` with every pair of STYLE_PAIRS legible in the groups people read."""
    fixed = QPalette(palette)
    for group in READ_GROUPS:
        for foreground, background in STYLE_PAIRS:
            color, behind = fixed.color(group, foreground), fixed.color(group, background)
            if contrast(color, behind) < MINIMUM_CONTRAST:
                fixed.setColor(group, foreground, legible(color, behind))
    return fixed


MARK_ALPHA_LIGHT, MARK_ALPHA_DARK = 110, 45


class Scheme(NamedTuple):
    """The colours of the app's own painting in one palette group, each beside the background it is drawn on.

    A named tuple, not a dataclass: the app builds this class as it starts, when ``dataclass`` would compile the
    methods it generates."""

    text: QColor  # a bulletin's title
    base: QColor  # the timeline's and overview's background
    dim: QColor  # a bulletin's date and language badge
    heading: QColor  # year and month headings
    year_band: QColor  # the band behind a year heading
    rule: QColor  # the line under a month heading, the overview's frame
    accent: QColor  # focus outlines, the detail pane's frame, the overview's bars
    selected_text: QColor  # all of a selected bulletin's text and marks
    selection: QColor
    window_text: QColor  # the detail pane's frame and the year chart of a taxonomy node are drawn on the window
    window: QColor
    window_rule: QColor  # the year chart's base line
    shade: QColor  # the overview's band over the months on screen, the tree's current nodes (translucent, on ``base``)
    mark: QColor  # behind a search's matches in a title (a translucent highlighter's yellow, on ``base``)
    lane_band: QColor  # every other lane of the time axis
    axis_strip: QColor  # the time axis's tick strip
    axis_text: QColor  # tick labels on the strip, eras' names on their band
    axis_rule: QColor  # tick lines, across the strip and the lanes
    lane_name: QColor  # a lane's name, on the base or a lane band
    era_band: QColor  # a period behind the lanes (translucent, on ``base`` or ``lane_band``)
    cluster: QColor  # a cluster of bulletins too dense to draw, from ``cluster`` (few) to ``cluster_busy`` (many)
    cluster_busy: QColor
    cluster_text: QColor  # its count

    @classmethod
    def of(cls, palette: QPalette, group: Group = Group.Active) -> Scheme:
        base, window = palette.color(group, Role.Base), palette.color(group, Role.Window)
        dim = legible(palette.color(group, Role.PlaceholderText), base)
        shade = QColor(palette.color(group, Role.Highlight))
        shade.setAlpha(OVERVIEW_SHADE_ALPHA)
        accent = legible(legible(palette.color(group, Role.Highlight), base), window)
        # Fainter on a dark base, where the title is light: the yellow must not take its contrast away.
        mark = QColor(255, 200, 40, MARK_ALPHA_LIGHT if base.lightnessF() >= 0.5 else MARK_ALPHA_DARK)  # noqa: PLR2004
        lane_band = palette.color(group, Role.AlternateBase)
        era_band = QColor(palette.color(group, Role.Highlight))
        era_band.setAlpha(ERA_BAND_ALPHA)
        cluster = palette.color(group, Role.Button)
        cluster_busy = mix(cluster, palette.color(group, Role.Highlight), CLUSTER_BUSY_SHARE)
        window_text = palette.color(group, Role.WindowText)
        return cls(
            text=palette.color(group, Role.Text),
            base=base,
            dim=dim,
            heading=legible(palette.color(group, Role.WindowText), base),
            year_band=window,
            rule=dim,
            # Bars and outlines sit on the base, the window and the overview's band.
            accent=legible(accent, blend(shade, base)),
            selected_text=palette.color(group, Role.HighlightedText),
            selection=palette.color(group, Role.Highlight),
            window_text=palette.color(group, Role.WindowText),
            window=window,
            window_rule=legible(dim, window),
            shade=shade,
            mark=mark,
            lane_band=lane_band,
            axis_strip=window,
            axis_text=legible(legible(window_text, window), blend(era_band, base)),
            axis_rule=legible(legible(dim, window), lane_band),
            lane_name=legible(legible(dim, base), lane_band),
            era_band=era_band,
            cluster=cluster,
            cluster_busy=cluster_busy,
            cluster_text=legible(legible(palette.color(group, Role.ButtonText), cluster), cluster_busy),
        )

    def pairs(self) -> list[tuple[str, QColor, QColor]]:
        """(what, colour, background) for everything this scheme draws."""
        shaded = blend(self.shade, self.base)
        pairs = [
            ("title", self.text, self.base),
            ("date and badge", self.dim, self.base),
            ("month heading", self.heading, self.base),
            ("year heading", self.heading, self.year_band),
            ("month rule", self.rule, self.base),
            ("overview frame", self.rule, self.base),
            ("overview years", self.text, self.base),
            ("overview years on the band", self.text, shaded),
            ("taxonomy nodes of the current bulletin", self.text, shaded),
            ("overview bars", self.accent, self.base),
            ("overview bars on the band", self.accent, shaded),
            ("focus outline", self.accent, self.base),
            ("selected title, date, badge and outline", self.selected_text, self.selection),
            ("detail frame", self.accent, self.window),
            ("detail text", self.window_text, self.window),
            ("year chart bars", self.accent, self.window),
            ("year chart counts and years", self.window_text, self.window),
            ("year chart base line", self.window_rule, self.window),
            ("a search's match in a title", self.text, blend(self.mark, self.base)),
            ("axis tick labels", self.axis_text, self.axis_strip),
            ("axis era names", self.axis_text, blend(self.era_band, self.base)),
            ("axis tick lines on the strip", self.axis_rule, self.axis_strip),
            ("axis tick lines on a lane band", self.axis_rule, self.lane_band),
            ("axis lane names", self.lane_name, self.base),
            ("axis lane names on a lane band", self.lane_name, self.lane_band),
            ("axis titles on a lane band", self.text, self.lane_band),
            ("axis titles on an era", self.text, blend(self.era_band, self.lane_band)),
            ("axis markers", self.accent, self.base),
            ("axis markers on a lane band", self.accent, self.lane_band),
            ("axis cluster counts", self.cluster_text, self.cluster),
            ("axis cluster counts, busiest", self.cluster_text, self.cluster_busy),
        ]
        return pairs


_schemes: dict[tuple[int, int], Scheme] = {}
_schemes_by_colors: dict[tuple[int, ...], Scheme] = {}  # by the colours of the group a scheme is of
_ROLES = tuple(role for role in Role if role not in (Role.NoRole, Role.NColorRoles))


def scheme(palette: QPalette, group: Group = Group.Active) -> Scheme:
    """``Scheme.of``, computed once per palette and group: painting asks for it row after row."""
    key = (palette.cacheKey(), group.value)
    found = _schemes.get(key)
    if found is None:
        if len(_schemes) >= 32:  # noqa: PLR2004 (palettes come and go with theme changes; a few are live)
            _schemes.clear()
            _schemes_by_colors.clear()
        # Widgets that inherit one palette each hold a copy of it, under a cache key of its own, and a palette's
        # groups often have the same colours: a scheme, which reads only its group's colours, is found by their
        # values instead of being worked out again (0.5 ms each, four times at start).
        colors = tuple(palette.color(group, role).rgba() for role in _ROLES)
        found = _schemes_by_colors.get(colors)
        if found is None:
            found = _schemes_by_colors[colors] = Scheme.of(palette, group)
        _schemes[key] = found
    return found


_KEPT = "timelineGuiKeepsPaletteLegible"  # a property of the application once keep_legible follows its palette


def keep_legible() -> None:
    """Makes the application's palette legible now and after each change of it (a switch to a dark theme)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    palette = app.palette()
    fixed = legible_palette(palette)
    if fixed != palette:
        app.setPalette(fixed)  # the change this makes finds nothing more to fix
    if not app.property(_KEPT):
        # Qt 6 deprecates this signal for a filter on the application that watches for ApplicationPaletteChange.
        # From Python such a filter is called for every event of every object, and wraps each (at start, Qt's own
        # objects' types and their enums too: some 10 ms before the window has painted). Qt still emits the
        # signal where it sends that event (QGuiApplicationPrivate::handlePaletteChanged): the same changes.
        app.paletteChanged.connect(lambda _palette: keep_legible())
        app.setProperty(_KEPT, True)
