"""Run rules against a report: one RuleRun per rule, statistics per rule.

A RuleRun is what a rule kind talks to: it finds the rule's tables, compares stated
values with computed ones (tolerance.py), and records every outcome as passed, failed,
not applicable or not run. A check that could not run leaves a notice with the reason,
so "not checked" is never silently "fine".
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Sequence

from ..findings import Finding, Number, Phrase, RuleText, plain
from ..model import CellRef, Report, Row, Table, Value, sheet_of
from .model import Rule
from .tolerance import Approx, Verdict, grade

OUTCOMES = ("passed", "failed", "not_applicable", "not_run")


@dataclass
class RuleStats:
    rule: Rule
    counts: Counter = field(default_factory=Counter)
    covered: set = field(default_factory=set)     # (file, cell) read by a check that ran

    @property
    def ran(self) -> int:
        return self.counts["passed"] + self.counts["failed"]


def column_title(table: Table, name: str) -> str:
    """A column as the report names it: 'SEMULA PAGU ANGGARAN (000)', 'PNBP (Rp) 2023'."""
    return table.title_of(name)


ROW_LABEL_COLUMNS = ("indikator", "uraian", "jenis", "unit", "satker", "nama", "unsur", "aspek", "akun", "revisi",
                     "kegiatan", "kode", "tahun", "no")


def row_label(table: Table, row: Row, limit: int = 60) -> str:
    for key in ROW_LABEL_COLUMNS:
        v = row.get(key)
        if v is not None and (v.text or v.raw):
            t = " ".join(str(v.text or v.raw).split())
            return t if len(t) <= limit else t[: limit - 1] + "…"
    return f"#{row.sheet_row}"          # no label: its row number on the sheet, in any language


class RuleRun:
    def __init__(self, rule: Rule, report: Report, config: dict, stats: RuleStats,
                 peers: list[Rule] | None = None, shared: dict | None = None):
        self.rule, self.report, self.config, self.stats = rule, report, config, stats
        self.findings: list[Finding] = []
        self.peers = peers if peers is not None else [rule]   # every rule selected for this run
        # work one rule kind does once per report and its other rules reuse (keyed by the
        # kind's own names); lives as long as the run of the rules on this report
        self.shared = shared if shared is not None else {}

    # -- what the rule reads ------------------------------------------------------
    def tables(self, kinds: list[str] | None = None) -> list[Table]:
        """The rule's tables (the Ikhtisar facts are reached through places, not here)."""
        kinds = [k for k in (kinds or self.rule.tables) if k != "ikhtisar"]
        return [t for t in self.report.tables if t.kind in kinds]

    @property
    def fiscal_year(self) -> int | None:
        return self.report.fiscal_year

    # -- outcomes -------------------------------------------------------------------
    def passed(self, n: int = 1, cells=()) -> None:
        self.stats.counts["passed"] += n
        self.cover(cells)

    def cover(self, cells) -> None:
        """Remember the cells a check read: the mutation test and coverage figures use them."""
        self.stats.covered.update((self.report.path, c) for c in cells if c)

    def not_applicable(self, n: int = 1) -> None:
        self.stats.counts["not_applicable"] += n

    def not_run(self, reason: Phrase, cell: str | None = None, table: Table | None = None) -> None:
        self.stats.counts["not_run"] += 1
        r = self.rule
        self.findings.append(Finding(
            code=r.id, name=r.name, severity="info", outcome="not_run", key="rule.not_run",
            params={"title": RuleText(r.id), "reason": reason},
            file=self.report.path, sheet=sheet_of(cell) or (table.sheet if table else None),
            cell=cell, table=table.label if table else None))

    def fail(self, cell: str | None, table: Table | None, *, related: Sequence[str] = (),
             expected: Decimal | None = None, stated: Decimal | None = None, tolerance: Decimal | None = None,
             decimals: int | None = None, unit: str | None = None, severity: str | None = None,
             written: Value | None = None, **params) -> None:
        """A failed check at `cell`. `params` fill the rule's message; `expected`, `stated`,
        `difference` are given to it as typed numbers. `written` is the stated cell as read
        (its figure as written and its scale): the message quotes it as the cell shows it."""
        self.stats.counts["failed"] += 1
        reads = list(params.pop("reads", None) or ())
        self.cover([cell, *related, *reads])
        r = self.rule
        diff = stated - expected if stated is not None and expected is not None else None
        sev = severity or r.severity
        column_name = params.get("column") if isinstance(params.get("column"), str) else None
        if table is not None and column_name and table.column(column_name):
            params["column"] = column_title(table, column_name)
        else:
            column_name = None
        row_key = next((params[k] for k in ("row", "entity", "place", "name") if isinstance(params.get(k), str)
                        and params[k]), None)
        if sev == "error" and diff is not None and expected is not None and grade(diff, expected) == "small":
            sev = "warning"
        scale = written.scale if written is not None and written.number == stated else 1
        p = dict(params)
        p.setdefault("table", table.label if table else "")
        if expected is not None:
            p["expected"] = Number(expected, decimals, unit, approx=True)
        if stated is not None:
            p["stated"] = Number(stated, written.decimals if scale != 1 else decimals, unit, scale=scale,
                                 shown=written.stated if scale != 1 else None)
        if diff is not None:
            p["difference"] = Number(diff, decimals, unit, approx=True)
        self.findings.append(Finding(
            code=r.id, name=r.name, severity=sev, outcome="failed", key=f"rule.{r.id}", params=p,
            file=self.report.path,
            sheet=sheet_of(cell) or (table.sheet if table else None), cell=cell,
            table=table.label if table else None, related=[c for c in related if c and c != cell],
            expected=plain(expected), stated=plain(stated), difference=plain(diff),
            tolerance=plain(tolerance), scale=scale, unit=unit,
            decimals=written.decimals if scale != 1 else decimals, row_key=row_key, column=column_name,
            reads=list(dict.fromkeys(c for c in [cell, *related, *reads] if c))))

    # -- blanks -----------------------------------------------------------------------
    def blanks(self, cells) -> None:
        """The empty cells this rule met where it needed a value: one that is a gap in a
        column of figures (the column has numbers in most other rows, the row has other
        figures) is a finding naming the cell and the relation; a row nil everywhere, a
        column empty throughout, stay quiet. One finding per cell in a run."""
        if not cells:
            return
        index = _cell_index(self.report, self.shared)
        done = self.shared.setdefault("blanks_reported", set())
        # a relation of this rule that failed on the blank's column: the blank explains it
        failing = {(f.table, f.column) for f in self.findings if f.outcome == "failed"}
        for cell in dict.fromkeys(cells):
            hit = index.get(cell)
            if hit is None or cell in done:
                continue
            table, row, name = hit
            n = _gap_evidence(table, row, name, failed=(table.label, name) in failing, shared=self.shared)
            if n is None:
                continue
            done.add(cell)
            self.stats.counts["failed"] += 1
            self.cover([cell])
            r = self.rule
            self.findings.append(Finding(
                code=r.id, name=r.name, severity="warning", outcome="failed", key="rule.blank_cell",
                params={"cell": CellRef.parse(cell).local, "column": column_title(table, name),
                        "row": row_label(table, row), "title": RuleText(r.id), "n": n, "table": table.label},
                file=self.report.path, sheet=sheet_of(cell), cell=cell, table=table.label,
                row_key=row_label(table, row), column=name))

    # -- outcomes of kinds written as check() generators (outcomes.py) -------------
    def take(self, outcome) -> None:
        from . import outcomes as o
        if isinstance(outcome, o.Compared):
            v = outcome.verdict
            computed = outcome.computed
            self.verdict(v.ok, v, outcome.stated.cell, outcome.table, outcome.stated, computed,
                         related=outcome.related, **outcome.params)
        elif isinstance(outcome, o.Broken):
            self.fail(outcome.cell, outcome.table, related=list(outcome.related), **outcome.figures, **outcome.params)
        elif isinstance(outcome, o.Passed):
            self.passed(outcome.n, cells=outcome.cells)
        elif isinstance(outcome, o.NotApplicable):
            self.not_applicable(outcome.n)
        elif isinstance(outcome, o.NotRun):
            self.not_run(outcome.reason, outcome.cell, outcome.table)
        else:
            raise TypeError(f"not an outcome: {outcome!r}")

    # -- the usual comparison -----------------------------------------------------
    def verdict(self, ok: bool, verdict: Verdict | None, cell, table, stated_value: Value | None,
                expected: Approx | None, related=(), **params) -> bool:
        if ok:
            self.passed(cells=[cell, *related])
            return True
        self.fail(cell, table, related=list(related),
                  expected=expected.mid if expected is not None else None,
                  stated=stated_value.number if stated_value is not None else None,
                  tolerance=verdict.tolerance if verdict else None,
                  decimals=stated_value.decimals if stated_value is not None and stated_value.scale == 1 else 0,
                  unit=stated_value.unit if stated_value is not None else None, written=stated_value, **params)
        return False


