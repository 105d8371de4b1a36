"""Who has returned for a period, who is late, whose return was rejected and why: the chase list.

Built from the history database (what each consolidation recorded) and the project's expected
regions (``pcxl.yaml``). For each region missing or rejected, a reminder is drafted as an ``.eml``
file that opens in the user's mail client as a new message, ready to check and send.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pandas as pd
from sqlalchemy.engine import Engine

from pcxl.config import TrackerConfig
from pcxl.declaration import Tracker
from pcxl.files import atomic_output
from pcxl.history.store import list_periods, load_problems, load_returns
from pcxl.vocab import fold

STATES = ("returned", "rejected", "late", "not yet due")


@dataclass(frozen=True)
class RegionStatus:
    """One expected (or unexpected) region's position for the period; ``submitted_by`` is who
    sent its returns (their About sheets), so a question goes to the right person."""

    region: str
    state: str
    files: tuple[str, ...]
    contact: str
    reasons: tuple[str, ...]
    submitted_by: tuple[str, ...] = ()


@dataclass
class PeriodStatus:
    """The chase list for one tracker and period."""

    tracker: Tracker
    period: str
    due: dt.date | None
    regions: list[RegionStatus]

    @property
    def to_chase(self) -> list[RegionStatus]:
        return [r for r in self.regions if r.state in ("rejected", "late", "not yet due")]


def _due(engine: Engine, tracker: str, period: str, settings: TrackerConfig) -> dt.date | None:
    ends = dict(list_periods(engine, tracker))
    end = ends.get(period)
    return end + dt.timedelta(days=settings.due_days) if end else None


def period_status(engine: Engine, tracker: Tracker, period: str, settings: TrackerConfig,
                  today: dt.date | None = None) -> PeriodStatus:
    """Each expected region's state: returned, rejected (with the first reasons), late or not yet
    due; regions that returned without being expected are listed as returned too."""
    today = today or dt.date.today()
    returns = load_returns(engine, tracker.name, period)
    problems = load_problems(engine, tracker.name, period)
    due = _due(engine, tracker.name, period, settings)
    found: list[RegionStatus] = []
    expected = {fold(r.name): r for r in settings.regions}
    seen: set[str] = set()
    by_region = {fold(str(r)): group for r, group in returns.groupby(
        returns["region"].fillna(""))} if not returns.empty else {}
    for key, region in [*expected.items(), *((k, None) for k in by_region if k not in expected)]:
        seen.add(key)
        rows = by_region.get(key, pd.DataFrame(columns=returns.columns))
        name = region.name if region else str(rows["region"].iloc[0])
        contact = region.contact if region else ""
        files, senders = tuple(rows["file"]), _senders(rows)
        if (rows["outcome"] == "accepted").any():
            found.append(RegionStatus(name, "returned", files, contact, (), senders))
        elif len(rows):
            names = problems["file"].map(lambda f: Path(str(f)).name)
            mine = problems[names.isin(files) & (problems["severity"] == "error")]
            reasons = tuple(f"{r.cell or r.sheet}: {r.message}" for r in mine.itertuples())
            found.append(RegionStatus(name, "rejected", files, contact, reasons, senders))
        else:
            state = "late" if due is not None and today > due else "not yet due"
            found.append(RegionStatus(name, state, (), contact, ()))
    return PeriodStatus(tracker, period, due, found)


def _senders(returns: pd.DataFrame) -> tuple[str, ...]:
    """Who submitted these returns, each name once, in file order (blanks left out)."""
    names = returns["submitted_by"].dropna().astype(str).str.strip()
    return tuple(dict.fromkeys(n for n in names if n))


def reminder(status: PeriodStatus, region: RegionStatus, sender: str = "") -> EmailMessage:
    """A reminder email to one region: what is missing, or why the return was rejected."""
    title = status.tracker.title
    message = EmailMessage(policy=SMTP)
    message["To"] = region.contact or ""
    if sender:
        message["From"] = sender
    message["X-Unsent"] = "1"  # Outlook and others open it as a draft to send
    due = f" It was due on {status.due:%d %B %Y}." if status.due else ""
    if region.state == "rejected":
        message["Subject"] = f"{title} {status.period}: please correct and resend your return"
        lines = "\n".join(f"  - {r}" for r in region.reasons[:30])
        more = (f"\n  ... and {len(region.reasons) - 30} more" if len(region.reasons) > 30
                else "")
        body = (f"Dear colleague,\n\nThank you for the {region.region} return for "
                f"{status.period} ({', '.join(region.files)}). We could not include it in the "
                f"consolidated report because of these problems:\n\n{lines}{more}\n\n"
                "Please correct them in the same workbook and send it again.\n")
    else:
        message["Subject"] = f"{title} {status.period}: your return is awaited"
        body = (f"Dear colleague,\n\nWe have not yet received the {region.region} return for "
                f"{status.period}.{due} Please complete the template and send it as soon as "
                "you can.\n")
    message.set_content(body + "\nWith thanks,\nProgramme office\n")
    return message


def write_reminders(status: PeriodStatus, folder: Path, sender: str = "") -> list[Path]:
    """One ``.eml`` draft per region to chase, written atomically into ``folder``."""
    written = []
    for region in status.to_chase:
        name = "".join(c if c.isalnum() else "_" for c in region.region).strip("_").lower()
        path = folder / f"reminder_{status.tracker.name}_{name}.eml"
        with atomic_output(path) as tmp:
            tmp.write_bytes(reminder(status, region, sender).as_bytes())
        written.append(path)
    return written
