"""Office-wide settings shared by every desk (administrators): idle lock, retention, backup timing."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QPushButton, QSpinBox, QWidget

from frontdesk.i18n import N_, _
from frontdesk.office import SETTINGS
from ui.kit.context import AppContext, int_setting
from ui.kit.forms import FieldErrors

#: key -> (label, unit suffix, one-line explanation), all marked for translation
FIELDS: dict[str, tuple[str, str, str]] = {
    "idle_lock_minutes": (
        N_("Lock the screen after"),
        N_(" minutes"),
        N_("With no key or mouse input for this long, the desk asks for the password."),
    ),
    "visitor_retention_days": (
        N_("Keep visitors' data"),
        N_(" days"),
        N_("Visitors' names, phones and ID numbers are removed after this."),
    ),
    "slip_retention_days": (
        N_("Keep release slips' data"),
        N_(" days"),
        N_("Personal details on release slips are removed after this."),
    ),
    "backup_interval_hours": (
        N_("Automatic backup every"),
        N_(" hours"),
        N_("Taken in the background while the program runs, and when it closes."),
    ),
    "backup_warn_hours": (
        N_("Warn when the last backup is older than"),
        N_(" hours"),
        N_("The Today page shows a warning past this age."),
    ),
    "late_fee_per_day_permyriad": (
        N_("Late fee per day (ten-thousandths)"),
        N_(" ‱ a day"),
        N_(
            "Only as your contracts say, e.g. 5 for five ten-thousandths a day: ¥1,000 overdue for 10 days "
            "makes ¥5.00. 0 = no late fee. It is shown beside arrears, never charged by itself."
        ),
    ),
}


#: the office's choice on visitors' ID documents (DOMAIN.md §1: by default no ID number is asked)
POLICY_KEY = "visitor_id_policy"
POLICIES: dict[str, str] = {
    "not_asked": N_("Not asked (the resident confirms the visitor)"),
    "seen": N_("Seen, not recorded"),
    "recorded": N_("Recorded (masked, with a keyed fingerprint)"),
}


class OfficeSettingsPanel(QGroupBox):
    """One field per office-wide setting; Save changes only what was edited, each audited."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Office-wide (all desks)"), parent)
        self._context = context
        self.errors = FieldErrors()
        self.boxes: dict[str, QSpinBox] = {}
        self.id_policy = QComboBox()
        self._loaded: dict[str, object] = {}
        self.save_button = QPushButton(_("Save office settings"))
        self.result = QLabel()
        self._build_ui()
        self.save_button.clicked.connect(self._on_save_button_clicked)

    def _build_ui(self) -> None:
        form = QFormLayout(self)
        for key, (label, suffix, hint) in FIELDS.items():
            spec = SETTINGS[key]
            box = QSpinBox()
            box.setRange(spec.minimum or 0, spec.maximum or 100_000)
            box.setSuffix(_(suffix))
            box.setMinimumWidth(160)
            box.setMaximumWidth(220)
            box.setEnabled(False)  # until the stored values are loaded
            self.boxes[key] = box
            note = QLabel(_(hint))
            note.setObjectName("hint")
            note.setWordWrap(True)
            form.addRow(_(label), self.errors.wrap(key, box))
            form.addRow("", note)
        for code, text in POLICIES.items():
            self.id_policy.addItem(_(text), code)
        self.id_policy.setEnabled(False)
        form.addRow(_("Visitors' &ID documents"), self.errors.wrap(POLICY_KEY, self.id_policy))
        note = QLabel(
            _(
                "By default no ID number is asked of a visitor; confirmation by the resident is always "
                "offered instead. A recorded number is stored masked."
            )
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        form.addRow("", note)
        self.result.setObjectName("hint")
        form.addRow(self.save_button, self.result)

    def load(self) -> None:
        """Read the stored values on the worker thread."""
        services = self._context.services

        def read() -> dict[str, object]:
            values: dict[str, object] = {key: int_setting(services, key) for key in FIELDS}
            values[POLICY_KEY] = services.settings.get(POLICY_KEY)
            return values

        self._context.runner.submit(read, self._on_loaded, owner=self)

    def _on_loaded(self, values: dict[str, object]) -> None:
        self._loaded = values
        for key, box in self.boxes.items():
            value = values[key]
            box.setValue(value if isinstance(value, int) else 0)
            box.setEnabled(True)
        self.id_policy.setCurrentIndex(max(0, self.id_policy.findData(values.get(POLICY_KEY))))
        self.id_policy.setEnabled(True)

    def changed(self) -> dict[str, object]:
        """The values edited since loading."""
        edited: dict[str, object] = {key: box.value() for key, box in self.boxes.items()}
        edited[POLICY_KEY] = self.id_policy.currentData()
        return {key: value for key, value in edited.items() if self._loaded.get(key) != value}

    def _on_save_button_clicked(self) -> None:
        changes = self.changed()
        if not changes:
            self.result.setText(_("Nothing changed."))
            return
        actor, settings = self._context.require_actor(), self._context.services.settings

        def save() -> dict[str, object]:
            for key, value in changes.items():
                settings.set(actor=actor, key=key, value=value)
            return changes

        self.save_button.setEnabled(False)
        self._context.runner.submit(save, self._on_saved, self._on_save_failed, owner=self)

    def _on_saved(self, changes: dict[str, object]) -> None:
        self.save_button.setEnabled(True)
        self._loaded.update(changes)
        self.result.setText(_("Saved."))
        self._context.bus.notify("setting")

    def _on_save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.result.clear()
        self.errors.show(self, exc)  # the typed values stay; saving again is harmless