def as_number(v: Value) -> Value:
    """'-' in an amount column is a stated zero."""
    if v.kind == "dash":
        return Value(cell=v.cell, raw=v.raw, kind="number", number=Decimal(0), stated=Decimal(0),
                     decimals=0, scale=v.scale)
    return v


def config_patterns(config: dict, key: str) -> list:
    """A configuration's patterns, compiled by the linear-time engine (see patterns.py)."""
    from .patterns import compile_pattern
    return [compile_pattern(p) for p in config.get(key, []) or []]


FIGURE_TYPES = {"amount", "count", "percent", "index", "score", "indicator", "number"}


def _cell_index(report: Report, shared: dict) -> dict:
    """cell → (table, row, column name) of every value in the report, built once per run."""
    index = shared.get("cell_index")
    if index is None:
        index = {}
        for t in report.tables:
            for row in t.rows:
                for name, v in row.values.items():
                    if v.cell and v.carried_from is None:
                        index.setdefault(v.cell, (t, row, name))
        shared["cell_index"] = index
    return index


class _Tally:
    """What the gap test asks of a whole table, counted once per run (the table does not
    change while rules run): per column, how many data rows fill it and whether a total or
    mean row states it; per data row, how many figures it has. Asking the table afresh for
    every blank made a long table with many blanks cost rows × blanks."""

    def __init__(self, table: Table):
        self.table = table
        self.data = [r for r in table.rows if r.kind == "data"]
        self.figures = {id(r): _figures(table, r) for r in self.data}
        self.stating = sum(1 for r in self.data if self.figures[id(r)])
        self.filled: Counter = Counter()
        for r in self.data:
            for n, v in r.values.items():
                if v.kind in ("number", "dash"):
                    self.filled[n] += 1
        self.totalled = {n for r in table.rows if r.kind in ("total", "mean")
                         for n, v in r.values.items() if v.kind == "number"}


