"""WhatsApp "Export chat" files read into chat messages: hand-written edge cases, then the
third-party samples of ../shared/realdata/realchat/whatsapp (read in place, never copied)."""

from __future__ import annotations

import contextlib
import json
import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salestui.i18n import set_language
from salestui.io.chat import ChatError, ChatMessage, DateOrderError
from salestui.io.whatsapp import parse_whatsapp, read_whatsapp

REALCHAT = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "realchat"
SAMPLES = REALCHAT / "whatsapp"
NNBSP, LRM = "\u202f", "\u200e"


def only(text: str, *, day_first: bool | None = None) -> ChatMessage:
    """Parse a chat that must hold exactly one message and return it."""
    found = parse_whatsapp(text, "chat.txt", day_first=day_first)
    assert len(found) == 1, found
    return found[0]


# --- header shapes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "at"),
    [
        ("26/11/2026, 09:15 - Anna: on site", datetime(2026, 11, 26, 9, 15)),
        ("26.11.26, 09:15 - Anna: on site", datetime(2026, 11, 26, 9, 15)),
        ("11/26/26, 9:15 AM - Anna: on site", datetime(2026, 11, 26, 9, 15)),
        ("11/26/26, 9:15 PM - Anna: on site", datetime(2026, 11, 26, 21, 15)),
        (f"11/26/26, 9:15{NNBSP}PM - Anna: on site", datetime(2026, 11, 26, 21, 15)),
        (f"11/26/26, 9:15{NNBSP}am - Anna: on site", datetime(2026, 11, 26, 9, 15)),
        ("[26.11.26, 09:15:03] Anna: on site", datetime(2026, 11, 26, 9, 15, 3)),
        ("[11/26/26, 9:15:03 PM] Anna: on site", datetime(2026, 11, 26, 21, 15, 3)),
        (f"{LRM}[11/26/26, 9:15:03 AM] Anna: on site", datetime(2026, 11, 26, 9, 15, 3)),
        ("[11/26/26 09:15] Anna: on site", datetime(2026, 11, 26, 9, 15)),
        ("[2026/11/26, 16:13:23] Anna: on site", datetime(2026, 11, 26, 16, 13, 23)),
        ("2026-11-26, 9:15 p.m. - Anna: on site", datetime(2026, 11, 26, 21, 15)),
        ("2026-11-26, 9:15 a.m. - Anna: on site", datetime(2026, 11, 26, 9, 15)),
        ("2026/11/26, 09:15 - Anna: on site", datetime(2026, 11, 26, 9, 15)),
        ("26-11-2026, 09:15:30 PM - Anna: on site", datetime(2026, 11, 26, 21, 15, 30)),
        ("11/26/2026, 09:15 a. m. - Anna: on site", datetime(2026, 11, 26, 9, 15)),
        ("11/26/2026, 09:15 p. m. - Anna: on site", datetime(2026, 11, 26, 21, 15)),
        ("11/26/2026, 00:08 a. m. - Anna: on site", datetime(2026, 11, 26, 0, 8)),
        ("11/26/26, 12:05 AM - Anna: on site", datetime(2026, 11, 26, 0, 5)),
        ("11/26/26, 12:05 PM - Anna: on site", datetime(2026, 11, 26, 12, 5)),
        ("11/26/26, 3:22_AM - Anna: on site", datetime(2026, 11, 26, 3, 22)),
        ("13/1/26, 9:05 - Anna: on site", datetime(2026, 1, 13, 9, 5)),
        ("1/13/26, 9:05 - Anna: on site", datetime(2026, 1, 13, 9, 5)),
        (f"{LRM}{LRM}26.11.2026, 09:15 - Anna: on site", datetime(2026, 11, 26, 9, 15)),
    ],
)
def test_every_header_shape(line: str, at: datetime) -> None:
    """Android and iOS headers of every locale give the same sender, text and moment."""
    assert only(line) == ChatMessage("Anna", at, "on site")


def test_unpadded_day_month_with_the_order_given() -> None:
    """D/M/YY without padding: 1/2/26 is 1 February day first, 2 January month first."""
    text = "1/2/26, 9:05 - Anna: here"
    assert only(text, day_first=True).at == datetime(2026, 2, 1, 9, 5)
    assert only(text, day_first=False).at == datetime(2026, 1, 2, 9, 5)


