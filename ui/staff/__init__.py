"""Staff accounts: the list, adding and editing staff, passwords."""
