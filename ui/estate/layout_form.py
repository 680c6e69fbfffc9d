"""The building generator's fields: buildings, floors, units a floor, numbering, area, use; a preview."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from frontdesk.errors import ValidationError
from frontdesk.estate.kinds import UnitUse, label
from frontdesk.estate.layout import MAX_FLOOR, NumberPattern, UnitLayout, parse_buildings, preview
from frontdesk.i18n import N_, _, ngettext
from ui.kit.forms import FieldErrors

PATTERNS: dict[NumberPattern, str] = {
    NumberPattern.FLOOR_TWO_DIGITS: N_("Floor + two digits (3-1502)"),
    NumberPattern.FLOOR_LETTER: N_("Floor + letter (3-15B)"),
}
PREVIEW_EACH_END = 4  # codes shown at the start and at the end of the preview


def _spin(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setMinimumWidth(100)
    return box


class LayoutForm(QWidget):
    """The generator's fields on a form layout; ``layout_values`` checks them (errors go to ``errors``)."""

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._errors = errors
        self.buildings = QLineEdit()
        self.buildings.setPlaceholderText(_("e.g. 3, 1-6 or A, B"))
        self.buildings.setToolTip(_("One building, a list, or a range; a name such as 3栋 also works"))
        self.first_floor = _spin(1, MAX_FLOOR, 1)
        self.last_floor = _spin(1, MAX_FLOOR, 18)
        self.per_floor = _spin(1, 99, 4)
        self.pattern = QComboBox()
        for pattern, text in PATTERNS.items():
            self.pattern.addItem(_(text), pattern.value)
        self.area = QLineEdit()
        self.area.setPlaceholderText(_("e.g. 89.37"))
        self.area.setToolTip(_("Every unit's area in m²; change single units afterwards with Edit unit"))
        self.use = QComboBox()
        for use in UnitUse:
            self.use.addItem(label(use), use.value)
        self.preview = QLabel()
        self.preview.setObjectName("hint")
        self.preview.setWordWrap(True)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        rows = (
            (_("&Buildings"), "buildings", self.buildings),
            (_("&Lowest floor"), "first_floor", self.first_floor),
            (_("&Top floor"), "last_floor", self.last_floor),
            (_("Units per &floor"), "per_floor", self.per_floor),
            (_("&Numbering"), "pattern", self.pattern),
            (_("&Area (m²)"), "area_m2", self.area),
            (_("&Use"), "use", self.use),
        )
        for text, name, widget in rows:
            caption = QLabel(text)
            caption.setBuddy(widget)
            form.addRow(caption, errors.wrap(name, widget))
        form.addRow(_("Unit codes"), self.preview)
        for box in (self.first_floor, self.last_floor, self.per_floor):
            box.valueChanged.connect(self.refresh_preview)
        self.buildings.textChanged.connect(self.refresh_preview)
        self.pattern.currentIndexChanged.connect(self.refresh_preview)
        self.refresh_preview()

    def unit_layout(self) -> UnitLayout:
        """The floors and flats chosen."""
        return UnitLayout(
            self.first_floor.value(),
            self.last_floor.value(),
            self.per_floor.value(),
            NumberPattern(self.pattern.currentData()),
        )

    def codes(self) -> list[str]:
        """The unit codes the fields describe (raises ValidationError naming the field)."""
        return preview(parse_buildings(self.buildings.text()), self.unit_layout())

    def refresh_preview(self) -> None:
        """Show how many units will be made and their first and last codes, or what is wrong."""
        if not self.buildings.text().strip():
            self.preview.setText(_("Type the buildings to see the unit codes."))
            return
        try:
            codes = self.codes()
        except ValidationError as exc:
            self.preview.setText(exc.message)
            return
        shown = (
            codes
            if len(codes) <= 2 * PREVIEW_EACH_END
            else [
                *codes[:PREVIEW_EACH_END],
                "…",
                *codes[-PREVIEW_EACH_END:],
            ]
        )
        count = ngettext("{n} unit:", "{n} units:", len(codes)).format(n=len(codes))
        self.preview.setText(f"{count} {'  '.join(shown)}")

    def check(self) -> tuple[str, UnitLayout, Decimal | str, str]:
        """The buildings as typed, the layout, the area and the use; ValidationError when one is wrong."""
        self.codes()
        area = self.area.text().strip()
        if not area:
            raise ValidationError("area_m2", _("Type the area in square metres, e.g. 89.37."))
        return self.buildings.text(), self.unit_layout(), area, str(self.use.currentData())
