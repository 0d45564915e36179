"""Telegram Desktop exports read into chat messages: hand-written edge cases, then the
third-party samples of ../shared/realdata/realchat/telegram (read in place, never copied)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from salestui.io.chat import ChatError, ChatMessage
from salestui.io.telegram import chat_names, parse_telegram, read_telegram

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "realchat" / "telegram"


def export(*messages: dict[str, Any]) -> dict[str, Any]:
    """Return a chat's export holding messages."""
    return {"name": "Отдел продаж", "type": "private_group", "id": 1, "messages": list(messages)}


def test_text_fragments_senders_and_dates() -> None:
    data = export(
        {
            "id": 1,
            "type": "message",
            "date": "2026-11-26T09:05:00",
            "from": "Анна Петрова",
            "text": "В офисе, звоню по списку",
        },
        {
            "id": 2,
            "type": "message",
            "date": "2026-11-26T09:12:30",
            "from": "Boris",
            "text": [
                "На выезде у ",
                {"type": "bold", "text": "Acme"},
                ", потом ",
                {"type": "link", "text": "https://acme.example"},
            ],
        },
        {
            "id": 3,
            "type": "message",
            "date_unixtime": "1764148800",
            "from": "Vera",
            "text": "line one\nline two",
            "edited": "2026-11-26T10:00:00",
        },
    )
    found = parse_telegram(data, "result.json")
    assert found[0] == ChatMessage(
        "Анна Петрова", datetime(2026, 11, 26, 9, 5), "В офисе, звоню по списку"
    )
    assert found[1].text == "На выезде у Acme, потом https://acme.example"
    assert found[2].text == "line one\nline two"
    assert found[2].at == datetime.fromtimestamp(1764148800)


def test_service_media_and_deleted_accounts_are_skipped() -> None:
    data = export(
        {
            "id": 1,
            "type": "service",
            "date": "2026-11-26T09:00:00",
            "actor": "Anna",
            "action": "pin_message",
            "text": "",
        },
        {
            "id": 2,
            "type": "message",
            "date": "2026-11-26T09:01:00",
            "from": "Anna",
            "photo": "photos/1.jpg",
            "text": "",
        },
        {
            "id": 3,
            "type": "message",
            "date": "2026-11-26T09:02:00",
            "from": None,
            "text": "from a deleted account",
        },
        {
            "id": 4,
            "type": "message",
            "date": "2026-11-26T09:03:00",
            "from": "Anna",
            "media_type": "sticker",
            "text": "  ",
        },
        {"id": 5, "type": "message", "date": "2026-11-26T09:04:00", "from": "Anna", "text": "ok"},
    )
    assert [m.text for m in parse_telegram(data, "result.json")] == ["ok"]


def test_a_full_account_export_reads_the_chat_named() -> None:
    team = export(
        {
            "id": 1,
            "type": "message",
            "date": "2026-11-26T09:00:00",
            "from": "Anna",
            "text": "office",
        }
    )
    other = {**export(), "name": "Family"}
    data = {"about": "...", "chats": {"about": "...", "list": [other, team]}}
    assert chat_names(data) == ["Family", "Отдел продаж"]
    assert [m.text for m in parse_telegram(data, "result.json", chat="отдел ПРОДАЖ")] == ["office"]
    with pytest.raises(ChatError) as caught:
        parse_telegram(data, "result.json")
    assert "Family, Отдел продаж" in str(caught.value)
    with pytest.raises(ChatError) as caught:
        parse_telegram(data, "result.json", chat="Sales")
    assert "Sales" in str(caught.value)
    only = {"chats": {"list": [team]}}
    assert len(parse_telegram(only, "result.json")) == 1


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ([], "result.json: no «messages»"),
        ({"name": "x"}, "result.json: no «messages»"),
        (export("not an object"), "result.json: message 1: «messages» is not readable"),
        (export({"type": "message", "from": "A", "text": "hi"}), "message 1: «date»"),
        (export({"date": "yesterday", "from": "A", "text": "hi"}), "message 1: «date»"),
        (export({"date": "2026-11-26T09:00:00", "from": "A", "text": 5}), "message 1: «text»"),
        (export({"date": "2026-11-26T09:00:00", "from": "A", "text": [1]}), "message 1: «text»"),
    ],
)
def test_a_malformed_export_is_refused_naming_the_key(data: object, said: str) -> None:
    with pytest.raises(ChatError) as caught:
        parse_telegram(data, "result.json")
    assert said in str(caught.value)


