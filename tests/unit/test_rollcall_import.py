"""`salestui import rollcall` and `report rollcall` on the real command line, with real files.

The chat (Telegram): on Nov 26 Anna writes twice (in the office, then a meeting later),
"Petrov Boris" (Boris Petrov, names the other way round) once, "Kev" (nobody's name) once;
on Nov 25 Anna once. Vera, a field rep, is silent. The WhatsApp file has the same day.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from salestui.analytics.rollcall import match_senders, status_from_text
from salestui.models import Employee
from salestui.store import Repository
from tests.unit.test_cli import PINNED, run

ANNA, BORIS, VERA = "Anna Sokolova", "Boris Petrov", "Vera Ivanova"


def telegram(path: Path) -> Path:
    """Write the day's chat as a Telegram export; return its path."""
    messages = [
        ("2026-11-26T09:05:00", ANNA, "В офисе, обзваниваю базу"),
        ("2026-11-26T09:07:00", "Petrov Boris", ["On site at ", {"type": "bold", "text": "Acme"}]),
        ("2026-11-26T09:10:00", "Kev", "me too"),
        ("2026-11-26T13:30:00", ANNA, "после обеда на встрече"),
        ("2026-11-25T09:00:00", ANNA, "yesterday's"),
    ]
    data = {
        "name": "Sales",
        "type": "private_group",
        "id": 1,
        "messages": [
            {"id": n, "type": "message", "date": when, "from": who, "text": text}
            for n, (when, who, text) in enumerate(messages)
        ],
    }
    file = path / "result.json"
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return file


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, Path]:
    """A database of three employees (Vera in the field) and a home folder."""
    repo = Repository.open(tmp_path / "db", create=True)
    try:
        hired = date(2025, 1, 1)
        for name, role in ((ANNA, "office"), (BORIS, "office"), (VERA, "field")):
            repo.add_employee(Employee(name, role, hired))
    finally:
        repo.close()
    home = tmp_path / "home"
    home.mkdir()
    return tmp_path / "db", home


def rollcall(db: tuple[Path, Path]) -> list[dict[str, object]]:
    """Return `report rollcall` of Nov 26 as JSON rows."""
    path, home = db
    done = run(home, "--db", path, *PINNED, "report", "rollcall", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, object]] = json.loads(done.stdout)
    return rows


def test_import_matches_joins_and_reports(db: tuple[Path, Path], tmp_path: Path) -> None:
    path, home = db
    chat = telegram(tmp_path)
    done = run(home, "--db", path, *PINNED, "import", "rollcall", chat)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Roll-call of 2026-11-26 from result.json: answers saved: 2, already there: 0",
        'Not matched to an employee (add --sender "NAME=EMPLOYEE"): Kev',
    ]
    assert rollcall(db) == [
        {
            "employee": ANNA,
            "status": "field",  # "на встрече": out at a meeting
            "update": "В офисе, обзваниваю базу\nпосле обеда на встрече",
            "answered": True,
        },
        {"employee": BORIS, "status": "field", "update": "On site at Acme", "answered": True},
        {"employee": VERA, "status": "no_answer", "update": "", "answered": False},
    ]
    # The same file again: nothing twice. Kev named: Vera's answer, remembered next time.
    again = run(home, "--db", path, *PINNED, "import", "rollcall", chat, "--sender", f"Kev={VERA}")
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == [
        "Roll-call of 2026-11-26 from result.json: answers saved: 1, already there: 2"
    ]
    rows = {r["employee"]: r for r in rollcall(db)}
    assert rows[VERA] == {"employee": VERA, "status": "field", "update": "me too", "answered": True}
    repo = Repository.open(path, writable=False)
    try:
        assert repo.settings().chat_senders == {"Kev": repo.find_employee(VERA).id}  # type: ignore[union-attr]
    finally:
        repo.close()
    text = run(home, "--db", path, *PINNED, "report", "rollcall", "--as-of", "2026-11-25")
    # Nov 25 was not imported: nobody answered that day.
    assert "Not answered: Anna Sokolova, Boris Petrov, Vera Ivanova" in text.stdout
    assert "yesterday's" not in text.stdout


