"""What the linter understood of a report: Report → Table → Row → Value.

This is the contract between reading and checking. A rule sees typed values with the
cell they came from; it never sees a parser, a sheet layout or a number format.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .findings import Finding

_A1 = re.compile(r"^(?:(?:'((?:[^']|'')+)'|([^'!]+))!)?\$?([A-Za-z]{1,3})\$?(\d+)$")


@dataclass(frozen=True, slots=True)
class CellRef:
    """A cell as findings and values name it: `'Tabel 6'!D5` — its sheet, column letters and
    1-based row. Parsed once here; no module takes a reference apart by itself."""
    sheet: str | None
    column: str
    row: int

    @classmethod
    def parse(cls, ref: "str | CellRef | None") -> "CellRef | None":
        """`'Tabel 6'!D5`, `Ikhtisar!$B$6`, `D5` → a CellRef; a range, a table label or None → None."""
        if ref is None or isinstance(ref, CellRef):
            return ref
        m = _A1.match(str(ref).strip())
        if not m:
            return None
        sheet = m.group(1).replace("''", "'") if m.group(1) is not None else m.group(2)
        return cls(sheet, m.group(3).upper(), int(m.group(4)))

    @property
    def local(self) -> str:
        """The reference without its sheet: `D5`."""
        return f"{self.column}{self.row}"

    @property
    def col(self) -> int:
        """The column as a 1-based number (A = 1)."""
        n = 0
        for ch in self.column:
            n = n * 26 + ord(ch) - 64
        return n

    @property
    def order(self) -> tuple[int, int]:
        """Reading order on a sheet: D10 after D9."""
        return (self.row, self.col)

    def __str__(self) -> str:
        if self.sheet is None:
            return self.local
        return f"{quote_sheet(self.sheet)}!{self.local}"


def quote_sheet(name: str) -> str:
    """A sheet name as a reference writes it: quoted, the way Excel quotes it, when it holds
    anything but letters, digits and underscores."""
    if name.replace("_", "").isalnum():
        return name
    return "'" + name.replace("'", "''") + "'"


def local_part(ref: str | None) -> str:
    """A reference without its sheet (`D5`, `A3:I24`), for a message that already names
    the sheet; the text itself when it names none."""
    if not ref:
        return ""
    c = CellRef.parse(ref)
    return c.local if c else ref.rsplit("!", 1)[-1].replace("$", "")


def sheet_of(ref: str | None) -> str | None:
    """The sheet a reference (a cell or a range) names, unquoted; None without one."""
    if not ref or "!" not in ref:
        return None
    s = ref.rsplit("!", 1)[0]
    return s[1:-1].replace("''", "'") if s.startswith("'") and s.endswith("'") else s


@dataclass(slots=True)
class Value:
    """One cell's content as the linter reads it.

    `number` is in base units: rupiah for amounts (the header's scale applied), percent
    points for percentages (0.9999 formatted as % reads 99.99). `stated` is the number
    as written and `decimals` the precision it was written with; both matter for
    tolerance. `kind` says what the cell held: number, ambiguous, dash, na, empty, text,
    date, error (#DIV/0!) or formula_uncached.
    """
    cell: str
    raw: str | None
    kind: str
    number: Decimal | None = None
    stated: Decimal | None = None
    decimals: int | None = None
    scale: int = 1
    unit: str | None = None
    text: str | None = None
    date: _dt.date | None = None
    formula: str | None = None
    alternatives: list[Decimal] | tuple = ()    # two readings of an ambiguous number, else none
    resolved_by: str | None = None
    carried_from: str | None = None
    from_text: bool = False        # the number was typed as text (not a native Excel number)

    @property
    def is_number(self) -> bool:
        return self.kind == "number" and self.number is not None

    def to_dict(self) -> dict:
        d: dict = {"cell": self.cell, "raw": self.raw, "kind": self.kind}
        if self.number is not None:
            d["number"] = _num(self.number)
        if self.stated is not None and self.stated != self.number:
            d["stated"] = _num(self.stated)
        if self.decimals is not None:
            d["decimals"] = self.decimals
        if self.scale != 1:
            d["scale"] = self.scale
        for key in ("unit", "text", "formula", "resolved_by", "carried_from"):
            if getattr(self, key) is not None:
                d[key] = getattr(self, key)
        if self.date is not None:
            d["date"] = self.date.isoformat()
        if self.alternatives:
            d["alternatives"] = [_num(a) for a in self.alternatives]
        return d


def _num(x: Decimal) -> str:
    """Decimals go out as strings so JSON never rounds them."""
    s = format(x.normalize(), "f") if x == x.to_integral_value() else format(x, "f")
    return s


@dataclass
class Column:
    name: str                  # canonical name, e.g. 'semula_pagu' or 'pnbp[2023]'
    header: list[str]          # the header texts, top group to leaf
    cell: str                  # the leaf header cell
    type: str
    scale: int = 1
    base: str | None = None    # spec name without the dimension: 'pnbp'
    scale_stated: bool = False  # the scale was stated (header, unit row or line, caption), not the kind's default
    year: int | None = None
    quarter: int | None = None


@dataclass
class Row:
    index: int                 # position within the table, 0-based
    sheet_row: int             # 1-based row number on the sheet
    kind: str                  # data, total, mean, section
    values: dict[str, Value] = field(default_factory=dict)
    label: str | None = None   # the row's first label (for totals and sections)
    section: str | None = None
    level: str | None = None   # hierarchy level name (kro, ro, komponen, ...)
    parent: int | None = None  # index of the parent row
    year: int | None = None    # from a header that names the year (IKM TA. 2023)

    def get(self, name: str) -> Value | None:
        return self.values.get(name)


@dataclass
class Table:
    kind: str
    sheet: str
    ref: str                    # header's top-left .. last cell, e.g. 'Tabel 6'!A3:I24
    caption: str | None
    number: str | None          # 'Tabel 6' number as captioned, e.g. '6'
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    hidden_sheet: bool = False
    header_rows: list[int] = field(default_factory=list)
    misread: object = None      # why the table looks misread, a catalog Phrase (read/plausible.py); rules do not judge it

    def title_of(self, name: str, years: bool = True) -> str:
        """A column as the report names it ('SEMULA PAGU ANGGARAN (000)', 'PNBP (Rp) 2023'),
        or, for a base name of per-year columns, their common header ('Target Renstra');
        the name itself only when the report gives it no header."""
        import re
        col = self.column(name) or next((c for c in self.columns if c.base == name), None)
        if col is None or not col.header:
            return name
        parts: list[str] = []
        for h in col.header:
            h = " ".join(str(h).split())
            if not years or col.name != name:
                h = " ".join(w for w in h.split() if not re.fullmatch(r"(?:TA\.?)?(?:19|20)\d\d", w))
            if h and h not in parts:
                parts.append(h)
        return " ".join(parts) or name

    def column(self, name: str) -> Column | None:
        for c in self.columns:
            if c.name == name:
                return c
        return None

    def data_rows(self) -> list[Row]:
        return [r for r in self.rows if r.kind == "data"]

    @property
    def label(self) -> str:
        """How a finding names this table: its caption number, else its sheet and range."""
        return f"Tabel {self.number}" if self.number else self.ref


def report_order(tables: list[Table]) -> list[Table]:
    """Tables in the report's own numbering (Tabel 1, 2, …, 29, 29b, 30), then the
    unnumbered ones in document order: what a finding that compares tables anchors on must
    not depend on which sheet a layout put a table on."""
    import re

    def key(item):
        pos, t = item
        m = re.match(r"(\d+)\s*([a-z]?)", (t.number or "").lower())
        return (0, int(m.group(1)), m.group(2), pos) if m else (1, 0, "", pos)
    return [t for _, t in sorted(enumerate(tables), key=key)]


@dataclass
class Report:
    path: str
    format: str
    parser: str
    fiscal_year: int | None = None
    unit_name: str | None = None
    tables: list[Table] = field(default_factory=list)
    facts: dict[str, Value] = field(default_factory=dict)
    notices: list[Finding] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Table]:
        return [t for t in self.tables if t.kind == kind]

    @property
    def readable(self) -> bool:
        return not any(n.code in ("LKP001", "LKP010") for n in self.notices)
