"""ui: the PySide6 desktop interface and the command line."""
