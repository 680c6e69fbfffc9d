"""Schema 6: an index for the slips' text filter, so Ctrl+K and the slip list's search skip history.

SQLite gets an FTS5 trigram table kept in step by triggers, PostgreSQL ``pg_trgm`` GIN indexes;
where the engine has neither the migration notes it in the log and the filter scans as before
(see ``frontdesk.slips.text_index``).
"""

from __future__ import annotations

from frontdesk.slips.text_index import install


def apply() -> None:
    """Index the slips' number, applicant name and unit code."""
    install()
