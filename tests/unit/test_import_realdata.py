"""The three worked examples of the README on the public third-party exports in
../shared/realdata, through the console script: the reports after each import answer what
pandas computes from the file itself, independently of the import code."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

REAL: Path = Path(__file__).resolve().parents[3] / "shared" / "realdata"
PIPELINE = REAL / "maven-crm-sales-opportunities" / "sales_pipeline.csv"
RECEIVABLE = REAL / "ibm-accounts-receivable" / "WA_Fn-UseC_-Accounts-Receivable.csv"
CALLS_CSV = REAL / "pwc-call-center" / "call_center.csv"
CALLS_XLSX = REAL / "pwc-call-center" / "01 Call-Center-Dataset.xlsx"
ASTERISK = REAL / "realchat" / "telephony" / "asterisk_master_csv" / "Master.csv"

DEALS = [
    "--map", "opportunity_id=ref", "--map", "sales_agent=owner", "--map", "account=client",
    "--map", "engage_date=created", "--map", "close_date=closed", "--map", "close_value=amount",
    "--map", "deal_stage=stage",
    "--map-values", "stage:Prospecting=conversation,Engaging=meeting,Won=won,Lost=lost",
    "--skip-invalid",
]  # fmt: skip
INVOICES = [
    "--map", "invoiceNumber=number", "--map", "customerID=client", "--map", "InvoiceDate=issued",
    "--map", "DueDate=due", "--map", "InvoiceAmount=amount", "--map", "SettledDate=paid",
    "--date-format", "M/D/YYYY", "--default", "employee=Accounts",
]  # fmt: skip
CALLLOG = [
    "--employee-col", "Agent", "--date-col", "Date",
    "--count", "cold_calls", "--count-if", "conversations:Answered (Y/N)=Y",
]  # fmt: skip


def need(path: Path) -> Path:
    """Return a third-party file, or skip saying it is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared/realdata is not beside the checkout)")
    return path