def test_a_file_that_is_not_json_names_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "result.json"
    broken.write_text('{\n  "messages": [\n    {"id": 1,,}\n  ]\n}\n', encoding="utf-8")
    with pytest.raises(ChatError) as caught:
        read_telegram(broken)
    assert str(caught.value).startswith("result.json, line 3: ")
    latin = tmp_path / "latin.json"
    latin.write_bytes(b'{"messages": ["\xe9"]}')
    with pytest.raises(ChatError) as caught:
        read_telegram(latin)
    assert "latin.json" in str(caught.value)
    with pytest.raises(ChatError) as caught:
        read_telegram(tmp_path / "missing.json")
    assert str(caught.value).startswith("missing.json: ")
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + json.dumps(export()).encode())
    assert read_telegram(bom) == []
    # JSON Python refuses though it is well formed: a ChatError, never a crash.
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 5_000 + "]" * 5_000, encoding="utf-8")
    with pytest.raises(ChatError, match=r"deep\.json: not a Telegram export \(its JSON is nested"):
        read_telegram(deep)
    number = tmp_path / "number.json"
    number.write_text('{"messages": [{"id": ' + "9" * 5000 + "}]}", encoding="utf-8")
    with pytest.raises(ChatError, match=r"number\.json: not a Telegram export \(Exceeds"):
        read_telegram(number)


def samples() -> list[Path]:
    """Return every sample export (none when the shared folder is absent)."""
    return sorted(SAMPLES.glob("*/*.json")) if SAMPLES.is_dir() else []


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/realdata/realchat is not here")
@pytest.mark.parametrize("path", samples(), ids=lambda p: p.parent.name)
def test_every_third_party_sample_is_read(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8-sig"))
    names = chat_names(raw)
    found = read_telegram(path, chat=names[-1] if len(names) > 1 else None)
    assert found, path
    assert all(m.sender and m.text.strip() for m in found)
    assert all(isinstance(m.at, datetime) and m.at.tzinfo is None for m in found)


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/realdata/realchat is not here")
def test_the_public_group_sample_by_hand() -> None:
    """The public supergroup excerpt: 155 messages, one from a deleted account (skipped),
    stickers and photos without a caption (skipped); fragment lists joined."""
    path = SAMPLES / "tgif_real_group_public_supergroup" / "exported.json"
    raw = json.loads(path.read_text(encoding="utf-8"))["messages"]
    found = read_telegram(path)
    deleted = sum(1 for m in raw if m.get("from") is None)
    assert deleted >= 1
    assert len(found) < len(raw) - deleted + 1
    first = next(
        m
        for m in raw
        if m.get("from")
        and isinstance(m.get("text"), list)
        and any(isinstance(p, dict) for p in m["text"])
    )
    joined = "".join(p if isinstance(p, str) else p["text"] for p in first["text"]).strip()
    assert joined in [m.text for m in found]


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/realdata/realchat is not here")
def test_the_cyrillic_sample_keeps_names_and_text() -> None:
    found = read_telegram(SAMPLES / "chatstyle_result_cyrillic_fragments" / "result.json")
    assert any(any("а" <= ch.casefold() <= "я" for ch in m.sender) for m in found)
    assert any("\n" in m.text for m in found)


def test_a_time_only_in_unix_seconds_is_read_in_the_exporters_zone() -> None:
    """The first message has both its local time (12:00) and its Unix time (09:00 UTC): the
    exporter was 3 hours ahead, so a message with only a Unix time of 21:30 UTC was written
    at 00:30 the next day there, whatever the zone of the computer reading it."""
    noon_utc9 = int(datetime(2026, 11, 26, 9, 0, tzinfo=UTC).timestamp())
    late = int(datetime(2026, 11, 26, 21, 30, tzinfo=UTC).timestamp())
    data = export(
        {
            "date": "2026-11-26T12:00:00",
            "date_unixtime": str(noon_utc9),
            "from": "A",
            "text": "first",
        },
        {"date_unixtime": str(late), "from": "B", "text": "late"},
    )
    found = parse_telegram(data, "result.json")
    assert [m.at for m in found] == [datetime(2026, 11, 26, 12, 0), datetime(2026, 11, 27, 0, 30)]
