"""Roll-up: a parent row equals the sum of its children, at every level of a hierarchy
(RKA-K/L code tree, numbered activities with sub-rows). Parents come from the reader
(codes, numbering, indentation); the parts' rounding adds up.

Options (defaults beside the fields of `Params`):
  columns  the columns summed up the hierarchy (required)

Passes (columns: pagu):
  | Kode          | Uraian            | Pagu  |
  | 054.01        | Program Dukungan  | 1.500 |
  | 054.01.001    | Gaji              | 1.000 |
  | 054.01.002    | Operasional       | 500   |
Fails: Pagu of 054.01 written 1.600 — its children sum to 1.500.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..engine import as_number, row_label
from ..expr import NotComputable
from ..outcomes import Compared, NotApplicable, NotRun, figure, is_figure
from ..tolerance import judge
from ..values import sum_of
from ...findings import phrase

NAME = "rollup"


@dataclass
class Params:
    columns: list[str] | None = None


def check(params: Params, run):
    for table in run.tables():
        children: dict[int, list] = {}
        for r in table.rows:
            if r.kind == "data" and r.parent is not None:
                children.setdefault(r.parent, []).append(r)
        if not children:
            yield NotRun(phrase("reason.no_hierarchy", table=table.label), table.ref, table)
            continue
        by_index = {r.index: r for r in table.rows}
        for parent_index, kids in sorted(children.items()):
            parent = by_index.get(parent_index)
            if parent is None:
                continue
            for col in params.columns:
                if table.column(col) is None:
                    continue
                yield from _check(table, parent, kids, col)


def _check(table, parent, kids, col):
    stated = parent.get(col)
    f = figure(stated, True, table=table)
    if not is_figure(f):
        yield f
        return
    try:
        total, cells = sum_of(kids, col)
    except NotComputable as e:
        yield NotRun(phrase("reason.child_of", reason=e.reason, cell=stated.cell), e.cell, table)
        return
    if not cells:
        yield NotApplicable()
        return
    stated = as_number(stated)
    v = judge(stated, total)
    read = [v.cell for v in (k.get(col) for k in kids) if v is not None]    # blanks too: the sum met them
    yield Compared(stated, total, table, related=cells,
                   params=dict(row=row_label(table, parent), column=col, count=len(cells), reads=read), judged=v)
