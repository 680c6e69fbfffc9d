"""What each command-line command does, through the same services the window uses."""

from __future__ import annotations

import argparse
import sys

from frontdesk import anchors, audit, config, migrations
from frontdesk import backup as backups
from frontdesk.auth import Role, role_label
from frontdesk.db import InstanceLock, transaction
from frontdesk.demo import load_demo
from frontdesk.errors import UserError
from frontdesk.i18n import _
from frontdesk.setup import check_setup
from ui.cli.common import EXIT_OK, EXIT_USER, read_password
from ui.cli.database import opened, target_of


def init(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk init``: office, first estate and admin account."""
    password = read_password()
    check_setup(  # before anything is created: a refused field leaves no database behind
        office_name=args.office,
        estate_name=args.estate or args.office,
        admin_username=args.admin,
        admin_display_name=args.admin_name or args.admin,
        admin_password=password,
        visitor_retention_days=args.visitor_retention_days,
        slip_retention_days=args.slip_retention_days,
    )
    with opened(args, settings, set_up=False, create=True) as (services, actor):
        services.setup.initialize(
            actor=actor,
            office_name=args.office,
            estate_name=args.estate or args.office,
            admin_username=args.admin,
            admin_display_name=args.admin_name or args.admin,
            admin_password=password,
            visitor_retention_days=args.visitor_retention_days,
            slip_retention_days=args.slip_retention_days,
        )
        print(
            _("Set up {office} on {db}; administrator: {admin}.").format(
                office=args.office, db=services.target.display(), admin=args.admin
            )
        )
    return EXIT_OK


def user(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk user add|passwd|list``."""
    password = read_password() if args.user_command in ("add", "passwd") else ""
    with opened(args, settings) as (services, actor):
        if args.user_command == "add":
            row = services.staff.add(
                actor=actor,
                username=args.username,
                display_name=args.name or args.username,
                role=args.role,
                password=password,
            )
            print(_("Added {user} ({role}).").format(user=row.username, role=role_label(row.role)))
        elif args.user_command == "passwd":
            services.staff.change_password(actor=actor, username=args.username, new_password=password)
            print(_("Password changed for {user}.").format(user=args.username))
        else:
            for row in services.staff.list(actor=actor):
                state = _("active") if row.active else _("disabled")
                print(f"{row.username}\t{row.display_name}\t{Role(row.role).value}\t{state}")
    return EXIT_OK


def backup(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk backup [--to DIR]``: a checked, hashed copy."""
    with opened(args, settings) as (services, actor):
        copy = services.maintenance.backup_now(actor=actor, folder=args.to)
    print(_("Backup written: {path}").format(path=copy.path))
    print(_("SHA-256 {digest}, {size} bytes").format(digest=copy.sha256, size=copy.size))
    return EXIT_OK


def demo(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk demo [--units N] [--years Y] [--seed S]``: a demo estate in an empty registry."""
    with opened(args, settings) as (services, actor):
        counts = load_demo(
            actor=actor,
            units=args.units,
            years=args.years,
            seed=args.seed,
            today=services.estate.today(),
            slip_keys=services.slips.keyring,
        )
    print(
        _(
            "Demo estate loaded: {buildings} buildings, {units} units, {residents} residents, "
            "{charges} charges, {payments} payments; {arrears} units in arrears."
        ).format(
            buildings=counts.buildings,
            units=counts.units,
            residents=counts.residents,
            charges=counts.charges,
            payments=counts.payments,
            arrears=counts.in_arrears,
        )
    )
    return EXIT_OK


def check(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk check``: exit 1 and a report on any fault."""
    with opened(args, settings, migrate=False, set_up=False) as (services, _actor):
        if migrations.current_version() == 0:
            raise UserError(
                _("This is not a frontdesk database (it has no tables): {db}").format(
                    db=services.target.display()
                )
            )
        report = services.maintenance.check()
    for name in report.checks:
        print(_("checked: {name}").format(name=name))
    print(_("audit entries: {n}").format(n=report.audit_entries))
    if report.ok:
        print(_("No problems found."))
        return EXIT_OK
    for problem in report.problems:
        print(_("PROBLEM: {p}").format(p=problem))
    return EXIT_USER


def restore(args: argparse.Namespace, settings: config.LocalSettings) -> int:
    """``frontdesk restore FILE``: copy to a new file, check it, only then replace the database."""
    target = target_of(args, settings)
    if not target.is_sqlite:
        raise UserError(
            _("A PostgreSQL database is restored with the server's own tools (pg_restore); see the README.")
        )
    warning = backups.restore_warning(args.file)
    if warning:  # restore_file checks the copy again and refuses a damaged one
        print(warning, file=sys.stderr)
    lock = InstanceLock(target.path)
    lock.acquire()  # refuses while the program has the database open
    try:
        kept = backups.restore_file(
            args.file.resolve(), target.path, schema_check=backups.check_schema_version
        )
    finally:
        lock.release()
    with opened(args, settings) as (services, actor):
        with transaction():
            audit.record(actor, "restore", "database", args.file.name, after={"kept": str(kept)})
        anchors.write_desk_anchor(services.target, after_restore=True)
    print(_("Restored {file} into {db}.").format(file=args.file, db=target.path))
    if kept != target.path:
        print(_("The replaced database was kept as {kept}.").format(kept=kept))
    return EXIT_OK