def _tally(table: Table, shared: dict) -> _Tally:
    memo = shared.setdefault("gap_tally", {})
    hit = memo.get(id(table))
    if hit is None or hit.table is not table:
        hit = memo[id(table)] = _Tally(table)
    return hit


def _gap_evidence(table: Table, row: Row, name: str, failed: bool = False, shared: dict | None = None) -> int | None:
    """How many other rows fill the column of a blank cell, when the blank is a gap: the
    column holds figures in at least two other rows and at least half of them, and the
    row fills at least half of its other figure columns (of the same year, where the
    column has one) or the rule's relation over this column failed. None when the blank
    is no gap."""
    col = table.column(name)
    if col is None or col.type not in FIGURE_TYPES or row.kind != "data":   # a total states what it chooses
        return None
    tally = _tally(table, {} if shared is None else shared)
    others = len(tally.data) - 1
    own = row.values.get(name)
    filled = tally.filled[name] - (1 if own is not None and own.kind in ("number", "dash") else 0)
    if others < 2 and filled == others and _row_full_but(table, row, name):
        return filled                                 # a short table: the row's other figures make it certain
    if filled < 2 or filled * 2 < others:
        return None
    if failed and tally.figures[id(row)] and name in tally.totalled:
        return filled                                 # the column's total fails: a part gone explains it
    if _emptied_row(table, row, tally):
        return filled                                 # a row of figures whose figures are all gone
    if col.year is not None:                          # one year missing where the row states all the others
        years = [c for c in table.columns if c.base == col.base and c.year is not None and c.year != col.year]
        if len(years) >= 2 and all((v := row.values.get(c.name)) is not None and v.kind == "number" for c in years):
            return filled
    columns = [c for c in table.columns if c.type in FIGURE_TYPES and c.name != name
               and (col.year is None or c.year == col.year)]       # a row nil for a whole year is no gap
    figures = sum(1 for c in columns if (v := row.values.get(c.name)) is not None and v.kind == "number")
    if not columns or figures * 2 < len(columns):
        return None                                   # a heading or summary row, mostly empty by design
    return filled


def _row_full_but(table: Table, row: Row, name: str) -> bool:
    """Every other figure column of the row holds a number (at least two of them)."""
    cols = [c for c in table.columns if c.type in FIGURE_TYPES and c.name != name]
    return len(cols) >= 2 and all((v := row.values.get(c.name)) is not None and v.kind in ("number", "dash")
                                  for c in cols)


def _figures(table: Table, row: Row) -> int:
    return sum(1 for c in table.columns if c.type in FIGURE_TYPES
               and (v := row.values.get(c.name)) is not None and v.kind in ("number", "dash", "na"))


def _emptied_row(table: Table, row: Row, tally: _Tally) -> bool:
    """A named data row with no figure at all (not even `-` or N/A) in a table where at
    least four in five other rows, and at least three, state figures: its values were
    deleted, or never written — a row nil by design writes `-`."""
    if tally.figures[id(row)]:
        return False
    if not any(v.kind == "text" and v.text and v.carried_from is None and (c := table.column(n)) is not None
               and c.type == "text" for n, v in row.values.items()):
        return False                                  # no name of its own: a heading, not an item
    stating = tally.stating                           # this row states none: the others' count
    return stating >= 3 and stating * 5 >= (len(tally.data) - 1) * 4
