"""The command line: every ``frontdesk`` sub-command, through the services the window uses; never Qt."""
