"""Records of every table as frozen dataclasses, with validation and no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final, NamedTuple

from salestui.i18n import fmt_int, language, tr
from salestui.money import MAX_MONEY

ROLES: Final = ("office", "field")
ROLLCALL_STATUSES: Final = ("office", "field", "absent", "sick", "vacation", "no_answer")
# The eight morning routines of DESIGN §1, in checklist order.
ROUTINES: Final = (
    "metrics",
    "hot",
    "finance",
    "duration",
    "ratios",
    "base_review",
    "calls",
    "rollcall",
)
# Routines that have a working screen in this version (all of them since quality control
# landed); a routine added later shows as not available until its screen exists.
AVAILABLE_ROUTINES: Final = frozenset(ROUTINES)
# A day's count above this is a typing slip, not a day of work.
MAX_COUNT: Final = 100_000
# A month's target: up to a month of the largest believable day.
MAX_TARGET: Final = MAX_COUNT * 31
NO_ID: Final = 0


class ValidationError(ValueError):
    """A value a user typed or imported is not acceptable; the message names the field."""

    def __init__(self, field_name: str, value: object, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.value = value


def parse_count(label: str, text: str, maximum: int = MAX_COUNT) -> int:
    """Parse a typed count ("12", "1 234") into an int from 0 to maximum, or raise ValidationError.

    "-5" is refused as below zero, and a number longer than maximum's digits as too big
    before int() sees it (int() refuses more than 4,300 digits with a plain ValueError).
    """
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    negative = cleaned[:1] in ("-", "\u2212")
    digits = cleaned[1:] if negative else cleaned
    if not digits.isdigit() or not digits.isascii():
        raise ValidationError(label, text, tr("error.count_not_number", field=label, value=text))
    digits = digits.lstrip("0") or "0"
    if negative and digits != "0":
        shown = f"-{_shown_digits(digits)}"
        raise ValidationError(label, text, tr("error.count_negative", field=label, value=shown))
    if len(digits) > len(str(maximum)):
        message = tr(
            "error.count_too_big", field=label, value=_shown_digits(digits), max=fmt_int(maximum)
        )
        raise ValidationError(label, text, message)
    return check_count(label, int(digits), maximum)


def _shown_digits(digits: str, limit: int = 9) -> str:
    """Return digits as the grid shows numbers, cut to their first ones with … when long."""
    if len(digits) <= limit:
        return fmt_int(int(digits))
    return f"{digits[:limit]}…"


def check_count(label: str, value: object, maximum: int = MAX_COUNT) -> int:
    """Return value if it is a whole count from 0 to maximum, else raise ValidationError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(label, value, tr("error.count_not_number", field=label, value=value))
    if value < 0:
        raise ValidationError(label, value, tr("error.count_negative", field=label, value=value))
    if value > maximum:
        # Numbers in the message look like the grid shows them (100,000 / 100 000).
        message = tr("error.count_too_big", field=label, value=fmt_int(value), max=fmt_int(maximum))
        raise ValidationError(label, value, message)
    return value


