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
"""
from __future__ import annotations

from decimal import Decimal

from .. import patterns
from ..engine import RuleRun, as_number
from ..expr import Env, NotApplicable, NotComputable, evaluate, parse
from ..places import Place, resolve, tables_for
from ..tolerance import Approx, judge


def _years(ctx: RuleRun, specs: list[dict]) -> list[int]:
    years: set[int] = set()
    for spec in specs:
        if "table" not in spec:
            continue
        for t in tables_for(spec, ctx.report):
            years |= {c.year for c in t.columns if c.year}
            years |= {r.year for r in t.rows if r.year}
    return sorted(years)


def _all_specs(p: dict) -> list[dict]:
    specs = list(p.get("places", []))
    specs += list((p.get("inputs") or {}).values())
    specs += [r["place"] for r in p.get("references", [])]
    return specs


def run(ctx: RuleRun) -> None:
    p = ctx.rule.params
    if ctx.fiscal_year is None and any("fact" in s for s in _all_specs(p)) and ctx.report.facts:
        ctx.not_run("tahun anggaran laporan tidak diketahui, fakta Ikhtisar tidak dapat dikaitkan dengan tahunnya",
                    None, None, "the report's fiscal year is unknown; summary facts cannot be tied to a year")
    years = _years(ctx, _all_specs(p)) if p.get("each_year") else [ctx.fiscal_year]
    if p.get("each_year") and not years:
        ctx.not_run("tidak ada kolom/baris bertahun", None, None, "no year columns or rows")
        return
    for year in years:
        if "expect" in p:
            _derived(ctx, p, year)
        elif "references" in p:
            _one_of(ctx, p, year)
        else:
            _equal(ctx, p, year)


def _gather(ctx, specs, year, skip_facts_off_year=True) -> list[Place]:
    out: list[Place] = []
    for spec in specs:
        if "fact" in spec and skip_facts_off_year and year not in (None, ctx.fiscal_year):
            continue
        for pl in resolve(spec, ctx.report, year):
            if pl.problem is not None:
                ctx.not_run(pl.problem.reason, pl.problem.cell or pl.cell, pl.table)
                continue
            try:
                if pl.value is not None:
                    pl.value = as_number(pl.value)
                pl.approx(True)
            except NotApplicable:
                continue
            except NotComputable as e:
                ctx.not_run(e.reason, e.cell or pl.cell, pl.table)
                continue
            out.append(pl)
    return out


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


def _report_mismatch(ctx, pl: Place, ref: Place, verdict, year, extra_related=()):
    stated_num = pl.value.number if pl.value is not None else pl.computed.mid
    decimals = pl.value.decimals if pl.value is not None and pl.value.scale == 1 else 0
    unit = pl.value.unit if pl.value is not None else None
    # a value computed from many cells names the first two and the last: the range it covers
    ref_cells = list(dict.fromkeys(ref.cells[:2] + ref.cells[-1:])) if ref else []
    ctx.fail(pl.cell, pl.table, related=[*ref_cells, *extra_related],
             expected=ref.approx(False).mid if ref else None, stated=stated_num,
             tolerance=verdict.tolerance if verdict else None, decimals=decimals, unit=unit,
             place=pl.label, source={"id": f"{ref.cell} ({ref.label})", "en": f"{ref.cell} ({ref.label})"} if ref else "",
             year=year or "")


def _equal(ctx, p, year):
    places = _gather(ctx, p["places"], year)
    if len(places) < 2:
        if not p.get("each_year"):
            where = places[0].label if places else "-"
            ctx.not_run(f"perlu sedikitnya dua tempat untuk dibandingkan, hanya ditemukan: {where}",
                        places[0].cell if places else None, places[0].table if places else None,
                        f"needs at least two places to compare, found only: {where}")
        return
    support = [sum(1 for q in places if q is not pl and agree(pl, q).ok) for pl in places]
    best = max(range(len(places)), key=lambda i: (support[i], -i))
    ref = places[best]
    if p.get("anchor_first"):
        ref = places[0]
    for pl in places:
        if pl is ref:
            continue
        v = agree(pl, ref)
        if v.ok:
            ctx.passed(cells=[*pl.cells, *ref.cells])
        else:
            _report_mismatch(ctx, pl, ref, v, year)


class _PlaceEnv(Env):
    def __init__(self, values: dict[str, Approx]):
        self.values = values

    def lookup(self, name, selector):
        if name not in self.values:
            raise NotComputable(f"masukan '{name}' tidak ditemukan")
        return self.values[name]


def _derived(ctx, p, year):
    values, used = {}, []
    for name, spec in (p.get("inputs") or {}).items():
        before = ctx.stats.counts["not_run"]
        found = _gather(ctx, [spec], year)
        if not found:
            if ctx.stats.counts["not_run"] == before:      # _gather has not already said why
                ctx.not_run(f"masukan '{name}' tidak ditemukan", None, None, f"input '{name}' not found")
            return
        values[name] = found[0].approx(p.get("inputs_rounded", False))
        used.append(found[0])
    try:
        expected = evaluate(parse(p["expect"]), _PlaceEnv(values))
    except NotApplicable:
        ctx.not_applicable()
        return
    except NotComputable as e:
        ctx.not_run(e.reason, e.cell, None)
        return
    ref = Place(label=" ; ".join(f"{u.label}" for u in used) or p["expect"], cell=used[0].cell if used else None,
                computed=expected, cells=[c for u in used for c in u.cells])
    stated = _gather(ctx, p["places"], year)
    if not stated:
        ctx.not_run("nilai yang dinyatakan tidak ditemukan", None, None, "stated value not found")
        return
    for pl in stated:
        v = judge(pl.value, expected) if pl.value is not None else agree(pl, ref)
        if v.ok:
            ctx.passed(cells=[*pl.cells, *ref.cells])
        else:
            _report_mismatch(ctx, pl, ref, v, year)


def _labelled(pl: Place, pattern: str | None) -> bool:
    if not pattern:
        return False
    caption = (pl.table.caption or "") if pl.table is not None else pl.label   # a fact: its Ikhtisar wording
    return patterns.search(pattern, caption)


def _one_of(ctx, p, year):
    refs: list[tuple[dict, Place]] = []
    for r in p["references"]:
        for pl in _gather(ctx, [r["place"]], year):
            refs.append((r, pl))
    places = _gather(ctx, p["places"], year)
    if not refs or not places:
        ctx.not_applicable()
        return
    used: dict[str, list[Place]] = {}
    for pl in places:
        matched = [(r, ref) for r, ref in refs if agree(pl, ref).ok]
        if p.get("report", "unmatched") == "unmatched":
            if matched:
                ctx.passed(cells=[*pl.cells, *matched[0][1].cells])
            else:
                nearest = min(refs, key=lambda rr: abs(pl.approx().mid - rr[1].approx().mid))[1]
                _report_mismatch(ctx, pl, nearest, agree(pl, nearest), year)
            continue
        if matched:
            key = matched[0][0]["key"]
            used.setdefault(key, []).append(pl)
    if p.get("report") != "mixed":
        return
    if len(used) < 2:
        if used:
            ctx.passed()
        return
    by_key = {r["key"]: r for r in p["references"]}
    unlabelled = [pl for k, pls in used.items() for pl in pls if not _labelled(pl, by_key[k].get("caption"))]
    if not unlabelled:
        ctx.passed()
        return
    groups = [(by_key[k]["label"], pls[0].approx().mid, pls) for k, pls in used.items()]
    first = groups[1][2][0]
    parts = {lang: "; ".join(f"{lbl.get(lang, lbl['id'])} {_fmt(num, lang)} di {', '.join(x.cell for x in pls)}"
                             if lang == "id" else
                             f"{lbl.get(lang, lbl['id'])} {_fmt(num, lang)} in {', '.join(x.cell for x in pls)}"
                             for lbl, num, pls in groups) for lang in ("id", "en")}
    ctx.fail(first.cell, first.table, related=[x.cell for _, _, pls in groups for x in pls],
             year=year or "", groups=parts)


def _fmt(x: Decimal, lang: str) -> str:
    from ..numfmt import fmt
    return fmt(x, lang)
