"""Numbers as outputs write them: Indonesian style by default (7.592.226.000; 108,86), English on
request. The one number-formatting helper; the machine form (`plain`) is in findings.py."""
from __future__ import annotations

from decimal import Decimal, localcontext


def fmt(x: Decimal | None, lang: str = "id", decimals: int | None = None, unit: str | None = None) -> str:
    if x is None:
        return "?"
    if not x.is_finite():
        return str(x)
    if decimals is None:
        exponent = x.normalize().as_tuple().exponent
        decimals = 0 if x == x.to_integral_value() or not isinstance(exponent, int) else min(4, max(2, -exponent))
    with localcontext() as ctx:          # a figure of any size (a hostile cell's 10^400) is written out whole
        ctx.prec = max(28, x.adjusted() + decimals + 2)
        q = x.quantize(Decimal(1).scaleb(-decimals)) if decimals >= 0 else x
        s = f"{q:,.{decimals}f}"
    if lang != "en":
        s = s.replace(",", "_").replace(".", ",").replace("_", ".")
    return s + ("%" if unit == "persen" else "")


def shown(x: Decimal, like_decimals: int | None, lang: str, unit: str | None = None) -> str:
    """A computed value shown a little more precisely than the stated one it is compared to."""
    d = like_decimals if like_decimals is not None else 2
    if x.is_finite() and x != x.to_integral_value():
        d = max(d, 2)
    return fmt(x, lang, d, unit)
