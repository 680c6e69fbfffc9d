"""Benchmark child: a bare PySide6 main window; prints the wall-clock time of its first paint."""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class _FirstPaint(QObject):
    """Prints the time of the first paint event of the watched widget, then quits."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            print(f"painted {time.time():.6f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
            self.deleteLater()
        return False


def main() -> int:
    """Show the window and run until it has painted."""
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("hello"))
    window.resize(1200, 800)
    spy = _FirstPaint()
    window.centralWidget().installEventFilter(spy)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
