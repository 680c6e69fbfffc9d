"""Step ② of the registration form: whom they visit — a unit and resident, or a department."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QLineEdit

from frontdesk.auth import Actor
from frontdesk.errors import ValidationError
from frontdesk.estate.rows import ResidentRow
from frontdesk.estate.search import Resolution, UnitResolution
from frontdesk.i18n import _
from frontdesk.services import Services
from ui.kit.context import AppContext
from ui.kit.forms import FieldErrors


def resolve_unit_or_fail(services: Services, actor: Actor, text: str) -> int:
    """The unit a typed code names, or a ValidationError on ``host_unit`` saying why (worker thread)."""
    found = services.estate.resolve_unit(actor=actor, text=text)
    if found.unit is None:
        raise ValidationError("host_unit", found.message)
    return found.unit.id


class HostStep(QObject):
    """The unit, resident and department fields (laid out by the form): the unit resolves on Enter."""

    sig_unit_chosen = Signal(object)
    """The unit visited changed (its id, or None)."""

    def __init__(self, context: AppContext, errors: FieldErrors, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.unit_id: int | None = None
        self.unit = QLineEdit()
        self.resident = QComboBox()
        self.department = QLineEdit()
        self._wanted_resident: int | None = None
        self.unit.setPlaceholderText(_("e.g. 3-1502"))
        self.unit.setToolTip(
            _("The unit visited, typed as the office writes it (3-1502, 3棟1502); Enter or Tab looks it up")
        )
        self.department.setPlaceholderText(_("e.g. 工程部"))
        self.resident.addItem(_("(anyone)"), None)
        self._errors = errors
        self.unit.textEdited.connect(self._on_unit_text_edited)
        self.unit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the unit field looks the unit up instead of saving the form; leaving the field
        (Tab, an Alt+letter) looks it up too, and the cursor goes where the clerk sent it."""
        pending = watched is self.unit and bool(self.unit.text().strip()) and self.unit_id is None
        if not pending:
            return False
        if event.type() == QEvent.Type.FocusOut:
            self.look_up(move_on=False)
            return False
        is_enter = (
            isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        )
        if is_enter:
            self.look_up()
            return True
        return False

    def look_up(self, *, move_on: bool = True) -> None:
        """Resolve the typed unit code on the worker thread; ``move_on`` puts the cursor in the
        resident list once found."""
        text, actor = self.unit.text().strip(), self._context.require_actor()
        estate = self._context.services.estate
        self._context.runner.submit(
            lambda: estate.resolve_unit(actor=actor, text=text),
            lambda found: self._on_resolved(found, move_on=move_on),
            owner=self,
        )

    def set_unit(self, unit_id: int | None, code: str = "", resident_id: int | None = None) -> None:
        """Choose a unit (e.g. the returning visitor's last host) and load its residents."""
        self.unit_id, self._wanted_resident = unit_id, resident_id
        self.unit.setText(code)
        self._fill_residents([])
        self.sig_unit_chosen.emit(unit_id)
        if unit_id is None:
            return
        actor, estate = self._context.require_actor(), self._context.services.estate
        self._context.runner.submit(
            lambda: estate.residents(actor=actor, unit_id=unit_id), self._fill_residents, owner=self
        )

    def resident_id(self) -> int | None:
        """The resident chosen, if any."""
        data = self.resident.currentData()
        return int(data) if isinstance(data, int) else None

    def resident_name(self) -> str:
        """The chosen resident's name ("" when nobody in particular)."""
        return self.resident.currentText() if self.resident_id() is not None else ""

    def clear(self) -> None:
        """Back to no unit, no department."""
        self.set_unit(None)
        self.department.clear()

    def _fill_residents(self, residents: list[ResidentRow]) -> None:
        self.resident.clear()
        self.resident.addItem(_("(anyone)"), None)
        for row in residents:
            self.resident.addItem(row.name, row.id)
        wanted = self.resident.findData(self._wanted_resident) if self._wanted_resident is not None else -1
        self.resident.setCurrentIndex(wanted if wanted >= 0 else (1 if residents else 0))

    def _on_resolved(self, found: UnitResolution, *, move_on: bool = True) -> None:
        if found.status is Resolution.FOUND and found.unit is not None:
            self.set_unit(found.unit.id, found.unit.code)
            if move_on:
                self.resident.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._errors.set("host_unit", found.message)

    def _on_unit_text_edited(self, _text: str) -> None:
        if self.unit_id is not None:
            self.unit_id = None
            self._fill_residents([])
            self.sig_unit_chosen.emit(None)
