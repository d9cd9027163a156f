"""Column total: a Total / Jumlah row equals the sum of the rows above it (a Rata-rata row
their mean), per column. The parts' rounding adds up (XBRL Calculations 1.1).

A table may hold several totals: a total sums the data rows since the previous total,
and a total directly after other totals sums those totals (a grand total).

Options (defaults beside the fields of `Params`):
  columns        the columns to check, `[*]` for every year (none: every numeric column)
  means          check Rata-rata rows too (true)
  require_total  a table without a Total row is a check that could not run (false)

Passes:
  | Jenis   | Pagu  | Realisasi |
  | Pegawai | 5.120 | 5.010     |
  | Barang  | 3.450 | 3.201     |
  | Jumlah  | 8.570 | 8.211     |
Fails: Jumlah Realisasi written 8.121 — 5.010 + 3.201 = 8.211.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from ..engine import as_number
from ..expr import NotComputable
from ..outcomes import Compared, NotApplicable, NotRun, figure, is_figure
from ..tolerance import Approx, judge
from ..values import BLANKS, sum_of
from ...findings import phrase
from ...model import CellRef

NAME = "column_total"
NUMERIC = {"amount", "count", "number", "index", "score"}


@dataclass
class Params:
    columns: list[str] | None = None
    means: bool = True
    require_total: bool = False


def _columns(table, patterns):
    if not patterns:
        return [c.name for c in table.columns if c.type in NUMERIC]
    out = []
    for c in table.columns:
        if any(fnmatch.fnmatchcase(c.name, pt.replace("[*]", "[[]*[]]")) or c.name == pt for pt in patterns):
            out.append(c.name)
    return out


def check(params: Params, run):
    for table in run.tables():
        cols = _columns(table, params.columns)
        segments = _segments(table.rows)
        if not segments:
            if params.require_total:
                yield NotRun(phrase("reason.no_total_row", table=table.label), table.ref, table)
            continue
        for total_row, rows in segments:
            if total_row.kind == "mean" and not params.means:
                continue
            for col in cols:
                yield from _check(table, total_row, rows, col)


def _segments(rows):
    """(total or mean row, the rows it sums or averages).

    A total sums the data rows since the previous total; a Rata-rata right after a total
    averages the same data rows; a total right after subtotals sums those subtotals. A
    total written at the top, before any data row, sums what follows it: the data rows
    when no total comes after them, else the subtotals below it."""
    out, parts, last_parts, subtotals, covered = [], [], [], [], []
    leading = None                      # a total (or mean) above every data row
    for row in rows:
        if row.kind == "data":
            parts.append(row)
        elif leading is None and not out and not parts and not subtotals and row.kind in ("total", "mean"):
            leading = row
        elif row.kind == "mean":
            out.append((row, parts or last_parts))
            if parts:
                last_parts, parts = parts, []
        elif row.kind == "total":
            if parts:
                out.append((row, parts))
                subtotals.append(row)
                covered += parts
                last_parts, parts = parts, []
            elif len(subtotals) > 1:
                out.append((row, list(subtotals)))
                last_parts, subtotals, covered = covered, [], []
    if leading is not None:
        if not out and parts:
            out.insert(0, (leading, parts))
        elif len(subtotals) > 1 and not parts and leading.kind == "total":
            out.insert(0, (leading, list(subtotals)))
    return out


def _check(table, total_row, rows, col):
    if any(r.parent is not None for r in rows):        # a hierarchy: the total sums its top level
        rows = [r for r in rows if r.parent is None]
    stated = total_row.get(col)
    f = figure(stated, True, table=table)
    if not is_figure(f):
        yield f
        return
    sink = BLANKS.get()
    mark = len(sink) if sink is not None else 0
    try:
        total, cells = sum_of(rows, col)
    except NotComputable as e:
        yield NotRun(phrase("reason.part_of_total", reason=e.reason, cell=stated.cell), e.cell, table)
        return
    n = len(cells)
    if n == 0:
        yield NotApplicable()
        return
    if total_row.kind == "mean":
        total = total / Approx.exact(n)
    stated = as_number(stated)
    v = judge(stated, total)
    what = phrase("phrase.mean") if total_row.kind == "mean" else phrase("phrase.sum")
    span = f"{CellRef.parse(cells[0]).local}:{CellRef.parse(cells[-1]).local}" if cells else ""
    label = " ".join(str(total_row.label or ("Rata-rata" if total_row.kind == "mean" else "Total")).split())
    below = bool(rows) and rows[0].sheet_row > total_row.sheet_row
    where = phrase("phrase.below") if below else phrase("phrase.above")
    if v.ok and sink is not None:
        del sink[mark:]              # the parts add up with the blanks as nothing: they are nil, not gaps
    yield Compared(stated, total, table, related=list(dict.fromkeys(cells[:1] + cells[-1:])),
                   params=dict(column=col, what=what, span=span, count=n, label=label, where=where, reads=cells),
                   judged=v)