def check_money(label: str, value: object, *, positive: bool = False) -> int:
    """Return value if it is a whole amount of minor units (kopecks), else raise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refusal(label, value, "error.money_not_whole")
    _require(
        value > 0 if positive else value >= 0,
        label,
        value,
        "error.not_positive" if positive else "error.negative",
    )
    _require(value < MAX_MONEY, label, value, "error.money_too_big")
    return value


def _require(condition: bool, field_name: str, value: object, key: str) -> None:
    """Raise a ValidationError with the translated message `key` unless condition holds.

    A field given as a message id ("field.amount") is translated only when it fails: records
    are built by the thousand from stored documents, and nearly all of them pass.
    """
    if not condition:
        raise _refusal(field_name, value, key)


def _refusal(field_name: str, value: object, key: str) -> ValidationError:
    """Return the ValidationError for a field (a message id is translated here) and a value."""
    name = tr(field_name) if field_name.startswith("field.") else field_name
    return ValidationError(name, value, tr(key, field=name, value=value))


def clean_name(label: str, text: str) -> str:
    """Return a trimmed non-empty name of at most 80 characters, or raise ValidationError."""
    name = " ".join(text.split())
    _require(bool(name), label, text, "error.name_empty")
    _require(len(name) <= 80, label, text, "error.name_too_long")
    return name


@dataclass(frozen=True, slots=True)
class MetricDef:
    """One funnel metric: its code name and its labels."""

    code: str
    label_en: str
    label_ru: str
    # Short labels for narrow columns and chat reports (the label is used when empty).
    short_en: str = ""
    short_ru: str = ""

    def __post_init__(self) -> None:
        _require(self.code.isidentifier(), "code", self.code, "error.bad_code")

    def label(self) -> str:
        """Return the label in the current language."""
        return self.label_ru if language() == "ru" else self.label_en

    def short(self) -> str:
        """Return the short label in the current language (the label if none is set)."""
        return (self.short_ru if language() == "ru" else self.short_en) or self.label()


# A call-review answer for an item the reviewer could not judge on that call: not a zero, it
# leaves the score (DESIGN §4).
NA: Final = "na"


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One item of the call-listening checklist with its weight."""

    code: str
    label_en: str
    label_ru: str
    weight: int = 1
    max_score: int = 2
    mandatory: bool = False

    def __post_init__(self) -> None:
        _require(self.code.isidentifier(), "code", self.code, "error.bad_code")
        _require(1 <= self.weight <= 100, "weight", self.weight, "error.weight")
        _require(1 <= self.max_score <= 10, "max_score", self.max_score, "error.max_score")

    def label(self) -> str:
        """Return the label in the current language."""
        return self.label_ru if language() == "ru" else self.label_en


# The outcomes a deal ends in, after whatever stages the pipeline has.
WON: Final = "won"
LOST: Final = "lost"
OUTCOMES: Final = (WON, LOST)


@dataclass(frozen=True, slots=True)
class StageDef:
    """One stage of the deal pipeline: its code, labels, and days without contact it tolerates."""

    code: str
    label_en: str
    label_ru: str
    stale_days: int = 7

    def __post_init__(self) -> None:
        _require(self.code.isidentifier(), "code", self.code, "error.bad_code")
        _require(self.code not in OUTCOMES, "code", self.code, "error.stage_is_outcome")
        _require(1 <= self.stale_days <= 365, "stale_days", self.stale_days, "error.stale_days")

    def label(self) -> str:
        """Return the label in the current language."""
        return self.label_ru if language() == "ru" else self.label_en


# The lesson's funnel after first contact: a conversation, a meeting, an application, an invoice.
DEFAULT_PIPELINE: Final = (
    StageDef("conversation", "Conversation", "Разговор"),
    StageDef("meeting", "Meeting", "Встреча"),
    StageDef("application", "Application", "Заявка"),
    StageDef("invoice", "Invoice", "Счёт", stale_days=5),
)


# The client fields besides the name a base review can require filled.
CLIENT_DETAILS: Final = ("contact", "phone", "email", "source", "comment")


