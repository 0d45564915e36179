"""Privacy: salestui never opens a network socket (let alone listens on a port), and writes
nothing outside the database folder and its backups but the user's own exports."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import TODAY
from tests.terminal import SCRIPT, Terminal, script_env


def tree(root: Path) -> dict[str, tuple[int, int]]:
    """Return every path under root with its size and modification time (a folder's are
    left out: they change with what is added inside, which is looked at on its own)."""
    found = {}
    for path in root.rglob("*"):
        st = path.lstat()
        folder = path.is_dir() and not path.is_symlink()
        found[str(path.relative_to(root))] = (0, 0) if folder else (st.st_size, st.st_mtime_ns)
    return found


def network_sockets(pid: int) -> list[str]:
    """Return the process's Internet sockets, and the Unix sockets it listens on."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            if line.split()[9] in inodes:
                found.append(f"{table}: {line.strip()}")
    for line in Path(f"/proc/{pid}/net/unix").read_text().splitlines()[1:]:
        fields = line.split()
        listening = int(fields[3], 16) & 0x10000  # __SO_ACCEPTCON
        if len(fields) > 6 and fields[6] in inodes and listening:
            found.append(f"unix listening: {line.strip()}")
    return found


def test_a_whole_session_writes_only_its_folders_and_opens_no_port(
    tmp_path: Path, demo_template: dict[str, Path]
) -> None:
    """The app (a save, some screens, quit), a report, an import, a backup and an export on
    the demo, all with a private HOME and data folder: only the database, its backups and the
    export file appear; the running app has no Internet socket and listens on nothing."""
    env = script_env(tmp_path)
    home, data = Path(env["HOME"]), Path(env["XDG_DATA_HOME"])
    home.mkdir()
    data.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    db = data / "salestui" / "db"
    pinned = ["--today", TODAY.isoformat(), "--lang", "en"]

    def run(*args: str) -> None:
        done = subprocess.run(
            [str(SCRIPT), "--db", str(db), *args, *pinned],
            env=env,
            cwd=work,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr

    shutil.copytree(demo_template["en"], db)
    before = {"home": tree(home), "work": tree(work), "tmp": tree(tmp_path)}
    terminal = Terminal([str(SCRIPT), "--db", str(db), *pinned], env)
    try:
        terminal.wait_for(b"Today", 0)
        assert network_sockets(terminal.process.pid) == []
        terminal.wait_for(b"Daily metrics", terminal.send("1"))
        terminal.send("7\r")
        terminal.wait_for(b"Team", terminal.send("\x1b9"))
        assert network_sockets(terminal.process.pid) == []
        terminal.send("\x11")  # Ctrl+Q
        assert terminal.finish() == 0
    finally:
        terminal.close()
    (work / "new.csv").write_text("name,owner,created\nZeta Ltd,Ann,2026-11-02\n", encoding="utf-8")
    run("report", "metrics")
    run("import", "clients", str(work / "new.csv"), "--skip-invalid")
    run("backup")
    run("export", "clients", str(work / "clients.xlsx"))

    after = tree(tmp_path)
    new = {p for p in set(after) - set(before["tmp"])}
    changed = {p for p in before["tmp"] if p in after and after[p] != before["tmp"][p]}
    outside = {
        p
        for p in new | changed
        if not p.startswith(("data/salestui/db/", "data/salestui/db.backups"))
        and p not in ("data/salestui/db", "work/new.csv", "work/clients.xlsx")
    }
    assert outside == set(), sorted(outside)
    assert tree(home) == before["home"]
    assert any(p.startswith("data/salestui/db.backups/") for p in new)
