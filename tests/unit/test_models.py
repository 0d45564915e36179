"""Validation of every model in salestui.models, parse_count, and the codec round trip."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salestui.columns import DATE, EMPLOYEE_ID
from salestui.i18n import set_language
from salestui.models import (
    MAX_COUNT,
    ROLES,
    ROLLCALL_STATUSES,
    ROUTINES,
    BaseReview,
    CallReview,
    ChecklistItem,
    Client,
    DailyMetrics,
    Deal,
    Employee,
    Invoice,
    Meta,
    MetricDef,
    Payment,
    Plan,
    RollCall,
    RoutineDone,
    Settings,
    StageDef,
    ValidationError,
    check_count,
    clean_name,
    parse_count,
)
from salestui.reports.metrics import metrics_report
from salestui.store import Database, Repository, default_settings
from salestui.store.codec import from_doc, to_doc

DAY = date(2026, 11, 25)


def funnel(size: int) -> tuple[MetricDef, ...]:
    """Return a funnel of `size` metrics named m0, m1, ..."""
    return tuple(MetricDef(f"m{i}", f"Metric {i}", f"Метрика {i}") for i in range(size))


# -- parse_count / check_count ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12), (" 1 234 ", 1234), ("1\u00a0234", 1234), ("0", 0), (str(MAX_COUNT), MAX_COUNT)],
)
def test_parse_count_accepts_plain_and_grouped_digits(text: str, expected: int) -> None:
    """Digits, spaces and no-break spaces between thousands parse to the int."""
    assert parse_count("Cold calls", text) == expected


@pytest.mark.parametrize(
    "text",
    ["1.5", "abc", "\u0661\u0662", "", "   ", "+1", "1,234", "1e3", "\uff11\uff12", "²"],
)
def test_parse_count_refuses_non_numbers(text: str) -> None:
    """Signs, decimals, letters and non-ASCII digits are refused, naming field and text."""
    with pytest.raises(ValidationError) as info:
        parse_count("Cold calls", text)
    assert info.value.field == "Cold calls"
    assert info.value.value == text
    assert "Cold calls" in str(info.value)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize(
    ("text", "shown"), [("-1", "-1"), ("-5", "-5"), ("\u22125", "-5"), ("-1 234", "-1,234")]
)
def test_parse_count_refuses_negative_numbers_as_below_zero(text: str, shown: str) -> None:
    """A minus sign is refused as below zero (not as "not a number"); the text is kept."""
    with pytest.raises(ValidationError, match=f"^Cold calls: {shown} is below zero$") as info:
        parse_count("Cold calls", text)
    assert info.value.value == text
    assert parse_count("Cold calls", "-0") == 0


def test_parse_count_refuses_thousands_of_digits_before_int() -> None:
    """5,000 digits (past int()'s 4,300-digit limit) are too big, with a short message."""
    for text in ("9" * 5000, "0" * 4999 + "7" * 7, "-" + "9" * 5000):
        with pytest.raises(ValidationError) as info:
            parse_count("Meetings", text)
        assert len(str(info.value)) < 60, str(info.value)
    assert parse_count("Meetings", "0" * 5000 + "12") == 12


def test_parse_count_refuses_more_than_max() -> None:
    """A count above MAX_COUNT is a typing slip and is refused with the limit."""
    with pytest.raises(ValidationError, match="Meetings: 100,001 is more than 100,000"):
        parse_count("Meetings", str(MAX_COUNT + 1))
    set_language("ru")  # the numbers read as the grid shows them, in either language
    with pytest.raises(ValidationError, match="Meetings: 100\u00a0001 больше 100\u00a0000"):
        parse_count("Meetings", str(MAX_COUNT + 1))


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (-1, "cold_calls: -1 is below zero"),
        (True, "cold_calls: True is not a whole number"),
        (False, "cold_calls: False is not a whole number"),
        (1.5, "cold_calls: 1.5 is not a whole number"),
        (2.0, "cold_calls: 2.0 is not a whole number"),
        ("3", "cold_calls: '3' is not a whole number"),
        (None, "cold_calls: None is not a whole number"),
        (10**9, "cold_calls: 1,000,000,000 is more than 100,000"),
    ],
)
def test_bad_counts_name_field_and_value(value: object, fragment: str) -> None:
    """check_count and DailyMetrics refuse bad counts with the metric and the value."""
    with pytest.raises(ValidationError) as info:
        check_count("cold_calls", value)
    assert fragment in str(info.value)
    assert info.value.field == "cold_calls"
    with pytest.raises(ValidationError, match=fragment.replace(".", r"\.")):
        DailyMetrics(1, DAY, {"meetings": 2, "cold_calls": value})  # type: ignore[dict-item]


