"""Start-up: arguments, settings, language, then the command line, the self-test or the window."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

from frontdesk import config
from frontdesk.i18n import set_language


def import_peewee_without_postgres_driver() -> None:
    """Import peewee with psycopg2 hidden: peewee imports the driver as it loads (~15 ms of every
    start, SQLite ones too).

    Called before the core's models are first imported: by :func:`main` for the command line, by
    ``ui.gui`` once the window has been drawn. ``frontdesk.db.load_postgres_driver`` gives the
    driver to peewee when a PostgreSQL database is made. A ``None`` entry in ``sys.modules`` makes
    ``import psycopg2`` raise ImportError, which peewee takes as "no driver"; the entry is removed
    right after.
    """
    if "peewee" in sys.modules or "psycopg2" in sys.modules:
        return
    sys.modules["psycopg2"] = None  # type: ignore[assignment]
    try:
        importlib.import_module("peewee")
    finally:
        del sys.modules["psycopg2"]


def main(argv: Sequence[str] | None = None, *, exec_: bool = True) -> int:
    """The ``frontdesk`` program.

    Args:
        argv: the arguments (``sys.argv[1:]`` by default).
        exec_: run the Qt event loop (tests pass False and drive the window themselves).

    Returns:
        The exit code.
    """
    from ui.cli import build_parser, run_command

    arguments = list(sys.argv[1:] if argv is None else argv)
    settings = config.load()
    set_language(_language_asked(arguments) or settings.language)  # before help texts are made
    args = build_parser().parse_args(arguments)
    if args.command is not None or args.self_test:
        import_peewee_without_postgres_driver()
    if args.self_test:
        from ui.selftest import run_self_test

        return run_self_test()
    if args.command is not None:
        return run_command(args, settings)
    from ui.gui import start_gui

    code, context = start_gui(arguments, database=getattr(args, "db", None), settings=settings, exec_=exec_)
    if not exec_ and context is not None and context.session is not None:
        context.session.finish(code)  # without the event loop nobody else stops the worker thread
    return code


def _language_asked(arguments: list[str]) -> str | None:
    for i, arg in enumerate(arguments):
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
        if arg == "--lang" and i + 1 < len(arguments):
            return arguments[i + 1]
    return None


if __name__ == "__main__":
    raise SystemExit(main())
