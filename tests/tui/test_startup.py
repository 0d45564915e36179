"""Start-up as users run it: the console script in a terminal, to the first frame of Today.

How long it takes is measured by benchmarks/ (not by a timed test); this checks what it
loads: nothing of pandas or numpy is in the process when Today is on screen, and no year file
is read after the first frame (the warm-up that froze the app is gone).
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import TODAY
from tests.terminal import Terminal, script_env


def mapped(pid: int) -> set[str]:
    """Return the files mapped into a process (its shared libraries among them)."""
    lines = Path(f"/proc/{pid}/maps").read_text().splitlines()
    return {line.split(maxsplit=5)[5] for line in lines if len(line.split(maxsplit=5)) == 6}


def test_console_script_draws_today_without_pandas(
    script: Path, demo_path: Path, tmp_path: Path
) -> None:
    """`salestui` draws Today with no pandas or numpy loaded, then quits on Ctrl+Q with 0."""
    argv = [str(script), "--db", str(demo_path), "--today", TODAY.isoformat(), "--lang", "en"]
    terminal = Terminal(argv, script_env(tmp_path), size=(120, 40))
    try:
        terminal.wait_for(b"Daily metrics", 0)
        files = mapped(terminal.process.pid)
        heavy = sorted(f for f in files if "/pandas/" in f or "/numpy" in f)
        assert heavy == [], heavy
        assert any("/textual/" in f or "python" in f for f in files)  # the right process
        terminal.send("\x11")
        code = terminal.finish()
    finally:
        terminal.close()
    assert code == 0, terminal.text()[-2000:]
