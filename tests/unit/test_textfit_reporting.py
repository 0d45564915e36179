"""Fitting labels and names into narrow columns; who had to report; funnel ratios."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from salestui.analytics.calendar import working_days_between
from salestui.analytics.metrics import Window
from salestui.analytics.ratios import conversion, end_to_end, funnel_steps, ratio
from salestui.analytics.reporting import (
    FULL,
    NONE,
    PARTIAL,
    day_reporting,
    due_on,
    expected_on,
    gaps_by_employee,
    period_reporting,
    report_status,
    roster,
)
from salestui.models import Employee, ValidationError
from salestui.textfit import ELLIPSIS, break_points, fit_label, fit_names

WEEK = (0, 1, 2, 3, 4)
CODES = ("calls", "talks", "meetings")
MON, TUE, WED, THU, FRI, SAT, SUN = (date(2026, 11, 23) + timedelta(days=n) for n in range(7))
NO_LINE_START = "йьъ"

# Words of English and Russian letters, as labels are made of.
LETTERS = "abcdefghijklmnopqrstuvwxyzабвгдеёжзийклмнопрстуфхцчшщъыьэюя"
words = st.text(alphabet=LETTERS, min_size=1, max_size=16)
labels = st.lists(words, min_size=1, max_size=4).map(" ".join)


# -- textfit: break points -------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "good", "bad"),
    [
        ("Conversations", "Conver-sations", "Convers-ations"),
        ("Conversations", "Conver-sations", "Conve-rsations"),
        ("Applications", "Ap-plications", "Appli-cations"),  # English: consonants only
        ("Invoices", "In-voices", "Invoi-ces"),
        ("Разговоры", "Разго-воры", "Разгов-оры"),
        ("Большой", "Боль-шой", "Бол-ьшой"),
        ("Стройка", "Строй-ка", "Стро-йка"),
    ],
)
def test_break_points_are_syllable_safe(word: str, good: str, bad: str) -> None:
    """A word breaks between syllables, never before a vowel, й, ь or ъ.

    Russian also breaks an open syllable (Разго-воры); English, whose breaks follow meaning
    (meet-ings), only between two consonants.
    """
    splits = {f"{word[:p]}-{word[p:]}" for p in break_points(word)}
    assert good in splits
    assert bad not in splits


@pytest.mark.parametrize("word", ["Zyxw", "area", "подъезд", "ab", "Mayo"])
def test_some_words_have_no_break_point(word: str) -> None:
    """Words without two syllables that each keep a vowel do not break at all."""
    assert break_points(word) == []


@given(words)
def test_break_points_keep_two_letters_and_a_vowel_each_side(word: str) -> None:
    """Each part keeps two letters and a vowel; the second never starts with й, ь or ъ."""
    vowels = set("aeiouyаеёиоуыэюя")
    for point in break_points(word):
        head, tail = word[:point], word[point:]
        assert len(head) >= 2 and len(tail) >= 2
        assert vowels & set(head.casefold()) and vowels & set(tail.casefold())
        assert tail[0] not in NO_LINE_START
        assert tail[0].casefold() not in vowels


# -- textfit: labels -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "short", "width", "expected"),
    [
        ("Cold calls", "Calls", 10, "Cold calls"),  # fits: unchanged
        ("Cold calls", "Calls", 6, "Cold\ncalls"),  # whole words before hyphens
        ("Conversations", "Talks", 8, "Conver-\nsations"),
        ("Conversations", "Talks", 7, "Conver-\nsations"),
        ("Conversations", "Talks", 12, "Conver-\nsations"),  # the last break that fits
        ("Предметные разговоры", "Разгов.", 10, "Предметные\nразговоры"),
        ("Разговоры", "", 6, "Разго-\nворы"),
        ("Предметные разговоры", "Разгов.", 7, "Разгов."),  # too long: the short label
        ("Conversations", "Talks", 5, "Talks"),
        ("Conversations", "Talks", 3, "Ta" + ELLIPSIS),  # even the short is too long
        ("Conversations", "", 3, "Co" + ELLIPSIS),
    ],
)
def test_fit_label(label: str, short: str, width: int, expected: str) -> None:
    """Whole words, then syllable hyphens, then the short label, then an ellipsis."""
    assert fit_label(label, short, width) == expected


def test_fit_label_never_splits_conversations_badly() -> None:
    """No width gives "Convers-ations" or "Conve-rsations"."""
    for width in range(1, 20):
        lines = fit_label("Conversations", "Talks", width).split("\n")
        assert lines[0] not in ("Convers-", "Conve-"), width


def test_fit_label_keeps_soft_and_hard_signs_with_their_syllable() -> None:
    """No line of a Russian label starts with й, ь or ъ at any width."""
    for label in ("Большой объём", "Стройка подъезда", "Сильнейший", "Война"):
        for width in range(1, len(label) + 1):
            lines = fit_label(label, "", width).split("\n")
            assert all(line[0] not in NO_LINE_START for line in lines[1:]), (label, width)


def test_fit_label_keeps_capital_hard_sign_with_its_syllable() -> None:
    """A capitalised label obeys the same rule: no line starts with Й, Ь or Ъ."""
    lines = fit_label("ПОДЪЕЗДЫ", "", 5).split("\n")
    assert all(line[0].casefold() not in NO_LINE_START for line in lines[1:]), lines


@settings(max_examples=300)
@given(labels, st.one_of(st.just(""), labels), st.integers(1, 24))
def test_fit_label_fits_in_two_lines_of_width(label: str, short: str, width: int) -> None:
    """At most two lines, none wider than width; unless cut, it spells the label or short."""
    fitted = fit_label(label, short, width)
    lines = fitted.split("\n")
    assert 1 <= len(lines) <= 2
    assert all(1 <= len(line) <= width for line in lines)
    if lines[0].endswith("-"):  # a hyphen break (the words hold no hyphen of their own)
        assert lines[1][0] not in NO_LINE_START
    if ELLIPSIS in fitted:
        assert len(lines) == 1
        assert (short or label).startswith(fitted[:-1])
    else:
        joined = fitted.replace("-\n", "").replace("\n", " ")
        assert joined in (label, short)


@given(labels, st.integers(0, 8))
def test_fit_label_is_unchanged_when_it_fits(label: str, room: int) -> None:
    """A label that fits on one line comes back as it is."""
    assert fit_label(label, "x", len(label) + room) == label


# -- textfit: names --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "width", "expected"),
    [
        (["Ann Lee"], 18, ["Ann Lee"]),
        (["Alexandra Konstantinova"], 18, ["Alexandra K."]),
        (["Михайлова Екатерина"], 18, ["Михайлова Е."]),  # Фамилия И.
        (["Oliver Johnson 2"], 12, ["Oliver J. 2"]),  # the number stays
        (["Oliver Johnson", "Oliver Jackson"], 12, ["Oliver Jo.", "Oliver Ja."]),
        (["Bartholomew Featherstone"], 14, ["Bartholomew F."]),  # no ellipsis needed
        (["Bartholomew Featherstone"], 12, ["Bartholo… F."]),  # the first word gives way
        (
            ["Bartholomew Featherstone", "Bartholomew Fairweather"],
            13,
            ["Bartholo… Fe.", "Bartholo… Fa."],
        ),
        (["Maximilian"], 8, ["Maximil…"]),
    ],
)
def test_fit_names(names: list[str], width: int, expected: list[str]) -> None:
    """Fitting names stay; others become "First L.", distinct, cut with "…" only if needed."""
    assert fit_names(names, width) == expected


def test_fit_names_grows_initials_only_for_clashing_names() -> None:
    """Only names that would read the same get longer initials; the others stay "First L."."""
    fitted = fit_names(["Oliver Johnson", "Oliver Johnston", "Oliver Brown-Smith"], 12)
    assert fitted[2] == "Oliver B."
    assert fitted[0] != fitted[1]
    # "Johns" is common to both: the first word gives way to the initials that differ.
    assert fitted[:2] == ["Oli… Johnso.", "Oli… Johnst."]


surnames = st.text(alphabet="abc", min_size=1, max_size=12).map(str.capitalize)
firsts = st.text(alphabet="xyz", min_size=1, max_size=6).map(str.capitalize)


@settings(max_examples=300)
@given(
    st.lists(st.tuples(firsts, surnames), min_size=1, max_size=8, unique=True),
    st.integers(8, 24),
)
def test_fit_names_are_distinct_and_fit(pairs: list[tuple[str, str]], width: int) -> None:
    """Distinct names stay distinct when their initials can tell them apart within width."""
    for first, last in pairs:
        assume(len(first) + 3 <= width)  # "First L." fits
        for other_first, other_last in pairs:
            if (first, last) == (other_first, other_last) or first != other_first:
                continue
            common = len(_common_prefix(last, other_last))
            assume(len(first) + common + 3 <= width)  # enough initials to differ fit
    names = [f"{first} {last}" for first, last in pairs]
    fitted = fit_names(names, width)
    assert len(set(fitted)) == len(names)
    for name, short in zip(names, fitted, strict=True):
        assert len(short) <= width
        if len(name) <= width:
            assert short == name
        else:
            assert short.startswith(name.split()[0])


@settings(max_examples=300)
@given(st.lists(labels, min_size=1, max_size=10), st.integers(1, 30))
def test_fit_names_never_exceed_width(names: list[str], width: int) -> None:
    """Whatever the names, each result fits, keeps its first letter, and fitting names stay."""
    fitted = fit_names(names, width)
    assert len(fitted) == len(names)
    for name, short in zip(names, fitted, strict=True):
        assert 1 <= len(short) <= width
        assert short[0] == name[0] or short == ELLIPSIS
        if len(name) <= width:
            assert short == name


def test_fit_names_shortens_repeated_names_like_a_single_one() -> None:
    """The same person listed on several days reads the same as when listed once."""
    assert fit_names(["Alexandra Konstantinova"] * 2, 18) == ["Alexandra K."] * 2


def _common_prefix(a: str, b: str) -> str:
    """Return the longest common prefix of two strings."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