def test_a_four_digit_and_a_two_digit_year_agree() -> None:
    """26 is read as 2026, like 2026."""
    assert only("26.11.26, 09:15 - A: x").at == only("26.11.2026, 09:15 - A: x").at


# --- message bodies ------------------------------------------------------------------------


def test_multi_line_message_keeps_its_blank_line_and_drops_trailing_ones() -> None:
    """Lines without a header continue the message; trailing blank lines are trimmed."""
    text = (
        "26.11.2026, 09:15 - Анна Петрова: Доброе утро!\n"
        "\n"
        "Сегодня на выезде у клиента\n"
        "\n"
        "\n"
        "26.11.2026, 09:16 - Борис: В офисе\n"
        "\n"
    )
    first, second = parse_whatsapp(text, "chat.txt")
    assert first == ChatMessage(
        "Анна Петрова",
        datetime(2026, 11, 26, 9, 15),
        "Доброе утро!\n\nСегодня на выезде у клиента",
    )
    assert second == ChatMessage("Борис", datetime(2026, 11, 26, 9, 16), "В офисе")


def test_cyrillic_names_and_text() -> None:
    """Russian senders and text pass through unchanged."""
    found = only("26.11.2026, 09:15 - Ёлкина Юлия: На месте, звоню по списку 📞")
    assert (found.sender, found.text) == ("Ёлкина Юлия", "На месте, звоню по списку 📞")


def test_a_colon_inside_the_text_stays_in_the_text() -> None:
    """Only the first ': ' ends the sender's name."""
    assert only("26.11.2026, 09:15 - Anna: plan: 5 calls").text == "plan: 5 calls"


def test_messages_keep_file_order() -> None:
    """An out-of-order line is not sorted: the file's order is the order."""
    text = "26.11.2026, 10:00 - A: later\n26.11.2026, 09:00 - B: earlier\n"
    assert [m.text for m in parse_whatsapp(text, "c.txt")] == ["later", "earlier"]


def test_system_lines_are_skipped() -> None:
    """Lines without 'sender: ' and the encryption notice put under a chat's name are dropped."""
    text = (
        "26.11.2026, 09:00 - Messages and calls are end-to-end encrypted. No one outside of "
        "this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n"
        "26.11.2026, 09:00 - Сообщения и звонки защищены сквозным шифрованием. Нажмите, чтобы "
        "узнать больше.\n"
        '26.11.2026, 09:01 - Anna created group "Sales"\n'
        "26.11.2026, 09:01 - Anna added Boris\n"
        "26.11.2026, 09:01 - Анна добавила Бориса\n"
        "26.11.2026, 09:02 - Sales: \u200eMessages and calls are end-to-end encrypted.\n"
        "26.11.2026, 09:03 - John Doe:.\n"
        "26.11.2026, 09:05 - Boris: here\n"
    )
    assert parse_whatsapp(text, "c.txt") == [
        ChatMessage("Boris", datetime(2026, 11, 26, 9, 5), "here")
    ]


@pytest.mark.parametrize(
    "placeholder",
    [
        "<Media omitted>",
        "<media omitted>",
        f"{LRM}image omitted",
        "video omitted",
        "sticker omitted",
        "<Без медиафайлов>",
        "This message was deleted",
        "Это сообщение удалено",
        "<attached: 00000005-PHOTO-2026-11-26-09-15-00.jpg>",
        "IMG-20261126-WA0001.jpg (file attached)",
    ],
)
def test_media_and_deleted_placeholders_are_skipped(placeholder: str) -> None:
    """A message that is only a placeholder says nothing: dropped; the rest stays."""
    text = f"26.11.2026, 09:15 - Anna: {placeholder}\n26.11.2026, 09:16 - Anna: on site\n"
    assert [m.text for m in parse_whatsapp(text, "c.txt")] == ["on site"]


def test_a_placeholder_with_a_caption_is_kept() -> None:
    """Only a whole-text placeholder is dropped, not a message mentioning one."""
    assert only("26.11.2026, 09:15 - Anna: image omitted, sorry").text == "image omitted, sorry"


@pytest.mark.parametrize(
    ("written", "name"),
    [
        (f"{LRM}Dr. Feather", "Dr. Feather"),
        ("\u202a+7 912 345-67-89\u202c", "+7 912 345-67-89"),
        ("~ Мария", "Мария"),
        (f"~{NNBSP}Мария", "Мария"),
        (f"{LRM}~{NNBSP}Мария", "Мария"),
        ("Jessie & James", "Jessie & James"),
        ("🤓", "🤓"),
    ],
)
def test_sender_names_lose_marks_and_the_non_contact_tilde(written: str, name: str) -> None:
    """Direction marks and WhatsApp's '~ ' before unknown numbers are not part of a name."""
    assert only(f"26.11.2026, 09:15 - {written}: here").sender == name


