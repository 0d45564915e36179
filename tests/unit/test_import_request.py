"""The import request: the options typed in the TUI's preview are the CLI's, read back as
they were written, and a mistake is one ImportError_ naming the option."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salestui.io.importing import ImportError_
from salestui.io.request import (
    CALLLOG,
    Request,
    build_request,
    line_of,
    parse_line,
    preview,
    with_column,
)
from salestui.store import Repository

LINE = (
    "--map 'Sales Agent=owner' --map account=client --map-values stage:Won=won,Lost=lost"
    " --default 'employee=Accounts Dept' --date-format M/D/YYYY --sheet Data"
)


def test_a_line_is_read_and_written_back() -> None:
    """Every option survives line_of → parse_line, quoting spaces as a shell would."""
    request = parse_line("deals", LINE)
    assert request.options.maps == {"Sales Agent": "owner", "account": "client"}
    assert request.options.values == {"stage": {"Won": "won", "Lost": "lost"}}
    assert request.options.defaults == {"employee": "Accounts Dept"}
    assert request.options.date_order == "MDY" and request.options.sheet == "Data"
    again = parse_line("deals", line_of(request))
    assert again == request
    assert "'Sales Agent=owner'" in line_of(request)


def test_a_call_log_line() -> None:
    """A call log's columns and conditions round-trip; a table refuses them, naming one."""
    line = "--employee-col Agent --date-col 'Call Date' --count-if 'conversations:Answered (Y/N)=Y'"
    request = parse_line(CALLLOG, line)
    assert (request.employee_col, request.date_col) == ("Agent", "Call Date")
    assert [(c.metric, c.column, c.value) for c in request.count_if] == [
        ("conversations", "Answered (Y/N)", "Y")
    ]
    assert parse_line(CALLLOG, line_of(request)) == request
    with pytest.raises(ImportError_, match="--employee-col is for calllog only"):
        parse_line("deals", "--employee-col Agent")
    with pytest.raises(ImportError_, match="calllog needs --employee-col and --date-col"):
        build_request(CALLLOG, employee_col="Agent")


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("--map owner", "--map owner: expected NAME=VALUE"),
        ("--date-format YMD", "YMD"),
        ("--colour red", "unrecognized arguments: --colour red"),
        ("--map 'unclosed", "the options: No closing quotation"),
        ("--sheet", "expected one argument"),
    ],
)
def test_a_wrong_line_says_what(line: str, said: str) -> None:
    """Each mistake is refused in one ImportError_ that names it."""
    with pytest.raises(ImportError_, match=said.replace("(", r"\(")):
        parse_line("deals", line)


OPTION_WORDS = st.sampled_from(
    ["--map", "--map-values", "--default", "--date-format", "--sheet", "--encoding",
     "--columns", "--employee-col", "--date-col", "--count", "--count-if", "-h", "--", "'", '"',
     "=", ":", ",", "stage:Won=won", "owner=", "=owner", "DMY"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(["deals", CALLLOG]), st.lists(OPTION_WORDS | st.text(max_size=12), max_size=8)
)
def test_any_line_is_read_or_refused(table: str, words: list[str]) -> None:
    """No typed line raises anything but ImportError_ (never argparse's exit or traceback)."""
    with contextlib.suppress(ImportError_):
        parse_line(table, " ".join(words))


def test_with_column_moves_a_field() -> None:
    """Choosing a column for a field replaces its old one and frees the column's old field."""
    request = parse_line("deals", "--map A=owner --map B=client")
    moved = with_column(request, "owner", "B")
    assert moved.options.maps == {"B": "owner"}
    assert with_column(moved, "owner", None).options.maps == {}
    log = with_column(with_column(Request(CALLLOG), "employee", "Agent"), "date", "Day")
    assert (log.employee_col, log.date_col) == ("Agent", "Day")


def test_a_preview_names_the_problem_and_writes_nothing(tmp_path: Path) -> None:
    """A file without the required columns still shows its rows, with the problem; mapped,
    the same file's dry run counts what it would add. Nothing is written either way."""
    source = tmp_path / "crm.csv"
    source.write_text("agent,opened,phase\nAnn,2026-11-02,won\nBob,2026-11-03,meeting\n")
    repo = Repository.open(tmp_path / "db", create=True)
    try:
        found = preview(repo, Request("deals"), source, date(2026, 11, 27))
        assert found.outcome is None and found.problem is not None
        assert found.problem.startswith("The file has no column for: owner, created")
        assert found.first == [
            (2, ["Ann", "2026-11-02", "won"]),
            (3, ["Bob", "2026-11-03", "meeting"]),
        ]
        assert ("owner", True) in found.fields
        mapped = parse_line("deals", "--map agent=owner --map opened=created --map phase=stage")
        found = preview(repo, mapped, source, date(2026, 11, 27))
        assert found.problem is None and found.outcome is not None
        assert found.outcome.added == 1 and found.outcome.new_employees == ["Bob"]
        assert found.outcome.skipped == ["row 2: closed: a won deal needs the date it closed"]
        assert found.columns == {"owner": "agent", "created": "opened", "stage": "phase"}
        assert repo.employees() == []
    finally:
        repo.close()