# -- reporting: employment and expectations --------------------------------------------

ANN = Employee("Ann Lee", hired=TUE, left=THU, id=1)
BOB = Employee("Bob Stone", id=2)  # hire date unknown: always employed
CY = Employee("Cy Young", hired=date(2026, 11, 30), id=3)  # starts next week
DEE = Employee("Dee Park", left=MON - timedelta(days=3), id=4)  # left on the Friday before
TEAM = (ANN, BOB, CY, DEE)


@pytest.mark.parametrize(
    ("day", "employed"),
    [(MON, False), (TUE, True), (WED, True), (THU, True), (FRI, False)],
)
def test_employment_includes_the_hire_and_leave_days(day: date, employed: bool) -> None:
    """Both the hire date and the leave date (the last working day) are employed days."""
    assert ANN.employed_on(day) is employed


def test_unknown_hire_date_means_always_employed() -> None:
    """hired None and left None: employed on any day, past or future."""
    assert all(BOB.employed_on(d) for d in (date(1990, 1, 1), MON, date(2100, 1, 1)))
    assert DEE.employed_on(MON - timedelta(days=3)) and not DEE.employed_on(MON)


def test_leave_before_hire_is_refused() -> None:
    """A leave date before the hire date is a validation error naming the field."""
    with pytest.raises(ValidationError):
        Employee("Eve Adams", hired=WED, left=TUE)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (MON, [BOB]),  # Ann starts on Tuesday; Dee left on Friday; Cy starts next week
        (TUE, [ANN, BOB]),  # the hire day
        (THU, [ANN, BOB]),  # the leave day
        (FRI, [BOB]),
        (SAT, []),  # a day off: nobody has to report
        (SUN, []),
        (date(2026, 11, 30), [BOB, CY]),
        (MON - timedelta(days=3), [BOB, DEE]),
    ],
)
def test_expected_on(day: date, expected: list[Employee]) -> None:
    """Who must report: employed that day (bounds inclusive), on a working day."""
    assert expected_on(TEAM, day, WEEK) == expected


