"""Turn raw cells into typed Values, and settle ambiguous numbers from their column.

`7.260` alone could be 7260 or 7,26. Its column decides: if the same separator groups
thousands elsewhere in the column (`2.461.579`) or the other separator is the decimal
mark there (`99,99`), or every other number in the column is a whole number, it is a
thousands group. The table is asked when the column cannot say. What neither can
settle stays ambiguous, with both readings, and is reported.
"""
from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from functools import lru_cache

from ..model import Value
from .dates import parse_date_parts
from .grid import RawCell
from .numbers import ParsedNumber, parse_counted, parse_number
from .xlsx import is_percent_format

NUMERIC_TYPES = {"amount", "count", "percent", "index", "score", "indicator", "number", "year"}
COUNTED_TYPES = NUMERIC_TYPES - {"percent", "year"}    # a figure there may say what it counts (`4 skema`)


@lru_cache(maxsize=1024)
def _format_decimals(fmt: str | None) -> int | None:
    if not fmt or fmt.startswith("builtin:"):
        return None if not fmt else 0
    section = fmt.split(";")[0]
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", section)
    m = re.search(r"\.([0#?]+)", section)
    return len(m.group(1)) if m else 0


def _shown(cell: RawCell) -> str | None:
    v = cell.value
    if v is None:
        return None
    if isinstance(v, (_dt.datetime, _dt.date)):
        return v.date().isoformat() if isinstance(v, _dt.datetime) else v.isoformat()
    return str(v)


def make_value(cell: RawCell | None, ref: str, ctype: str, scale: int = 1) -> tuple[Value, ParsedNumber | None]:
    """Read one cell for a column of type `ctype`; return the Value and, for text numbers,
    the parse (kept for column-level resolution). Run once per cell read: a Value is made
    from its cell, raw text and kind, and only the fields that differ from their defaults
    are set after."""
    if cell is None:
        return Value(ref, None, "empty"), None
    if cell.error:
        return Value(ref, cell.error, "error", formula=cell.formula), None
    if not cell.cached:
        return Value(ref, None, "formula_uncached", formula=cell.formula), None
    v = cell.value
    raw = _shown(cell)
    if ctype in ("text", "code", "fact_text"):
        if isinstance(v, Decimal):
            text = format(v, "f")
        elif isinstance(v, float):
            text = repr(v)
        else:
            text = str(v).strip() if v is not None else ""
        val = Value(ref, raw, "text" if text else "empty")
        if text:
            val.text = text
        if cell.formula is not None:
            val.formula = cell.formula
        return val, None
    if ctype == "date":
        return _date_value(cell, ref), None
    if isinstance(v, bool):
        return Value(ref, raw, "text", text=raw), None
    if isinstance(v, (int, Decimal)) and not cell.is_date:
        number = Decimal(v)
        unit = None
        decimals = _format_decimals(cell.number_format)
        if is_percent_format(cell.number_format):
            number = number * 100
            unit = "persen"
        if decimals is None:
            exp = number.normalize().as_tuple().exponent
            decimals = max(0, -exp) if isinstance(exp, int) else 0
        stated = number
        if ctype == "amount":
            number = number * scale
        return Value(cell=ref, raw=raw, kind="number", number=number, stated=stated, decimals=decimals,
                     scale=scale if ctype == "amount" else 1, unit=unit, formula=cell.formula), None
    if cell.is_date:
        return Value(ref, raw, "text", text=raw), None
    text = str(v)
    p = parse_counted(text) if ctype in COUNTED_TYPES else parse_number(text)
    val = Value(ref, text, p.kind)
    val.from_text = True
    if p.unit is not None:
        val.unit = p.unit
    if cell.formula is not None:
        val.formula = cell.formula
    if ctype == "amount":
        val.scale = scale
    if p.kind == "number":
        _set_reading(val, p.readings[0].value, p.readings[0].decimals, ctype, scale)
    elif p.kind == "ambiguous":
        val.alternatives = [r.value * (scale if ctype == "amount" else 1) for r in p.readings]
    elif p.kind == "text":
        val.text = text.strip()
    return val, p


def _set_reading(val: Value, stated: Decimal, decimals: int, ctype: str, scale: int) -> None:
    val.kind = "number"
    val.stated = stated
    val.decimals = decimals
    val.number = stated * scale if ctype == "amount" else stated


def _date_value(cell: RawCell, ref: str) -> Value:
    v = cell.value
    if isinstance(v, _dt.datetime):
        return Value(cell=ref, raw=v.date().isoformat(), kind="date", date=v.date())
    if isinstance(v, _dt.date):
        return Value(cell=ref, raw=v.isoformat(), kind="date", date=v)
    text = str(v).strip() if v is not None else ""
    if not text:
        return Value(cell=ref, raw=None, kind="empty")
    parts = parse_date_parts(text)
    if parts is None:
        return Value(cell=ref, raw=text, kind="text", text=text)
    val = Value(cell=ref, raw=text, kind="date")
    val.text = f"{parts[0]}/{parts[1]}/{parts[2] or ''}"
    return val


