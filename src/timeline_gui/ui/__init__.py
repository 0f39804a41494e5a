"""Qt models, delegates, widgets and the main window."""
