"""Same entity, same numbers: an indicator (or a PNBP jenis) that appears in several
tables shows the same target and realisasi everywhere.

Rows are matched across tables by their name column (matching.py), at most one row per
table in a group. For each field, the value most places agree on is the reference; a
place that differs is a finding pointing at it and at the reference cells.

Options (defaults beside the fields of `Params`):
  tables         table kind → `key` (its name column) and `fields` (field → column, `[*]`
                 for one per year) (required)
  fields         the fields compared (required)
  threshold      the similarity from which two names are one entity (0.85)
  dash_is_zero   a `-` is a stated zero (false: it states nothing)
  complete_from  the table kind whose entities every other table kind must contain

Passes (fields: target, realisasi):
  | Tabel              | Indikator | Target | Realisasi |
  | Perjanjian Kinerja | IKU 1     | 90     | -         |
  | Capaian Kinerja    | IKU 1     | 90     | 92,5      |
Fails: the Capaian table states Target 95 for IKU 1 — the Perjanjian Kinerja states 90.
"""
from __future__ import annotations

import fnmatch
from collections import Counter
from dataclasses import dataclass, field

from ...model import report_order
from ..engine import as_number
from ..expr import NotApplicable as _NA, NotComputable
from ..matching import normal, similarity
from ..outcomes import Broken, NotApplicable, NotRun, Passed, figure
from ..places import column_name
from ..tolerance import Approx, judge, same
from ..values import approx
from ...findings import phrase

NAME = "same_entity"


@dataclass
class Params:
    threshold: float = field(default=0.85, metadata={"minimum": 0.8, "maximum": 1})
    dash_is_zero: bool = False
    fields: list[str] | None = None
    tables: dict | None = None
    complete_from: str | None = None


def _entries(run, spec_by_kind):
    out = []
    for table in report_order(run.report.tables):
        spec = spec_by_kind.get(table.kind)
        if spec is None or table.column(spec["key"]) is None:
            continue
        for row in table.data_rows():
            k = row.get(spec["key"])
            name = (k.text or k.raw or "") if k else ""
            if name.strip() and not name.strip().isdigit():
                out.append((table, row, name, spec))
    return out


FUZZY_LIMIT = 400     # beyond this many distinct names, match exact (normalised) names only


def _occurrence(entries, threshold):
    """The n-th row of a table bearing (nearly) the same name pairs with the n-th such row
    of another table: two sub-components both called 'Sarana Pelayanan Jasa Teknis'.
    Names are compared normalised (case, spacing, numbering, typos) — linear, not pairwise."""
    totals = Counter((id(e[0]), normal(e[2])) for e in entries)
    out, seen = [], Counter()
    for e in entries:
        k = (id(e[0]), normal(e[2]))
        out.append((seen[k], totals[k]))     # the n-th of `total` rows so named; unequal totals never pair
        seen[k] += 1
    return out


def _group(entries, threshold):
    """Group rows of different tables naming the same entity: exact normalised names first
    (a dictionary lookup), then similar names among the groups of the same occurrence — the
    fuzzy pass is bounded so a table of thousands of rows cannot make a check quadratic."""
    groups: list[tuple[list, tuple, set]] = []      # members, occurrence, ids of their tables
    by_occurrence: dict[tuple, list] = {}          # the groups of each occurrence, in order made
    occ = _occurrence(entries, threshold)
    exact: dict[tuple, tuple] = {}
    fuzzy = len({normal(e[2]) for e in entries}) <= FUZZY_LIMIT
    for i, e in enumerate(entries):
        key = (normal(e[2]), occ[i])
        best = exact.get(key)
        if best is not None and id(e[0]) in best[2]:
            best = None
        if best is None and fuzzy:
            score = threshold
            for g in by_occurrence.get(occ[i], ()):
                if id(e[0]) in g[2]:
                    continue            # at most one row per table in a group
                s = similarity(g[0][0][2], e[2])
                if s >= score:
                    best, score = g, s
        if best is None:
            best = ([e], occ[i], {id(e[0])})
            groups.append(best)
            by_occurrence.setdefault(occ[i], []).append(best)
            exact.setdefault(key, best)
        else:
            best[0].append(e)
            best[2].add(id(e[0]))
    return [g for g, _, _ in groups if len(g) > 1]


