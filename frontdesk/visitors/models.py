"""The visitors' tables."""

from __future__ import annotations

import peewee as pw

#: every table of the visitors module, in creation order (used by the migration)
VISITOR_TABLES: tuple[type[pw.Model], ...] = ()