@dataclass(frozen=True, slots=True)
class Settings:
    """Team-wide settings; the funnel and the pipeline are ordered lists of any length."""

    funnel: tuple[MetricDef, ...]
    pipeline: tuple[StageDef, ...] = DEFAULT_PIPELINE
    call_checklist: tuple[ChecklistItem, ...] = ()
    # Days without contact before a deal in a stage the pipeline does not list is stale.
    stale_days: int = 7
    # The hot rule: flagged by hand, or in one of these stages, or at least this probability.
    hot_stages: tuple[str, ...] = ("invoice",)
    hot_probability: int = 70
    currency: str = "RUB"
    language: str = ""
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    team_name: str = ""
    # The client fields the weekly base review expects filled (DESIGN §4's completeness).
    required_fields: tuple[str, ...] = ("contact", "phone", "email", "comment")
    # The roll-call import's remembered senders: a name in the team chat -> an employee id.
    chat_senders: dict[str, int] = field(default_factory=dict)
    id: int = NO_ID

    def __post_init__(self) -> None:
        codes = [metric.code for metric in self.funnel]
        _require(bool(codes), "funnel", codes, "error.funnel_empty")
        _require(len(set(codes)) == len(codes), "funnel", codes, "error.funnel_duplicate")
        stages = [stage.code for stage in self.pipeline]
        _require(bool(stages), "pipeline", stages, "error.pipeline_empty")
        _require(len(set(stages)) == len(stages), "pipeline", stages, "error.pipeline_duplicate")
        _require(
            bool(self.working_days) and all(0 <= d <= 6 for d in self.working_days),
            "working_days",
            self.working_days,
            "error.bad_working_days",
        )
        # 101: no deal is hot by its probability alone.
        probability = self.hot_probability
        _require(0 <= probability <= 101, "hot_probability", probability, "error.percent")
        _require(
            bool(self.currency.strip()) and len(self.currency) <= 5,
            "currency",
            self.currency,
            "error.currency",
        )
        fields = self.required_fields
        known = set(fields) <= set(CLIENT_DETAILS) and len(set(fields)) == len(fields)
        _require(known, "required_fields", fields, "error.bad_fields")
        items = [item.code for item in self.call_checklist]
        _require(len(set(items)) == len(items), "call_checklist", items, "error.items_twice")
        ids = list(self.chat_senders.values())
        whole = all(isinstance(i, int) and not isinstance(i, bool) for i in ids)
        _require(whole, "chat_senders", ids, "error.bad_ids")

    def metric_codes(self) -> tuple[str, ...]:
        """Return the funnel's metric code names in order."""
        return tuple(metric.code for metric in self.funnel)

    def stage_codes(self) -> tuple[str, ...]:
        """Return the pipeline's stage codes in order (without the won/lost outcomes)."""
        return tuple(stage.code for stage in self.pipeline)

    def stage(self, code: str) -> StageDef | None:
        """Return the pipeline stage with this code, if the pipeline has it."""
        return next((s for s in self.pipeline if s.code == code), None)

    def stale_after(self, code: str) -> int:
        """Return the days without contact a stage tolerates before a deal in it is stale."""
        found = self.stage(code)
        return found.stale_days if found is not None else self.stale_days

    def stage_label(self, code: str) -> str:
        """Return a stage's or outcome's label in the current language (its code if unknown)."""
        found = self.stage(code)
        if found is not None:
            return found.label()
        return tr(f"stage.{code}") if code in OUTCOMES else code


@dataclass(frozen=True, slots=True)
class Employee:
    """A salesperson in the office or in the field, employed from `hired` to `left`."""

    name: str
    role: str = "office"
    hired: date | None = None
    # The last day of employment (inclusive); None while they work here.
    left: date | None = None
    notes: str = ""
    id: int = NO_ID

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_name("field.name", self.name))
        _require(self.role in ROLES, "field.role", self.role, "error.bad_role")
        if self.hired is not None and self.left is not None:
            _require(self.left >= self.hired, "field.left", self.left, "error.left_before_hired")

    def employed_on(self, day: date) -> bool:
        """Tell whether they worked here on a date (an unknown hire date means always)."""
        return (self.hired is None or self.hired <= day) and (self.left is None or day <= self.left)

    def status_on(self, day: date) -> str:
        """Return "employed", "starts" (hired after day) or "left" (left before day)."""
        if self.left is not None and self.left < day:
            return "left"
        if self.hired is not None and self.hired > day:
            return "starts"
        return "employed"


@dataclass(frozen=True, slots=True)
class DailyMetrics:
    """One employee's funnel counts for one date; a missing code means not entered."""

    employee_id: int
    date: date
    counts: dict[str, int] = field(default_factory=dict)
    id: int = NO_ID

    def __post_init__(self) -> None:
        for code, value in self.counts.items():
            check_count(code, value)


@dataclass(frozen=True, slots=True)
class Client:
    """A company or person in an employee's client base."""

    name: str
    owner: int
    created: date
    contact: str = ""
    phone: str = ""
    email: str = ""
    source: str = ""
    comment: str = ""
    id: int = NO_ID

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", clean_name("field.name", self.name))


class ClientCard(NamedTuple):
    """A client's fields as the base review's audit reads them, straight from the store: a
    check of the whole base needs these of 100,000 clients, not 100,000 records."""

    id: int
    owner: int
    name: str
    contact: str
    phone: str
    email: str
    source: str
    comment: str


