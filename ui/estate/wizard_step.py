"""The first-run wizard's optional step: the new estate's buildings and units, from the generator."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget, QWizardPage

from frontdesk.errors import ValidationError
from frontdesk.i18n import _
from ui.estate.layout_form import LayoutForm
from ui.kit.forms import FieldErrors


class BuildingsPage(QWizardPage):
    """Optional: the estate's buildings and units from the generator, for an office without a sheet."""

    def __init__(self, errors: FieldErrors, next_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._errors, self._next_id = errors, next_id
        self.setSubTitle(
            _(
                "Every unit is made vacant with this area and use; fix single units and add residents "
                "on the Residents page. Go back and untick the step to import a sheet instead."
            )
        )
        self.layout_form = LayoutForm(errors)
        layout = QVBoxLayout(self)
        layout.addWidget(self.layout_form)
        layout.addStretch()

    def nextId(self) -> int:  # Qt's name
        """The page after this one (the administrator)."""
        return self._next_id

    def validatePage(self) -> bool:
        """Check the generator's fields before going on (the server checks again at the end)."""
        try:
            self.layout_form.check()
        except ValidationError as exc:
            return not self._errors.set(exc.field, exc.message)
        return True