def test_daily_metrics_accepts_edges_and_partial_counts() -> None:
    """0 and MAX_COUNT are valid; a missing code simply means not entered."""
    record = DailyMetrics(1, DAY, {"cold_calls": 0, "payments": MAX_COUNT})
    assert record.counts == {"cold_calls": 0, "payments": MAX_COUNT}
    assert DailyMetrics(1, DAY).counts == {}


@given(st.integers(min_value=0, max_value=MAX_COUNT))
def test_parse_count_round_trips_every_valid_count(n: int) -> None:
    """str(n), and n grouped by spaces or no-break spaces, parse back to n."""
    assert parse_count("x", str(n)) == n
    assert parse_count("x", f" {n:,} ".replace(",", " ")) == n
    assert parse_count("x", f"{n:,}".replace(",", "\u00a0")) == n


@given(st.integers().filter(lambda n: n < 0 or n > MAX_COUNT))
def test_parse_count_refuses_out_of_range(n: int) -> None:
    """Negative numbers and numbers above MAX_COUNT are refused."""
    with pytest.raises(ValidationError):
        parse_count("x", str(n))


@settings(max_examples=300)
@given(st.text())
def test_parse_count_accepts_only_ascii_digits(text: str) -> None:
    """Whatever is accepted consists only of ASCII digits and spacing, and equals them."""
    try:
        value = parse_count("x", text)
    except ValidationError as exc:
        assert exc.field == "x"
        return
    significant = "".join(text.split())
    assert significant and all(c in "0123456789" for c in significant)
    assert value == int(significant)
    assert 0 <= value <= MAX_COUNT


# -- names and employees ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "\t\n", "\u00a0"])
def test_empty_names_are_refused(name: str) -> None:
    """An empty or whitespace-only name is refused for employees and clients."""
    with pytest.raises(ValidationError, match="Name: a name is required") as info:
        Employee(name)
    assert info.value.field == "Name"
    with pytest.raises(ValidationError, match="Name"):
        Client(name, owner=1, created=DAY)


def test_name_length_limit_counts_cleaned_text() -> None:
    """80 characters are fine, 81 are refused; spacing is collapsed before counting."""
    assert Employee("a" * 80).name == "a" * 80
    assert Employee("  " + "a" * 80 + "   ").name == "a" * 80
    with pytest.raises(ValidationError, match="Name: at most 80 characters"):
        Employee("a" * 81)
    with pytest.raises(ValidationError, match="at most 80"):
        Client("b" * 81, owner=1, created=DAY)


def test_names_are_trimmed_and_spacing_collapsed() -> None:
    """Surrounding and repeated whitespace disappears from stored names."""
    assert Employee("  Anna \t  Petrova ").name == "Anna Petrova"
    assert clean_name("Client", " Acme   Ltd ") == "Acme Ltd"


@pytest.mark.parametrize("role", ["boss", "", "Office", "FIELD"])
def test_bad_role_is_refused(role: str) -> None:
    """Only the exact codes of ROLES are roles."""
    with pytest.raises(ValidationError, match=f"Role: {role!r} must be office or field") as info:
        Employee("Ann", role=role)
    assert info.value.field == "Role"
    assert info.value.value == role


@pytest.mark.parametrize("role", ROLES)
def test_every_role_is_accepted(role: str) -> None:
    """Every code in ROLES makes a valid employee."""
    assert Employee("Ann", role=role).role == role


def test_validation_messages_follow_the_language() -> None:
    """A Russian user reads Russian messages with the Russian field label."""
    set_language("ru")
    with pytest.raises(ValidationError, match="Имя: имя обязательно") as info:
        Employee(" ")
    assert info.value.field == "Имя"
    with pytest.raises(ValidationError, match="Встречи: -2 меньше нуля"):
        check_count("Встречи", -2)


