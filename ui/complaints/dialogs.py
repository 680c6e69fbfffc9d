"""Dialogs on a complaint outside its steps: reclassify with a reason, escalate, the work order."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.complaints.rows import ComplaintRow
from frontdesk.errors import Conflict, ValidationError
from frontdesk.i18n import _
from ui.complaints.common import ENTITY, class_code, class_text, fill_classes, split_class
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.kit.forms import FieldErrors, hint
from ui.kit.steps import text_box


class _CaseDialog(Dialog):
    """Save on the worker thread; stay open and filled when the core refuses."""

    def __init__(self, context: AppContext, row: ComplaintRow, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._context = context
        self.row = row
        self.result_row: ComplaintRow | None = None
        self.errors = FieldErrors()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.setWindowTitle(title.format(number=row.number))
        self.setMinimumWidth(520)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.layout_.addLayout(self.form)

    def finish_layout(self) -> None:
        """The buttons under the fields."""
        self.layout_.addWidget(self.buttons)

    def _job(self) -> Callable[[], ComplaintRow]:
        raise NotImplementedError

    def save(self) -> None:
        """Check and save."""
        self.errors.clear()
        try:
            job = self._job()
        except ValidationError as exc:
            self.errors.show(self, exc)
            return
        self._context.runner.submit(job, self._on_saved, self._on_failed, owner=self)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Conflict):  # changed on another desk: said, and the case shows it as it is now
            messages.warn(self, exc.message)
            self.reject()
            return
        self.errors.show(self, exc)

    def _on_saved(self, row: ComplaintRow) -> None:
        self.result_row = row
        self._context.bus.notify(ENTITY)
        self.accept()


class ReclassifyDialog(_CaseDialog):
    """A new classification with the reason; a change of class moves the case to the other procedure."""

    def __init__(self, context: AppContext, row: ComplaintRow, parent: QWidget | None = None) -> None:
        super().__init__(context, row, _("Reclassify complaint {number}"), parent)
        self.classification = QComboBox()
        fill_classes(self.classification, _("Choose the new classification"))
        current = self.classification.findData(class_code(row.cls, row.kind))
        if current >= 0:  # what it is now cannot be chosen again
            self.classification.removeItem(current)
        self.classification.setCurrentIndex(-1)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. 溝通處理不當，業主再次投訴"))
        self.form.addRow(
            hint(
                _("Now: {cls}. The history of classifications is kept.").format(
                    cls=class_text(row.cls, row.kind)
                )
            )
        )
        self.form.addRow(_("&New classification"), self.errors.wrap("kind", self.classification))
        self.errors.attach("cls", self.classification, self._label(self.classification))
        self.form.addRow(_("&Reason"), self.errors.wrap("reason", self.reason))
        self.finish_layout()

    @staticmethod
    def _label(widget: QWidget) -> QLabel:
        box = widget.parentWidget()
        found = box.findChild(QLabel, "fieldError") if box is not None else None
        assert found is not None
        return found

    def _job(self) -> Callable[[], ComplaintRow]:
        cls, kind = split_class(self.classification.currentData())
        if not cls:
            raise ValidationError("kind", _("Choose the new classification."))
        actor, complaints, row, reason = (
            self._context.require_actor(),
            self._context.services.complaints,
            self.row,
            self.reason.text(),
        )
        return lambda: complaints.reclassify(
            actor=actor, number=row.number, version=row.version, cls=cls, kind=kind, reason=reason
        )


class EscalateDialog(_CaseDialog):
    """A serious matter goes to the supervisor (重大問題報請公司領導解決), with the reason."""

    def __init__(self, context: AppContext, row: ComplaintRow, parent: QWidget | None = None) -> None:
        super().__init__(context, row, _("Escalate complaint {number} to the supervisor"), parent)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. 涉及人身安全，須公司領導處理"))
        self.form.addRow(_("&Reason"), self.errors.wrap("reason", self.reason))
        self.finish_layout()

    def _job(self) -> Callable[[], ComplaintRow]:
        actor, complaints, row, reason = (
            self._context.require_actor(),
            self._context.services.complaints,
            self.row,
            self.reason.text(),
        )
        return lambda: complaints.escalate(actor=actor, number=row.number, version=row.version, reason=reason)


class WorkOrderDialog(_CaseDialog):
    """What a help-seeking complaint needs done (recorded until work orders exist), or, once asked
    for, the number of the work order made from it."""

    def __init__(self, context: AppContext, row: ComplaintRow, parent: QWidget | None = None) -> None:
        super().__init__(context, row, _("Work order for complaint {number}"), parent)
        self.request = text_box(_("e.g. 廚房水管漏水，請工程部上門維修"))
        self.number = QLineEdit()
        self.number.setPlaceholderText(_("e.g. GC-20261205-0003"))
        if row.work_order_request:
            self.form.addRow(hint(_("Requested: {request}").format(request=row.work_order_request)))
            self.form.addRow(_("Work order &number"), self.errors.wrap("work_order", self.number))
            self.number.setText(row.work_order_ref)
            self.request.hide()
        else:
            self.form.addRow(
                hint(_("The request is recorded now; the work order's number is added once it exists."))
            )
            self.form.addRow(_("&What to do"), self.errors.wrap("request", self.request))
            self.number.hide()
        self.finish_layout()

    def _job(self) -> Callable[[], ComplaintRow]:
        actor, complaints, row = self._context.require_actor(), self._context.services.complaints, self.row
        if row.work_order_request:
            ref = self.number.text()
            return lambda: complaints.link_work_order(
                actor=actor, number=row.number, version=row.version, work_order=ref
            )
        request = self.request.toPlainText()
        return lambda: complaints.request_work_order(
            actor=actor, number=row.number, version=row.version, request=request
        )
