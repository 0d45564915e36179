"""Clients & deals: every client and deal of the team, searched as you type, and one client's
deals, invoices and payments.

At 100,000 clients nothing here builds a row that is not on screen: the search runs over a
compact index of lower-case strings (one per client) and the list draws only its visible
lines (RowList, a Line API widget), fetching those few records from the repository.
"""

from __future__ import annotations

import bisect
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from time import perf_counter
from typing import Any, ClassVar, Final

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Header, Input, Static

from salestui.bulk import order, quiet_gc
from salestui.i18n import fmt_date, fmt_int, fmt_percent, tr, trn
from salestui.models import LOST, OUTCOMES, WON, Client, Deal, Invoice, Payment, Settings, is_hot
from salestui.money import fmt_amount, fmt_money, symbol
from salestui.store import Repository
from salestui.textfit import fit_names
from salestui.tui.keys import ROW_KEYS, bind
from salestui.tui.screens.base import BaseScreen
from salestui.tui.widgets.keys_footer import KeysFooter

Doc = dict[str, Any]
# Where the repository keeps open deals and unpaid invoices (store.schema.OPEN).
OPEN: Final = "open"
# Characters people put between the digits of a phone number; a search for "4951234567"
# finds "+7 (495) 123-45-67".
PHONE_MARKS: Final = (" ", "-", "+", "(", ")", ".", "/", "\u00a0")
ELLIPSIS: Final = "…"
# Legal forms written before a company's name; the list sorts by the name after them.
LEGAL_FORMS: Final = tuple(
    f"{form} " for form in ("ооо", "оао", "зао", "пао", "ао", "ип", "гк", "нко", "ано", "тоо")
)
QUOTES: Final = "«»\"'“”„ "
GUTTER: Final = 2  # left of every row: the cursor marker and a space
CURSOR_MARK: Final = "▸"
# Search texts and phone digits are made this many clients at a time after the list is
# shown (~20 ms each at 100,000 clients), with this pause between two slices.
SLICE: Final = 10_000
SLICE_TICK_S: Final = 0.02
# A stage column is as wide as the longest stage name, up to this.
MAX_STAGE: Final = 14


# -- reading the stored documents ----------------------------------------------------------
# The repository builds a typed record from every document it returns; for a search over
# 100,000 clients only a few strings of each are needed, so the index reads the documents the
# store has parsed (read-only) and asks the repository for the records of the visible rows.
# Stand-in for the compact index requested from the store (see the report of issue 7).


def phone_digits(phone: str) -> str:
    """Return a phone number's digits alone ("+7 (495) 123-45-67" → "74951234567")."""
    for mark in PHONE_MARKS:
        phone = phone.replace(mark, "")
    return phone


def search_words(text: str) -> list[str]:
    """Split a search into lower-case words; a phone-like word keeps its digits only."""
    words = []
    for word in text.casefold().split():
        digits = phone_digits(word)
        words.append(digits if digits.isdigit() else word)
    return words


def _hay(name: str, contact: str, phone: str, email: str) -> str:
    """Return a client's lower-case search text; a control character keeps fields apart."""
    return f"{name}\x1f{contact}\x1f{phone}\x1f{email}".casefold()


def _digits_of(hay: str) -> str:
    """Return the digits of the phone number in a client's search text."""
    return phone_digits(hay.split("\x1f", 3)[2])


def name_key(name: str) -> str:
    """Return the key clients are sorted and compared by: the name in any case, without a
    leading legal form or quotes, so «ООО «Ромашка»» sorts under Р, next to «АО Ромашка»."""
    key = " ".join(name.split()).casefold()
    if key.startswith(LEGAL_FORMS):
        key = key.split(" ", 1)[1]
    return key.strip(QUOTES) or key


class OwnerCodes:
    """Employees numbered 1, 2, 3…: a search tests a small number against a byte mask, not a
    16-digit id against a set (five times faster over 100,000 rows)."""

    def __init__(self) -> None:
        self.code_of: dict[int, int] = {}

    def code(self, employee_id: int) -> int:
        """Return an employee's number, giving the next one to someone new."""
        found = self.code_of.get(employee_id)
        if found is None:
            found = self.code_of[employee_id] = len(self.code_of) + 1
        return found

    def codes(self, employee_ids: Iterable[int]) -> list[int]:
        """Return the numbers of a column of employee ids."""
        column = list(employee_ids)
        for employee_id in dict.fromkeys(column):
            self.code(employee_id)
        code_of = self.code_of
        return [code_of[i] for i in column]

    def mask(self, employee_ids: set[int]) -> bytes:
        """Return 1 at the number of each of these employees, 0 elsewhere (0 is no one)."""
        found = bytearray(len(self.code_of) + 1)
        for employee_id in employee_ids:
            if employee_id in self.code_of:
                found[self.code_of[employee_id]] = 1
        return bytes(found)


class ClientIndex:
    """Every client's id, owner and search text, in name order, kept current by the screen.

    Positions (0 … count-1) are name order; a search returns positions.
    """

    def __init__(self, docs: list[tuple[str, Doc]]) -> None:
        # name_key() written out: stored names are already trimmed and single-spaced
        # (models.clean_name), and a call per client costs a fifth more.
        names = [d["name"].casefold() for _, d in docs]
        names = [
            (k.split(" ", 1)[1] if k.startswith(LEGAL_FORMS) else k).strip(QUOTES) or k
            for k in names
        ]
        ranked = order(names)
        self.names = [names[i] for i in ranked]
        # Read in the order the documents lie, then put in name order.
        ids = [int(k) for k, _ in docs]
        self.ids = [ids[i] for i in ranked]
        self.owner_codes = OwnerCodes()
        owners = self.owner_codes.codes(d["owner"] for _, d in docs)
        self.owners = [owners[i] for i in ranked]
        # The search texts (_hay()) and the phone numbers' digits, by position, are made a
        # slice at a time once the list is on screen (more_step): they took half the time
        # the list took to appear. Made in name order, a search reads them in the order they
        # lie in memory, three to five times faster than in the order the files were read.
        self._unread: list[Doc] | None = [docs[i][1] for i in ranked]
        self.hay: list[str] = []
        self.digits: list[str] = []
        self.name_of = dict(zip(self.ids, self.names, strict=True))
        self.version = 0
        self.source: tuple[tuple[str, int], ...] = ()

    @classmethod
    def build(cls, repo: Repository) -> ClientIndex:
        """Read every client document once and index it."""
        with quiet_gc():
            source = repo.file_sizes("clients")  # parses every file of the table
            index = cls(list(repo.documents("clients")))
        index.source = source
        return index

    def stale(self, repo: Repository) -> bool:
        """Tell whether clients were added elsewhere (another screen) since the index was built."""
        return repo.file_sizes("clients") != self.source

    def __len__(self) -> int:
        return len(self.ids)

    def put(self, client: Client, repo: Repository) -> None:
        """Add or replace one client (after the screen saved it)."""
        self.complete(digits=False)
        old = self.position(client.id)
        if old is not None:
            for column in (self.names, self.ids, self.owners, self.hay):
                del column[old]
            if old < len(self.digits):  # the digits made so far stay aligned with the texts
                del self.digits[old]
        name = name_key(client.name)
        hay = _hay(client.name, client.contact, client.phone, client.email)
        at = bisect.bisect_right(self.names, name)
        self.names.insert(at, name)
        self.ids.insert(at, client.id)
        self.owners.insert(at, self.owner_codes.code(client.owner))
        self.hay.insert(at, hay)
        if at <= len(self.digits):
            self.digits.insert(at, phone_digits(client.phone))
        self.name_of[client.id] = name
        self.version += 1
        self.source = repo.file_sizes("clients")

    def position(self, client_id: int) -> int | None:
        """Return a client's position in name order."""
        name = self.name_of.get(client_id)
        if name is None:
            return None
        at = bisect.bisect_left(self.names, name)
        while at < len(self.names) and self.names[at] == name:
            if self.ids[at] == client_id:
                return at
            at += 1
        return None

    def namesakes(self, name: str) -> list[int]:
        """Return the ids of clients with this name (any case, any spacing)."""
        key = name_key(name)
        at = bisect.bisect_left(self.names, key)
        found = []
        while at < len(self.names) and self.names[at] == key:
            found.append(self.ids[at])
            at += 1
        return found

    def more_step(self, count: int = SLICE) -> bool:
        """Make the next slice of search texts, then of digits; True once all are made."""
        unread = self._unread
        if unread is not None:
            done = len(self.hay)
            self.hay.extend(
                # _hay() written out: a call per client costs a fifth more.
                f"{d['name']}\x1f{d['contact']}\x1f{d['phone']}\x1f{d['email']}".casefold()
                for d in unread[done : done + count]
            )
            if len(self.hay) == len(unread):
                self._unread = None
            return False
        done = len(self.digits)
        self.digits.extend(_digits_of(h) for h in self.hay[done : done + count])
        return len(self.digits) == len(self.hay)

    def complete(self, *, digits: bool) -> None:
        """Make what a search needs now, if it came before the slices were all made."""
        while self._unread is not None:
            self.more_step(len(self.names))
        if digits and len(self.digits) < len(self.hay):
            self.more_step(len(self.names))

    def mask(self, word: str) -> bytes:
        """Return, by position, 1 for a client whose text holds a word (for the deals view).

        One more byte, always 0, stands for "no client" (a lead), at position len(self).
        """
        self.complete(digits=word.isdigit())
        if word.isdigit():
            found = bytearray(len(self.hay) + 1)
            for i in self.match(word, set(), None):
                found[i] = 1
            return bytes(found)
        return bytes([word in h for h in self.hay]) + b"\0"

    def match(self, word: str, owners: set[int], within: Sequence[int] | None) -> list[int]:
        """Return the positions (among `within`; None: all) whose text or owner matches a word.

        A word of digits also finds a phone number written with spaces, dashes or brackets.
        """
        self.complete(digits=word.isdigit())
        hay, owner = self.hay, self.owners
        mine = self.owner_codes.mask(owners)
        rows = range(len(hay)) if within is None else within
        if word.isdigit():
            digits = self.digits
            return [i for i in rows if word in hay[i] or word in digits[i] or mine[owner[i]]]
        if within is None:
            # Every client: the commonest case (the first letter typed), kept tight.
            if owners:
                pairs = zip(hay, owner, strict=True)
                return [i for i, (h, o) in enumerate(pairs) if word in h or mine[o]]
            return [i for i, h in enumerate(hay) if word in h]
        if owners:
            return [i for i in within if word in hay[i] or mine[owner[i]]]
        return [i for i in within if word in hay[i]]