# -- settings and funnel ---------------------------------------------------------------


def test_settings_refuse_empty_funnel() -> None:
    """A funnel needs at least one metric."""
    with pytest.raises(ValidationError, match="at least one metric") as info:
        Settings(funnel=())
    assert info.value.field == "funnel"


def test_settings_refuse_duplicate_metric() -> None:
    """A metric code may appear only once in the funnel."""
    twice = (MetricDef("calls", "Calls", "Звонки"), MetricDef("calls", "Calls 2", "Звонки 2"))
    with pytest.raises(ValidationError, match="twice") as info:
        Settings(funnel=twice)
    assert info.value.value == ["calls", "calls"]


@pytest.mark.parametrize("days", [(), (7,), (-1,), (0, 1, 9)])
def test_settings_refuse_bad_working_days(days: tuple[int, ...]) -> None:
    """Working days must be a non-empty set of weekday numbers 0..6."""
    with pytest.raises(ValidationError, match="working days") as info:
        Settings(funnel=funnel(1), working_days=days)
    assert info.value.field == "working_days"


@pytest.mark.parametrize("code", ["cold calls", "1st", "", "a-b", "calls!"])
def test_metric_code_must_be_identifier(code: str) -> None:
    """Metric codes are snake_case identifiers (they become JSON keys)."""
    with pytest.raises(ValidationError, match="must be a code name"):
        MetricDef(code, "x", "x")


def test_metric_label_follows_language() -> None:
    """A metric shows its label in the current language."""
    metric = MetricDef("visits", "Visits", "Визиты")
    assert metric.label() == "Visits"
    set_language("ru")
    assert metric.label() == "Визиты"


def test_default_settings_are_the_six_step_funnel() -> None:
    """The shipped funnel is the six DESIGN §2 metrics in order."""
    assert default_settings().metric_codes() == (
        "cold_calls",
        "conversations",
        "meetings",
        "applications",
        "invoices",
        "payments",
    )


@pytest.mark.parametrize("size", [3, 8])
def test_funnel_of_any_length_works_everywhere(repo: Repository, size: int) -> None:
    """A 3- or 8-metric funnel saves cells, builds the frame and renders the report."""
    settings_ = repo.save_settings(Settings(funnel=funnel(size)))
    assert repo.settings().metric_codes() == settings_.metric_codes()
    ann = repo.add_employee(Employee("Ann"))
    bob = repo.add_employee(Employee("Bob", role="field"))
    last = f"m{size - 1}"
    repo.set_count(ann.id, DAY, "m0", 10)
    repo.set_count(ann.id, DAY, last, 3)
    repo.set_count(bob.id, DAY, "m0", 5)
    repo.set_count(bob.id, DAY - timedelta(days=1), "m1", 2)
    with pytest.raises(ValidationError):
        repo.set_count(bob.id, DAY, last, -1)
    stored = repo.metrics_for(ann.id, DAY)
    assert stored is not None
    assert stored.counts == {"m0": 10, last: 3}

    frame = repo.metrics_frame()
    codes = [f"m{i}" for i in range(size)]
    assert list(frame.columns) == [DATE, EMPLOYEE_ID, *codes]
    assert all(str(frame[c].dtype) == "Int64" for c in codes)
    assert len(frame) == 3

    staff = [ann, bob]
    records = repo.metrics_between(DAY - timedelta(days=1), DAY)  # the day before too
    assert len(records) == 3
    out = metrics_report(
        records, staff, repo.settings(), start=DAY, end=DAY, employee_id=None, fmt="json", as_of=DAY
    )
    rows = orjson.loads(out)
    assert [list(r) for r in rows] == [["date", "employee", *codes]] * 3
    total = rows[-1]
    assert total["employee"] == "TOTAL"
    assert total["m0"] == 15
    assert total[last] == 3
    # m1 was entered only on another day: nobody entered it on DAY.
    assert total["m1"] is None
    text = metrics_report(
        records, staff, repo.settings(), start=DAY, end=DAY, employee_id=None, fmt="text", as_of=DAY
    )
    assert f"Metric {size - 1}" in text  # the header or, for a long funnel, the legend


@pytest.mark.parametrize("size", [1, 3, 8])
def test_demo_builds_any_funnel_length(size: int) -> None:
    """The demo generator fills every metric of a short or long funnel."""
    from salestui.demo import build

    db = Database(None)
    build(
        db,
        seed=3,
        employees=3,
        months=1,
        today=date(2026, 11, 26),
        lang="en",
        settings=Settings(funnel=funnel(size)),
    )
    frame = Repository(db).metrics_frame()
    codes = [f"m{i}" for i in range(size)]
    assert len(frame) > 20
    # Every day is complete but one employee's last day: a partial report of two numbers.
    partial = frame[frame[codes].isna().any(axis=1)]
    assert len(partial) == (1 if size > 2 else 0)
    assert partial[codes[:2]].notna().all().all()
    assert (frame[codes].fillna(0) >= 0).all().all()


# -- the other models ------------------------------------------------------------------


def test_deal_validates_amount_and_probability() -> None:
    """Negative amounts and probabilities outside 0..100 are refused, naming the field."""
    assert Deal(1, 1, DAY, "meeting", amount=0, probability=100).probability == 100
    with pytest.raises(ValidationError, match="Amount: -1 is below zero"):
        Deal(1, 1, DAY, "meeting", amount=-1)
    for bad in (-1, 101):
        with pytest.raises(ValidationError, match=f"Probability: {bad} must be from 0 to 100"):
            Deal(1, 1, DAY, "meeting", probability=bad)


def test_invoice_validates_amount_and_due_date() -> None:
    """An invoice must be for something, and cannot be due before it was issued."""
    assert Invoice("A-1", 1, 1, DAY, 1, DAY).due == DAY
    with pytest.raises(ValidationError, match="Amount: 0 must be above zero"):
        Invoice("A-1", 1, 1, DAY, 0, DAY)
    with pytest.raises(ValidationError, match="Amount: -5 must be above zero"):
        Invoice("A-1", 1, 1, DAY, -5, DAY)
    with pytest.raises(ValidationError, match="Due: the due date is before") as info:
        Invoice("A-1", 1, 1, DAY, 100, DAY - timedelta(days=1))
    assert info.value.field == "Due"


@pytest.mark.parametrize("amount", [0, -1])
def test_payment_must_be_positive(amount: int) -> None:
    """A payment of nothing or less is refused."""
    with pytest.raises(ValidationError, match=f"Amount: {amount} must be above zero"):
        Payment(1, DAY, amount)
    assert Payment(1, DAY, 1).amount == 1


@pytest.mark.parametrize("cls", [Deal, Invoice, Payment])
@pytest.mark.parametrize("amount", [1234.5, True, 2**64])
def test_money_amounts_must_be_whole_minor_units(cls: type, amount: object) -> None:
    """Money is whole minor units that fit a 64-bit JSON int; anything else is refused."""
    kwargs: dict[str, Any] = {
        Deal: {"client_id": 1, "owner": 1, "created": DAY, "stage": "new", "amount": amount},
        Invoice: {
            "number": "A-1",
            "deal_id": 1,
            "employee_id": 1,
            "issued": DAY,
            "amount": amount,
            "due": DAY,
        },
        Payment: {"invoice_id": 1, "date": DAY, "amount": amount},
    }[cls]
    with pytest.raises(ValidationError, match="Amount"):
        cls(**kwargs)


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_base_review_ratings_are_one_to_five(rating: int) -> None:
    """Base-review ratings outside 1..5 are refused, naming the rating."""
    assert BaseReview(DAY, 1, ratings={"contacts": 1, "fields": 5}).ratings["fields"] == 5
    with pytest.raises(ValidationError, match=f"comments: {rating} must be from 1 to 5"):
        BaseReview(DAY, 1, ratings={"contacts": 3, "comments": rating})


@pytest.mark.parametrize("status", ROLLCALL_STATUSES)
def test_every_rollcall_status_is_accepted(status: str) -> None:
    """Every status of ROLLCALL_STATUSES is valid."""
    assert RollCall(DAY, 1, status).status == status


