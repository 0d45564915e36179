"""The console script in a pseudo-terminal: what users run, keys in, screen and exit code out."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

TIMEOUT_S = 30.0
SCRIPT = Path(sys.executable).with_name("salestui")


# What enters and leaves the alternate screen: what follows the last leave is on the shell.
ENTER_SCREEN, LEAVE_SCREEN = b"\x1b[?1049h", b"\x1b[?1049l"
ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|[()][0-9A-Za-z]|[=>78])")


class Terminal:
    """A program in a pseudo-terminal (80×24 unless told): output read, keys written."""

    def __init__(
        self, argv: list[str], env: dict[str, str], size: tuple[int, int] = (80, 24)
    ) -> None:
        master, slave = pty.openpty()
        width, height = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        self.master = master
        self.output = b""
        self.process = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)

    def _read(self, wait_s: float) -> bool:
        """Read what is there within wait_s; False once the terminal is closed."""
        ready, _, _ = select.select([self.master], [], [], wait_s)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: every process holding the terminal has gone
            return False
        self.output += chunk
        return bool(chunk)

    def wait_for(self, what: bytes, since: int) -> int:
        """Read until `what` appears after offset `since`; return the new end offset."""
        deadline = time.monotonic() + TIMEOUT_S
        while what not in self.output[since:]:
            if time.monotonic() > deadline or not self._read(0.05):
                pytest.fail(f"no {what!r} on the terminal; it shows {self.text()[-2000:]!r}")
        return len(self.output)

    def send(self, data: str) -> int:
        """Type bytes; return the output offset from before they were typed."""
        since = len(self.output)
        os.write(self.master, data.encode())
        return since

    def finish(self) -> int:
        """Read until the process ends; return its exit code."""
        deadline = time.monotonic() + TIMEOUT_S
        while self._read(0.05) and self.process.poll() is None:
            if time.monotonic() > deadline:
                break
        try:
            code = self.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            pytest.fail(f"salestui did not exit; the terminal shows {self.text()[-2000:]!r}")
        while self._read(0.05):
            pass
        return code

    def close(self) -> None:
        """Stop the process if it still runs, and close the terminal."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        os.close(self.master)

    def text(self) -> str:
        """Return everything written to the terminal, escape sequences and all."""
        return self.output.decode(errors="replace")

    def after_app(self) -> list[str]:
        """Return the lines printed after the app left the alternate screen (or without it)."""
        if ENTER_SCREEN in self.output:
            assert LEAVE_SCREEN in self.output, "the app never restored the terminal"
        tail = ESCAPES.sub(b"", self.output.rsplit(LEAVE_SCREEN, 1)[-1])
        return [line for line in tail.decode(errors="replace").splitlines() if line.strip()]


def script_env(tmp_path: Path) -> dict[str, str]:
    """An environment for the console script: English, a private home, a real terminal."""
    env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE", "SALESTUI_DB")}
    return env | {
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }
