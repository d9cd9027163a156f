"""Expectation: a column check stated in Great Expectations' own vocabulary and run by GX —
required cells, value ranges, allowed sets, code patterns, unique keys, pair order (A ≤ B).

Checks that need no arithmetic tolerance only (a limit is a limit). The rule's
parameters are a GX 1.x expectation class name and its arguments; `key` names the columns
that name a row in messages. All expectation rules on one table kind run as one suite in
one validation per report (`rules/gx.py`); each unexpected row becomes a finding at the
offending cell: the expectation's last column (column_B of a pair, the last of a compound
key), with the row's other columns as related cells.

Options (defaults beside the fields of `Params`):
  expectation  the GX expectation class, one of those the schema lists (required)
  kwargs       its arguments, exactly those declared for it (gx_<class>) (required)
  key          the columns that name a row in messages (none: the row's label)

Passes (ExpectColumnValuesToBeBetween, kwargs {column: nilai, min_value: 1, max_value: 4}):
  | Unsur       | Nilai |
  | Persyaratan | 3,45  |
  | Prosedur    | 3,20  |
Fails: Nilai of Prosedur written 32,0 — outside 1–4.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import gx
from ..engine import row_label
from ..outcomes import Broken, NotApplicable, NotRun, Passed
from ...findings import Number, Phrase, phrase

NAME = "expectation"
EMPTY = phrase("phrase.empty")


@dataclass
class Params:
    expectation: str | None = None
    kwargs: dict | None = None
    key: list[str] | None = None


def check(params: Params, run):
    spec = gx.Spec.of(run.rule)
    peer_rules = [r for r in run.peers if r.kind == "expectation"]
    shown = spec.shown_columns
    if not shown:
        yield NotRun(phrase("reason.expectation_no_column"), None, None)
        return
    for kind in [k for k in run.rule.tables if k != "ikhtisar"]:
        tables = [t for t in run.report.tables if t.kind == kind]
        if not tables:
            continue
        missing = [c for c in shown if not any(t.column(c) for t in tables)]
        if missing:
            yield NotRun(phrase("reason.columns_missing", columns=", ".join(missing), table=tables[0].label), tables[0].ref, tables[0])
            continue
        kind_peers = [gx.Spec.of(r) for r in peer_rules if kind in r.tables]
        out = gx.outcome_for(run.report, kind, spec, kind_peers)
        if out.error:
            yield NotRun(out.error, tables[0].ref, tables[0])
            continue
        for ref, column, value in out.unreadable:
            raw = " ".join(str(value.raw or "").split())
            yield NotRun(phrase("reason.expectation_unreadable", raw=raw, column=_title(ref.table, column)), value.cell, ref.table)
        for ref in out.checked:
            yield Passed(tuple(ref.cell(c) for c in shown))
        if out.skipped > len(out.unreadable):
            yield NotApplicable(out.skipped - len(out.unreadable))
        duplicates = _duplicate_groups(out.failed, shown) if _is_unique(spec) else {}
        for ref in out.failed:
            yield _fail(params, spec, ref, shown, duplicates)


def _is_unique(spec: gx.Spec) -> bool:
    return "Unique" in spec.expectation


def _duplicate_groups(refs, shown):
    groups: dict[tuple, list] = {}
    for ref in refs:
        key = (id(ref.table),) + tuple(_text(ref.value(c)) for c in shown)
        groups.setdefault(key, []).append(ref)
    return {id(r): g for g in groups.values() for r in g}


def _text(v) -> str:
    if v is None or v.kind == "empty":
        return ""
    return " ".join(str(v.raw if v.raw is not None else (v.text or "")).split())


def _label(params: Params, ref) -> str:
    keys = params.key or []
    parts = [_text(ref.value(k)) for k in keys]
    parts = [p for p in parts if p]
    if parts:
        t = " — ".join(parts)
        return t if len(t) <= 60 else t[:59] + "…"
    return row_label(ref.table, ref.row)


def _fail(params: Params, spec: gx.Spec, ref, shown: list[str], duplicates: dict) -> Broken:
    column = shown[-1]
    value = ref.value(column)
    cell = ref.cell(column)
    related = [ref.cell(c) for c in shown[:-1]]
    kw = spec.kwargs
    written = _text(value) or None
    said: dict = {
        "row": _label(params, ref),
        "column": column,
        "value": written if written is not None else EMPTY,
    }
    for k in ("min_value", "max_value"):
        if k in kw and kw[k] is not None:
            said[k.split("_")[0]] = gx.number_text(kw[k])
    if "value_set" in kw:
        said["set"] = ", ".join(gx.number_text(x) for x in kw["value_set"])
    if "regex" in kw:
        said["regex"] = kw["regex"]
    if len(shown) > 1:
        other = shown[0]
        ov = _text(ref.value(other))
        said["other"] = _title(ref.table, other)
        said["other_value"] = ov or EMPTY
    if id(ref) in duplicates:
        others = [r.cell(column) for r in duplicates[id(ref)] if r is not ref]
        related += others
        said["others"] = ", ".join(c for c in others if c)
    said["detail"] = _detail(spec, said, ref, column)
    numeric = value is not None and value.kind == "number" and value.number is not None
    return Broken(cell, ref.table, related=[c for c in related if c],
                  figures=dict(stated=value.number if numeric else None,
                               decimals=value.decimals if numeric and value.scale == 1 else (0 if numeric else None),
                               unit=value.unit if numeric else None),
                  params=said)


def _title(table, name: str) -> str:
    from ..engine import column_title
    return column_title(table, name)


def _detail(spec: gx.Spec, p: dict, ref, column: str) -> Phrase:
    """What GX found, in words, for the {detail} of a message."""
    e = spec.expectation
    val = p["value"] if isinstance(p["value"], str) else None
    if e == "ExpectColumnValuesToBeBetween":
        lo, hi = p.get("min"), p.get("max")
        if lo is not None and hi is not None:
            return phrase("phrase.outside_range", low=lo, high=hi)
        if hi is not None:
            return phrase("phrase.above_maximum", high=hi)
        return phrase("phrase.below_minimum", low=lo)
    if e == "ExpectColumnValuesToBeInSet":
        return phrase("phrase.not_in_set", value=val, set=p.get("set"))
    if e == "ExpectColumnValuesToMatchRegex":
        return phrase("phrase.no_match", value=val, regex=p.get("regex"))
    if e == "ExpectColumnValuesToNotBeNull":
        return phrase("phrase.null")
    if "Unique" in e:
        return phrase("phrase.used_also", value=val, others=p.get("others") or phrase("phrase.another_row"))
    if e == "ExpectColumnPairValuesAToBeGreaterThanB":
        a = ref.value(spec.shown_columns[0])
        rel = "≤" if spec.kwargs.get("or_equal") else "<"
        limit: Number | Phrase | str = (Number(a.number, a.decimals if a.scale == 1 else None, a.unit)
                                        if a is not None and a.kind == "number" and a.number is not None
                                        else _text(a) or EMPTY)
        return phrase("phrase.exceeds", other=p.get("other"), limit=limit, rel=rel)
    return phrase("phrase.fails", expectation=e)
