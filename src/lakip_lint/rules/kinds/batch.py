"""Batch: figures a submission must share with other files — BSKJI's published values,
last year's report, the other submissions of the batch — and who sent the file.

Runs only in `lakip-lint screen` (rules/batch.py gives it the batch); `check` of one file
skips it. Numbers are compared like every other rule's: a stated figure agrees with an
official one at its own precision (tolerance.judge), two stated figures at the coarser of
their precisions (tolerance.same).

Options (defaults beside the fields of `Params`):
  check   what is compared (required):
          reference      this unit's SAKIP score, SAKIP rating and financial-report score,
                         wherever the report states them, against `--reference`
          satker_copy    the other units' rows copied into the report's all-satker tables
                         against `--reference`
          previous       last year's figures the report repeats, against last year's report
                         of the same unit (`--previous`)
          renstra_target Renstra targets against those last year's report stated
          identity       the unit and year the content states against the file name
          duplicate      one unit and year submitted more than once

Passes (reference: BSPJI Jambi 2023, Nilai SAKIP 76,20):
  | Tabel 27 | Unit        | Total |
  |          | BSPJI Jambi | 76,2  |
Fails: Total 75,15 — the published score is 76,20.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ...findings import Phrase, phrase
from ...model import Value
from ..outcomes import Broken, Compared, NotApplicable, Passed
from ..tolerance import Approx, same

NAME = "batch"
CHECKS = ("reference", "satker_copy", "previous", "renstra_target", "identity", "duplicate")
# words of a file name that never name a unit
STOP = {"lakip", "laporan", "kinerja", "lkj", "lkjip", "final", "revisi", "rev", "balai", "bspji", "bbspji",
        "besar", "standardisasi", "pelayanan", "jasa", "industri", "copy", "salinan", "draft", "tahun"}


@dataclass
class Params:
    check: str | None = field(default=None, metadata={"enum": CHECKS})


def check(params: Params, run):
    yield from {"reference": _reference, "satker_copy": _satker_copy, "previous": _previous,
                "renstra_target": _renstra_target, "identity": _identity, "duplicate": _duplicate}[params.check](run)


def name_words(name: str | None) -> set[str]:
    from ...submissions import name_words as words      # submissions imports check, which imports rules
    return words(name)


def _normal(s: str | None) -> str:
    from ..matching import normal
    return normal(s or "")


def _ref_for(name: str, rows: list[dict]) -> dict | None:
    """The reference row of a unit: the same name, else the most specific row whose words
    are all in the name."""
    n, w = _normal(name), name_words(name)
    for r in rows:
        if _normal(r["satker"]) == n:
            return r
    best = [r for r in rows if name_words(r["satker"]) and name_words(r["satker"]) <= w]
    return max(best, key=lambda r: len(name_words(r["satker"])), default=None)


def _refs(run) -> list[dict]:
    sub = run.submission
    if run.batch.reference is None or not sub.readable or sub.year is None:
        return []
    return [r for r in run.batch.reference if r["tahun"] == sub.year]


WHAT = {"sakip": "batch.sakip_score", "lapkeu": "batch.lapkeu_score"}


def _reference(run):
    refs = _refs(run)
    sub = run.submission
    own = _ref_for(sub.report.unit_name or sub.balai, refs) if refs else None
    if own is None:
        yield NotApplicable()
        return
    facts = sub.facts
    for key, field_ in (("sakip", "total"), ("lapkeu", "nilai")):
        official: Value | None = own.get(key)
        if official is None or not official.is_number:
            continue
        places = [(ik["value"], phrase("batch.ik_in", indikator=ik["indikator"], table=ik["table"]))
                  for ik in facts.get("ik", {}).get(key, [])]
        places += [(r[field_], phrase("batch.row_in", table=r["table"], name=r["name"]))
                   for r in facts.get(key, []) if r["own"] and r[field_] is not None]
        for v, where in places:
            yield Compared(v, Approx.exact(official.number), None, related=[official.cell],
                           params=dict(what=phrase(WHAT[key]), place=where, satker=own["satker"], year=sub.year))
    label = own.get("predikat")
    if label is not None and label.text:
        for r in facts.get("sakip", []):
            said = r["predikat"]
            if not r["own"] or said is None or not said.text:
                continue
            if said.text.strip().upper() == label.text.strip().upper():
                yield Passed((said.cell,))
            else:
                yield Broken(said.cell, None, related=[label.cell], params=dict(
                    what=phrase("batch.sakip_rating"), place=phrase("batch.row_in", table=r["table"], name=r["name"]),
                    satker=own["satker"], year=sub.year, stated=said.text.strip(), expected=label.text.strip()))


def _satker_copy(run):
    refs = _refs(run)
    if not refs:
        yield NotApplicable()
        return
    sub = run.submission
    own = _ref_for(sub.report.unit_name or sub.balai, refs)
    for key, field_ in (("sakip", "total"), ("lapkeu", "nilai")):
        for r in sub.facts.get(key, []):
            v = r[field_]
            if r["own"] or v is None:
                continue
            ref = _ref_for(r["name"], refs)
            if ref is None or ref is own or ref.get(key) is None or not ref[key].is_number:
                continue
            yield Compared(v, Approx.exact(ref[key].number), None, related=[ref[key].cell],
                           params=dict(what=phrase(WHAT[key]), in_table=r["table"], name=r["name"], year=sub.year))


def _last_year(run):
    """Last year's readable submission of the same unit, if `--previous` has one."""
    sub = run.submission
    if run.batch.previous is None or not sub.readable or sub.report.fiscal_year is None:
        return None
    for p in run.batch.previous:
        if p.readable and p.report.fiscal_year == sub.report.fiscal_year - 1 and _same_unit(p, sub):
            return p
    return None


