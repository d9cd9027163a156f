"""Row formula: a stated cell equals an expression of its row (capaian = realisasi / target × 100),
or a condition holds in every row (blokir ≤ pagu).

Inputs are taken as written (exact) unless `inputs: rounded`; the stated result agrees
when equal at its own precision, rounded or truncated. A minimising indicator (named in
the configuration, `indikator_minimasi`) uses the rule's `minimising` formula; a unit's
cap on capaian (`batas_capaian`) is configuration too, never assumed.

Options (defaults beside the fields of `Params`; `stated` with `expect`, or `assert`):
  stated           the column holding the stated result
  expect           the expression it must equal
  assert           a condition every row must meet instead
  when             a condition a row must meet to be checked at all
  inputs           exact (as written) or rounded (each input carries its rounding) (exact)
  rows             the kinds of row checked (data)
  dash_is_zero     a `-` in the stated column is a stated zero (false: not applicable)
  cap_from_config  cap the result at the configuration's `batas_capaian` (false)
  minimising       `key` (the column naming the indicator) and `expect` (its formula) for
                   indicators the configuration lists as minimising

Passes (stated: capaian, expect: realisasi / target * 100):
  | Indikator | Target | Realisasi | Capaian |
  | IKU 1     | 12     | 60        | 500%    |
  | IKU 2     | 3,50   | 3,81      | 108,86% |
Fails: Capaian of IKU 1 written 400% — 60 / 12 × 100 = 500%.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import patterns
from ..engine import as_number, row_label
from ..expr import NotApplicable as _NA, NotComputable, evaluate, parse
from ..outcomes import Broken, Compared, NotApplicable, NotRun, Passed, figure, is_figure
from ..rowenv import RowEnv
from ..tolerance import Approx, judge
from ...findings import phrase

NAME = "row_formula"


@dataclass
class Params:
    stated: str | None = None
    expect: str | None = None
    assert_: str | None = field(default=None, metadata={"key": "assert"})
    when: str | None = None
    inputs: str = field(default="exact", metadata={"enum": ["exact", "rounded"]})
    rows: list[str] = field(default_factory=lambda: ["data"],
                            metadata={"items_enum": ["data", "total", "mean", "section"]})
    dash_is_zero: bool = False
    cap_from_config: bool = False
    minimising: dict | None = None


def pretty(formula: str) -> str:
    """'(2 * target - realisasi) / target * 100' → '(2 × target − realisasi) / target × 100'."""
    return " ".join(formula.replace("*", "×").split()).replace(" - ", " − ")


def check(params: Params, run):
    p = params
    rounded = p.inputs == "rounded"
    expect = parse(p.expect) if p.expect is not None else None
    cond = parse(p.assert_) if p.assert_ is not None else None
    when = parse(p.when) if p.when is not None else None
    mini = p.minimising
    mini_expr = parse(mini["expect"]) if mini else None
    mini_pats = [patterns.compile_pattern(x) for x in run.config.get("indikator_minimasi", [])]
    cap = run.config.get("batas_capaian") if p.cap_from_config else None
    for table in run.tables():
        stated_col = p.stated
        if stated_col and table.column(stated_col) is None:
            yield NotRun(phrase("reason.columns_missing", columns=f"'{stated_col}'", table=table.label), table.ref, table)
            continue
        for row in table.rows:
            if row.kind not in p.rows:
                continue
            env = RowEnv(table, row, run.report, rounded)
            yield _row(p, table, row, env, expect, cond, when, mini_expr, mini_pats, cap)


def _row(p: Params, table, row, env, expect, cond, when, mini_expr, mini_pats, cap):
    """The outcome of one row."""
    stated_col, mini = p.stated, p.minimising
    try:
        if when is not None and not evaluate(when, env):
            return NotApplicable()
        if cond is not None:
            ok = evaluate(cond, env)
            cell = env.cells[0] if env.cells else None
            if ok:
                return Passed(tuple(env.cells))
            return Broken(cell, table, related=env.cells, params=dict(row=row_label(table, row), condition=p.assert_))
        stated = row.get(stated_col)
        f = figure(stated, True, dash_is_zero=p.dash_is_zero, table=table)
        if not is_figure(f):
            return f           # an unreadable stated cell: its own cell says where
        node, formula = expect, (p.expect if p.expect is not None else "")
        key = row.get(mini["key"]) if mini else None
        if mini and key is not None and any(pt.search((key.text or key.raw or "")[:patterns.MAX_TEXT]) for pt in mini_pats):
            node, formula = mini_expr, mini["expect"]
        env.cells.clear()
        computed = evaluate(node, env)
        if cap is not None and computed.mid > cap:
            computed = Approx.exact(cap)
    except _NA:
        return NotApplicable()
    except NotComputable as e:
        return NotRun(e.reason, e.cell or (row.get(stated_col).cell if stated_col and row.get(stated_col) else None),
                      table)
    if stated.kind == "dash":
        stated = as_number(stated)
    v = judge(stated, computed)
    return Compared(stated, computed, table, related=env.cells,
                    params=dict(row=row_label(table, row), column=stated_col, formula=pretty(formula)), judged=v)
