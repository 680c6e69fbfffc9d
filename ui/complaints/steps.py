"""The small form of each step of the two procedures; the case view shows the one that comes next.

Valid: nature → department → site visit → handling. Communicative: identity → fee status → notify
or answer. Each form reads its fields into the service call it makes; the service checks them.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from frontdesk.auth import Actor
from frontdesk.complaints.labels import department_label
from frontdesk.complaints.rows import ComplaintRow, DepartmentRow, Step
from frontdesk.errors import ValidationError
from frontdesk.estate.ledger import ArrearsSummary
from frontdesk.i18n import _
from frontdesk.money import fen_to_text
from frontdesk.services import Services
from ui.complaints.common import BAD, GOOD
from ui.kit.moments import local_qdatetime, utc_of
from ui.kit.steps import StepForm as KitStepForm
from ui.kit.steps import text_box

Job = Callable[[], ComplaintRow]


def fill_departments(combo: QComboBox, departments: list[DepartmentRow]) -> None:
    """The office's active departments (code as data), keeping the one chosen."""
    chosen = combo.currentData()
    combo.clear()
    for row in departments:
        if row.active:
            combo.addItem(department_label(row.code, row.name), row.code)
    combo.setCurrentIndex(combo.findData(chosen) if chosen is not None else -1)


class StepForm(KitStepForm):
    """One step's fields; ``job`` reads them into the service call (checks first, on the GUI thread)."""

    step: Step

    def prepare(
        self, row: ComplaintRow, departments: list[DepartmentRow], fees: ArrearsSummary | None
    ) -> None:
        """Made ready for ``row`` (departments and fees as loaded with it)."""

    def job(self, services: Services, actor: Actor, row: ComplaintRow) -> Job:
        """The service call recording the step (raises ValidationError for a choice not made)."""
        raise NotImplementedError

    def clear(self) -> None:
        """Empty the fields and the choices (after the step was recorded)."""
        super().clear()
        for combo in self.findChildren(QComboBox):
            combo.setCurrentIndex(-1)

    def first_input(self) -> QWidget:
        """Where the cursor goes when the step is shown: a choice not made yet, else the first line."""
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QComboBox) and widget.currentIndex() < 0:
                return widget
            if isinstance(widget, QPlainTextEdit | QLineEdit) and not isinstance(
                widget.parentWidget(), QComboBox | QDateTimeEdit
            ):
                return widget
        return self


class NatureStep(StepForm):
    """Valid ②: what the failure of the service is."""

    step = Step.NATURE

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Judge the nature: what failed in the service, and how serious it is."), parent)
        self.nature = text_box(_("e.g. 保洁漏扫三天，垃圾未清运"))
        self.add(_("Nat&ure"), "nature", self.nature)

    def job(self, services: Services, actor: Actor, row: ComplaintRow) -> Job:
        nature = self.nature.toPlainText()
        return lambda: services.complaints.judge_nature(
            actor=actor, number=row.number, version=row.version, nature=nature
        )


class DepartmentStep(StepForm):
    """Valid ③: the department responsible."""

    step = Step.DEPARTMENT

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Which department is responsible? Its supervisor goes to the site next."), parent)
        self.department = QComboBox()
        self.department.setPlaceholderText(_("Choose the department"))
        self.add(_("De&partment"), "department", self.department)

    def prepare(
        self, row: ComplaintRow, departments: list[DepartmentRow], fees: ArrearsSummary | None
    ) -> None:
        fill_departments(self.department, departments)

    def job(self, services: Services, actor: Actor, row: ComplaintRow) -> Job:
        code = self.department.currentData()
        if code is None:
            raise ValidationError("department", _("Choose the responsible department from the list."))
        return lambda: services.complaints.assign_department(
            actor=actor, number=row.number, version=row.version, department=str(code)
        )


class SiteVisitStep(StepForm):
    """Valid ④: to the site with the department's supervisor."""

    step = Step.SITE_VISIT

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Go to the site with the department's supervisor: who went, when, what was found."), parent
        )
        self.supervisor = QLineEdit()
        self.supervisor.setPlaceholderText(_("e.g. 工程部 陈主管"))
        self.visited_at = QDateTimeEdit(local_qdatetime())
        self.visited_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.findings = text_box()
        self.add(_("Super&visor"), "supervisor", self.supervisor)
        self.add(_("&When"), "visited_at", self.visited_at)
        self.add(_("&Findings"), "findings", self.findings)

    def prepare(
        self, row: ComplaintRow, departments: list[DepartmentRow], fees: ArrearsSummary | None
    ) -> None:
        if not self.supervisor.text():
            self.visited_at.setDateTime(local_qdatetime())

    def job(self, services: Services, actor: Actor, row: ComplaintRow) -> Job:
        who, when, findings = (
            self.supervisor.text(),
            utc_of(self.visited_at.dateTime()),
            self.findings.toPlainText(),
        )
        return lambda: services.complaints.record_site_visit(
            actor=actor,
            number=row.number,
            version=row.version,
            supervisor=who,
            visited_at=when,
            findings=findings,
        )


