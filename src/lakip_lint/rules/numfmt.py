"""Numbers in messages: Indonesian style by default (7.592.226.000; 108,86), English on request."""
from __future__ import annotations

from decimal import Decimal


def fmt(x: Decimal | None, lang: str = "id", decimals: int | None = None, unit: str | None = None) -> str:
    if x is None:
        return "?"
    if decimals is None:
        decimals = 0 if x == x.to_integral_value() else min(4, max(2, -x.normalize().as_tuple().exponent))
    q = x.quantize(Decimal(1).scaleb(-decimals)) if decimals >= 0 else x
    s = f"{q:,.{decimals}f}"
    if lang != "en":
        s = s.replace(",", "_").replace(".", ",").replace("_", ".")
    return s + ("%" if unit == "persen" else "")


def plain(x: Decimal | None) -> str | None:
    """Machine form for JSON: no grouping, '.' decimal mark, no exponent, no trailing zeros."""
    if x is None:
        return None
    s = format(x, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def shown(x: Decimal, like_decimals: int | None, lang: str, unit: str | None = None) -> str:
    """A computed value shown a little more precisely than the stated one it is compared to."""
    d = like_decimals if like_decimals is not None else 2
    if x != x.to_integral_value():
        d = max(d, 2)
    return fmt(x.quantize(Decimal(1).scaleb(-d)) if d >= 0 else x, lang, d, unit)
