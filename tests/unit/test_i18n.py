"""The en and ru catalogs, every message id the code uses, and locale formats and parsing."""

from __future__ import annotations

import ast
import re
import string
from datetime import date
from pathlib import Path

import pytest

import salestui
from salestui.i18n import (
    LANGUAGES,
    detect_language,
    fmt_date,
    fmt_day,
    fmt_int,
    language,
    parse_date,
    set_language,
    tr,
    trn,
)
from salestui.locales import en, ru
from salestui.models import ROLES, ROUTINES

TODAY = date(2026, 11, 26)
SOURCE = Path(salestui.__file__).resolve().parent
CATALOGS = {"en": en.MESSAGES, "ru": ru.MESSAGES}
FILES = sorted(SOURCE.rglob("*.py"))


def placeholders(text: str) -> set[str]:
    """Return the names of the {placeholders} in a message."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def source(path: Path) -> str:
    """Return a source file's text."""
    return path.read_text(encoding="utf-8")


def test_catalogs_have_identical_keys() -> None:
    """Every message exists in both languages."""
    assert sorted(set(en.MESSAGES) - set(ru.MESSAGES)) == []
    assert sorted(set(ru.MESSAGES) - set(en.MESSAGES)) == []


@pytest.mark.parametrize("key", sorted(en.MESSAGES))
def test_placeholders_match_between_languages(key: str) -> None:
    """A translation uses exactly the placeholders of the English message."""
    assert placeholders(ru.MESSAGES[key]) == placeholders(en.MESSAGES[key])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_empty_messages(lang: str) -> None:
    """No message is empty or only whitespace."""
    assert [k for k, v in CATALOGS[lang].items() if not v.strip()] == []


def test_russian_catalog_is_translated() -> None:
    """Russian messages that contain words are not copies of the English ones."""
    same = [
        k
        for k, v in ru.MESSAGES.items()
        if v == en.MESSAGES[k]
        and re.search(r"[A-Za-z]{4,}", re.sub(r"\{[^}]*\}", "", v))  # words, not {placeholders}
        and not k.startswith("key.")  # Russian keyboards label keys in Latin: Enter, Backspace
    ]
    assert same == []


def literal_keys() -> set[str]:
    """Return the message ids written literally as tr("...") or Binding/bind descriptions."""
    keys: set[str] = set()
    for path in FILES:
        text = source(path)
        keys.update(re.findall(r"""\btrn?\(["']([a-z_.]+)["']""", text))
        keys.update(
            re.findall(r"""\b(?:Binding|bind)\([^()]*?,\s*["']([a-z_]+\.[a-z_.]+)["']""", text)
        )
    return keys


def test_scan_finds_the_keys_it_should() -> None:
    """The regex scan sees both tr() ids and binding ids (a broken scan proves nothing)."""
    keys = literal_keys()
    assert {"cli.bad_date", "team.add", "grid.clear", "nav.help", "dialog.cancel"} <= keys
    assert len(keys) > 60


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_literal_key_exists(lang: str) -> None:
    """Every literal message id in salestui/ has a message in the catalog."""
    assert sorted(literal_keys() - set(CATALOGS[lang])) == []


