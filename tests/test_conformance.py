"""The native expectation evaluator (rules/expect.py) against Great Expectations itself:
every expectation of the rule pack on the samples and the re-laid corpus, and random frames
(nulls, NaN, mixed numbers, boundaries, duplicates) — the same outcome, the same failing
rows. A difference on any rule or frame fails this test."""
from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from lakip_lint.model import Report, Row, Table, Column, Value
from lakip_lint.read import read_report
from lakip_lint.rules import gx, load_rules
from lakip_lint.rules.expect import NATIVE_CLASSES

EXPECTATIONS = [r for r in load_rules() if r.kind == "expectation"]


def outcome_rows(out: gx.Outcome) -> tuple:
    return (out.error is None, sorted(id(r.row) for r in out.failed), sorted(id(r.row) for r in out.checked),
            out.skipped, sorted(id(r[0].row) for r in out.unreadable))


def both(pairs, specs):
    native = gx.validate(pairs, specs, engine="native")
    through = gx.validate(pairs, specs, engine="gx")
    return native, through


def test_every_class_the_pack_uses_is_native():
    assert {gx.Spec.of(r).expectation for r in EXPECTATIONS} <= NATIVE_CLASSES | gx.NATIVE
    assert len(EXPECTATIONS) >= 25


@pytest.mark.parametrize("sample", ["bspji-pekanbaru-2023.xlsx", "bspji-pekanbaru-2023-rapi.xlsx"])
def test_every_rule_of_the_pack_agrees_with_gx_on_the_samples(sample):
    report = read_report(str(ROOT / "samples" / sample))
    compared = 0
    for kind in sorted({t for r in EXPECTATIONS for t in r.tables if t != "ikhtisar"}):
        pairs = [(report, t) for t in report.tables if t.kind == kind]
        if not pairs:
            continue
        specs = [gx.Spec.of(r) for r in EXPECTATIONS if kind in r.tables]
        native, through = both(pairs, specs)
        for s in specs:
            assert outcome_rows(native[s]) == outcome_rows(through[s]), (kind, s)
            compared += 1
    assert compared >= 20


def test_agreement_on_a_mutated_report():
    """The printed sample with values pushed over every bound the pack states."""
    from decimal import Decimal
    report = read_report(str(ROOT / "samples" / "bspji-pekanbaru-2023.xlsx"))
    for t in report.tables:
        for i, row in enumerate(t.data_rows()):
            for name, v in row.values.items():
                if v.is_number and i % 3 == 1:
                    v.number = v.number * Decimal(-7) if i % 2 else v.number + Decimal(1000)
    for kind in sorted({t for r in EXPECTATIONS for t in r.tables if t != "ikhtisar"}):
        pairs = [(report, t) for t in report.tables if t.kind == kind]
        specs = [gx.Spec.of(r) for r in EXPECTATIONS if kind in r.tables]
        if pairs:
            native, through = both(pairs, specs)
            for s in specs:
                assert outcome_rows(native[s]) == outcome_rows(through[s]), (kind, s)


# -- random frames ---------------------------------------------------------------------

NUMBERS = st.one_of(st.none(), st.just(float("nan")), st.integers(-5, 105).map(float),
                    st.sampled_from([0.0, 1.0, 4.0, 5.0, 100.0, 99.999, 100.001, -0.0]))
TEXTS = st.one_of(st.none(), st.sampled_from(["AA", "A", "BB", "B", "x", "", "1", "a a"]))


