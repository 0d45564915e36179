"""One translation function and the locale-aware number and date formats."""

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


def tr(key: str, /, **params: object) -> str:
    """Translate a message id into the current language and fill in its parameters."""
    text = _CATALOGS[_state["lang"]].get(key)
    if text is None:
        text = _CATALOGS["en"].get(key, key)
    return text.format(**params) if params else text


# Russian groups thousands with a no-break space so a number never wraps in a table.
_NBSP: Final = "\u00a0"


def fmt_int(value: int) -> str:
    """Format an integer with the language's thousands separator."""
    text = f"{value:,}"
    return text.replace(",", _NBSP) if _state["lang"] == "ru" else text


def fmt_date(day: date) -> str:
    """Format a date the way the language writes it (26.11.2026 or 2026-11-26)."""
    return day.strftime("%d.%m.%Y") if _state["lang"] == "ru" else day.isoformat()


def fmt_day(day: date) -> str:
    """Format a date with its short weekday name, for screen titles."""
    weekday = tr(f"weekday.{day.weekday()}")
    return f"{weekday} {fmt_date(day)}"


_DATE_FORMS: Final = (
    re.compile(r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})$"),
    re.compile(r"^(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?P<y>[0-9]{4})$"),
    re.compile(r"^(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.?$"),
)


def parse_date(text: str, *, today: date) -> date:
    """Parse 2026-11-26, 26.11.2026 or 26.11 (this year); raise ValueError with a message."""
    cleaned = text.strip()
    for form in _DATE_FORMS:
        match = form.match(cleaned)
        if match:
            year = int(match.groupdict().get("y") or today.year)
            try:
                return date(year, int(match["m"]), int(match["d"]))
            except ValueError:
                break
    raise ValueError(tr("error.bad_date", value=text))