class HandlingStep(StepForm):
    """Valid ⑤: the handling the supervisor led; the callback is scheduled."""

    step = Step.HANDLING

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("The handling led by the supervisor: what was done and the result. The callback follows."),
            parent,
        )
        self.done = text_box()
        self.result = text_box()
        self.add(_("&Actions"), "actions", self.done)
        self.add(_("&Result"), "result", self.result)

    def job(self, services: Services, actor: Actor, row: ComplaintRow) -> Job:
        actions, result = self.done.toPlainText(), self.result.toPlainText()
        return lambda: services.complaints.record_handling(
            actor=actor, number=row.number, version=row.version, actions=actions, result=result
        )


class IdentityStep(StepForm):
    """Communicative ②: is the complainant a resident of the unit?"""

    step = Step.IDENTITY

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Confirm who is complaining: a resident of the unit, or not."), parent)
        self.is_resident = QComboBox()
        self.is_resident.addItem(_("Yes, a resident of the unit"), True)
        self.is_resident.addItem(_("No, not a resident of the unit"), False)
        self.is_resident.setPlaceholderText(_("Choose"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("e.g. checked against the registry"))
        self.add(_("&Resident of the unit?"), "is_resident", self.is_resident)
        self.add(_("N&ote"), "note", self.note)

    def prepare(
        self, row: ComplaintRow, departments: list[DepartmentRow], fees: ArrearsSummary | None
    ) -> None:
        if self.is_resident.currentIndex() < 0 and row.complainant_resident_id is not None and row.unit_id:
            self.is_resident.setCurrentIndex(0)  # picked from the registry: the clerk confirms with Enter

    def first_input(self) -> QWidget:
        return self.is_resident

    def job(self, services: Services, actor: Actor, row: ComplaintRow) -> Job:
        answer = self.is_resident.currentData()
        if answer is None:
            raise ValidationError(
                "is_resident", _("Choose whether the complainant is a resident of the unit.")
            )
        note = self.note.text()
        return lambda: services.complaints.confirm_identity(
            actor=actor, number=row.number, version=row.version, is_resident=bool(answer), note=note
        )


class FeeStep(StepForm):
    """Communicative ③: the unit's fee status, shown and recorded as seen."""

    step = Step.FEE_STATUS

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Look at the unit's fee status; recording it notes what was seen today."), parent)
        self.fees = QLabel()
        self.fees.setTextFormat(Qt.TextFormat.RichText)
        self.fees.setWordWrap(True)
        self.note = QLineEdit()
        self.form.addRow(_("Fees"), self.fees)
        self.add(_("N&ote"), "note", self.note)

    def prepare(
        self, row: ComplaintRow, departments: list[DepartmentRow], fees: ArrearsSummary | None
    ) -> None:
        if fees is None:
            self.fees.setText(escape(_("A public place: no unit's fees to look at.")))
        elif fees.arrears_fen > 0:
            owed = _("Owes ¥{amount}, the oldest unpaid charge {days} days overdue").format(
                amount=fen_to_text(fees.arrears_fen), days=fees.oldest_unpaid_days
            )
            self.fees.setText(f"<b style='color:{BAD}'>⚠ {escape(owed)}</b>")
        else:
            paid_up = _("Paid up")
            self.fees.setText(f"<span style='color:{GOOD}'>✓ {escape(paid_up)}</span>")

    def first_input(self) -> QWidget:
        return self.note

    def job(self, services: Services, actor: Actor, row: ComplaintRow) -> Job:
        note = self.note.text()
        return lambda: services.complaints.record_fee_status(
            actor=actor, number=row.number, version=row.version, note=note
        )


class ResponseStep(StepForm):
    """Communicative ④: answer the resident on the spot, or notify the department; the callback follows."""

    step = Step.RESPONSE

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Answer the resident now, or pass it to the department. The callback follows."), parent
        )
        self.how = QComboBox()
        self.how.addItem(_("Answered the resident on the spot"), True)
        self.how.addItem(_("Passed to the department"), False)
        self.how.setPlaceholderText(_("Choose"))
        self.said = text_box(_("What was said to the resident, or passed on"))
        self.department = QComboBox()
        self.department.setPlaceholderText(_("Choose the department"))
        self.add(_("&How"), "answered", self.how)
        self.add(_("&What was said"), "said", self.said)
        self.add(_("De&partment"), "department", self.department)
        self.how.currentIndexChanged.connect(self._on_how_changed)
        self._on_how_changed()

    def _on_how_changed(self) -> None:
        self.department.setEnabled(self.how.currentData() is False)

    def prepare(
        self, row: ComplaintRow, departments: list[DepartmentRow], fees: ArrearsSummary | None
    ) -> None:
        fill_departments(self.department, departments)

    def first_input(self) -> QWidget:
        return self.how if self.how.currentIndex() < 0 else self.said

    def job(self, services: Services, actor: Actor, row: ComplaintRow) -> Job:
        answered = self.how.currentData()
        if answered is None:
            raise ValidationError("answered", _("Choose whether you answered or passed it on."))
        said, department = self.said.toPlainText(), str(self.department.currentData() or "")
        return lambda: services.complaints.record_response(
            actor=actor,
            number=row.number,
            version=row.version,
            answered=bool(answered),
            said=said,
            department=department,
        )


def step_forms() -> list[StepForm]:
    """One form for each step a clerk records, in procedure order (valid, then communicative)."""
    return [
        NatureStep(),
        DepartmentStep(),
        SiteVisitStep(),
        HandlingStep(),
        IdentityStep(),
        FeeStep(),
        ResponseStep(),
    ]