def run(script: Path, db: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the console script on a database, in English."""
    return subprocess.run(
        [str(script), "--db", str(db), "--lang", "en", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def report(script: Path, db: Path, *args: str) -> list[dict[str, object]]:
    """Return a report's JSON rows by employee (the TOTAL row left out)."""
    done = run(script, db, "report", *args, "--format", "json")
    assert done.returncode == 0, done.stderr
    rows: list[dict[str, object]] = json.loads(done.stdout)
    return [r for r in rows if r.get("employee") != "TOTAL"]


def test_migrating_from_a_crm_export(tmp_path: Path, script: Path) -> None:
    """8,800 opportunities: those with an engage date become deals (the 500 prospects
    without one are listed as skipped); win rate and won amount per agent, the won deals'
    cycle and the won amount by close month are what the file says."""
    frame = pd.read_csv(need(PIPELINE), dtype={"close_value": "float"})
    db = tmp_path / "db"
    done = run(script, db, "import", "deals", PIPELINE, *DEALS)
    assert done.returncode == 0, done.stderr
    dated = frame[frame["engage_date"].notna()]
    assert done.stdout.startswith(
        f"deals: {len(frame):,} rows read: {len(dated):,} added, 0 updated, 0 already there\n"
        f"Skipped {len(frame) - len(dated)} invalid rows:\n"
    )

    closed = dated[dated["deal_stage"].isin(["Won", "Lost"])]
    won = closed[closed["deal_stage"] == "Won"]
    rows = {
        r["employee"]: r
        for r in report(script, db, "deals", "--from", "2016-01-01", "--to", "2017-12-31")
    }
    for agent, group in closed.groupby("sales_agent"):
        mine = won[won["sales_agent"] == agent]
        row = rows[agent]
        assert (row["won"], row["lost"]) == (len(mine), len(group) - len(mine))
        assert row["win_rate"] == pytest.approx(len(mine) / len(group), abs=1e-4)
        assert row["won_amount"] == pytest.approx(mine["close_value"].sum())

    # The won deals' cycle: created -> closed (a won deal without an invoice is paid then).
    days = (pd.to_datetime(won["close_date"]) - pd.to_datetime(won["engage_date"])).dt.days
    cycle = {
        r["employee"]: r
        for r in report(script, db, "duration", "--from", "2016-01-01", "--to", "2017-12-31")
    }
    for agent, group in days.groupby(won["sales_agent"]):
        assert cycle[agent]["paid_deals"] == len(group)
        assert cycle[agent]["mean_days"] == pytest.approx(group.mean(), abs=1e-3)
        assert cycle[agent]["median_days"] == pytest.approx(group.median())

    # Won amount by close month: the first, a middle and the last month.
    month = pd.to_datetime(won["close_date"]).dt.to_period("M")
    totals = list(won.groupby(month)["close_value"].sum().items())
    for period, amount in [totals[0], totals[len(totals) // 2], totals[-1]]:
        first = period.start_time.date().isoformat()
        last = period.end_time.date().isoformat()
        by_month = report(script, db, "deals", "--by", "closed", "--from", first, "--to", last)
        assert sum(float(r["won_amount"]) for r in by_month) == pytest.approx(amount)


def test_from_the_accountants_receivables_sheet(tmp_path: Path, script: Path) -> None:
    """2,466 invoices with M/D/YYYY dates, each settled on its date: the receivables as of
    past dates (issued by then, not yet settled) and their aging are the file's."""
    frame = pd.read_csv(need(RECEIVABLE), dtype={"invoiceNumber": str})
    db = tmp_path / "db"
    done = run(script, db, "import", "invoices", RECEIVABLE, *INVOICES)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"invoices: {len(frame):,} rows read: {len(frame):,} added")
    assert "New employees (1): Accounts" in done.stdout
    issued = pd.to_datetime(frame["InvoiceDate"], format="%m/%d/%Y")
    settled = pd.to_datetime(frame["SettledDate"], format="%m/%d/%Y")
    due = pd.to_datetime(frame["DueDate"], format="%m/%d/%Y")
    for as_of in ("2012-06-30", "2013-03-31", "2013-12-31"):
        day = pd.Timestamp(as_of)
        open_ = frame[(issued <= day) & (settled > day)]
        late = open_[due[open_.index] < day]
        total = report(script, db, "receivables", "--as-of", as_of)
        accounts = next(r for r in total if r["employee"] == "Accounts")
        assert accounts["open_invoices"] == len(open_)
        assert accounts["open_amount"] == pytest.approx(open_["InvoiceAmount"].sum())
        overdue = sum(float(accounts[k]) for k in ("d1_30", "d31_60", "d61_90", "d90_plus"))
        assert overdue == pytest.approx(late["InvoiceAmount"].sum())


@pytest.mark.parametrize("path", [CALLS_CSV, CALLS_XLSX], ids=["csv", "xlsx"])
def test_from_the_telephonys_call_log(tmp_path: Path, script: Path, path: Path) -> None:
    """5,000 calls become calls and conversations per agent per day; the CSV and the XLSX
    give the same; imported again, nothing is counted twice."""
    frame = pd.read_csv(need(CALLS_CSV))
    db = tmp_path / "db"
    done = run(script, db, "import", "calllog", need(path), *CALLLOG)
    assert done.returncode == 0, done.stderr
    days = frame.groupby(["Agent", "Date"]).size()
    assert f"{len(days)} added" in done.stdout
    if path == CALLS_CSV:  # imported again, nothing counted twice (the XLSX reads the same)
        again = run(script, db, "import", "calllog", path, *CALLLOG)
        assert f"{len(days)} already there" in again.stdout and "0 added, 0 updated" in again.stdout
    first, last = frame["Date"].min(), frame["Date"].max()
    rows = {
        r["employee"]: r
        for r in report(script, db, "metrics", "--from", first, "--to", last, "--by", "employee")
    }
    answered = frame[frame["Answered (Y/N)"] == "Y"]
    for agent, calls in frame.groupby("Agent"):
        assert rows[agent]["cold_calls"] == len(calls)
        assert rows[agent]["conversations"] == len(answered[answered["Agent"] == agent])


def test_a_header_less_asterisk_log_with_named_columns(tmp_path: Path, script: Path) -> None:
    """Asterisk's Master.csv has no header: --columns names them; calls by source, answered
    ones as conversations, on the day of their start."""
    names = (
        "clid,src,dst,dcontext,channel,dstchannel,lastapp,lastdata,start,answer,end,"
        "duration,billsec,disposition,amaflags,f16,uniqueid,f18,sequence"
    )
    frame = pd.read_csv(need(ASTERISK), header=None, names=names.split(","))
    db = tmp_path / "db"
    done = run(
        script, db, "import", "calllog", ASTERISK, "--columns", names,
        "--employee-col", "src", "--date-col", "start",
        "--count-if", "conversations:disposition=ANSWERED",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    day = frame["start"].str[:10]
    rows = {
        r["employee"]: r
        for r in report(
            script, db, "metrics", "--from", day.min(), "--to", day.max(), "--by", "employee"
        )
    }
    for source, calls in frame.groupby("src"):
        assert rows[source]["cold_calls"] == len(calls)
        assert rows[source]["conversations"] == int((calls["disposition"] == "ANSWERED").sum())
