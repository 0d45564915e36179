"""Command line: parse arguments, open the store, run the app, the demo or a report."""

from __future__ import annotations

import argparse
import os
import sys
import termios
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, timedelta
from pathlib import Path
from typing import Final, NoReturn

from salestui import __version__
from salestui.i18n import (
    LANGUAGES,
    PLURAL_BAR,
    DateRangeError,
    detect_language,
    fmt_date,
    fmt_int,
    language,
    parse_date,
    plural_index,
    set_language,
    tr,
    tr_in,
    trn,
)
from salestui.io import EXPORT_TABLES, IMPORT_TABLES
from salestui.reports.formats import BY_CHOICES, FORMATS

EXIT_OK, EXIT_USER, EXIT_USAGE = 0, 1, 2
REPORTS = (
    "metrics",
    "hot",
    "deals",
    "finance",
    "receivables",
    "plan",
    "funnel",
    "duration",
    "forecast",
    "calls",
    "base",
    "rollcall",
    "today",
)
# The options each report takes besides --format and --employee; others are refused.
REPORT_OPTIONS: Final = {
    "metrics": {"start", "end", "by", "excel"},
    "hot": {"excel"},
    "deals": {"start", "end", "by", "excel"},
    "finance": {"start", "end", "excel"},
    "receivables": {"as_of", "excel"},
    "plan": {"month", "excel"},
    "funnel": {"start", "end", "excel"},
    "duration": {"start", "end", "excel"},
    "forecast": {"as_of", "target", "excel"},
    "calls": {"start", "end", "excel"},
    "base": {"excel"},
    "rollcall": {"as_of", "excel"},
    "today": {"excel"},
}
OPTION_NAMES: Final = {
    "start": "--from",
    "end": "--to",
    "by": "--by",
    "as_of": "--as-of",
    "month": "--month",
    "excel": "--excel",
    "target": "--target",
}
DEAL_BY: Final = ("created", "closed")
IMPORTS: Final = ("rollcall", "calllog", *IMPORT_TABLES)
# Skipped rows and errors listed at most, the rest counted.
LISTED: Final = 20
# A WhatsApp export's dates: day first, or month first (US phones).
# argparse's own words (usage, options, its error messages), by salestui message id.
ARGPARSE_IDS = (
    "usage",
    "positionals",
    "options",
    "help",
    "version",
    "invalid_choice",
    "argument",
    "required",
    "unrecognized",
    "expected_one",
    "expected_some",
    "expected_at_most_one",
    "invalid_type",
    "ambiguous",
    "not_allowed",
    "one_required",
    "ignored_value",
    "expected_n",
)


def translate_argparse() -> None:
    """Make argparse's own messages and --help follow the interface language.

    argparse looks its strings up through gettext at call time, so replacing its two
    lookup functions translates them without touching anything else.
    """
    ids = {
        tr_in("en", f"argparse.{key}").split(PLURAL_BAR)[0]: f"argparse.{key}"
        for key in ARGPARSE_IDS
    }

    def gettext(message: str) -> str:
        return tr(ids[message]) if message in ids else message

    def ngettext(singular: str, plural: str, count: int) -> str:
        if singular not in ids:
            return singular if count == 1 else plural
        forms = tr(ids[singular]).split(PLURAL_BAR)
        return forms[min(plural_index(language(), count), len(forms) - 1)]

    setattr(argparse, "_", gettext)  # noqa: B010 - argparse's module-level gettext alias
    setattr(argparse, "ngettext", ngettext)  # noqa: B010


