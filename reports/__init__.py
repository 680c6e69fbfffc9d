"""PDF and Excel documents: pure functions from plain data to bytes.

Nothing here touches the database or Qt. reportlab and openpyxl are imported lazily,
inside the functions that need them, because importing them costs start-up time.
"""
