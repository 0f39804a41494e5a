"""The plain domain model of bulletins and taxonomy. Imports nothing from Qt."""