def test_expected_on_follows_custom_working_days() -> None:
    """A team working Sunday to Thursday expects numbers on Sunday, not on Friday."""
    sun_to_thu = (6, 0, 1, 2, 3)
    assert expected_on(TEAM, SUN, sun_to_thu) == [BOB]
    assert expected_on(TEAM, FRI, sun_to_thu) == []


def test_roster_includes_numbers_outside_employment() -> None:
    """The grid lists everyone employed, and anyone with numbers, so its total is the report's."""
    assert roster(TEAM, MON, set()) == [BOB]
    assert roster(TEAM, MON, {ANN.id, DEE.id}) == [ANN, BOB, DEE]
    assert roster(TEAM, SAT, set()) == [BOB]  # a day off still shows the team
    assert roster(TEAM, FRI, {99}) == [BOB]  # an unknown id adds nobody


@pytest.mark.parametrize(
    ("counts", "status"),
    [
        (None, NONE),
        ({}, NONE),
        ({"other": 5}, NONE),  # not a funnel metric
        ({"calls": 0}, PARTIAL),  # a zero is a number sent
        ({"calls": 3, "talks": 1}, PARTIAL),
        ({"calls": 0, "talks": 0, "meetings": 0}, FULL),
        ({"calls": 1, "talks": 1, "meetings": 1, "other": 1}, FULL),
    ],
)
def test_report_status(counts: dict[str, int] | None, status: str) -> None:
    """Every funnel metric is full, some is partial, none is none; zeros count as sent."""
    assert report_status(counts, CODES) == status


