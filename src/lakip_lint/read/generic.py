"""Any table, read generically: a block whose header rows name its columns (text above
rows of numbers) is a table even when no catalog kind matches it.

The block is described as a kind of its own (`umum`), one column per header column, typed
from its header words and from the values under it (text, year, percent, amount, number),
with the scale its header, unit line or caption states. rows.py then reads its rows as it
reads any table's: totals, means, page breaks and unit rows alike. Which relations hold
between the columns is not decided here (that is the rules' business: rules/kinds/
relation_*.py); this module only says what each column is.
"""
from __future__ import annotations

import re

from ..catalog import ColumnSpec, KindSpec
from ..labels import compact, is_year_token, words
from .detect import Detector
from .grid import ascii_int
from .headers import MAX_HEADER_ROWS, HeaderColumn, Mapping, build_columns, header_like, is_column_number_row
from .numbers import parse_counted, parse_number

KIND = "umum"
TITLE = {"id": "Tabel", "en": "Table"}
SAMPLE_ROWS = 60              # rows under a header looked at to type its columns
MIN_COLUMNS = 2               # a label column and one figure column at least
MIN_FIGURE_ROWS = 1           # rows with a number under the header (one row needs two figures)

PERCENT_WORDS = {"%", "persen", "persentase", "prosentase", "capaian", "rasio", "ratio", "pct"}
NUMBER_WORDS = {"no", "nomor", "urut"}
INDEX_WORDS = {"indeks", "index", "nrr", "ikm", "skm", "skor", "bobot", "nilai"}
COUNT_WORDS = {"perkara", "orang", "pegawai", "responden", "dokumen", "sertifikat", "pelanggan", "surat", "sampel",
               "unit", "kegiatan", "laporan", "koli", "desa", "nagari", "peserta"}
MONEY_WORDS = {"rp", "rupiah", "anggaran", "pagu", "biaya", "dana", "belanja", "pendapatan", "pnbp", "realisasi"}
FIGURE_WORDS = PERCENT_WORDS | INDEX_WORDS | COUNT_WORDS | MONEY_WORDS | {"target", "jumlah", "volume", "total", "satuan"}


def _slug(path: list[str], taken: set[str]) -> str:
    ws = [w for part in path for w in words(part)]
    base = "_".join(w if w != "%" else "persen" for w in ws)[:40].strip("_") or "kolom"
    base = re.sub(r"[^a-z0-9_]", "", base)
    if not re.match(r"[a-z_]", base):
        base = "k_" + base
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    taken.add(name)
    return name


