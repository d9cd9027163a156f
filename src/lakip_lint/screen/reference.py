"""The reference values BSKJI published (`--reference`): one sheet with a header row naming
Satker and Tahun, and any of Nilai SAKIP, Predikat, Nilai Laporan Keuangan.

Read with the linter's own reader (the parser picked by content, every cell read as the
report's cells are: `76,20`, `Rp 7.680.590.000,-`), so a reference value is a Value with
its cell and precision like any figure a rule compares.
"""
from __future__ import annotations

from ..findings import Phrase, phrase
from ..model import CellRef, Value
from ..read import Refused, read_cells
from ..read.values import make_value

COLUMNS = {"satker": "satker", "tahun": "tahun", "nilai sakip": "sakip", "predikat": "predikat",
           "nilai laporan keuangan": "lapkeu"}
TYPES = {"satker": "text", "tahun": "number", "sakip": "score", "predikat": "text", "lapkeu": "score"}


class ReferenceError(ValueError):
    """A reference file that cannot be used, with the reason as a catalog phrase."""

    def __init__(self, reason: Phrase):
        super().__init__(reason.key)
        self.reason = reason

    def describe(self, lang: str) -> str:
        from ..outputs.lang import value
        return value(self.reason, lang)


def read_reference(path: str) -> list[dict]:
    """Rows {satker, tahun, sakip, predikat, lapkeu, row}: the figures as Values."""
    try:
        book = read_cells(path)
    except Refused as e:
        raise ReferenceError(phrase("screen.reference_unreadable", path=path,
                                    reason=phrase(f"notice.{e.code}", **e.params))) from None
    if not book.sheets:
        raise ReferenceError(phrase("screen.reference_no_header", path=path))
    sheet = book.sheets[0]
    rows = sorted({r for r, _ in sheet.cells})
    heads: dict[str, int] = {}
    header_row = None
    for r in rows[:50]:
        found = {}
        for (rr, c), cell in sheet.cells.items():
            if rr == r and isinstance(cell.value, str):
                key = COLUMNS.get(" ".join(cell.value.lower().split()))
                if key:
                    found[key] = c
        if "satker" in found and "tahun" in found:
            heads, header_row = found, r
            break
    if header_row is None:
        raise ReferenceError(phrase("screen.reference_no_header", path=path))
    out = []
    for r in (x for x in rows if x > header_row):
        rec: dict = {"row": r}
        for key, c in heads.items():
            ref = str(CellRef(sheet.name, _letters(c), r))
            v, _ = make_value(sheet.cells.get((r, c)), ref, TYPES[key])
            rec[key] = v
        name = rec["satker"].text if rec["satker"].kind == "text" else None
        if not name:
            continue
        year = rec["tahun"]
        if not year.is_number or year.number != year.number.to_integral_value() or not 1900 < year.number < 2200:
            raise ReferenceError(phrase("screen.reference_year", path=path, row=r, raw=year.raw or ""))
        rec["satker"], rec["tahun"] = " ".join(name.split()), int(year.number)
        for key in ("sakip", "lapkeu"):
            got: Value | None = rec.get(key)
            if got is None or got.kind == "empty":
                rec[key] = None
            elif not got.is_number:
                raise ReferenceError(phrase("screen.reference_number", path=path, row=r, raw=got.raw or ""))
        p = rec.get("predikat")
        rec["predikat"] = p if p is not None and p.kind == "text" else None
        out.append(rec)
    return out


def _letters(col: int) -> str:
    from ..read.grid import col_letter
    return col_letter(col)
