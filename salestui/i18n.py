"""One translation function and the locale-aware number, date and plural formats."""

from __future__ import annotations

import locale
import os
import re
from datetime import date
from typing import Final

from salestui.locales import en, ru

LANGUAGES: Final = ("en", "ru")
_CATALOGS: Final[dict[str, dict[str, str]]] = {"en": en.MESSAGES, "ru": ru.MESSAGES}
_state = {"lang": "en"}
# Plural messages hold their forms separated by this bar: two in English, three in Russian.
PLURAL_BAR: Final = "|"
PLURAL_FORMS: Final = {"en": 2, "ru": 3}


def set_language(lang: str) -> None:
    """Choose the language of every string shown from now on."""
    if lang not in _CATALOGS:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _state["lang"] = lang


def language() -> str:
    """Return the current language code."""
    return _state["lang"]


def detect_language() -> str:
    """Guess the language from the environment's locale (ru if Russian, else en)."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    code = locale.getlocale()[0] or ""
    return "ru" if code.lower().startswith("ru") else "en"


def has_message(key: str) -> bool:
    """Tell whether a message id is in the catalogs."""
    return key in _CATALOGS["en"]


def _message(key: str, lang: str) -> str:
    text = _CATALOGS[lang].get(key)
    return _CATALOGS["en"].get(key, key) if text is None else text


def tr(key: str, /, **params: object) -> str:
    """Translate a message id into the current language and fill in its parameters."""
    text = _message(key, _state["lang"])
    return text.format(**params) if params else text


def tr_in(lang: str, key: str, /) -> str:
    """Return a message in a given language (to match what a user types in either)."""
    return _message(key, lang)


def plural_index(lang: str, count: int) -> int:
    """Return which plural form a count takes: en one/other; ru one/few/many."""
    count = abs(count)
    if lang == "ru":
        if count % 10 == 1 and count % 100 != 11:
            return 0
        if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
            return 1
        return 2
    return 0 if count == 1 else 1


def trn(key: str, count: int, /, **params: object) -> str:
    """Translate a plural message: pick the form for count and fill {count} and the rest."""
    lang = _state["lang"]
    forms = _message(key, lang).split(PLURAL_BAR)
    text = forms[min(plural_index(lang, count), len(forms) - 1)]
    return text.format(count=fmt_int(count), **params)


# Russian groups thousands with a no-break space so a number never wraps in a table.
_NBSP: Final = "\u00a0"


def fmt_int(value: int) -> str:
    """Format an integer with the language's thousands separator."""
    text = f"{value:,}"
    return text.replace(",", _NBSP) if _state["lang"] == "ru" else text


def fmt_decimal(value: float, places: int = 1) -> str:
    """Format a number with fixed decimals, the language's separators and no trailing .0."""
    text = f"{value:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if _state["lang"] == "ru":
        text = text.replace(",", _NBSP).replace(".", ",")
    return text


DASH: Final = "—"


def fmt_percent(fraction: float) -> str:
    """Format a fraction as a whole percentage (0.853 → 85%, 85 % in Russian)."""
    text = fmt_int(round(fraction * 100))
    return f"{text}{_NBSP}%" if _state["lang"] == "ru" else f"{text}%"


def fmt_ratio(value: float | None) -> str:
    """Format a ratio as "3.8 : 1" (whole from 10 up); "—" when it does not exist."""
    if value is None:
        return DASH
    return f"{fmt_decimal(value, 1 if value < 10 else 0)} : 1"


def fmt_date(day: date) -> str:
    """Format a date the way the language writes it (26.11.2026 or 2026-11-26)."""
    return day.strftime("%d.%m.%Y") if _state["lang"] == "ru" else day.isoformat()


_MONTHS_EN: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def fmt_short_date(day: date) -> str:
    """Format a date without its year for lists of days (25.11 or Nov 25)."""
    if _state["lang"] == "ru":
        return day.strftime("%d.%m")
    return f"{_MONTHS_EN[day.month - 1]} {day.day}"


def fmt_day(day: date, *, year: bool = True) -> str:
    """Format a date with its short weekday name (without the year where a title has it)."""
    weekday = tr(f"weekday.{day.weekday()}")
    return f"{weekday} {fmt_date(day) if year else fmt_short_date(day)}"


def fmt_period(start: date, end: date) -> str:
    """Format a period: one day with its weekday, or first – last."""
    if start == end:
        return fmt_day(start)
    return f"{fmt_date(start)} – {fmt_date(end)}"


_DATE_FORMS: Final = (
    re.compile(r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})$"),
    re.compile(r"^(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?P<y>[0-9]{4})$"),
    re.compile(r"^(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.?$"),
)
# "t" and the key it shares in the Russian layout, and the word, in either language.
_TODAY_WORDS: Final = frozenset({"t", "е", "today", "сегодня"})


# Dates outside these are typing mistakes (year 1, 20260), and date arithmetic near the
# ends of Python's calendar would overflow.
FIRST_DAY: Final = date(1900, 1, 1)
LAST_DAY: Final = date(2999, 12, 31)


class DateRangeError(ValueError):
    """A well-formed date outside FIRST_DAY…LAST_DAY."""


def parse_date(text: str, *, today: date) -> date:
    """Parse 2026-11-26, 26.11.2026, 26.11 (this year) or t/today; raise ValueError."""
    cleaned = text.strip()
    if cleaned.casefold() in _TODAY_WORDS:
        return today
    for form in _DATE_FORMS:
        match = form.match(cleaned)
        if match:
            year = int(match.groupdict().get("y") or today.year)
            try:
                day = date(year, int(match["m"]), int(match["d"]))
            except ValueError:
                break
            if not FIRST_DAY <= day <= LAST_DAY:
                first, last = fmt_date(FIRST_DAY), fmt_date(LAST_DAY)
                raise DateRangeError(tr("error.date_range", value=text, first=first, last=last))
            return day
    raise ValueError(tr("error.bad_date", value=text))
