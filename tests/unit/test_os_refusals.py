"""The system says no: a folder without permission, a read-only disk. Each is one line with
the path, what is wrong and what to do, exit code 1, and the files untouched. (The tests run
as root, whom permissions do not stop: the refusals are made by the system calls themselves.)"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from salestui.cli import main

WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def files(path: Path) -> dict[str, str]:
    """Return every file under a folder with a hash of its bytes."""
    return {
        str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


def refusing(db: Path, code: int, when: Callable[[int], bool]) -> Callable[..., Any]:
    """Return an os.open that refuses opening files under db with errno `code` when asked to."""
    real = os.open

    def fake(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).startswith(str(db)) and when(flags):
            raise OSError(code, os.strerror(code), str(path))
        return real(path, flags, *args, **kwargs)

    return fake


@pytest.fixture
def db(demo_path: Path) -> Path:
    """The demo database, its lock files made already (a folder that has been used)."""
    assert main(["--db", str(demo_path), "check"]) == 0
    return demo_path


def test_a_folder_without_permission(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every command says which file it may not open and what to do; nothing changes."""
    capsys.readouterr()
    before = files(db)
    monkeypatch.setattr(os, "open", refusing(db, errno.EACCES, lambda flags: True))
    for args in (["report", "metrics"], ["check"], ["backup"], ["export", "clients", "x.csv"]):
        assert main(["--db", str(db), *args]) == 1, args
        err = capsys.readouterr().err
        assert err.count("\n") == 1, err
        assert f"{db}/" in err and "Permission denied" in err, err
        assert "Check who owns the folder and its permissions" in err, err
    monkeypatch.undo()
    assert files(db) == before


def test_a_read_only_disk(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reports work; an import says the disk is read-only and what to do; nothing changes."""
    csv = tmp_path / "clients.csv"
    csv.write_text("name,owner,created\nNew Client,Ann,2026-11-02\n", encoding="utf-8")
    capsys.readouterr()
    before = files(db)
    monkeypatch.setattr(os, "open", refusing(db, errno.EROFS, lambda flags: bool(flags & WRITE)))
    assert main(["--db", str(db), "report", "metrics", "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "import", "clients", str(csv)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert f"{db}/" in err and "Read-only file system" in err, err
    assert "The disk is mounted read-only" in err, err
    monkeypatch.undo()
    assert files(db) == before
