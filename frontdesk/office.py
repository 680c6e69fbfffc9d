"""The office itself and its office-wide settings (retention, idle lock, …)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import peewee as pw

from frontdesk.base import BaseModel, SubmittedModel
from frontdesk.clock import utcnow


class Office(SubmittedModel):
    """The management office (管理處) running this database: its name heads every slip."""

    name = pw.CharField(max_length=120)
    phone = pw.CharField(max_length=40, default="")
    address = pw.CharField(max_length=200, default="")

    class Meta:
        table_name = "office"


class Setting(BaseModel):
    """One office-wide setting, stored as JSON and shared by every desk."""

    key = pw.CharField(max_length=60, primary_key=True)
    value = pw.TextField()
    version = pw.IntegerField(default=1)
    updated_at = pw.DateTimeField(default=utcnow)
    updated_by = pw.CharField(max_length=80, default="")

    class Meta:
        table_name = "setting"


@dataclass(frozen=True)
class SettingSpec:
    """A known setting: its default and bounds."""

    default: Any
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()  # the allowed values of a setting that is one of a few codes


#: every office-wide setting the program knows, with its default
SETTINGS: dict[str, SettingSpec] = {
    "idle_lock_minutes": SettingSpec(5, 1, 240),
    "visitor_retention_days": SettingSpec(30, 1, 3650),
    "slip_retention_days": SettingSpec(365, 30, 3650),
    "retention_policy_confirmed": SettingSpec(False),
    "backup_interval_hours": SettingSpec(4, 1, 24),
    "backup_warn_hours": SettingSpec(48, 1, 24 * 30),
    "visitor_id_policy": SettingSpec("not_asked", choices=("not_asked", "seen", "recorded")),
    # late fee per day in ten-thousandths of the overdue amount (每日萬分之五 = 5); 0 = off, the default
    "late_fee_per_day_permyriad": SettingSpec(0, 0, 30),
    # complaints and callbacks: deadlines, the callback target, and whether a one-person office
    # may call back its own cases
    "complaint_respond_minutes": SettingSpec(30, 1, 24 * 60),
    "complaint_close_valid_hours": SettingSpec(72, 1, 24 * 90),
    "complaint_close_communicative_hours": SettingSpec(24, 1, 24 * 90),
    "complaint_retention_days": SettingSpec(1095, 30, 3650),
    "callback_target_hours": SettingSpec(24, 1, 24 * 30),
    "callback_by_handler_allowed": SettingSpec(False),
    # work orders: each urgency's response (signed for) and completion deadlines, how a technician
    # is proposed, the work slip's paper, how long reporters' names and phones are kept
    "work_order_urgent_respond_minutes": SettingSpec(30, 1, 24 * 60),
    "work_order_urgent_finish_hours": SettingSpec(4, 1, 24 * 30),
    "work_order_normal_respond_hours": SettingSpec(24, 1, 24 * 30),
    "work_order_normal_finish_hours": SettingSpec(72, 1, 24 * 90),
    "work_order_dispatch_rule": SettingSpec(
        "longest_idle", choices=("longest_idle", "fewest_open", "round_robin")
    ),
    "work_order_slip_paper": SettingSpec("A5", choices=("A5", "A4")),
    "work_order_retention_days": SettingSpec(1095, 30, 3650),
}


def read_setting(key: str) -> Any:
    """The stored value of ``key``, or its default."""
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        return SETTINGS[key].default
    return json.loads(row.value)