class UserError(Exception):
    """A mistake in what the user asked for (unknown employee, bad date): exit code 1."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit with code 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: {message} ({tr('cli.see_help')})\n")
        raise SystemExit(EXIT_USAGE)


def _count(low: int, limit: int) -> Callable[[str], int]:
    """Return an argparse type accepting whole numbers from low to limit."""

    def parse(text: str) -> int:
        value = int(text) if text.isascii() and text.isdigit() else -1
        if not low <= value <= limit:
            raise argparse.ArgumentTypeError(
                tr("cli.out_of_range", value=text, low=low, limit=limit)
            )
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    """Return the parser; shared options work before or after the subcommand."""
    common = _Parser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS, help=tr("cli.db"))
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=tr("cli.lang"))
    common.add_argument(
        "--today", default=argparse.SUPPRESS, metavar="YYYY-MM-DD", help=tr("cli.today")
    )
    common.add_argument(
        "--keep-backups",
        type=_count(0, 366),
        default=argparse.SUPPRESS,
        metavar="N",
        help=tr("cli.keep_backups"),
    )
    parser = _Parser(prog="salestui", description=tr("cli.description"), parents=[common])
    version = f"salestui {__version__}"
    # argparse fills this help in when the module loads, before the language is known.
    parser.add_argument("--version", action="version", version=version, help=tr("argparse.version"))
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    demo = sub.add_parser("demo", parents=[common], help=tr("cli.demo"))
    demo.add_argument("--seed", type=int, default=7, help=tr("cli.seed"))
    demo.add_argument("--employees", type=_count(1, 1000), default=8, help=tr("cli.employees"))
    demo.add_argument("--months", type=_count(1, 240), default=12, help=tr("cli.months"))
    demo.add_argument("--no-open", action="store_true", help=tr("cli.no_open"))
    demo.add_argument("--force", action="store_true", help=tr("cli.force"))
    report = sub.add_parser("report", parents=[common], help=tr("cli.report"))
    report.add_argument("name", choices=REPORTS)
    report.add_argument("--from", dest="start", metavar="DATE", help=tr("cli.from"))
    report.add_argument("--to", dest="end", metavar="DATE", help=tr("cli.to"))
    report.add_argument("--employee", metavar="NAME", help=tr("cli.employee"))
    report.add_argument("--format", choices=FORMATS, default="text", help=tr("cli.format"))
    report.add_argument("--by", metavar="|".join(BY_CHOICES + DEAL_BY), help=tr("cli.by"))
    report.add_argument("--as-of", dest="as_of", metavar="DATE", help=tr("cli.as_of"))
    report.add_argument("--month", metavar="YYYY-MM", help=tr("cli.month"))
    report.add_argument("--excel", action="store_true", help=tr("cli.excel"))
    report.add_argument("--target", metavar="AMOUNT", help=tr("cli.target"))
    out = sub.add_parser("export", parents=[common], help=tr("cli.export"))
    out.add_argument("table", choices=EXPORT_TABLES, help=tr("cli.export_table"))
    out.add_argument("file", type=Path, metavar="FILE", help=tr("cli.export_file"))
    out.add_argument("--from", dest="start", metavar="DATE", help=tr("cli.export_from"))
    out.add_argument("--to", dest="end", metavar="DATE", help=tr("cli.export_to"))
    out.add_argument("--employee", metavar="NAME", help=tr("cli.export_employee"))
    out.add_argument("--wide", action="store_true", help=tr("cli.export_wide"))
    out.add_argument("--excel", action="store_true", help=tr("cli.export_excel"))
    keep = sub.add_parser("backup", parents=[common], help=tr("cli.backup"))
    keep.add_argument("dest", nargs="?", type=Path, metavar="DEST", help=tr("cli.backup_dest"))
    back = sub.add_parser("restore", parents=[common], help=tr("cli.restore"))
    back.add_argument("backup", type=Path, metavar="BACKUP", help=tr("cli.restore_backup"))
    verify = sub.add_parser("check", parents=[common], help=tr("cli.check"))
    verify.add_argument("--fix", action="store_true", help=tr("cli.check_fix"))
    verify.add_argument(
        "--format", choices=("text", "json"), default="text", help=tr("cli.check_format")
    )
    load = sub.add_parser("import", parents=[common], help=tr("cli.import"))
    load.add_argument("kind", choices=IMPORTS, help=tr("cli.import_kind"))
    load.add_argument("file", type=Path, metavar="FILE", help=tr("cli.import_file"))
    load.add_argument("--date", metavar="DATE", help=tr("cli.import_date"))
    load.add_argument("--chat", metavar="NAME", help=tr("cli.import_chat"))
    load.add_argument(
        "--sender", action="append", default=[], metavar="NAME=EMPLOYEE", help=tr("cli.sender")
    )
    load.add_argument("--date-format", metavar="FMT", help=tr("cli.import_date_format2"))
    load.add_argument(
        "--map", action="append", default=[], metavar="SRC=FIELD", help=tr("cli.import_map")
    )
    load.add_argument(
        "--map-values",
        action="append",
        default=[],
        metavar="FIELD:SRC=VALUE,...",
        help=tr("cli.import_map_values"),
    )
    load.add_argument(
        "--default",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help=tr("cli.import_default"),
    )
    load.add_argument("--sheet", metavar="NAME", help=tr("cli.import_sheet"))
    load.add_argument("--encoding", metavar="NAME", help=tr("cli.import_encoding"))
    load.add_argument("--columns", metavar="a,b,c", help=tr("cli.import_columns"))
    load.add_argument("--dry-run", action="store_true", help=tr("cli.import_dry_run"))
    load.add_argument("--skip-invalid", action="store_true", help=tr("cli.import_skip_invalid"))
    load.add_argument("--employee-col", metavar="COLUMN", help=tr("cli.import_employee_col"))
    load.add_argument("--date-col", metavar="COLUMN", help=tr("cli.import_date_col"))
    load.add_argument("--count", metavar="METRIC", help=tr("cli.import_count"))
    load.add_argument(
        "--count-if",
        action="append",
        default=[],
        metavar="METRIC:COLUMN=VALUE",
        help=tr("cli.import_count_if"),
    )
    return parser


def _check_report_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse option combinations that would be silently ignored."""
    if args.command == "export":
        if args.wide and args.table != "metrics":
            parser.error(tr("cli.wide_metrics_only"))
        if args.excel and args.file.suffix.lower() != ".csv":
            parser.error(tr("cli.excel_csv_only"))
    if args.command != "report":
        return
    for option, flag in OPTION_NAMES.items():
        given = getattr(args, option)
        if given not in (None, False) and option not in REPORT_OPTIONS[args.name]:
            parser.error(tr("cli.option_not_for", option=flag, report=args.name))
    if args.excel and args.format != "csv":
        parser.error(tr("cli.excel_needs_csv"))
    choices = BY_CHOICES if args.name == "metrics" else DEAL_BY
    if args.by is None:
        args.by = choices[0]
    elif args.by not in choices:
        parser.error(tr("cli.bad_by", value=args.by, choices=", ".join(choices), report=args.name))