def test_whatsapp_import_and_its_date_order(db: tuple[Path, Path], tmp_path: Path) -> None:
    path, home = db
    chat = tmp_path / "chat.txt"
    chat.write_text(
        f"11/10/2026, 09:05 - {ANNA}: В офисе\n11/10/2026, 09:07 - {BORIS}: болею\n",
        encoding="utf-8",
    )
    ambiguous = run(home, "--db", path, *PINNED, "import", "rollcall", chat)
    assert ambiguous.returncode == 1 and "chat.txt" in ambiguous.stderr
    assert rollcall(db)[0]["answered"] is False  # nothing written
    done = run(
        home,
        "--db",
        path,
        *PINNED,
        "import",
        "rollcall",
        chat,
        "--date",
        "2026-11-10",
        "--date-format",
        "MDY",
    )
    assert done.returncode == 0, done.stderr
    assert "answers saved: 2" in done.stdout
    day = run(
        home,
        "--db",
        path,
        *PINNED,
        "report",
        "rollcall",
        "--as-of",
        "2026-11-10",
        "--format",
        "json",
    )
    statuses = {r["employee"]: r["status"] for r in json.loads(day.stdout)}
    assert statuses == {ANNA: "office", BORIS: "sick", VERA: "no_answer"}


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--sender", "Kev"), "--sender: «Kev» is not NAME IN CHAT=EMPLOYEE"),
        (("--sender", "Kev=Nobody"), "Nobody"),
    ],
)
def test_bad_senders_are_refused_and_nothing_written(
    db: tuple[Path, Path], tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    path, home = db
    done = run(home, "--db", path, *PINNED, "import", "rollcall", telegram(tmp_path), *args)
    assert done.returncode == 1 and said in done.stderr
    assert all(r["answered"] is False for r in rollcall(db))


def test_a_malformed_or_foreign_file_is_refused(db: tuple[Path, Path], tmp_path: Path) -> None:
    path, home = db
    for name, content, said in (
        ("result.json", '{"messages": [', "result.json, line 1"),
        ("notes.csv", "a,b\n", "notes.csv: not a chat export"),
    ):
        file = tmp_path / name
        file.write_text(content, encoding="utf-8")
        done = run(home, "--db", path, *PINNED, "import", "rollcall", file)
        assert done.returncode == 1, name
        assert done.stderr.startswith(f"salestui: {said}"), done.stderr
    usage = run(home, "--db", path, *PINNED, "import", "contacts", tmp_path / "x")
    assert usage.returncode == 2


def test_senders_are_matched_by_whole_names_never_guessed() -> None:
    staff = [Employee(ANNA, id=1), Employee(BORIS, id=2), Employee("Anna Petrova", id=3)]
    found = match_senders(
        ["Sokolova Anna", "anna sokolova", "Anna", "Boris", "Kev", "Борис"], staff, {"Kev": 2}
    )
    assert found.found == {"Sokolova Anna": 1, "anna sokolova": 1, "Kev": 2}
    assert found.unknown == ["Anna", "Boris", "Борис"]


@pytest.mark.parametrize(
    ("text", "role", "status"),
    [
        ("Болею, сегодня не выйду", "office", "sick"),
        ("в отпуске до понедельника", "field", "vacation"),
        ("на выезде у клиента", "office", "field"),
        ("В офисе", "field", "office"),
        ("всё по плану", "field", "field"),
        ("всё по плану", "office", "office"),
        ("I will today finish the proposal", "office", "office"),
        ("Not sick anymore, back in the office", "field", "office"),
        ("Вчера был в отпуске, сегодня работаю", "office", "office"),
        ("homesick but working", "field", "field"),
        ("уже не болею, на выезде", "office", "field"),
        ("On the road to Romashka, meeting at 10", "office", "field"),
        ("At the client's, then back to the office", "office", "field"),
        ("Not at the client today, in the office", "field", "office"),
    ],
)
def test_status_from_the_words_else_the_usual_place(text: str, role: str, status: str) -> None:
    assert status_from_text(text, role) == status