@dataclass(frozen=True, slots=True)
class Deal:
    """A deal (сделка) with a client; amount in minor currency units.

    `stage` is a pipeline stage while the deal is open, then won or lost with its `closed`
    date. A lead not tied to a client yet has no client_id.
    """

    client_id: int | None
    owner: int
    created: date
    stage: str
    amount: int = 0
    probability: int = 0
    expected_payment: date | None = None
    hot: bool = False
    next_step: str = ""
    next_step_due: date | None = None
    last_contact: date | None = None
    closed: date | None = None
    lost_reason: str = ""
    snoozed_until: date | None = None
    snooze_reason: str = ""
    # When it entered the hot list (by the rule or by hand); None while it is not hot.
    hot_since: date | None = None
    # Taken off the hot list by hand: the rule (stage, probability) no longer puts it there.
    demoted: bool = False
    # Its reference in the system it was imported from (a CRM's opportunity id): the key a
    # re-import matches on; "" for a deal made here.
    ref: str = ""
    id: int = NO_ID

    def __post_init__(self) -> None:
        # The common case in one expression: open deals are built by the thousand for the
        # hot list; only a deal that fails it is checked rule by rule, to say which.
        amount, closed = self.amount, self.closed
        if (
            type(amount) is int
            and 0 <= amount < MAX_MONEY
            and 0 <= self.probability <= 100
            and (
                closed is None
                if self.stage not in OUTCOMES
                else closed is not None and closed >= self.created
            )
            and self.stage
            and (self.stage != LOST or self.lost_reason.strip())
            and (self.snoozed_until is None or self.snooze_reason.strip())
        ):
            return
        self._check()

    def _check(self) -> None:
        """Raise the ValidationError of the first rule the deal breaks."""
        check_money("field.amount", self.amount)
        _require(
            0 <= self.probability <= 100, "field.probability", self.probability, "error.percent"
        )
        _require(bool(self.stage), "field.stage", self.stage, "error.stage_empty")
        is_closed = self.stage in OUTCOMES
        _require(
            is_closed == (self.closed is not None),
            "field.closed",
            self.closed,
            "error.closed_needs_outcome",
        )
        if self.closed is not None:
            _require(self.closed >= self.created, "field.closed", self.closed, "error.closed_early")
        if self.stage == LOST:
            _require(
                bool(self.lost_reason.strip()),
                "field.lost_reason",
                self.lost_reason,
                "error.reason_needed",
            )
        if self.snoozed_until is not None:
            _require(
                bool(self.snooze_reason.strip()),
                "field.snooze_reason",
                self.snooze_reason,
                "error.reason_needed",
            )

    @property
    def is_open(self) -> bool:
        """Tell whether the deal is still in the pipeline (neither won nor lost)."""
        return self.closed is None


def is_hot(deal: Deal, settings: Settings) -> bool:
    """The hot rule: an open deal not demoted by hand that is flagged hot by hand, sits in a
    hot stage (default: invoice) or has a probability of at least the setting (default 70)."""
    if deal.closed is not None or deal.demoted:
        return False
    return (
        deal.hot
        or deal.stage in settings.hot_stages
        or deal.probability >= settings.hot_probability
    )


