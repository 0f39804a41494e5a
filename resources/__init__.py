"""Packaged data: bulletins, taxonomy, catalogs and icons (read with importlib.resources)."""
