"""The one money parser and formatter (salestui.money), against hand-written strings and
hypothesis: every accepted spelling parses to its exact kopecks, every refused one raises a
one-line MoneyError naming the field, and the formatter writes each language's money."""

from __future__ import annotations

from decimal import Decimal

import orjson
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from salestui.i18n import set_language
from salestui.money import (
    MAX_MONEY,
    MoneyError,
    fmt_amount,
    fmt_money,
    major,
    money_input,
    parse_money,
)

LANGS = ("en", "ru")
LABEL = "Invoice amount"
NBSP = "\u00a0"
NNBSP = "\u202f"
# Separators the parser accepts between groups of three: plain, no-break, narrow no-break.
GROUP_SPACES = (" ", NBSP, NNBSP)
# Characters str.splitlines() breaks on; a one-line message may contain none of them.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
FAST = settings(max_examples=200, deadline=None)

amounts = st.integers(min_value=0, max_value=MAX_MONEY - 1)


def refused(text: str, label: str = LABEL) -> MoneyError:
    """Parse text expecting a refusal; check the message names the field on one line."""
    with pytest.raises(MoneyError) as caught:
        parse_money(label, text)
    error = caught.value
    message = str(error)
    assert label in message
    assert len(message.splitlines()) == 1, repr(message)
    assert error.field == label
    assert error.value == text
    return error


def below_zero(message: str) -> bool:
    """Tell whether a refusal says the amount is below zero, in either language."""
    return "below zero" in message or "меньше нуля" in message


def too_big(message: str) -> bool:
    """Tell whether a refusal says the amount is too large, in either language."""
    return "too large" in message or "слишком большая" in message


