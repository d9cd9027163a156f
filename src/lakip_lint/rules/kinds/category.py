"""Category: a stated label (mutu, predikat) matches the band its value falls in.

Bands come from the regulation, in the rule file, highest first, each with its lower
bound and whether the bound itself belongs to the band (SAKIP: AA is *above* 90, so 90
is A; IKM: A from 3,5324 inclusive). The value is compared as written: a value that is
exactly on a boundary is judged by the boundary rule, not rounded across it.
"""
from __future__ import annotations

from decimal import Decimal

from ..engine import RuleRun, row_label
from ..expr import NotApplicable, NotComputable
from ..values import approx


def band(value: Decimal, bands: list[dict]) -> str | None:
    for b in bands:
        lo = b.get("min")
        if lo is None:
            return b["label"]
        lo = Decimal(str(lo))
        if value > lo or (b.get("inclusive", True) and value == lo):
            return b["label"]
    return None


def run(ctx: RuleRun) -> None:
    p = ctx.rule.params
    for table in ctx.tables():
        if table.column(p["value"]) is None or table.column(p["stated"]) is None:
            ctx.not_run(f"kolom '{p['value']}'/'{p['stated']}' tidak ada di {table.label}", table.ref, table)
            continue
        for row in table.rows:
            if row.kind not in p.get("rows", ["data"]):
                continue
            label = row.get(p["stated"])
            if label is None or label.kind in ("empty", "dash", "na"):
                ctx.not_applicable()
                continue
            try:
                a = approx(row.get(p["value"]), rounded=False)
            except NotApplicable:
                ctx.not_applicable()
                continue
            except NotComputable as e:
                ctx.not_run(e.reason, e.cell, table)
                continue
            value = a.mid * Decimal(str(p.get("factor", 1)))
            want = band(value, p["bands"])
            said = " ".join(str(label.text or label.raw or "").split())
            if want is None or said.upper() == want.upper():
                ctx.passed(cells=[label.cell, row.get(p["value"]).cell])
            else:
                ctx.fail(label.cell, table, related=[row.get(p["value"]).cell], row=row_label(table, row),
                         value=row.get(p["value"]).raw, label=said, expected_label=want)