def open_totals(repo: Repository) -> dict[int, tuple[int, int]]:
    """Return each client's open deals: how many and their amount (the open file only)."""
    totals: dict[int, tuple[int, int]] = {}
    if OPEN in repo.shards("deals"):
        for _, doc in repo.documents("deals", [OPEN]):
            client_id = doc.get("client_id")
            if client_id is not None:
                count, amount = totals.get(client_id, (0, 0))
                totals[client_id] = (count + 1, amount + doc["amount"])
    return totals


@dataclass(frozen=True, slots=True)
class Prepared:
    """What the read-ahead thread made for the screen: the client index and open totals (with
    the writes they are current with), the deals view's index and a client's-view index."""

    index: ClientIndex
    open_by_client: dict[int, tuple[int, int]]
    writes: int
    deals: DealIndex
    records: ClientRecords


def prepare(repo: Repository, quiet: Callable[[], None] = lambda: None) -> Prepared | None:
    """Index the client base, every deal and every invoice from the read-ahead thread, so
    the screen, its deals view and the first client open without reading years of files.

    None when a save changed a document under the reading; the screen checks each part
    against the saves since (`writes`, DealIndex.stale) and builds again what is out of date.
    """
    seen = repo.writes
    try:
        index = ClientIndex.build(repo)
        index.complete(digits=True)
        totals = open_totals(repo)
        quiet()
        deals = DealIndex(repo, quiet)
        records = ClientRecords()
        records.index_all(repo, quiet)
    except RuntimeError:  # a dict changed size while it was read: a save from the app
        return None
    return Prepared(index, totals, seen, deals, records)


class DealIndex:
    """Every deal's id, file, client, owner and stage, newest first.

    Columns, not the stored documents: the years of closed deals are read without keeping
    them parsed (Repository.scan), ~100 MB less at 100,000 deals; a row on screen is built
    from its own file. Open deals' stages are read live (they change in place).
    """

    def __init__(self, repo: Repository, quiet: Callable[[], None] = lambda: None) -> None:
        """Read every deal; `quiet` is called before each file (see Repository.read_ahead)."""
        self.repo = repo
        with quiet_gc():
            self.source = self.signature(repo)
            found = []
            for shard in repo.shards("deals"):
                quiet()
                found += [
                    (d["created"], int(k), shard, d.get("client_id"), d["owner"], d["stage"])
                    for k, d in repo.scan("deals", [shard])
                ]
            # Newest first; among deals of one day the one added later (a larger id) first.
            rows = [found[i] for i in order(found, reverse=True)]
            del found
            self.created = [r[0] for r in rows]
            self.ids = [r[1] for r in rows]
            self.files = [r[2] for r in rows]
            self.clients = [r[3] for r in rows]
            self.owner_codes = OwnerCodes()
            self.owners = self.owner_codes.codes(r[4] for r in rows)
            self.stages = [r[5] for r in rows]
            del rows
        self.version = 0
        # Positions of the won and of the lost deals, and of the open ones (whose stage can
        # change in place): built with the index, and again after a save.
        self._outcomes: dict[str, list[int]] | None = None
        with quiet_gc():
            self._group()
        # Each deal's client as a position in the client index (len(index): none, a lead).
        self.client_at: list[int] = []
        self.clients_version = -1

    @staticmethod
    def signature(repo: Repository) -> tuple[object, ...]:
        """What changes when a deal is added, closed or reopened (not when one is edited in
        place): the changes to each file of closed deals, and how many deals are open."""
        closed = tuple((s, repo.version("deals", s)) for s in repo.shards("deals") if s != OPEN)
        return (*closed, len(repo.open_deals()))

    def stale(self, repo: Repository) -> bool:
        """Tell whether deals were added, closed or reopened since the index was built."""
        return self.signature(repo) != self.source

    def deal(self, at: int) -> Deal | None:
        """Return the deal at a position, read from its own file."""
        return self.repo.get_from(Deal, self.files[at], self.ids[at])

    def follow(self, clients: ClientIndex) -> None:
        """Point each deal at its client's position (again after clients were added or moved)."""
        if self.clients_version == clients.version and len(self.client_at) == len(self.ids):
            return
        at = dict(zip(clients.ids, range(len(clients)), strict=True))
        none = len(clients)
        self.client_at = [at.get(c, none) if c is not None else none for c in self.clients]
        self.clients_version = clients.version

    def put(self, repo: Repository, deal_id: int) -> None:
        """Add or refresh one deal after a save (a closed deal moved to another file)."""
        deal = repo.get(Deal, deal_id)
        if deal is None:
            return
        created, file = deal.created.isoformat(), repo.file_of(deal)
        owner = self.owner_codes.code(deal.owner)
        if deal_id in self.ids:
            at = self.ids.index(deal_id)
            self.owners[at], self.clients[at] = owner, deal.client_id
            self.stages[at], self.files[at] = deal.stage, file
        else:
            pairs = zip(self.created, self.ids, strict=True)
            at = next((i for i, key in enumerate(pairs) if key < (created, deal_id)), len(self.ids))
            self.created.insert(at, created)
            self.ids.insert(at, deal_id)
            self.files.insert(at, file)
            self.clients.insert(at, deal.client_id)
            self.owners.insert(at, owner)
            self.stages.insert(at, deal.stage)
        self.version += 1
        self.clients_version = -1  # positions moved: follow() again
        self._outcomes = None
        self.source = self.signature(repo)

    def __len__(self) -> int:
        return len(self.ids)

    def _group(self) -> dict[str, list[int]]:
        """Sort the positions into won, lost and open ("")."""
        groups: dict[str, list[int]] = {WON: [], LOST: [], "": []}
        for i, stage in enumerate(self.stages):
            groups[stage if stage in OUTCOMES else ""].append(i)
        self._outcomes = groups
        return groups

    def stage_mask(self, stages: set[str]) -> bytes | None:
        """Return 1 at each deal whose stage is one of these (None when there are none).

        Won and lost deals never change stage in place (closing moves the document to
        another file, which rebuilds the index); only the open ones are read live.
        """
        if not stages:
            return None
        outcomes = self._outcomes or self._group()
        found = bytearray(len(self.ids))
        for outcome in OUTCOMES:
            if outcome in stages:
                for i in outcomes[outcome]:
                    found[i] = 1
        live = {d.id: d.stage for d in self.repo.open_deals()}
        ids = self.ids
        for i in outcomes[""]:
            if live.get(ids[i]) in stages:
                found[i] = 1
        return bytes(found)

    def match(
        self,
        clients: bytes,
        owners: set[int],
        stages: set[str],
        within: Sequence[int] | None,
    ) -> list[int]:
        """Return the positions (among `within`; None: all) of the deals whose client is in
        the mask (ClientIndex.mask), or whose owner or stage matched the word."""
        client, owner = self.client_at, self.owners
        staged = self.stage_mask(stages)
        if not owners and staged is None:
            if within is None:
                return [i for i, c in enumerate(client) if clients[c]]
            return [i for i in within if clients[client[i]]]
        mine = self.owner_codes.mask(owners)
        if staged is None:
            staged = bytes(len(client))
        if within is None:
            rows = zip(client, owner, staged, strict=True)
            return [i for i, (c, o, g) in enumerate(rows) if clients[c] or mine[o] or g]
        return [i for i in within if clients[client[i]] or mine[owner[i]] or staged[i]]