def _lang_option(argv: Sequence[str]) -> str | None:
    """Return a valid --lang value from the arguments, or None (the parser reports errors)."""
    for index, arg in enumerate(argv):
        value = arg.partition("=")[2] if arg.startswith("--lang=") else None
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        if value in LANGUAGES:
            return value
    return None


def data_dir() -> Path:
    """Return the per-user data folder."""
    from platformdirs import user_data_path

    return user_data_path("salestui", appauthor=False)


def default_db() -> Path:
    """Return SALESTUI_DB or the database in the user data folder."""
    env = os.environ.get("SALESTUI_DB")
    return Path(env).expanduser() if env else data_dir() / "db"


def _date(text: str | None, name: str, today: date) -> date | None:
    if text is None:
        return None
    try:
        return parse_date(text, today=today)
    except DateRangeError as exc:
        raise UserError(f"{name}: {exc}") from None
    except ValueError:
        raise UserError(tr("cli.bad_date", option=name, value=text)) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run salestui with the given arguments and return the exit code."""
    set_language(detect_language())
    translate_argparse()
    argv = list(sys.argv[1:] if argv is None else argv)
    # --lang decides the language of --help and of argparse's errors too, so read it first.
    early = _lang_option(argv)
    if early is not None:
        set_language(early)
    parser = build_parser()
    args = parser.parse_args(argv)
    if "lang" in args:
        set_language(args.lang)
    _check_report_options(parser, args)
    from salestui.models import ValidationError
    from salestui.store import StoreError

    try:
        today = _date(getattr(args, "today", None), "--today", date.today()) or date.today()
        if args.command == "demo":
            return _demo(args, today)
        if args.command == "report":
            return _report(args, today)
        if args.command == "import":
            return _import(args, today)
        if args.command == "export":
            return _export(args, today)
        if args.command == "check":
            return _check(args)
        if args.command == "backup":
            return _backup(args)
        if args.command == "restore":
            return _restore(args)
        path = getattr(args, "db", None) or default_db()
        return _open_app(path, today, args, lang_given="lang" in args)
    except (StoreError, UserError, ValidationError) as exc:
        sys.stderr.write(f"salestui: {exc}{_backup_hint(exc, args)}\n")
        return EXIT_USER
    except BrokenPipeError:
        # The reader stopped reading (`salestui report … | head`): what was asked was done;
        # stdout goes to /dev/null so the interpreter's last flush does not complain.
        with suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the edge: one line, never a traceback
        # Permissions, a full disk, a path that is not a folder: which file and why; anything
        # else is a bug, named in one line (a traceback's values could show client data).
        from salestui.failures import failure_text

        sys.stderr.write(f"salestui: {failure_text(exc)}\n")
        return EXIT_USER


@contextmanager
def _typeahead_kept() -> Iterator[None]:
    """Keep the keys typed while the app starts: not echoed onto the shell, Enter as Enter.

    Until Textual puts the terminal in raw mode (half a second in), the terminal driver
    echoes what is typed (it stayed on the screen after quitting) and turns Enter into a
    line feed, which the app read as Ctrl+J: a quick "1, Enter" lost its Enter. The
    original settings come back when the app ends.
    """
    try:
        fd = sys.stdin.fileno()
        old = termios.tcgetattr(fd) if os.isatty(fd) else None
    except (OSError, ValueError, termios.error):
        old = None
    if old is None:
        yield
        return
    new = [*old]
    new[0] &= ~termios.ICRNL
    new[3] &= ~(termios.ECHO | termios.ICANON)
    termios.tcsetattr(fd, termios.TCSANOW, new)
    try:
        yield
    finally:
        with suppress(termios.error, OSError):
            termios.tcsetattr(fd, termios.TCSADRAIN, old)


def _open_app(path: Path, today: date, args: argparse.Namespace, *, lang_given: bool) -> int:
    keep = _keep_backups(args)
    with _typeahead_kept():
        return _run_app(path, today, lang_given, keep)


def _keep_backups(args: argparse.Namespace) -> int:
    """Return how many daily backups to keep: --keep-backups, SALESTUI_KEEP_BACKUPS, or 7."""
    from salestui.store.backup import KEEP_DAILY

    given = getattr(args, "keep_backups", None)
    if given is not None:
        return int(given)
    env = os.environ.get("SALESTUI_KEEP_BACKUPS", "")
    if env:
        try:
            return _count(0, 366)(env)
        except argparse.ArgumentTypeError as exc:
            raise UserError(f"SALESTUI_KEEP_BACKUPS: {exc}") from None
    return KEEP_DAILY


def _backup_hint(exc: Exception, args: argparse.Namespace) -> str:
    """Name the newest backup that opens, and the command that restores it, when a database
    is refused as damaged."""
    from salestui.store import CorruptError
    from salestui.store.backup import latest_valid

    if not isinstance(exc, CorruptError) or args.command in ("restore", "backup"):
        return ""
    path: Path = getattr(args, "db", None) or default_db()
    try:
        latest = latest_valid(path)
    except OSError:
        return ""
    if latest is None:
        return ". " + tr("backup.none_to_restore")
    from shlex import quote

    command = f"salestui --db {quote(str(path))} restore {quote(str(latest))}"
    return ". " + tr("backup.latest", path=latest, command=command)


def _backup(args: argparse.Namespace) -> int:
    """Copy the database, consistently even while salestui runs, and check the copy opens."""
    from datetime import datetime

    from salestui.store.backup import backup_name, backups_folder, copy_database, validate
    from salestui.store.folder import check_marker
    from salestui.store.fsutil import kind

    path: Path = getattr(args, "db", None) or default_db()
    if kind(path) != "dir":
        raise UserError(tr("backup.no_database_at", path=path))
    check_marker(path)
    dest: Path = args.dest or backups_folder(path) / backup_name("manual", datetime.now())
    if kind(dest) != "missing":
        raise UserError(tr("backup.exists", path=dest))
    copy_database(path, dest)
    validate(dest)
    print(tr("backup.done", path=dest))
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:
    """Put a backup in place of the database, keeping the replaced one aside."""
    from datetime import datetime

    from salestui.store.backup import restore
    from salestui.store.fsutil import kind

    path: Path = getattr(args, "db", None) or default_db()
    if kind(args.backup) != "dir":
        raise UserError(tr("backup.not_a_backup", path=args.backup))
    aside = restore(path, args.backup, datetime.now())
    print(tr("backup.restored", backup=args.backup, path=path))
    if aside is not None:
        print(tr("backup.kept_aside", path=aside))
    return EXIT_OK


def _run_app(path: Path, today: date, lang_given: bool, keep_backups: int) -> int:
    from salestui.store import Repository

    # Today reads the last working day's numbers (within the last week) and 400 days of the
    # routine log.
    metrics = (today - timedelta(days=7), today)
    routine_log = (today - timedelta(days=400), today)
    repo = Repository.open(path, create=True, metrics=metrics, routine_log=routine_log)
    failure: BaseException | None = None
    try:
        preferred = repo.settings().language
        if not lang_given and preferred in LANGUAGES:
            set_language(preferred)
        from salestui.tui.app import make_app

        app = make_app(repo, today=today, keep_backups=keep_backups)
        app.run()  # an error on a screen ends the app quietly and is kept in app.failure
        failure = app.failure
    except Exception as exc:  # noqa: BLE001 - any failure ends in one line, never a traceback
        failure = exc
    finally:
        try:
            repo.close()
        except Exception as exc:  # noqa: BLE001 - a failed exit checkpoint too
            failure = failure or exc
    if failure is None:
        return EXIT_OK
    from salestui.failures import failure_text

    sys.stderr.write(f"salestui: {failure_text(failure)}\n")
    return EXIT_USER


def _demo(args: argparse.Namespace, today: date) -> int:
    from salestui.demo import create_demo
    from salestui.i18n import language

    path = getattr(args, "db", None) or data_dir() / "demo"
    made = create_demo(
        path,
        seed=args.seed,
        employees=args.employees,
        months=args.months,
        today=today,
        lang=language(),
        force=args.force,
    )
    sys.stderr.write(tr("cli.demo_made" if made else "cli.demo_exists", path=path) + "\n")
    if args.no_open:
        return EXIT_OK
    return _open_app(path, today, args, lang_given=True)


def _import(args: argparse.Namespace, today: date) -> int:
    """Import a table from a spreadsheet, a call log, or the team chat's roll-call."""
    if args.kind == "rollcall":
        return _import_rollcall(args, today)
    return _import_sheet(args, today)


