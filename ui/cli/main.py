"""The command line: the program's automation surface, Qt-free at import.

Every command opens the database it is given (the file's permissions or the server's
credentials are the gate), acts as the administrator, and is audited as done from the command
line by the operating-system user.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from frontdesk import __version__, config
from frontdesk.errors import StorageError, UserError, ValidationError
from frontdesk.i18n import _
from ui.cli.common import EXIT_STORAGE, EXIT_USER, CliError


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        default=argparse.SUPPRESS,
        help=_(
            "SQLite file or postgresql://user@host/db (default: the setting, "
            "else the embedded database in the user's data folder)"
        ),
    )
    parser.add_argument(
        "--lang", choices=["zh_CN", "zh_TW", "en"], default=argparse.SUPPRESS, help=_("language of messages")
    )


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, subcommands included."""
    parser = argparse.ArgumentParser(
        prog="frontdesk",
        description=_(
            "Front-desk suite for property-management offices. Without a command, starts the program."
        ),
    )
    _common(parser)
    parser.add_argument("--version", action="version", version=f"frontdesk {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=_(
            "start offscreen, open a temporary database, render a sample PDF "
            "and workbook, exit 0 when all works"
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_init(sub)
    _add_user(sub)
    _add_demo(sub)
    backup = sub.add_parser("backup", help=_("back up the SQLite database now"))
    _common(backup)
    backup.add_argument("--to", metavar="DIR", type=Path, help=_("folder for the copy"))
    restore = sub.add_parser("restore", help=_("restore a backup over the database (checked first)"))
    _common(restore)
    restore.add_argument("file", type=Path, help=_("the backup file"))
    check = sub.add_parser("check", help=_("integrity, foreign keys and audit-chain check"))
    _common(check)
    _add_transfer(sub)
    _add_print(sub)
    _add_utilities(sub)
    _add_report(sub)
    purge = sub.add_parser(
        "purge", help=_("remove visitors' and release slips' personal data past retention")
    )
    _common(purge)
    purge.add_argument("--dry-run", action="store_true", help=_("only count what would be purged"))
    return parser


def _add_init(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = sub.add_parser("init", help=_("set up a new database: office, first estate, admin"))
    _common(init)
    init.add_argument("--office", required=True, help=_("the office's name"))
    init.add_argument("--estate", help=_("the first estate's name (default: the office's)"))
    init.add_argument("--admin", required=True, metavar="USER", help=_("the admin's user name"))
    init.add_argument("--admin-name", help=_("the admin's own name (default: the user name)"))
    init.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help=_("read the admin's password from standard input"),
    )
    init.add_argument("--visitor-retention-days", type=int, default=30)
    init.add_argument("--slip-retention-days", type=int, default=365)


def _add_demo(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = sub.add_parser("demo", help=_("fill an empty, set-up database with a realistic demo estate"))
    _common(demo)
    demo.add_argument("--units", type=int, default=600, help=_("how many units (default 600)"))
    demo.add_argument("--years", type=int, default=1, help=_("years of monthly fees (default 1)"))
    demo.add_argument("--seed", type=int, default=1, help=_("the same seed gives the same estate"))


def _add_user(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    user = sub.add_parser("user", help=_("staff accounts"))
    _common(user)
    users = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = users.add_parser("add", help=_("add a staff account"))
    _common(add)
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=["clerk", "supervisor", "engineer", "guard", "admin"])
    add.add_argument("--name", help=_("the person's name (default: the user name)"))
    add.add_argument("--password-stdin", action="store_true", required=True)
    passwd = users.add_parser("passwd", help=_("set a staff member's password"))
    _common(passwd)
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true", required=True)
    listing = users.add_parser("list", help=_("list staff accounts"))
    _common(listing)


def _add_transfer(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    load = sub.add_parser("import", help=_("import residents or arrears from an Excel workbook"))
    _common(load)
    load.add_argument(
        "what",
        choices=["residents", "arrears", "complaint-rules", "meters", "tariffs", "readings"],
        help=_("what the workbook holds"),
    )
    load.add_argument("file", type=Path, help=_("the .xlsx workbook"))
    load.add_argument(
        "--allow-partial", action="store_true", help=_("import the good rows even when others have problems")
    )
    load.add_argument(
        "--create-units",
        action="store_true",
        help=_("add the buildings and units missing from the registry (the sheet gives their area)"),
    )
    load.add_argument("--month", metavar="YYYY-MM", help=_("the month of the readings (readings)"))
    save = sub.add_parser(
        "export", help=_("export residents, units or arrears to an Excel workbook (masked)")
    )
    _common(save)
    save.add_argument(
        "what",
        choices=[
            "residents",
            "units",
            "arrears",
            "visitors",
            "release-slips",
            "complaints",
            "callbacks",
            "complaint-rules",
            "work-orders",
            "meters",
            "tariffs",
            "readings",
        ],
        help=_("what to export"),
    )
    save.add_argument("file", type=Path, help=_("the .xlsx workbook to write"))
    save.add_argument(
        "--month",
        metavar="YYYY-MM",
        help=_("only this month (visitors, release slips, complaints, callbacks, work orders, readings)"),
    )


def _add_print(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    printing = sub.add_parser("print", help=_("write a document as a PDF file"))
    _common(printing)
    documents = printing.add_subparsers(dest="document", metavar="DOCUMENT", required=True)
    slip = documents.add_parser("release-slip", help=_("a release slip, the same PDF the program prints"))
    _common(slip)
    slip.add_argument("number", help=_("the slip's number, e.g. FX-20261123-0007"))
    slip.add_argument("--pdf", required=True, type=Path, metavar="FILE", help=_("the PDF file to write"))
    slip.add_argument(
        "--copies",
        default="applicant,gate,office",
        help=_("the copies, separated by commas (default: applicant,gate,office)"),
    )
    complaint = documents.add_parser("complaint", help=_("a complaint's record sheet with its callbacks"))
    _common(complaint)
    complaint.add_argument("number", help=_("the complaint's number, e.g. TS-20261123-0007"))
    complaint.add_argument("--pdf", required=True, type=Path, metavar="FILE", help=_("the PDF file to write"))
    order = documents.add_parser("work-order", help=_("a work order's slip, engineering and office copies"))
    _common(order)
    order.add_argument("number", help=_("the order's number, e.g. GC-20261123-0007"))
    order.add_argument("--pdf", required=True, type=Path, metavar="FILE", help=_("the PDF file to write"))
    plan = documents.add_parser("work-plan", help=_("the daily work plan: each technician's open orders"))
    _common(plan)
    plan.add_argument("--date", metavar="YYYY-MM-DD", help=_("the plan's day (default: today)"))
    plan.add_argument("--pdf", required=True, type=Path, metavar="FILE", help=_("the PDF file to write"))
    round_sheet = documents.add_parser(
        "round-sheet", help=_("a building's meter-reading sheet for the month")
    )
    notices = documents.add_parser("utility-notices", help=_("the month's payment notices, one a unit"))
    for parser in (round_sheet, notices):
        _common(parser)
        parser.add_argument("--month", required=True, metavar="YYYY-MM", help=_("the table's month"))
        parser.add_argument(
            "--building",
            required=parser is round_sheet,
            metavar="B",
            help=_("only this building (its code or name)"),
        )
        parser.add_argument(
            "--pdf", required=True, type=Path, metavar="FILE", help=_("the PDF file to write")
        )
    notices.add_argument(
        "--paper",
        choices=("a5", "a4", "a4x2"),
        default="a5",
        help=_("a5: one notice per A5 page (default); a4: one per A4 page; a4x2: two per A4 page, to cut"),
    )


def _add_utilities(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    utilities = sub.add_parser("utilities", help=_("the monthly water and electricity table"))
    _common(utilities)
    actions = utilities.add_subparsers(dest="utilities_command", metavar="ACTION", required=True)
    close = actions.add_parser("close", help=_("post the month's charges on the units' accounts and lock it"))
    _common(close)
    close.add_argument("--month", required=True, metavar="YYYY-MM", help=_("the month to close"))
    close.add_argument(
        "--due",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help=_("when the charges fall due (default: the 15th of the next month)"),
    )


def _add_report(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser("report", help=_("write a report as a workbook, a PDF or both"))
    _common(report)
    reports = report.add_subparsers(dest="report", metavar="REPORT", required=True)
    table = reports.add_parser("utilities", help=_("the month's utility table, by building, with the totals"))
    _common(table)
    table.add_argument("--month", required=True, metavar="YYYY-MM", help=_("the table's month"))
    table.add_argument("--building", metavar="B", help=_("only this building (its code or name)"))
    table.add_argument("--xlsx", type=Path, metavar="FILE", help=_("the .xlsx workbook to write"))
    table.add_argument("--pdf", type=Path, metavar="FILE", help=_("the PDF file to write"))
    table.add_argument(
        "--history",
        type=int,
        choices=range(0, 25),
        default=5,
        metavar="N",
        help=_("months before it in the PDF's month-on-month chart (default 5; 0: no chart)"),
    )


Handler = Callable[[argparse.Namespace, config.LocalSettings], int]


def _handler(command: str, document: str = "") -> Handler:
    """The function running ``command``, with only its own module loaded.

    The commands load the core and its database driver: imported when one runs, never for the
    window. Each module loads its own part too, so an export does not pay for the demo generator
    (``admin``, about 80 ms) on every run.
    """
    if command == "utilities":
        from ui.cli import utilities

        return utilities.utilities_command
    if command == "report":
        from ui.cli import utilities

        return utilities.report_command
    if command in ("import", "export"):
        from ui.cli import transfer

        return transfer.import_command if command == "import" else transfer.export_command
    if command == "print" and document in ("round-sheet", "utility-notices"):
        from ui.cli import utilities

        return utilities.print_command
    if command == "print" and document in ("work-order", "work-plan"):
        from ui.cli import workorders

        return workorders.print_command
    if command == "print":
        from ui.cli import complaints, slips

        return complaints.print_command if document == "complaint" else slips.print_command
    if command == "purge":
        from ui.cli import visitors

        return visitors.purge_command
    from ui.cli import admin

    commands: dict[str, Handler] = {
        "init": admin.init,
        "demo": admin.demo,
        "user": admin.user,
        "backup": admin.backup,
        "restore": admin.restore,
        "check": admin.check,
    }
    return commands[command]


def run_command(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """Run a parsed subcommand, turning errors into one clear line and an exit code."""
    handler = _handler(args.command, getattr(args, "document", "") or "")
    try:
        destination = {"export": "file", "print": "pdf"}.get(args.command)
        if destination is not None:  # before anything is recorded as exported or printed
            from frontdesk.files import check_writable  # loaded by the commands that write files only

            check_writable(getattr(args, destination))
        return handler(args, settings)
    except ValidationError as exc:
        print(
            _("frontdesk: error: {field}: {message}").format(field=exc.field, message=exc.message),
            file=sys.stderr,
        )
        return EXIT_USER
    except (UserError, CliError) as exc:
        print(_("frontdesk: error: {message}").format(message=exc), file=sys.stderr)
        return EXIT_USER
    except OSError as exc:  # a file written after the checks (full disk, removed folder)
        print(
            _("frontdesk: error: {message}").format(message=f"{exc.filename or ''}: {exc.strerror or exc}"),
            file=sys.stderr,
        )
        return EXIT_USER
    except StorageError as exc:
        if exc.hint:
            line = _("frontdesk: error: {message} ({hint})").format(message=exc.message, hint=exc.hint)
        else:
            line = _("frontdesk: error: {message}").format(message=exc.message)
        print(line, file=sys.stderr)
        return EXIT_STORAGE