@dataclass(frozen=True, slots=True)
class Invoice:
    """An invoice issued to a client (for a deal, when known); amounts in minor units.

    `paid` (the sum of its payments), the first and last payment dates and `settled` (the
    last payment's date once paid in full, or the issue date when cancelled) are kept by the
    repository with every payment, so open invoices are found without reading payments.
    """

    number: str
    deal_id: int | None
    employee_id: int
    issued: date
    amount: int
    due: date
    cancelled: bool = False
    client_id: int | None = None
    paid: int = 0
    first_paid: date | None = None
    last_paid: date | None = None
    settled: date | None = None
    id: int = NO_ID

    def __post_init__(self) -> None:
        # The common case in one expression (open invoices are built by the thousand for
        # receivables); only an invoice that fails it is checked rule by rule, to say which.
        amount, paid = self.amount, self.paid
        if (
            type(amount) is int
            and type(paid) is int
            and 0 <= paid <= amount < MAX_MONEY
            and amount > 0
            and self.due >= self.issued
            and 0 < len(self.number) <= 40
            and self.number.strip()
            and not (self.cancelled and paid)
            and (self.cancelled or paid == amount) == (self.settled is not None)
        ):
            return
        self._check()

    def _check(self) -> None:
        """Raise the ValidationError of the first rule the invoice breaks."""
        _require(bool(self.number.strip()), "field.number", self.number, "error.number_empty")
        _require(len(self.number) <= 40, "field.number", self.number, "error.number_long")
        check_money("field.amount", self.amount, positive=True)
        check_money("field.paid", self.paid)
        _require(self.due >= self.issued, "field.due", self.due, "error.due_before_issued")
        _require(self.paid <= self.amount, "field.paid", self.paid, "error.overpaid")
        _require(
            not (self.cancelled and self.paid),
            "field.cancelled",
            self.paid,
            "error.cancel_paid",
        )
        settled = self.cancelled or self.paid == self.amount
        _require(
            settled == (self.settled is not None), "settled", self.settled, "error.settled_state"
        )

    @property
    def open_amount(self) -> int:
        """Return what is left to pay now (nothing for a cancelled invoice)."""
        return 0 if self.cancelled else self.amount - self.paid


@dataclass(frozen=True, slots=True)
class Payment:
    """A (possibly partial) payment of an invoice; amount in minor currency units."""

    invoice_id: int
    date: date
    amount: int
    id: int = NO_ID

    def __post_init__(self) -> None:
        check_money("field.amount", self.amount, positive=True)


@dataclass(frozen=True, slots=True)
class CallReview:
    """Notes from listening to one call; answers map checklist code to a score or "na"."""

    date: date
    employee_id: int
    answers: dict[str, int | str] = field(default_factory=dict)
    deal_id: int | None = None
    recording: str = ""
    duration_s: int = 0
    notes: str = ""
    action: str = ""
    id: int = NO_ID


# The lesson's five points of a weekly base review, each rated 1–5.
BASE_POINTS: Final = ("contacts", "fields", "comments", "tasks", "algorithm")


@dataclass(frozen=True, slots=True)
class BaseReview:
    """A weekly review of one employee's client base with 1–5 ratings."""

    date: date
    employee_id: int
    snapshot: dict[str, float] = field(default_factory=dict)
    ratings: dict[str, int] = field(default_factory=dict)
    notes: str = ""
    id: int = NO_ID

    def __post_init__(self) -> None:
        for name, value in self.ratings.items():
            whole = isinstance(value, int) and not isinstance(value, bool)
            _require(whole and 1 <= value <= 5, name, value, "error.rating")


@dataclass(frozen=True, slots=True)
class RollCall:
    """One employee's answer to the daily roll-call."""

    date: date
    employee_id: int
    status: str
    update: str = ""
    at: str = ""
    id: int = NO_ID

    def __post_init__(self) -> None:
        _require(self.status in ROLLCALL_STATUSES, "field.status", self.status, "error.status")


@dataclass(frozen=True, slots=True)
class RoutineDone:
    """A morning routine marked done on a date."""

    date: date
    routine: str
    done_at: datetime
    id: int = NO_ID

    def __post_init__(self) -> None:
        _require(self.routine in ROUTINES, "routine", self.routine, "error.routine")


# The plan target that is money received rather than a funnel count.
REVENUE: Final = "revenue"
_MONTH: Final = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, slots=True)
class Plan:
    """Monthly targets of one employee: a funnel metric code (a count) or "revenue" (kopecks)."""

    employee_id: int
    month: str
    targets: dict[str, int] = field(default_factory=dict)
    id: int = NO_ID

    def __post_init__(self) -> None:
        _require(bool(_MONTH.match(self.month)), "field.month", self.month, "error.month")
        for code, value in self.targets.items():
            if code == REVENUE:
                check_money("field.revenue", value)
            else:
                _require(code.isidentifier(), "code", code, "error.bad_code")
                whole = isinstance(value, int) and not isinstance(value, bool)
                _require(whole and 0 <= value <= MAX_TARGET, code, value, "error.target")


@dataclass(frozen=True, slots=True)
class Meta:
    """The database's identity and schema version."""

    app: str
    schema: int
    id: int = NO_ID
