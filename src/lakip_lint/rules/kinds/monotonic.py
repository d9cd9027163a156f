"""Monotonic: a series never falls — revision dates run forward down the rows, cumulative
quarterly figures rise across Triwulan I–IV — and, for dates, stays inside a window
(revision 1 may fall in December of the previous year).

Options (defaults beside the fields of `Params`; one of `column` and `series`):
  column  a date column whose dates run forward down the rows
  series  the base name of figure columns (one per quarter or year) that never fall
          across a row
  window  `from` / `to` (fy-12-01, fy-1-12-01: relative to the fiscal year) the dates of
          `column` must fall in

Passes (series: tw_realisasi):
  | Indikator | TW I | TW II | TW III | TW IV |
  | IKU 1     | 20   | 45    | 70     | 100   |
Fails: TW III written 40 — it falls from 45 (TW II); cumulative figures never fall.
A dash (`-`) reads as 0, as everywhere: in an annual report every quarter has passed, so a
dash after a written figure is a fall, quoted as the dash it is.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..engine import row_label
from ..outcomes import Broken, NotApplicable, NotRun, Passed, figure
from ...findings import Number, phrase

NAME = "monotonic"


@dataclass
class Params:
    column: str | None = None
    series: str | None = None
    window: dict | None = None


def _window_date(text: str, fy: int) -> dt.date:
    """`fy-12-01`, `fy-1-12-01` in the fiscal year `fy`; 29 February in a year without it is
    the 28th (the loader accepts any date of a leap year)."""
    m = re.fullmatch(r"fy([-+]\d+)?-(\d{2})-(\d{2})", text)
    if m is None:
        raise ValueError(f"not a window date: {text!r}")
    year, month, day = fy + int(m.group(1) or 0), int(m.group(2)), int(m.group(3))
    if (month, day) == (2, 29) and not calendar.isleap(year):
        day = 28
    return dt.date(year, month, day)


def check(params: Params, run):
    for table in run.tables():
        if params.column is not None:
            yield from _down_rows(run, table, params)
        else:
            for row in table.data_rows():
                yield from _across_columns(table, row, params.series)


def _down_rows(run, table, p):
    col = p.column
    if table.column(col) is None:
        yield NotRun(phrase("reason.columns_missing", columns=f"'{col}'", table=table.label), table.ref, table)
        return
    window = p.window
    prev = None
    for row in table.data_rows():
        v = row.get(col)
        if v is None or v.kind == "empty":
            yield NotApplicable()
            continue
        if v.kind == "date" and v.date is None:
            yield NotRun(phrase("reason.date_year_unknown", raw=v.raw), v.cell, table)
            continue
        if v.kind != "date":
            yield NotRun(phrase("reason.date_unreadable", raw=v.raw), v.cell, table)
            continue
        if window and run.fiscal_year:
            lo, hi = (_window_date(window["from"], run.fiscal_year), _window_date(window["to"], run.fiscal_year))
            if not lo <= v.date <= hi:
                yield Broken(v.cell, table, params=dict(
                    row=row_label(table, row), value=v.date.isoformat(),
                    problem=phrase("phrase.date_outside", start=lo.isoformat(), end=hi.isoformat())))
                prev = (row, v)
                continue
        if prev is not None and v.date < prev[1].date:
            yield Broken(v.cell, table, related=[prev[1].cell], params=dict(
                row=row_label(table, row), value=v.date.isoformat(),
                problem=phrase("phrase.date_earlier", date=prev[1].date.isoformat(), cell=prev[1].cell)))
        else:
            yield Passed((v.cell,))
        prev = (row, v)


def _shown(v) -> Number | str:
    """A figure of the series as a message quotes it: a dash as the dash it is."""
    return Number(v.number, v.decimals, v.unit) if v.number is not None else (v.raw or "-")


def _across_columns(table, row, base):
    cols = sorted((c for c in table.columns if c.base == base), key=lambda c: (c.year or 0, c.quarter or 0))
    if len(cols) < 2:
        return
    prev = None
    for c in cols:
        v = row.get(c.name)
        a = figure(v, True, table=table)
        if isinstance(a, NotApplicable):
            continue
        if isinstance(a, NotRun):
            yield a
            prev = None
            continue
        if prev is not None:
            pv, pa = prev
            if pa.lo > a.hi:
                yield Broken(v.cell, table, related=[pv.cell],
                             figures=dict(expected=None, stated=v.number),
                             params=dict(row=row_label(table, row),
                                         value=_shown(v),
                                         problem=phrase("phrase.cumulative_falls", was=_shown(pv), cell=pv.cell)))
            else:
                yield Passed((v.cell, pv.cell))
        prev = (v, a)
