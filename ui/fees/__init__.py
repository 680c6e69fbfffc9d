"""Fees and arrears: the list of units in arrears, billing a month, the Today tile."""
