"""Cumulative: multi-year totals and their ratio (Renstra): a total column equals the sum
of its per-year columns (optionally only through the fiscal year), and a % column equals
one total over another × 100. N/A years are skipped; '-' counts as zero.

Options (defaults beside the fields of `Params`; at least one of the two):
  sums    `total` (the total column) is the sum `of` a yearly column, `through` the fiscal
          year only (fy) or every year (all)
  ratios  `stated` = `numerator` / `denominator` × 100

Passes (sums: total_target of target):
  | Indikator | Target 2020 | Target 2021 | Target 2022 | Total Target |
  | IKU 1     | 10          | 12          | 14          | 36           |
Fails: Total Target written 38 — 10 + 12 + 14 = 36.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..engine import as_number, row_label
from ..expr import NotApplicable as _NA, NotComputable, evaluate, parse
from ..outcomes import Compared, NotApplicable, NotRun, figure, is_figure
from ..rowenv import RowEnv
from ..tolerance import judge
from ...findings import phrase

NAME = "cumulative"


@dataclass
class Params:
    sums: list[dict] = field(default_factory=list)
    ratios: list[dict] = field(default_factory=list)


def check(params: Params, run):
    for table in run.tables():
        for s in params.sums:
            if table.column(s["total"]) is None:
                yield NotRun(phrase("reason.columns_missing", columns=f"'{s['total']}'", table=table.label), table.ref, table)
                continue
            through = run.fiscal_year if s.get("through") == "fy" else None
            yield from _each(run, table, s["total"], f"sum({s['of']}[*])", rounded=True, through=through,
                             what=phrase("phrase.yearly_sum", of=table.title_of(s['of'])))
        for r in params.ratios:
            if table.column(r["stated"]) is None:
                yield NotRun(phrase("reason.columns_missing", columns=f"'{r['stated']}'", table=table.label), table.ref, table)
                continue
            yield from _each(run, table, r["stated"], f"{r['numerator']} / {r['denominator']} * 100", rounded=False,
                             through=None, what=f"{table.title_of(r['numerator'])} / {table.title_of(r['denominator'])} × 100")


def _each(run, table, stated_col, text, rounded, through, what):
    node = parse(text)
    for row in table.data_rows():
        stated = row.get(stated_col)
        f = figure(stated, True, table=table)
        if not is_figure(f):
            yield f
            continue
        env = RowEnv(table, row, run.report, rounded=rounded, through_year=through)
        try:
            computed = evaluate(node, env)
        except _NA:
            yield NotApplicable()
            continue
        except NotComputable as e:
            yield NotRun(e.reason, e.cell or stated.cell, table)
            continue
        stated = as_number(stated)
        v = judge(stated, computed)
        yield Compared(stated, computed, table, related=env.cells,
                       params=dict(row=row_label(table, row), column=stated_col, what=what), judged=v)
