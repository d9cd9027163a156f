"""The check pipeline: paths → workbooks → reports → rule findings, selected and sorted.

No knowledge of cells or of any rule's meaning lives here: reading is `read`, checking is
`rules`, presenting is `outputs`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Sequence

from .findings import SEVERITY_RANK, Finding, mistakes
from .grouping import blank_rows, group, likely_cells
from .model import Report
from .read import read_report
from .rules import RuleStats, load_rules, run_rules
from .rules.model import Rule

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


def collect(paths: list[str]) -> list[str]:
    """Files as given; folders walked for workbooks (lock files `~$…` and hidden files skipped)."""
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if f.lower().endswith(WORKBOOK_SUFFIXES) and not f.startswith(("~$", ".")):
                        out.append(os.path.join(root, f))
        else:
            out.append(p)
    return out


def _matches(key: str, f_code: str, f_name: str | None) -> bool:
    k = key.upper()
    return key == f_name or f_code == k or (k.isalnum() and f_code.startswith(k))


def unknown_selectors(keys: list[str], rules: list[Rule]) -> list[str]:
    """Selectors that name no rule and no reader notice: a typo must not silently select nothing."""
    from .messages import NOTICES
    known = [(r.id, r.name) for r in rules] + [(code, name) for code, name, *_ in NOTICES.values()]
    return [k for k in keys if not any(_matches(k, c, n) for c, n in known)]


def selected(rule_or_code: str, name: str | None, select: Sequence[str], ignore: Sequence[str]) -> bool:
    if select and not any(_matches(s, rule_or_code, name) for s in select):
        return False
    return not any(_matches(s, rule_or_code, name) for s in ignore)


class SelectorError(ValueError):
    def __init__(self, keys: list[str]):
        super().__init__(", ".join(keys))
        self.keys = keys


@dataclass(frozen=True)
class Coverage:
    """How much of one workbook the rules looked at: its numeric cells, and how many of
    them some check that ran read."""
    numbers: int = 0
    checked: int = 0
    checks: int = 0              # checks that ran (passed or failed) on this workbook
    tables: int = 0              # tables read (a screened submission keeps only some of them)

    @property
    def share(self) -> float:
        return self.checked / self.numbers if self.numbers else 0.0

    def __add__(self, other: "Coverage") -> "Coverage":
        return Coverage(self.numbers + other.numbers, self.checked + other.checked, self.checks + other.checks,
                        self.tables + other.tables)


@dataclass
class CheckResult:
    reports: list[Report]
    findings: list[Finding]
    stats: dict[str, RuleStats]
    rules: list[Rule] = field(default_factory=list)
    suppressed: int = 0          # findings kept out by a suppression with a reason
    baselined: int = 0           # findings already in the baseline
    tracebacks: list[tuple[str, str]] = field(default_factory=list)   # (file, traceback) of internal errors
    coverage: dict[str, Coverage] = field(default_factory=dict)       # per workbook path

    def total_coverage(self) -> Coverage:
        out = Coverage()
        for c in self.coverage.values():
            out = out + c
        return out

    def worst(self) -> int:
        return max((SEVERITY_RANK[f.severity] for f in self.findings), default=0)

    def count(self, severity: str) -> int:
        """Every finding at `severity`, those that follow from another included."""
        return sum(1 for f in self.findings if f.severity == severity)

    def mistakes(self, severity: str) -> int:
        """The findings at `severity`, one per mistake (findings.mistakes)."""
        return mistakes(self.findings, severity)


def ordered(findings: list[Finding], reports: list[Report]) -> list[Finding]:
    """By file (as given), sheet (workbook order), cell (row, column), then code: stable output."""
    sheet_pos = {(r.path, s): i for r in reports for i, s in enumerate(r.sheets)}
    file_pos = {r.path: i for i, r in enumerate(reports)}

    def key(f: Finding):
        row_col = f.sort_key()[2]
        return (file_pos.get(f.file, 1 << 30), f.file, -1 if f.sheet is None else sheet_pos.get((f.file, f.sheet), 1 << 20),
                f.sheet or "", row_col, f.code, f.message_args)
    return sorted(findings, key=key)


def check_paths(paths: list[str], config: dict, select: list[str], ignore: list[str],
                extra_rule_dirs: tuple[str, ...] = ()) -> CheckResult:
    all_rules = load_rules(extra_rule_dirs)
    bad = unknown_selectors(select + ignore, all_rules)
    if bad:
        raise SelectorError(bad)
    rules = [r for r in all_rules if selected(r.id, r.name, select, ignore)]
    stats: dict[str, RuleStats] = {r.id: RuleStats(r) for r in rules}
    reports, findings, tracebacks, coverage = [], [], [], {}
    for path in collect(paths):
        one = check_one(path, rules, config, stats, select, ignore)
        reports.append(one.report)
        findings.extend(one.findings)
        coverage[one.report.path] = one.coverage
        if one.trace:
            tracebacks.append((str(path), one.trace))
    return CheckResult(reports, ordered(findings, reports), stats, rules, tracebacks=tracebacks,
                       coverage=coverage)


class Checked(NamedTuple):
    report: Report
    findings: list[Finding]
    trace: str | None
    coverage: Coverage


DEFAULT_MIN_COVERAGE = 0.20


SUM_KINDS = {"column_total", "total_column", "rollup", "chain", "same_entity"}   # sums and copies
FORMULA_KINDS = {"row_formula", "cross_table"}
# kinds whose findings each state the formula they used: a ratio (`[Terpakai] / [Alokasi] ×
# 100`, `'a' / 'b' × 100`) is weighed, a change or a sum of labelled lines is not
STATED_FORMULA_KINDS = {"percent_column", "fact_list"}


def sized_codes(rules: Sequence[Rule]) -> tuple[frozenset[str], frozenset[str]]:
    """(rules whose figure is a sum, a copy, a product or a quotient of what they read;
    rules that are so unless a finding's formula takes a difference) — from the rule data:
    a sum or copy kind, or formulas free of + and − (`r / t * 100`, not `(b - a) / a * 100`).
    Grouping weighs the gaps of these (grouping.group)."""
    sized: set[str] = set()
    by_formula: set[str] = set()
    for r in rules:
        if r.kind in SUM_KINDS:
            sized.add(r.id)
        elif r.kind in STATED_FORMULA_KINDS:
            by_formula.add(r.id)
        elif r.kind in FORMULA_KINDS:
            formulas = [str(r.params["expect"])] if "expect" in r.params else []
            others = [str(v["expect"]) for v in r.params.values() if isinstance(v, dict) and "expect" in v]
            if not any(sign in f for f in formulas for sign in "+-"):
                (by_formula if any(sign in f for f in others for sign in "+-") else sized).add(r.id)
    return frozenset(sized), frozenset(by_formula)


def check_one(path: str, rules: list[Rule], config: dict, stats: dict[str, RuleStats],
              select: Sequence[str] = (), ignore: Sequence[str] = ()) -> Checked:
    """Read and check one workbook, isolated: an unexpected exception (a bug, or an input
    nobody foresaw) becomes one LKP010 finding for this file, and the traceback is
    returned for --verbose; the other files of the run are checked as usual. A readable
    workbook where no check ran, or whose numbers were checked under the configured
    share (`min-coverage`, default 20 %), gets a warning that says so (LKP011)."""
    try:
        report = read_report(path)
        found = [n for n in report.notices if selected(n.code, n.name, select, ignore)]
        mine: dict[str, RuleStats] = {}
        found += run_rules(report, rules, config, mine)
        group(found, *sized_codes(rules))
        found += blank_rows(found)
        found += likely_cells(found)
        _merge_stats(stats, mine)
        cov = coverage_of(report, mine)
        if not select:                  # a run narrowed by --select checks little on purpose
            found += [n for n in coverage_notices(report, cov, config) if selected(n.code, n.name, select, ignore)]
        return Checked(report, found, None, cov)
    except Exception as e:      # noqa: BLE001 - fault isolation per file is the point
        report, trace = crashed_report(path, e)
        return Checked(report, list(report.notices), trace, Coverage())


def _merge_stats(into: dict[str, RuleStats], one: dict[str, RuleStats]) -> None:
    for rule_id, st in one.items():
        total = into.setdefault(rule_id, RuleStats(st.rule))
        total.counts.update(st.counts)
        total.covered |= st.covered


COUNTED_KINDS = ("number", "ambiguous")
NOT_COUNTED_TYPES = ("text", "code", "year", "date", "fact_text")


def numeric_cells(report: Report) -> set[str]:
    """The cells of a report that hold a number in a column of numbers (row numbers,
    codes and years are not figures a rule checks)."""
    out: set[str] = set()
    for t in report.tables:
        for row in t.rows:
            for name, v in row.values.items():
                if v.kind not in COUNTED_KINDS or not v.cell:
                    continue
                col = t.column(name)
                if col is not None and col.type not in NOT_COUNTED_TYPES:
                    out.add(v.cell.replace("$", ""))
    return out


def coverage_of(report: Report, stats: dict[str, RuleStats]) -> Coverage:
    cells = numeric_cells(report)
    read = {c.replace("$", "") for st in stats.values() for p, c in st.covered if p == report.path}
    checks = sum(st.ran for st in stats.values())
    return Coverage(numbers=len(cells), checked=len(cells & read), checks=checks, tables=len(report.tables))


def coverage_notices(report: Report, cov: Coverage, config: dict) -> list[Finding]:
    """One warning when a readable workbook was (almost) not checked: nothing passes as
    fine that was never looked at."""
    from .messages import notice
    if not report.readable:
        return []
    minimum = float(config.get("min-coverage", DEFAULT_MIN_COVERAGE))
    kinds = sorted({t.label for t in report.tables})
    tables = ", ".join(kinds[:6]) + (" …" if len(kinds) > 6 else "") if kinds else "-"
    if cov.checks == 0:
        return [notice("nothing_checked", report.path, tables=tables, numbers=cov.numbers)]
    if cov.numbers and cov.share < minimum:
        return [notice("coverage_low", report.path, checked=cov.checked, numbers=cov.numbers,
                       share=f"{100 * cov.share:.0f} %", minimum=f"{100 * minimum:.0f} %", tables=tables)]
    return []


def read_isolated(path: str) -> tuple[Report, str | None]:
    """`read_report` with the same per-file fault isolation as `check_one`."""
    try:
        return read_report(path), None
    except Exception as e:      # noqa: BLE001
        return crashed_report(path, e)


def crashed_report(path: str, e: BaseException) -> tuple[Report, str]:
    """An unreadable Report holding one internal-error notice, and the traceback."""
    import traceback

    from .messages import notice
    summary = " ".join(f"{type(e).__name__}: {e}".split())
    if len(summary) > 200:
        summary = summary[:199] + "…"
    report = Report(path=str(path), format="?", parser="-")
    report.notices.append(notice("internal_error", str(path), error=summary))
    return report, "".join(traceback.format_exception(type(e), e, e.__traceback__))


def missing_paths(paths: list[str]) -> list[str]:
    return [p for p in paths if not Path(p).exists()]


def apply_decisions(result: CheckResult, suppressions, baseline=None):
    """Suppressions first (unused ones become findings), then the baseline. Returns the
    baseline entries that still occur (for --prune-baseline)."""
    from . import suppress
    kept, result.suppressed, unused = suppress.apply(result.findings, suppressions)
    seen = None
    if baseline is not None:
        kept, result.baselined, seen = suppress.apply_baseline(kept, baseline)
    result.findings = ordered(kept + unused, result.reports)
    return seen