def _same_unit(a, b) -> bool:
    x, y = a.report.unit_name, b.report.unit_name
    return bool(x and y) and (_normal(x) == _normal(y) or name_words(x) == name_words(y))


FIELD = {"target": "batch.field_target", "realisasi": "batch.field_realisasi", "pnbp": "batch.field_pnbp"}


def _compare_years(sub, p, v: Value, theirs: list, table: str, field_: str, year: int, what: Phrase):
    if any(same(v, t[0]).ok for t in theirs):
        yield Passed((v.cell,))
        return
    t, at = theirs[0]
    yield Compared(v, Approx.of(t), None, related=[], judged=same(v, t),
                   params=dict(in_table=table, what=what, year=year, file=os.path.basename(p.path), at=t.cell,
                               row=at or ""))


def _previous(run):
    """Last year's figures quoted this year: the target of a PNBP table, and every other
    field but a target, of last year."""
    def said(kind, field_, year, last):
        return year == last and (field_ != "target" or kind == "pnbp_target_realisasi")
    yield from _against_last_year(run, said, lambda kind, key, field_, year: (kind, key, field_),
                                  lambda field_: phrase(FIELD.get(field_, "batch.field_realisasi")))


def _renstra_target(run):
    """Renstra targets of every year, against what last year's report stated."""
    def said(kind, field_, year, last):
        return kind.startswith("renstra") and field_ == "target"
    yield from _against_last_year(run, said, lambda kind, key, field_, year: (key, year),
                                  lambda field_: phrase("batch.field_target"))


def _against_last_year(run, said, key_of, what):
    """This year's figures that `said` selects, each against the figures last year's report
    stated under the same key (`key_of`): passes when one of them agrees."""
    p = _last_year(run)
    if p is None:
        yield NotApplicable()
        return
    sub = run.submission
    last = sub.report.fiscal_year - 1
    theirs: dict[tuple, list] = {}
    for kind, key, field_, year, v, table in p.facts.get("yearly", []):
        if said(kind, field_, year, last):
            theirs.setdefault(key_of(kind, key, field_, year), []).append((v, key))
    for kind, key, field_, year, v, table in sub.facts.get("yearly", []):
        k = key_of(kind, key, field_, year)
        if said(kind, field_, year, last) and k in theirs:
            yield from _compare_years(sub, p, v, theirs[k], table, field_, year, what(field_))


def _identity(run):
    sub = run.submission
    if not sub.readable:
        yield NotApplicable()
        return
    if not sub.named:
        yield Broken(None, None, params=dict(problem=phrase("batch.unit_unnamed", file=sub.stem)),
                     figures=dict(severity="info"))
        return
    tokens = [w for w in re.findall(r"[a-z]+", sub.stem.lower()) if len(w) >= 4 and w not in STOP]
    from ...submissions import file_years
    years = file_years(sub.stem)
    ok = True
    if tokens and not any(t in name_words(sub.report.unit_name) for t in tokens):
        ok = False
        yield Broken(None, None, params=dict(problem=phrase("batch.name_differs", file=sub.stem, unit=sub.balai)))
    if years and sub.report.fiscal_year is not None and sub.report.fiscal_year not in years:
        ok = False
        yield Broken(None, None, params=dict(problem=phrase("batch.year_differs", file_year=years[0],
                                                            year=sub.report.fiscal_year)))
    if ok:
        yield Passed()


def _duplicate(run):
    from ...submissions import newest_first
    sub = run.submission
    for group in newest_first(run.batch.submissions).values():
        if group[0] is sub:
            yield Broken(None, None, params=dict(satker=sub.balai, year=sub.year, n=len(group),
                                                 others=", ".join(os.path.basename(s.path) for s in group[1:])))
            return
        if any(s is sub for s in group):
            yield NotApplicable()        # an older copy: listed under the newest, not ranked
            return
    yield Passed()
