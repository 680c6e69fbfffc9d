"""Step ② of the slip form: the unit typed as the office writes it, its people, arrears and the override."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from frontdesk.auth import Permission
from frontdesk.errors import ValidationError
from frontdesk.estate.search import Resolution, UnitResolution
from frontdesk.i18n import _
from frontdesk.money import fen_to_text
from frontdesk.slips.rows import ApplicantKind, ContactRow, OverrideInput, SlipContext
from ui.kit.authorize import ask_supervisor
from ui.kit.context import AppContext
from ui.kit.forms import FieldErrors
from ui.kit.unit_panel import UnitPanel
from ui.slips.common import BAD, GOOD


def _person(person: ContactRow) -> str:
    return f"{person.name} · {person.phone_masked}" if person.phone_masked else person.name


def _summary(context: SlipContext) -> str:
    owners = "、".join(o.name for o in context.owners) or _("none on record")
    tenants = "、".join(t.name for t in context.tenants) or _("none")
    lines = [
        f"<b>{escape(context.unit_code)}</b> · {escape(context.estate_name)}",
        escape(_("Owners: {names}").format(names=owners)),
        escape(_("Tenants: {names}").format(names=tenants)),
    ]
    if not context.blocked:  # a debt is said once, on the arrears row with its button
        paid_up = escape(_("No arrears"))
        lines.append(f"<span style='color:{GOOD}'>✓ {paid_up}</span>")
    lines += [f"<b style='color:{BAD}'>⚠ {escape(i.text)}</b>" for i in context.instructions]
    return "<br>".join(lines)


class UnitStep(QWidget):
    """② Enter looks the unit up; its owners, tenants, arrears and instructions come with it."""

    sig_name_chosen = Signal(str, str)
    """The clerk chose the resident who applies: their registered name and masked phone on record."""

    def __init__(
        self,
        app: AppContext,
        errors: FieldErrors,
        panel: UnitPanel,
        kind_of: Callable[[], ApplicantKind],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._app, self._errors, self._panel, self._kind_of = app, errors, panel, kind_of
        self.context: SlipContext | None = None
        self.override: OverrideInput | None = None
        self.fresh = False  # the last Enter in the unit field looked it up (the next one goes on)
        self.unit = QLineEdit()
        self.unit.setPlaceholderText(_("e.g. 3-1502, 3棟1502, A座12F-03 — Enter to look it up"))
        self.candidates = QComboBox()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.resident = QComboBox()
        self.resident_label = QLabel(_("&Which resident"))
        self.resident_label.setBuddy(self.resident)
        self.override_button = QPushButton(_("Ask a supervisor to &allow …"))
        self.override_state = QLabel()
        self.override_state.setWordWrap(True)
        self.override_state.setTextFormat(Qt.TextFormat.RichText)
        override = QWidget()
        box = QVBoxLayout(override)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.override_state)
        box.addWidget(self.override_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.override_row = errors.wrap("override", override)
        hint = QLabel(_("Type the unit; check the fees it owes before going on."))
        hint.setObjectName("hint")
        form = QFormLayout(self)
        form.addRow(hint)
        form.addRow(_("&Unit"), errors.wrap("unit", self.unit))
        form.addRow("", self.candidates)
        form.addRow(self.summary)
        form.addRow(self.resident_label, errors.wrap("applicant_resident", self.resident))
        form.addRow(_("Arrears"), self.override_row)
        self.unit.returnPressed.connect(self.look_up)
        self.unit.textEdited.connect(self._forget)
        self.candidates.activated.connect(self._on_candidate_chosen)
        self.resident.activated.connect(self._on_resident_chosen)
        self.override_button.clicked.connect(self.ask_override)
        self.clear()

    def look_up(self) -> None:
        """Resolve the typed unit (worker thread); one unit loads, several are offered."""
        text = self.unit.text().strip()
        if self.context is not None:
            return  # loaded from this very text (typing forgets it): Enter now means "next"
        self.fresh = True
        self._errors.clear("unit")
        if not text:
            self._errors.set("unit", _("Type the unit, e.g. 3-1502."))
            return
        actor, estate = self._app.require_actor(), self._app.services.estate
        self._app.runner.submit(
            lambda: estate.resolve_unit(actor=actor, text=text),
            self._on_resolved,
            self._on_failed,
            owner=self,
        )

    def take_fresh(self) -> bool:
        """Whether the Enter just pressed in the unit field looked the unit up (and forget it)."""
        fresh, self.fresh = self.fresh, False
        return fresh

    def _on_resolved(self, found: UnitResolution) -> None:
        self.candidates.clear()
        self.candidates.setVisible(found.status is Resolution.AMBIGUOUS)
        if found.status is Resolution.FOUND and found.unit is not None:
            self.load(found.unit.id)
        elif found.status is Resolution.AMBIGUOUS:
            for row in found.candidates:
                self.candidates.addItem(f"{row.code} · {row.building_name}", row.id)
            self._errors.set("unit", _("Several units have this number: choose one below."))
            self.candidates.setFocus()
        else:
            self._errors.set("unit", found.message)

    def _on_candidate_chosen(self) -> None:
        unit_id = self.candidates.currentData()
        if unit_id is not None:
            self.unit.setText(self.candidates.currentText().split(" · ")[0])
            self.candidates.hide()
            self._errors.clear("unit")
            self.load(int(unit_id))

    def load(self, unit_id: int) -> None:
        """Load unit ``unit_id`` into the step and its story into the panel."""
        actor, slips = self._app.require_actor(), self._app.services.slips
        self._panel.show_unit(unit_id)
        self._app.runner.submit(
            lambda: slips.slip_context(actor=actor, unit_id=unit_id),
            self._on_loaded,
            self._on_failed,
            owner=self,
        )

    def _on_loaded(self, context: SlipContext) -> None:
        self.context, self.override = context, None
        owed = _("⚠ Owes ¥{amount}: the slip needs a supervisor's permission.").format(
            amount=fen_to_text(context.arrears.arrears_fen)
        )
        self.override_state.setText(f"<b>{escape(owed)}</b>" if context.blocked else "")
        self.override_state.setStyleSheet(f"color:{BAD}" if context.blocked else "")
        self.refresh()
        if not self.resident.isHidden():
            self.resident.setFocus()
        elif context.blocked:
            self.override_button.setFocus()

    def _on_failed(self, exc: BaseException) -> None:
        self._errors.show(self, exc)

    def _forget(self) -> None:
        if self.context is not None:
            self.context, self.override = None, None
            self.refresh()
            self._panel.clear()

    def refresh(self, name: str = "") -> None:
        """Show the loaded unit (or nothing) for the kind of applicant chosen in step ①."""
        kind, context = self._kind_of(), self.context
        self.resident.clear()
        needs_resident = kind is not ApplicantKind.AGENT
        self.resident_label.setVisible(needs_resident)
        self.resident.setVisible(needs_resident)
        self.override_row.setVisible(context is not None and context.blocked)
        if context is None:
            self.summary.setText(escape(_("Type the unit and press Enter.")))
            return
        people = context.owners if kind is ApplicantKind.OWNER else context.tenants
        for person in people:
            self.resident.addItem(_person(person), person.resident_id)
        if needs_resident and not people:
            self.resident.addItem(
                _("Nobody of this kind is registered: choose another kind of applicant"), None
            )
        self.summary.setText(_summary(context))
        for row in range(self.resident.count()):  # the applicant's name as on their ID picks them
            if name and self.resident.itemText(row).split(" · ")[0] == name.strip():
                self.resident.setCurrentIndex(row)

    def chosen_person(self) -> ContactRow | None:
        """The owner or tenant chosen as the applicant (None for an agent, or nobody chosen)."""
        context, chosen = self.context, self.resident.currentData()
        if context is None or chosen is None or self.resident.isHidden():
            return None
        return next((p for p in (*context.owners, *context.tenants) if p.resident_id == chosen), None)

    def _on_resident_chosen(self) -> None:
        person = self.chosen_person()
        if person is not None and person.name:
            self.sig_name_chosen.emit(person.name, person.phone_masked)

    def ask_override(self) -> None:
        """A supervisor (not the clerk) allows the slip despite the arrears, with a reason."""
        context = self.context
        if context is None or not context.blocked:
            return
        granted = ask_supervisor(
            self._app,
            self,
            permission=Permission.OVERRIDE,
            title=_("Allow a slip despite arrears"),
            explanation=_(
                "Unit {unit} owes fees. A supervisor may allow this slip; the reason is printed on it."
            ).format(unit=context.unit_code),
        )
        if granted is None:
            return
        self.override = OverrideInput(supervisor=granted.actor, reason=granted.reason)
        self._errors.clear("override")
        self.override_state.setText(
            escape(
                _("Allowed by {name}: {reason}").format(
                    name=granted.actor.display_name, reason=granted.reason
                )
            )
        )
        self.override_state.setStyleSheet(f"color:{GOOD}")

    def check(self) -> SlipContext:
        """The step is complete: a unit, the resident who applies (owner/tenant), the override if owed.

        Raises:
            ValidationError: on ``unit``, ``applicant_resident`` or ``override``.
        """
        context = self.context
        if context is None:
            raise ValidationError("unit", _("Type the unit and press Enter to look it up."))
        if self._kind_of() is not ApplicantKind.AGENT and self.resident.currentData() is None:
            raise ValidationError(
                "applicant_resident",
                _("Choose which resident applies, or change the kind of applicant in step ①."),
            )
        if context.blocked and self.override is None:
            raise ValidationError(
                "override", _("The unit owes fees: a supervisor must allow the slip before you go on.")
            )
        return context

    def clear(self) -> None:
        """Empty the step."""
        self.context, self.override = None, None
        self.unit.clear()
        self.candidates.clear()
        self.candidates.hide()
        self.override_state.clear()
        self.refresh()
