"""Start-up: arguments, settings, language, then the command line, the self-test or the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from frontdesk import config
from frontdesk.i18n import set_language
from frontdesk.peewee_import import import_peewee_without_postgres_driver
from ui.cli.main import build_parser, run_command


def main(argv: Sequence[str] | None = None, *, exec_: bool = True) -> int:
    """The ``frontdesk`` program.

    Args:
        argv: the arguments (``sys.argv[1:]`` by default).
        exec_: run the Qt event loop (tests pass False and drive the window themselves).

    Returns:
        The exit code.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    settings = config.load()
    set_language(_language_asked(arguments) or settings.language)  # before help texts are made
    args = build_parser().parse_args(arguments)
    if args.command is not None or args.self_test:
        import_peewee_without_postgres_driver()
    if args.self_test:
        from ui.shell.selftest import run_self_test  # loads Qt: only for the self-test

        return run_self_test()
    if args.command is not None:
        return run_command(args, settings)
    # the window's modules load Qt: never for the command line
    from ui.shell.gui import start_gui

    code, context = start_gui(arguments, database=getattr(args, "db", None), settings=settings, exec_=exec_)
    # the session (and with it peewee and the core) is imported once the window has painted, not before
    from ui.shell.session import Session

    if not exec_ and context is not None and isinstance(context.session, Session):
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
