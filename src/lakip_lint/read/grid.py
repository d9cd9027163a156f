"""The workbook as cells: what any parser hands to table detection.

Sparse on purpose: a sheet with one cell at XFD1048576 costs one entry, and everything
downstream walks present cells only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..model import quote_sheet


MAX_ROW = 1_048_576      # Excel's last row
MAX_COL = 16_384         # Excel's last column (XFD)


def ascii_int(text: str | None, max_digits: int = 7) -> int | None:
    """`text` as a non-negative integer when it is 1..max_digits ASCII digits, else None.
    (`str.isdigit()` is true for '²' and '٣', which `int()` refuses or reads unexpectedly.)"""
    if not text or len(text) > max_digits or not text.isascii() or not text.isdigit():
        return None
    return int(text)


def xml_uint(text: str | None, max_digits: int = 10) -> int | None:
    """An unsigned integer as XML Schema writes one (an id or index in a part): ASCII digits,
    leading zeros and a '+' allowed, surrounding whitespace ignored; else None — `int()`
    would also take '-1', '0_1' and '１'."""
    if text is None:
        return None
    digits = text.strip(" \t\r\n")
    if digits.startswith("+"):
        digits = digits[1:]
    if not digits:
        return None
    return ascii_int(digits.lstrip("0") or "0", max_digits)


@dataclass(slots=True)
class RawCell:
    """One cell as stored: value (str, float, int, bool, datetime), how Excel shows it."""
    value: Any
    number_format: str | None = None
    formula: str | None = None
    cached: bool = True           # False: a formula saved without its computed value
    error: str | None = None      # '#DIV/0!', '#REF!', ...
    is_date: bool = False


@dataclass
class RawSheet:
    name: str
    hidden: bool = False
    cells: dict[tuple[int, int], RawCell] = field(default_factory=dict)   # (row, col), 1-based
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    truncated: bool = False

    def rows(self) -> list[int]:
        return sorted({r for r, _ in self.cells})

    def row_cells(self) -> dict[int, dict[int, RawCell]]:
        out: dict[int, dict[int, RawCell]] = {}
        for (r, c), cell in self.cells.items():
            out.setdefault(r, {})[c] = cell
        return out


@dataclass
class RawWorkbook:
    path: str
    format: str                   # 'xlsx', 'xls', 'ods'
    sheets: list[RawSheet] = field(default_factory=list)
    parser: str = ""
    lakip_annotated: bool = False  # a copy written by lakip-lint --annotate


@lru_cache(maxsize=4096)
def col_letter(col: int) -> str:
    s = ""
    while col:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


@lru_cache(maxsize=4096)
def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch.upper()) - 64)
    return n


def a1(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


def cell_ref(sheet: str, row: int, col: int) -> str:
    """`'Tabel 6'!D5` — quoted the way Excel quotes sheet names."""
    return f"{_quoted(sheet)}!{col_letter(col)}{row}"


@lru_cache(maxsize=1024)
def _quoted(sheet: str) -> str:
    return quote_sheet(sheet)