def _cell_kind(value) -> str | None:
    """'number', 'year', 'text' or None (empty) for one data cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "text"
    if isinstance(value, (int, float)) or hasattr(value, "as_tuple"):
        return "year" if is_year_token(value) and value == int(value) else "number"
    s = str(value).strip()
    if not s or s in ("-", "–", "—"):
        return None
    if is_year_token(s):
        return "year"
    # a figure with what it counts (`313 SNI`) is a figure: which column holds figures is what is asked here
    return "number" if parse_counted(s).kind in ("number", "ambiguous") else "text"


class GenericHeader:
    """Finds a generic table's header at a row and maps its columns to specs of their own."""

    def __init__(self, detect: Detector):
        self.detect = detect

    def mapping(self, r: int) -> Mapping | None:
        detect, view = self.detect, self.detect.view
        if r in detect.consumed or not header_like(view, r) or is_column_number_row(view, r):
            return None
        if len(detect.texts(r)) < MIN_COLUMNS:
            return None
        bottom = r
        for rr in range(r + 1, r + MAX_HEADER_ROWS):
            nxt = view.rows.get(rr)
            if not nxt or is_column_number_row(view, rr):
                break
            under = self._under_merge(r, rr - 1, rr)
            if not under and (not (header_like(view, rr) and self._under_header(r, rr)) or self._has_figure(rr)):
                break
            bottom = rr
        data = self._data_rows(bottom)
        if len(data) < MIN_FIGURE_ROWS:
            return None
        c_min, c_max = self._extent(r, bottom, data)
        cols = [hc for hc in build_columns(view, r, bottom, c_min, c_max, detect.cat) if hc.path]
        if len(cols) < MIN_COLUMNS:
            return None
        specs: list[ColumnSpec] = []
        taken: set[str] = set()
        columns: dict[int, tuple[ColumnSpec, HeaderColumn]] = {}
        label_col = None
        for hc in cols:
            ctype, role = self._type(hc, data)
            if ctype is None:
                continue
            spec = ColumnSpec(name=_slug(hc.path, taken), type=ctype, headers={hc.label}, role=role,
                              display=" ".join(hc.path))
            specs.append(spec)
            columns[hc.col] = (spec, hc)
            if ctype == "text" and role is None and label_col is None:
                label_col = spec.name
        figures = [s for s in specs if s.type in ("amount", "number", "percent")]
        if not figures or label_col is None and len(figures) < 2:
            return None
        number = next((s for s in specs if s.role == "row_number"), None)
        if number is not None and label_col is None:
            label_col = number.name
        kind = KindSpec(kind=KIND, title=TITLE, orientation="rows", require=[], forbid=[],
                        key=[label_col] if label_col else [], columns=specs, default_scale=1, shared_scale=True,
                        loose_totals=True)
        first = {compact(t) for t in detect.texts(r)}
        return Mapping(kind=kind, top=r, bottom=bottom, columns=columns, unmatched=[], duplicates=[],
                       score=len(columns), first_row_texts=first)

    # -- where the block is ----------------------------------------------------------
    def _under_header(self, top: int, rr: int) -> bool:
        """A second header row: its texts sit in the header's columns or under its merges."""
        view = self.detect.view
        cols = set(view.rows.get(top, {}))
        for c in view.rows.get(rr, {}):
            if c in cols or view.is_merged_into(top, c):
                return True
        return bool(cols) and min(cols) <= min(view.rows[rr]) <= max(cols) + 1

    def _has_figure(self, rr: int) -> bool:
        """A native number in the row (header_like lets small whole numbers pass as years
        or quarters): under a header that is the first row of figures."""
        return any(isinstance(c.value, (int, float)) and not isinstance(c.value, bool) and not is_year_token(c.value)
                   for c in self.detect.view.rows.get(rr, {}).values())

    def _under_merge(self, top: int, bottom: int, rr: int) -> bool:
        """Row rr names the parts of a group merged across columns above it (`Waktu memutus
        dalam bulan` over `1-3 | 3-6 | 6-12`): each of its cells sits under such a merge,
        whatever it says — ranges and bounds there are labels, not figures."""
        view = self.detect.view
        cells = [c for c, cell in view.rows.get(rr, {}).items() if cell.value is not None and str(cell.value).strip()]
        if len(cells) < 2:
            return False

        def spanned(c: int) -> bool:
            for h in range(top, bottom + 1):
                a = view.is_merged_into(h, c)
                if a is not None and a[1] != c:
                    return True
                if view.is_merged_into(h, c + 1) == (h, c):
                    return True
            return False
        return all(spanned(c) for c in cells)

    def _data_rows(self, bottom: int) -> list[int]:
        """Rows under the header, down to a gap of more than one blank row, a caption or the
        next header of text only: those with at least one number are the table's figures."""
        view = self.detect.view
        out: list[int] = []
        r = bottom
        seen = 0
        while seen < SAMPLE_ROWS:
            nxt = view.next_row(r)
            if nxt is None or nxt - r > 2:
                break
            r = nxt
            seen += 1
            if is_column_number_row(view, r):
                continue
            kinds = [_cell_kind(c.value) for c in view.rows.get(r, {}).values()]
            if kinds.count("number") >= (1 if out else 2):
                out.append(r)
            elif header_like(view, r) and len([k for k in kinds if k]) >= MIN_COLUMNS + 1 and not out:
                break                # another header right below: this one heads nothing
        return out

    def _extent(self, top: int, bottom: int, data: list[int]) -> tuple[int, int]:
        view = self.detect.view
        cols = set()
        for rr in range(top, bottom + 1):
            for c in view.rows.get(rr, {}):
                anchor = view.is_merged_into(rr, c)
                cols.add(c)
                if anchor:
                    cols.add(anchor[1])
        head = (min(cols), max(cols)) if cols else (1, 1)
        used = {c for rr in data for c in view.rows.get(rr, {}) if head[0] <= c <= head[1] + 1}
        return head[0], max([head[1], *used])

    # -- what a column is ------------------------------------------------------------
    def _type(self, hc, data: list[int]) -> tuple[str | None, str | None]:
        """(type, role) of a header column from its words and the cells under it."""
        view = self.detect.view
        ws = {w for part in hc.path for w in words(part, self.detect.cat.aliases)}
        kinds = [_cell_kind(cell.value) if (cell := view.cell(r, hc.col)) else None for r in data]
        filled = [k for k in kinds if k]
        if not filled:
            return ("text", None) if ws else (None, None)
        top = set(words(hc.path[0], self.detect.cat.aliases)) if hc.path else set()
        if (any(x & NUMBER_WORDS and not (x - NUMBER_WORDS - {"."}) for x in (ws, top))
                and self._numbering(hc.col, data)) or self._numbers_the_next(hc, data):
            return "code", "row_number"
        numbers = sum(1 for k in filled if k == "number")
        years = sum(1 for k in filled if k == "year")
        if years == len(filled) and ("tahun" in ws or years >= 2):
            return "year", "year"
        if (numbers + years) * 2 <= len(filled):
            return "text", None
        if ws & PERCENT_WORDS or any("%" in part for part in hc.path) or self._percent_cells(hc.col, data):
            return "percent", None
        if ws & INDEX_WORDS and self._at_most(hc.col, data, 100):
            return "index", None      # IKM, NRR, nilai: decimals, never scaled
        if ws & COUNT_WORDS and not ws & MONEY_WORDS:
            return "count", None      # cases, people, documents: whole numbers, never scaled
        return "amount", None         # a figure: scaled by the unit its header or caption states

    def _at_most(self, col: int, data: list[int], limit: int) -> bool:
        view = self.detect.view
        for r in data:
            cell = view.cell(r, col)
            if cell is None or cell.value is None:
                continue
            v = cell.value
            if isinstance(v, str):
                p = parse_number(v)
                if p.kind == "number" and (n := p.value) is not None and n > limit:
                    return False
            elif isinstance(v, (int, float)) and not isinstance(v, bool) and v > limit:
                return False
        return True

    def _numbering(self, col: int, data: list[int]) -> bool:
        """The column numbers its rows: 1, 2, 3 … (a Total or Rata-rata row's label written
        in it, as the last rows often have, aside)."""
        view = self.detect.view
        cat = self.detect.cat
        summary = cat.total_labels.get("sum", set()) | cat.total_labels.get("mean", set())
        seq = []
        for r in data:
            cell = view.cell(r, col)
            if cell is None or cell.value is None:
                continue
            if isinstance(cell.value, str) and compact(cell.value, cat.aliases) in summary:
                continue
            n = ascii_int(str(cell.value).strip().rstrip(".").strip("()"), 3)
            if n is None:
                return False
            seq.append(n)
        return len(seq) >= min(2, len(data))

    def _numbers_the_next(self, hc: HeaderColumn, data: list[int]) -> bool:
        """`Indikator Kinerja` written over two columns, `1 | Jumlah SNI …`, `2 | Jumlah …`: a
        column counting 1, 2, 3 … under a header merged with the text column on its right
        numbers that column's rows; it is no figure."""
        view = self.detect.view
        if view.is_merged_into(hc.leaf_row, hc.col + 1) != (hc.anchor or (hc.leaf_row, hc.col)):
            return False
        said = {w for part in hc.path for w in words(part, self.detect.cat.aliases)}
        if said & FIGURE_WORDS:
            return False            # `Target` over `1 | Layanan`: a figure and its unit, not a number and a name
        seq = []
        for r in data:
            cell = view.cell(r, hc.col)
            if cell is None or cell.value is None or str(cell.value).strip() == "":
                continue
            n = ascii_int(str(cell.value).strip().rstrip("."), 3)
            right = view.cell(r, hc.col + 1)
            if n is None or right is None or _cell_kind(right.value) != "text" or len(str(right.value).split()) < 2:
                return False        # what it numbers is a name of words, not a unit word
            seq.append(n)
        return len(seq) >= 3 and all(b == a + 1 for a, b in zip(seq, seq[1:]))

    def _percent_cells(self, col: int, data: list[int]) -> bool:
        """Most cells of the column state '%' (`95,2%`, or a percent number format)."""
        from .xlsx import is_percent_format
        view = self.detect.view
        marked = filled = 0
        for r in data:
            cell = view.cell(r, col)
            if cell is None or cell.value is None or str(cell.value).strip() == "":
                continue
            filled += 1
            if (isinstance(cell.value, str) and "%" in cell.value) or is_percent_format(cell.number_format):
                marked += 1
        return filled > 0 and marked * 2 > filled
