"""timeline_gui: INTERPOL's cybercrime bulletins on a timeline, in English and French."""

__version__ = "0.1.0"
APP_NAME = "timeline-gui"
ORGANIZATION = "timeline-gui"
