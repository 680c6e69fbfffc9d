"""The first-run wizard: language, office and first estate, its buildings, administrator, data retention."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from frontdesk.auth import MIN_PASSWORD_LENGTH, Actor, Role, StaffRow, password_problem
from frontdesk.demo import load_demo
from frontdesk.i18n import LANGUAGES, _, current_language
from frontdesk.office import SETTINGS
from ui.estate.wizard_step import BuildingsPage
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.dialog import Wizard
from ui.kit.forms import FieldErrors

#: the sample estate offered on first run: big enough to try searching, quick to make
SAMPLE_UNITS = 300
SAMPLE_YEARS = 1
#: page ids: the buildings step sits between the office and the administrator, when chosen
WELCOME_PAGE, OFFICE_PAGE, BUILDINGS_PAGE, ADMIN_PAGE, POLICY_PAGE = range(5)


def sample_suffix() -> str:
    """What the office's name ends with while it holds sample data."""
    return _(" (sample data)")


def _title(text: str) -> str:
    """A page title, larger than Qt's default (the wizard renders it as rich text)."""
    return f"<span style='font-size:16pt; font-weight:600'>{html.escape(text)}</span>"


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


class _Page(QWizardPage):
    """A step of the wizard: Back keeps what was typed; a required field left empty is said beside it
    when Next is pressed (Qt's own "mandatory field" disables Next silently, and counts a field still
    holding its starting value, such as the suggested user name "admin", as empty)."""

    def cleanupPage(self) -> None:  # Qt's name
        """Going back keeps what was typed on this step."""

    def required(self, errors: FieldErrors, fields: tuple[tuple[str, QLineEdit], ...]) -> bool:
        """True when every field holds something; else the first empty one says so and has the cursor."""
        for name, edit in fields:
            if not edit.text().strip():
                errors.set(name, _("Required: type it here."))
                return False
        return True