@st.composite
def spellings(draw: st.DrawFn, minor: int) -> str:
    """Spell minor units the ways people type money: grouped or not, either decimal mark,
    one or two decimals, spaces around."""
    units, cents = divmod(minor, 100)
    digits = str(units)
    if units >= 1000 and draw(st.booleans()):
        head = len(digits) % 3 or 3
        groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
        # Each gap gets its own separator: a pasted figure may mix them.
        whole = groups[0]
        for group in groups[1:]:
            whole += draw(st.sampled_from(GROUP_SPACES)) + group
    else:
        whole = digits
    mark = draw(st.sampled_from(".,"))
    if cents == 0:
        tail = draw(st.sampled_from(["", f"{mark}0", f"{mark}00"]))
    elif cents % 10 == 0:
        # 12,5 means 12 roubles 50 kopecks.
        tail = mark + draw(st.sampled_from([str(cents // 10), f"{cents:02d}"]))
    else:
        tail = f"{mark}{cents:02d}"
    pad = st.text(alphabet=" \t" + NBSP + NNBSP, max_size=3)
    return draw(pad) + whole + tail + draw(pad)


@st.composite
def amount_and_spelling(draw: st.DrawFn) -> tuple[int, str]:
    """Draw an amount in minor units and one accepted spelling of it."""
    minor = draw(amounts)
    return minor, draw(spellings(minor))


# -- parsing: what is accepted --------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
@FAST
@given(minor=amounts)
@example(minor=0)
@example(minor=1)
@example(minor=10)
@example(minor=100)
@example(minor=MAX_MONEY - 1)
def test_form_text_reads_back_exactly(lang: str, minor: int) -> None:
    """What a form prefills (money_input) parses back to the same kopecks."""
    set_language(lang)
    assert parse_money(LABEL, money_input(minor)) == minor


@pytest.mark.parametrize(
    ("lang", "minor", "text"),
    [
        ("ru", 123456, "1234,56"),
        ("en", 123456, "1234.56"),
        ("ru", 123400, "1234"),
        ("en", 123400, "1234"),
        ("ru", 1250, "12,50"),
        ("en", 5, "0.05"),
        ("en", 0, "0"),
    ],
)
def test_form_text_is_plain(lang: str, minor: int, text: str) -> None:
    """A form shows an amount without groups, with the language's decimal mark."""
    set_language(lang)
    assert money_input(minor) == text


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("1234.56", 123456),
        ("1234,56", 123456),
        ("1 234,56", 123456),
        ("1 234.56", 123456),
        ("1 234 567", 123456700),
        (f"1{NBSP}234{NBSP}567", 123456700),
        (f"1{NNBSP}234{NNBSP}567,89", 123456789),
        (f"1 234{NBSP}567", 123456700),
        ("12,5", 1250),  # one decimal: 12 roubles 50 kopecks, not 5
        ("12.5", 1250),
        ("12,05", 1205),
        ("0,01", 1),
        ("0", 0),
        ("0,00", 0),
        ("  12.50  ", 1250),
        (f"{NBSP}1 000{NNBSP}", 100000),
        ("\t42\t", 4200),
        ("1234567", 123456700),
        ("999", 99900),
        ("100 000", 10000000),
        # MAX_MONEY − 1 kopeck = 10**15 − 1 = 999 999 999 999 999 → 9 999 999 999 999,99
        ("9999999999999.99", 10**15 - 1),
        ("9 999 999 999 999,99", 10**15 - 1),
    ],
)
@pytest.mark.parametrize("lang", LANGS)
def test_accepted_spellings(lang: str, text: str, minor: int) -> None:
    """Each spelling the issue lists gives its exact minor units, in either language."""
    set_language(lang)
    assert parse_money(LABEL, text) == minor


@pytest.mark.parametrize("lang", LANGS)
@FAST
@given(case=amount_and_spelling())
def test_every_accepted_spelling_is_exact(lang: str, case: tuple[int, str]) -> None:
    """Any grouping, decimal mark, one or two decimals and padding parse to the exact kopecks."""
    set_language(lang)
    minor, text = case
    assert parse_money(LABEL, text) == minor


# -- parsing: what is refused ---------------------------------------------------------------

REFUSED = [
    "",
    "   ",
    NBSP,
    "abc",
    "12abc",
    "abc12",
    "1,234.56",  # US thousands comma: refused rather than guessed
    "1.234,56",  # German grouping
    "1.234.567",
    "1,234,567",
    "12e3",
    "1E3",
    "1 23",
    "1  234",  # two spaces between groups
    "1234 567",  # a first group of four
    "12 345 6",
    "1\t234",  # a tab is not a group separator
    "1_000",  # Python's int() would take it
    "12,345",  # three decimals
    "12.345",
    "1,5,0",
    "₽100",
    "100 ₽",
    "100₽",
    "$5",
    "100 руб.",
    "+5",
    ".5",
    ",5",
    "5.",
    "5,",
    "NaN",
    "nan",
    "inf",
    "Infinity",
    "-inf",
    "0x10",
    "١٢٣",  # Arabic-Indic digits: int() reads them, money never does
    "１２",  # full-width digits
    "½",
]


@pytest.mark.parametrize("text", REFUSED)
@pytest.mark.parametrize("lang", LANGS)
def test_refused_spellings(lang: str, text: str) -> None:
    """Each refused spelling raises one line naming the field, not the below-zero message."""
    set_language(lang)
    error = refused(text)
    assert not below_zero(str(error))
    assert not too_big(str(error))


@pytest.mark.parametrize(
    "text",
    [
        "1" * 30,  # a 30-digit number
        "1" * 17,
        "10000000000000.00",  # exactly MAX_MONEY / 100 (10**15 kopecks)
        "10000000000001",  # the next whole unit above it
        "10 000 000 000 000,00",
        "100000000000000",
        "9" * 5000,  # longer than int() accepts without a setting
    ],
)
@pytest.mark.parametrize("lang", LANGS)
def test_too_big_is_refused(lang: str, text: str) -> None:
    """MAX_MONEY / 100 and above, up to thousands of digits, is refused as too large."""
    set_language(lang)
    assert too_big(str(refused(text)))


@pytest.mark.parametrize(
    "text", ["-5", "\u22125", "-1 234,56", "\u2212 12.5", " -0,01 ", f"-1{NBSP}000"]
)
@pytest.mark.parametrize("lang", LANGS)
def test_negative_gets_the_below_zero_message(lang: str, text: str) -> None:
    """A minus (hyphen or U+2212) before an amount says below zero, naming the field."""
    set_language(lang)
    assert below_zero(str(refused(text)))


@pytest.mark.parametrize("lang", LANGS)
@FAST
@given(case=amount_and_spelling(), minus=st.sampled_from(["-", "\u2212"]))
def test_any_negative_spelling_is_below_zero(lang: str, case: tuple[int, str], minus: str) -> None:
    """Whatever the spelling, a minus in front of it gets the below-zero message."""
    set_language(lang)
    _, text = case
    assert below_zero(str(refused(minus + text.strip())))


@pytest.mark.parametrize("lang", LANGS)
@FAST
@given(case=amount_and_spelling(), junk=st.sampled_from(["a", "₽", "$", "e3", "%", "x", "?"]))
def test_trailing_junk_is_refused(lang: str, case: tuple[int, str], junk: str) -> None:
    """An accepted spelling with a letter or sign stuck to it is refused."""
    set_language(lang)
    _, text = case
    refused(text.strip() + junk)
    refused(junk + text.strip())


@pytest.mark.parametrize("lang", LANGS)
@FAST
@given(text=st.text(alphabet=st.characters(blacklist_characters=LINE_BREAKS), max_size=30))
@example(text="1 234,567")
@example(text="0.0.0")
def test_any_text_is_an_exact_amount_or_one_line_refusal(lang: str, text: str) -> None:
    """Any typed text gives either the amount its digits say or a one-line MoneyError."""
    set_language(lang)
    try:
        minor = parse_money(LABEL, text)
    except MoneyError as error:
        assert LABEL in str(error)
        assert len(str(error).splitlines()) == 1
        return
    # Accepted: the digits, without group spaces and with "." for the mark, are the amount.
    plain = text.strip()
    for space in GROUP_SPACES:
        plain = plain.replace(space, "")
    assert Decimal(plain.replace(",", ".")) * 100 == minor
    assert 0 <= minor < MAX_MONEY


@pytest.mark.parametrize("lang", LANGS)
def test_negative_with_line_break_is_one_line(lang: str) -> None:
    """The below-zero message stays on one line whatever whitespace follows the minus."""
    set_language(lang)
    refused("-\n5")


# -- formatting -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "minor", "currency", "whole", "text"),
    [
        # Russian: no-break spaces between groups and before the sign, comma for decimals.
        ("ru", 123456789, "RUB", False, f"1{NBSP}234{NBSP}567,89{NBSP}₽"),
        ("ru", 123456789, "USD", False, f"1{NBSP}234{NBSP}567,89{NBSP}$"),
        ("ru", 100000, "RUB", False, f"1{NBSP}000,00{NBSP}₽"),
        ("ru", 99999, "RUB", False, f"999,99{NBSP}₽"),
        ("ru", 5, "RUB", False, f"0,05{NBSP}₽"),
        ("ru", 0, "RUB", False, f"0,00{NBSP}₽"),
        ("ru", -123456789, "RUB", False, f"-1{NBSP}234{NBSP}567,89{NBSP}₽"),
        ("ru", 123456750, "RUB", True, f"1{NBSP}234{NBSP}568{NBSP}₽"),  # ,50 → up
        ("ru", 123456749, "RUB", True, f"1{NBSP}234{NBSP}567{NBSP}₽"),  # ,49 → down
        ("ru", 0, "RUB", True, f"0{NBSP}₽"),
        # English: sign first, comma thousands, point decimals.
        ("en", 123456789, "RUB", False, "₽1,234,567.89"),
        ("en", 123456789, "USD", False, "$1,234,567.89"),
        ("en", 123456789, "usd", False, "$1,234,567.89"),
        ("en", 123456789, "EUR", False, "€1,234,567.89"),
        ("en", 123456789, "BYN", False, "1,234,567.89 Br"),  # a sign of two letters follows
        ("en", 123456789, "CHF", False, "1,234,567.89 CHF"),  # no sign known: the code
        ("en", 0, "USD", False, "$0.00"),
        ("en", 1, "USD", False, "$0.01"),
        ("en", -123456789, "USD", False, "-$1,234,567.89"),
        ("en", 123456750, "USD", True, "$1,234,568"),
        ("en", 123456749, "USD", True, "$1,234,567"),
        ("en", 50, "USD", True, "$1"),  # 0.50 → 1
        ("en", 49, "USD", True, "$0"),
        ("en", 99950, "USD", True, "$1,000"),  # 999.50 → 1,000 carries into a new group
        # A negative amount rounds its size half up, the sign kept: −1.50 → −2.
        ("en", -150, "USD", True, "-$2"),
        ("en", -149, "USD", True, "-$1"),
        ("ru", -123456750, "RUB", True, f"-1{NBSP}234{NBSP}568{NBSP}₽"),
    ],
)
def test_fmt_money(lang: str, minor: int, currency: str, whole: bool, text: str) -> None:
    """Money is written the way each language writes it, to the exact character."""
    set_language(lang)
    assert fmt_money(minor, currency, whole=whole) == text


@pytest.mark.parametrize(("lang", "text", "plain"), [("en", "₽0", "0"), ("ru", f"0{NBSP}₽", "0")])
def test_negative_rounding_to_zero_has_no_sign(lang: str, text: str, plain: str) -> None:
    """−0.49 shown in whole units is 0, not −0."""
    set_language(lang)
    assert fmt_amount(-49, whole=True) == plain
    assert fmt_money(-49, "RUB", whole=True) == text


@pytest.mark.parametrize(
    ("lang", "minor", "whole", "text"),
    [
        ("ru", 123456789, False, f"1{NBSP}234{NBSP}567,89"),
        ("en", 123456789, False, "1,234,567.89"),
        ("ru", 123456750, True, f"1{NBSP}234{NBSP}568"),
        ("en", 123456749, True, "1,234,567"),
        ("en", -123456, False, "-1,234.56"),
        ("ru", -123456, False, f"-1{NBSP}234,56"),
        ("en", 0, False, "0.00"),
        ("ru", 0, True, "0"),
    ],
)
def test_fmt_amount(lang: str, minor: int, whole: bool, text: str) -> None:
    """An amount without its currency sign, for columns whose title names the currency."""
    set_language(lang)
    assert fmt_amount(minor, whole=whole) == text


@FAST
@given(minor=amounts)
@example(minor=MAX_MONEY - 1)
def test_russian_output_reads_back(minor: int) -> None:
    """What Russian shows (no-break spaces, comma) is a spelling the parser accepts."""
    set_language("ru")
    shown = fmt_amount(minor)
    assert " " not in shown  # never a plain space: a group never wraps across lines
    assert parse_money(LABEL, shown) == minor
    assert parse_money(LABEL, fmt_money(minor, "RUB").removesuffix(f"{NBSP}₽")) == minor


@FAST
@given(minor=st.integers(min_value=-(MAX_MONEY - 1), max_value=MAX_MONEY - 1))
def test_english_output_is_the_exact_amount(minor: int) -> None:
    """English output without its commas and sign is the exact decimal amount."""
    set_language("en")
    shown = fmt_money(minor, "USD")
    assert Decimal(shown.replace("$", "").replace(",", "")) == Decimal(minor) / 100
    units = Decimal(fmt_money(minor, "USD", whole=True).replace("$", "").replace(",", ""))
    # Half up on the size: |units| is the nearest whole, .5 going away from zero.
    assert abs(units) == (abs(minor) + 50) // 100


# -- major units for JSON -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minor", "value"),
    [
        (0, 0),
        (100, 1),
        (123400, 1234),
        (-100, -1),
        (MAX_MONEY - 100, 9999999999999),  # 10**15 − 100 kopecks is whole
    ],
)
def test_major_whole_amounts_are_ints(minor: int, value: int) -> None:
    """Whole amounts are JSON integers (1234, not 1234.0)."""
    result = major(minor)
    assert type(result) is int
    assert result == value
    assert orjson.dumps(result) == str(value).encode()


@pytest.mark.parametrize(
    ("minor", "text"),
    [(123456, "1234.56"), (5, "0.05"), (10, "0.1"), (1250, "12.5"), (-150, "-1.5")],
)
def test_major_fractions_are_exact_floats(minor: int, text: str) -> None:
    """Other amounts are the float nearest the decimal, written as that decimal."""
    result = major(minor)
    assert type(result) is float
    assert orjson.dumps(result) == text.encode()


@FAST
@given(minor=st.integers(min_value=0, max_value=10**15 - 1))
@example(minor=10**15 - 1)
def test_major_round_trips_through_json(minor: int) -> None:
    """JSON of major() reads back as the same number and is the exact decimal amount."""
    result = major(minor)
    back = orjson.loads(orjson.dumps(result))
    assert back == result
    assert type(back) is type(result)
    assert Decimal(orjson.dumps(result).decode()) == Decimal(minor) / 100


def test_major_is_exact_up_to_max_money() -> None:
    """Every amount the parser accepts survives JSON to the kopeck."""
    minor = parse_money(LABEL, "9999999999999.99")
    assert Decimal(orjson.dumps(major(minor)).decode()) == Decimal(minor) / 100
