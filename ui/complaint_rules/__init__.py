"""The complaint settings: the keyword rules suggesting a class and kind, and the departments' list."""
