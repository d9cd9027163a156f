"""When does a stated number agree with a computed one?

Reports round or truncate. A value written with d decimals (at its column's scale)
stands for an interval: ±½·10⁻ᵈ when rounded, [v, v + 10⁻ᵈ) when truncated. Sums of
rounded parts carry the parts' intervals (XBRL Calculations 1.1). So every quantity is
an `Approx` interval, computed in Decimal, and a stated value agrees with a computed
one when the stated value's rounding or truncation interval overlaps it.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from functools import lru_cache

from ..model import Value

ZERO = Decimal(0)


@dataclass(frozen=True)
class Approx:
    lo: Decimal
    hi: Decimal
    mid: Decimal

    @classmethod
    def exact(cls, x) -> "Approx":
        x = Decimal(x)
        return cls(x, x, x)

    @classmethod
    def of(cls, v: Value, rounded: bool = True) -> "Approx":
        """The interval a stated number stands for (its rounding), or the number itself.

        A whole number written in units (a count, rupiah) is exact, not rounded: 5 rows of
        integers must add up exactly. Decimals, scaled amounts (thousands) and whole
        percentages stand for their rounding interval."""
        if not rounded or (v.decimals == 0 and (v.scale or 1) == 1 and v.unit != "persen"):
            return cls.exact(v.number)
        h = half_ulp(v)
        return cls(v.number - h, v.number + h, v.number)

    @property
    def width(self) -> Decimal:
        return self.hi - self.lo

    def __add__(self, o: "Approx") -> "Approx":
        return Approx(self.lo + o.lo, self.hi + o.hi, self.mid + o.mid)

    def __sub__(self, o: "Approx") -> "Approx":
        return Approx(self.lo - o.hi, self.hi - o.lo, self.mid - o.mid)

    def __neg__(self) -> "Approx":
        return Approx(-self.hi, -self.lo, -self.mid)

    def __mul__(self, o: "Approx") -> "Approx":
        c = [self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi]
        return Approx(min(c), max(c), self.mid * o.mid)

    def __truediv__(self, o: "Approx") -> "Approx":
        if o.lo <= 0 <= o.hi:
            raise ZeroDivisionError
        with localcontext() as ctx:
            ctx.prec = 34
            c = [self.lo / o.lo, self.lo / o.hi, self.hi / o.lo, self.hi / o.hi]
            return Approx(min(c), max(c), self.mid / o.mid)

    def overlaps(self, lo: Decimal, hi: Decimal) -> bool:
        return self.lo <= hi and lo <= self.hi


def ulp(v: Value) -> Decimal:
    """One unit in the last written place, in base units (the column's scale counts)."""
    return _ulp(v.decimals if v.decimals is not None else 0, v.scale or 1)


@lru_cache(maxsize=256)
def _ulp(decimals: int, scale: int) -> Decimal:
    return Decimal(1).scaleb(-decimals) * scale


def half_ulp(v: Value) -> Decimal:
    return ulp(v) / 2


@dataclass(frozen=True)
class Verdict:
    ok: bool
    how: str | None          # 'exact', 'rounded', 'truncated' or None
    tolerance: Decimal       # the half-width allowed around the stated value (rounding)
    difference: Decimal      # stated − computed (mid)


def judge(stated: Value, computed: Approx) -> Verdict:
    """Does `stated` equal `computed` at the stated value's own precision?"""
    s = stated.number
    u = ulp(stated)
    h = u / 2
    diff = s - computed.mid
    if computed.overlaps(s - h, s + h):
        return Verdict(True, "exact" if diff == 0 else "rounded", h, diff)
    # truncation toward zero: s stands for [s, s + u) when positive, (s − u, s] when negative
    truncated = (computed.lo < s + u and s <= computed.hi) if s >= 0 else (computed.lo <= s and s - u < computed.hi)
    if truncated:
        return Verdict(True, "truncated", h, diff)
    return Verdict(False, None, h + (computed.width / 2), diff)


def same(a: Value, b: Value) -> Verdict:
    """Two stated numbers of one fact agree when the coarser one is the finer one rounded
    or truncated to its precision (7.592.226 thousand = 7.592.226.000; 108 = 108,86)."""
    coarse, fine = (a, b) if ulp(a) >= ulp(b) else (b, a)
    v = judge(coarse, Approx.exact(fine.number))
    return Verdict(v.ok, v.how, v.tolerance, a.number - b.number)


def grade(difference: Decimal, expected: Decimal) -> str:
    """Size of a miss, for severity: 'small' below 0.5 % of the expected value."""
    if expected == 0:
        return "large"
    rel = abs(difference) / abs(expected)
    return "small" if rel < Decimal("0.005") else "large"
