"""The meters and utilities page (Shift+F7): the monthly meter round, and the month's table."""
