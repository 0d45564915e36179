"""Hot clients (routine 2): the deals closest to payment, with their flags, worked by keys."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Final

from rich.cells import cell_len
from rich.console import JustifyMethod
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import DataTable, Header, Static

from salestui import queries
from salestui.analytics.deals import HotRow, hot_totals
from salestui.i18n import fmt_date, fmt_int, fmt_short_date, tr, trn
from salestui.models import LOST, Deal, Invoice, Settings
from salestui.money import fmt_amount, fmt_money, symbol
from salestui.textfit import fit_names, truncate
from salestui.tui.keys import bind
from salestui.tui.screens import deal_forms
from salestui.tui.screens.base import BaseScreen
from salestui.tui.widgets.keys_footer import KeysFooter

# How each flag looks in colour; its text marker (hot.mark.*) says the same without colour.
# The table shows this many hot deals at most (the first by expected payment date).
SHOWN_MAX: Final = 120
FLAG_STYLES: Final = {
    "overdue_step": "bold red",
    "no_step": "yellow",
    "stale": "bold yellow",
    "past_expected": "magenta",
    "snoozed": "dim",
}
# The date a flag is about is drawn in the flag's colour too.
FLAGGED_BY: Final = {"due": "overdue_step", "expected": "past_expected", "last": "stale"}
# Columns in the order they are shown, and the order they are given room when the
# terminal is narrow (the first ones always; the client and next step take what is left).
ORDER: Final = (
    "client",
    "owner",
    "stage",
    "amount",
    "probability",
    "expected",
    "days",
    "last",
    "step",
    "due",
    "flags",
)
PRIORITY: Final = (
    "client",
    "amount",
    "expected",
    "flags",
    "probability",
    "owner",
    "due",
    "stage",
    "step",
    "last",
    "days",
)
# Columns of numbers, right-aligned.
NUMBERS: Final = frozenset({"amount", "probability", "days"})
CLIENT_MIN: Final = 14
# Dates this close to today are shown without their year.
SHORT_DATE_DAYS: Final = 182
CLIENT_MAX: Final = 28
STEP_MIN: Final = 14
STEP_MAX: Final = 40
# "Conversa…": a long stage name gives way before a column is dropped.
STAGE_MIN: Final = 9
STAGE_MAX: Final = 14
OWNER_MAX: Final = 18
# "Дмитрий С.", "Oliver Jac.": names shorten to this before a column is dropped.
OWNER_MIN: Final = 10
# DataTable pads each cell by one on both sides; the table has a margin and a scrollbar.
PAD: Final = 2
EDGES: Final = 3


@dataclass(frozen=True, slots=True)
class Line:
    """One hot deal as the table shows it: its texts by column, before fitting."""

    row: HotRow
    client: str
    owner: str


def markers(flags: Sequence[str]) -> Text:
    """Return a deal's flags as short text markers, each in its colour."""
    text = Text(no_wrap=True)
    for flag in flags:
        if text:
            text.append(" ")
        text.append(tr(f"hot.mark.{flag}"), style=FLAG_STYLES[flag])
    return text


def short_day(day: date | None, today: date) -> str:
    """Return a date without its year when that cannot mislead (a dash when there is none).

    Within half a year of today "Jan 15" can only be one January; a date further away (a
    payment expected last January) keeps its year.
    """
    if day is None:
        return "—"
    return fmt_short_date(day) if abs((day - today).days) <= SHORT_DATE_DAYS else fmt_date(day)


def fit_widths(wanted: dict[str, int], room: int) -> dict[str, int]:
    """Choose the columns that fit in room, by PRIORITY, with the widths they get.

    Every column costs its width plus the cell padding; the first that does not fit ends
    the list. The client, the owner, the stage and the next step are given a least width
    first (shortened to fit), then what is left over, in that order.
    """
    least = dict(wanted)
    floors = (
        ("client", CLIENT_MIN),
        ("owner", OWNER_MIN),
        ("stage", STAGE_MIN),
        ("step", STEP_MIN),
    )
    for key, floor in floors:
        least[key] = min(wanted[key], floor)
    chosen: dict[str, int] = {}
    used = 0
    for key in PRIORITY:
        cost = least[key] + PAD
        if used + cost > room and key != "client":
            break  # the less important columns go too: the spare room widens the names
        chosen[key] = least[key]
        used += cost
    spare = room - used
    growing = ("client", CLIENT_MAX), ("owner", OWNER_MAX), ("stage", STAGE_MAX), ("step", STEP_MAX)
    for key, most in growing:
        if key in chosen and spare > 0:
            grow = max(0, min(spare, min(wanted[key], most) - chosen[key]))
            chosen[key] += grow
            spare -= grow
    return {key: chosen[key] for key in ORDER if key in chosen}


