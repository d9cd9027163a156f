"""Find where tables are on a sheet: which rows are a table's header and of which kind,
the caption and unit line above a header, and the texts of a row.

The Detector knows the sheet's cells and the catalog's header words; it knows nothing of
what a row means (rows.py) or of the rules.
"""
from __future__ import annotations

import re

from ..catalog import Catalog, KindSpec
from ..labels import split_header, unit_scale, words
from .grid import RawSheet
from .headers import MAX_HEADER_ROWS, Mapping, SheetView, header_like, is_column_number_row, map_header

CAPTION = re.compile(r"^\s*(tabel|table|lampiran)\s*([0-9]+[a-z]?)?\b", re.I)
NARRATIVE_LEN = 160


class Detector:
    def __init__(self, file: str, sheet: RawSheet, cat: Catalog):
        self.file, self.sheet, self.cat = file, sheet, cat
        self.view = SheetView(sheet.cells, sheet.merges)
        self.consumed: set[int] = set()       # rows already read into a table
        self._header_cache: dict[int, Mapping | None] = {}
        self._labels_memo: dict[int, set[str]] = {}
        self._forms = cat.memo("label_forms", cat.scales, cat.aliases, cat.header_index)   # texts repeat: No, Target, …
        self._longest = max(map(len, cat.header_index), default=0)   # the longest catalog header, compact

    def forget(self) -> None:
        """After a cell was moved: what was worked out about headers is stale."""
        self._header_cache.clear()
        self._labels_memo.clear()

    def candidate_kinds(self, r: int) -> set[str]:
        kinds: set[str] = set()
        for cell in self.view.rows.get(r, {}).values():
            if cell.value is None or not isinstance(cell.value, str):
                continue
            for label in self.label_forms(cell.value):
                kinds |= self.cat.header_index.get(label, set())
        return kinds

    def label_forms(self, text: str) -> tuple[str, ...]:
        """A header text's compact label, and the labels of its word tails: `SEMULA PAGU
        ANGGARAN (000)` may name `pagu anggaran` under a group written into the same cell."""
        forms = self._forms.get(text)
        if forms is None:
            forms = self._forms[text] = self._label_forms(text)
        return forms

    def _label_forms(self, text: str) -> tuple[str, ...]:
        label = split_header(text, self.cat.scales, self.cat.aliases)[0]
        forms = (label,) + ((label.rstrip("%"),) if len(label) > 1 and label.endswith("%") and "(%)" in text else ())
        ws = [w for w in words(text, self.cat.aliases) if not w.isdigit() and w not in ("rp", "ta")]
        if len(ws) < 2 or "".join(ws) != label:
            return forms
        # the word tails, shortest first, as long as a catalog header can be: a tail is only ever
        # looked up among the catalog's headers, and a paragraph of W words has W² letters of tails
        tails, tail = [], ""
        for k in range(len(ws) - 1, 0, -1):
            tail = ws[k] + tail
            if len(tail) > self._longest:
                break
            tails.append(tail)
        return forms + tuple(reversed(tails))

    def best_header(self, r: int, kinds: set[str] | None = None) -> Mapping | None:
        if kinds is None and r in self._header_cache:
            return self._header_cache[r]
        m = self._best_header(r, kinds)
        if kinds is None:
            self._header_cache[r] = m
        return m

    def _best_header(self, r: int, kinds: set[str] | None) -> Mapping | None:
        view = self.view
        if not header_like(view, r):
            return None
        cand = self.candidate_kinds(r) if kinds is None else kinds
        if not cand:
            return None
        if kinds is None and len(cand) > 3:
            cand = self.likely_kinds(r, cand)
        c_min, c_max = self.extent(r)
        labels = self.block_labels(r)
        best = None
        for kname in sorted(cand):
            kind = self.cat.kind(kname)
            if kind.orientation == "transposed" and not year_spec(kind):
                continue            # years across only: read by _read_transposed
            if any(not (need & labels) for need in kind.needed_headers):
                continue
            for h in range(MAX_HEADER_ROWS):
                if h and not header_like(view, r + h):
                    break
                if h and is_column_number_row(view, r + h):
                    break
                if h and self.is_section_text(kind, r + h):
                    break
                m = map_header(view, r, r + h, c_min, c_max, kind, self.cat)
                if m and kind.orientation == "transposed" and not any(
                        spec.role == "year" for spec, _ in m.columns.values()):
                    continue        # years down: a Tahun column, one row per year
                if m and (best is None or _rank(m) > _rank(best)):
                    best = m
        return best

    def block_labels(self, r: int) -> set[str]:
        """Compact labels of every cell in the rows a header starting at `r` could span: a
        superset of the labels any mapping of that block can use."""
        labels = self._labels_memo.get(r)
        if labels is None:
            labels = set()
            for rr in range(r, r + MAX_HEADER_ROWS):
                for cell in self.view.rows.get(rr, {}).values():
                    if cell.value is not None:
                        labels.update(self.label_forms(str(cell.value)))
            self._labels_memo[r] = labels
        return labels

    def likely_kinds(self, r: int, cand: set[str]) -> set[str]:
        """Kinds worth mapping: those naming at least half as many of the block's header
        texts as the best one. 'No' and 'Target' head most kinds; trying all ~25 kinds on
        every header row is what made reading slow."""
        labels = {lab for rr in range(r, r + MAX_HEADER_ROWS)
                  for cell in self.view.rows.get(rr, {}).values() if isinstance(cell.value, str)
                  for lab in self.label_forms(cell.value)}
        score = dict.fromkeys(cand, 0)
        for lab in labels:
            for k in self.cat.header_index.get(lab, ()):
                if k in score:
                    score[k] += 1
        top = max(score.values())
        return {k for k, n in score.items() if n * 2 >= top}

    def is_section_text(self, kind: KindSpec, r: int) -> bool:
        """`SK1 …` or a Sasaran line under a header is the first row of data, not header."""
        first = self.first_text(r)
        return bool(kind.section_pattern and first and kind.section_pattern.search(first))

    def extent(self, r: int) -> tuple[int, int]:
        cols = set()
        for rr in range(r, r + MAX_HEADER_ROWS + 2):
            cols |= set(self.view.rows.get(rr, {}))
        return (min(cols), max(cols)) if cols else (1, 1)

    def caption_above(self, top: int) -> tuple[str | None, str | None, int | None]:
        """(caption, its table number, the scale stated above the header): a unit line
        (`(dalam ribuan rupiah)`, `Rp. 000`) between caption and header, or a scale in the
        caption's own parentheses, states the unit of the amounts whose headers state none."""
        r = top - 1
        seen = 0
        scale = None
        while r >= 1 and seen < 4:
            cells = self.view.rows.get(r)
            if cells:
                seen += 1
                texts = [str(c.value).strip() for c in cells.values() if c.value is not None and str(c.value).strip()]
                if len(texts) != 1 or r in self.consumed:
                    return None, None, scale
                unit = unit_scale(texts[0], self.cat.scales, self.cat.aliases)
                if unit is not None and scale is None:
                    scale = unit                 # a unit line: the caption may sit above it
                else:
                    m = CAPTION.match(texts[0])
                    stated = split_header(texts[0], self.cat.scales, self.cat.aliases)[3]
                    if m:
                        return texts[0], m.group(2), scale or stated
                    if len(texts[0]) < NARRATIVE_LEN and seen == 1:
                        return texts[0], None, scale or stated
                    return None, None, scale
            r -= 1
        return None, None, scale

    def texts(self, r: int) -> list[str]:
        return [str(c.value).strip() for c in self.view.rows.get(r, {}).values()
                if c.value is not None and str(c.value).strip()]

    def first_text(self, r: int) -> str | None:
        cells = self.view.rows.get(r, {})
        for c in sorted(cells):
            v = cells[c].value
            if v is not None and str(v).strip():
                return str(v).strip()
        return None

    def is_narrative(self, r: int, m: Mapping | None = None) -> bool:
        """A paragraph between tables: one long text, not in one of the table's text columns."""
        cells = {c: v for c, v in self.view.rows.get(r, {}).items()
                 if v.value is not None and str(v.value).strip()}
        if len(cells) != 1:
            return False
        (col, cell), = cells.items()
        if len(str(cell.value).strip()) < NARRATIVE_LEN:
            return False
        return not (m is not None and col in m.columns and m.columns[col][0].type == "text")


def _rank(m: Mapping) -> tuple[int, int, int]:
    """How good a header mapping is: its score, then the fewer header rows, then — two kinds
    naming as many columns (`Nama Satker | Keterangan | Nilai`: a score list's unit and score,
    or a fact list's `Keterangan | Nilai`) — the one that starts further left: a table is read
    from its first column, and a row's entity stands left of its figures and remarks."""
    return m.score, -(m.bottom - m.top), -min(m.columns, default=0)


def year_spec(kind: KindSpec):
    """The column that holds the year when a years-across kind is written years down."""
    return next((s for s in kind.columns if s.role == "year"), None)


class OnSheet:
    """What reads a sheet through a Detector: its view, catalog, sheet and file."""

    def __init__(self, detect: Detector):
        self.detect = detect

    @property
    def view(self) -> SheetView:
        return self.detect.view

    @property
    def cat(self) -> Catalog:
        return self.detect.cat

    @property
    def sheet(self) -> RawSheet:
        return self.detect.sheet

    @property
    def file(self) -> str:
        return self.detect.file
