"""Cumulative: multi-year totals and their ratio (Renstra): a total column equals the sum
of its per-year columns (optionally only through the fiscal year), and a % column equals
one total over another × 100. N/A years are skipped; '-' counts as zero.
"""
from __future__ import annotations

from ..engine import RuleRun, as_number, row_label
from ..expr import NotApplicable, NotComputable, evaluate, parse
from ..rowenv import RowEnv
from ..tolerance import judge
from ..values import approx


def run(ctx: RuleRun) -> None:
    p = ctx.rule.params
    for table in ctx.tables():
        for s in p.get("sums", []):
            if table.column(s["total"]) is None:
                ctx.not_run(f"kolom '{s['total']}' tidak ada di {table.label}", table.ref, table)
                continue
            through = ctx.fiscal_year if s.get("through") == "fy" else None
            _each(ctx, table, s["total"], f"sum({s['of']}[*])", rounded=True, through=through,
                  what={"id": f"jumlah {s['of']} per tahun", "en": f"sum of yearly {s['of']}"})
        for r in p.get("ratios", []):
            if table.column(r["stated"]) is None:
                ctx.not_run(f"kolom '{r['stated']}' tidak ada di {table.label}", table.ref, table)
                continue
            _each(ctx, table, r["stated"], f"{r['numerator']} / {r['denominator']} * 100", rounded=False,
                  through=None, what={"id": f"{r['numerator']} / {r['denominator']} × 100",
                                      "en": f"{r['numerator']} / {r['denominator']} × 100"})


def _each(ctx, table, stated_col, text, rounded, through, what):
    node = parse(text)
    for row in table.data_rows():
        stated = row.get(stated_col)
        try:
            approx(stated, True)
        except NotApplicable:
            ctx.not_applicable()
            continue
        except NotComputable as e:
            ctx.not_run(e.reason, e.cell, table)
            continue
        env = RowEnv(table, row, ctx.report, rounded=rounded, through_year=through)
        try:
            computed = evaluate(node, env)
        except NotApplicable:
            ctx.not_applicable()
            continue
        except NotComputable as e:
            ctx.not_run(e.reason, e.cell or stated.cell, table)
            continue
        stated = as_number(stated)
        v = judge(stated, computed)
        ctx.verdict(v.ok, v, stated.cell, table, stated, computed, related=env.cells,
                    row=row_label(table, row), column=stated_col, what=what)
