"""Dates as NHS teams write them: ``30/09/20``, ``w/c 16/11/20``, ``November``, ``Q2 17/18``.

``read_date`` turns one cell into a DateReading: the dates it holds (a cell may hold a baseline and
its revisions, ``09/10/20 Anticipated 19/10/20 Delay to 26/10/20``), each a ParsedDate with the
range it covers and its precision, or a problem saying why it is not a date. Dates are UK
day-first; financial years run April to March. Nothing here guesses: ``31/11/20`` is an impossible
date, not 1 December.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Precision = Literal["day", "week", "month", "quarter", "financial_year"]
PRECISIONS: tuple[str, ...] = ("day", "week", "month", "quarter", "financial_year")
DATE_FORMS = "30/09/20, w/c 16/11/20, November 2020, Q2 20/21, 20/21 or TBC"

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_FY = r"(?P<fy1>(?:19|20)?\d{2})\s*/\s*(?P<fy2>\d{2})"
_DMY = r"(?P<d>\d{1,2})\s*[/.]\s*(?P<m>\d{1,2})(?:\s*[/.]\s*(?P<y>\d{4}|\d{2}))?"
_NO_DATE = re.compile(r"^\s*(?:tbc|tba|tbd|to be (?:confirmed|agreed|decided)|n/?a|-+|\?+)\s*$",
                      re.IGNORECASE)

# Each form, tried left to right at every position; the first that matches wins.
_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")),
    ("week", re.compile(r"(?:w\s*/\s*c|w\s*/\s*b|wc|week\s+(?:commencing|beginning|starting))"
                        r"\s*:?\s*" + _DMY, re.IGNORECASE)),
    ("quarter", re.compile(r"q(?P<q>[1-4])\s*(?:of\s+)?(?:fy\s*)?" + _FY, re.IGNORECASE)),
    ("part_fy", re.compile(r"(?P<part>early|mid|late|end(?:\s+of)?|start(?:\s+of)?|beginning"
                           r"(?:\s+of)?)\s+(?:fy\s*)?" + _FY, re.IGNORECASE)),
    ("day_name", re.compile(r"(?P<d>\d{1,2})\s*(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH +
                            r"(?:,?\s+(?P<y>\d{4}|'?\d{2})(?![\d/]))?", re.IGNORECASE)),
    ("fy", re.compile(r"(?:fy\s*)?" + _FY + r"(?![\d/])", re.IGNORECASE)),
    ("dmy", re.compile(_DMY + r"(?![\d/])")),
    ("month", re.compile(r"(?:(?P<part>end|start|beginning|mid|early|late)(?:\s+of)?\s+)?" + _MONTH
                         + r"(?:\s+(?P<y>\d{4}|'?\d{2})(?![\d/]))?(?![a-z])", re.IGNORECASE)),
]
# Words that may sit between the dates of a revised cell ("Anticipated", "delay to", "Likely").
_CONNECTIVES = re.compile(
    r"\b(?:anticipated|anticipate|delay(?:ed)?|to|likely|revised|revision|now|new|date|dates|"
    r"forecast|expected|expect|then|moved|moving|slipped|extended|rescheduled|re-scheduled|was|by|"
    r"on|and|due|originally|original|baseline|planned|plan|target|deadline|updated|update|"
    r"completed|complete|achieved|the|of|in|for|est|estimated|approx|around|tbc)\b|[-–—,;:()?/*&]",
    re.IGNORECASE)


@dataclass(frozen=True)
class ParsedDate:
    """A date as written: the days it may mean (``start``..``end``) and how precise it is."""

    start: dt.date
    end: dt.date
    precision: Precision
    text: str

    @property
    def label(self) -> str:
        """How a report shows it: ``30/09/20``, ``w/c 16/11/20``, ``Nov 2020``, ``Q2 17/18``."""
        return format_label(self.start, self.end, self.precision)


@dataclass(frozen=True)
class DateReading:
    """What one cell says: its dates in order (baseline first), or why it is not a date."""

    dates: tuple[ParsedDate, ...] = ()
    problem: str | None = None
    detail: str = ""
    to_be_confirmed: bool = False

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def first(self) -> ParsedDate | None:
        return self.dates[0] if self.dates else None

    @property
    def last(self) -> ParsedDate | None:
        return self.dates[-1] if self.dates else None

    def pick(self, which: str) -> ParsedDate | None:
        """The first (baseline) or last (latest revision) date of the cell."""
        return self.first if which == "first" else self.last


class _Impossible(ValueError):
    pass


def _year(text: str | None, reference: dt.date | None, month: int, day: int = 1) -> int:
    if text:
        text = text.lstrip("'")
        return int(text) if len(text) == 4 else 2000 + int(text)
    if reference is None:
        raise _Impossible("no year given")
    # The year that puts the date nearest the reporting period.
    candidates = [reference.year - 1, reference.year, reference.year + 1]

    def distance(y: int) -> int:
        return abs((dt.date(y, month, min(day, calendar.monthrange(y, month)[1])) - reference).days)

    return min(candidates, key=distance)


def _day(d: str, m: str, y: str | None, reference: dt.date | None) -> dt.date:
    day, month = int(d), int(m)
    if not 1 <= month <= 12:
        raise _Impossible(f"there is no month {month}")
    year = _year(y, reference, month, day)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise _Impossible(f"{calendar.month_name[month]} {year} has {last} days")
    return dt.date(year, month, day)


def _fy_start(fy1: str, fy2: str) -> int:
    start = int(fy1) if len(fy1) == 4 else 2000 + int(fy1)
    if (start + 1) % 100 != int(fy2):
        raise _Impossible(f"{fy1}/{fy2} is not a financial year")
    return start


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _parse_form(kind: str, m: re.Match[str], ref: dt.date | None) -> ParsedDate:
    g = m.groupdict()
    text = m.group(0)
    if kind in ("iso", "dmy"):
        day = _day(g["d"], g["m"], g["y"], ref)
        return ParsedDate(day, day, "day", text)
    if kind == "week":
        day = _day(g["d"], g["m"], g["y"], ref)
        return ParsedDate(day, day + dt.timedelta(days=6), "week", text)
    if kind == "day_name":
        month = _MONTHS[g["mon"].lower()]
        day = _day(g["d"], str(month), g["y"], ref)
        return ParsedDate(day, day, "day", text)
    if kind == "month":
        month = _MONTHS[g["mon"].lower()]
        start, end = _month_range(_year(g["y"], ref, month), month)
        return ParsedDate(start, end, "month", text)
    start_year = _fy_start(g["fy1"], g["fy2"])
    if kind == "fy":
        return ParsedDate(dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31),
                          "financial_year", text)
    if kind == "quarter":
        first_month = 4 + 3 * (int(g["q"]) - 1)
        year = start_year + (first_month - 1) // 12
        first_month = (first_month - 1) % 12 + 1
        return ParsedDate(dt.date(year, first_month, 1),
                          _month_range(year, first_month + 2)[1], "quarter", text)
    part = g["part"].split()[0].lower()
    if part in ("end", "start", "beginning"):
        year, month = (start_year + 1, 3) if part == "end" else (start_year, 4)
        start, end = _month_range(year, month)
        return ParsedDate(start, end, "month", text)
    # Thirds of the financial year: early Apr-Jul, mid Aug-Nov, late Dec-Mar.
    offset = {"early": 0, "mid": 4, "late": 8}[part]
    first = dt.date(start_year + (3 + offset) // 12, (3 + offset) % 12 + 1, 1)
    last_month = (3 + offset + 3) % 12 + 1
    last_year = start_year + (3 + offset + 3) // 12
    return ParsedDate(first, _month_range(last_year, last_month)[1], "financial_year", text)


def _plausible(kind: str, m: re.Match[str]) -> bool:
    """A bare ``a/b`` is a financial year only if b follows a and b cannot be a month."""
    if kind != "fy":
        return True
    fy1, fy2 = m.group("fy1"), m.group("fy2")
    follows = (int(fy1) + 1) % 100 == int(fy2)
    return follows and (len(fy1) == 4 or int(fy2) > 12)


def _scan(text: str, ref: dt.date | None) -> tuple[list[ParsedDate], str]:
    """All dates in ``text``, left to right, and the text left once they are taken out."""
    found: list[ParsedDate] = []
    rest: list[str] = []
    pos = 0
    while pos < len(text):
        best: tuple[str, re.Match[str]] | None = None
        if pos == 0 or not text[pos - 1].isalnum():  # a date starts a word
            for kind, pattern in _FORMS:
                m = pattern.match(text, pos)
                if m and _plausible(kind, m):
                    best = (kind, m)
                    break
        if best is None:
            rest.append(text[pos])
            pos += 1
            continue
        kind, m = best
        try:
            found.append(_parse_form(kind, m, ref))
        except _Impossible as exc:
            raise _Impossible(f"{m.group(0).strip()}: {exc}") from None
        rest.append(" ")
        pos = m.end()
    return found, "".join(rest)


@lru_cache(maxsize=65536)
def _read_text(text: str, reference: dt.date | None) -> DateReading:
    if _NO_DATE.match(text):
        return DateReading(to_be_confirmed=True)
    try:
        dates, rest = _scan(text, reference)
    except _Impossible as exc:
        return DateReading(problem="impossible-date", detail=str(exc))
    leftover = _CONNECTIVES.sub(" ", rest).split()
    if not dates or leftover:
        return DateReading(problem="unreadable-date",
                           detail=f"expected a date such as {DATE_FORMS}")
    return DateReading(tuple(dates))


def read_date(value: object, reference: dt.date | None = None) -> DateReading:
    """Read one cell as a date. Blank, ``TBC`` and the like give a reading with no dates.

    ``reference`` (the end of the reporting period) supplies the year for ``30/09`` or
    ``November``: the year that puts the date nearest to it.
    """
    if value is None:
        return DateReading()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return DateReading((ParsedDate(value, value, "day", value.strftime("%d/%m/%Y")),))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != value:  # NaN: a blank cell that went through pandas
            return DateReading()
        return DateReading(problem="unreadable-date",
                           detail=f"a number, not a date; expected a date such as {DATE_FORMS}")
    text = " ".join(str(value).replace("\u00a0", " ").split())
    if not text:
        return DateReading()
    return _read_text(text, reference)


def as_written(value: object, picked: ParsedDate | None) -> str | None:
    """A date cell as the team wrote it, for a report to print (``End of October``, ``tbc``,
    ``Sep/Oct 17``): text as typed, white space single, a cell of several dates whole; a real
    date, which Excel shows however the cell is formatted, as the ``picked`` date's label
    (``30/09/20``). None for a blank."""
    if not isinstance(value, str):
        return picked.label if picked else None
    return " ".join(value.split()) or None


def format_label(start: dt.date, end: dt.date, precision: str) -> str:
    """The short form a slide shows for a date of the given precision."""
    if precision == "day":
        return start.strftime("%d/%m/%y")
    if precision == "week":
        return "w/c " + start.strftime("%d/%m/%y")
    if precision == "month":
        return start.strftime("%b %Y")
    first_year = start.year if start.month >= 4 else start.year - 1
    fy = f"{first_year % 100:02d}/{(first_year + 1) % 100:02d}"
    if precision == "quarter":
        return f"Q{(start.month - 4) % 12 // 3 + 1} {fy}"
    if (start.month, end.month) == (4, 3):
        return fy
    part = {4: "Early", 8: "Mid", 12: "Late"}.get(start.month, "")
    return f"{part} {fy}".strip()
