"""The visitors' screens: the Visitors page (F2) with the registration form, on-site list and watch list."""