def test_unknown_rollcall_status_is_refused() -> None:
    """A status outside the list is refused, naming the Status field."""
    with pytest.raises(ValidationError, match="Status: 'lunch' is not a roll-call status"):
        RollCall(DAY, 1, "lunch")


def test_routine_done_accepts_only_known_routines() -> None:
    """Every routine of ROUTINES can be logged; anything else is refused."""
    at = datetime(2026, 11, 25, 9, 30)
    assert {RoutineDone(DAY, r, at).routine for r in ROUTINES} == set(ROUTINES)
    with pytest.raises(ValidationError, match="routine: 'coffee' is not a routine"):
        RoutineDone(DAY, "coffee", at)


def test_models_are_frozen() -> None:
    """Records are immutable values."""
    employee = Employee("Ann")
    with pytest.raises(dataclasses.FrozenInstanceError):
        employee.name = "Bob"  # type: ignore[misc]


# -- codec round trip -------------------------------------------------------------------

dates = st.dates()
maybe_dates = st.none() | dates
ids = st.integers(min_value=0, max_value=2**53)
money = st.integers(min_value=0, max_value=10**15 - 1)  # MAX_MONEY is exclusive
texts = st.text(max_size=20)
names = st.text(min_size=1, max_size=30).map(lambda s: " ".join(s.split())).filter(bool)
counts = st.dictionaries(
    st.sampled_from(["cold_calls", "meetings", "visits"]), st.integers(0, MAX_COUNT)
)
codes = st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)
metric_defs = st.builds(MetricDef, codes, texts, texts)
checklist_items = st.builds(
    ChecklistItem,
    codes,
    texts,
    texts,
    st.integers(1, 5),
    st.integers(1, 5),
    st.booleans(),
)
stage_defs = st.builds(
    StageDef, codes.filter(lambda c: c not in ("won", "lost")), texts, texts, st.integers(1, 365)
)
settings_records = st.builds(
    Settings,
    funnel=st.lists(metric_defs, min_size=1, max_size=8, unique_by=lambda m: m.code).map(tuple),
    pipeline=st.lists(stage_defs, min_size=1, max_size=6, unique_by=lambda s: s.code).map(tuple),
    hot_stages=st.lists(codes, max_size=2).map(tuple),
    call_checklist=st.lists(checklist_items, max_size=4, unique_by=lambda c: c.code).map(tuple),
    stale_days=st.integers(0, 60),
    hot_probability=st.integers(0, 101),
    currency=st.sampled_from(["RUB", "USD", "EUR"]),
    language=st.sampled_from(["", "en", "ru"]),
    working_days=st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True).map(tuple),
    team_name=texts,
    id=ids,
)


@st.composite
def invoices(draw: st.DrawFn) -> Invoice:
    """An invoice due on or after its issue date, unpaid, part paid, paid or cancelled."""
    issued = draw(st.dates(max_value=date(9000, 1, 1)))
    due = issued + timedelta(days=draw(st.integers(0, 365)))
    amount = draw(money.filter(bool))
    state = draw(st.sampled_from(["open", "part", "paid", "cancelled"]))
    paid = {"open": 0, "cancelled": 0, "paid": amount}.get(state)
    if paid is None:
        paid = draw(st.integers(1, amount - 1)) if amount > 1 else 0
    first = last = issued + timedelta(days=draw(st.integers(0, 30))) if paid else None
    settled = issued if state == "cancelled" else last if paid == amount else None
    number = draw(st.text(min_size=1, max_size=40).filter(str.strip))
    return Invoice(
        number,
        draw(st.none() | ids),
        draw(ids),
        issued,
        amount,
        due,
        state == "cancelled",
        draw(st.none() | ids),
        paid,
        first,
        last,
        settled,
        id=0,
    )