@dataclass(frozen=True, slots=True)
class Found:
    """The result of a search: positions in index order, for the words of a text."""

    text: str
    version: tuple[int, ...]
    positions: Sequence[int]


def owners_matching(word: str, names: dict[int, str]) -> set[int]:
    """Return the employees whose name holds a search word."""
    return {i for i, name in names.items() if word in name.casefold()}


def stages_matching(word: str, labels: dict[str, str]) -> set[str]:
    """Return the stage codes (won and lost too) whose label holds a search word."""
    return {code for code, label in labels.items() if word in label.casefold()}


def narrows(text: str, previous: Found | None, version: tuple[int, ...]) -> Sequence[int] | None:
    """Return the previous result when the new text only adds characters to it.

    Adding characters can only drop matches (every old word is the start of a new one or
    stays as it was), so the next keystroke searches the last result, not 100,000 clients.
    """
    if previous is None or previous.version != version or not previous.text:
        return None
    old, new = previous.text.casefold(), text.casefold()
    return previous.positions if new.startswith(old) and old.strip() else None


# -- the list: only the visible lines are drawn ----------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a RowList: what it shows, its narrowest width and its share of spare room.

    `keep` orders which columns stay when the terminal is narrow (higher stays longer).
    """

    key: str
    label: str
    minimum: int
    grow: int = 0
    right: bool = False
    keep: int = 5


def lay_out(columns: Sequence[Column], width: int) -> list[tuple[Column, int]]:
    """Choose the columns that fit a width and share the spare room among the growing ones."""
    chosen = list(columns)

    def needed(cols: Sequence[Column]) -> int:
        return sum(c.minimum for c in cols) + len(cols) - 1

    while len(chosen) > 1 and needed(chosen) > width:
        chosen.remove(min(chosen, key=lambda c: c.keep))
    spare = max(0, width - needed(chosen))
    # Room for whole column names first (most needed columns first), then for the growing ones.
    widths = {c.key: c.minimum for c in chosen}
    for column in sorted(chosen, key=lambda c: -c.keep):
        extra = min(spare, max(0, cell_len(column.label) - column.minimum))
        widths[column.key] += extra
        spare -= extra
    growing = sum(c.grow for c in chosen)
    if growing:
        for column in chosen:
            widths[column.key] += spare * column.grow // growing
        # What rounding left over goes to the first growing column.
        first = next(c for c in chosen if c.grow)
        widths[first.key] += (
            width - needed(chosen) - sum(widths.values()) + sum(c.minimum for c in chosen)
        )
    return [(c, widths[c.key]) for c in chosen]


def fit(text: str, width: int, *, right: bool = False) -> str:
    """Return text in exactly `width` cells: cut with an ellipsis, padded left or right."""
    text = " ".join(text.split())
    if cell_len(text) > width:
        text = set_cell_size(text, max(0, width - 1)) + ELLIPSIS if width > 0 else ""
    pad = " " * (width - cell_len(text))
    return pad + text if right else text + pad


def line_of(layout: Sequence[tuple[Column, int]], cells: dict[str, str]) -> str:
    """Return one line of cells in the layout's columns."""
    return " ".join(fit(cells.get(c.key, ""), w, right=c.right) for c, w in layout)


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a RowList: its cells by column key and a style name ("" or "dim")."""

    cells: dict[str, str]
    style: str = ""


class RowList(ScrollView, can_focus=True):
    """A list of any length that draws only the lines in sight (Textual's Line API).

    The screen gives the number of rows and a function that returns one row; nothing is
    built for a row until it scrolls into view.
    """

    DEFAULT_CSS = """
    RowList {
        width: 1fr;
        height: 1fr;
        overflow-x: hidden;
        /* Always there, so the columns' width does not change with the number of rows. */
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
    }
    RowList > .rowlist--cursor {
        background: $block-cursor-blurred-background;
        text-style: bold;
    }
    RowList:focus > .rowlist--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"rowlist--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = list(ROW_KEYS)

    class Moved(Message):
        """The cursor moved to another row."""

        def __init__(self, rows: RowList, index: int) -> None:
            super().__init__()
            self.rows = rows
            self.index = index

    class Resized(Message):
        """The list's width changed: the screen fits its columns again."""

    class Chosen(Message):
        """A row was clicked twice (Enter is the screen's own key)."""

        def __init__(self, rows: RowList, index: int) -> None:
            super().__init__()
            self.rows = rows
            self.index = index

    def __init__(self, fetch: Callable[[int], Row], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._fetch = fetch
        self.count = 0
        self.cursor = 0
        self.layout_of: list[tuple[Column, int]] = []
        self._cache: dict[int, Row] = {}

    def show(self, count: int, cursor: int = 0) -> None:
        """Show `count` rows with the cursor on one of them; forget every row drawn before."""
        self.count = count
        self._cache.clear()
        self.cursor = max(0, min(cursor, count - 1))
        self.virtual_size = Size(0, count)
        self._scroll_to_cursor(center=True)
        self.refresh()

    def redraw(self) -> None:
        """Draw the visible rows again (their records changed)."""
        self._cache.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        base = self.rich_style
        if index >= self.count:
            return Strip.blank(width, base)
        row = self._cache.get(index)
        if row is None:
            row = self._fetch(index)
            if len(self._cache) > 512:
                self._cache.clear()
            self._cache[index] = row
        style = base + Style.parse(row.style) if row.style else base
        mark = " "
        if index == self.cursor:
            style = base + self.get_component_rich_style("rowlist--cursor")
            mark = CURSOR_MARK
        text = mark + " " * (GUTTER - 1) + line_of(self.layout_of, row.cells)
        return Strip([Segment(text, style)]).adjust_cell_length(width, style)

    def on_resize(self) -> None:
        self.virtual_size = Size(0, self.count)
        self._cache.clear()
        self.post_message(self.Resized())

    @property
    def columns_width(self) -> int:
        """Return the width the columns share (the list's, less its gutter and scrollbar)."""
        return max(20, self.scrollable_content_region.width - GUTTER)

    def _scroll_to_cursor(self, *, center: bool = False) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = self.scroll_offset.y
        if center and not top <= self.cursor < top + height:
            self.scroll_to(y=max(0, self.cursor - height // 2), animate=False)
        elif self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)

    def move_to(self, index: int) -> None:
        """Put the cursor on a row and bring it into view."""
        if not self.count:
            return
        index = max(0, min(index, self.count - 1))
        if index == self.cursor:
            return
        old, self.cursor = self.cursor, index
        self.refresh_line(old)
        self.refresh_line(index)
        self._scroll_to_cursor()
        self.post_message(self.Moved(self, index))

    def action_move(self, step: int) -> None:
        """Move the cursor a row up or down."""
        self.move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        """Move the cursor a page up or down."""
        self.move_to(self.cursor + step * max(1, self.scrollable_content_region.height - 1))

    def action_edge(self, end: int) -> None:
        """Move the cursor to the first or the last row."""
        self.move_to(self.count - 1 if end else 0)

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < self.count:
            self.move_to(index)
            if event.chain > 1:
                self.post_message(self.Chosen(self, index))


class SearchInput(Input):
    """The search line: Enter, Down or Esc go back to the list, keeping the search."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,escape", "leave", show=False),
    ]

    def action_leave(self) -> None:
        """Go back to the list."""
        self.screen.focus_next(RowList)


# -- the screen -----------------------------------------------------------------------------

# (key, label, narrowest, share of spare room, right-aligned, keep): at 80 columns the phone
# and email make way for the name, the owner and the money in open deals.
CLIENT_COLUMNS: Final = (
    ("name", "report.col.client", 26, 4, False, 10),
    ("contact", "field.contact", 12, 3, False, 6),
    ("phone", "field.phone", 16, 0, False, 5),
    ("email", "field.email", 18, 1, False, 3),
    ("owner", "field.owner", 12, 2, False, 9),
    ("open_amount", "clients.col.open_amount", 11, 0, True, 8),
    ("created", "field.created", 10, 0, False, 2),
)
DEAL_COLUMNS: Final = (
    ("client", "report.col.client", 16, 4, False, 10),
    ("owner", "field.owner", 10, 1, False, 8),
    ("stage", "report.col.stage", 8, 0, False, 9),
    ("amount", "report.col.amount", 11, 0, True, 9),
    ("created", "field.created", 10, 0, False, 7),
    ("closed", "field.closed", 10, 0, False, 6),
    ("probability", "report.col.probability", 4, 0, True, 2),
    ("expected", "report.col.expected_payment", 10, 0, False, 1),
)


def columns(
    specs: Sequence[tuple[str, str, int, int, bool, int]], settings: Settings
) -> list[Column]:
    """Return translated columns; money columns name the currency, stages fit their labels."""
    result = []
    for key, label, minimum, grow, right, keep in specs:
        text = tr(label)
        if key in ("amount", "open_amount"):
            text = f"{text}, {symbol(settings.currency)}"
        if key == "stage":
            codes = (*settings.stage_codes(), WON, LOST)
            longest = max(cell_len(settings.stage_label(c)) for c in codes)
            minimum = max(minimum, min(MAX_STAGE, longest))
        result.append(Column(key, text, minimum, grow, right, keep))
    return result


class ClientsScreen(BaseScreen):
    """Every client (or every deal) of every employee, filtered by what is typed."""

    DEFAULT_CSS = """
    ClientsScreen #clients-search {
        margin: 0 1;
    }
    ClientsScreen #clients-summary, ClientsScreen #clients-head {
        height: 1;
        padding: 0 1;
    }
    ClientsScreen #clients-summary {
        color: $text-muted;
    }
    ClientsScreen #clients-head {
        text-style: bold;
        background: $panel;
    }
    ClientsScreen RowList {
        margin: 0 0 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        # "/" and, in the Russian layout, "." on the same key.
        Binding("slash,full_stop", "search", "clients.search"),
        bind("a", "add", "clients.add"),
        bind("a", "add_deal", "clients.add_deal"),
        bind("e", "edit", "clients.edit"),
        bind("enter", "open", "clients.open"),
        bind("d", "show('deals')", "clients.show_deals"),
        bind("d", "show('clients')", "clients.show_clients"),
        bind("escape", "clear", "clients.clear", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = "clients"
        self.clients: ClientIndex | None = None
        self._loading = False
        self.deals: DealIndex | None = None
        self.found: Found | None = None
        self.names: dict[int, str] = {}
        self.short_names: dict[int, str] = {}
        self.open_by_client: dict[int, tuple[int, int]] = {}
        # A client's deals and invoices, indexed for the session (the client view uses it).
        self.records = ClientRecords()
        # How long the last search and the last open took, in ms (the benchmark reads them).
        self.timings: dict[str, float] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchInput(
            placeholder=tr("clients.search_placeholder"), id="clients-search", compact=True
        )
        yield Static(tr("clients.loading"), id="clients-summary", markup=False)
        yield Static(id="clients-head", markup=False)
        yield RowList(self._row, id="clients-list")
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.sub_title = tr("nav.clients")
        self.query_one(RowList).focus()

    def _load(self) -> None:
        """Read the client base into the index and show the list."""
        started = perf_counter()
        ready = self.sales.take_prepared("clients")
        if isinstance(ready, Prepared):
            # The files' indexes check themselves; the deals view is used unless deals were
            # added or closed since; the client index only if nothing was saved at all.
            self.records = ready.records
            if not ready.deals.stale(self.repo):
                self.deals = ready.deals
        if isinstance(ready, Prepared) and ready.writes == self.repo.writes:
            self.clients = ready.index
            self.names = {e.id: e.name for e in self.repo.employees()}
            self.open_by_client = ready.open_by_client
        else:
            self.clients = ClientIndex.build(self.repo)
            self._read_side()
        self.found = None
        self._apply(keep=None)
        self.timings["load"] = (perf_counter() - started) * 1000
        self._index_more()

    def _index_more(self) -> None:
        """Make the search texts and phone digits a slice at a time while the list is read."""
        if self.clients is not None and not self.clients.more_step():
            self.set_timer(SLICE_TICK_S, self._index_more)

    def _read_side(self) -> None:
        """Read the employees' names and each client's open deals (the open file only)."""
        self.names = {e.id: e.name for e in self.repo.employees()}
        self.open_by_client = open_totals(self.repo)

    def _recount_open(self) -> None:
        """Count the open deals again after the list is back (another screen may have saved
        one: ~30 ms at 15,000 open deals, not spent before the list is drawn)."""
        totals = open_totals(self.repo)
        if totals != self.open_by_client:
            self.open_by_client = totals
            self.query_one(RowList).redraw()

    def on_screen_resume(self) -> None:
        if self.clients is None:
            if self.sales.has_prepared("clients"):
                self._load()  # indexed by the read-ahead: a few ms, the list is the first frame
                return
            # The screen and "Reading the client base…" are drawn first (once it is the
            # current screen: a screen is mounted before a mode switch shows it); a big base
            # then takes a moment to read, once per session.
            if not self._loading:
                self._loading = True
                # Two hops: the first refresh can come while the mode switch is still under
                # way, before anything is painted.
                self.call_after_refresh(self.call_after_refresh, self._load)
            return
        keep = self._current_id()
        # Another screen may have added a client or a deal, or renamed an employee.
        changed = self.clients.stale(self.repo)
        if changed:
            self.clients = ClientIndex.build(self.repo)
            self._index_more()
        if self.deals is not None and (changed or self.deals.stale(self.repo)):
            self.deals = None
            if self.view == "deals":
                self.deals = DealIndex(self.repo)
        self.names = {e.id: e.name for e in self.repo.employees()}
        self.found = None
        self._apply(keep=keep)
        self.call_after_refresh(self._recount_open)

    def others_saved(self, changed: Mapping[str, set[int] | None]) -> None:
        """Put the clients and deals another process saved into the indexes, or read the
        base again when it did more than a few (an import) or checkpointed."""
        if self.clients is None:
            return  # read when the screen is shown
        keep = self._current_id()
        clients = changed.get("clients", set())
        found = [] if clients is None else [self.repo.get(Client, i) for i in clients]
        if clients is None or None in found:
            self.clients = ClientIndex.build(self.repo)
            self._index_more()
            self.deals = None
        else:
            for client in found:
                if client is not None:
                    self.clients.put(client, self.repo)
        deals = changed.get("deals", set())
        if self.deals is not None:
            if deals is None:
                self.deals = None
            else:
                for deal_id in deals:
                    self.deals.put(self.repo, deal_id)
        if self.deals is None and self.view == "deals":
            self.deals = DealIndex(self.repo)
        self.names = {e.id: e.name for e in self.repo.employees()}
        self.found = None
        self._apply(keep=keep)
        self.call_after_refresh(self._recount_open)

    @on(RowList.Resized)
    def _resized(self) -> None:
        self._lay_out()

    # -- what is shown -----------------------------------------------------------------

    def _lay_out(self) -> None:
        """Fit the columns of the current view to the list's width and draw the header."""
        rows = self.query_one(RowList)
        specs = DEAL_COLUMNS if self.view == "deals" else CLIENT_COLUMNS
        rows.layout_of = lay_out(columns(specs, self.repo.settings()), rows.columns_width)
        # Owners shortened the Team way ("Oliver J."), never cut mid-name.
        owner_width = next((w for c, w in rows.layout_of if c.key == "owner"), 0)
        ids = list(self.names)
        # Before the list has a width (the first layout) there is no owner column yet.
        shortened = fit_names([self.names[i] for i in ids], owner_width) if owner_width else []
        self.short_names = dict(zip(ids, shortened, strict=True)) if owner_width else {}
        labels = {c.key: c.label for c, _ in rows.layout_of}
        head = " " * GUTTER + line_of(rows.layout_of, labels)
        self.query_one("#clients-head", Static).update(head)
        rows.redraw()

    def _index_size(self) -> int:
        index = self.deals if self.view == "deals" else self.clients
        return len(index) if index is not None else 0

    def _search_text(self) -> str:
        return self.query_one("#clients-search", Input).value

    def _search(self, text: str) -> Found:
        """Return the positions matching every word of the text (all of them for no words)."""
        started = perf_counter()
        index = self.deals if self.view == "deals" else self.clients
        assert index is not None
        assert self.clients is not None
        # A result holds positions: it is narrowed further only while they mean the same.
        version = (self.clients.version, self.deals.version if self.deals else 0)
        words = search_words(text)
        positions: Sequence[int] = range(len(index))
        if words:
            within = narrows(text, self.found, version)  # None: every record
            stage_labels = self._stage_labels() if isinstance(index, DealIndex) else {}
            for word in words:
                owners = owners_matching(word, self.names)
                if isinstance(index, DealIndex):
                    index.follow(self.clients)
                    clients = self.clients.mask(word)
                    stages = stages_matching(word, stage_labels)
                    within = index.match(clients, owners, stages, within)
                else:
                    within = index.match(word, owners, within)
            positions = within or []
        self.timings["search"] = (perf_counter() - started) * 1000
        return Found(text, version, positions)

    def _stage_labels(self) -> dict[str, str]:
        settings = self.repo.settings()
        codes = (*settings.stage_codes(), WON, LOST)
        return {code: settings.stage_label(code) for code in codes}

    def _apply(self, keep: int | None) -> None:
        """Search again and show the result, the cursor on the record `keep` if it is there."""
        if self.clients is None:
            return
        if self.view == "deals":
            if self.deals is None:
                self.deals = DealIndex(self.repo)
            self.deals.follow(self.clients)  # here, not at the first keystroke
        text = self._search_text()
        self.found = self._search(text)
        rows = self.query_one(RowList)
        cursor = 0
        if keep is not None:
            at = self._position_of(keep)
            if at is not None:
                found = self.found.positions
                cursor = bisect.bisect_left(found, at) if isinstance(found, list) else at
                if cursor >= len(found) or found[cursor] != at:
                    cursor = 0
        self._lay_out()
        rows.show(len(self.found.positions), cursor)
        self._summarise()

    def _position_of(self, record_id: int) -> int | None:
        if self.view == "deals":
            if self.deals is None:
                return None
            try:
                return self.deals.ids.index(record_id)
            except ValueError:
                return None
        return self.clients.position(record_id) if self.clients else None

    def _summarise(self) -> None:
        total = self._index_size()
        shown = len(self.found.positions) if self.found else 0
        text = self._search_text().strip()
        deals = self.view == "deals"
        if not total:
            line = tr("clients.no_deals") if deals else tr("clients.empty")
        elif not text and deals:
            line = f"{trn('clients.deal_count', total)} · {tr('clients.newest_first')}"
        elif not text:
            line = f"{trn('clients.client_count', total)} · {tr('clients.by_name')}"
        elif not shown:
            line = tr("clients.no_match", text=text)
        elif deals:
            line = trn("clients.deals_match", total, shown=fmt_int(shown), text=text)
        else:
            line = trn("clients.clients_match", total, shown=fmt_int(shown), text=text)
        self.query_one("#clients-summary", Static).update(line)

    def _row(self, index: int) -> Row:
        """Build the row at a position of the current result (only ever for visible rows)."""
        if self.found is None or index >= len(self.found.positions):
            return Row({})
        at = self.found.positions[index]
        if self.view == "deals" and self.deals is not None:
            deal = self.deals.deal(at)
            return self._deal_row(deal) if deal is not None else Row({})
        assert self.clients is not None
        client = self.repo.get(Client, self.clients.ids[at])
        return self._client_row(client) if client is not None else Row({})

    def _client_row(self, client: Client) -> Row:
        count, amount = self.open_by_client.get(client.id, (0, 0))
        return Row(
            {
                "name": client.name,
                "contact": client.contact,
                "phone": client.phone,
                "email": client.email,
                "owner": self.short_names.get(client.owner, "?"),
                "open_amount": fmt_amount(amount, whole=True) if count else "",
                "created": fmt_date(client.created),
            }
        )

    def _deal_row(self, deal: Deal) -> Row:
        settings = self.repo.settings()
        client = self.repo.get(Client, deal.client_id) if deal.client_id is not None else None
        return Row(
            {
                "client": client.name if client else tr("clients.lead"),
                "owner": self.short_names.get(deal.owner, "?"),
                "stage": settings.stage_label(deal.stage),
                "amount": fmt_amount(deal.amount, whole=True),
                "created": fmt_date(deal.created),
                "closed": fmt_date(deal.closed) if deal.closed else "",
                "probability": fmt_percent(deal.probability / 100) if deal.is_open else "",
                "expected": fmt_date(deal.expected_payment)
                if deal.expected_payment and deal.is_open
                else "",
            },
            "dim" if deal.stage == LOST else "",
        )

    def _current_id(self) -> int | None:
        """Return the id of the client or deal under the cursor."""
        if self.found is None:
            return None
        rows = self.query_one(RowList)
        if not 0 <= rows.cursor < len(self.found.positions):
            return None
        at = self.found.positions[rows.cursor]
        if self.view == "deals":
            return self.deals.ids[at] if self.deals else None
        return self.clients.ids[at] if self.clients else None

    # -- keys --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer the toggle to the view not shown (one `d` key, its label says where it goes)."""
        if action == "show":
            return parameters[0] != self.view
        if action == "add":
            return self.view == "clients"
        if action == "add_deal":
            return self.view == "deals"
        return True

    @on(Input.Changed, "#clients-search")
    def _typed(self) -> None:
        if self.clients is not None:
            self._apply(keep=None)

    @on(Input.Submitted, "#clients-search")
    def _search_done(self) -> None:
        self.query_one(RowList).focus()

    @on(RowList.Chosen)
    def _chosen(self) -> None:
        self.action_open()

    def action_search(self) -> None:
        """Put the cursor in the search line."""
        self.query_one("#clients-search", Input).focus()

    async def action_clear(self) -> None:
        """Clear the search; with nothing to clear, go back as Esc does everywhere."""
        search = self.query_one("#clients-search", Input)
        if search.value:
            # Everything again, the cursor staying on the record that was found.
            keep = self._current_id()
            with search.prevent(Input.Changed):
                search.value = ""
            self._apply(keep=keep)
            return
        await self.sales.action_back()

    def action_show(self, view: str) -> None:
        """Show every client or every deal, with the same search."""
        if self.clients is None or view == self.view:
            return
        self.view = view
        self.found = None
        self._apply(keep=None)
        self.refresh_bindings()

    def action_add(self) -> None:
        """Add a client."""
        if self.clients is not None:
            self._client_form(None)

    def action_add_deal(self) -> None:
        """Add a deal, for a client picked by a few letters or created on the spot."""
        from salestui.tui.screens import deal_forms

        if self.clients is not None:
            deal_forms.add_deal(self, self._deal_saved)

    def action_edit(self) -> None:
        """Edit the client (or the deal) under the cursor."""
        from salestui.tui.screens import deal_forms

        record_id = self._current_id()
        if record_id is None:
            return
        if self.view == "clients":
            client = self.repo.get(Client, record_id)
            if client is not None:
                self._client_form(client)
        else:
            deal_forms.edit_deal(self, record_id, self._deal_saved)

    def _deal_saved(self, deal: Deal | None) -> None:
        if deal is None:
            return
        self.deal_changed(deal)
        self.found = None
        self._apply(keep=deal.id)

    def deal_changed(self, deal: Deal) -> None:
        """Bring the indexes up to date after a deal was saved (and perhaps its new client)."""
        if self.clients is None:
            return
        if deal.client_id is not None and self.clients.position(deal.client_id) is None:
            client = self.repo.get(Client, deal.client_id)
            if client is not None:  # created on the spot by the deal form
                self.clients.put(client, self.repo)
        if self.deals is not None:
            self.deals.put(self.repo, deal.id)
        self._read_side()

    def action_open(self) -> None:
        """Open the client under the cursor (or the deal's client): deals, invoices, payments."""
        record_id = self._current_id()
        if record_id is None:
            return
        deal_id = None
        if self.view == "deals":
            deal = self.repo.get(Deal, record_id)
            if deal is None:
                return
            if deal.client_id is None:
                self.notify(tr("clients.lead_no_client"), timeout=4, markup=False)
                return
            deal_id, record_id = deal.id, deal.client_id
        self.app.push_screen(ClientDetailScreen(record_id, deal_id, self))

    # -- saving ------------------------------------------------------------------------

    def save_client(self, client: Client, before: Client | None = None) -> Client:
        """Store a client (only what changed from `before`, the client as the form read it)
        and put it into the index (raises what the repository raises)."""
        saved = self.repo.save_client(client, before)
        if self.clients is not None:
            self.clients.put(saved, self.repo)
        return saved

    def namesake(self, name: str, client_id: int) -> str | None:
        """Describe another client with the same name, if there is one (to avoid duplicates)."""
        if self.clients is None:
            return None
        for other_id in self.clients.namesakes(name):
            if other_id != client_id:
                other = self.repo.get(Client, other_id)
                if other is not None:
                    owner = self.names.get(other.owner, "?")
                    return tr("clients.namesake", name=other.name, owner=owner)
        return None

    def _client_form(self, client: Client | None) -> None:
        from salestui.tui.screens.client_form import ClientForm

        def done(saved: Client | None) -> None:
            if saved is None:
                return
            self.view = "clients"
            self.found = None
            self._apply(keep=saved.id)
            if self.found is not None and self._current_id() != saved.id:
                # The search hides it: show it anyway, the search cleared.
                self.query_one("#clients-search", Input).value = ""
                self._apply(keep=saved.id)
            self.notify(tr("clients.saved", name=saved.name), timeout=2, markup=False)

        staff = self.repo.employees()
        form = ClientForm(
            client,
            staff=staff,
            today=self.today,
            save=lambda edited: self.save_client(edited, client),
            namesake=self.namesake,
        )
        self.app.push_screen(form, done)


# -- one client: deals, invoices, payments ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """A line of the client view: a deal, one of its invoices, or a payment of one."""

    kind: str  # "deal", "invoice", "payment" or "loose" (the heading of invoices without a deal)
    deal: Deal | None = None
    invoice: Invoice | None = None
    payment: Payment | None = None


class ShardIndex:
    """Record ids by a key of their document, per file of a table, for one client's view.

    Each file is read once (without keeping closed years parsed: Database.peek) and indexed
    again only when something changed in it this session. At 100,000 deals a client then
    opens in milliseconds, not after a scan of every record, and only the files that hold
    the client's records stay parsed.
    """

    def __init__(
        self, table: str, keys: Callable[[Doc], Iterable[object]], skip: Iterable[str] = ()
    ) -> None:
        self.table = table
        self.keys = keys
        self.skip = frozenset(skip)
        # Per file: its version when indexed, and each key's record id (a bare int: at
        # 100,000 deals and invoices almost every key has one record, and lists of one took
        # ~18 MB), or the ids when a key has several.
        self.files: dict[str, tuple[int, dict[object, int | list[int]]]] = {}

    def ids(
        self, repo: Repository, key: object, quiet: Callable[[], None] = lambda: None
    ) -> list[tuple[str, int]]:
        """Return (file, id) of the records with this key, the index brought up to date first
        (`quiet` is called before a file is read: see Repository.read_ahead)."""
        shards = [s for s in repo.shards(self.table) if s not in self.skip]
        for gone in set(self.files) - set(shards):
            del self.files[gone]
        found: list[tuple[str, int]] = []
        for shard in shards:
            version = repo.version(self.table, shard)
            known = self.files.get(shard)
            if known is None or known[0] != version:
                quiet()
                index: dict[object, int | list[int]] = {}
                for k, doc in repo.scan(self.table, [shard]):
                    for value in self.keys(doc):
                        had = index.setdefault(value, int(k))
                        if isinstance(had, list):
                            had.append(int(k))
                        elif had != int(k):
                            index[value] = [had, int(k)]
                known = self.files[shard] = (version, index)
            ids = known[1].get(key, ())
            found += [(shard, i) for i in ([ids] if isinstance(ids, int) else ids)]
        return found


def _deal_keys(doc: Doc) -> tuple[object, ...]:
    return (doc.get("client_id"),)


def _invoice_keys(doc: Doc) -> tuple[object, ...]:
    # An invoice belongs to its deal (the bare id: a tuple a key took ~6 MB at 100,000);
    # one without a deal to its client.
    deal_id = doc.get("deal_id")
    return (deal_id,) if deal_id is not None else (("client", doc.get("client_id")),)


class ClientRecords:
    """A client's deals and invoices found through indexes kept for the session."""

    def __init__(self) -> None:
        # Closed deals by client, per year file; the open ones (edited in place: another
        # screen may give a deal to another client) from the repository's open deals.
        self.deals = ShardIndex("deals", _deal_keys, skip=[OPEN])
        # An invoice's deal and client never change once it is issued.
        self.invoices = ShardIndex("invoices", _invoice_keys)
        self._open: list[Deal] = []
        self._open_by_client: dict[int | None, list[Deal]] = {}

    def index_all(self, repo: Repository, quiet: Callable[[], None] = lambda: None) -> None:
        """Index every file now (the read-ahead thread does, before the first client)."""
        self.deals.ids(repo, None, quiet)
        self.invoices.ids(repo, None, quiet)

    def _open_deals(self, repo: Repository, client_id: int) -> list[Deal]:
        """Return the client's open deals, grouped again only when an open deal changed.

        The repository keeps each open deal as one record object and replaces it when the
        deal is saved, so comparing the objects tells whether anything changed.
        """
        current = repo.open_deals()
        same = len(current) == len(self._open) and all(map(operator.is_, current, self._open))
        if not same:
            grouped: dict[int | None, list[Deal]] = {}
            for deal in current:
                grouped.setdefault(deal.client_id, []).append(deal)
            self._open, self._open_by_client = current, grouped
        return list(self._open_by_client.get(client_id, ()))

    def deals_of(self, repo: Repository, client: Client) -> list[Deal]:
        """Return the client's deals: open first, then the newest."""
        with quiet_gc():  # the first client opened reads every deal file
            ids = self.deals.ids(repo, client.id)
            opened = self._open_deals(repo, client.id)
        closed = [d for d in (repo.get_from(Deal, s, i) for s, i in ids) if d is not None]
        mine = opened + [d for d in closed if d.client_id == client.id]
        return sorted(mine, key=lambda d: (d.closed is not None, -d.created.toordinal(), -d.id))

    def invoices_of(self, repo: Repository, client: Client, deals: Sequence[Deal]) -> list[Invoice]:
        """Return the invoices of the client's deals and those issued to it without a deal."""
        keys: list[object] = [d.id for d in deals] + [("client", client.id)]
        with quiet_gc():  # the first client opened reads every invoice file
            ids = [i for key in keys for i in self.invoices.ids(repo, key)]
        found = [i for i in (repo.get_from(Invoice, s, n) for s, n in ids) if i is not None]
        return sorted(found, key=lambda i: (i.issued, i.id))


def invoice_payments(repo: Repository, invoices: Sequence[Invoice]) -> dict[int, list[Payment]]:
    """Return the payments of the given invoices by invoice, read from the files they span."""
    paid = [i for i in invoices if i.first_paid is not None and i.last_paid is not None]
    if not paid:
        return {}
    first = min(i.first_paid for i in paid if i.first_paid).isoformat()
    last = max(i.last_paid for i in paid if i.last_paid).isoformat()
    # A payments file is a year (2026) or a month (2026-11): read those the dates fall in.
    shards = [s for s in repo.shards("payments") if first[: len(s)] <= s <= last[: len(s)]]
    wanted = {i.id for i in paid}
    ids = [int(k) for k, doc in repo.documents("payments", shards) if doc["invoice_id"] in wanted]
    result: dict[int, list[Payment]] = {}
    for payment in sorted(
        (p for p in (repo.get(Payment, n) for n in ids) if p is not None),
        key=lambda p: (p.date, p.id),
    ):
        result.setdefault(payment.invoice_id, []).append(payment)
    return result


DETAIL_COLUMNS: Final = (
    ("what", "clients.col.what", 17, 1, False, 10),
    ("date", "field.date", 10, 0, False, 9),
    ("amount", "report.col.amount", 13, 0, True, 9),
    ("paid", "field.paid", 13, 0, True, 8),
    ("status", "clients.col.status", 14, 4, False, 7),
)


class ClientDetailScreen(BaseScreen):
    """One client: the card, then each deal with its invoices and their payments."""

    DEFAULT_CSS = """
    ClientDetailScreen #client-card {
        height: auto;
        padding: 0 1;
    }
    ClientDetailScreen #client-totals {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    ClientDetailScreen #client-head {
        height: 1;
        padding: 0 1;
        text-style: bold;
        background: $panel;
    }
    ClientDetailScreen RowList {
        margin: 0 0 0 1;
    }
    ClientDetailScreen #client-about {
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $panel;
    }
    """
    # The deal keys are the Hot clients screen's: a, e, c, i, p, w, l mean the same there.
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("a", "add_deal", "clients.new_deal"),
        bind("e", "edit_deal", "clients.edit_deal"),
        bind("i", "issue_invoice", "clients.issue_invoice"),
        bind("p", "record_payment", "clients.record_payment"),
        bind("k", "edit_client", "clients.edit_client"),
        bind("c", "log_contact", "clients.log_contact", show=False),
        bind("w", "won", "clients.won", show=False),
        bind("l", "lost", "clients.lost", show=False),
    ]

    def __init__(self, client_id: int, deal_id: int | None, owner: ClientsScreen) -> None:
        super().__init__()
        self.client_id = client_id
        self.deal_id = deal_id
        self.list_screen = owner
        self.client: Client | None = None
        self.entries: list[Entry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="client-card", markup=False)
        yield Static(id="client-totals", markup=False)
        yield Static(id="client-head", markup=False)
        yield RowList(self._row, id="client-rows")
        yield Static(id="client-about", markup=False)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one(RowList).focus()
        self.refresh_data(select=("deal", self.deal_id) if self.deal_id else None)

    @on(RowList.Resized)
    def _resized(self) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        rows = self.query_one(RowList)
        rows.layout_of = lay_out(columns(DETAIL_COLUMNS, self.repo.settings()), rows.columns_width)
        labels = {c.key: c.label for c, _ in rows.layout_of}
        self.query_one("#client-head", Static).update(
            " " * GUTTER + line_of(rows.layout_of, labels)
        )
        rows.redraw()

    def others_saved(self, changed: Mapping[str, set[int] | None]) -> None:
        """Read the client again: another process saved it, its deals or its invoices."""
        self.refresh_data()

    def refresh_data(self, select: tuple[str, int] | None = None) -> None:
        """Read the client, its deals, their invoices and payments, and draw them."""
        repo = self.repo
        client = repo.get(Client, self.client_id)
        self.client = client
        if client is None:
            self.entries = []
            self.query_one("#client-card", Static).update(tr("clients.gone"))
            self.query_one(RowList).show(0)
            return
        self.sub_title = client.name
        records = self.list_screen.records
        deals = records.deals_of(repo, client)
        invoices = records.invoices_of(repo, client, deals)
        with quiet_gc():
            payments = invoice_payments(repo, invoices)
        by_deal: dict[int | None, list[Invoice]] = {}
        for invoice in invoices:
            by_deal.setdefault(invoice.deal_id, []).append(invoice)
        entries: list[Entry] = []
        for deal in deals:
            entries.append(Entry("deal", deal))
            for invoice in by_deal.pop(deal.id, []):
                entries.append(Entry("invoice", deal, invoice))
                entries += [
                    Entry("payment", deal, invoice, p) for p in payments.get(invoice.id, [])
                ]
        loose = [i for key, group in by_deal.items() for i in group]
        if loose:
            entries.append(Entry("loose"))
            for invoice in loose:
                entries.append(Entry("invoice", None, invoice))
                entries += [
                    Entry("payment", None, invoice, p) for p in payments.get(invoice.id, [])
                ]
        self.entries = entries
        self.query_one("#client-card", Static).update(self._card(client))
        self.query_one("#client-totals", Static).update(self._totals(deals, invoices))
        cursor = 0
        if select is not None:
            cursor = next(
                (n for n, e in enumerate(entries) if self._entry_id(e, select[0]) == select[1]), 0
            )
        self._lay_out()
        self.query_one(RowList).show(len(entries), cursor)
        self._describe()

    @staticmethod
    def _entry_id(entry: Entry, kind: str) -> int | None:
        if kind != entry.kind:
            return None
        record = {"deal": entry.deal, "invoice": entry.invoice, "payment": entry.payment}.get(kind)
        return record.id if record is not None else None

    def _card(self, client: Client) -> str:
        names = self.list_screen.names or {e.id: e.name for e in self.repo.employees()}
        first = [
            client.name,
            tr("clients.card.owner", name=names.get(client.owner, "?")),
            tr("clients.card.created", day=fmt_date(client.created)),
        ]
        if client.source:
            first.append(tr("clients.card.source", source=client.source))
        reach = [t for t in (client.contact, client.phone, client.email) if t]
        lines = [" · ".join(first)]
        lines.append(" · ".join(reach) if reach else tr("clients.card.no_contact"))
        if client.comment:
            lines.append(" ".join(client.comment.split()))
        return "\n".join(lines)

    def _totals(self, deals: Sequence[Deal], invoices: Sequence[Invoice]) -> str:
        if not deals and not invoices:
            return tr("clients.no_deals_yet")
        currency = self.repo.settings().currency
        won = sum(d.stage == WON for d in deals)
        lost = sum(d.stage == LOST for d in deals)
        still = fmt_int(len(deals) - won - lost)  # open
        live = [i for i in invoices if not i.cancelled]
        overdue = sum(i.open_amount for i in live if i.open_amount and i.due < self.today)
        won_n, lost_n = fmt_int(won), fmt_int(lost)
        parts = [
            trn("clients.totals.deals", len(deals), open=still, won=won_n, lost=lost_n),
            tr(
                "clients.totals.money",
                invoiced=fmt_money(sum(i.amount for i in live), currency),
                paid=fmt_money(sum(i.paid for i in live), currency),
                open=fmt_money(sum(i.open_amount for i in live), currency),
            )
            if live
            else tr("clients.totals.no_invoices"),
        ]
        if overdue:
            parts.append(tr("clients.totals.overdue", amount=fmt_money(overdue, currency)))
        return " · ".join(parts)

    def _row(self, index: int) -> Row:
        if index >= len(self.entries):
            return Row({})
        entry = self.entries[index]
        if entry.kind == "deal" and entry.deal is not None:
            return self._deal_row(entry.deal)
        if entry.kind == "invoice" and entry.invoice is not None:
            return self._invoice_row(entry.invoice)
        if entry.kind == "payment" and entry.payment is not None:
            payment = entry.payment
            return Row(
                {
                    "what": "    " + tr("clients.detail.payment"),
                    "date": fmt_date(payment.date),
                    "amount": fmt_amount(payment.amount),
                }
            )
        return Row({"what": tr("clients.detail.loose")}, "bold")

    def _deal_row(self, deal: Deal) -> Row:
        settings = self.repo.settings()
        paid = sum(
            e.invoice.paid
            for e in self.entries
            if e.kind == "invoice" and e.invoice is not None and e.invoice.deal_id == deal.id
        )
        if deal.closed is not None:
            status = tr("clients.status.closed", day=fmt_date(deal.closed))
            if deal.stage == LOST and deal.lost_reason:
                status = f"{status}: {deal.lost_reason}"
        else:
            parts = [fmt_percent(deal.probability / 100)]
            if is_hot(deal, settings):
                parts.append(tr("clients.status.hot"))
            if deal.next_step:
                due = f" ({fmt_date(deal.next_step_due)})" if deal.next_step_due else ""
                parts.append(tr("clients.status.next", step=deal.next_step) + due)
            status = " · ".join(parts)
        what = tr("clients.detail.deal", stage=settings.stage_label(deal.stage))
        return Row(
            {
                "what": what,
                "date": fmt_date(deal.created),
                "amount": fmt_amount(deal.amount),
                "paid": fmt_amount(paid) if paid else "",
                "status": status,
            },
            "bold" if deal.is_open else ("dim" if deal.stage == LOST else ""),
        )

    def _invoice_status(self, invoice: Invoice) -> str:
        if invoice.cancelled:
            return tr("clients.invoice.cancelled")
        if invoice.open_amount == 0 and invoice.last_paid is not None:
            return tr("clients.invoice.paid", day=fmt_date(invoice.last_paid))
        left = fmt_amount(invoice.open_amount)
        if invoice.due < self.today:
            days = (self.today - invoice.due).days
            return trn("clients.invoice.overdue", days, left=left)
        return tr("clients.invoice.open", left=left, due=fmt_date(invoice.due))

    def _invoice_row(self, invoice: Invoice) -> Row:
        status = self._invoice_status(invoice)
        return Row(
            {
                "what": "  " + tr("clients.detail.invoice", number=invoice.number),
                "date": fmt_date(invoice.issued),
                "amount": fmt_amount(invoice.amount),
                "paid": fmt_amount(invoice.paid) if invoice.paid else "",
                "status": status,
            },
            "dim" if invoice.cancelled else "",
        )

    def current(self) -> Entry | None:
        """Return the entry under the cursor."""
        rows = self.query_one(RowList)
        if not 0 <= rows.cursor < len(self.entries):
            return None
        return self.entries[rows.cursor]

    @on(RowList.Moved)
    def _describe(self) -> None:
        """Say in full what the line under the cursor is (the columns cut it at 80 columns)."""
        entry = self.current()
        text = self._about(entry) if entry is not None else tr("clients.no_deals_yet")
        self.query_one("#client-about", Static).update(text)

    def _about(self, entry: Entry) -> str:
        currency = self.repo.settings().currency
        if entry.kind == "payment" and entry.payment is not None and entry.invoice is not None:
            payment = entry.payment
            return tr(
                "clients.about.payment",
                amount=fmt_money(payment.amount, currency),
                day=fmt_date(payment.date),
                number=entry.invoice.number,
            )
        if entry.kind == "invoice" and entry.invoice is not None:
            invoice = entry.invoice
            text = tr(
                "clients.about.invoice",
                number=invoice.number,
                issued=fmt_date(invoice.issued),
                amount=fmt_money(invoice.amount, currency),
                paid=fmt_money(invoice.paid, currency),
                due=fmt_date(invoice.due),
            )
            return f"{text} · {self._invoice_status(invoice)}"
        if entry.deal is not None:
            return self._about_deal(entry.deal, currency)
        return tr("clients.detail.loose")

    def _about_deal(self, deal: Deal, currency: str) -> str:
        settings = self.repo.settings()
        parts = [
            tr(
                "clients.about.deal",
                stage=settings.stage_label(deal.stage),
                amount=fmt_money(deal.amount, currency),
                probability=fmt_percent(deal.probability / 100),
            )
        ]
        if deal.closed is not None:
            parts.append(tr("clients.status.closed", day=fmt_date(deal.closed)))
            if deal.stage == LOST and deal.lost_reason:
                parts.append(tr("clients.about.lost", reason=deal.lost_reason))
            return " · ".join(parts)
        if is_hot(deal, settings):
            parts.append(tr("clients.status.hot"))
        if deal.expected_payment is not None:
            parts.append(tr("clients.about.expected", day=fmt_date(deal.expected_payment)))
        if deal.next_step and deal.next_step_due is not None:
            due = fmt_date(deal.next_step_due)
            parts.append(tr("clients.about.next_due", step=deal.next_step, due=due))
        elif deal.next_step:
            parts.append(tr("clients.about.next", step=deal.next_step))
        else:
            parts.append(tr("clients.about.no_step"))
        if deal.last_contact is not None:
            parts.append(tr("clients.about.contact", day=fmt_date(deal.last_contact)))
        if deal.snoozed_until is not None and deal.snoozed_until > self.today:
            until = fmt_date(deal.snoozed_until)
            parts.append(tr("clients.about.snoozed", day=until, reason=deal.snooze_reason))
        return " · ".join(parts)

    def _deal(self) -> Deal | None:
        """Return the deal of the line under the cursor (a deal, its invoice or payment)."""
        entry = self.current()
        if entry is None or entry.deal is None:
            if entry is not None and entry.invoice is not None:
                self.notify(tr("clients.loose_invoice"), timeout=5, markup=False)
            elif self.entries:
                self.notify(tr("clients.pick_deal"), timeout=4, markup=False)
            else:
                self.notify(tr("clients.no_deals_yet"), timeout=4, markup=False)
            return None
        return entry.deal

    def _after(self, kind: str) -> Callable[[Any], None]:
        """Return the callback of a deal dialog: show what changed, the cursor on the record."""

        def done(saved: Deal | Invoice | None) -> None:
            deal = self._deal_of(saved)
            if deal is not None:
                self.list_screen.deal_changed(deal)
            if saved is not None:
                self.refresh_data(select=(kind, saved.id))
            else:
                self.refresh_data(select=self._selection())

        return done

    def _deal_of(self, saved: Deal | Invoice | None) -> Deal | None:
        """Return the stored deal a saved deal or invoice belongs to."""
        deal_id = saved.id if isinstance(saved, Deal) else saved.deal_id if saved else None
        if deal_id is None:
            entry = self.current()
            deal_id = entry.deal.id if entry is not None and entry.deal is not None else None
        return self.repo.get(Deal, deal_id) if deal_id is not None else None

    def _selection(self) -> tuple[str, int] | None:
        entry = self.current()
        if entry is None:
            return None
        for kind in ("payment", "invoice", "deal"):
            found = self._entry_id(entry, kind)
            if found is not None:
                return kind, found
        return None

    def action_add_deal(self) -> None:
        """Add a deal for this client."""
        from salestui.tui.screens import deal_forms

        if self.client is not None:
            deal_forms.add_deal(self, self._after("deal"), client=self.client)

    def action_edit_deal(self) -> None:
        """Edit the deal under the cursor."""
        from salestui.tui.screens import deal_forms

        deal = self._deal()
        if deal is not None:
            deal_forms.edit_deal(self, deal.id, self._after("deal"))

    def action_issue_invoice(self) -> None:
        """Issue an invoice for the deal under the cursor."""
        from salestui.tui.screens import deal_forms

        deal = self._deal()
        if deal is not None:
            deal_forms.issue_invoice(self, deal, self._after("invoice"))

    def action_record_payment(self) -> None:
        """Record a payment of the invoice under the cursor (or of the deal's open invoice)."""
        from salestui.tui.screens import deal_forms

        deal = self._deal()
        if deal is None:
            return
        entry = self.current()
        invoice = entry.invoice if entry is not None else None
        if invoice is not None and invoice.open_amount == 0:
            invoice = None  # a paid or cancelled one: the dialog offers the deal's open ones
        deal_forms.record_payment(self, deal, self._after("invoice"), invoice=invoice)

    def action_log_contact(self) -> None:
        """Log a contact today on the deal under the cursor, with the next step."""
        from salestui.tui.screens import deal_forms

        deal = self._deal()
        if deal is not None:
            deal_forms.log_contact(self, deal, self._after("deal"))

    def action_won(self) -> None:
        """Mark the deal under the cursor won."""
        from salestui.tui.screens import deal_forms

        deal = self._deal()
        if deal is not None:
            deal_forms.mark_won(self, deal, self._after("deal"))

    def action_lost(self) -> None:
        """Mark the deal under the cursor lost, with the reason."""
        from salestui.tui.screens import deal_forms

        deal = self._deal()
        if deal is not None:
            deal_forms.mark_lost(self, deal, self._after("deal"))

    def action_edit_client(self) -> None:
        """Edit the client's card."""
        from salestui.tui.screens.client_form import ClientForm

        if self.client is None:
            return

        def done(saved: Client | None) -> None:
            if saved is not None:
                self.refresh_data()
                self.notify(tr("clients.saved", name=saved.name), timeout=2, markup=False)

        form = ClientForm(
            self.client,
            staff=self.repo.employees(),
            today=self.today,
            save=lambda edited: self.list_screen.save_client(edited, self.client),
            namesake=self.list_screen.namesake,
        )
        self.app.push_screen(form, done)
