"""Switching the language: the program's catalog and Qt's own translations of standard dialogs."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from frontdesk.i18n import N_, _, current_language, set_language

#: Qt's ``qtbase_<lang>.qm`` per language of the program (English needs none)
QT_CATALOGS = {"zh_CN": "qtbase_zh_CN", "zh_TW": "qtbase_zh_TW"}
_installed: list[QTranslator] = []  # kept alive while installed

#: Qt 6's own captions its catalogs lack (the file dialog said "Look in:" in a Chinese window),
#: translated in our catalog instead: {Qt's context: (its source texts)}
FILL_IN = {"QFileDialog": (N_("&Look in:"), N_("Files of &type:"))}


class _FillIn(QTranslator):
    """Translates the few captions of Qt's dialogs that Qt's catalog leaves in English."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        return _(source) if source in FILL_IN.get(context, ()) else ""

    def isEmpty(self) -> bool:
        return False


def install_qt_translator(language: str | None = None) -> bool:
    """Translate Qt's standard buttons and dialogs (OK/Cancel …); False when no catalog was found."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    code = language or current_language()
    QLocale.setDefault(QLocale(code if code != "en" else "en_US"))
    catalog = QT_CATALOGS.get(code)
    if catalog is None:
        return False
    fill_in = _FillIn(app)
    app.installTranslator(fill_in)
    _installed.append(fill_in)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(catalog, folder):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def apply_language(language: str) -> None:
    """Use ``language`` for every later message, ours and Qt's."""
    set_language(language)
    install_qt_translator(language)
