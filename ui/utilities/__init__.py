"""The meters and utilities page (Shift+F7): the meter round, the month's table, the meters, the tariffs."""
