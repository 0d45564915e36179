"""One line for any failure: a store error's own text, a file error, or a bug to report."""

from __future__ import annotations

import errno
from typing import Final

from salestui.i18n import tr
from salestui.store.errors import StoreError

# What a save may raise besides a refused value: the disk or a damaged file said no.
SAVE_FAILURES: Final = (StoreError, OSError)
# What to do about the system's refusals a user can act on.
HINTS: Final = {
    errno.EACCES: "failure.hint_access",
    errno.EPERM: "failure.hint_access",
    errno.EROFS: "failure.hint_read_only",
    errno.ENOSPC: "failure.hint_space",
    errno.EDQUOT: "failure.hint_space",
    errno.ELOOP: "failure.hint_loop",
    errno.ENOTDIR: "failure.hint_not_dir",
}
# Longer exception texts are cut: an unexpected error's text may hold a whole document.
MAX_DETAIL: Final = 300


def failure_text(error: BaseException) -> str:
    """Return what went wrong in one line, with no traceback and no values of variables.

    A StoreError already names the path, what is wrong and what to do; an OSError names its
    file and the system's reason; anything else is a bug, named by its type and message.
    """
    if isinstance(error, StoreError):
        text = str(error)
    elif isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename else ""
        hint = HINTS.get(error.errno or 0)
        text = f"{where}{error.strerror}" + (f". {tr(hint)}" if hint else "")
    else:
        kind = type(error)
        name = kind.__qualname__
        if kind.__module__ != "builtins":
            name = f"{kind.__module__}.{name}"
        detail = " ".join(str(error).split())
        if len(detail) > MAX_DETAIL:
            detail = detail[: MAX_DETAIL - 1] + "…"
        text = tr("failure.bug", error=f"{name}: {detail}" if detail else name)
    return " ".join(text.split())


def not_saved(error: BaseException) -> str:
    """Return the one line a screen shows when a save failed (the dialog stays open)."""
    return tr("failure.not_saved", error=failure_text(error))
