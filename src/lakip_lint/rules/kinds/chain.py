"""Chain: each row's 'before' equals the previous row's 'after' (DIPA revisions: SEMULA =
previous MENJADI), with anchors tying the first or last link to a fact stated elsewhere
(pagu awal → first SEMULA).
"""
from __future__ import annotations

from ..engine import RuleRun, as_number, column_title, row_label
from ..expr import NotApplicable, NotComputable
from ..places import resolve
from ..tolerance import Approx, judge
from ..values import approx


def _num(ctx, table, v):
    try:
        approx(v, True)
    except NotApplicable:
        return None
    except NotComputable as e:
        ctx.not_run(e.reason, e.cell, table)
        return None
    return as_number(v)


def run(ctx: RuleRun) -> None:
    p = ctx.rule.params
    for table in ctx.tables():
        rows = table.data_rows()
        for link in p.get("links", []):
            b, a = link["before"], link["after"]
            if table.column(b) is None or table.column(a) is None:
                ctx.not_run(f"kolom '{b}'/'{a}' tidak ada di {table.label}", table.ref, table)
                continue
            for prev, cur in zip(rows, rows[1:]):
                before, after = _num(ctx, table, cur.get(b)), _num(ctx, table, prev.get(a))
                if before is None or after is None:
                    continue
                v = judge(before, Approx.of(after))
                ctx.verdict(v.ok, v, before.cell, table, before, Approx.of(after, rounded=False),
                            related=[after.cell], row=row_label(table, cur), column=b,
                            source={"id": f"{after.cell} ({row_label(table, prev)})",
                                    "en": f"{after.cell} ({row_label(table, prev)})"})
        for anchor in p.get("anchors", []):
            _anchor(ctx, table, rows, anchor)


def _anchor(ctx, table, rows, anchor):
    if not rows or table.column(anchor["column"]) is None:
        return
    row = rows[0] if anchor.get("row", "first") == "first" else rows[-1]
    mine = _num(ctx, table, row.get(anchor["column"]))
    places = [pl for pl in resolve(anchor["equals"], ctx.report) if pl.value is not None or pl.computed is not None]
    if mine is None:
        return
    if not places:
        ctx.not_run(f"{anchor['equals']} tidak ditemukan", mine.cell, table)
        return
    for pl in places:
        try:
            other = as_number(pl.value) if pl.value is not None else None
            if other is not None:
                approx(other, True)
        except (NotApplicable, NotComputable) as e:
            ctx.not_run(getattr(e, "reason", "nilai tidak terbaca"), pl.cell, table)
            continue
        here = f"{mine.cell} ({column_title(table, anchor['column'])}, {row_label(table, row)})"
        if anchor.get("blame", "anchor") == "anchor" and other is not None:
            v = judge(other, Approx.of(mine))
            ctx.verdict(v.ok, v, other.cell, table, other, Approx.of(mine, rounded=False),
                        related=[mine.cell], row="", column=pl.label, source={"id": here, "en": here})
        else:
            v = judge(mine, pl.approx(True))
            ctx.verdict(v.ok, v, mine.cell, table, mine, pl.approx(False), related=[pl.cell],
                        row=row_label(table, row), column=anchor["column"],
                        source={"id": f"{pl.cell} ({pl.label})", "en": f"{pl.cell} ({pl.label})"})
