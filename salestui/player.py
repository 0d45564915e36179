"""Play a call's recording with an external player, in a process of its own.

The player is `SALESTUI_PLAYER` (a command line; the recording is appended), else mpv, else
ffplay without a window; it runs in its own session with no terminal, so the app keeps the
keyboard and the screen while it plays, and closing the app leaves it playing.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from urllib.parse import unquote, urlsplit

from salestui.i18n import tr

ENV_PLAYER: Final = "SALESTUI_PLAYER"
# Tried in order when SALESTUI_PLAYER is not set: the program and the options it needs.
PLAYERS: Final = (("mpv", ()), ("ffplay", ("-nodisp", "-autoexit")))


class PlayError(Exception):
    """A recording that cannot be played; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class Playing:
    """A player started on a recording."""

    command: list[str]
    process: subprocess.Popen[bytes]

    @property
    def name(self) -> str:
        """Return the player's program name (mpv, ffplay, or the set command's)."""
        return Path(self.command[0]).name


def find_player(env: Mapping[str, str] | None = None) -> list[str] | None:
    """Return the player's command line without the recording, or None when there is none.

    SALESTUI_PLAYER wins when set (split as a shell would, without running a shell); else
    mpv, else ffplay -nodisp -autoexit, found on PATH.
    """
    environ = os.environ if env is None else env
    chosen = environ.get(ENV_PLAYER, "").strip()
    if chosen:
        try:
            command = shlex.split(chosen)
        except ValueError as exc:
            raise PlayError(tr("calls.player.bad_env", name=ENV_PLAYER, reason=str(exc))) from None
        return command or None
    path = environ.get("PATH")
    for program, options in PLAYERS:
        found = shutil.which(program, path=path)
        if found is not None:
            return [found, *options]
    return None


def is_url(recording: str) -> bool:
    """Tell a URL (http://, https://, rtsp://, ...: passed to the player as is) from a path."""
    parts = urlsplit(recording)
    # "C:\\calls\\a.mp3" has a one-letter scheme; a URL's is longer and has "//".
    return len(parts.scheme) > 1 and recording[len(parts.scheme) :].startswith("://")


def local_path(recording: str) -> Path:
    """Return the file a recording names: a path (~ expanded) or a file:// URL."""
    if recording.startswith("file://"):
        return Path(unquote(urlsplit(recording).path))
    return Path(recording).expanduser()


def play(recording: str, env: Mapping[str, str] | None = None) -> Playing:
    """Start the player on a recording in the background and return at once.

    Raises PlayError, saying why in one line, when there is no recording, no player, the
    local file is missing, or the player cannot be started. A URL is passed as is.
    """
    target = recording.strip()
    if not target:
        raise PlayError(tr("calls.player.no_recording"))
    command = find_player(env)
    if command is None:
        raise PlayError(tr("calls.player.none", name=ENV_PLAYER))
    if target.startswith("file://") or not is_url(target):
        path = local_path(target)
        if not path.is_file():
            raise PlayError(tr("calls.player.missing", path=str(path)))
        target = str(path)
    full = [*command, target]
    try:
        process = subprocess.Popen(
            full,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # Its own session: the terminal's Ctrl+C and hangup never reach it, and it never
            # reads from the terminal the app is drawing on.
            start_new_session=True,
            env=None if env is None else dict(env),
        )
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise PlayError(tr("calls.player.failed", player=command[0], reason=reason)) from None
    return Playing(full, process)
