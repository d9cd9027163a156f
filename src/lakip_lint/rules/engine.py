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

from ..findings import Finding
from ..model import Report, Row, Table, Value
from .model import Rule
from .numfmt import fmt, plain, shown
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


class _Blank(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def sheet_of(cell: str | None) -> str | None:
    if not cell or "!" not in cell:
        return None
    s = cell.rsplit("!", 1)[0]
    return s[1:-1].replace("''", "'") if s.startswith("'") else s


def column_title(table: Table, name: str) -> str:
    """A column as the report names it: 'SEMULA PAGU ANGGARAN (000)', 'PNBP (Rp) 2023'."""
    col = table.column(name)
    if col is None or not col.header:
        return name
    parts: list[str] = []
    for h in col.header:
        h = " ".join(str(h).split())
        if h and h not in parts:
            parts.append(h)
    return " ".join(parts)


ROW_LABEL_COLUMNS = ("indikator", "uraian", "jenis", "unit", "satker", "nama", "unsur", "aspek", "akun", "revisi",
                     "kegiatan", "kode", "tahun", "no")


def row_label(table: Table, row: Row, limit: int = 60) -> str:
    for key in ROW_LABEL_COLUMNS:
        v = row.get(key)
        if v is not None and (v.text or v.raw):
            t = " ".join(str(v.text or v.raw).split())
            return t if len(t) <= limit else t[: limit - 1] + "…"
    return f"baris {row.sheet_row}"


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

    def not_run(self, reason: str, cell: str | None = None, table: Table | None = None,
                reason_en: str | None = None) -> None:
        self.stats.counts["not_run"] += 1
        r = self.rule
        self.findings.append(Finding(
            code=r.id, name=r.name, severity="info", outcome="not_run",
            message_id=f"Tidak dapat diperiksa ({r.text('title', 'id')}): {reason}.",
            message_en=f"Could not be checked ({r.text('title', 'en')}): {reason_en or reason}.",
            file=self.report.path, sheet=sheet_of(cell) or (table.sheet if table else None),
            cell=cell, table=table.label if table else None))

    def fail(self, cell: str | None, table: Table | None, *, related: list[str] = (),
             expected: Decimal | None = None, stated: Decimal | None = None, tolerance: Decimal | None = None,
             decimals: int | None = None, unit: str | None = None, severity: str | None = None,
             **params) -> None:
        self.stats.counts["failed"] += 1
        self.cover([cell, *related])
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
        msgs = {}
        for lang in ("id", "en"):
            p = _Blank(params)
            p.setdefault("table", table.label if table else "")
            if expected is not None:
                p["expected"] = shown(expected, decimals, lang, unit)
            if stated is not None:
                p["stated"] = fmt(stated, lang, decimals, unit)
            if diff is not None:
                p["difference"] = shown(diff, decimals, lang, unit)
            if tolerance is not None:
                p["tolerance"] = shown(tolerance, (decimals or 0) + 1, lang)
            for k, v in list(p.items()):
                if isinstance(v, dict):
                    p[k] = v.get(lang) or v.get("id")
            msgs[lang] = " ".join(r.message.get(lang, r.message["id"]).format_map(p).split())
        self.findings.append(Finding(
            code=r.id, name=r.name, severity=sev, outcome="failed",
            message_id=msgs["id"], message_en=msgs["en"], file=self.report.path,
            sheet=sheet_of(cell) or (table.sheet if table else None), cell=cell,
            table=table.label if table else None, related=[c for c in related if c and c != cell],
            expected=plain(expected), stated=plain(stated), difference=plain(diff),
            tolerance=plain(tolerance), row_key=row_key, column=column_name))

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
                  unit=stated_value.unit if stated_value is not None else None, **params)
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
