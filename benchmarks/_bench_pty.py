"""Run the installed `salestui` console script in a pseudo-terminal and time its first frame.

The clock starts just before the fork. The terminal output is read as it comes; the screen
counts as drawn once the text (escape sequences and spaces removed) holds one of Today's
checklist texts and one of its alert texts, and then nothing more arrives for QUIET_S. The
time reported is that of the last byte before the quiet, not the end of the quiet.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import shutil
import signal
import struct
import sys
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

QUIET_S = 0.150
# Output no further apart than this is one frame (Textual writes a frame in one go).
FRAME_GAP_S = 0.008
CTRL_Q = b"\x11"
# CSI and OSC sequences, and the two-byte escapes (ESC 7, ESC =, ...).
ESCAPES = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-_])")
SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Markers:
    """Texts that show Today is on screen: one of each group must be there."""

    checklist: tuple[str, ...]
    alerts: tuple[str, ...]

    def found_in(self, screen: str) -> bool:
        """Return True if the screen text (spaces removed) holds one text of each group."""
        return any(_squash(t) in screen for t in self.checklist) and any(
            _squash(t) in screen for t in self.alerts
        )


@dataclass(frozen=True)
class Shown:
    """Texts of which one shows that a key's screen is complete (drawn after the key)."""

    texts: tuple[str, ...]

    def found_in(self, screen: str) -> bool:
        """Return True if the screen text (spaces removed) holds one of the texts."""
        return any(_squash(t) in screen for t in self.texts)


@dataclass(frozen=True)
class Frame:
    """One run of the console script to the first frame of Today and back out."""

    first_byte_ms: float  # the app's first output: the interpreter, imports and open are done
    data_ms: float  # the first output in which Today's checklist and alerts are complete
    drawn_ms: float  # the last byte of that burst: nothing followed for QUIET_S
    quit_ms: float  # from ctrl+q to the process gone
    exit_code: int
    hwm_kib: int  # peak RSS (VmHWM) when drawn
    pandas: bool  # a file under a pandas/ folder was mapped when drawn
    bytes: int  # terminal output up to the drawn frame


def _squash(text: str) -> str:
    """Remove every whitespace character."""
    return SPACE.sub("", text)


def screen_text(output: bytes) -> str:
    """Return the terminal output without escape sequences and whitespace."""
    return _squash(ESCAPES.sub(b"", output).decode("utf-8", "replace"))


def console_script() -> str:
    """Return the `salestui` script installed next to this interpreter."""
    found = shutil.which("salestui", path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit(f"no salestui console script next to {sys.executable}")
    return found


def _proc(pid: int) -> tuple[int, bool]:
    """Return a live process's peak RSS (VmHWM, KiB) and whether it has pandas mapped."""
    hwm = -1
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1])
    pandas = "/pandas/" in Path(f"/proc/{pid}/maps").read_text()
    return hwm, pandas


def _spawn(argv: Sequence[str], env: dict[str, str], size: tuple[int, int]) -> tuple[int, int]:
    """Fork argv onto a new pseudo-terminal of size (columns, rows); return pid and master fd."""
    master, slave = os.openpty()
    columns, rows = size
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    pid = os.fork()
    if pid == 0:  # the child: a session of its own with the terminal as its controlling tty
        try:
            os.close(master)
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            os.close(slave)
            os.execve(argv[0], list(argv), env)
        finally:
            os._exit(127)
    os.close(slave)
    return pid, master


def _read(master: int, timeout: float) -> bytes | None:
    """Return what the terminal has within timeout (b"" if nothing), None once it is closed."""
    ready, _, _ = select.select([master], [], [], max(0.0, timeout))
    if not ready:
        return b""
    try:
        return os.read(master, 1 << 16) or None
    except OSError:  # EIO: every process holding the terminal has exited
        return None


def first_frame(
    argv: Sequence[str],
    env: dict[str, str],
    size: tuple[int, int],
    markers: Markers,
    timeout_s: float = 60.0,
) -> Frame:
    """Start argv in a pty, wait until Today is drawn, note its memory, then quit with ctrl+q."""
    t0 = time.perf_counter()
    pid, master = _spawn(argv, env, size)
    output = bytearray()
    first_byte = data_at = last_byte = 0.0
    try:
        while True:
            now = time.perf_counter()
            if data_at and now - last_byte >= QUIET_S:
                break
            if now - t0 > timeout_s:
                raise SystemExit(
                    f"salestui drew no Today screen in {timeout_s:.0f} s ({' '.join(argv)}); "
                    f"its screen: {screen_text(bytes(output))[-1500:]}"
                )
            wait = QUIET_S - (now - last_byte) if data_at else 0.05
            chunk = _read(master, wait)
            if chunk is None:
                _, status = os.waitpid(pid, 0)
                pid = 0
                raise SystemExit(
                    f"salestui exited with code {os.waitstatus_to_exitcode(status)} before "
                    f"Today was drawn; its screen: {screen_text(bytes(output))[-1500:]}"
                )
            if chunk:
                stamp = time.perf_counter()
                output += chunk
                first_byte = first_byte or stamp
                last_byte = stamp
                if not data_at and markers.found_in(screen_text(bytes(output))):
                    data_at = stamp
        hwm, pandas = _proc(pid)
        quit_at = time.perf_counter()
        os.write(master, CTRL_Q)
        while _read(master, max(0.0, quit_at + timeout_s - time.perf_counter())) is not None:
            if time.perf_counter() - quit_at > timeout_s:
                raise SystemExit(f"salestui did not quit on ctrl+q in {timeout_s:.0f} s")
        _, status = os.waitpid(pid, 0)
        pid = 0
        gone = time.perf_counter()
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(master)
    return Frame(
        first_byte_ms=(first_byte - t0) * 1000,
        data_ms=(data_at - t0) * 1000,
        drawn_ms=(last_byte - t0) * 1000,
        quit_ms=(gone - quit_at) * 1000,
        exit_code=os.waitstatus_to_exitcode(status),
        hwm_kib=hwm,
        pandas=pandas,
        bytes=len(output),
    )


