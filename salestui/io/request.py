"""One import as its options describe it: built from the CLI's arguments or from the line the
TUI's import preview lets the user type (the same options, the same words), run, or run dry
for a preview."""

from __future__ import annotations

import argparse
import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final

from salestui.i18n import tr
from salestui.io.importing import (
    CountIf,
    ImportError_,
    Options,
    Outcome,
    cell_text,
    date_order_of,
    import_calllog,
    import_table,
    match_columns,
    parse_count_if,
    parse_options_pairs,
    parse_value_maps,
    read_source,
    table_fields,
)

if TYPE_CHECKING:
    from salestui.store import Repository

CALLLOG: Final = "calllog"
# What a call log's columns are chosen for (the preview's field names).
CALLLOG_EMPLOYEE: Final = "employee"
CALLLOG_DATE: Final = "date"
# The options only a call log takes (refused for a table, as the CLI always did).
CALLLOG_ONLY: Final = ("--employee-col", "--date-col", "--count", "--count-if")
PREVIEW_ROWS: Final = 5


@dataclass(frozen=True, slots=True)
class Request:
    """What to import (a table, or "calllog") and how its file is read."""

    table: str
    options: Options = field(default_factory=Options)
    date_format: str | None = None  # as typed: shown again in the option line
    employee_col: str | None = None
    date_col: str | None = None
    count: str | None = None
    count_if: tuple[CountIf, ...] = ()

    @property
    def calllog(self) -> bool:
        """Whether this is a call log's import (counts per employee and day)."""
        return self.table == CALLLOG


def build_request(
    table: str,
    *,
    maps: Sequence[str] = (),
    map_values: Sequence[str] = (),
    defaults: Sequence[str] = (),
    date_format: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    columns: str | None = None,
    employee_col: str | None = None,
    date_col: str | None = None,
    count: str | None = None,
    count_if: Sequence[str] = (),
) -> Request:
    """Return the request the options describe; raise ImportError_ naming a wrong one."""
    calllog = table == CALLLOG
    if calllog and (employee_col is None or date_col is None):
        raise ImportError_(tr("cli.calllog_needs"))
    if not calllog:
        for option, given in zip(
            CALLLOG_ONLY, (employee_col, date_col, count, count_if), strict=True
        ):
            if given:
                raise ImportError_(tr("cli.option_for_calllog", option=option))
    options = Options(
        maps=parse_options_pairs(maps, "--map"),
        values=parse_value_maps(map_values),
        defaults=parse_options_pairs(defaults, "--default"),
        date_order=date_order_of(date_format),
        sheet=sheet or None,
        encoding=encoding or None,
        columns=[c.strip() for c in columns.split(",")] if columns else None,
    )
    return Request(
        table,
        options,
        date_format=date_format,
        employee_col=employee_col,
        date_col=date_col,
        count=count,
        count_if=tuple(parse_count_if(text) for text in count_if),
    )


class _Refused(Exception):
    """argparse's complaint about the option line, to be said as an ImportError_."""


