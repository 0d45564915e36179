"""Money: the one parser of typed amounts and the one formatter, in exact minor units."""

from __future__ import annotations

import re
from typing import Final

from salestui.i18n import language, tr

# JSON carries money in major units as a float, exact to the kopeck up to 15 digits.
MAX_MONEY: Final = 10**15
# Spaces people and spreadsheets put between thousands: plain, no-break, narrow no-break.
_SPACES: Final = " \u00a0\u202f"
# "1234", "1234.5", "1234,56", "1 234 567", "1 234,56": whole part either plain digits or
# groups of three after a first group of one to three; then "." or "," and one or two decimals.
_AMOUNT: Final = re.compile(
    rf"^(?P<whole>[0-9]+|[0-9]{{1,3}}(?:[{_SPACES}][0-9]{{3}})+)(?:[.,](?P<cents>[0-9]{{1,2}}))?$"
)
SYMBOLS: Final = {
    "RUB": "₽",
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "KZT": "₸",
    "UAH": "₴",
    "BYN": "Br",
}
_NBSP: Final = "\u00a0"


class MoneyError(ValueError):
    """A typed amount is not one; the message names the field."""

    def __init__(self, field: str, value: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


def parse_money(label: str, text: str) -> int:
    """Parse a typed amount into minor units (kopecks/cents), or raise MoneyError naming label.

    Accepted: 1234.56, 1234,56, 1 234,56 and 1 234 567 (plain, no-break or narrow no-break
    spaces between groups of three); at most two decimals; never below zero. Anything else
    (1,234.56, 12e3, 1.234.567, a currency sign) is refused rather than guessed.
    """
    cleaned = text.strip()
    if cleaned[:1] in ("-", "\u2212") and _AMOUNT.match(cleaned[1:].strip()):
        raise MoneyError(label, text, tr("error.money_negative", field=label, value=cleaned))
    match = _AMOUNT.match(cleaned)
    if match is None:
        raise MoneyError(label, text, tr("error.money_bad", field=label, value=text))
    whole = re.sub(f"[{_SPACES}]", "", match["whole"])
    cents = (match["cents"] or "").ljust(2, "0")
    if len(whole.lstrip("0")) > 16:  # int() of a huge string is slow, and it is too big anyway
        raise MoneyError(label, text, tr("error.money_too_big", field=label, value=cleaned))
    minor = int(whole) * 100 + int(cents or "0")
    if minor >= MAX_MONEY:
        raise MoneyError(label, text, tr("error.money_too_big", field=label, value=cleaned))
    return minor


def symbol(currency: str) -> str:
    """Return a currency's sign (₽, $, €), or its code when it has none here."""
    return SYMBOLS.get(currency.upper(), currency.upper())


def _digits(minor: int, *, whole: bool) -> str:
    """Return an unsigned amount with the language's separators (1 234 567,89 / 1,234,567.89)."""
    units, cents = divmod(abs(minor), 100)
    if whole:
        units, cents = divmod(abs(minor) + 50, 100)[0], 0
    text = f"{units:,}" if whole else f"{units:,}.{cents:02d}"
    if language() == "ru":
        text = text.replace(",", _NBSP).replace(".", ",")
    return text


def _sign(minor: int, *, whole: bool) -> str:
    """Return "-" for an amount below zero that is not shown as zero."""
    shown = (abs(minor) + 50) // 100 if whole else abs(minor)
    return "-" if minor < 0 and shown else ""


def fmt_money(minor: int, currency: str, *, whole: bool = False) -> str:
    """Format minor units as the language writes money: 1 234 567,89 ₽ or ₽1,234,567.89.

    With whole, rounds to whole units (half up) for narrow columns: 1 234 568 ₽.
    """
    sign = _sign(minor, whole=whole)
    digits = _digits(minor, whole=whole)
    mark = symbol(currency)
    if language() == "ru":
        return f"{sign}{digits}{_NBSP}{mark}"
    return f"{sign}{mark}{digits}" if len(mark) == 1 else f"{sign}{digits} {mark}"


def fmt_amount(minor: int, *, whole: bool = False) -> str:
    """Format minor units without a currency sign, for tables whose title names the currency."""
    return _sign(minor, whole=whole) + _digits(minor, whole=whole)


def money_input(minor: int) -> str:
    """Return the text a form shows for editing an amount; parse_money reads it back exactly."""
    units, cents = divmod(minor, 100)
    mark = "," if language() == "ru" else "."
    return f"{units}{mark}{cents:02d}" if cents else str(units)


def major(minor: int) -> float | int:
    """Return minor units as major units for JSON (1234.5); whole amounts stay integers."""
    units, cents = divmod(minor, 100)
    return units if cents == 0 else minor / 100
