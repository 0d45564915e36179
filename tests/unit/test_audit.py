"""The base review's audit on hand-built clients and deals, each figure counted by hand."""

from __future__ import annotations

from datetime import date

import pytest

from salestui.analytics.audit import (
    audit,
    duplicates,
    email_key,
    name_key,
    phone_key,
    short_comment,
)
from salestui.models import Client, Deal, Settings, ValidationError
from salestui.store import default_settings

DAY = date(2026, 11, 26)
ANNA = 1
LONG = "Buys twice a year; the director decides, budget agreed in spring"


def client(n: int, name: str, **fields: str) -> Client:
    """Return Anna's client number n."""
    return Client(name, ANNA, date(2026, 1, 1), id=n, **fields)


def deal(n: int, stage: str = "meeting", **fields: object) -> Deal:
    """Return Anna's deal number n: a next step due after DAY and a recent contact unless
    the fields say otherwise."""
    base: dict[str, object] = {
        "next_step": "call back",
        "next_step_due": date(2026, 11, 30),
        "last_contact": date(2026, 11, 25),
    }
    base.update(fields)
    return Deal(None, ANNA, date(2026, 9, 1), stage, id=n, **base)  # type: ignore[arg-type]


def test_keys_that_make_two_clients_one() -> None:
    assert phone_key("+7 (912) 345-67-89") == phone_key("8 912 345 67 89") == "9123456789"
    assert phone_key("ext. 12") == ""
    assert email_key("  Anna@Example.COM ") == "anna@example.com"
    assert email_key("no address") == ""
    assert name_key("ООО «Ромашка»") == name_key("Ромашка, ооо") == "ромашка"
    assert name_key("Acme Inc.") == name_key("ACME") == "acme"
    assert short_comment("") and short_comment("ok, call later") and not short_comment(LONG)


def test_duplicates_by_phone_email_or_name_across_owners() -> None:
    clients = [
        client(1, "Acme Inc.", phone="+7 912 345-67-89"),
        client(2, "Other", phone="89123456789"),  # Acme's phone
        client(3, "Beta", email="info@beta.ru"),
        Client("Gamma", 2, date(2026, 1, 1), email="INFO@beta.ru", id=4),  # Boris's: Beta's
        client(5, "ACME"),  # Acme's name
        client(6, "Delta", phone="12"),  # too short to compare
        client(7, "Epsilon", phone="12"),
    ]
    assert duplicates(clients) == {1, 2, 3, 4, 5}


def test_audit_counts_one_employee_by_hand() -> None:
    """Required: contact, phone, email, comment — 4 × 3 clients = 12 to fill. Missing:
    contact (Gamma), phone (Beta, Gamma), email (Beta), comment (Gamma): 5, so 7 / 12.
    Beta has neither phone nor e-mail; Beta's "ok" and Gamma's nothing say too little."""
    clients = [
        client(1, "Alpha", contact="Ivan", phone="+7 900 000-00-01", email="a@a.ru", comment=LONG),
        client(2, "Beta", contact="Olga", comment="ok"),
        client(3, "Gamma", email="g@g.ru"),
    ]
    deals = [
        deal(11, next_step_due=date(2026, 11, 20)),  # overdue step
        deal(12, next_step=""),  # no step
        deal(13, last_contact=date(2026, 10, 1)),  # a meeting: stale after 7 days
        deal(14, "invoice", expected_payment=date(2026, 11, 10)),  # hot, past expected
        deal(15, "meeting", expected_payment=date(2026, 11, 10)),  # past expected, not hot
        deal(16, "won", closed=date(2026, 11, 1), next_step_due=date(2026, 10, 1)),  # closed
        deal(
            17,
            last_contact=date(2026, 10, 1),
            snoozed_until=date(2026, 12, 1),
            snooze_reason="on leave",
        ),  # snoozed
    ]
    found = audit(clients, deals, default_settings(), DAY)
    assert found.clients == 3
    assert found.completeness == 7 / 12
    assert found.missing == {"contact": 1, "phone": 2, "email": 1, "comment": 1}
    assert found.no_contacts == (2,)
    assert found.empty_comments == (2, 3)
    assert found.duplicates == ()
    assert found.overdue_steps == (11, 12)
    assert found.stale_deals == (13,)
    assert found.hot_past_expected == (14,)


def test_audit_of_an_employee_without_clients_or_deals() -> None:
    found = audit([], [], default_settings(), DAY)
    assert found.clients == 0 and found.completeness is None
    assert found.no_contacts == found.overdue_steps == found.stale_deals == ()


def test_required_fields_are_a_setting() -> None:
    """Only the phone required: Beta and Gamma lack it, 1 of 3 filled; a field a client does
    not have is refused naming the setting."""
    settings = default_settings()
    clients = [client(1, "Alpha", phone="1234567"), client(2, "Beta"), client(3, "Gamma")]
    found = audit(clients, [], Settings(settings.funnel, required_fields=("phone",)), DAY)
    assert found.completeness == 1 / 3 and found.missing == {"phone": 2}
    with pytest.raises(ValidationError) as caught:
        Settings(settings.funnel, required_fields=("phone", "birthday"))
    assert str(caught.value).startswith("required_fields: ")
