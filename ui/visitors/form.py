"""The registration form (來訪登記), step by step as the office's procedure goes; Enter saves, Esc clears."""

from __future__ import annotations

import itertools
import uuid
from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from frontdesk.auth import Permission
from frontdesk.i18n import N_, _
from frontdesk.identity import DocumentType
from frontdesk.visitors.kinds import (
    Answer,
    IdPolicy,
    IdStatus,
    NotifyMethod,
    Purpose,
    allowed_id_statuses,
    label,
)
from frontdesk.visitors.registration import WatchRelease
from frontdesk.visitors.rows import VisitorHit, VisitRow
from frontdesk.visitors.watch import WatchListMatch
from ui.kit import messages
from ui.kit.authorize import ask_supervisor
from ui.kit.context import AppContext
from ui.kit.forms import FieldErrors
from ui.visitors.host_step import HostStep, resolve_unit_or_fail
from ui.visitors.search_box import ReturningSearch

#: the identity documents a visitor may show, with their names
ID_TYPES: dict[DocumentType, str] = {
    DocumentType.MAINLAND_ID: N_("Resident ID card (mainland)"),
    DocumentType.HK_ID: N_("Hong Kong ID card"),
    DocumentType.TW_ID: N_("Taiwan ID card"),
    DocumentType.HK_MO_PERMIT: N_("Permit for Hong Kong / Macao residents"),
    DocumentType.TW_PERMIT: N_("Permit for Taiwan residents"),
    DocumentType.PASSPORT: N_("Passport"),
    DocumentType.OTHER: N_("Other document"),
}


def _choices(combo: QComboBox, items: list[tuple[str, str]], placeholder: str = "") -> None:
    combo.clear()
    for text, value in items:
        combo.addItem(text, value)
    if placeholder:  # nothing chosen until the clerk chooses: the step cannot be skipped by accident
        combo.setPlaceholderText(placeholder)
        combo.setCurrentIndex(-1)


#: one field of a step: its caption, the input (the caption's buddy), and the widget laid out
Field = tuple[str, QWidget, QWidget]


def _captioned(caption: str, buddy: QWidget, widget: QWidget) -> QWidget:
    """A field with its caption above it (the caption's mnemonic focuses ``buddy``)."""
    block = QWidget()
    layout = QVBoxLayout(block)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    text = QLabel(caption)
    text.setBuddy(buddy)
    layout.addWidget(text)
    layout.addWidget(widget)
    layout.addStretch(1)
    return block


