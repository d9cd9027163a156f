"""Chain: each row's 'before' equals the previous row's 'after' (DIPA revisions: SEMULA =
previous MENJADI), with anchors tying the first or last link to a fact stated elsewhere
(pagu awal → first SEMULA).

Options (defaults beside the fields of `Params`; at least one of the two):
  links    pairs `before` / `after`: the column that must repeat the previous row's `after`
  anchors  `column` of the `row` (first / last) equals the place `equals`; `blame` says
           which side a difference is reported at (anchor: the place; table: the row)

Passes (links: semula after menjadi):
  | Revisi | Semula | Menjadi |
  | 1      | 10.000 | 10.500  |
  | 2      | 10.500 | 11.200  |
  | 3      | 11.200 | 11.000  |
Fails: Semula of revision 3 written 11.100 — the previous Menjadi is 11.200.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..engine import as_number, column_title, row_label
from ..outcomes import Compared, NotRun, figure, is_figure
from ..places import resolve
from ..tolerance import Approx, judge
from ...findings import phrase

NAME = "chain"


@dataclass
class Params:
    links: list[dict] = field(default_factory=list)
    anchors: list[dict] = field(default_factory=list)


def _num(table, v):
    """The cell as a stated number (None when it states none); an unreadable one is a
    check that could not run."""
    f = figure(v, True, table=table)
    if isinstance(f, NotRun):
        yield f
    if not is_figure(f):
        return None
    return as_number(v)


def check(params: Params, run):
    for table in run.tables():
        rows = table.data_rows()
        for link in params.links:
            b, a = link["before"], link["after"]
            if table.column(b) is None or table.column(a) is None:
                yield NotRun(phrase("reason.columns_missing", columns=f"'{b}'/'{a}'", table=table.label), table.ref, table)
                continue
            for prev, cur in zip(rows, rows[1:]):
                before = yield from _num(table, cur.get(b))
                after = yield from _num(table, prev.get(a))
                if before is None or after is None:
                    continue
                v = judge(before, Approx.of(after))
                yield Compared(before, Approx.of(after, rounded=False), table, related=[after.cell],
                               params=dict(row=row_label(table, cur), column=b,
                                           source=f"{after.cell} ({row_label(table, prev)})"),
                               judged=v)
        for anchor in params.anchors:
            yield from _anchor(run, table, rows, anchor)


def _anchor(run, table, rows, anchor):
    if not rows or table.column(anchor["column"]) is None:
        return
    row = rows[0] if anchor.get("row", "first") == "first" else rows[-1]
    mine = yield from _num(table, row.get(anchor["column"]))
    places = [pl for pl in resolve(anchor["equals"], run.report) if pl.value is not None or pl.computed is not None]
    if mine is None:
        return
    if not places:
        yield NotRun(phrase("reason.not_found", what=anchor['equals']), mine.cell, table)
        return
    for pl in places:
        other = as_number(pl.value) if pl.value is not None else None
        if other is not None:
            f = figure(other, True)
            if not is_figure(f):      # an empty or N/A place is as unreadable here as a text one
                yield NotRun(f.reason if isinstance(f, NotRun) else phrase("reason.unreadable"), pl.cell, table)
                continue
        here = f"{mine.cell} ({column_title(table, anchor['column'])}, {row_label(table, row)})"
        if anchor.get("blame", "anchor") == "anchor" and other is not None:
            v = judge(other, Approx.of(mine))
            yield Compared(other, Approx.of(mine, rounded=False), table, related=[mine.cell],
                           params=dict(row="", column=pl.label, source=here), judged=v)
        else:
            v = judge(mine, pl.approx(True))
            yield Compared(mine, pl.approx(False), table, related=[pl.cell],
                           params=dict(row=row_label(table, row), column=anchor["column"],
                                       source=phrase("place.at", cell=pl.cell, label=pl.label)),
                           judged=v)
