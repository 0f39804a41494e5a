"""timeline_gui: INTERPOL's cybercrime bulletins on a timeline, in English and French."""

from timeline_gui.i18n import N_

__version__ = "0.1.0"
APP_NAME = "timeline-gui"  # the command, the desktop entry's file and icon names, the settings' folder
# The product's one name, wherever people read it: the window title, the desktop entry, About, the PDF's creator.
# Shown through the catalog, _(APP_DISPLAY_NAME), so French reads "Chronologie de la cybercriminalité".
APP_DISPLAY_NAME = N_("Cybercrime Timeline")
ORGANIZATION = "timeline-gui"
# The PNG sizes rendered from resources/icons/timeline-gui.svg: the window icon, the desktop entry's icons.
ICON_SIZES = (16, 32, 48, 64, 128, 256)
