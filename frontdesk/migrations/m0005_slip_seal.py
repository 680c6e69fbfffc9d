"""Schema 5: each release slip's seal, so that a purged slip stays verifiable and its status is covered.

Slips already in the database are sealed here with the key the database held then (trusting them
as they are at the upgrade; ``frontdesk check`` beforehand tells whether they were intact).
"""

from __future__ import annotations

import peewee as pw

from frontdesk.migrations import add_column_if_missing
from frontdesk.slips.code import seal
from frontdesk.slips.common import item_lines, sealed_fields
from frontdesk.slips.keyfile import legacy_key
from frontdesk.slips.models import ReleaseSlip


def apply() -> None:
    """Add ``release_slip.seal`` and seal the slips issued before it."""
    add_column_if_missing("release_slip", "seal", pw.CharField(max_length=64, default=""))
    key = legacy_key()
    if key is None:  # a database made after the key moved out has no slips from before
        return
    for slip in ReleaseSlip.select().where(ReleaseSlip.seal == "").order_by(ReleaseSlip.id):
        value = seal(sealed_fields(slip), item_lines(slip.id), key)
        ReleaseSlip.update(seal=value).where(ReleaseSlip.id == slip.id).execute()
