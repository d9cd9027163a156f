"""Where a table goes on and where another begins: page breaks inside a table (blank
rows, the header repeated by meaning, `Tabel N (lanjutan)`), and the signs that the same
header starts another table (new columns, numbering that does not go on, an entity
the table already has).
"""
from __future__ import annotations

import bisect
import re

from ..labels import compact, unit_scale
from ..model import Table
from .detect import CAPTION, OnSheet
from .grid import ascii_int
from .headers import MAX_HEADER_ROWS, Mapping, header_like, is_column_number_row, map_header, shifted
from .numbers import parse_number

MAX_PAGE_GAP = 3          # blank rows a page break leaves inside a table
_LANJUTAN = re.compile(r"\(?\s*(lanjutan|lanj\.?|sambungan|continued)\s*\)?", re.I)
# a row number written before a name: `1 Nama`, `1. Nama`, `12) Nama` (not `4.0 Industri`, `2023 …`)
NUMBERED = re.compile(r"^\s*(\d{1,3})(?:[.)]\s*|\s+)(?!\d)(\S.*)$", re.S)


class Pages(OnSheet):
    """Decides, row by row, whether a table goes on or another begins."""

    def continues_after_gap(self, nxt: int, m: Mapping, table: Table | None = None) -> bool:
        """Blank rows inside a table are tolerated unless what follows starts something else.
        After a page break (1–3 blank rows) the header repeated — by meaning: aliases, case
        and line breaks aside — or a `Tabel N (lanjutan)` line above it continues the table."""
        first = self.detect.first_text(nxt) or ""
        gap = self._gap_size(nxt)
        if CAPTION.match(first) and len(self.detect.texts(nxt)) == 1:
            return gap <= MAX_PAGE_GAP and self.continuation_caption(nxt, m, table)
        if self.detect.is_narrative(nxt, m):
            return False
        if self.repeats_header(nxt, m):
            return gap <= MAX_PAGE_GAP and not self.another_table_starts(nxt, m, table)
        if self.detect.best_header(nxt) is not None:
            return False
        if self._is_note_line(nxt, m):
            return False
        return nxt - 1 <= m.bottom + 10_000 and self._gap_size(nxt) <= 1

    def another_table_starts(self, r: int, m: Mapping, table: Table | None) -> bool:
        """Under the header repeated at `r`, does it name a column the first header has not,
        does the row numbering not go on (1 or 4 after 1), or does its first row name an
        entity the table already has? Then it is another
        table with the same header, not the same one after a page break (a number typed
        twice across the break is a numbering mistake, not a restart). The numbers are the
        No column's, or without one those written before the names (`8) Penguatan …`)."""
        if table is None:
            return False
        again = self.remap(r, m)
        mm = again if again is not None else m       # the repeated header's own columns
        if self._header_texts(mm) - self._header_texts(m):
            return True                  # a column the first header has not: another table
        # without a No column, the numbers written before the group's name (`8) Penguatan …`);
        # not those before an item's name, which restart in every group (`1 Nilai …`)
        group = group_spec(m.kind)
        last = None
        for row in reversed(table.rows):
            v = row.values.get("no")
            if v is not None and v.raw and v.carried_from is None:
                last = ascii_int(v.raw.strip().rstrip(".)"))
            elif group is not None and (g := row.values.get(group.name)) is not None and g.kind == "text" \
                    and g.raw and g.carried_from is None and (hit := NUMBERED.match(g.raw)):
                last = int(hit.group(1))
            if last is not None:
                break
        col = next((c for c, (spec, _) in mm.columns.items() if spec.role == "row_number"), None)
        gcol = next((c for c, (spec, _) in mm.columns.items() if group is not None and spec.name == group.name),
                    None)
        rr = mm.bottom
        for _ in range(3):
            nxt = self.view.next_row(rr)
            if nxt is None:
                return False
            rr = nxt
            if is_column_number_row(self.view, rr) or self._unit_row_like(rr) or self._heading_like(rr):
                continue
            first = None
            if col is not None:
                first = ascii_int(self.view.text(rr, col).rstrip(".)"))
            elif gcol is not None:
                hit = NUMBERED.match(self.view.text(rr, gcol))
                first = int(hit.group(1)) if hit else None
            # a part after a page break goes on from the last number (or repeats it by mistake)
            if last is not None and first is not None and first not in (last, last + 1):
                return True
            return self._repeats_a_key(rr, mm, table)
        return False

    def _header_texts(self, m: Mapping) -> set[str]:
        """The texts of a header's columns that no catalog column takes (`Catatan internal`),
        case, spacing and typos aside: a page's header repeated names none the first lacks
        (the catalog's own columns may map differently on a later page: a split number,
        another year)."""
        return {compact(" ".join(hc.path), self.cat.aliases) for hc in m.unmatched}

    def _repeats_a_key(self, r: int, m: Mapping, table: Table) -> bool:
        """The row at `r` names an entity the table already has (the same indicator again):
        the start of another table, not the next part of this one."""
        if not m.kind.key:
            return False
        col = next((c for c, (spec, _) in m.columns.items() if spec.name == m.kind.key[0]), None)
        text = compact(self.view.text(r, col), self.cat.aliases) if col is not None else ""
        if len(text) < 8:
            return False
        return any(compact((v.text or v.raw or ""), self.cat.aliases) == text
                   for row in table.rows if (v := row.values.get(m.kind.key[0])) is not None)

    def _heading_like(self, r: int) -> bool:
        """One text alone on its row, not a number (`SK1 Penguatan …`): a group heading
        says nothing about the numbering."""
        texts = self.detect.texts(r)
        return len(texts) == 1 and parse_number(texts[0]).kind == "text" and len(texts[0].split()) >= 2

    def _unit_row_like(self, r: int) -> bool:
        texts = [str(c.value).strip() for c in self.view.rows.get(r, {}).values()
                 if c.value is not None and str(c.value).strip()]
        return bool(texts) and all(isinstance(t, str) and (unit_scale(t, self.cat.scales, self.cat.aliases)
                                                           is not None or t in ("%", "(%)")) for t in texts)

    def continuation_caption(self, r: int, m: Mapping, table: Table | None) -> bool:
        """`Tabel 14 (lanjutan)` (or the table's own number again) directly above the header
        repeated: the same table goes on."""
        text = self.detect.first_text(r) or ""
        cap = CAPTION.match(text)
        own = table is not None and table.number and cap and cap.group(2) == table.number
        if not (_LANJUTAN.search(text) or own):
            return False
        nxt = self.view.next_row(r)
        return nxt is not None and nxt - r - 1 <= 1 and self.repeats_header(nxt, m)

    def _is_note_line(self, r: int, m: Mapping) -> bool:
        """One line of text set apart under a table (`Total Anggaran Tahun 2023 : Rp. …`,
        a place and date) is not a row of it, unless it opens a section of the table."""
        cells = [c for c in self.view.rows.get(r, {}).values()
                 if c.value is not None and str(c.value).strip()]
        if len(cells) != 1 or not isinstance(cells[0].value, str):
            return False
        text = cells[0].value.strip()
        return not (m.kind.section_pattern and m.kind.section_pattern.search(text))

    def _gap_size(self, nxt: int) -> int:
        """Blank rows right above `nxt` (the sheet's filled rows are sorted: one search)."""
        i = bisect.bisect_left(self.view.order, nxt)
        return nxt - self.view.order[i - 1] - 1 if i else 0

    def repeats_header(self, r: int, m: Mapping) -> bool:
        if len(m.first_row_texts) < 2 or not header_like(self.view, r):
            return False        # a row with amounts in it is data, not the header again
        texts = {compact(t, self.cat.aliases) for t in self.detect.texts(r)} - {""}
        if not texts:
            return False
        common = texts & m.first_row_texts
        return len(common) >= max(2, int(0.6 * len(m.first_row_texts)))

    def remap(self, r: int, m: Mapping) -> Mapping | None:
        """The header repeated at `r` mapped as `m`'s kind (None: it does not map). Asked twice
        per repeated header (does another table start? then to read on), so remembered per
        view until a cell moves."""
        memo = self.view.memo["remap"]
        hit = memo.get((r, id(m)))
        if hit is not None and hit[0] is m:
            return hit[1]
        found = self._remap(r, m)
        memo[(r, id(m))] = (m, found)         # holds m, so its id is not reused meanwhile
        return found

    def _remap(self, r: int, m: Mapping) -> Mapping | None:
        same = self._same_block(m, r)
        if same is not None:
            return same
        kind = m.kind
        c_min, c_max = self.detect.extent(r)
        best = None
        for h in range(MAX_HEADER_ROWS):
            if h and (not header_like(self.view, r + h) or is_column_number_row(self.view, r + h)
                      or self.detect.is_section_text(kind, r + h)):
                break
            mm = map_header(self.view, r, r + h, c_min, c_max, kind, self.cat)
            if mm and (best is None or mm.score > best.score):
                best = mm
        return best

    def _same_block(self, m: Mapping, r: int) -> Mapping | None:
        """A page header repeated word for word (same texts, same merges, same columns) maps
        as the first one did, moved down: no need to search it again."""
        view, delta = self.view, r - m.top
        if delta <= 0:
            return None
        cols = set()
        for i in range(m.bottom - m.top + 1):
            a, b = view.rows.get(m.top + i, {}), view.rows.get(r + i, {})
            if {c: view.text(m.top + i, c) for c in a} != {c: view.text(r + i, c) for c in b}:
                return None
            cols |= set(a)
        for i in range(m.bottom - m.top + 1):
            for c in cols:
                x, y = view.is_merged_into(m.top + i, c), view.is_merged_into(r + i, c)
                if (x is None) != (y is None) or (x and (x[0] + delta, x[1]) != y):
                    return None
        return shifted(m, delta)


def group_spec(kind):
    """The column a kind's rows are grouped by (the sasaran): carried down, text, not a key."""
    return next((s for s in kind.columns if s.carry_down and s.type == "text" and s.name not in kind.key
                 and s.role != "row_number"), None)
