"""A group of office-wide settings (shared by every desk) on the Settings page: one field per setting.

Each module lists its settings as ``SettingField``s; the widget follows the setting's kind in
``frontdesk.office.SETTINGS``: a whole number is a spin box with its bounds, one of a few codes a
drop-down, a yes/no a check box. Values are read and saved on the worker thread; Save changes
only what was edited (each change audited by the core) and tells the desk ("setting" on the bus).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from frontdesk.i18n import _
from ui.kit.context import AppContext
from ui.kit.forms import FieldErrors


@dataclass(frozen=True)
class SettingField:
    """One office-wide setting as a form row.

    ``label``, ``suffix`` and ``hint`` are msgids marked with ``N_`` (a yes/no setting's label is
    its check box's text); ``choice_text`` names a code setting's choices in the current language.
    """

    key: str
    label: str
    hint: str = ""
    suffix: str = ""
    choice_text: Callable[[str], str] | None = None


class OfficeSettingsGroup(QGroupBox):
    """The fields of ``fields`` under ``title``; ``load`` reads them, Save writes what was edited."""

    def __init__(
        self,
        context: AppContext,
        title: str,
        fields: Sequence[SettingField],
        save_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(title, parent)
        self._context = context
        self._fields = tuple(fields)
        self.errors = FieldErrors()
        self.boxes: dict[str, QSpinBox] = {}
        self.combos: dict[str, QComboBox] = {}
        self.checks: dict[str, QCheckBox] = {}
        self._loaded: dict[str, object] = {}
        self.save_button = QPushButton(save_text)
        self.result = QLabel()
        self.form = QFormLayout(self)
        for field in self._fields:
            self._add_row(field)
        self.result.setObjectName("hint")
        self.form.addRow(self.save_button, self.result)
        self.save_button.clicked.connect(self._on_save_button_clicked)

    def _add_row(self, field: SettingField) -> None:
        from frontdesk.office import SETTINGS  # the core's models load after the window's first paint

        spec = SETTINGS[field.key]
        widget: QWidget
        if isinstance(spec.default, bool):
            widget = self.checks.setdefault(field.key, QCheckBox(_(field.label)))
            self.form.addRow("", self.errors.wrap(field.key, widget))
        elif spec.choices:
            combo = self.combos.setdefault(field.key, QComboBox())
            for code in spec.choices:
                combo.addItem(field.choice_text(code) if field.choice_text else code, code)
            combo.setMinimumWidth(160)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMaximumWidth(max(360, combo.sizeHint().width()))  # no wider than its longest choice
            widget = combo
            self.form.addRow(_(field.label), self.errors.wrap(field.key, combo))
        else:
            box = self.boxes.setdefault(field.key, QSpinBox())
            box.setRange(spec.minimum or 0, spec.maximum or 100_000)
            box.setSuffix(_(field.suffix))
            box.setMinimumWidth(160)
            box.setMaximumWidth(220)
            widget = box
            self.form.addRow(_(field.label), self.errors.wrap(field.key, box))
        widget.setEnabled(False)  # until the stored values are loaded
        if field.hint:
            note = QLabel(_(field.hint))
            note.setObjectName("hint")
            note.setWordWrap(True)
            self.form.addRow("", note)

    def load(self) -> None:
        """Read the stored values on the worker thread."""
        settings, keys = self._context.services.settings, [f.key for f in self._fields]

        def read() -> dict[str, object]:
            return {key: settings.get(key) for key in keys}

        self._context.runner.submit(read, self._on_loaded, owner=self)

    def _on_loaded(self, values: dict[str, object]) -> None:
        from frontdesk.office import SETTINGS

        self._loaded = {}
        for key, box in self.boxes.items():
            value = values.get(key)
            number = (
                value if isinstance(value, int) and not isinstance(value, bool) else SETTINGS[key].default
            )
            box.setValue(int(number))
            self._loaded[key] = box.value()
        for key, combo in self.combos.items():
            combo.setCurrentIndex(max(0, combo.findData(values.get(key))))
            self._loaded[key] = combo.currentData()
        for key, check in self.checks.items():
            check.setChecked(bool(values.get(key)))
            self._loaded[key] = check.isChecked()
        for widget in (*self.boxes.values(), *self.combos.values(), *self.checks.values()):
            widget.setEnabled(True)

    def changed(self) -> dict[str, object]:
        """The values edited since loading."""
        edited: dict[str, object] = {key: box.value() for key, box in self.boxes.items()}
        edited |= {key: combo.currentData() for key, combo in self.combos.items()}
        edited |= {key: check.isChecked() for key, check in self.checks.items()}
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
