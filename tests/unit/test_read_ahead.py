"""Reading ahead in a background thread: the same answers, and no save lost to the race.

Today starts `Repository.read_ahead` after its first frame; the app goes on saving while
the thread parses files and builds records. These tests run the real thread on a real
database folder and check that what it keeps is what a fresh process reads from disk.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from salestui import queries
from salestui.models import Client, Deal, Employee, Invoice
from salestui.store import CorruptError, Repository
from salestui.store.schema import OPEN
from salestui.tui.screens.clients import ClientIndex, ClientsScreen, Prepared, RowList, prepare

DAY = date(2026, 11, 16)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A folder with two employees, clients over three years, open and closed deals, invoices
    part paid, so every file the read-ahead reads exists."""
    folder = tmp_path / "db"
    repo = Repository.open(folder, create=True)
    ann = repo.add_employee(Employee("Ann", hired=date(2024, 1, 1)))
    bob = repo.add_employee(Employee("Bob", hired=date(2024, 1, 1)))
    for n in range(60):
        owner = (ann, bob)[n % 2].id
        created = date(2024 + n % 3, 1 + n % 9, 1 + n % 27)
        client = repo.save_client(Client(f"Client {n:02d}", owner, created, phone=f"+7 900 {n}"))
        deal = repo.add_deal(
            Deal(client.id, owner, created, "meeting", amount=(n + 1) * 1000_00, probability=n),
            created,
        )
        if n % 3 == 0:
            due = DAY - timedelta(days=n % 40) + timedelta(days=14)
            invoice = repo.issue_invoice(
                Invoice(f"N{n}", deal.id, owner, DAY - timedelta(days=n % 40), deal.amount, due)
            )
            repo.record_payment(invoice.id, DAY, deal.amount // (1 if n % 6 == 0 else 2))
        elif n % 5 == 0:
            repo.close_deal(deal.id, "won", DAY)
    repo.close()
    return folder


@pytest.fixture
def repo(path: Path) -> Iterator[Repository]:
    """The database open for writing, nothing parsed beyond what opening reads."""
    opened = Repository.open(path)
    try:
        yield opened
    finally:
        opened.close()


def read_ahead(repo: Repository) -> list[str]:
    """Run the read-ahead to its end; return what it called, in order."""
    calls: list[str] = []
    done = threading.Event()

    def finished() -> None:
        calls.append("then")
        done.set()

    repo.read_ahead(DAY, lambda: calls.append("opened"), then=[finished])
    assert done.wait(30), "the read-ahead did not finish"
    return calls


def answers(repo: Repository) -> tuple[Any, ...]:
    """What Today and the sales screens compute."""
    staff = [e.id for e in repo.employees()]
    return (
        queries.morning_alerts(repo, DAY),
        [(r.deal, r.flags) for r in queries.hot(repo, DAY)],
        queries.open_receivables(repo, DAY, staff),
        queries.money(repo, DAY.replace(day=1), DAY, staff),
        queries.weekly(repo, DAY),
    )


def test_it_reads_the_open_files_and_every_client_file_and_changes_no_answer(
    path: Path, repo: Repository
) -> None:
    assert read_ahead(repo) == ["opened", "then"]
    for table, shard in [("deals", OPEN), ("invoices", OPEN), ("invoices", "2026-11")]:
        assert repo.db.is_loaded(table, shard), (table, shard)
    assert all(repo.db.is_loaded("clients", s) for s in repo.shards("clients"))
    assert {s[:4] for s in repo.shards("clients")} == {"2024", "2025", "2026"}
    fresh = Repository.open(path, writable=False)
    try:
        assert answers(repo) == answers(fresh)
    finally:
        fresh.close()


def test_records_built_across_a_save_are_thrown_away(repo: Repository) -> None:
    # The save lands while the thread builds the open deals' records from their documents:
    # those records would miss it, so they must not be kept.
    target = next(iter(repo.db.raw("deals", OPEN)))
    build = repo._record
    calls: list[int] = []

    def record_then_save(cls: type, shard: str, doc_id: int, doc: Any) -> Any:
        # The first deal (the target) is built from its document as it was; then it is saved.
        calls.append(doc_id)
        if len(calls) == 2:
            repo.log_contact(int(target), DAY, "Call the CFO", DAY)
        return build(cls, shard, doc_id, doc)

    repo._record = record_then_save  # type: ignore[method-assign]
    repo.keep_quietly(Deal, OPEN)
    repo._record = build  # type: ignore[method-assign]
    assert calls[0] == int(target) and len(calls) > 2
    deal = next(d for d in repo.open_deals() if d.id == int(target))
    assert deal.next_step == "Call the CFO"
    assert deal.last_contact == DAY


def test_saves_during_the_read_ahead_are_all_kept(path: Path, repo: Repository) -> None:
    done = threading.Event()
    repo.read_ahead(DAY, lambda: None, then=[done.set])
    owner = repo.employees()[0].id
    added = []
    for n in range(40):  # while the thread reads, as a user saving at once would
        client = repo.save_client(Client(f"New {n}", owner, DAY))
        added.append(repo.add_deal(Deal(client.id, owner, DAY, "invoice", amount=5_00), DAY))
        invoice = repo.issue_invoice(
            Invoice(f"S{n}", added[-1].id, owner, DAY, 5_00, DAY + timedelta(days=5))
        )
        repo.record_payment(invoice.id, DAY, 1_00)
    assert done.wait(30)
    fresh = Repository.open(path, writable=False)
    try:
        assert answers(repo) == answers(fresh)
        assert {d.id for d in fresh.open_deals()} >= {d.id for d in added}
        assert len(fresh.find_clients("new ")) == 40
    finally:
        fresh.close()


def test_a_damaged_file_is_left_to_the_screen_that_reads_it(path: Path) -> None:
    damaged = path / "clients" / "2025-02.json"
    damaged.write_bytes(damaged.read_bytes()[:-40] + b"}}")
    repo = Repository.open(path, writable=False)
    try:
        assert read_ahead(repo) == ["opened", "then"]  # nothing raised, nothing printed
        assert not repo.db.is_loaded("clients", "2025-02")
        with pytest.raises(CorruptError, match="2025-02"):
            repo.find_clients("client")
    finally:
        repo.close()


def test_the_prepared_client_index_is_the_one_the_screen_builds(repo: Repository) -> None:
    ready = prepare(repo)
    assert ready is not None
    built = ClientIndex.build(repo)
    assert (ready.index.names, ready.index.ids, ready.index.owners) == (
        built.names,
        built.ids,
        built.owners,
    )
    built.complete(digits=True)
    assert (ready.index.hay, ready.index.digits) == (built.hay, built.digits)
    assert ready.writes == repo.writes
    assert sum(count for count, _ in ready.open_by_client.values()) == len(repo.open_deals())


def test_a_client_index_made_across_a_save_is_marked_so(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    build = ClientIndex.build.__func__  # type: ignore[attr-defined]

    def build_then_save(cls: type[ClientIndex], repo_: Repository) -> ClientIndex:
        index: ClientIndex = build(cls, repo_)
        repo_.save_client(Client("Late arrival", repo_.employees()[0].id, DAY))
        return index

    monkeypatch.setattr(ClientIndex, "build", classmethod(build_then_save))
    ready = prepare(repo)
    assert ready is not None and ready.writes < repo.writes
    assert "late arrival" not in ready.index.names


async def test_the_screen_uses_what_was_prepared_unless_a_save_came_since(path: Path) -> None:
    """Clients & deals takes the read-ahead's index; a client saved after it is listed."""
    from tests.tui.session import WIDE, running, wait_until

    async with running(path, WIDE) as (app, pilot, repo):
        await wait_until(pilot, lambda: app.screen.sales_ready)  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: "clients" in app._prepared)
        ready = app._prepared["clients"]
        assert isinstance(ready, Prepared)
        repo.save_client(Client("Zeta Late", repo.employees()[0].id, DAY))
        app.action_go("clients")
        screen = app.screen
        assert isinstance(screen, ClientsScreen)
        await wait_until(pilot, lambda: screen.found is not None)
        assert screen.clients is not None and screen.clients is not ready.index
        assert "zeta late" in screen.clients.names
        assert screen.records is ready.records  # indexed per file: current by itself
        assert screen.deals is ready.deals  # no deal added or closed since
        await pilot.press("d")
        assert screen.query_one(RowList).count == len(repo.all(Deal))


def test_the_app_waits_for_records_the_thread_is_building(repo: Repository) -> None:
    # A screen opened while the thread builds the open deals' records takes the thread's,
    # rather than build the same thousands again at the same time (half speed each).
    build = repo._record
    started = threading.Event()
    calls: list[str] = []

    def slow_record(cls: type, shard: str, doc_id: int, doc: Any) -> Any:
        calls.append(threading.current_thread().name)
        started.set()
        threading.Event().wait(0.002)
        return build(cls, shard, doc_id, doc)

    repo._record = slow_record  # type: ignore[method-assign]
    worker = threading.Thread(target=repo.keep_quietly, args=(Deal, OPEN), name="ahead")
    worker.start()
    assert started.wait(5)
    deals = repo.open_deals()  # from the app's thread, while the other builds them
    worker.join()
    repo._record = build  # type: ignore[method-assign]
    assert set(calls) == {"ahead"}
    assert len(calls) == len(deals) == len(repo.db.raw("deals", OPEN))


def test_the_thread_asks_before_each_file_whether_the_user_is_typing(repo: Repository) -> None:
    asked: list[tuple[str, ...]] = []
    done = threading.Event()

    def quiet() -> None:
        # What is parsed so far, each time the thread asks to go on.
        asked.append(tuple(s for s in repo.shards("clients") if repo.db.is_loaded("clients", s)))

    repo.read_ahead(DAY, lambda: asked.append(("opened",)), then=[done.set], quiet=quiet)
    assert done.wait(30)
    opened = asked.index(("opened",))
    client_files = sorted(repo.shards("clients"), reverse=True)
    # Asked before the first client file, and before each next one.
    seen = [a for a in asked[opened + 1 :]]
    assert () in seen
    for n in range(1, len(client_files)):
        assert tuple(sorted(client_files[:n])) in seen