def _import_sheet(args: argparse.Namespace, today: date) -> int:
    """Import a table's rows or a call log; say what was added and what was left out."""
    from salestui.io.importing import ImportError_, summary
    from salestui.io.request import request_of, run
    from salestui.store import Repository

    try:
        request = request_of(args.kind, args)
    except ImportError_ as exc:
        raise UserError(str(exc)) from None
    if not args.file.is_file():
        raise UserError(tr("import.unreadable", file=args.file, reason=tr("cli.no_such_file")))
    repo = Repository.open(getattr(args, "db", None) or default_db(), create=True)
    try:
        outcome = run(
            repo,
            request,
            args.file,
            today,
            dry_run=args.dry_run,
            skip_invalid=args.skip_invalid,
        )
    except ImportError_ as exc:
        lines = str(exc).splitlines()
        shown = lines[: LISTED + 1]
        if len(lines) > len(shown):
            shown.append(tr("cli.and_more", count=len(lines) - len(shown)))
        sys.stderr.write("".join(f"salestui: {line}\n" for line in shown[:1]))
        sys.stderr.write("".join(f"  {line}\n" for line in shown[1:]))
        return EXIT_USER
    finally:
        repo.close()
    print(summary(outcome))
    if outcome.skipped:
        print(trn("cli.import_skipped", len(outcome.skipped)))
        for line in outcome.skipped[:LISTED]:
            print(f"  {line}")
        if len(outcome.skipped) > LISTED:
            print("  " + tr("cli.and_more", count=len(outcome.skipped) - LISTED))
    for key, names in (
        ("cli.import_new_employees", outcome.new_employees),
        ("cli.import_new_clients", outcome.new_clients),
    ):
        if names:
            shown_names = ", ".join(names[:LISTED])
            if len(names) > LISTED:
                shown_names += ", " + tr("cli.and_more", count=len(names) - LISTED)
            print(tr(key, count=fmt_int(len(names)), names=shown_names))
    if args.dry_run:
        print(tr("cli.import_dry"))
    return EXIT_OK


