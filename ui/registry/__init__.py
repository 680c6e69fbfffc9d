"""Dialogs that change the estate registry: buildings and units, residents, standing instructions."""