class WelcomePage(QWizardPage):
    """What the wizard does, and the language to use."""

    sig_language_chosen = Signal(str)
    """The user picked another language (code from ``LANGUAGES``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_title(_("Welcome")))
        self.setSubTitle(
            _(
                "Set up this office in four short steps. Everything can be changed later "
                "in Settings, except the first estate's name."
            )
        )
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        form = QFormLayout(self)
        form.addRow(_label(_("&Language"), self.language), self.language)
        self.language.activated.connect(self._on_language_activated)

    def _on_language_activated(self, index: int) -> None:
        code = self.language.itemData(index)
        if code != current_language():
            self.sig_language_chosen.emit(code)


class OfficePage(_Page):
    """The management office and the first estate it runs."""

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_title(_("Your office")))
        self.setSubTitle(_("The office's name heads every slip and report."))
        self.office_name = QLineEdit()
        self.office_name.setMaxLength(120)
        self.estate_name = QLineEdit()
        self.estate_name.setMaxLength(120)
        form = QFormLayout(self)
        form.addRow(_label(_("&Office name"), self.office_name), errors.wrap("office_name", self.office_name))
        form.addRow(
            _label(_("First &estate"), self.estate_name), errors.wrap("estate_name", self.estate_name)
        )
        self.sample = QCheckBox(_("&Try it with sample data"))
        form.addRow("", self.sample)
        form.addRow(
            "",
            _note(
                _(
                    "Fills the new database with a made-up estate ({units} units, residents, a year of "
                    "fees) to try the program. The office's name says “sample data”; set up the real "
                    "office in a new database."
                ).format(units=SAMPLE_UNITS)
            ),
        )
        self.layout_now = QCheckBox(_("Set up &buildings and units now"))
        form.addRow("", self.layout_now)
        form.addRow(
            "",
            _note(
                _(
                    "Without a spreadsheet: describe the buildings (floors, units per floor) on the next "
                    "step. Leave it off to import the office's resident sheet later, or to add buildings "
                    "on the Residents page."
                )
            ),
        )
        self.sample.toggled.connect(self._on_sample_toggled)
        self._errors = errors
        self.registerField("office_name", self.office_name)
        self.registerField("estate_name", self.estate_name)

    def validatePage(self) -> bool:  # Qt's name
        """The office's and the estate's names are needed."""
        fields = (("office_name", self.office_name), ("estate_name", self.estate_name))
        return self.required(self._errors, fields)

    def nextId(self) -> int:  # Qt's name
        """The buildings step only when chosen (the sample estate brings its own buildings)."""
        return BUILDINGS_PAGE if self.layout_now.isChecked() else ADMIN_PAGE

    def _on_sample_toggled(self, checked: bool) -> None:
        """Label the office as sample data in its name (shown on every slip), or take the label off."""
        self.layout_now.setEnabled(not checked)
        if checked:
            self.layout_now.setChecked(False)
        name, suffix = self.office_name.text(), sample_suffix()
        if checked and not name.endswith(suffix):
            self.office_name.setText((name.strip() or _("Sample office")) + suffix)
        elif not checked and name.endswith(suffix):
            self.office_name.setText(name[: -len(suffix)])


class AdminPage(_Page):
    """The first administrator's account."""

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._errors = errors
        self.setTitle(_title(_("Administrator")))
        self.setSubTitle(_("The administrator adds the other staff and changes office-wide settings."))
        self.username = QLineEdit("admin")
        self.username.setMaxLength(40)
        self.display_name = QLineEdit()
        self.password = QLineEdit()
        self.password_again = QLineEdit()
        for edit in (self.password, self.password_again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout(self)
        rows = (
            (_("&User name"), "username", self.username),
            (_("Your na&me"), "display_name", self.display_name),
            (_("&Password"), "password", self.password),
            (_("Password &again"), "password_again", self.password_again),
        )
        for text, name, edit in rows:
            form.addRow(_label(text, edit), errors.wrap(name, edit))
        form.addRow(
            "",
            _note(
                _("At least {n} characters. Write it down somewhere safe: nobody can read it back.").format(
                    n=MIN_PASSWORD_LENGTH
                )
            ),
        )
        self.registerField("username", self.username)
        self.registerField("display_name", self.display_name)
        self.registerField("password", self.password)

    def validatePage(self) -> bool:  # Qt's name
        """Every field filled, the password checked here, before the last page (the server checks again)."""
        fields = (
            ("username", self.username),
            ("display_name", self.display_name),
            ("password", self.password),
        )
        if not self.required(self._errors, fields):
            return False
        problem = password_problem(self.password.text())
        if problem:
            return not self._errors.set("password", problem)
        if self.password.text() != self.password_again.text():
            return not self._errors.set("password_again", _("The two passwords differ; type them again."))
        return True


class PolicyPage(QWizardPage):
    """How long visitors' and slips' personal data is kept; the administrator must confirm it."""

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(_title(_("Personal data")))
        self.setSubTitle(
            _(
                "The law asks the office to keep personal data no longer than needed. "
                "Older records are anonymised automatically."
            )
        )
        self.visitor_days = self._days("visitor_retention_days")
        self.slip_days = self._days("slip_retention_days")
        self.confirmed = QCheckBox(_("I have read this policy and &confirm it for the office."))
        form = QFormLayout()
        form.addRow(
            _label(_("&Visitors' data"), self.visitor_days),
            errors.wrap("visitor_retention_days", self.visitor_days),
        )
        form.addRow(
            "", _note(_("Names, phones and ID numbers of visitors are removed after this many days."))
        )
        form.addRow(
            _label(_("&Release slips' data"), self.slip_days),
            errors.wrap("slip_retention_days", self.slip_days),
        )
        form.addRow(
            "",
            _note(
                _(
                    "Personal details on release slips are removed after this many days; "
                    "the slip numbers stay."
                )
            ),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(12)
        layout.addWidget(errors.wrap("retention_policy_confirmed", self.confirmed))
        layout.addStretch()
        self.progress_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the sample estate is written in one transaction
        for widget in (self.progress_label, self.progress):
            widget.hide()
            layout.addWidget(widget)
        self.registerField("policy_confirmed*", self.confirmed)

    @staticmethod
    def _days(key: str) -> QSpinBox:
        spec = SETTINGS[key]
        box = QSpinBox()
        box.setRange(spec.minimum or 1, spec.maximum or 3650)
        box.setValue(int(spec.default))
        box.setSuffix(_(" days"))
        box.setMinimumWidth(160)
        box.setMaximumWidth(220)
        return box


class FirstRunWizard(Wizard):
    """Four steps; Finish saves everything in one transaction, or shows what is wrong and where."""

    sig_created = Signal(str)
    """The office was created; the administrator's user name."""
    sig_language_chosen = Signal(str)
    """The user picked another language on the first page."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._created = False
        self._saving = False
        self.errors = FieldErrors()
        self.welcome = WelcomePage()
        self.office = OfficePage(self.errors)
        self.buildings = BuildingsPage(self.errors, next_id=ADMIN_PAGE)
        self.buildings.setTitle(_title(_("Buildings and units")))
        self.admin = AdminPage(self.errors)
        self.policy = PolicyPage(self.errors)
        self._build_ui()
        self.welcome.sig_language_chosen.connect(self.sig_language_chosen)

    def _build_ui(self) -> None:
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(_("Set up Front desk"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        pages = (self.welcome, self.office, self.buildings, self.admin, self.policy)
        for page_id, page in enumerate(pages):
            self.setPage(page_id, page)
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Create the office"))
        self.resize(760, 600)

    def validateCurrentPage(self) -> bool:
        """On the last page, Finish saves (on the worker thread); the wizard closes when that worked."""
        if self.currentPage() is not self.policy or self._created:
            return super().validateCurrentPage()
        if not self._saving:
            self._save()
        return False

    def _save(self) -> None:
        self._saving = True
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        setup, office, admin = self._context.services.setup, self.office, self.admin
        office_name, estate_name = office.office_name.text(), office.estate_name.text()
        username, display_name, password = (
            admin.username.text(),
            admin.display_name.text(),
            admin.password.text(),
        )
        visitor_days, slip_days = self.policy.visitor_days.value(), self.policy.slip_days.value()
        self._context.runner.submit(
            lambda: setup.initialize(
                actor=None,
                office_name=office_name,
                estate_name=estate_name,
                admin_username=username,
                admin_display_name=display_name,
                admin_password=password,
                visitor_retention_days=visitor_days,
                slip_retention_days=slip_days,
            ),
            self._on_initialize_done,
            self._on_initialize_failed,
            owner=self,
        )

    def _on_initialize_done(self, admin: StaffRow) -> None:
        if self.office.sample.isChecked():
            self._load_sample(admin)
            return
        if self.office.layout_now.isChecked():
            self._add_buildings(admin)
            return
        self._finish()

    def _admin_actor(self, admin: StaffRow) -> Actor:
        return Actor(
            admin.username, admin.display_name, Role.ADMIN, "gui", self._context.settings.desk(), admin.id
        )

    def _add_buildings(self, admin: StaffRow) -> None:
        """Add the generated buildings to the new estate on the worker thread."""
        actor, estate = self._admin_actor(admin), self._context.services.estate
        buildings, layout, area, use = self.buildings.layout_form.check()  # checked on its page already
        self.policy.progress_label.setText(_("Adding the buildings and units …"))
        self.policy.progress_label.show()
        self.policy.progress.show()
        self.button(QWizard.WizardButton.CancelButton).setEnabled(False)  # the office exists already

        def add() -> object:
            estate_id = estate.estates(actor=actor)[0].id
            return estate.add_buildings(
                actor=actor, estate_id=estate_id, buildings=buildings, layout=layout, area_m2=area, use=use
            )

        self._context.runner.submit(add, lambda _saved: self._finish(), self._on_buildings_failed, owner=self)

    def _on_buildings_failed(self, exc: BaseException) -> None:
        messages.warn(
            self,
            _(
                "The office was created, but the buildings could not be added: {reason} "
                "Add them on the Residents page."
            ).format(reason=getattr(exc, "message", exc)),
        )
        self._finish()

    def _finish(self) -> None:
        self._saving = False
        self._created = True
        self.sig_created.emit(self.admin.username.text().strip())
        self.accept()

    def _load_sample(self, admin: StaffRow) -> None:
        """Fill the new database with the sample estate on the worker thread, showing that it works."""
        actor = self._admin_actor(admin)
        today = self._context.services.estate.today()
        self.policy.progress_label.setText(_("Filling in the sample estate …"))
        self.policy.progress_label.show()
        self.policy.progress.show()
        self.button(QWizard.WizardButton.CancelButton).setEnabled(False)  # the office exists already
        self._context.runner.submit(
            lambda: load_demo(
                actor=actor,
                units=SAMPLE_UNITS,
                years=SAMPLE_YEARS,
                today=today,
                slip_keys=self._context.services.slips.keyring,
            ),
            lambda _counts: self._finish(),
            self._on_sample_failed,
            owner=self,
        )

    def _on_sample_failed(self, exc: BaseException) -> None:
        messages.warn(
            self,
            _("The office was created, but the sample data could not be added: {reason}").format(reason=exc),
        )
        self._finish()

    def _on_initialize_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        widget = self.errors.widget(getattr(exc, "field", ""))
        while (
            widget is not None
            and not self.currentPage().isAncestorOf(widget)
            and self.currentId() != self.startId()
        ):
            self.back()
        self.errors.show(self, exc)