class HotScreen(BaseScreen):
    """The hot list sorted by expected payment date, with its totals and the selected deal."""

    DEFAULT_CSS = """
    HotScreen #hot-table {
        height: 1fr;
        margin: 0 1;
        scrollbar-size-vertical: 1;
    }
    HotScreen #hot-summary, HotScreen #hot-legend, HotScreen #hot-keys {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    HotScreen #hot-detail {
        height: auto;
        min-height: 3;
        padding: 0 1;
        background: $panel;
    }
    HotScreen #hot-empty {
        height: auto;
        padding: 1 2;
        display: none;
    }
    HotScreen.-empty #hot-empty {
        display: block;
    }
    HotScreen.-empty #hot-table, HotScreen.-empty #hot-detail {
        display: none;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        bind("a", "add", "hot.key.add", show=False),
        bind("e", "edit", "hot.key.edit", show=False),
        bind("c", "contact", "hot.key.contact"),
        bind("i", "invoice", "hot.key.invoice"),
        bind("p", "payment", "hot.key.payment"),
        bind("w", "won", "hot.key.won"),
        bind("l", "lost", "hot.key.lost", show=False),
        bind("d", "demote", "hot.key.demote", show=False),
        bind("z", "snooze", "hot.key.snooze", show=False),
        bind("/", "filter", "hot.key.filter", show=False),
        bind("m", "app.mark_done('hot')", "hot.key.done"),
        bind("escape", "escape", "hot.key.back", show=False),
    ]
    AUTO_FOCUS = "#hot-table"

    def __init__(self) -> None:
        super().__init__()
        self._filter = ""
        self._rows: list[HotRow] = []
        self._lines: list[Line] = []
        self._all: list[Line] = []
        self._settings: Settings | None = None
        self._widths: dict[str, int] = {}
        self._filled_for = 0

    def help_legend(self) -> list[str]:
        """Return what the flag markers mean, for the help screen."""
        return [tr("hot.legend")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="hot-summary", markup=False)
        yield Static(id="hot-empty", markup=False)
        yield DataTable(id="hot-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="hot-detail", markup=False)
        yield Static(tr("hot.more_keys"), id="hot-keys", markup=False)
        yield Static(tr("hot.legend"), id="hot-legend", markup=False)
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()

    def came_back(self) -> None:
        """Read the list again: another screen may have changed deals."""
        self.refresh_data(self._selected_id())

    def on_resize(self, event: events.Resize) -> None:
        # Columns follow the width; the first resize, to the size the table was just filled
        # for, changes nothing (refilling it took ~60 ms at 120 rows).
        if self._settings is not None and event.size.width != self._filled_for:
            self._fill(self._selected_id())

    # -- data ------------------------------------------------------------------------

    def refresh_data(self, select: int | None = None) -> None:
        """Read the hot list again, keep the cursor on a deal (or the nearest row)."""
        self.sub_title = tr("routine.hot")
        repo = self.repo
        self._settings = settings = repo.settings()
        rows = queries.hot(repo, self.today)
        owners = {e.id: e.name for e in repo.employees()}
        ids = {r.deal.client_id for r in rows if r.deal.client_id is not None}
        clients = queries.client_names(repo, ids)
        lines = [
            Line(
                row,
                clients.get(row.deal.client_id, "—") if row.deal.client_id is not None else "—",
                owners.get(row.deal.owner, "?"),
            )
            for row in rows
        ]
        self._all = lines
        wanted = self._filter.casefold()
        if wanted:
            lines = [line for line in lines if self._matches(line, wanted)]
        # Every match counts in the totals; the table holds the first SHOWN_MAX by date (a
        # table of thousands of rows took seconds to fill, and nobody reads past a page).
        self._matched = [line.row for line in lines]
        lines = lines[:SHOWN_MAX]
        self._rows = [line.row for line in lines]
        self._lines = lines
        self._fill(select)
        self._show_summary(settings)

    @staticmethod
    def _matches(line: Line, wanted: str) -> bool:
        """Tell whether a deal matches the filter: its owner, client or next step."""
        deal = line.row.deal
        return any(wanted in text.casefold() for text in (line.owner, line.client, deal.next_step))

    def _selected_id(self) -> int | None:
        """Return the id of the deal under the cursor, if any."""
        table = self.query_one("#hot-table", DataTable)
        if not self._rows or table.cursor_row < 0:
            return None
        return self._rows[min(table.cursor_row, len(self._rows) - 1)].deal.id

    def selected(self) -> Deal | None:
        """Return the deal under the cursor."""
        table = self.query_one("#hot-table", DataTable)
        if not self._rows:
            return None
        return self._rows[min(max(table.cursor_row, 0), len(self._rows) - 1)].deal

    # -- drawing ---------------------------------------------------------------------

    def _texts(self, line: Line, stages: dict[str, str]) -> dict[str, str]:
        """Return a deal's cell texts by column (plain: widths are measured on these)."""
        deal, today = line.row.deal, self.today
        days = line.row.days_hot
        return {
            "client": line.client,
            "owner": line.owner,
            "stage": stages.get(deal.stage, deal.stage),
            "amount": fmt_amount(deal.amount, whole=True),
            "probability": fmt_int(deal.probability),
            "expected": short_day(deal.expected_payment, today),
            "days": fmt_int(days) if days is not None else "—",
            "last": short_day(deal.last_contact, today),
            "step": deal.next_step or "—",
            "due": short_day(deal.next_step_due, today),
            "flags": " ".join(tr(f"hot.mark.{flag}") for flag in line.row.flags),
        }

    @staticmethod
    def _cell(key: str, text: str, flags: tuple[str, ...], width: int) -> Text:
        """Return one cell in colour: a flagged date in its flag's colour, markers in theirs."""
        if key == "flags":
            return markers(flags)
        style = ""
        flag = FLAGGED_BY.get(key)
        if flag in flags:
            style = FLAG_STYLES[flag]
        justify: JustifyMethod = "right" if key in NUMBERS else "left"
        return Text(truncate(text, width), style=style, justify=justify, no_wrap=True)

    def _headers(self) -> dict[str, str]:
        """Return the column titles in the interface language (amount with its currency)."""
        settings = self._settings
        sign = symbol(settings.currency) if settings else ""
        headers = {key: tr(f"hot.col.{key}") for key in ORDER}
        headers["amount"] = tr("hot.col.amount", sign=sign)
        return headers

    def _fill(self, select: int | None) -> None:
        """Lay the table out for the terminal's width and put the rows in."""
        table = self.query_one("#hot-table", DataTable)
        self._filled_for = self.app.size.width
        row_before = table.cursor_row
        lines = self._lines
        self.set_class(not self._all, "-empty")
        headers = self._headers()
        settings = self._settings
        assert settings is not None
        stages = {code: settings.stage_label(code) for code in settings.stage_codes()}
        texts = [self._texts(line, stages) for line in lines]
        wanted = {
            key: max([cell_len(headers[key]), *(cell_len(t[key]) for t in texts)]) for key in ORDER
        }
        wanted["owner"] = min(wanted["owner"], OWNER_MAX)
        widths = fit_widths(wanted, self.app.size.width - EDGES)
        if "owner" in widths:
            owners = fit_names([line.owner for line in lines], widths["owner"])
            for text, owner in zip(texts, owners, strict=True):
                text["owner"] = owner
        if widths != self._widths:
            table.clear(columns=True)
            for key, width in widths.items():
                table.add_column(Text(truncate(headers[key], width)), key=key, width=width)
            self._widths = widths
        else:
            table.clear()
        for line, text in zip(lines, texts, strict=True):
            flags = line.row.flags
            cells = [self._cell(key, text[key], flags, width) for key, width in widths.items()]
            table.add_row(*cells, key=str(line.row.deal.id))
        if lines:
            row = row_before
            if select is not None:
                row = next((i for i, r in enumerate(self._rows) if r.deal.id == select), row)
            table.move_cursor(row=max(0, min(row, len(lines) - 1)))
        self._show_detail()
        self.query_one("#hot-empty", Static).update(self._empty_text())

    def _empty_text(self) -> str:
        """Say why the list is empty and what to press: add people first, or a deal."""
        settings = self._settings
        assert settings is not None
        if not any(e.employed_on(self.today) for e in self.repo.employees()):
            return tr("hot.no_team")
        stages = ", ".join(settings.stage_label(code) for code in settings.hot_stages)
        return tr(
            "hot.empty",
            stages=stages or "—",
            probability=fmt_int(settings.hot_probability),
        )

    def _show_summary(self, settings: Settings) -> None:
        """Say how many hot deals, their total and weighted amounts, and the filter."""
        shown = self._matched
        total, weighted = hot_totals(shown)
        count = trn("hot.count", len(shown))
        if self._filter:
            count = tr("hot.filtered", text=self._filter, count=count, all=fmt_int(len(self._all)))
        parts = [
            count,
            tr("hot.total", amount=fmt_money(total, settings.currency, whole=True)),
            tr("hot.weighted", amount=fmt_money(weighted, settings.currency, whole=True)),
        ]
        if len(shown) > len(self._rows):
            parts.append(tr("hot.first_shown", shown=fmt_int(len(self._rows))))
        if self._filter:
            parts.append(tr("hot.filter_clears"))
        self.query_one("#hot-summary", Static).update(" · ".join(parts))

    @on(DataTable.RowHighlighted, "#hot-table")
    def _moved(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """Show the selected deal below the table: what it is, its flags in words, next step."""
        detail = self.query_one("#hot-detail", Static)
        if not self._lines:
            detail.update(tr("hot.nothing_matches", text=self._filter) if self._all else "")
            return
        table = self.query_one("#hot-table", DataTable)
        line = self._lines[min(max(table.cursor_row, 0), len(self._lines) - 1)]
        deal = line.row.deal
        settings = self._settings
        assert settings is not None
        width = max(20, self.app.size.width - 2)
        money = tr(
            "hot.detail.money",
            amount=fmt_money(deal.amount, settings.currency),
            probability=fmt_int(deal.probability),
        )
        what = " · ".join([line.client, line.owner, settings.stage_label(deal.stage), money])
        last = deal.last_contact
        state = [tr("hot.detail.last", day=fmt_date(last)) if last else tr("hot.detail.no_contact")]
        if line.row.days_hot == 0:
            state.append(tr("hot.detail.hot_today"))
        elif line.row.days_hot is not None:
            state.append(trn("hot.detail.days_hot", line.row.days_hot))
        words = [tr(f"flag.{flag}") for flag in line.row.flags if flag != "snoozed"]
        if "snoozed" in line.row.flags and deal.snoozed_until is not None:
            until = fmt_date(deal.snoozed_until)
            words.append(tr("hot.detail.snoozed", day=until, reason=deal.snooze_reason))
        if deal.next_step:
            due = deal.next_step_due
            step = tr("hot.detail.step", step=deal.next_step)
            if due is not None:
                step += tr("hot.detail.due", day=fmt_date(due))
        else:
            step = tr("hot.detail.no_step")
        text = Text(truncate(what, width), style="bold")
        text.append("\n")
        said = " · ".join(state)
        if words:
            # The flags first: they are why the deal needs attention today.
            flags = truncate(f"⚑ {', '.join(words)}", width)
            text.append(flags, style=FLAG_STYLES[line.row.flags[0]])
            said = truncate(said, width - cell_len(flags) - 3)
            if said:
                text.append(" · " + said)
        else:
            text.append(truncate(said, width))
        text.append("\n" + truncate(step, width))
        detail.update(text)

    # -- actions ---------------------------------------------------------------------

    def _after(
        self, deal_id: int | None, note: Callable[[Any], str] | None = None
    ) -> Callable[[Any], None]:
        """Return what runs when a dialog closes: the list again, the cursor on the deal.

        A deal that left the list (won, lost, demoted) leaves the cursor on the row it was
        on, now the next deal; `note` says what was done, as a short notification.
        """

        def done(saved: object) -> None:
            # A new or edited deal is selected; after an invoice or a payment, its deal.
            target = saved.id if isinstance(saved, Deal) else deal_id
            self.refresh_data(target if target is not None else self._selected_id())
            if saved is not None and note is not None:
                self.notify(note(saved), timeout=4, markup=False)

        return done

    def _money(self, minor: int) -> str:
        """Format an amount in the settings' currency."""
        return fmt_money(minor, self.repo.settings().currency)

    def _invoiced(self, invoice: Invoice) -> str:
        """Say which invoice was issued."""
        return tr(
            "hot.note.invoiced",
            number=invoice.number,
            amount=self._money(invoice.amount),
            due=fmt_date(invoice.due),
        )

    def _paid(self, invoice: Invoice) -> str:
        """Say what the invoice has been paid and what is left."""
        return tr(
            "hot.note.paid",
            number=invoice.number,
            paid=self._money(invoice.paid),
            amount=self._money(invoice.amount),
            left=self._money(invoice.open_amount),
        )

    @staticmethod
    def _ended(deal: Deal) -> str:
        """Say how the deal ended."""
        if deal.stage == LOST:
            return tr("hot.note.lost", reason=deal.lost_reason)
        return tr("hot.note.won")

    @staticmethod
    def _snoozed(deal: Deal) -> str:
        """Say until when the deal sleeps, or that it woke."""
        if deal.snoozed_until is None:
            return tr("hot.note.woken")
        return tr("hot.note.snoozed", day=fmt_date(deal.snoozed_until))

    def _with_deal(self, run: Callable[[Deal], None]) -> None:
        """Run an action on the selected deal, or say there is none."""
        deal = self.selected()
        if deal is None:
            self.notify(tr("hot.no_deal"), timeout=3, markup=False)
            return
        run(deal)

    def action_add(self) -> None:
        """Add a deal."""
        deal_forms.add_deal(self, self._after(None))

    def action_edit(self) -> None:
        """Edit the selected deal."""
        self._with_deal(lambda d: deal_forms.edit_deal(self, d.id, self._after(d.id)))

    @on(DataTable.RowSelected, "#hot-table")
    def _entered(self) -> None:
        self.action_edit()

    def action_contact(self) -> None:
        """Log a contact with the selected deal's client."""
        self._with_deal(lambda d: deal_forms.log_contact(self, d, self._after(d.id)))

    def action_invoice(self) -> None:
        """Issue an invoice for the selected deal."""
        self._with_deal(
            lambda d: deal_forms.issue_invoice(self, d, self._after(d.id, self._invoiced))
        )

    def action_payment(self) -> None:
        """Record a payment of the selected deal's invoice."""
        self._with_deal(lambda d: deal_forms.record_payment(self, d, self._after(d.id, self._paid)))

    def action_won(self) -> None:
        """Mark the selected deal won."""
        self._with_deal(lambda d: deal_forms.mark_won(self, d, self._after(d.id, self._ended)))

    def action_lost(self) -> None:
        """Mark the selected deal lost, with a reason."""
        self._with_deal(lambda d: deal_forms.mark_lost(self, d, self._after(d.id, self._ended)))

    def action_demote(self) -> None:
        """Take the selected deal off the hot list."""
        self._with_deal(
            lambda d: deal_forms.demote_deal(
                self, d, self._after(d.id, lambda _: tr("hot.note.demoted"))
            )
        )

    def action_snooze(self) -> None:
        """Snooze the selected deal, or wake it when it is snoozed."""
        self._with_deal(lambda d: deal_forms.snooze_deal(self, d, self._after(d.id, self._snoozed)))

    def action_filter(self) -> None:
        """Show only the deals of an employee, a client or a next step with the typed text."""
        from salestui.tui.screens.prompt import TextPrompt

        def chosen(text: str | None) -> None:
            if text is None:
                return
            self._filter = text
            self.refresh_data(self._selected_id())

        prompt = TextPrompt(tr("hot.filter_title"), self._filter, tr("hot.filter_hint"))
        self.app.push_screen(prompt, chosen)

    async def action_escape(self) -> None:
        """Clear the filter, or go back to Today."""
        if self._filter:
            self._filter = ""
            self.refresh_data(self._selected_id())
            return
        await self.sales.action_back()
