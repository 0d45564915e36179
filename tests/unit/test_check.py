"""`salestui check`: a sound database passes; references to records that are gone, duplicated
natural keys, values out of range, a stale paid total and loose permissions are each found in
one line; --fix repairs only the safe ones after a backup; a damaged file is one finding."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from salestui.cli import main
from salestui.models import Client, Deal, Employee, Invoice
from salestui.store import Repository
from salestui.store.codec import to_doc

DAY = date(2026, 11, 2)


def damaged(tmp_path: Path) -> Path:
    """Return a database with one of each problem check finds, made past the store's rules."""
    path = tmp_path / "db"
    repo = Repository.open(path, create=True)
    try:
        ann = repo.add_employee(Employee("Ann"))
        gone = repo.add_employee(Employee("Gone"))
        client = repo.add(Client("Acme", gone.id, DAY))
        deal = repo.add_deal(Deal(client.id, ann.id, DAY, "meeting", ref="X-1"), DAY)
        invoice = repo.issue_invoice(Invoice("INV-1", deal.id, ann.id, DAY, 100_00, DAY))
        repo.record_payment(invoice.id, DAY, 40_00)
        stored = repo.invoice(invoice.id)
        repo.update(replace(stored, paid=0, first_paid=None, last_paid=None))  # a stale total
        twin = repo.db.new_id()  # a second invoice with the same number, as an old bug left it
        repo.db.insert("invoices", twin, to_doc(replace(stored, id=twin)))
        repo.update(replace(repo.deal(deal.id), next_step="call", next_step_due=date(2026, 10, 1)))
        repo.delete(Employee, gone.id)  # the client's owner is gone
    finally:
        repo.close()
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process; return its exit code, stdout and stderr."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_sound_demo_passes(demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The demo has nothing wrong: one line, exit 0; JSON says ok with no findings."""
    code, out, _ = run(capsys, "--db", str(demo_path), "check")
    assert (code, out) == (0, f"{demo_path}: no problems found\n")
    code, out, _ = run(capsys, "--db", str(demo_path), "check", "--format", "json")
    said = json.loads(out)
    assert code == 0 and said["ok"] is True and said["findings"] == []


def test_each_problem_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every planted problem is found, by table and record, and the exit code is 1."""
    path = damaged(tmp_path)
    code, out, err = run(capsys, "--db", str(path), "check")
    lines = out.splitlines()
    assert code == 1
    assert any(
        line.startswith("clients «Acme» (#") and "owner names employees" in line for line in lines
    )
    assert any("the same number (INV-1) as record" in line for line in lines)
    assert any("next step due 2026-10-01, before the deal was created" in line for line in lines)
    stale = "): 0.00 paid as stored, 40.00 by its payments (--fix counts it again)"
    assert any(line.startswith("invoices «INV-1» (#") and stale in line for line in lines)
    assert len(lines) == 5  # the owner, the twin, the due date, two stale totals
    assert "5 findings in" in err and "2 of them can be repaired safely" in err


def test_fix_repairs_the_safe_ones_after_a_backup(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--fix backs up first, counts the paid totals again and tightens permissions; what a
    person must decide stays, so the exit code is still 1."""
    path = damaged(tmp_path)
    os.chmod(path, 0o755)
    os.chmod(path / "employees.json", 0o644)
    code, out, _ = run(capsys, "--db", str(path), "check", "--format", "json")
    kinds = sorted(f["kind"] for f in json.loads(out)["findings"])
    assert kinds == [
        "duplicate",
        "permissions",
        "permissions",
        "range",
        "reference",
        "total",
        "total",
    ]
    code, out, _ = run(capsys, "--db", str(path), "check", "--fix", "--format", "json")
    said = json.loads(out)
    assert code == 1
    backup = Path(said["backup"])
    assert backup.parent == tmp_path / "db.backups" and backup.name.endswith("-before-fix")
    assert (backup / "employees.json").is_file() and not (backup / "lock").exists()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    assert len(said["fixed"]) == 4  # two invoices recounted, a folder and a file tightened
    assert sorted(f["kind"] for f in said["findings"]) == ["duplicate", "range", "reference"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o700
    assert stat.S_IMODE((path / "employees.json").stat().st_mode) == 0o600
    repo = Repository.open(path)
    try:
        # The first invoice has its payment again; the copy, which has none, is left at zero.
        assert sorted(i.paid for i in repo.all(Invoice)) == [0, 40_00]
    finally:
        repo.close()
    # The backup is a database of its own, as it was before the repairs.
    code, out, _ = run(capsys, "--db", str(backup), "check")
    assert code == 1 and "paid as stored" in out


def test_a_damaged_file_is_one_finding(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A shard cut short is named with its path, in text and JSON, exit 1, files untouched."""
    copy = tmp_path / "copy"
    shutil.copytree(demo_path, copy)
    victim = copy / "employees.json"
    victim.write_bytes(victim.read_bytes()[:-40])
    before = victim.read_bytes()
    code, out, err = run(capsys, "--db", str(copy), "check")
    assert code == 1 and out.startswith(f"{victim}") and "1 finding in" in err
    code, out, _ = run(capsys, "--db", str(copy), "check", "--format", "json")
    assert json.loads(out)["findings"][0]["kind"] == "file"
    assert victim.read_bytes() == before


def test_the_console_script_exit_codes(script: Path, demo_path: Path, tmp_path: Path) -> None:
    """As users run it: 0 when sound, 1 with findings, 2 for a wrong option; no traceback."""
    ok = subprocess.run(
        [str(script), "--db", str(demo_path), "check"], capture_output=True, text=True
    )
    assert ok.returncode == 0
    bad = damaged(tmp_path)
    found = subprocess.run([str(script), "--db", str(bad), "check"], capture_output=True, text=True)
    assert found.returncode == 1 and "Traceback" not in found.stderr
    usage = subprocess.run(
        [str(script), "--db", str(bad), "check", "--format", "xml"], capture_output=True, text=True
    )
    assert usage.returncode == 2