def test_day_reporting_splits_the_expected() -> None:
    """Expected people split into full, partial and missing; others' numbers are ignored."""
    entered = {ANN.id: {"calls": 1, "talks": 2, "meetings": 3}, DEE.id: {"calls": 9}}
    result = day_reporting(TEAM, entered, WED, CODES, WEEK, FRI)
    assert result.day == WED
    assert result.expected == (ANN.id, BOB.id)
    assert (result.full, result.partial, result.missing) == ((ANN.id,), (), (BOB.id,))
    weekend = day_reporting(TEAM, {BOB.id: {"calls": 1}}, SAT, CODES, WEEK, FRI + timedelta(days=3))
    assert weekend.expected == weekend.full == weekend.partial == weekend.missing == ()


def test_due_on_leaves_today_and_later_out() -> None:
    """Numbers are owed once a day is over: today's and later ones are not due yet."""
    assert due_on(TEAM, WED, WEEK, THU) == expected_on(TEAM, WED, WEEK) != []
    assert due_on(TEAM, THU, WEEK, THU) == []
    assert due_on(TEAM, FRI, WEEK, THU) == []


def due(start: date, end: date, as_of: date) -> list[date]:
    """Return the due days of a period: Monday-to-Friday days over by as_of."""
    return Window(start, end, WEEK, as_of).due_days()


def test_due_days_stop_before_as_of() -> None:
    """Only working days over by as_of are due; today and later are not due yet."""
    assert due(MON, SUN, THU) == [MON, TUE, WED]
    assert due(MON, SUN, date(2026, 12, 1)) == [MON, TUE, WED, THU, FRI]
    assert due(MON, WED, WED) == [MON, TUE]
    assert due(MON, SUN, MON) == []  # Monday morning: nothing of this week is due
    assert due(SAT, SUN, date(2026, 12, 1)) == []  # a weekend is never due


def test_period_reporting_splits_each_due_day() -> None:
    """Each due day: who sent all, part or nothing; the days off and today are left out."""
    entered = {(BOB.id, WED): {"calls": 1}, (BOB.id, THU): {"calls": 1, "talks": 1}}
    days = period_reporting(TEAM, entered, due(MON, SUN, THU), CODES, WEEK, THU)
    assert [d.day for d in days] == [MON, TUE, WED]
    assert [d.partial for d in days] == [(), (), (BOB.id,)]
    assert [d.missing for d in days] == [(BOB.id,), (ANN.id, BOB.id), (ANN.id,)]
    assert period_reporting(TEAM, entered, due(MON, SUN, MON), CODES, WEEK, MON) == []
    weekend = period_reporting(TEAM, entered, [SAT, SUN], CODES, WEEK, SUN + timedelta(days=1))
    assert all(d.expected == d.missing == () for d in weekend)


def test_gaps_by_employee_collects_days_per_person() -> None:
    """Each person's days with nothing and with part, in date order."""
    entered = {(BOB.id, TUE): {"calls": 1}, (ANN.id, WED): {"calls": 1}}
    days = period_reporting(
        TEAM, entered, due(MON, FRI, date(2026, 12, 1)), CODES, WEEK, date(2026, 12, 1)
    )
    missing, partial = gaps_by_employee(days)
    assert missing == {BOB.id: [MON, WED, THU, FRI], ANN.id: [TUE, THU]}
    assert partial == {BOB.id: [TUE], ANN.id: [WED]}
    assert gaps_by_employee([]) == ({}, {})


