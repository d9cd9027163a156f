"""rules: load rule files (data) and run them with the rule kinds (code)."""
from __future__ import annotations

import dataclasses

from ..findings import Finding, phrase
from ..model import Report
from ..read.generic import KIND as GENERIC
from .engine import RuleRun, RuleStats
from .kinds import KINDS
from .loader import RuleFileError, load_rules, rule_by_id
from .model import Rule
from .values import BLANKS

__all__ = ["load_rules", "rule_by_id", "run_rules", "RuleFileError", "Rule", "RuleStats"]


def run_rules(report: Report, rules: list[Rule], config: dict | None = None,
              stats: dict[str, RuleStats] | None = None) -> list[Finding]:
    """Every selected rule on one report; a rule whose tables are absent says it did not run."""
    config = config or {}
    stats = stats if stats is not None else {}
    findings: list[Finding] = []
    if not report.readable:
        return findings
    misread = [t for t in report.tables if t.misread]
    if misread:                      # a misread table is not judged: its rules say so instead of failing
        report = dataclasses.replace(report, tables=[t for t in report.tables if not t.misread])
    present = {t.kind for t in report.tables} | ({"ikhtisar"} if report.facts else set())
    shared: dict = {}
    for rule in rules:
        if rule.kind == "batch":
            continue                 # rules across submitted files: the batch runs them (rules/batch.py)
        st = stats.setdefault(rule.id, RuleStats(rule))
        # peers: expectation rules of one table kind run as one GX suite
        ctx = RuleRun(rule, report, config, st, peers=rules, shared=shared)
        for t in misread:
            if t.kind in rule.tables:
                ctx.not_run(phrase("reason.misread", table=t.label, why=t.misread), t.ref, t)
        if not any(t in present for t in rule.tables) and set(rule.tables) <= {GENERIC}:
            ctx.not_applicable()         # every table was one the catalog knows: nothing left for it
        elif not any(t in present for t in rule.tables):
            ctx.not_run(phrase("reason.tables_missing", tables=", ".join(rule.tables)), None, None)
        else:
            before = dict(st.counts)
            token = BLANKS.set([])
            try:
                KINDS[rule.kind](ctx)
            except Exception as e:   # a kind's bug must not stop the run; it is reported, not hidden
                ctx.not_run(phrase("reason.internal", error=f"{type(e).__name__}: {e}"), None, None)
            finally:
                met = BLANKS.get()
                BLANKS.reset(token)
            ctx.blanks(met)
            done = {k: st.counts[k] - before.get(k, 0) for k in ("passed", "failed", "not_run", "not_applicable")}
            if not (done["passed"] or done["failed"] or done["not_run"]) and not getattr(KINDS[rule.kind], "optional", False):
                na = done["not_applicable"]
                ctx.not_run(phrase("reason.nothing_applicable", n=na), None, None)
        findings.extend(ctx.findings)
    return findings
