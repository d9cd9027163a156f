"""Walk a sheet and read every table on it into the model.

Detection (detect.py) says where a table's header is and of which kind; rows.py reads a
row table under its header, transposed.py a table that runs years across. Two tables
side by side are read each from its own columns.
"""
from __future__ import annotations

import re

from ..catalog import Catalog
from ..labels import is_year_token
from ..model import Table
from .detect import Detector
from .generic import GenericHeader
from .grid import RawSheet, cell_ref
from .headers import MAX_HEADER_ROWS, by_year, find_year_header, header_like
from .rows import RowTables, relink
from .transposed import read_transposed


class SheetReader:
    """`read()` the tables of one sheet; then `.tables` holds (table, per-cell parses) and
    `.notices` what reading had to say."""

    def __init__(self, file: str, sheet: RawSheet, cat: Catalog):
        self.file, self.sheet, self.cat = file, sheet, cat
        self.detect = Detector(file, sheet, cat)
        self.rows = RowTables(self.detect)
        self.generic = GenericHeader(self.detect)
        self.notices = self.rows.notices
        self.tables = self.rows.tables

    def read(self) -> list[Table]:
        detect = self.detect
        for r in list(detect.view.order):
            if r in detect.consumed:
                continue
            m = detect.best_header(r)
            beside = self._side_by_side(r) if m is not None or detect.candidate_kinds(r) else None
            if beside:
                end = self._read_beside(r, beside)
                detect.consumed.update(range(r, end + 1))
            elif m is not None:
                end = max(self.rows.read(mm) for mm in by_year(m))    # years side by side: a table each
                detect.consumed.update(range(r, end + 1))
            else:
                years = find_year_header(detect.view, r)
                last = read_transposed(detect, self.tables, r, years) if years else None
                if last:
                    detect.consumed.update(range(r, last + 1))
                    continue
                g = self.generic.mapping(r)        # no catalog kind: a table all the same
                if g is not None:
                    end = self.rows.read(g)
                    detect.consumed.update(range(r, end + 1))
        return [t for t, _ in self.tables]

    # -- tables side by side ----------------------------------------------------------
    def first_header(self, r: int) -> int | None:
        """The first row from r on, within a few rows, where a table's header starts (the
        other side may have a caption above its header)."""
        for rr in range(r, r + MAX_HEADER_ROWS + 2):
            if self.detect.best_header(rr) is not None:
                return rr
        return None

    def read_first(self, r: int) -> int:
        """Read the table whose header starts first from row r on; its last row (r when
        there is none: a side is read only once its header was found)."""
        top = self.first_header(r)
        m = self.detect.best_header(top) if top is not None else None
        return self.rows.read(m) if m is not None else r

    def _side_by_side(self, r: int) -> list[SheetReader] | None:
        """Readers of the column blocks of a header row that holds two tables side by side:
        the columns of the header band fall apart at a blank column, and each side is a
        table's header on its own (a spacer column inside one table leaves one side that
        names no table). None when the row is one table's header or none."""
        view = self.detect.view
        if not header_like(view, r):
            return None
        band = range(r, r + MAX_HEADER_ROWS + 3)
        used = sorted({c for rr in band for c in view.rows.get(rr, {})})
        if len(used) < 4:
            return None
        runs, start = [], used[0]
        for a, b in zip(used, used[1:]):
            if any(not any(view.is_merged_into(rr, c) for rr in band) for c in range(a + 1, b)):
                runs.append((start, a))
                start = b
        runs.append((start, used[-1]))
        best, best_score = None, 0
        for k in _splits(runs):                # a spacer column inside a table is a gap too:
            sides = [self._window(r, runs[0][0], runs[k - 1][1]), self._window(r, runs[k][0], runs[-1][1])]
            tops = [side.first_header(r) for side in sides]
            if all(t is not None for t in tops) and r in tops:   # the split whose sides map best
                maps = [side.detect.best_header(t) for side, t in zip(sides, tops) if t is not None]
                score = sum(m.score for m in maps if m is not None)   # (first_header found each)
                if score > best_score:
                    best, best_score = sides, score
        return best

    def _window(self, r: int, c1: int, c2: int) -> SheetReader:
        """A reader of columns c1..c2 from a few rows above row r down (its caption included)."""
        top = max(1, r - 4)
        cells = {(rr, c): cell for (rr, c), cell in self.sheet.cells.items() if c1 <= c <= c2 and rr >= top}
        merges = [mg for mg in self.sheet.merges if mg[1] >= c1 and mg[3] <= c2 and mg[0] >= top]
        return SheetReader(self.file, RawSheet(self.sheet.name, self.sheet.hidden, cells, merges), self.cat)

    def _read_beside(self, r: int, sides: list[SheetReader]) -> int:
        """Read each side's table from its own columns; the rows down to the longest are done."""
        end = r
        for side in sides:
            end = max(end, side.read_first(r))
            self.tables.extend(side.tables)
            self.notices.extend(side.notices)
        return end


MAX_SPLITS = 12     # places a header row is tried as two tables side by side


def _splits(runs: list[tuple[int, int]]) -> list[int]:
    """Where to try splitting a header band into two tables (before run k): at every blank
    gap when there are few; else at the MAX_SPLITS widest gaps (leftmost first among equals),
    in sheet order. Each try reads both sides afresh, so a row of hundreds of columns with a
    spacer between each would otherwise cost its width squared — two tables side by side
    leave one gap between them, not hundreds."""
    ks = list(range(1, len(runs)))
    if len(ks) <= MAX_SPLITS:
        return ks
    widest = sorted(ks, key=lambda k: (-(runs[k][0] - runs[k - 1][1]), k))[:MAX_SPLITS]
    return sorted(widest)


def sheet_first_cell(sheet: RawSheet) -> str:
    if not sheet.cells:
        return "-"
    r, c = min(sheet.cells)
    return cell_ref(sheet.name, r, c)


def year_tokens(text: str) -> list[int]:
    return [int(y) for y in re.findall(r"(?<!\d)(20\d{2})(?!\d)", text or "")] if text else []


__all__ = ["SheetReader", "sheet_first_cell", "year_tokens", "is_year_token", "relink"]
