"""Meters, the monthly round of readings, tariffs and the monthly utility table (每月的水電費統計表)."""
