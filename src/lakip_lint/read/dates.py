"""Indonesian dates as reports write them: `26 Des`, `20 Jan`, `27 Oktober 2023`.

A date without a year gets the fiscal year, except that a run of late-year dates at the
start of a chronological column belongs to the year before (revision 1 of a 2023 DIPA
may be dated 26 Des 2022).
"""
from __future__ import annotations

import datetime as _dt
import re

MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "pebruari": 2, "peb": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8, "agust": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nopember": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}

MIN_YEAR, MAX_YEAR = 1900, 2100      # years a report can speak of
_DATE = re.compile(r"^\s*(\d{1,2})\s*[ ./-]?\s*([A-Za-z]+)\.?\s*(\d{4})?\s*$")
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/-](\d{1,2})[/-](\d{4})\s*$")


def parse_date_parts(text: str) -> tuple[int, int, int | None] | None:
    """Return (day, month, year or None) or None when the text is not a date."""
    if not text:
        return None
    m = _DATE.match(text)
    if m:
        month = MONTHS.get(m.group(2).lower())
        if not month:
            return None
        day = int(m.group(1))
        year = int(m.group(3)) if m.group(3) else None
        return (day, month, year) if _valid(day, month, year) else None
    m = _NUMERIC_DATE.match(text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return (day, month, year) if _valid(day, month, year) else None
    return None


def _valid(day: int, month: int, year: int | None) -> bool:
    try:
        _dt.date(year or 2000, month, day)
        return True
    except ValueError:
        return False


def assign_years(parts: list[tuple[int, int, int | None] | None], fiscal_year: int | None
                 ) -> list[_dt.date | None]:
    """Give yearless dates a year from the fiscal year, in column order.

    Dates are expected to run forward; where a yearless column starts in a late month and
    later wraps to an early month (Des → Jan), the rows before the wrap are in the year
    before the fiscal year.
    """
    if fiscal_year is not None and not MIN_YEAR <= fiscal_year <= MAX_YEAR:
        fiscal_year = None
    if fiscal_year is None:
        known = [p[2] for p in parts if p and p[2] and MIN_YEAR <= p[2] <= MAX_YEAR]
        fiscal_year = max(set(known), key=known.count) if known else None
    wrap_at = None
    no_year = [(i, p) for i, p in enumerate(parts) if p and p[2] is None]
    for (_, pa), (b, pb) in zip(no_year, no_year[1:]):
        if pb[1] < pa[1] and pa[1] >= 10 and pb[1] <= 3:
            wrap_at = b
            break
    out: list[_dt.date | None] = []
    for i, p in enumerate(parts):
        if p is None:
            out.append(None)
            continue
        day, month, year = p
        if year is None:
            if fiscal_year is None:
                out.append(None)
                continue
            year = fiscal_year - 1 if wrap_at is not None and i < wrap_at else fiscal_year
        out.append(_date(year, month, day))
    return out


def _date(year: int, month: int, day: int) -> _dt.date | None:
    """A real date, or None (a fiscal year typed 20233 or 0 gives no date, not a crash)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None
