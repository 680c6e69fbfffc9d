"""PyInstaller entry script for the frozen program (see build.spec); not shipped as data."""

from ui.app import main

raise SystemExit(main())
