"""The expectation classes of the rule pack, evaluated here: the rows Great Expectations
would report as unexpected, without importing it (6–7 s on a reviewer's every check).

Rule files keep GX's vocabulary (`expectation: ExpectColumnValuesToBeBetween`, GX's own
kwargs, declared in the rule schema); `unexpected(frame, spec)` gives the row positions GX's
pandas engine lists in `unexpected_index_list` for the same frame. A missing value is None
or NaN. tests/test_conformance.py runs every expectation of the pack and random frames
(nulls, mixed types, boundaries) through both and requires the same rows.

Semantics, as GX 1.x computes them on pandas:
- ToBeBetween: a present value below min / above max (strict_min / strict_max exclude the
  bound itself); a missing value is no row; a text value in a numeric check is an error;
- ToNotBeNull: the missing values;
- ToBeInSet: a present value not equal to any member (1.0 equals 1; "1" does not);
- ToBeUnique: present values that occur more than once (every occurrence);
- CompoundColumnsToBeUnique: rows whose tuple of values occurs more than once, after
  ignore_row_if (all_values_are_missing by default, any_value_is_missing, never); missing
  values are equal to each other;
- ColumnPairValuesAToBeGreaterThanB: rows where A > B (A ≥ B with or_equal) does not hold,
  after ignore_row_if (both_values_are_missing by default, either_value_is_missing,
  neither); a comparison with a missing value does not hold.
"""
from __future__ import annotations

from ..findings import phrase

NATIVE_CLASSES = {"ExpectColumnValuesToBeBetween", "ExpectColumnValuesToNotBeNull", "ExpectColumnValuesToBeInSet",
                  "ExpectColumnValuesToBeUnique", "ExpectCompoundColumnsToBeUnique",
                  "ExpectColumnPairValuesAToBeGreaterThanB"}


class Refused(ValueError):
    """The expectation cannot be evaluated on these values (GX raises for them too); its
    one argument is why, a catalog phrase (rendered in the report's language)."""


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and v != v)


def _number(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise Refused(phrase("reason.value_text", raw=str(v)))
    return v


def _key(v):
    """A value as pandas compares it for duplicates: every missing value alike, 1 == 1.0."""
    if _missing(v):
        return ("<missing>",)
    if isinstance(v, bool):
        return ("b", v)
    if isinstance(v, (int, float)):
        return ("n", float(v))
    return ("s", v)


def unexpected(frame, spec) -> set[int]:
    kw = spec.kwargs
    e = spec.expectation
    data = frame.data
    if e == "ExpectColumnPairValuesAToBeGreaterThanB":
        a, b = data.get(kw["column_A"]), data.get(kw["column_B"])
        if a is None or b is None:
            raise Refused(phrase("reason.expectation_column_missing",
                                 column=kw["column_A"] if a is None else kw["column_B"]))
        ignore = kw.get("ignore_row_if", "both_values_are_missing")
        out = set()
        for i, (x, y) in enumerate(zip(a, b)):
            mx, my = _missing(x), _missing(y)
            if (ignore == "both_values_are_missing" and mx and my) or \
                    (ignore == "either_value_is_missing" and (mx or my)):
                continue
            if mx or my:
                out.add(i)
                continue
            x, y = _number(x), _number(y)
            if not (x >= y if kw.get("or_equal") else x > y):
                out.add(i)
        return out
    if e == "ExpectCompoundColumnsToBeUnique":
        cols = [data.get(c) for c in kw["column_list"]]
        if any(c is None for c in cols):
            raise Refused(phrase("reason.expectation_column_missing",
                                 column=", ".join(n for n, c in zip(kw["column_list"], cols) if c is None)))
        ignore = kw.get("ignore_row_if", "all_values_are_missing")
        rows = []
        for i, vals in enumerate(zip(*cols)):
            miss = [_missing(v) for v in vals]
            if (ignore == "all_values_are_missing" and all(miss)) or (ignore == "any_value_is_missing" and any(miss)):
                continue
            rows.append((i, tuple(_key(v) for v in vals)))
        return _duplicated(rows)
    col = data.get(kw["column"])
    if col is None:
        raise Refused(phrase("reason.expectation_column_missing", column=kw["column"]))
    if e == "ExpectColumnValuesToNotBeNull":
        return {i for i, v in enumerate(col) if _missing(v)}
    present = [(i, v) for i, v in enumerate(col) if not _missing(v)]
    if e == "ExpectColumnValuesToBeBetween":
        lo, hi = kw.get("min_value"), kw.get("max_value")
        smin, smax = kw.get("strict_min", False), kw.get("strict_max", False)
        out = set()
        for i, v in present:
            v = _number(v)
            if lo is not None and (v <= lo if smin else v < lo):
                out.add(i)
            elif hi is not None and (v >= hi if smax else v > hi):
                out.add(i)
        return out
    if e == "ExpectColumnValuesToBeInSet":
        members = {_key(m) for m in kw["value_set"]}
        return {i for i, v in present if _key(v) not in members}
    if e == "ExpectColumnValuesToBeUnique":
        return _duplicated([(i, (_key(v),)) for i, v in present])
    raise Refused(phrase("reason.expectation_not_native", expectation=e))


def _duplicated(rows: list[tuple[int, tuple]]) -> set[int]:
    seen: dict[tuple, list[int]] = {}
    for i, k in rows:
        seen.setdefault(k, []).append(i)
    return {i for idx in seen.values() if len(idx) > 1 for i in idx}
