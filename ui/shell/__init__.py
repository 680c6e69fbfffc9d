"""The main window's frame: page registry, sidebar, global search, status bar, scheduled backups."""