@dataclass(frozen=True)
class Visit:
    """One run of the console script through several screens, each opened by its key."""

    first_frame_ms: float
    screens_ms: dict[str, float]  # key -> from the key to the last byte before a quiet
    hwm_kib: int  # peak RSS (VmHWM) after every screen was drawn
    pandas: bool
    exit_code: int
    idle_ms: float = 0.0  # with idle=True: from the first frame to the app's CPU at rest
    # key -> from the key to the last byte of the first frame after it (the first burst)
    frames_ms: dict[str, float] = field(default_factory=dict)


def _cpu_ticks(pid: int) -> int:
    """Return the CPU time a process has used (user + system, in clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime and stime, the 14th and 15th fields


# A "key" of visit that presses nothing: it waits until the app's CPU is at rest.
REST = b""
# A key of visit: its name and bytes, and optionally texts its screen is not complete without
# (a screen that counts in a thread draws twice; the quiet between the two may pass QUIET_S).
Key = tuple[str, bytes] | tuple[str, bytes, Shown]
# The app counts as at rest once it used at most this many ticks (10 ms each) in IDLE_S.
IDLE_TICKS, IDLE_S = 2, 1.0


def visit(
    argv: Sequence[str],
    env: dict[str, str],
    size: tuple[int, int],
    markers: Markers,
    keys: Sequence[Key],
    timeout_s: float = 60.0,
    *,
    idle: bool = False,
    text_frames: bool = False,
) -> Visit:
    """Start argv in a pty, wait for Today, press each key in turn until its screen is drawn.

    A screen counts as drawn at the last byte before QUIET_S without output; the peak RSS
    is read after the last one, then the app quits with ctrl+q. A key REST waits for the
    app's CPU to be at rest (nothing is timed for it). With idle, the keys wait
    until the app's CPU is at rest after its first frame (what it reads ahead is read):
    the times are then those of a user who opened the app and read Today first.
    A key with texts (Shown) settles only once one of them was drawn after it. With
    text_frames, output without text (Textual's pointer-shape OSC, sent as a key is
    handled and ahead of the screen) does not begin a key's first frame.
    """
    t0 = time.perf_counter()
    pid, master = _spawn(argv, env, size)
    output = bytearray()
    screens: dict[str, float] = {}
    frames: dict[str, float] = {}
    status = 0

    def settle(start: float, check: Markers | Shown | None) -> tuple[float, float]:
        """Read until output has come (holding the markers, after what was read before)
        and then paused; return the last byte of its first frame (the first burst of
        output) and its last byte."""
        last = frame = 0.0
        framed = False  # the first burst has ended
        seen = check is None
        begin = len(output)
        while True:
            now = time.perf_counter()
            if last and seen and now - last >= QUIET_S:
                return (frame or last) - start, last - start
            if now - start > timeout_s:
                raise SystemExit(
                    f"no quiet screen in {timeout_s:.0f} s: {screen_text(bytes(output))[-800:]}"
                )
            chunk = _read(master, QUIET_S if last else 0.05)
            if chunk is None:
                raise SystemExit(f"salestui exited early: {screen_text(bytes(output))[-800:]}")
            if chunk:
                output.extend(chunk)
                arrived = time.perf_counter()
                if not framed and (frame or not text_frames or screen_text(chunk)):
                    framed = frame > 0 and arrived - frame > FRAME_GAP_S
                    if not framed:
                        frame = arrived
                last = arrived
                if check is not None and not seen:
                    seen = check.found_in(screen_text(bytes(output[begin:])))

    def rest() -> float:
        """Drain the terminal until the app's CPU is at rest; return when it was."""
        start = time.perf_counter()
        ticks, since = _cpu_ticks(pid), start
        while time.perf_counter() - start < timeout_s:
            chunk = _read(master, 0.05)
            if chunk is None:
                raise SystemExit(f"salestui exited early: {screen_text(bytes(output))[-800:]}")
            output.extend(chunk)
            now = time.perf_counter()
            if now - since >= IDLE_S:
                used, ticks, since = _cpu_ticks(pid) - ticks, _cpu_ticks(pid), now
                if used <= IDLE_TICKS:
                    return now - IDLE_S - start
        raise SystemExit(f"salestui was still busy after {timeout_s:.0f} s")

    idle_s = 0.0
    try:
        first = settle(t0, markers)[1]
        if idle:
            idle_s = rest()
        for name, key, *until in keys:
            if key == REST:
                rest()
                continue
            started = time.perf_counter()
            os.write(master, key)
            frame, screens[name] = (t * 1000 for t in settle(started, until[0] if until else None))
            frames[name] = frame
        hwm, pandas = _proc(pid)
        os.write(master, CTRL_Q)
        quit_at = time.perf_counter()
        while _read(master, 0.5) is not None:
            if time.perf_counter() - quit_at > timeout_s:
                raise SystemExit("salestui did not quit on ctrl+q")
        _, status = os.waitpid(pid, 0)
        pid = 0
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(master)
    code = os.waitstatus_to_exitcode(status)
    return Visit(first * 1000, screens, hwm, pandas, code, idle_s * 1000, frames)
