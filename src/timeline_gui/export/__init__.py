"""Exporting a range of the timeline: what goes in the document (plan) and drawing it (pdf)."""
