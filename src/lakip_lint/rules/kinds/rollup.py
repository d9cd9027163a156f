"""Roll-up: a parent row equals the sum of its children, at every level of a hierarchy
(RKA-K/L code tree, numbered activities with sub-rows). Parents come from the reader
(codes, numbering, indentation); the parts' rounding adds up.
"""
from __future__ import annotations

from ..engine import RuleRun, as_number, row_label
from ..expr import NotApplicable, NotComputable
from ..tolerance import judge
from ..values import approx, sum_of


def run(ctx: RuleRun) -> None:
    p = ctx.rule.params
    for table in ctx.tables():
        children: dict[int, list] = {}
        for r in table.rows:
            if r.kind == "data" and r.parent is not None:
                children.setdefault(r.parent, []).append(r)
        if not children:
            ctx.not_run(f"{table.label} tidak memiliki hierarki baris", table.ref, table,
                        f"{table.label} has no row hierarchy")
            continue
        by_index = {r.index: r for r in table.rows}
        for parent_index, kids in sorted(children.items()):
            parent = by_index.get(parent_index)
            if parent is None:
                continue
            for col in p["columns"]:
                if table.column(col) is None:
                    continue
                _check(ctx, table, parent, kids, col)


def _check(ctx, table, parent, kids, col):
    stated = parent.get(col)
    try:
        approx(stated, True)
    except NotApplicable:
        ctx.not_applicable()
        return
    except NotComputable as e:
        ctx.not_run(e.reason, e.cell, table)
        return
    try:
        total, cells = sum_of(kids, col)
    except NotComputable as e:
        ctx.not_run(f"{e.reason} (anak dari {stated.cell})", e.cell, table)
        return
    if not cells:
        ctx.not_applicable()
        return
    stated = as_number(stated)
    v = judge(stated, total)
    ctx.verdict(v.ok, v, stated.cell, table, stated, total, related=cells,
                row=row_label(table, parent), column=col, count=len(cells))