counts_of = st.dictionaries(st.sampled_from(CODES), st.integers(0, 50), max_size=3)


@settings(max_examples=100)
@given(
    st.dictionaries(
        st.tuples(st.sampled_from([e.id for e in TEAM]), st.dates(MON - timedelta(7), SUN)),
        counts_of,
        max_size=20,
    ),
    st.dates(MON - timedelta(days=7), SUN),
    st.integers(0, 10),
    st.dates(MON - timedelta(days=7), SUN + timedelta(days=3)),
)
def test_period_reporting_accounts_for_everyone_due(
    entered: dict[tuple[int, date], dict[str, int]], start: date, span: int, as_of: date
) -> None:
    """Each due day splits exactly its expected people into full, partial and missing."""
    end = start + timedelta(days=span)
    days = period_reporting(TEAM, entered, due(start, end, as_of), CODES, WEEK, as_of)
    last = min(end, as_of - timedelta(days=1))
    assert [d.day for d in days] == working_days_between(start, last, WEEK)
    for report in days:
        assert report.day < as_of
        expected = {e.id for e in TEAM if e.employed_on(report.day)}
        assert set(report.expected) == expected
        groups = (report.full, report.partial, report.missing)
        assert sorted(i for g in groups for i in g) == sorted(expected)
        for person in report.missing:
            assert not entered.get((person, report.day))
        for person in report.full:
            assert set(entered[(person, report.day)]) == set(CODES)
    missing, partial = gaps_by_employee(days)
    assert sum(map(len, missing.values())) == sum(len(d.missing) for d in days)
    assert sum(map(len, partial.values())) == sum(len(d.partial) for d in days)


# -- ratios ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "y", "expected"),
    [(10, 4, 2.5), (4, 10, 0.4), (0, 5, 0.0), (10, 0, None), (None, 3, None), (3, None, None)],
)
def test_ratio(x: int | None, y: int | None, expected: float | None) -> None:
    """x→y is x per y; none when y is 0 or either count is missing."""
    assert ratio(x, y) == expected


@pytest.mark.parametrize(
    ("x", "y", "expected"),
    [(10, 4, 40.0), (4, 10, 250.0), (5, 0, 0.0), (0, 4, None), (None, 1, None), (4, None, None)],
)
def test_conversion(x: int | None, y: int | None, expected: float | None) -> None:
    """x→y conversion is y/x in percent; none when x is 0 or either count is missing."""
    assert conversion(x, y) == expected


@given(st.integers(1, 10**6), st.integers(1, 10**6))
def test_ratio_and_conversion_are_inverse(x: int, y: int) -> None:
    """For two nonzero counts, conversion = 100 / ratio."""
    r, c = ratio(x, y), conversion(x, y)
    assert r is not None and c is not None
    assert math.isclose(r * c, 100)
    assert math.isclose(r * y, x)


def test_funnel_steps_pair_consecutive_metrics() -> None:
    """Each step goes from one metric to the next, with its ratio and conversion."""
    totals = {"calls": 100, "talks": 25, "meetings": 0}
    steps = funnel_steps(totals, CODES)
    assert [(s.source, s.target) for s in steps] == [("calls", "talks"), ("talks", "meetings")]
    assert (steps[0].ratio, steps[0].conversion) == (4.0, 25.0)
    assert (steps[1].ratio, steps[1].conversion) == (None, 0.0)  # nobody met anyone
    assert funnel_steps(totals, ["calls"]) == []
    missing = funnel_steps({"calls": 10}, ["calls", "talks"])[0]
    assert (missing.ratio, missing.conversion) == (None, None)


def test_end_to_end_goes_from_first_to_last() -> None:
    """Cold calls per payment: the first metric against the last; none for a single metric."""
    step = end_to_end({"calls": 300, "talks": 90, "meetings": 6}, CODES)
    assert step is not None
    assert (step.source, step.target, step.ratio, step.conversion) == (
        "calls",
        "meetings",
        50.0,
        2.0,
    )
    assert end_to_end({"calls": 3}, ["calls"]) is None
    empty = end_to_end({}, CODES)
    assert empty is not None and (empty.ratio, empty.conversion) == (None, None)