def test_leading_marks_of_a_text_are_dropped() -> None:
    """iOS puts U+200E before some texts; it is invisible and not the text."""
    assert only(f"[26.11.26, 09:15:03] Anna: {LRM}on site").text == "on site"


# --- day and month order -------------------------------------------------------------------


AMBIGUOUS = "03/04/2026, 09:15 - Anna: on site\n05/06/2026, 09:20 - Boris: here\n"


def test_ambiguous_order_asks_which() -> None:
    """Every date reads both ways: DateOrderError names the file and the option."""
    with pytest.raises(DateOrderError, match=r"^team\.txt: .*--date-format DMY or MDY"):
        parse_whatsapp(AMBIGUOUS, "team.txt")


def test_ambiguous_order_is_asked_in_russian() -> None:
    """The question is translated."""
    set_language("ru")
    with pytest.raises(DateOrderError, match=r"^team\.txt: даты читаются"):
        parse_whatsapp(AMBIGUOUS, "team.txt")


def test_the_two_forced_orders_give_different_dates() -> None:
    """day_first=True reads 03/04 as 3 April, False as 4 March."""
    day = parse_whatsapp(AMBIGUOUS, "team.txt", day_first=True)
    month = parse_whatsapp(AMBIGUOUS, "team.txt", day_first=False)
    assert [m.at for m in day] == [datetime(2026, 4, 3, 9, 15), datetime(2026, 6, 5, 9, 20)]
    assert [m.at for m in month] == [datetime(2026, 3, 4, 9, 15), datetime(2026, 5, 6, 9, 20)]


def test_one_date_above_twelve_decides_the_order() -> None:
    """13 first means day first for the whole file; 13 second means month first."""
    day = parse_whatsapp(AMBIGUOUS + "13/06/2026, 10:00 - Anna: x\n", "c.txt")
    month = parse_whatsapp(AMBIGUOUS + "06/13/2026, 10:00 - Anna: x\n", "c.txt")
    assert day[0].at == datetime(2026, 4, 3, 9, 15)
    assert month[0].at == datetime(2026, 3, 4, 9, 15)


def test_dates_that_read_alike_either_way_need_no_choice() -> None:
    """05/05 and year-first dates are the same in both orders: nothing to ask."""
    text = "05/05/2026, 09:15 - Anna: x\n2026-04-03, 09:15 - Anna: y\n"
    assert [m.at.date().isoformat() for m in parse_whatsapp(text, "c.txt")] == [
        "2026-05-05",
        "2026-04-03",
    ]


def test_a_file_mixing_both_orders_is_refused_naming_the_line() -> None:
    """13/06 then 06/13: no single order fits; the later line is named."""
    text = "13/06/2026, 09:15 - Anna: x\n\n06/13/2026, 09:15 - Anna: y\n"
    with pytest.raises(ChatError, match=r"^c\.txt, line 3: .*line 1"):
        parse_whatsapp(text, "c.txt")


def test_a_forced_order_that_gives_no_date_is_refused_naming_the_line() -> None:
    """13/06 month first is month 13: ChatError names the line, not a ValueError."""
    with pytest.raises(ChatError, match=r"^c\.txt, line 2: '13/06/2026, 09:15'"):
        parse_whatsapp(
            "05/06/2026, 09:15 - A: x\n13/06/2026, 09:15 - A: y\n", "c.txt", day_first=False
        )


# --- malformed files -----------------------------------------------------------------------


def test_text_before_the_first_message_is_refused_naming_the_line() -> None:
    """Blank lines may come first; other text may not."""
    text = "\n\nSales chat\n26.11.2026, 09:15 - Anna: here\n"
    with pytest.raises(ChatError, match=r"^c\.txt, line 3: "):
        parse_whatsapp(text, "c.txt")


def test_leading_blank_lines_are_fine() -> None:
    """Only non-blank text before the first header is an error."""
    assert only(f"\n  \n{LRM}\n26.11.2026, 09:15 - Anna: here").text == "here"


