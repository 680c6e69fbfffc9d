"""Tables of the estate registry."""

from __future__ import annotations

import peewee as pw

from frontdesk.base import SubmittedModel


class Estate(SubmittedModel):
    """One managed property (項目 / 小區); an office may run several."""

    name = pw.CharField(max_length=120, unique=True)
    code = pw.CharField(max_length=20, default="")
    address = pw.CharField(max_length=200, default="")
    active = pw.BooleanField(default=True)

    class Meta:
        table_name = "estate"