class Evidence:
    """What a set of text numbers proves about '.' and ','."""

    def __init__(self):
        self.proof = {".": {"thousands": 0, "decimal": 0}, ",": {"thousands": 0, "decimal": 0}}
        self.unambiguous = 0
        self.with_decimals = 0

    def add(self, p: ParsedNumber) -> None:
        if p.kind != "number":
            return
        self.unambiguous += 1
        if p.readings[0].decimals:
            self.with_decimals += 1
        for sep, role in p.evidence.items():
            self.proof[sep][role] += 1

    def add_native(self, value: Value) -> None:
        if value.kind == "number":
            self.unambiguous += 1
            if value.decimals:
                self.with_decimals += 1

    def decide(self, sep: str) -> tuple[str | None, str]:
        """'thousands' / 'decimal' / None for an ambiguous `sep`, and why."""
        other = "," if sep == "." else "."
        mine = self.proof[sep]
        if mine["thousands"] and not mine["decimal"]:
            return "thousands", f"'{sep}' memisahkan ribuan di sel lain"
        if mine["decimal"] and not mine["thousands"]:
            return "decimal", f"'{sep}' adalah tanda desimal di sel lain"
        if self.proof[other]["decimal"] and not self.proof[other]["thousands"]:
            return "thousands", f"'{other}' adalah tanda desimal di sel lain"
        if self.unambiguous >= 1 and self.with_decimals == 0 and not mine["decimal"]:
            return "thousands", WHOLE_NUMBERS
        return None, ""


WHOLE_NUMBERS = "semua angka lain bilangan bulat"     # weak evidence: a column of whole numbers
INDEX_MAX = 100       # the indices a LAKIP reports (IKM 1–4, IPP 1–5, IP ASN, SAKIP, nilai) stay at or below 100


def resolve(values: list[tuple[Value, ParsedNumber | None]], table_evidence: Evidence | None,
            ctype: str, scale: int, money: bool = False) -> list[Value]:
    """Settle the ambiguous values of one column; return those still ambiguous. `money`:
    the column holds rupiah, where `3.398.600,000` (the '.' grouping thousands already) is
    3 398 600 000 written with a slip — no rupiah figure has three decimals — and said so
    (LKP116); elsewhere such a number is 1 234,567 only where the table's decimal mark says
    so, and never settled by the column's whole numbers alone (`1.234,567` ha beside 980)."""
    ev = Evidence()
    for val, p in values:
        if p is not None:
            ev.add(p)
        elif val.kind == "number":
            ev.add_native(val)
    left = []
    for val, p in values:
        if val.kind != "ambiguous" or p is None or p.ambiguous_sep is None:
            continue
        role, why = ev.decide(p.ambiguous_sep)
        where = "kolom"
        mixed = p.mixed
        if mixed and money:
            role, why = "thousands", "rupiah tidak bertiga desimal"
        elif mixed and why == WHOLE_NUMBERS:
            role = None     # `1.234,567`: whole numbers around it cannot say a ',' after '.' groups thousands
        if role is None and ctype == "count":
            role, why = "thousands", "kolom jumlah (bilangan bulat)"
        if ctype == "index" and p.readings[0].value > INDEX_MAX >= p.readings[1].value \
                and (role is None or why == WHOLE_NUMBERS):     # strong evidence of thousands aside
            role, why = "decimal", f"kolom indeks (nilai indeks tidak melebihi {INDEX_MAX})"
        if role is None and table_evidence is not None:
            role, why = table_evidence.decide(p.ambiguous_sep)
            where = "tabel"
            if mixed and why == WHOLE_NUMBERS:
                role = None
        if role is None:
            left.append(val)
            continue
        reading = p.readings[0] if role == "thousands" else p.readings[1]
        _set_reading(val, reading.value, reading.decimals, ctype, scale)
        val.resolved_by = f"{where}: {why}"
    return left


def resolve_by_total(table, name: str, values: list[tuple[Value, ParsedNumber | None]], left: list[Value],
                     ctype: str, scale: int) -> list[Value]:
    """A column's ambiguous parts, settled by the Total row the table states: read all the
    same way (the separator groups thousands, or it is the decimal mark), the way that
    makes the parts add up to the total — and only that way — is how they are meant;
    otherwise they stay ambiguous. Returns the values still ambiguous."""
    if not left:
        return left
    totals = [v for r in table.rows if r.kind == "total" and (v := r.values.get(name)) is not None
              and v.kind == "number" and v.number is not None]
    parts = [v for r in table.rows if r.kind == "data" and (v := r.values.get(name)) is not None]
    pending = {id(v) for v in left}
    if len(totals) != 1 or any(v.kind not in ("number", "empty", "dash", "na", "ambiguous") for v in parts) \
            or any(v.kind == "ambiguous" and id(v) not in pending for v in parts):
        return left
    parse = {id(v): p for v, p in values if id(v) in pending and p is not None}
    if len(parse) != len(left):
        return left
    known = sum((v.number for v in parts if v.kind == "number" and v.number is not None), Decimal(0))
    unit = scale if ctype == "amount" else 1
    slack = Decimal(len(parts)) * unit / 2          # every part's rounding, generously
    fits = [k for k in (0, 1)
            if abs(known + sum(parse[id(v)].readings[k].value * unit for v in left) - totals[0].number) <= slack]
    if len(fits) != 1:
        return left
    for v in left:
        r = parse[id(v)].readings[fits[0]]
        _set_reading(v, r.value, r.decimals, ctype, scale)
        v.resolved_by = "tabel: bagian-bagiannya berjumlah sama dengan baris Total"
    return []