@pytest.mark.parametrize("text", ["", "\n\n", "hello\nworld\n", '{"messages": []}'])
def test_a_file_without_messages_is_refused(text: str) -> None:
    """No header at all: not a WhatsApp export."""
    with pytest.raises(ChatError, match=r"^c\.txt: no WhatsApp messages"):
        parse_whatsapp(text, "c.txt")


def test_only_system_lines_give_no_messages() -> None:
    """Headers without any message: an empty chat, not an error."""
    assert parse_whatsapp('26.11.2026, 09:15 - Anna created group "Sales"\n', "c.txt") == []


@pytest.mark.parametrize(
    "line",
    [
        "31/02/2026, 09:15 - Anna: x",
        "26/11/2026, 25:15 - Anna: x",
        "26/11/2026, 09:75 - Anna: x",
        "11/26/26, 13:15 PM - Anna: x",
        "2026-13-01, 09:15 - Anna: x",
    ],
)
def test_impossible_dates_and_times_are_refused_naming_the_line(line: str) -> None:
    """A header with no such moment is a ChatError with its line, never a ValueError."""
    with pytest.raises(ChatError, match=r"^c\.txt, line 2: "):
        parse_whatsapp(f"26/11/2026, 09:00 - Anna: ok\n{line}\n", "c.txt")


def test_errors_are_translated() -> None:
    """The line-naming error reads in Russian."""
    set_language("ru")
    with pytest.raises(ChatError, match=r"^c\.txt, строка 1: текст до первого сообщения"):
        parse_whatsapp("Чат\n26.11.2026, 09:15 - Анна: тут\n", "c.txt")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=30),
            st.sampled_from(
                [
                    "26/11/2026, 09:15 - Anna: x",
                    "13/13/26, 9:15 PM - A: y",
                    "[1/2/26, 99:99:99 AM] B: z",
                    "2026-02-30, 9:15 p.m. - C: w",
                    "99.99.9999, 00:00 - ",
                ]
            ),
        ),
        max_size=8,
    ),
    st.sampled_from([None, True, False]),
)
def test_any_text_gives_messages_or_a_chat_error(lines: list[str], day_first: bool | None) -> None:
    """Whatever the text, the parser returns messages or raises ChatError, nothing else."""
    with contextlib.suppress(ChatError):
        parse_whatsapp("\n".join(lines), "c.txt", day_first=day_first)


# --- files ---------------------------------------------------------------------------------


def test_read_txt_with_bom_and_crlf(tmp_path: Path) -> None:
    """A UTF-8 file with a BOM and Windows line ends reads like a plain one."""
    path = tmp_path / "WhatsApp Chat with Sales.txt"
    text = (
        "26.11.2026, 09:15 - Анна: Доброе утро\r\n\r\nвторая строка\r\n"
        "26.11.2026, 09:16 - Борис: Да\r\n"
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    first, second = read_whatsapp(path)
    assert first.text == "Доброе утро\n\nвторая строка"
    assert (second.sender, second.text) == ("Борис", "Да")


def test_read_zip_export(tmp_path: Path) -> None:
    """An export .zip: the chat's _chat.txt is read, a shared .txt document beside it is not."""
    path = tmp_path / "WhatsApp Chat - Sales.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notes.txt", "not the chat")
        archive.writestr("_chat.txt", "[26.11.26, 09:15:03] Анна: на месте\r\n")
        archive.writestr("00000005-PHOTO.jpg", b"\xff\xd8")
    assert read_whatsapp(path) == [
        ChatMessage("Анна", datetime(2026, 11, 26, 9, 15, 3), "на месте")
    ]


def test_read_zip_with_one_differently_named_txt(tmp_path: Path) -> None:
    """Android names the chat's file 'WhatsApp Chat with ….txt'; any single .txt is taken."""
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Чат WhatsApp с Отдел продаж.txt", "26.11.2026, 09:15 - Анна: тут\n")
    assert read_whatsapp(path)[0].sender == "Анна"


def test_zip_without_txt_is_refused(tmp_path: Path) -> None:
    """A zip holding no .txt is a ChatError naming the zip."""
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("IMG-1.jpg", b"\xff\xd8")
    with pytest.raises(ChatError, match=r"^photos\.zip: .*no chat \.txt"):
        read_whatsapp(path)


