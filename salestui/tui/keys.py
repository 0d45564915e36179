"""Key helpers: Alt+digit from real terminals, layout aliases, translated bindings and names."""

from __future__ import annotations

import dataclasses
from typing import Final

from textual.binding import Binding
from textual.dom import DOMNode

from salestui.i18n import has_message, tr

OURS: Final = "salestui:"

# The ЙЦУКЕН letter on the same physical key, so a Russian layout needs no switching.
_CYRILLIC: Final = dict(
    zip("qwertyuiopasdfghjklzxcvbnm", "йцукенгшщзфывапролдячсмить", strict=True)
)
_NAMES: Final = {"[": "left_square_bracket", "]": "right_square_bracket"}
_CYRILLIC.update({"left_square_bracket": "х", "right_square_bracket": "ъ"})
# Key names shown in the footer and help in the interface language.
SPOKEN_KEYS: Final = ("space", "enter", "escape", "tab", "delete", "backspace")
# The keys of a list with a row cursor, for its actions move(step), page(step) and
# edge(0: the first row, 1: the last).
ROW_KEYS: Final = [
    Binding("up", "move(-1)", show=False),
    Binding("down", "move(1)", show=False),
    Binding("pageup", "page(-1)", show=False),
    Binding("pagedown", "page(1)", show=False),
    Binding("home", "edge(0)", show=False),
    Binding("end", "edge(1)", show=False),
]


class _KeyName(str):
    """A key name where Textual's sequence table expects a `Keys` member (it reads .value)."""

    @property
    def value(self) -> str:
        """Return the key name itself."""
        return str(self)


def restore_alt_digits() -> None:
    """Make ESC+digit, what tmux, PuTTY and most Linux terminals send for Alt+digit, alt+digit.

    Textual maps these sequences to the characters macOS's Option key types ("ª" for 9),
    so Alt+digit did nothing and typed junk into a number cell. Kept in the sequence table
    (not dropped) so the key still arrives at once, without waiting for the escape delay.
    """
    from textual._ansi_sequences import ANSI_SEQUENCES_KEYS

    table: dict[str, object] = ANSI_SEQUENCES_KEYS  # type: ignore[assignment]
    for digit in "0123456789":
        table[f"\x1b{digit}"] = (_KeyName(f"alt+{digit}"),)


def keys(key: str) -> str:
    """Return a binding key list with the Russian-layout alias of a Latin letter added."""
    name = _NAMES.get(key, key)
    alias = _CYRILLIC.get(name)
    return f"{name},{alias}" if alias else name


def translate_bindings(node: DOMNode) -> None:
    """Replace binding descriptions (message ids) with text in the current language.

    Class-level BINDINGS are built at import time, before the language is known, so each
    instance translates its own copy.
    """
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [
            dataclasses.replace(b, description=tr(b.description), id=f"{OURS}{b.description}")
            if has_message(b.description)
            else b
            for b in bindings
        ]


def is_ours(binding: Binding) -> bool:
    """Tell salestui's (translated) bindings from Textual's built-in English ones."""
    return bool(binding.id and binding.id.startswith(OURS))


def bind(key: str, action: str, description: str, *, show: bool = True) -> Binding:
    """Return a Binding with the Russian-layout alias; description is a message id."""
    return Binding(keys(key), action, description, show=show)


def spoken_key(key: str) -> str | None:
    """Return how a key is written for people (Space, Shift+Tab), or None to let Textual say."""
    if key in SPOKEN_KEYS:
        return tr(f"key.{key}")
    modifier, plus, name = key.rpartition("+")
    if plus:
        return f"{modifier.title()}+{spoken_key(name) or name.title()}"
    return None
