"""timeline_gui: INTERPOL's cybercrime bulletins on a timeline, in English and French."""

__version__ = "0.1.0"
APP_NAME = "timeline-gui"
ORGANIZATION = "timeline-gui"
# The PNG sizes rendered from resources/icons/timeline-gui.svg: the window icon, the desktop entry's icons.
ICON_SIZES = (16, 32, 48, 64, 128, 256)
