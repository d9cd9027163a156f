"""Formula audit of a tidy workbook — what Excel users expect a reviewer to see:
- a SUM in a Total row whose range leaves out a data row of its block;
- a typed constant in a Total row where the other Total cells of that row are formulas;
- a number stored as text in a column whose other numbers are real numbers.
(Error values such as #DIV/0! are reported by the reader, LKP104.)

Options (defaults beside the fields of `Params`):
  checks  which of sum_range, constant_total, text_number to run (all three)

Passes (the Jumlah cells are formulas over every data row):
  | Row | Jenis   | Pagu             |
  | 5   | Pegawai | 5.120            |
  | 6   | Barang  | 3.450            |
  | 7   | Jumlah  | =SUM(C5:C6)      |
Fails: Jumlah written =SUM(C5:C5) — the formula leaves out row 6 (sum_range); or 8.570
typed where the other total cells of the row are formulas (constant_total).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..outcomes import Broken, Passed
from .column_total import _segments
from ...findings import phrase

NAME = "formula_audit"
CHECKS = ["sum_range", "constant_total", "text_number"]


@dataclass
class Params:
    checks: list[str] = field(default_factory=lambda: list(CHECKS), metadata={"items_enum": CHECKS})

_RANGE = re.compile(r"SUM\(\s*\$?([A-Z]{1,3})\$?(\d+)\s*:\s*\$?([A-Z]{1,3})\$?(\d+)\s*\)", re.I)


def _row_of(cell: str) -> int:
    return int(re.search(r"(\d+)$", cell).group(1))


def check(params: Params, run):
    checks = set(params.checks)
    for table in run.tables():
        numeric = [c.name for c in table.columns if c.type in ("amount", "count", "number", "percent", "index", "score")]
        summed = [c.name for c in table.columns if c.type in ("amount", "count", "number")]
        if "sum_range" in checks or "constant_total" in checks:
            for total, parts in _segments(table.rows):
                cells = {col: total.get(col) for col in summed if total.get(col) is not None}
                formulas = {c: v for c, v in cells.items() if v.formula}
                if "constant_total" in checks and formulas:
                    for col, v in cells.items():
                        if not v.formula and v.kind == "number":
                            yield Broken(v.cell, table, related=[next(iter(formulas.values())).cell],
                                         params=dict(problem="constant_total",
                                                     what=phrase("phrase.typed_total")))
                        elif v.formula:
                            yield Passed((v.cell,))
                if "sum_range" in checks:
                    for col, v in formulas.items():
                        rows = [r for r in parts if r.kind == "data" and r.get(col) is not None
                                and r.get(col).kind == "number"]
                        if not rows:
                            continue
                        lo, hi = min(r.sheet_row for r in rows), max(r.sheet_row for r in rows)
                        m = _RANGE.search(v.formula or "")
                        if not m:
                            continue
                        a, b = int(m.group(2)), int(m.group(4))
                        if a <= lo and b >= hi:
                            yield Passed((v.cell,))
                        else:
                            missing = [r.sheet_row for r in rows if not a <= r.sheet_row <= b]
                            rows_text = ", ".join(map(str, missing))
                            yield Broken(v.cell, table, params=dict(
                                problem="sum_range",
                                what=phrase("phrase.sum_range", formula=v.formula, rows=rows_text)))
        if "text_number" in checks:
            for col in numeric:
                vals = [r.get(col) for r in table.rows if r.get(col) is not None]
                native = [v for v in vals if v.kind == "number" and not _is_text(v)]
                texty = [v for v in vals if v.kind == "number" and _is_text(v)]
                if len(native) >= 2 and texty:
                    for v in texty:
                        yield Broken(v.cell, table, params=dict(
                            problem="text_number",
                            what=phrase("phrase.text_number", raw=v.raw)))
                elif native:
                    yield Passed((native[0].cell,))


def _is_text(v) -> bool:
    return v.from_text