class _LineParser(argparse.ArgumentParser):
    """argparse for the option line: a mistake is raised, never printed and exited."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Refused(message)


def _line_parser() -> _LineParser:
    parser = _LineParser(prog="import", add_help=False, exit_on_error=False)
    for name in ("--map", "--map-values", "--default", "--count-if"):
        parser.add_argument(name, action="append", default=[])
    for name in ("--date-format", "--sheet", "--encoding", "--columns", *CALLLOG_ONLY[:3]):
        parser.add_argument(name)
    return parser


def parse_line(table: str, text: str) -> Request:
    """Return the request an option line describes (the CLI's import options, as typed after
    `salestui import TABLE FILE`); raise ImportError_ saying what is wrong."""
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise ImportError_(tr("import.tui.bad_line", reason=exc)) from None
    try:
        args = _line_parser().parse_args(words)
    except (_Refused, argparse.ArgumentError) as exc:
        raise ImportError_(tr("import.tui.bad_line", reason=exc)) from None
    return request_of(table, args)


def request_of(table: str, args: argparse.Namespace) -> Request:
    """Return the request the parsed import options describe (the CLI's or the line's)."""
    return build_request(
        table,
        maps=args.map,
        map_values=args.map_values,
        defaults=args.default,
        date_format=args.date_format,
        sheet=args.sheet,
        encoding=args.encoding,
        columns=args.columns,
        employee_col=args.employee_col,
        date_col=args.date_col,
        count=args.count,
        count_if=args.count_if,
    )


def line_of(request: Request) -> str:
    """Return the option line that describes a request (what parse_line reads back)."""
    options = request.options
    words: list[str] = []
    for source, name in options.maps.items():
        words += ["--map", f"{source}={name}"]
    for name, pairs in options.values.items():
        words += ["--map-values", f"{name}:" + ",".join(f"{k}={v}" for k, v in pairs.items())]
    for name, fallback in options.defaults.items():
        words += ["--default", f"{name}={fallback}"]
    given: list[tuple[str, str | None]] = [
        ("--date-format", request.date_format),
        ("--sheet", options.sheet),
        ("--encoding", options.encoding),
        ("--columns", ",".join(options.columns) if options.columns else None),
        ("--employee-col", request.employee_col),
        ("--date-col", request.date_col),
        ("--count", request.count),
    ]
    for option, value in given:
        if value:
            words += [option, value]
    for condition in request.count_if:
        words += ["--count-if", f"{condition.metric}:{condition.column}={condition.value}"]
    return shlex.join(words)


def with_column(request: Request, field_name: str, column: str | None) -> Request:
    """Return the request reading a field from a column (None: from no column)."""
    if request.calllog:
        if field_name == CALLLOG_EMPLOYEE:
            return replace(request, employee_col=column)
        return replace(request, date_col=column)
    maps = {src: name for src, name in request.options.maps.items() if name != field_name}
    if column is not None:
        maps = {src: name for src, name in maps.items() if src != column}
        maps[column] = field_name
    return replace(request, options=replace(request.options, maps=maps))


def run(
    repo: Repository,
    request: Request,
    path: Path,
    today: date,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
) -> Outcome:
    """Import the file as the request says (a call log is never partly invalid: it counts)."""
    if request.calllog:
        assert request.employee_col is not None and request.date_col is not None
        return import_calllog(
            repo,
            path,
            request.options,
            today,
            employee_col=request.employee_col,
            date_col=request.date_col,
            count=request.count or "cold_calls",
            count_if=request.count_if,
            dry_run=dry_run,
        )
    return import_table(
        repo,
        request.table,
        path,
        request.options,
        today,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
    )


@dataclass(frozen=True, slots=True)
class Preview:
    """What an import would do: each field's column, the first rows, and a dry run's outcome,
    or the problem that stops it (a required field with no column, dates read both ways)."""

    fields: list[tuple[str, bool]]  # every field the file may fill, and whether it must
    columns: dict[str, str]  # field -> the file's column it is read from
    headers: list[str]
    first: list[tuple[int, list[str]]]  # the first rows as the file shows them
    outcome: Outcome | None
    problem: str | None = None


def preview(repo: Repository, request: Request, path: Path, today: date) -> Preview:
    """Read a file as the import would and run it dry (every row checked, nothing written);
    raise ImportError_ only when the file cannot be read at all."""
    raw = read_source(path, request.options)
    first = [(n, [cell_text(c) for c in cells]) for n, cells in raw.rows[:PREVIEW_ROWS]]
    named: dict[str, str] = {}
    if request.calllog:
        fields = [(CALLLOG_EMPLOYEE, True), (CALLLOG_DATE, True)]
        for name, column in (
            (CALLLOG_EMPLOYEE, request.employee_col),
            (CALLLOG_DATE, request.date_col),
        ):
            if column:
                named[name] = column
        named.update({c.metric: f"{c.column}={c.value}" for c in request.count_if})
    else:
        found, _ = table_fields(repo, request.table)
        fields = [(f.name, f.required) for f in found]
    try:
        if not request.calllog:
            columns = match_columns(raw.headers, found, request.options.maps)
            named = {name: raw.headers[at] for name, at in columns.items()}
        elif not (request.employee_col and request.date_col):
            raise ImportError_(tr("import.tui.calllog_columns"))
        outcome = run(repo, request, path, today, dry_run=True, skip_invalid=True)
    except ImportError_ as exc:
        return Preview(fields, named, raw.headers, first, None, str(exc).splitlines()[0])
    return Preview(fields, named, raw.headers, first, outcome)
