"""Cross-table: one fact stated in several places must agree.

Three forms, all data in the rule file:
- equality: every place equals the others; the value most places agree on is the
  reference, each place that differs is a finding pointing at it and at the reference;
- derived: `inputs` (places) feed an `expect` expression (PNBP growth from last and
  this year's PNBP), and each stated place must equal the result;
- one of: each place must equal one of several labelled `references` (PNBP layanan jasa
  or seluruh PNBP); with `report: mixed`, a report that uses more than one of them for
  the same year without saying which is a finding.
With `each_year: true` the rule runs once per year found in its tables (`{year}`).

Options (defaults beside the fields of `Params`):
  places          the places stating the fact (required)
  each_year       run once per year of the tables (false)
  anchor_first    the first place is the reference, not the majority (false)
  inputs          named places feeding `expect` (derived form)
  inputs_rounded  inputs carry the rounding of their cells (false: taken as written)
  expect          the expression the places must equal (derived form)
  references      `key`, `label`, `place` and `caption` of each value a place may equal
  report          unmatched: a place equal to no reference is a finding; mixed: a report
                  using several references unlabelled is one (unmatched)

Passes (places: the Ikhtisar's Pagu and the Pagu Total of the budget table):
  | Uraian (Ikhtisar) | Nilai          |     | Jenis   | Pagu           |
  | Pagu              | 22.275.313.470 |     | Jumlah  | 22.275.313.470 |
Fails: the budget table's Jumlah written 22.257.313.470 — the Ikhtisar states 22.275.313.470.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import patterns
from ..engine import as_number
from ..expr import Env, NotApplicable as _NA, NotComputable, evaluate, parse
from ..outcomes import Broken, NotApplicable, NotRun, Passed
from ..places import Place, resolve, tables_for
from ..tolerance import Approx, judge
from ...findings import Listing, Number, Words, phrase

NAME = "cross_table"


@dataclass
class Params:
    places: list[dict] | None = None
    each_year: bool = False
    anchor_first: bool = False
    inputs: dict | None = None
    inputs_rounded: bool = False
    expect: str | None = None
    references: list[dict] | None = None
    report: str = field(default="unmatched", metadata={"enum": ["unmatched", "mixed"]})


def _years(run, specs: list[dict]) -> list[int]:
    years: set[int] = set()
    for spec in specs:
        if "table" not in spec:
            continue
        for t in tables_for(spec, run.report):
            years |= {c.year for c in t.columns if c.year}
            years |= {r.year for r in t.rows if r.year}
    return sorted(years)


def _all_specs(p: Params) -> list[dict]:
    specs = list(p.places or [])
    specs += list((p.inputs or {}).values())
    specs += [r["place"] for r in (p.references or [])]
    return specs


def check(params: Params, run):
    p = params
    if run.fiscal_year is None and any("fact" in s for s in _all_specs(p)) and run.report.facts:
        yield NotRun(phrase("reason.fiscal_year_unknown_facts"), None, None)
    years = _years(run, _all_specs(p)) if p.each_year else [run.fiscal_year]
    if p.each_year and not years:
        yield NotRun(phrase("reason.no_years"), None, None)
        return
    for year in years:
        if p.expect is not None:
            yield from _derived(run, p, year)
        elif p.references is not None:
            yield from _one_of(run, p, year)
        else:
            yield from _equal(run, p, year)


def _gather(run, specs, year, skip_facts_off_year=True, count=False):
    """The places of `specs` holding a readable value (returned; with `count`, also how
    many could not be read); yields the NotRun of each that cannot be read."""
    out: list[Place] = []
    unread = 0
    for spec in specs:
        if "fact" in spec and skip_facts_off_year and year not in (None, run.fiscal_year):
            continue
        for pl in resolve(spec, run.report, year):
            if pl.problem is not None:
                unread += 1
                yield NotRun(pl.problem.reason, pl.problem.cell or pl.cell, pl.table)
                continue
            try:
                if pl.value is not None:
                    pl.value = as_number(pl.value)
                pl.approx(True)
            except _NA:
                continue
            except NotComputable as e:
                unread += 1
                yield NotRun(e.reason, e.cell or pl.cell, pl.table)
                continue
            out.append(pl)
    return (out, unread) if count else out


def agree(a: Place, b: Place):
    """Verdict for place a against place b (their own precision; computed places are intervals)."""
    if a.value is not None:
        return judge(a.value, b.approx(True))
    if b.value is not None:
        v = judge(b.value, a.approx(True))
        return type(v)(v.ok, v.how, v.tolerance, -v.difference)
    x, y = a.computed, b.computed
    ok = x.overlaps(y.lo, y.hi)
    from ..tolerance import Verdict
    return Verdict(ok, "rounded" if ok else None, (x.width + y.width) / 2, x.mid - y.mid)


def _report_mismatch(pl: Place, ref: Place, verdict, year, extra_related=()) -> Broken:
    stated_num = pl.value.number if pl.value is not None else pl.computed.mid
    decimals = pl.value.decimals if pl.value is not None and pl.value.scale == 1 else 0
    unit = pl.value.unit if pl.value is not None else None
    # a value computed from many cells names the first two and the last: the range it covers
    ref_cells = list(dict.fromkeys(ref.cells[:2] + ref.cells[-1:])) if ref else []
    return Broken(pl.cell, pl.table, related=[*ref_cells, *extra_related],
                  figures=dict(expected=ref.approx(False).mid if ref else None, stated=stated_num,
                               tolerance=verdict.tolerance if verdict else None, decimals=decimals, unit=unit),
                  params=dict(place=pl.label,
                              source=phrase("place.at", cell=ref.cell, label=ref.label) if ref else "",
                              year=year or "",
                              reads=[*pl.cells, *(ref.cells if ref else ())]))   # every cell read (grouping)


def _equal(run, p, year):
    places = yield from _gather(run, p.places, year)
    if len(places) < 2:
        if not p.each_year:
            where = places[0].label if places else "-"
            yield NotRun(phrase("reason.one_place", where=where),
                         places[0].cell if places else None, places[0].table if places else None)
        return
    support = [sum(1 for q in places if q is not pl and agree(pl, q).ok) for pl in places]
    best = max(range(len(places)), key=lambda i: (support[i], -i))
    ref = places[best]
    if p.anchor_first:
        ref = places[0]
    for pl in places:
        if pl is ref:
            continue
        v = agree(pl, ref)
        if v.ok:
            yield Passed((*pl.cells, *ref.cells))
        else:
            yield _report_mismatch(pl, ref, v, year)


class _PlaceEnv(Env):
    def __init__(self, values: dict[str, Approx]):
        self.values = values

    def lookup(self, name, selector):
        if name not in self.values:
            raise NotComputable(phrase("reason.input_missing", name=name))
        return self.values[name]


def _derived(run, p, year):
    values, used = {}, []
    for name, spec in (p.inputs or {}).items():
        found, unread = yield from _gather(run, [spec], year, count=True)
        if not found:
            if not unread:      # _gather has not already said why
                yield NotRun(phrase("reason.input_missing", name=name), None, None)
            return
        values[name] = found[0].approx(p.inputs_rounded)
        used.append(found[0])
    try:
        expected = evaluate(parse(p.expect), _PlaceEnv(values))
    except _NA:
        yield NotApplicable()
        return
    except NotComputable as e:
        yield NotRun(e.reason, e.cell, None)
        return
    ref = Place(label=Listing(tuple(u.label for u in used), " ; ") if used else p.expect, cell=used[0].cell if used else None,
                computed=expected, cells=[c for u in used for c in u.cells])
    stated = yield from _gather(run, p.places, year)
    if not stated:
        yield NotRun(phrase("reason.stated_missing"), None, None)
        return
    for pl in stated:
        v = judge(pl.value, expected) if pl.value is not None else agree(pl, ref)
        if v.ok:
            yield Passed((*pl.cells, *ref.cells))
        else:
            yield _report_mismatch(pl, ref, v, year)


def _labelled(pl: Place, pattern: str | None) -> bool:
    if not pattern:
        return False
    caption = (pl.table.caption or "") if pl.table is not None else str(pl.label)   # a fact: its Ikhtisar wording
    return patterns.search(pattern, caption)


def _one_of(run, p, year):
    refs: list[tuple[dict, Place]] = []
    for r in p.references:
        for pl in (yield from _gather(run, [r["place"]], year)):
            refs.append((r, pl))
    places = yield from _gather(run, p.places, year)
    if not refs or not places:
        yield NotApplicable()
        return
    used: dict[str, list[Place]] = {}
    for pl in places:
        matched = [(r, ref) for r, ref in refs if agree(pl, ref).ok]
        if p.report == "unmatched":
            if matched:
                yield Passed((*pl.cells, *matched[0][1].cells))
            else:
                nearest = min(refs, key=lambda rr: abs(pl.approx().mid - rr[1].approx().mid))[1]
                yield _report_mismatch(pl, nearest, agree(pl, nearest), year)
            continue
        if matched:
            key = matched[0][0]["key"]
            used.setdefault(key, []).append(pl)
    if p.report != "mixed":
        return
    if len(used) < 2:
        if used:
            yield Passed()
        return
    by_key = {r["key"]: r for r in p.references}
    unlabelled = [pl for k, pls in used.items() for pl in pls if not _labelled(pl, by_key[k].get("caption"))]
    if not unlabelled:
        yield Passed()
        return
    groups = [(by_key[k]["label"], pls[0].approx().mid, pls) for k, pls in used.items()]
    first = groups[1][2][0]
    parts = Listing(tuple(phrase("phrase.group_at", label=Words(lbl["id"], lbl.get("en")), value=Number(num),
                                 cells=", ".join(x.cell for x in pls)) for lbl, num, pls in groups))
    yield Broken(first.cell, first.table, related=[x.cell for _, _, pls in groups for x in pls],
                 params=dict(year=year or "", groups=parts))

