"""Key helpers: Russian-layout aliases and bindings whose descriptions are translated."""

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