def _step(title: str, *rows: list[Field]) -> QWidget:
    """A numbered step: its name in a small heading, then rows of captioned fields side by side.

    No frame around it: six framed boxes did not fit a 1366×768 screen with the Register button.
    """
    box = QWidget()
    box.setObjectName("formStep")
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 2)
    layout.setSpacing(2)
    heading = QLabel(title)
    heading.setObjectName("stepTitle")
    layout.addWidget(heading)
    for row in rows:
        line = QHBoxLayout()
        line.setSpacing(6)
        for caption, buddy, widget in row:
            fixed = buddy.maximumWidth() < 1000  # a narrow field (companions) keeps its width
            line.addWidget(_captioned(caption, buddy, widget), 0 if fixed else 1, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(line)
    return box


class RegistrationForm(QWidget):
    """Purpose → whom → who → ID → companions, plate, pass → notification; saved on the worker thread."""

    sig_registered = Signal(object)
    """A visit was registered (its :class:`VisitRow`)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.errors = FieldErrors()
        self.client_id = uuid.uuid4()
        self.visitor_id: int | None = None
        self.search = ReturningSearch(context)
        self.purpose, self.purpose_note = QComboBox(), QLineEdit()
        self.host = HostStep(context, self.errors, self)
        self.name, self.phone = QLineEdit(), QLineEdit()
        self.id_status, self.id_type, self.id_number = QComboBox(), QComboBox(), QLineEdit()
        self.companions, self.plate, self.pass_number = QLineEdit(), QLineEdit(), QLineEdit()
        self.told, self.method, self.answer = QLineEdit(), QComboBox(), QComboBox()
        self.save_button = QPushButton(_("&Register (Enter)"))
        self.clear_button = QPushButton(_("Clear (Esc)"))
        self.status = QLabel()
        self._policy = IdPolicy.NOT_ASKED  # the default, until the office's choice is read
        self._auto_told = ""
        self._build_ui()
        self._connect_signals()
        self.clear()
        self._load_policy()

    def _build_ui(self) -> None:
        e = self.errors
        _choices(self.purpose, [(label(p), p.value) for p in Purpose], _("Choose the purpose"))
        _choices(self.id_status, [(label(s), s.value) for s in allowed_id_statuses(self._policy)])
        _choices(self.id_type, [(_(text), kind.value) for kind, text in ID_TYPES.items()])
        _choices(self.method, [(label(m), m.value) for m in NotifyMethod])
        _choices(self.answer, [(label(a), a.value) for a in Answer], _("Answer?"))
        self.purpose_note.setPlaceholderText(_("e.g. 送快递"))
        self.phone.setPlaceholderText(_("e.g. 138 1234 5678"))
        self.companions.setPlaceholderText("0")
        self.companions.setMaximumWidth(60)
        self.plate.setPlaceholderText(_("e.g. 粤B12345"))
        self.pass_number.setPlaceholderText(_("blank: the next number"))
        self.told.setPlaceholderText(_("e.g. the resident"))
        self.told.setMinimumWidth(96)  # a name must stay readable beside the two lists
        # a list's longest choice must neither squeeze the typed fields beside it nor widen the form
        # past its column (the ID step has three fields side by side when the office records IDs)
        lists = (self.purpose, self.host.resident, self.id_status, self.id_type, self.method, self.answer)
        for combo in lists:
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(5)
            combo.setMinimumWidth(90)  # overrides the hint, which counts a long placeholder in full
        self.save_button.setObjectName("primary")
        self.status.setWordWrap(True)

        blocks: dict[str, QWidget] = {}

        def field(caption: str, name: str, widget: QWidget) -> Field:
            blocks[name] = e.wrap(name, widget)
            return caption, widget, blocks[name]

        host, search = self.host, self.search
        purpose = [
            field(_("&Purpose"), "purpose", self.purpose),
            field(_("What exactly"), "purpose_note", self.purpose_note),
        ]
        unit = [
            field(_("&Unit"), "host_unit", host.unit),
            field(_("Re&sident"), "host_resident", host.resident),
        ]
        person = [field(_("&Name"), "name", self.name), field(_("P&hone"), "phone", self.phone)]
        document = [
            field(_("Document"), "id_type", self.id_type),
            field(_("ID number"), "id_number", self.id_number),
        ]
        extras = [
            field(_("&Companions"), "companions", self.companions),
            field(_("P&late"), "plate", self.plate),
            field(_("Pass num&ber"), "pass_number", self.pass_number),
        ]
        notified = [
            field(_("&Told"), "told", self.told),
            field(_("Ho&w"), "notify_method", self.method),
            field(_("&Answer"), "answer", self.answer),
        ]
        steps = [
            _step(_("① Purpose"), purpose),
            _step(
                _("② Whom they visit"), [*unit, field(_("&Department"), "host_department", host.department)]
            ),
            _step(_("③ Who"), [(_("&Find"), search.edit, search)], person),
            _step(_("④ Identity"), [field(_("&ID"), "id_status", self.id_status), *document]),
            _step(_("⑤ Companions, vehicle, pass"), extras),
            _step(_("⑥ Notification"), notified),
        ]
        # the field with its caption, shown only where the office records IDs (see _apply_policy)
        self._document_fields = [blocks[name].parentWidget() for name in ("id_type", "id_number")]
        self._show_document_fields()
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.status, 1)  # what was just saved, beside the button that saved it
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for box in steps:
            layout.addWidget(box)
        layout.addLayout(buttons)
        layout.addStretch(1)
        order: list[QWidget] = [
            self.search.edit,
            self.purpose,
            self.purpose_note,
            self.host.unit,
            self.host.resident,
            self.host.department,
            self.name,
            self.phone,
            self.id_status,
            self.id_type,
            self.id_number,
            self.companions,
            self.plate,
            self.pass_number,
            self.told,
            self.method,
            self.answer,
            self.save_button,
        ]
        for first, second in itertools.pairwise(order):
            self.setTabOrder(first, second)

    def _connect_signals(self) -> None:
        self.search.sig_picked.connect(self._on_search_picked)
        self.save_button.clicked.connect(lambda: self.save())
        self.clear_button.clicked.connect(self.clear)
        self.id_status.currentIndexChanged.connect(self._on_id_status_changed)
        self.host.resident.currentIndexChanged.connect(self._on_host_changed)
        self.host.department.textEdited.connect(self._on_host_changed)
        self.name.textEdited.connect(self._on_name_text_edited)
        self._context.bus.subscribe(self, self._on_bus_changed)

    def _show_document_fields(self) -> None:
        for captioned in self._document_fields:
            if captioned is not None:
                captioned.setVisible(self._policy is IdPolicy.RECORDED)

    def _on_bus_changed(self, entity: str) -> None:
        """An administrator changed an office setting: the ID step follows the office's policy at once."""
        if entity == "setting":
            self._load_policy()

    def _load_policy(self) -> None:
        """Read the office's ID policy on the worker thread; the ID step follows it."""
        settings = self._context.services.settings
        self._context.runner.submit(lambda: settings.get("visitor_id_policy"), self._apply_policy, owner=self)

    def _apply_policy(self, value: object) -> None:
        policy = IdPolicy(str(value))
        if policy is self._policy:
            return
        self._policy = policy
        _choices(self.id_status, [(label(s), s.value) for s in allowed_id_statuses(policy)])
        self._show_document_fields()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter saves (fields pass it on), Esc clears the form."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
        elif event.key() == Qt.Key.Key_Escape:
            self.clear()
        else:
            super().keyPressEvent(event)

    def clear(self) -> None:
        """An empty form with a new submission id; the cursor in the search box."""
        self.errors.clear()
        self.client_id, self.visitor_id, self._auto_told = uuid.uuid4(), None, ""
        for edit in (
            self.purpose_note,
            self.name,
            self.phone,
            self.id_number,
            self.companions,
            self.plate,
            self.pass_number,
            self.told,
        ):
            edit.clear()
        self.phone.setPlaceholderText(_("e.g. 138 1234 5678"))
        self.id_number.setPlaceholderText("")
        for combo in (self.purpose, self.answer):
            combo.setCurrentIndex(-1)
        self.id_status.setCurrentIndex(0)
        self.method.setCurrentIndex(0)
        self.host.clear()
        self.search.clear()
        self._on_id_status_changed()
        self.focus(self.search.edit)
        self.reveal(self.status)  # and what was just saved, above it

    def fill_from(self, hit: VisitorHit) -> None:
        """Fill the form from a returning visitor and their last visit; focus goes to what is still needed."""
        self.errors.clear()
        self.visitor_id = hit.visitor_id
        self.name.setText(hit.name)
        self.phone.clear()
        self.phone.setPlaceholderText(
            _("on file: {phone}").format(phone=hit.phone_masked) if hit.phone_masked else ""
        )
        self.id_number.setPlaceholderText(
            _("on file: {number}").format(number=hit.id_number_masked) if hit.has_id_on_file else ""
        )
        if hit.last_purpose is not None:
            self.purpose.setCurrentIndex(self.purpose.findData(hit.last_purpose.value))
        self.plate.setText(hit.last_plate)
        self.host.department.setText(hit.last_host_department)
        self._auto_told = ""
        self.host.set_unit(hit.last_host_unit_id, hit.last_host_unit_code, hit.last_host_resident_id)
        self._on_host_changed()
        self._focus_next_needed()

    def _focus_next_needed(self) -> None:
        needed = [
            (self.purpose.currentIndex() < 0, self.purpose),
            (self.host.unit_id is None and not self.host.department.text().strip(), self.host.unit),
            (not self.told.text().strip(), self.told),
        ]
        self.focus(next((widget for missing, widget in needed if missing), self.answer))

    def focus(self, widget: QWidget) -> None:
        """Put the cursor in ``widget``, scrolled into view (the form is taller than a laptop screen)."""
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        self.reveal(widget)

    def reveal(self, widget: QWidget) -> None:
        """Scroll the page's scroll area, if any, up or down so that ``widget`` is seen (never sideways)."""
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        content = area.widget() if area is not None else None
        if area is None or content is None:
            return
        top = widget.mapTo(content, QPoint(0, 0)).y() - 16
        bottom = top + widget.height() + 32
        bar, height = area.verticalScrollBar(), area.viewport().height()
        if top < bar.value():
            bar.setValue(top)
        elif bottom > bar.value() + height:
            bar.setValue(min(top, bottom - height))

    def values(self) -> dict[str, Any]:
        """What the form holds, as ``register_visit`` takes it."""
        id_status = str(self.id_status.currentData() or "")
        return {
            "purpose": str(self.purpose.currentData() or ""),
            "purpose_note": self.purpose_note.text(),
            "visitor_id": self.visitor_id,
            "name": self.name.text(),
            "phone": self.phone.text(),
            "host_unit_id": self.host.unit_id,
            "host_resident_id": self.host.resident_id(),
            "host_department": self.host.department.text(),
            "id_status": id_status,
            "id_type": str(self.id_type.currentData() or "") if id_status == IdStatus.RECORDED else None,
            "id_number": self.id_number.text(),
            "companions": self.companions.text(),
            "plate": self.plate.text(),
            "pass_number": self.pass_number.text(),
            "told": self.told.text(),
            "notify_method": str(self.method.currentData() or ""),
            "answer": str(self.answer.currentData() or ""),
            "client_id": self.client_id,
        }

    def save(self, release: WatchRelease | None = None) -> None:
        """Register on the worker thread; a failure keeps the form filled, messages beside the fields."""
        self.errors.clear()
        values, unit_text = self.values(), self.host.unit.text().strip()
        actor, services = self._context.require_actor(), self._context.services

        def job() -> VisitRow:
            if values["host_unit_id"] is None and unit_text:
                values["host_unit_id"] = resolve_unit_or_fail(services, actor, unit_text)
            return services.visitors.register_visit(actor=actor, **values, watch_release=release)

        self.save_button.setEnabled(False)
        self._context.runner.submit(job, self._on_saved, self._on_failed, owner=self)

    def _on_saved(self, row: VisitRow) -> None:
        self.save_button.setEnabled(True)
        self.clear()
        self.status.setText(self._saved_text(row))
        self._context.bus.notify("visit")
        self.sig_registered.emit(row)

    @staticmethod
    def _saved_text(row: VisitRow) -> str:
        if row.pass_number:
            return _("Registered {name}: pass {number}, {status}.").format(
                name=row.name, number=row.pass_number, status=label(row.status)
            )
        return _("Registered {name}: {status}.").format(name=row.name, status=label(row.status))

    def _on_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, WatchListMatch):
            self._ask_release(exc)
            return
        self.errors.show(self, exc)

    def _ask_release(self, match: WatchListMatch) -> None:
        authorization = ask_supervisor(
            self._context,
            self,
            permission=Permission.OVERRIDE,
            title=_("Watch list"),
            explanation=match.message + "\n" + _("A supervisor must let this visit proceed, with a reason."),
        )
        if authorization is None:
            messages.warn(
                self, _("Not registered: the visitor is on the watch list and no supervisor released them.")
            )
            return
        self.save(WatchRelease(authorization.actor, authorization.reason))

    def _on_search_picked(self, hit: VisitorHit) -> None:
        self.fill_from(hit)

    def _on_id_status_changed(self, *_args: object) -> None:
        recorded = self.id_status.currentData() == IdStatus.RECORDED
        self.id_type.setEnabled(recorded)
        self.id_number.setEnabled(recorded)

    def _on_host_changed(self, *_args: object) -> None:
        """The person told follows the host chosen, unless the clerk typed someone else."""
        suggestion = self.host.resident_name() or self.host.department.text().strip()
        if self.told.text() in ("", self._auto_told):
            self.told.setText(suggestion)
            self._auto_told = suggestion

    def _on_name_text_edited(self, _text: str) -> None:
        if self.visitor_id is not None:  # a new name: a new person, not the one found
            self.visitor_id = None
            self.phone.setPlaceholderText(_("e.g. 138 1234 5678"))
            self.id_number.setPlaceholderText("")