def _cached_groups(run, p: Params, entries):
    """Rules that match the same name columns with the same threshold group the same rows:
    the grouping is worked out once per report (as entry positions) and shared."""
    key = (tuple(sorted((k, s["key"]) for k, s in p.tables.items())), p.threshold)
    cache = run.shared.setdefault("same_entity_groups", {})
    hit = cache.get(key)
    if hit is None or hit[0] != [(id(e[0]), id(e[1])) for e in entries]:
        pos = {(id(e[0]), id(e[1])): i for i, e in enumerate(entries)}
        groups = _group(entries, key[1])
        hit = ([(id(e[0]), id(e[1])) for e in entries], [[pos[(id(e[0]), id(e[1]))] for e in g] for g in groups])
        cache[key] = hit
    return [[entries[i] for i in g] for g in hit[1]]


def _fields(run, entry, field, year=None):
    table, row, _, spec = entry
    col = spec["fields"].get(field)
    if col is None:
        return []
    if "[*]" in col:
        pat = col.replace("[*]", "[[]*[]]")
        return [(field + c.name[c.name.index("["):], row.get(c.name)) for c in table.columns
                if fnmatch.fnmatchcase(c.name, pat)]
    name = column_name(col, run.report, None)
    column = table.column(name) if name else None
    if column is None:
        return []
    # a column headed with another year than the report's (`Target 2019` beside `Target 2020`)
    # states another year's figure: compared only with that year's (`this_year`)
    other_year = column.year is not None and year is not None and column.year != year
    return [(f"{field}@{column.year}" if other_year else field, row.get(name))]


def check(params: Params, run):
    p = params
    entries = _entries(run, p.tables)
    if not entries:
        yield NotRun(phrase("reason.no_name_column"), None, None)
        return
    groups = _cached_groups(run, p, entries)
    year = this_year(run.report)
    if p.complete_from:
        yield from _completeness(run, p, entries, groups)
    for group in groups:
        for fld in p.fields:
            by_col: dict[str, list] = {}
            for e in group:
                for col, v in _fields(run, e, fld, year):
                    if v is None:
                        continue
                    if v.kind == "dash" and not p.dash_is_zero:
                        continue
                    f = figure(v, True, table=e[0])
                    if isinstance(f, NotApplicable):
                        continue
                    if isinstance(f, NotRun):
                        f.cell = f.cell or v.cell
                        yield f
                        continue
                    by_col.setdefault(col, []).append((e, as_number(v)))
            for col, vals in by_col.items():
                yield from _compare(run, col, vals, group)


def this_year(report) -> int | None:
    """The year a report's figures are for: its fiscal year, else the latest year a
    realisation column is headed with (`Realisasi 2019 | Realisasi 2020`: 2020) — a target
    may be a later year's (Renstra 2024), a realisation is never of a year to come."""
    if report.fiscal_year is not None:
        return report.fiscal_year
    return max((c.year for t in report.tables for c in t.columns
                if c.year is not None and (c.base or c.name).startswith("realisasi")
                and any((v := r.values.get(c.name)) is not None and v.is_number for r in t.data_rows())),
               default=None)     # a realisation column left blank (Renstra 2024) says nothing


