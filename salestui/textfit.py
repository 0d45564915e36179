"""Fit labels and names into narrow columns: syllable-safe hyphens, initials, ellipses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

_VOWELS: Final = frozenset("aeiouyаеёиоуыэюя")
# A Russian line never starts with these: they belong to the letter before them.
_NO_LINE_START: Final = frozenset("йьъ")
ELLIPSIS: Final = "…"


def _vowel(char: str) -> bool:
    return char.casefold() in _VOWELS


def _cyrillic(word: str) -> bool:
    return any("а" <= c <= "я" or c == "ё" for c in word.casefold())


def break_points(word: str) -> list[int]:
    """Return where a hyphen may split a word: VC-C, after ь/ъ/й, and in Russian V-CV.

    Both parts keep at least two letters and a vowel, so "Conversations" breaks as
    "Conver-sations" (never "Convers-ations" or "Conve-rsations"), "Invoices" as
    "In-voices" and "Разговоры" as "Разго-воры"; "Meetings" does not break at all.
    """
    points = []
    for i in range(2, len(word) - 1):
        head, tail = word[:i], word[i:]
        if not (head[-1].isalpha() and tail[0].isalpha()) or tail[0].casefold() in _NO_LINE_START:
            continue
        if not any(map(_vowel, head)) or not any(map(_vowel, tail)):
            continue
        if _vowel(tail[0]):
            continue
        if _vowel(head[-1]):
            # An open syllable (Разго-воры) is how Russian breaks; English breaks it by
            # meaning (meet-ings, not Mee-tings), which a rule cannot see: only Russian here.
            if _vowel(tail[1]) and _cyrillic(word):
                points.append(i)
        elif head[-1].casefold() in _NO_LINE_START or _vowel(head[-2]):  # Con-ver, боль-шой
            points.append(i)
    return points


def wrap(text: str, width: int, *, hyphenate: bool) -> list[str] | None:
    """Wrap words into lines of at most width; None if a word cannot be made to fit."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
            continue
        while len(word) > width:
            fits = [p for p in break_points(word) if p + 1 <= width] if hyphenate else []
            if not fits:
                return None
            lines.append(word[: fits[-1]] + "-")
            word = word[fits[-1] :]
        lines.append(word)
    return lines


def truncate(text: str, width: int) -> str:
    """Cut text to width, marking the cut with an ellipsis."""
    return text if len(text) <= width else text[: max(0, width - 1)] + ELLIPSIS


def fit_label(label: str, short: str, width: int, lines: int = 2) -> str:
    """Fit a column label into `lines` lines of width: whole words, then hyphens, then short."""
    for text in (label, short) if short else (label,):
        for hyphenate in (False, True):
            wrapped = wrap(text, width, hyphenate=hyphenate)
            if wrapped is not None and len(wrapped) <= lines:
                return "\n".join(wrapped)
    return truncate(short or label, width)


def _abbreviate(name: str, letters: int) -> str:
    """Keep the first word, shorten the others to `letters` letters and a dot (numbers stay)."""
    first, *rest = name.split()
    parts = [first]
    for word in rest:
        parts.append(word if word.isdigit() or len(word) <= letters else word[:letters] + ".")
    return " ".join(parts)


def _fit_one(name: str, width: int, letters: int) -> str:
    if len(name) <= width:
        return name
    short = _abbreviate(name, letters)
    if len(short) <= width:
        return short
    first, _, rest = short.partition(" ")
    # A patronymic's initial goes before the surname is cut: "Фамилия И." stays recognisable
    # (unless it is what tells two people apart: then initials grow and all words stay).
    words = rest.split()
    if letters == 1 and len(words) > 1 and not words[-1].isdigit():
        rest = words[0]
        if len(f"{first} {rest}") <= width:
            return f"{first} {rest}"
    room = width - len(rest) - 1 if rest else width
    if room >= 4:  # keep enough of the first word to recognise it, then the initials
        return f"{truncate(first, room)} {rest}" if rest else truncate(first, room)
    return truncate(short, width)


def fit_names(names: Sequence[str], width: int) -> list[str]:
    """Shorten names that do not fit to "First L." (Russian "Фамилия И."), keeping them distinct.

    When two shortened names collide ("Oliver J."), their initials grow ("Oliver Joh.",
    "Oliver Jac.") until they differ or the names are whole.
    """
    # The same name listed twice (one person on several days) is one person, not a clash.
    distinct = list(dict.fromkeys(names))
    letters = [1] * len(distinct)
    result = [_fit_one(n, width, 1) for n in distinct]
    for _ in range(max((len(n) for n in distinct), default=0)):
        seen: dict[str, list[int]] = {}
        for index, text in enumerate(result):
            seen.setdefault(text, []).append(index)
        clashes = [i for group in seen.values() if len(group) > 1 for i in group]
        clashes = [i for i in clashes if result[i] != distinct[i]]
        if not clashes:
            break
        for index in clashes:
            letters[index] += 1
            result[index] = _fit_one(distinct[index], width, letters[index])
    short = dict(zip(distinct, result, strict=True))
    return [short[n] for n in names]


def _narrowest(label: str, lowest: int, highest: int, *, hyphenate: bool) -> int:
    """Return the narrowest width at which a label fits in two lines (highest if none)."""
    for width in range(lowest, highest):
        wrapped = wrap(label, width, hyphenate=hyphenate)
        if wrapped is not None and len(wrapped) <= 2:
            return width
    return highest


def fit_columns(labels: Sequence[str], room: int, lowest: int, highest: int) -> list[int]:
    """Share room between columns, narrowing first where a label still fits whole words.

    Each column starts at its label's one-line width; columns are narrowed down to where
    the label wraps onto two lines at a space, then to where it needs a syllable hyphen,
    then down to `lowest`, the one with the most to give first at each stage.
    """
    widths = [min(highest, max(lowest, len(label))) for label in labels]
    stages = [
        [
            min(w, _narrowest(label, lowest, w, hyphenate=False))
            for label, w in zip(labels, widths, strict=True)
        ],
        [
            min(w, _narrowest(label, lowest, w, hyphenate=True))
            for label, w in zip(labels, widths, strict=True)
        ],
        [lowest] * len(labels),
    ]
    for floor in stages:
        # Take the most from one column before touching the next: fewer labels change.
        while sum(widths) > room:
            slack = [w - f for w, f in zip(widths, floor, strict=True)]
            if max(slack, default=0) <= 0:
                break
            index = slack.index(max(slack))
            widths[index] -= min(slack[index], sum(widths) - room)
    return widths