@st.composite
def deals(draw: st.DrawFn) -> Deal:
    """A deal open in some stage, or won or lost on a day after it was created."""
    created = draw(st.dates(max_value=date(9000, 1, 1)))
    stage = draw(st.sampled_from(["conversation", "meeting", "invoice", "won", "lost"]))
    days = draw(st.integers(0, 400))
    closed = created + timedelta(days=days) if stage in ("won", "lost") else None
    snoozed = draw(maybe_dates)
    return Deal(
        draw(st.none() | ids),
        draw(ids),
        created,
        stage,
        draw(money),
        draw(st.integers(0, 100)),
        draw(maybe_dates),
        draw(st.booleans()),
        draw(texts),
        draw(maybe_dates),
        draw(maybe_dates),
        closed,
        draw(names) if stage == "lost" else draw(texts),
        snoozed,
        draw(names) if snoozed else draw(texts),
        draw(maybe_dates),
        draw(st.booleans()),
        id=0,
    )


plan_targets = st.dictionaries(
    st.sampled_from(["cold_calls", "meetings", "visits", "revenue"]), st.integers(0, 1_000_000)
)


RECORDS: dict[type, st.SearchStrategy[Any]] = {
    Meta: st.builds(Meta, st.just("salestui"), st.integers(1, 99), id=ids),
    Settings: settings_records,
    Employee: st.builds(
        Employee, names, st.sampled_from(ROLES), maybe_dates, st.none(), texts, id=ids
    ),
    Plan: st.builds(
        Plan, ids, st.from_regex(r"[0-9]{4}-(0[1-9]|1[0-2])", fullmatch=True), plan_targets, id=ids
    ),
    Client: st.builds(Client, names, ids, dates, texts, texts, texts, texts, texts, id=ids),
    Deal: deals(),
    Invoice: invoices(),
    Payment: st.builds(Payment, ids, dates, money.filter(bool), id=ids),
    DailyMetrics: st.builds(DailyMetrics, ids, dates, counts, id=ids),
    CallReview: st.builds(
        CallReview,
        dates,
        ids,
        st.dictionaries(codes, st.integers(0, 5) | st.just("na")),
        st.none() | ids,
        texts,
        st.integers(0, 10_000),
        texts,
        texts,
        id=ids,
    ),
    BaseReview: st.builds(
        BaseReview,
        dates,
        ids,
        st.dictionaries(codes, st.floats(allow_nan=False, allow_infinity=False)),
        st.dictionaries(codes, st.integers(1, 5)),
        texts,
        id=ids,
    ),
    RollCall: st.builds(
        RollCall, dates, ids, st.sampled_from(ROLLCALL_STATUSES), texts, texts, id=ids
    ),
    # Stored times keep whole seconds (codec writes timespec="seconds").
    RoutineDone: st.builds(
        RoutineDone,
        dates,
        st.sampled_from(ROUTINES),
        st.datetimes().map(lambda t: t.replace(microsecond=0)),
        id=ids,
    ),
}


def test_every_model_has_a_round_trip_strategy() -> None:
    """The round-trip test covers every record dataclass in salestui.models."""
    import salestui.models as models

    records = {
        obj
        for obj in vars(models).values()
        if isinstance(obj, type)
        and dataclasses.is_dataclass(obj)
        and obj.__module__ == models.__name__
        and "id" in {f.name for f in dataclasses.fields(obj)}
    }
    assert records == set(RECORDS)


@pytest.mark.parametrize("cls", list(RECORDS), ids=lambda c: c.__name__)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_codec_round_trip(cls: type, data: st.DataObject) -> None:
    """to_doc -> JSON -> from_doc gives the same record back, for every model."""
    record = data.draw(RECORDS[cls])
    doc = to_doc(record)
    assert "id" not in doc
    stored = orjson.loads(orjson.dumps(doc))
    assert from_doc(cls, stored, getattr(record, "id")) == record  # noqa: B009


@given(st.dates())
def test_dates_are_stored_as_iso_strings(day: date) -> None:
    """Dates become ISO YYYY-MM-DD strings in the stored document."""
    doc = to_doc(DailyMetrics(1, day, {"cold_calls": 1}))
    assert doc == {"employee_id": 1, "date": day.isoformat(), "counts": {"cold_calls": 1}}


def test_from_doc_ignores_unknown_keys_and_uses_defaults() -> None:
    """Old or newer documents still load: extra keys ignored, missing ones default."""
    employee = from_doc(Employee, {"name": "Ann", "shoe_size": 42}, 7)
    assert employee == Employee("Ann", id=7)
