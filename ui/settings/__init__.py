"""Settings: the office's, this PC's, backups and restore."""
