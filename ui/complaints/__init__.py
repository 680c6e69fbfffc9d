"""The complaints page (F4): intake, the two guided procedures, the list."""