def test_a_broken_zip_is_refused(tmp_path: Path) -> None:
    """A file named .zip that is not one, or is cut short, is unreadable, naming it."""
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"this is not a zip")
    with pytest.raises(ChatError, match=r"^bad\.zip: cannot be read: "):
        read_whatsapp(bad)
    good = tmp_path / "good.zip"
    with zipfile.ZipFile(good, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_chat.txt", "26.11.2026, 09:15 - Anna: here\n" * 200)
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good.read_bytes()[:-40])
    with pytest.raises(ChatError, match=r"^cut\.zip: "):
        read_whatsapp(cut)


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    """No file, or a folder: ChatError naming it, not OSError."""
    with pytest.raises(ChatError, match=r"^absent\.txt: cannot be read: "):
        read_whatsapp(tmp_path / "absent.txt")
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(ChatError, match=r"^folder\.txt: cannot be read: "):
        read_whatsapp(tmp_path / "folder.txt")


def test_undecodable_bytes_are_refused_naming_the_line(tmp_path: Path) -> None:
    """A file in another encoding (here cp1251) is a ChatError with the line of the bad byte."""
    path = tmp_path / "chat.txt"
    path.write_bytes(
        b"26.11.2026, 09:15 - Anna: ok\n" + "26.11.2026, 09:16 - Анна: тут\n".encode("cp1251")
    )
    with pytest.raises(ChatError, match=r"^chat\.txt, line 2: .*UTF-8"):
        read_whatsapp(path)


def test_file_errors_name_only_the_file_on_one_line(tmp_path: Path) -> None:
    """The message is one line and shows the file's name, not its folder."""
    with pytest.raises(ChatError) as caught:
        read_whatsapp(tmp_path / "absent.txt")
    assert "\n" not in str(caught.value)
    assert str(tmp_path) not in str(caught.value)


# --- the real samples ----------------------------------------------------------------------

# Folder → (day_first to pass when the file is ambiguous, else None; messages expected).
# The order comes from the folder's name or its SOURCE.txt (the zip is the 4A_11M chat, day first).
REAL = {
    "pustur_ddmmyyyy_slash_multiline": (True, 3),
    "whatstk_pokemon_ddmmyyyy_dots": (None, 18),
    "whatstk_yyyymmdd_12h_AMPM": (None, 18),
    "whatstk_yyyymmdd_12h_pdotm": (None, 18),
    "whatstk_ddmmyyyy_dash_12h_seconds": (None, 18),
    "chatminer_ddmmyy_24h": (None, 6),
    "chatminer_mmddyy_24h": (None, 6),
    "chatminer_yyyymmdd_24h": (None, 6),
    "chatminer_bracket_mmddyy_24h": (None, 6),
    "chatminer_mmddyyyy_12h_ampm_spanish": (None, 6),
    "chatanalytics_dmyy_unpadded_group": (True, 11),
    "chatanalytics_dmyy_media_lowercase": (None, 4),  # only 1/1/21: the same either way
    "chatanalytics_zip_export": (True, 11),
    "langchain_mixed_formats": (None, 8),
    "langchain_ios_12h_lrm_image_omitted": (None, 8),
}
CHATMINER = [name for name in REAL if name.startswith("chatminer_")]


def needs_samples() -> None:
    """Skip when the shared real-data folder is not next to the project."""
    if not SAMPLES.is_dir():
        pytest.skip("../shared/realdata/realchat/whatsapp is not here (third-party samples)")


def sample(folder: str) -> Path:
    """Return the one export file (.txt or .zip) of a sample folder."""
    found = [p for p in (SAMPLES / folder).iterdir() if p.suffix in (".txt", ".zip")]
    found = [p for p in found if p.name != "SOURCE.txt"]
    assert len(found) == 1, found
    return found[0]


def read_sample(folder: str) -> list[ChatMessage]:
    """Read a sample with the order its folder names (only needed when it is ambiguous)."""
    return read_whatsapp(sample(folder), day_first=REAL[folder][0])


def test_the_table_covers_every_whatsapp_sample_of_the_index() -> None:
    """Every WhatsApp folder INDEX.txt lists (but the expected-result one) is tested."""
    needs_samples()
    index = (REALCHAT / "INDEX.txt").read_text(encoding="utf-8")
    section = index.split("whatsapp/", 1)[1].split("telephony/", 1)[0]
    listed = {w for w in re.findall(r"\b\w+\b", section) if (SAMPLES / w).is_dir()}
    assert listed - {"chatminer_target"} == set(REAL)