def _import_rollcall(args: argparse.Namespace, today: date) -> int:
    """Import the team chat's roll-call answers of a day; one line says what was saved."""
    from salestui.io.chat import ChatError
    from salestui.rollcall_import import plan_import, read_chat, save_import
    from salestui.store import Repository

    day = _date(args.date, "--date", today) or today
    day_first = None
    if args.date_format is not None:
        from salestui.io.importing import ImportError_, date_order_of

        try:
            day_first = date_order_of(args.date_format) == "DMY"
        except ImportError_ as exc:
            raise UserError(str(exc)) from None
    try:
        messages = read_chat(args.file, chat=args.chat, day_first=day_first)
    except ChatError as exc:
        raise UserError(str(exc)) from None
    repo = Repository.open(getattr(args, "db", None) or default_db())
    try:
        senders: dict[str, int] = {}
        for given in args.sender:
            name, sep, who = (part.strip() for part in given.partition("="))
            if not sep or not name or not who:
                raise UserError(tr("cli.bad_sender", value=given))
            employee = repo.find_employee(who)
            if employee is None:
                raise UserError(tr("cli.unknown_employee", name=who))
            senders[name] = employee.id
        plan = plan_import(repo, messages, day, senders)
        done = save_import(repo, plan, senders)
    finally:
        repo.close()
    print(
        tr(
            "cli.imported_rollcall",
            day=fmt_date(day),
            file=args.file.name,
            saved=done.saved,
            unchanged=done.unchanged,
        )
    )
    if plan.unknown:
        print(tr("cli.unknown_senders", names=", ".join(plan.unknown)))
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    """Verify a database: one line per finding (or JSON), exit 1 when any; --fix makes the
    safe repairs after a backup and says what it changed."""
    import json
    from datetime import datetime

    from salestui.store import Repository, StoreError
    from salestui.store.backup import backup_name, backups_folder, copy_database
    from salestui.store.verify import Finding, permissions, repair, verify

    path: Path = getattr(args, "db", None) or default_db()
    changed: list[str] = []
    backup: Path | None = None
    try:
        repo = Repository.open(path, writable=args.fix)
    except StoreError as exc:
        found = [Finding("file", "", None, str(exc))]
    else:
        try:
            found = verify(repo) + permissions(path)
            if args.fix and any(f.fix for f in found):
                dest = backups_folder(path) / backup_name("before-fix", datetime.now())
                backup = copy_database(path, dest)
                changed = repair(repo, path, found)
                found = verify(repo) + permissions(path)
        finally:
            repo.close()
    if args.format == "json":
        said = {
            "database": str(path),
            "ok": not found,
            "findings": [f.as_json() for f in found],
            "backup": str(backup) if backup else None,
            "fixed": changed,
        }
        print(json.dumps(said, ensure_ascii=False, indent=2))
        return EXIT_USER if found else EXIT_OK
    if backup is not None:
        print(tr("check.backup", path=backup))
    for line in changed:
        print(tr("check.changed", change=line))
    for finding in found:
        print(finding.line())
    if found:
        fixable = sum(1 for f in found if f.fix)
        sys.stderr.write(trn("check.found", len(found), path=path) + "\n")
        if fixable and not args.fix:
            sys.stderr.write(trn("check.fixable", fixable) + "\n")
        return EXIT_USER
    print(tr("check.ok", path=path))
    return EXIT_OK