def _completeness(run, p: Params, entries, groups):
    """Every entity of the reference kind (the PK's indicators) appears in each other table
    kind of the rule — a row dropped from one table is otherwise invisible."""
    ref_kind = p.complete_from
    grouped = {(id(e[0]), id(e[1])) for g in groups for e in g}
    all_groups = groups + [[e] for e in entries if (id(e[0]), id(e[1])) not in grouped]
    kinds = [k for k in p.tables if k != ref_kind and any(e[0].kind == k for e in entries)]
    for g in all_groups:
        ref = next((e for e in g if e[0].kind == ref_kind), None)
        if ref is None:
            continue
        for kind in kinds:
            tables = [t for t in run.report.tables if t.kind == kind]
            if any(e[0].kind == kind for e in g):
                yield Passed((ref[1].get(p.tables[ref_kind]["key"]).cell,))
                continue
            name = " ".join(ref[2].split())
            where = ", ".join(t.label for t in tables)
            yield Broken(tables[0].ref, tables[0], related=[ref[1].get(p.tables[ref_kind]["key"]).cell], params=dict(
                entity=name if len(name) <= 60 else name[:59] + "…", column="",
                source=f"{ref[0].label}",
                missing=phrase("phrase.missing_from", where=where)))


def _adds_up(run, table, col) -> bool:
    """Does this table's Total row for `col` equal the sum of its data rows? A value from a
    table that adds up is better evidence than the same figure copied into one that does not.
    Asked once per (table, column) in a run, however many groups compare its values."""
    memo = run.shared.setdefault("same_entity_adds_up", {})
    key = (id(table), col)
    if key not in memo:
        memo[key] = _table_adds_up(table, col)
    return memo[key]


def _table_adds_up(table, col) -> bool:
    totals = [r for r in table.rows if r.kind == "total"]
    if not totals or table.column(col) is None:
        return False
    total = Approx.exact(0)
    try:
        for r in table.data_rows():
            try:
                total = total + approx(r.get(col), True)
            except _NA:
                continue
        stated = totals[-1].get(col)
        approx(stated, True)
    except (_NA, NotComputable):
        return False
    return judge(as_number(stated), total).ok


def _compare(run, col, vals, group):
    if len(vals) < 2:
        return
    n = len(vals)
    # whether the figure at one place agrees with the figure at a later place depends only on
    # their (number, decimals, scale), in that order (same() is not symmetric when both are
    # written to the same precision: a truncation reads one way). Each ordered pair of
    # distinct figures is judged once, when first needed, so an entity repeated in many
    # tables costs n·d steps and at most d² judgements for d distinct figures, not n².
    keys = [(v.number, v.decimals, v.scale) for _, v in vals]
    figures: dict = {}
    for (_, v), k in zip(vals, keys):
        figures.setdefault(k, v)
    judged: dict = {}

    def agrees(a, b) -> bool:                    # the figure `a` at an earlier place, `b` later
        if a == b:
            return True
        hit = judged.get((a, b))
        if hit is None:
            hit = judged[(a, b)] = same(figures[a], figures[b]).ok
        return hit

    def agree(i: int, j: int) -> bool:
        return i == j or (agrees(keys[i], keys[j]) if i < j else agrees(keys[j], keys[i]))

    before, after = Counter(), Counter(keys)     # figures at the places before / after this one
    support = []
    for k in keys:
        after[k] -= 1
        support.append(sum(c for x, c in before.items() if c and agrees(x, k))
                       + sum(c for x, c in after.items() if c and agrees(k, x)))
        before[k] += 1
    sound = [_adds_up(run, e[0], col) for e, _ in vals]
    best = max(range(n), key=lambda i: (sound[i], support[i], -i))
    ref_e, ref = vals[best]
    agreeing = [w.cell for j, (_, w) in enumerate(vals) if agree(best, j)]
    name = " ".join(group[0][2].split())
    name = name if len(name) <= 60 else name[:59] + "…"
    for i, (e, v) in enumerate(vals):
        if i == best:
            continue
        if agree(best, i):
            yield Passed((v.cell, ref.cell))
            continue
        verdict = same(v, ref)
        yield Broken(v.cell, e[0], related=agreeing[:4],
                     figures=dict(expected=ref.number, stated=v.number, tolerance=verdict.tolerance,
                                  decimals=v.decimals if v.scale == 1 else 0, unit=v.unit, written=v),
                     params=dict(entity=name, column=col,
                                 source=f"{ref.cell} ({ref_e[0].label})"))