@pytest.mark.parametrize("folder", sorted(REAL))
def test_each_real_sample_parses(folder: str) -> None:
    """Each sample reads without error into the expected number of plausible messages."""
    needs_samples()
    found = read_sample(folder)
    assert len(found) == REAL[folder][1]
    for message in found:
        assert message.sender and message.sender == message.sender.strip()
        assert message.text and message.text == message.text.strip()
        assert "\u200e" not in message.sender
        assert 2016 <= message.at.year <= 2023
        assert message.text.casefold() not in {"<media omitted>", "image omitted"}


@pytest.mark.parametrize("folder", sorted(f for f, (order, _) in REAL.items() if order is not None))
def test_ambiguous_real_samples_ask_for_the_order(folder: str) -> None:
    """The samples whose dates all read both ways raise DateOrderError without day_first."""
    needs_samples()
    with pytest.raises(DateOrderError, match=re.escape(sample(folder).name)):
        read_whatsapp(sample(folder))


def test_chatminer_locales_agree_with_each_other_and_the_target() -> None:
    """The same 10 lines in five locales give the same messages, and chat-miner's target.json
    (newest first, lines joined by a space) once reversed."""
    needs_samples()
    parsed = {folder: read_sample(folder) for folder in CHATMINER}
    first = parsed[CHATMINER[0]]
    for folder, found in parsed.items():
        assert found == first, folder
    target = json.loads((SAMPLES / "chatminer_target" / "target.json").read_text("utf-8"))
    expected = [
        (datetime.fromisoformat(t["timestamp"]), t["author"], t["message"]) for t in target[::-1]
    ]
    assert [(m.at, m.sender, m.text.replace("\n", " ")) for m in first] == expected


def test_pustur_keeps_its_multi_line_message() -> None:
    """The phone-number author's message keeps its blank line inside."""
    needs_samples()
    found = read_sample("pustur_ddmmyyyy_slash_multiline")
    assert [m.sender for m in found] == ["Sample User", "TestBot", "+410123456789"]
    assert found[-1].text == "How are you?\n\nIs everything alright?"
    assert found[0].at == datetime(2017, 3, 6, 0, 45)


def test_pokemon_variants_give_the_same_senders() -> None:
    """The same group chat in three locales: the same senders in the same order; the
    encryption notice put under the chat's name is not a message."""
    needs_samples()
    folders = [
        "whatstk_pokemon_ddmmyyyy_dots",
        "whatstk_yyyymmdd_12h_AMPM",
        "whatstk_ddmmyyyy_dash_12h_seconds",
    ]
    senders = [[m.sender for m in read_sample(f)] for f in folders]
    assert senders[0] == senders[1] == senders[2]
    assert senders[0][0] == "Ash Ketchum"
    dash = read_sample("whatstk_ddmmyyyy_dash_12h_seconds")
    assert dash[0].at == datetime(2016, 8, 6, 13, 23, 10)


def test_zip_export_matches_its_txt() -> None:
    """The zipped _chat.txt (CRLF) gives what the plain 4A_11M.txt gives."""
    needs_samples()
    zipped = read_sample("chatanalytics_zip_export")
    assert zipped == read_sample("chatanalytics_dmyy_unpadded_group")
    assert zipped[0] == ChatMessage("Bob", datetime(2020, 9, 12, 23, 55), "hello")
    assert "Alice created group" not in " ".join(m.text for m in zipped)


def test_langchain_mixed_formats() -> None:
    """One line per header variant: U+202F before PM, '~ ' names, '3:22_AM', placeholders."""
    needs_samples()
    found = read_sample("langchain_mixed_formats")
    assert [m.sender for m in found] == [
        "James",
        "User name",
        "User 2",
        "User 1",
        "User name 2",
        "User 2",
        "User 1",
        "User 2",
    ]
    assert found[0].at == datetime(2023, 5, 5, 15, 48, 11)
    assert found[5].at == datetime(2023, 5, 4, 16, 13, 23)
    assert found[6].at == datetime(2022, 7, 19, 23, 32)


def test_langchain_ios_drops_images_and_the_notice() -> None:
    """iOS with U+200E marks: 'image omitted' and the notice under a person's name dropped."""
    needs_samples()
    found = read_sample("langchain_ios_12h_lrm_image_omitted")
    assert {m.sender for m in found} == {"Dr. Feather", "Jungle Jane"}
    assert found[0].at == datetime(2023, 8, 15, 9, 12, 43)
    assert found[-1].at == datetime(2023, 8, 15, 21, 25, 16)
