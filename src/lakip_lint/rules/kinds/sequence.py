"""Sequence: row numbers run 1, 2, 3 … within a table.

A number repeated because its cell is merged over several rows (one sasaran, several
indicators) is fine; a number typed twice, skipped or going back is a finding. Numbers
may restart at 1 after a section row, or run on across it.

Options (defaults beside the fields of `Params`):
  column  the column holding the row numbers (no)

Passes:
  | No | Indikator |
  | 1  | IKU satu  |
  | 2  | IKU dua   |
  | 3  | IKU tiga  |
Fails: the third row numbered 2 — after 2 comes 3.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..engine import row_label
from ..outcomes import Broken, Passed

NAME = "sequence"


@dataclass
class Params:
    column: str = "no"


def _int(v) -> int | None:
    if v is None or v.kind == "empty":
        return None
    if v.kind == "number" and v.number is not None and v.number == int(v.number):
        return int(v.number)
    m = re.fullmatch(r"\s*(\d{1,4})[.)]?\s*", str(v.raw or v.text or ""))
    return int(m.group(1)) if m else None


def check(params: Params, run):
    col = params.column
    for table in run.tables():
        if table.column(col) is None:
            continue
        prev, prev_cell, before = None, None, None
        for row in table.rows:
            if row.kind == "section":
                if prev is not None:
                    before = prev           # the number before the section: it may run on
                prev = None
                continue
            if row.kind != "data":
                continue
            v = row.get(col)
            n = _int(v)
            if n is None:
                continue
            if v.carried_from:
                continue
            if prev is None:
                ok = n == 1 or prev_cell is None or (before is not None and n == before + 1)
                expected = n if ok else (before + 1 if before is not None and n > 1 else 1)
            else:
                ok, expected = n == prev + 1, prev + 1
            if ok:
                yield Passed((v.cell,))
            else:
                yield Broken(v.cell, table, related=[prev_cell] if prev_cell else [],
                             params=dict(row=row_label(table, row), value=n, expected_no=expected))
            prev, prev_cell = n, v.cell