def table_of(rows: list[dict], numeric: set[str]) -> tuple[Report, Table]:
    names = sorted({k for r in rows for k in r} | {"a", "b", "t"})
    table = Table(kind="acak", sheet="S", ref="S!A1:D9", caption=None, number=None,
                  columns=[Column(name=n, header=[n], cell=f"S!{chr(65 + i)}1",
                                  type="score" if n in numeric else "text") for i, n in enumerate(names)])
    for i, r in enumerate(rows):
        values = {}
        for n, v in r.items():
            cell = f"S!{chr(65 + names.index(n))}{i + 2}"
            if v is None:
                values[n] = Value(cell=cell, raw=None, kind="empty")
            elif n in numeric:
                if isinstance(v, float) and math.isnan(v):
                    values[n] = Value(cell=cell, raw="N/A", kind="na")
                else:
                    from decimal import Decimal
                    values[n] = Value(cell=cell, raw=str(v), kind="number", number=Decimal(str(v)),
                                      stated=Decimal(str(v)), decimals=0)
            else:
                values[n] = Value(cell=cell, raw=v, kind="text", text=v)
        table.rows.append(Row(index=i, sheet_row=i + 2, kind="data", values=values))
    return Report(path="acak.xlsx", format="xlsx", parser="-", tables=[table]), table


FRAMES = st.lists(st.fixed_dictionaries({"a": NUMBERS, "b": NUMBERS, "t": TEXTS}), min_size=1, max_size=12)
SPECS = [
    ("ExpectColumnValuesToBeBetween", {"column": "a", "min_value": 0, "max_value": 100}),
    ("ExpectColumnValuesToBeBetween", {"column": "a", "min_value": 1, "max_value": 5, "strict_min": True}),
    ("ExpectColumnValuesToBeBetween", {"column": "b", "min_value": None, "max_value": 4, "strict_max": True}),
    ("ExpectColumnValuesToBeBetween", {"column": "b", "min_value": 0}),
    ("ExpectColumnValuesToNotBeNull", {"column": "a"}),
    ("ExpectColumnValuesToNotBeNull", {"column": "t"}),
    ("ExpectColumnValuesToBeInSet", {"column": "t", "value_set": ["AA", "A", "BB", "B"]}),
    ("ExpectColumnValuesToBeInSet", {"column": "a", "value_set": [0, 1, 5, "1"]}),
    ("ExpectColumnValuesToBeUnique", {"column": "a"}),
    ("ExpectColumnValuesToBeUnique", {"column": "t"}),
    ("ExpectCompoundColumnsToBeUnique", {"column_list": ["a", "t"]}),
    ("ExpectCompoundColumnsToBeUnique", {"column_list": ["a", "b"], "ignore_row_if": "any_value_is_missing"}),
    ("ExpectCompoundColumnsToBeUnique", {"column_list": ["__tabel", "t"], "ignore_row_if": "never"}),
    ("ExpectColumnPairValuesAToBeGreaterThanB", {"column_A": "a", "column_B": "b"}),
    ("ExpectColumnPairValuesAToBeGreaterThanB", {"column_A": "a", "column_B": "b", "or_equal": True,
                                                 "ignore_row_if": "either_value_is_missing"}),
    ("ExpectColumnPairValuesAToBeGreaterThanB", {"column_A": "b", "column_B": "a", "ignore_row_if": "neither"}),
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=FRAMES)
def test_random_frames_agree(rows):
    import json
    report, table = table_of(rows, {"a", "b"})
    specs = [gx.Spec(e, json.dumps(kw, sort_keys=True)) for e, kw in SPECS]
    native, through = both([(report, table)], specs)
    for s in specs:
        assert outcome_rows(native[s]) == outcome_rows(through[s]), (s, rows)


def test_the_conformance_check_sees_a_difference(monkeypatch):
    """Break the native evaluator's bound: the comparison above must notice."""
    from lakip_lint.rules import expect
    report, table = table_of([{"a": 100.0, "b": 1.0, "t": "A"}, {"a": 101.0, "b": 1.0, "t": "A"}], {"a", "b"})
    spec = gx.Spec("ExpectColumnValuesToBeBetween", '{"column": "a", "max_value": 100, "min_value": 0}')
    real = expect.unexpected
    monkeypatch.setattr(expect, "unexpected", lambda frame, s: real(frame, s) | {0})
    native, through = both([(report, table)], [spec])
    assert outcome_rows(native[spec]) != outcome_rows(through[spec])
