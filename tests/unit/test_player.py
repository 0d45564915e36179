"""The external player for call recordings: which one is chosen, what it is given, and each
reason a recording cannot be played, with a real tiny script standing in for the player."""

from __future__ import annotations

import json
import os
import shlex
import signal
import sys
from pathlib import Path

import pytest

from salestui.player import PlayError, find_player, is_url, play

# A player that writes what it was given (and its session and process ids) to a file.
SCRIPT = """\
#!{python}
import json, os, sys, time
if "--slow" in sys.argv:
    time.sleep(30)
with open({out!r}, "w") as out:
    json.dump({{"argv": sys.argv[1:], "sid": os.getsid(0), "pid": os.getpid()}}, out)
"""


def fake_player(folder: Path, name: str = "player") -> tuple[Path, Path]:
    """Write an executable player script; return it and the file it writes its argv to."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{name}.json"
    script = folder / name
    script.write_text(SCRIPT.format(python=sys.executable, out=str(out)))
    script.chmod(0o755)
    return script, out


def played(out: Path, process_wait: object) -> dict[str, object]:
    """Return what the fake player wrote once it has ended."""
    assert process_wait == 0
    result: dict[str, object] = json.loads(out.read_text())
    return result


def test_the_set_player_gets_its_options_and_the_file_in_its_own_session(tmp_path: Path) -> None:
    """SALESTUI_PLAYER is split like a shell line; the recording comes last; the player runs
    in a session of its own (the terminal's keys and hangup never reach it)."""
    script, out = fake_player(tmp_path / "bin")
    recording = tmp_path / "calls" / "anna 2026-11-26.mp3"
    recording.parent.mkdir()
    recording.write_bytes(b"ID3")
    env = {"SALESTUI_PLAYER": f"{shlex.quote(str(script))} --volume 50 '--title=Call review'"}
    playing = play(f"  {recording}  ", env)
    got = played(out, playing.process.wait(timeout=10))
    assert got["argv"] == ["--volume", "50", "--title=Call review", str(recording)]
    assert got["sid"] == got["pid"] == playing.process.pid
    assert playing.name == "player"
    assert playing.command == [str(script), "--volume", "50", "--title=Call review", str(recording)]


def test_play_returns_at_once_while_the_player_plays(tmp_path: Path) -> None:
    """The UI never waits for the player: play() returns while it is still running."""
    script, _ = fake_player(tmp_path / "bin")
    recording = tmp_path / "call.wav"
    recording.write_bytes(b"RIFF")
    playing = play(str(recording), {"SALESTUI_PLAYER": f"{script} --slow"})
    try:
        assert playing.process.poll() is None
    finally:
        os.killpg(playing.process.pid, signal.SIGTERM)
        playing.process.wait(timeout=10)


def test_a_url_is_passed_as_is_and_a_file_url_is_checked(tmp_path: Path) -> None:
    """An http(s) URL is not looked for on disk; file:// names a local file, which must exist."""
    script, out = fake_player(tmp_path / "bin")
    env = {"SALESTUI_PLAYER": str(script)}
    url = "https://pbx.example.com/rec/2026/11/26/call-1.mp3?token=a b"
    got = played(out, play(url, env).process.wait(timeout=10))
    assert got["argv"] == [url]
    with pytest.raises(PlayError, match="Recording not found: /nowhere/call.mp3"):
        play("file:///nowhere/call.mp3", env)
    assert is_url("rtsp://pbx/rec/1") and not is_url("C:\\calls\\1.mp3")
    assert not is_url("calls/1.mp3")


def test_mpv_then_ffplay_found_on_path(tmp_path: Path) -> None:
    """Without SALESTUI_PLAYER: mpv when found, else ffplay without a window; else none."""
    bin_dir = tmp_path / "bin"
    ffplay, _ = fake_player(bin_dir, "ffplay")
    assert find_player({"PATH": str(bin_dir)}) == [str(ffplay), "-nodisp", "-autoexit"]
    mpv, _ = fake_player(bin_dir, "mpv")
    assert find_player({"PATH": str(bin_dir)}) == [str(mpv)]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert find_player({"PATH": str(empty)}) is None
    # A blank SALESTUI_PLAYER is as good as unset.
    assert find_player({"PATH": str(bin_dir), "SALESTUI_PLAYER": "  "}) == [str(mpv)]


@pytest.mark.parametrize(
    ("recording", "env", "message"),
    [
        (
            "",
            {"PATH": ""},
            "No recording to play: give its file path or URL in the Recording field",
        ),
        (
            "https://x/1.mp3",
            {"PATH": ""},
            "No player found: install mpv or ffplay, or set SALESTUI_PLAYER to a player's command",
        ),
        ("https://x/1.mp3", {"SALESTUI_PLAYER": "mpv '--title"}, "SALESTUI_PLAYER: cannot read"),
        ("https://x/1.mp3", {"SALESTUI_PLAYER": "/nowhere/mpv"}, "Could not start /nowhere/mpv: "),
    ],
    ids=["no-recording", "no-player", "bad-quotes", "player-missing"],
)
def test_each_refusal_says_why_in_one_line(
    recording: str, env: dict[str, str], message: str
) -> None:
    """No recording, no player, an unreadable SALESTUI_PLAYER, a player that is not there."""
    with pytest.raises(PlayError) as caught:
        play(recording, env)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    """A local recording that is not there is named (~ expanded), and nothing is started."""
    script, out = fake_player(tmp_path / "bin")
    with pytest.raises(PlayError, match=r"Recording not found: .*calls/gone\.mp3"):
        play(str(tmp_path / "calls" / "gone.mp3"), {"SALESTUI_PLAYER": str(script)})
    assert not out.exists()