def tr_calls() -> list[tuple[str, int, str, set[str] | None]]:
    """Return (file, line, key, keyword names or None for Binding ids) of literal ids."""
    found: list[tuple[str, int, str, set[str] | None]] = []
    for path in FILES:
        for node in ast.walk(ast.parse(source(path))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            where = str(path.relative_to(SOURCE))
            if name in ("tr", "trn") and node.args and not isinstance(node.args[0], ast.JoinedStr):
                kwargs = {k.arg for k in node.keywords if k.arg}
                if name == "trn":
                    kwargs.add("count")  # trn fills {count} itself
                for const in ast.walk(node.args[0]):  # also both arms of `a if c else b`
                    if isinstance(const, ast.Constant) and isinstance(const.value, str):
                        found.append((where, node.lineno, const.value, kwargs))
            elif name in ("Binding", "bind") and len(node.args) >= 3:
                desc = node.args[2]
                if isinstance(desc, ast.Constant) and isinstance(desc.value, str):
                    found.append((where, node.lineno, desc.value, None))
            elif name == "_require" and len(node.args) == 4:
                key = node.args[3]
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    found.append((where, node.lineno, key.value, {"field", "value"}))
    return found


def test_every_call_passes_the_placeholders_its_message_needs() -> None:
    """tr(key, **params) fills every placeholder; Binding descriptions have none."""
    problems = []
    for where, line, key, kwargs in tr_calls():
        if key not in en.MESSAGES:
            problems.append(f"{where}:{line}: unknown id {key!r}")
            continue
        needed = placeholders(en.MESSAGES[key])
        given = kwargs or set()
        if not needed <= given:
            problems.append(f"{where}:{line}: {key} needs {sorted(needed - given)}")
    assert problems == []


def test_bindings_use_message_ids_only() -> None:
    """Every Binding/bind description is a catalog id, so it can be translated."""
    descriptions = [(w, line, k) for w, line, k, kwargs in tr_calls() if kwargs is None]
    assert descriptions
    assert [d for d in descriptions if d[2] not in en.MESSAGES] == []


def dynamic_keys() -> set[str]:
    """Return the message ids the code builds with f-strings."""
    from salestui.cli import ARGPARSE_IDS
    from salestui.tui.keys import SPOKEN_KEYS

    keys = {f"routine.{r}" for r in ROUTINES}
    keys |= {"nav.today", "nav.team"}
    keys |= {f"weekday.{d}" for d in range(7)}
    keys |= {f"role.{r}" for r in ROLES}
    keys |= {f"team.col.{c}" for c in ("name", "role", "status", "hired", "left")}
    keys |= {f"team.status.{s}" for s in ("employed", "starts", "left")}
    keys |= {f"key.{k}" for k in SPOKEN_KEYS}
    keys |= {f"argparse.{k}" for k in ARGPARSE_IDS}
    return keys


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dynamic_families_exist(lang: str) -> None:
    """routine.*, weekday.*, role.*, team.*, key.* and argparse.* families are complete."""
    assert sorted(dynamic_keys() - set(CATALOGS[lang])) == []


def test_routine_names_differ_per_routine() -> None:
    """Each routine has its own name in both languages (no copy-paste slip)."""
    for catalog in CATALOGS.values():
        labels = [catalog[f"routine.{r}"] for r in ROUTINES]
        assert len(set(labels)) == len(ROUTINES)


def plural_keys() -> set[str]:
    """Return the message ids passed to trn(), whose text holds plural forms."""
    keys = {key for where, line, key, kwargs in tr_calls() if kwargs and "count" in kwargs}
    found = set()
    for path in FILES:
        found.update(re.findall(r"""\btrn\(["']([a-z_.]+)["']""", source(path)))
    assert found and found <= keys
    return found | {"argparse.expected_n"}


@pytest.mark.parametrize(("lang", "forms"), [("en", 2), ("ru", 3)])
def test_plural_messages_have_every_form(lang: str, forms: int) -> None:
    """English has one/other, Russian one/few/many; other messages have no bar."""
    plural = plural_keys()
    assert len(plural) >= 5
    catalog = CATALOGS[lang]
    assert {k: catalog[k].count("|") + 1 for k in plural} == dict.fromkeys(plural, forms)
    assert [k for k, v in catalog.items() if "|" in v and k not in plural] == []


@pytest.mark.parametrize(
    ("count", "en_text", "ru_text"),
    [
        (1, "1 day", "1 день"),
        (2, "2 days", "2 дня"),
        (5, "5 days", "5 дней"),
        (11, "11 days", "11 дней"),
        (21, "21 days", "21 день"),
        (22, "22 days", "22 дня"),
        (112, "112 days", "112 дней"),
        (0, "0 days", "0 дней"),
        (1001, "1,001 days", "1\u00a0001 день"),
    ],
)
def test_trn_picks_the_plural_form(count: int, en_text: str, ru_text: str) -> None:
    """trn chooses English one/other and the Russian form by the last digits."""
    assert trn("report.days_count", count) == en_text
    set_language("ru")
    assert trn("report.days_count", count) == ru_text


def test_streak_plural_reads_naturally() -> None:
    """No "1 working days": the streak line agrees with its number in both languages."""
    assert trn("today.streak", 1) == "Streak: 1 working day in a row"
    assert trn("today.streak", 7) == "Streak: 7 working days in a row"
    set_language("ru")
    assert trn("today.streak", 1) == "Серия: 1 рабочий день подряд"
    assert trn("today.streak", 3) == "Серия: 3 рабочих дня подряд"
    assert trn("today.streak", 28) == "Серия: 28 рабочих дней подряд"


# -- tr and the language ---------------------------------------------------------------


def test_tr_fills_parameters_in_the_current_language() -> None:
    """tr formats the message of the current language."""
    assert tr("cli.unknown_employee", name="Bob") == "no employee is named 'Bob'"
    set_language("ru")
    assert language() == "ru"
    assert tr("cli.unknown_employee", name="Bob") == "нет сотрудника с именем 'Bob'"
    assert tr("report.total") == "ИТОГО"


def test_tr_of_an_unknown_id_returns_the_id() -> None:
    """An unknown id shows itself rather than crashing the screen."""
    assert tr("no.such.key") == "no.such.key"


def test_set_language_refuses_unknown() -> None:
    """Only en and ru exist; the current language stays as it was."""
    with pytest.raises(ValueError, match="unknown language 'de'"):
        set_language("de")
    assert language() == "en"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LC_ALL": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "C.UTF-8", "LANG": "ru_RU.UTF-8"}, "en"),
        ({"LANGUAGE": "ru"}, "ru"),
    ],
)
def test_detect_language_reads_the_locale(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    """The first of LC_ALL, LC_MESSAGES, LANG, LANGUAGE that is set decides."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    assert detect_language() == expected


# -- formats ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "en_text", "ru_text"),
    [
        (0, "0", "0"),
        (999, "999", "999"),
        (1234, "1,234", "1\u00a0234"),
        (1234567, "1,234,567", "1\u00a0234\u00a0567"),
        (-1234, "-1,234", "-1\u00a0234"),
    ],
)
def test_fmt_int(value: int, en_text: str, ru_text: str) -> None:
    """English groups with commas; Russian with no-break spaces so numbers never wrap."""
    assert fmt_int(value) == en_text
    set_language("ru")
    assert fmt_int(value) == ru_text
    assert " " not in fmt_int(value)


def test_fmt_date_and_day() -> None:
    """ISO dates in English, DD.MM.YYYY in Russian, with a weekday for titles."""
    assert fmt_date(TODAY) == "2026-11-26"
    assert fmt_date(date(2026, 1, 5)) == "2026-01-05"
    assert fmt_day(TODAY) == "Thu 2026-11-26"
    set_language("ru")
    assert fmt_date(TODAY) == "26.11.2026"
    assert fmt_date(date(2026, 1, 5)) == "05.01.2026"
    assert fmt_day(TODAY) == f"{ru.MESSAGES['weekday.3']} 26.11.2026"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-26", TODAY),
        ("26.11.2026", TODAY),
        ("26.11", TODAY),
        (" 26.11 ", TODAY),
        ("26.11.", TODAY),
        ("5.1.2027", date(2027, 1, 5)),
        ("2026-1-5", date(2026, 1, 5)),
        ("29.02.2028", date(2028, 2, 29)),
    ],
)
def test_parse_date_accepts_the_documented_forms(text: str, expected: date) -> None:
    """ISO, DD.MM.YYYY and DD.MM (the year of today) are dates in any language."""
    assert parse_date(text, today=TODAY) == expected
    set_language("ru")
    assert parse_date(text, today=TODAY) == expected


def test_short_date_takes_the_year_of_today() -> None:
    """26.11 means this year, whatever year today is."""
    assert parse_date("26.11", today=date(2031, 3, 1)) == date(2031, 11, 26)
    assert parse_date("29.02", today=date(2028, 6, 1)) == date(2028, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "31.02.2026",
        "yesterday",
        "",
        "   ",
        "29.02",
        "2026-13-01",
        "00.11.2026",
        "26/11/2026",
        "26.11.26",
    ],
)
def test_parse_date_refuses_non_dates(text: str) -> None:
    """Impossible or unknown forms raise ValueError naming the text."""
    with pytest.raises(ValueError) as info:
        parse_date(text, today=TODAY)
    assert repr(text) in str(info.value)


def test_parse_date_error_is_translated() -> None:
    """The error message follows the language."""
    set_language("ru")
    with pytest.raises(ValueError, match="не дата"):
        parse_date("вчера", today=TODAY)


@pytest.mark.parametrize(
    "text", ["\u0662\u0666.\u0661\u0661.\u0662\u0660\u0662\u0666", "２６.１１"]
)
def test_parse_date_refuses_non_ascii_digits(text: str) -> None:
    """Arabic-Indic or full-width digits are not a typed date (as for counts)."""
    with pytest.raises(ValueError):
        parse_date(text, today=TODAY)
