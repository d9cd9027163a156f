"""Row formula: a stated cell equals an expression of its row (capaian = realisasi / target × 100),
or a condition holds in every row (blokir ≤ pagu).

Inputs are taken as written (exact) unless `inputs: rounded`; the stated result agrees
when equal at its own precision, rounded or truncated. A minimising indicator (named in
the configuration, `indikator_minimasi`) uses the rule's `minimising` formula; a unit's
cap on capaian (`batas_capaian`) is configuration too, never assumed.
"""
from __future__ import annotations

from .. import patterns
from ..engine import RuleRun, row_label
from ..expr import NotApplicable, NotComputable, evaluate, parse
from ..rowenv import RowEnv
from ..tolerance import Approx, judge
from ..values import approx


def pretty(formula: str) -> str:
    """'(2 * target - realisasi) / target * 100' → '(2 × target − realisasi) / target × 100'."""
    return " ".join(formula.replace("*", "×").split()).replace(" - ", " − ")


def run(ctx: RuleRun) -> None:
    p = ctx.rule.params
    rounded = p.get("inputs", "exact") == "rounded"
    row_kinds = p.get("rows", ["data"])
    expect = parse(p["expect"]) if "expect" in p else None
    cond = parse(p["assert"]) if "assert" in p else None
    when = parse(p["when"]) if "when" in p else None
    mini = p.get("minimising")
    mini_expr = parse(mini["expect"]) if mini else None
    mini_pats = [patterns.compile_pattern(x) for x in ctx.config.get("indikator_minimasi", [])]
    cap = ctx.config.get("batas_capaian") if p.get("cap_from_config") else None
    for table in ctx.tables():
        stated_col = p.get("stated")
        if stated_col and table.column(stated_col) is None:
            ctx.not_run(f"kolom '{stated_col}' tidak ada di {table.label}", table.ref, table,
                        f"column '{stated_col}' missing in {table.label}")
            continue
        for row in table.rows:
            if row.kind not in row_kinds:
                continue
            env = RowEnv(table, row, ctx.report, rounded)
            try:
                if when is not None and not evaluate(when, env):
                    ctx.not_applicable()
                    continue
                if cond is not None:
                    ok = evaluate(cond, env)
                    cell = env.cells[0] if env.cells else None
                    if ok:
                        ctx.passed(cells=env.cells)
                    else:
                        ctx.fail(cell, table, related=env.cells, row=row_label(table, row),
                                 condition=p["assert"])
                    continue
                stated = row.get(stated_col)
                try:
                    approx(stated, True, dash_is_zero=p.get("dash_is_zero", False))
                except NotApplicable:
                    ctx.not_applicable()
                    continue
                node, formula = expect, p.get("expect", "")
                key = row.get(mini["key"]) if mini else None
                if mini and key is not None and any(pt.search((key.text or key.raw or "")[:patterns.MAX_TEXT]) for pt in mini_pats):
                    node, formula = mini_expr, mini["expect"]
                env.cells.clear()
                computed = evaluate(node, env)
                if cap is not None and computed.mid > cap:
                    computed = Approx.exact(cap)
            except NotApplicable:
                ctx.not_applicable()
                continue
            except NotComputable as e:
                ctx.not_run(e.reason, e.cell or (row.get(stated_col).cell if stated_col and row.get(stated_col) else None), table)
                continue
            if stated.kind == "dash":
                from ..engine import as_number
                stated = as_number(stated)
            v = judge(stated, computed)
            ctx.verdict(v.ok, v, stated.cell, table, stated, computed, related=env.cells,
                        row=row_label(table, row), column=stated_col, formula=pretty(formula))
