"""The release slips' tables."""

from __future__ import annotations

import peewee as pw

#: every table of the release-slip module, in creation order (used by the migration)
SLIP_TABLES: tuple[type[pw.Model], ...] = ()