def _export(args: argparse.Namespace, today: date) -> int:
    """Write a table to a CSV or XLSX file; one line says how many rows went where."""
    from salestui.i18n import language
    from salestui.io.export import ExportError, Scope, export_table
    from salestui.store import Repository

    start = _date(args.start, "--from", today)
    end = _date(args.end, "--to", today)
    if start is not None and end is not None and start > end:
        raise UserError(tr("cli.range_reversed", start=fmt_date(start), end=fmt_date(end)))
    repo = Repository.open(getattr(args, "db", None) or default_db(), writable=False)
    try:
        employee_id = None
        if args.employee is not None:
            found = repo.find_employee(args.employee)
            if found is None:
                raise UserError(tr("cli.unknown_employee", name=args.employee))
            employee_id = found.id
        scope = Scope(start, end, employee_id)
        try:
            count = export_table(
                repo,
                args.table,
                args.file,
                scope,
                wide=args.wide,
                excel=args.excel,
                lang=language(),
            )
        except ExportError as exc:
            raise UserError(str(exc)) from None
    finally:
        repo.close()
    print(trn("cli.exported", count, table=args.table, file=args.file))
    return EXIT_OK


def _report(args: argparse.Namespace, today: date) -> int:
    if args.name != "metrics":
        from salestui.sales_reports import sales_report

        path = getattr(args, "db", None) or default_db()
        text = sales_report(args, path, today, parse=_date, unknown=UserError)
        _print(text, args)
        return EXIT_OK
    from salestui.analytics.calendar import previous_working_day
    from salestui.reports.metrics import metrics_report
    from salestui.store import Repository

    first = _date(args.start, "--from", today) or today - timedelta(days=7)
    last = _date(args.end, "--to", today) or today
    period = (min(first, last), max(first, last))
    path = getattr(args, "db", None) or default_db()
    repo = Repository.open(path, writable=False, metrics=period)
    try:
        settings = repo.settings()
        # The morning question is "how did we do yesterday?": the last working day.
        start = _date(args.start, "--from", today)
        end = _date(args.end, "--to", today)
        if start is None and end is None:
            start = end = previous_working_day(today, settings.working_days)
        elif start is None:
            start = end
        elif end is None:
            end = today
        assert start is not None and end is not None
        if start > end:
            raise UserError(tr("cli.range_reversed", start=fmt_date(start), end=fmt_date(end)))
        employee_id = None
        if args.employee is not None:
            found = repo.find_employee(args.employee)
            if found is None:
                raise UserError(tr("cli.unknown_employee", name=args.employee))
            employee_id = found.id
        text = metrics_report(
            repo.metrics_between(start, end, employee_id),
            repo.employees(),
            settings,
            start=start,
            end=end,
            employee_id=employee_id,
            fmt=args.format,
            as_of=today,
            by=args.by,
            excel=args.excel,
        )
    finally:
        repo.close()
    _print(text, args)
    return EXIT_OK


def _print(text: str, args: argparse.Namespace) -> None:
    """Write a report to standard output (an Excel CSV as UTF-8 bytes with its BOM)."""
    if args.excel and args.format == "csv":
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))  # the text starts with its BOM
    else:
        sys.stdout.write(text)
