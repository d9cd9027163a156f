"""Great Expectations rules across the whole batch: one GX validation per table kind.

The workers send the tables of the kinds the expectation rules read. Here they are
stacked (`gx.validate` on (report, table) pairs of every workbook), the outcome of each
expectation is split back per workbook, and the expectation kind then runs per workbook
on those results (seeded into gx's per-report cache), so the findings and statistics are
exactly those `check` would give.
"""
from __future__ import annotations

import weakref

from ..findings import Finding
from ..model import Report
from ..rules import run_rules
from ..rules import gx


def _split(out: gx.Outcome, stubs: list[Report], rows_of: dict[int, int]) -> dict[int, gx.Outcome]:
    per = {id(r): gx.Outcome(out.spec, error=out.error) for r in stubs}
    for ref in out.checked:
        per[id(ref.report)].checked.append(ref)
    for ref in out.failed:
        per[id(ref.report)].failed.append(ref)
    for item in out.unreadable:
        per[id(item[0].report)].unreadable.append(item)
    for rid, o in per.items():
        o.skipped = max(0, rows_of.get(rid, 0) - len(o.checked) - len(o.failed))
    return per


def run_expectations(summaries, rules) -> None:
    gx_rules = [r for r in rules if r.kind == "expectation"]
    if not gx_rules:
        return
    todo = [s for s in summaries if s.readable]
    stubs = [Report(path=s.file, format="xlsx", parser="-", fiscal_year=s.fiscal_year, unit_name=s.unit_name,
                    tables=s.gx_tables) for s in todo]
    kinds = sorted({t for r in gx_rules for t in r.tables if t != "ikhtisar"})
    caches: dict[int, dict] = {id(st): {} for st in stubs}
    for kind in kinds:
        pairs = [(st, t) for st in stubs for t in st.tables if t.kind == kind]
        if not pairs:
            continue
        specs = list(dict.fromkeys(gx.Spec.of(r) for r in gx_rules if kind in r.tables))
        try:
            outcomes = gx.validate(pairs, specs)
        except Exception:        # leave this kind to the per-workbook path of the rule kind
            continue
        rows_of: dict[int, int] = {}
        for st, t in pairs:
            rows_of[id(st)] = rows_of.get(id(st), 0) + len(t.data_rows())
        with_kind = [st for st in stubs if id(st) in rows_of]
        for spec, out in outcomes.items():
            for rid, o in _split(out, with_kind, rows_of).items():
                caches[rid][(kind, spec)] = o
    for s, st in zip(todo, stubs):
        gx._CACHE[id(st)] = (weakref.ref(st, gx._forget), caches[id(st)])
        stats: dict = {}
        for f in run_rules(st, gx_rules, {}, stats):
            s.add(f)
        for rid, rs in stats.items():
            s.counts[rid] = dict(rs.counts)
        gx._CACHE.pop(id(st), None)
        s.gx_tables = []
    for s in summaries:
        s.gx_tables = []


def finding(d: dict) -> Finding:
    return Finding(**d)
