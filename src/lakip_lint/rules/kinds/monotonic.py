"""Monotonic: a series never falls — revision dates run forward down the rows, cumulative
quarterly figures rise across Triwulan I–IV — and, for dates, stays inside a window
(revision 1 may fall in December of the previous year).
"""
from __future__ import annotations

import datetime as dt
import re

from ..engine import RuleRun, row_label
from ..numfmt import fmt
from ..expr import NotApplicable, NotComputable
from ..tolerance import Approx
from ..values import approx


def _window_date(text: str, fy: int) -> dt.date:
    m = re.fullmatch(r"fy([-+]\d+)?-(\d{2})-(\d{2})", text)
    return dt.date(fy + int(m.group(1) or 0), int(m.group(2)), int(m.group(3)))


def run(ctx: RuleRun) -> None:
    p = ctx.rule.params
    for table in ctx.tables():
        if "column" in p:
            _down_rows(ctx, table, p)
        else:
            for row in table.data_rows():
                _across_columns(ctx, table, row, p["series"])


def _down_rows(ctx, table, p):
    col = p["column"]
    if table.column(col) is None:
        ctx.not_run(f"kolom '{col}' tidak ada di {table.label}", table.ref, table)
        return
    window = p.get("window")
    prev = None
    for row in table.data_rows():
        v = row.get(col)
        if v is None or v.kind == "empty":
            ctx.not_applicable()
            continue
        if v.kind == "date" and v.date is None:
            ctx.not_run(f"tahun tanggal '{v.raw}' tidak diketahui (tahun anggaran laporan tidak ditemukan)", v.cell, table,
                        f"the year of date '{v.raw}' is unknown (no fiscal year found)")
            continue
        if v.kind != "date":
            ctx.not_run(f"tanggal '{v.raw}' tidak terbaca", v.cell, table)
            continue
        if window and ctx.fiscal_year:
            lo, hi = (_window_date(window["from"], ctx.fiscal_year), _window_date(window["to"], ctx.fiscal_year))
            if not lo <= v.date <= hi:
                ctx.fail(v.cell, table, row=row_label(table, row), value=v.date.isoformat(),
                         problem={"id": f"di luar rentang {lo.isoformat()} s.d. {hi.isoformat()}",
                                  "en": f"outside {lo.isoformat()} to {hi.isoformat()}"})
                prev = (row, v)
                continue
        if prev is not None and v.date < prev[1].date:
            ctx.fail(v.cell, table, related=[prev[1].cell], row=row_label(table, row), value=v.date.isoformat(),
                     problem={"id": f"lebih awal dari baris sebelumnya ({prev[1].date.isoformat()}, {prev[1].cell})",
                              "en": f"earlier than the row before ({prev[1].date.isoformat()}, {prev[1].cell})"})
        else:
            ctx.passed(cells=[v.cell])
        prev = (row, v)


def _across_columns(ctx, table, row, base):
    cols = sorted((c for c in table.columns if c.base == base), key=lambda c: (c.year or 0, c.quarter or 0))
    if len(cols) < 2:
        return
    prev = None
    for c in cols:
        v = row.get(c.name)
        try:
            a = approx(v, True)
        except NotApplicable:
            continue
        except NotComputable as e:
            ctx.not_run(e.reason, e.cell, table)
            prev = None
            continue
        if prev is not None:
            pv, pa = prev
            if pa.lo > a.hi:
                was = {lang: fmt(pv.number, lang, pv.decimals, pv.unit) for lang in ("id", "en")}
                ctx.fail(v.cell, table, related=[pv.cell], row=row_label(table, row),
                         value={lang: fmt(v.number, lang, v.decimals, v.unit) for lang in ("id", "en")},
                         expected=None, stated=v.number,
                         problem={"id": f"turun dari {was['id']} ({pv.cell}); angka kumulatif tidak boleh turun",
                                  "en": f"falls from {was['en']} ({pv.cell}); cumulative figures never fall"})
            else:
                ctx.passed(cells=[v.cell, pv.cell])
        prev = (v, a)
