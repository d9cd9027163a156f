"""Find table headers on a sheet and map their columns to the catalog's columns.

A header is recognised by its texts, wherever it sits: one to four rows, group cells
merged (or just written once) above their sub-columns, years and quarters as groups or
inside the label, scales in parentheses. Every candidate row is tried against the kinds
whose header texts it contains; the kind that explains the most columns wins.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Sequence

from ..catalog import Catalog, ColumnSpec, KindSpec
from ..labels import compact, is_year_token, split_header, words
from .grid import RawCell, ascii_int
from .numbers import parse_number

MAX_HEADER_ROWS = 4
MAX_LABEL_LEN = 120


@dataclass
class HeaderColumn:
    col: int
    path: list[str]              # raw header texts, top to leaf
    leaf_row: int
    anchor: tuple[int, int] | None = None   # merge anchor of the leaf cell
    label: str = ""              # compact leaf label
    groups: list[str] = field(default_factory=list)
    year: int | None = None
    quarter: int | None = None
    scale: int | None = None
    flat: tuple[str, str] | None = None   # a one-row header read as group + leaf (see _flat_groups)


@dataclass
class Mapping:
    """A header block matched to one kind: which spec each sheet column is."""
    kind: KindSpec
    top: int
    bottom: int
    columns: dict[int, tuple[ColumnSpec, HeaderColumn]]
    unmatched: list[HeaderColumn]
    duplicates: list[tuple[HeaderColumn, ColumnSpec]]
    score: int
    first_row_texts: set[str]


def shifted(m: Mapping, delta: int) -> Mapping:
    """The same mapping `delta` rows lower (a header repeated on the next printed page)."""
    def move(hc: HeaderColumn) -> HeaderColumn:
        anchor = (hc.anchor[0] + delta, hc.anchor[1]) if hc.anchor else None
        return dataclasses.replace(hc, leaf_row=hc.leaf_row + delta, anchor=anchor)
    return Mapping(m.kind, m.top + delta, m.bottom + delta,
                   {c: (spec, move(hc)) for c, (spec, hc) in m.columns.items()},
                   [move(hc) for hc in m.unmatched], [(move(hc), spec) for hc, spec in m.duplicates],
                   m.score, set(m.first_row_texts))


def by_year(m: Mapping) -> list[Mapping]:
    """`Target 2019 | Target 2020 | Realisasi 2019 | Realisasi 2020 | …` under a kind whose
    columns carry no year: the same table for each year, written side by side — one mapping
    per year (its columns and those every year shares: No, Indikator, Satuan), latest year
    first, instead of the later years' columns dropped as duplicates. With a figure column
    of no year beside them, one mapping: the fullest year's columns. [m] otherwise."""
    if not m.duplicates:
        return [m]
    yearly: dict[int, dict[int, tuple[ColumnSpec, HeaderColumn]]] = {}
    shared: dict[int, tuple[ColumnSpec, HeaderColumn]] = {}
    for c, (spec, hc) in m.columns.items():
        if spec.per is not None:
            return [m]
        if hc.year is None:
            shared[c] = (spec, hc)
        else:
            yearly.setdefault(hc.year, {})[c] = (spec, hc)
    for hc, spec in m.duplicates:
        if hc.year is None or spec.per is not None:
            return [m]
        yearly.setdefault(hc.year, {})[hc.col] = (spec, hc)
    if len(yearly) < 2:
        return [m]
    latest = max(yearly, key=lambda y: (len(yearly[y]), y))
    if any(spec.type not in ("text", "code") for spec, _ in shared.values()):
        # a figure of no year (`Capaian (%)` after `Target 2022 | … | Realisasi 2023`) is this
        # year's: the fullest year's columns are the table — the latest of the fullest, not a lone
        # `Target 2024` of the next year — and the others are left (said: LKP006)
        others = [(hc, spec) for year, cols in yearly.items() if year != latest for spec, hc in cols.values()]
        return [Mapping(m.kind, m.top, m.bottom, {**shared, **yearly[latest]}, m.unmatched,
                        sorted(others, key=lambda d: d[0].col), m.score, set(m.first_row_texts))]
    names = {year: sorted(spec.name for spec, _ in cols.values()) for year, cols in yearly.items()}
    if len({tuple(n) for n in names.values()}) != 1 or any(len(set(n)) != len(n) for n in names.values()):
        return [m]                       # not the same columns once per year
    return [Mapping(m.kind, m.top, m.bottom, {**shared, **yearly[year]}, m.unmatched, [], m.score,
                    set(m.first_row_texts)) for year in sorted(yearly, reverse=True)]


class SheetView:
    """Row-wise access to a sheet's cells with merged ranges resolved to their anchor."""

    def __init__(self, cells: dict[tuple[int, int], RawCell], merges):
        rows: dict[int, dict[int, RawCell]] = {}
        for (r, c), cell in cells.items():
            row = rows.get(r)
            if row is None:
                row = rows[r] = {}
            row[c] = cell
        self.rows = rows
        self.order = sorted(self.rows)
        self.merged_anchor: dict[tuple[int, int], tuple[int, int]] = {}
        budget = 200_000                 # merged cells per sheet (the xlsx reader caps them too)
        for r1, c1, r2, c2 in merges:
            area = (r2 - r1 + 1) * (c2 - c1 + 1)
            if area > 10_000 or area > budget:
                continue
            budget -= area
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        self.merged_anchor[(r, c)] = (r1, c1)

        # what header search asks many times per row, remembered here and nowhere else:
        # header blocks built, rows that look like a header, rows that number the columns,
        # headers repeated on a later page mapped again (pages.Pages.remap)
        self.memo: dict[str, dict] = {"columns": {}, "header_like": {}, "number_rows": {}, "remap": {},
                                      "first_texts": {}, "int_text": {}}

    def move_cell(self, r: int, c_from: int, c_to: int) -> RawCell:
        """Move one cell within its row (a header put back over its data); what was
        remembered about the layout is forgotten."""
        cell = self.rows[r].pop(c_from)
        self.rows[r][c_to] = cell
        for memo in self.memo.values():
            memo.clear()
        return cell

    def cell(self, r: int, c: int) -> RawCell | None:
        return self.rows.get(r, {}).get(c)

    def text(self, r: int, c: int, follow_merge: bool = False) -> str:
        cell = self.cell(r, c)
        if cell is None and follow_merge and (r, c) in self.merged_anchor:
            cell = self.cell(*self.merged_anchor[(r, c)])
        if cell is None or cell.value is None:
            return ""
        return str(cell.value).strip()

    def is_merged_into(self, r: int, c: int) -> tuple[int, int] | None:
        return self.merged_anchor.get((r, c))

    def next_row(self, r: int) -> int | None:
        import bisect
        i = bisect.bisect_right(self.order, r)
        return self.order[i] if i < len(self.order) else None


def _is_numberish(cell: RawCell) -> bool:
    v = cell.value
    return (isinstance(v, (int, float)) and not isinstance(v, bool)) or isinstance(v, Decimal)


@lru_cache(maxsize=65536)
def _number_text(s: str) -> bool:
    """A text cell that is a number (not a year, not a quarter letter) marks a data row."""
    if is_year_token(s):
        return False
    return parse_number(s).kind in ("number", "ambiguous")


def build_columns(view: SheetView, top: int, bottom: int, c_min: int, c_max: int,
                  cat: Catalog) -> list[HeaderColumn]:
    """Header path per column over rows top..bottom, carrying group labels across.

    The same block is tried against every candidate kind, so it is built once per view
    and block; callers get their own list of the shared (not to be changed) columns."""
    memo = view.memo["columns"]
    key = (top, bottom, c_min, c_max, id(cat))
    if key not in memo:
        memo[key] = _build_columns(view, top, bottom, c_min, c_max, cat)
    return list(memo[key])


def _build_columns(view: SheetView, top: int, bottom: int, c_min: int, c_max: int,
                   cat: Catalog) -> list[HeaderColumn]:
    out = []
    readings = cat.memo("header_paths", cat.scales, cat.aliases)   # the same texts head many blocks
    rows = [r for r in range(top, bottom + 1)]
    for c in range(c_min, c_max + 1):
        path: list[str] = []
        leaf_row = top
        for i, r in enumerate(rows):
            t = view.text(r, c)
            if not t:
                anchor = view.is_merged_into(r, c)
                if anchor and top <= anchor[0] <= bottom:
                    t = view.text(*anchor)
                elif i < len(rows) - 1:
                    t = _carried_group(view, r, c, c_min, rows[i + 1:])
            if t:
                if not path or path[-1] != t:
                    path.append(t)
                leaf_row = r
        hc = HeaderColumn(col=c, path=path, leaf_row=leaf_row,
                          anchor=view.is_merged_into(leaf_row, c) or (leaf_row, c))
        key = tuple(path)
        read = readings.get(key)
        if read is None:
            read = readings[key] = _path_reading(path, cat)
        label, groups, hc.year, hc.quarter, hc.scale = read
        if label:
            hc.label, hc.groups = label, list(groups)
        out.append(hc)
    _flat_groups(out, cat)
    return out


def _path_reading(path: list[str], cat: Catalog) -> tuple:
    """(leaf label, group labels, year, quarter, scale) of a header column's texts, top to
    leaf: the lowest text naming each wins."""
    labels = []
    year = quarter = scale = None
    for part in path:
        label, y, q, sc, _ = split_header(part, cat.scales, cat.aliases)
        year = y if y is not None else year
        quarter = q if q is not None else quarter
        scale = sc if sc is not None else scale
        if label:
            labels.append(label)
    return (labels[-1] if labels else "", tuple(labels[:-1]), year, quarter, scale)


_UNSEEN = object()
FLAT_REACH = 64       # columns apart that a group written into one-row headers may span (reordered, extra columns between)


def _flat_groups(cols: list[HeaderColumn], cat: Catalog) -> None:
    """A group written into each of its columns' one-row headers (`SEMULA PAGU ANGGARAN
    (000)`, `SEMULA BLOKIR (000)`): one-text headers of one block (other columns may sit
    between; at most FLAT_REACH apart) that share their first words and differ after them
    offer the reading group = the shared words, leaf = the rest.
    Kept aside (`flat`); a kind uses it only where the whole text names no column."""
    seen = cat.memo("flat_words", cat.scales, cat.aliases)     # a one-text header's words, per text

    def label_words(hc):
        if len(hc.path) != 1:
            return None
        text = hc.path[0]
        got = seen.get(text, _UNSEEN)
        if got is _UNSEEN:                  # (its label is the text's own: split_header of it)
            ws = tuple(w for w in words(text, cat.aliases) if not w.isdigit() and w != "rp" and w not in ("ta",))
            got = seen[text] = ws if ws and "".join(ws) == hc.label else None
        return got
    ws = [label_words(hc) for hc in cols]
    by_first: dict[str, list[int]] = {}      # a shared first word is where a common start begins
    for j, other in enumerate(ws):
        if other:
            by_first.setdefault(other[0], []).append(j)
    for i, mine in enumerate(ws):
        if not mine or len(mine) < 2:
            continue
        best: list[str] = []
        near = by_first[mine[0]]                 # ascending: the neighbours within reach are one slice
        for j in near[bisect.bisect_left(near, i - FLAT_REACH):bisect.bisect_right(near, i + FLAT_REACH)]:
            if j == i:
                continue
            other = ws[j]
            common = _common_prefix(mine, other)
            if common and len(common) < len(mine) and len(common) < len(other) and len(common) > len(best):
                best = common                 # a neighbour shares the first words, both go on after them
        if best:
            cols[i].flat = ("".join(best), "".join(mine[len(best):]))


def _common_prefix(a: Sequence[str], b: Sequence[str]) -> list[str]:
    out = []
    for x, y in zip(a, b):
        if x != y:
            break
        out.append(x)
    return out


def _carried_group(view: SheetView, r: int, c: int, c_min: int, below: list[int]) -> str:
    """An unmerged group label written once over its sub-columns: carry it right while
    the row below has sub-labels under the blank cells."""
    if not any(view.text(b, c) for b in below):
        return ""
    cc = c - 1
    while cc >= c_min:
        t = view.text(r, cc)
        if t:
            if any(view.text(b, cc) for b in below):
                return t
            return ""
        if not any(view.text(b, cc) for b in below):
            return ""
        cc -= 1
    return ""


def match_spec(hc: HeaderColumn, kind: KindSpec) -> tuple[ColumnSpec | None, int]:
    """Best spec of `kind` for one header column, with a score (0 = none); a one-row
    header that names no column whole is tried as group + leaf (`flat`)."""
    best, score = _match_spec(hc, kind)
    if best is None and hc.flat:
        group, leaf = hc.flat
        best, score = _match_spec(dataclasses.replace(hc, label=leaf, groups=[group], flat=None), kind)
    if best is None and len(hc.label) > 1 and hc.label.endswith("%") and "(%)" in (hc.path[-1] if hc.path else ""):
        # `Bobot Aspek (%)`: the unit of a named column, not a column called '%'
        best, score = _match_spec(dataclasses.replace(hc, label=hc.label.rstrip("%"), flat=None), kind)
    return best, score


def _match_spec(hc: HeaderColumn, kind: KindSpec) -> tuple[ColumnSpec | None, int]:
    best, best_score = None, 0
    candidates = [hc.label] + list(reversed(hc.groups)) if hc.label else list(reversed(hc.groups))
    for spec in kind.columns:
        if not spec.headers:
            continue
        score = 0
        for i, lab in enumerate(candidates):
            if lab in spec.headers:
                score = 4 if i == 0 else 2
                break
        if not score:
            continue
        if spec.group:
            if any(g in spec.group for g in hc.groups):
                score += 2
            elif not spec.group_optional:
                continue
        if spec.per == "year":
            if hc.year is None and not spec.year_from_left:
                continue
            score += 1 if hc.year is not None else 0
        elif spec.per == "quarter":
            if hc.quarter is None:
                continue
            score += 2
        elif hc.quarter is not None:
            score -= 1
        if score > best_score:
            best, best_score = spec, score
    return best, best_score


def map_header(view: SheetView, top: int, bottom: int, c_min: int, c_max: int,
               kind: KindSpec, cat: Catalog) -> Mapping | None:
    cols = build_columns(view, top, bottom, c_min, c_max, cat)
    for f in kind.forbid:
        if f == "@quarter" and any(h.quarter for h in cols):
            return None
        if f == "@year" and any(h.year for h in cols if h.label or h.groups):
            return None
        if any(f == h.label or f in h.groups for h in cols):
            return None
    mapping: dict[int, tuple[ColumnSpec, HeaderColumn]] = {}
    used: dict[tuple[str, int | None, int | None], int] = {}
    unmatched, duplicates = [], []
    score = 0
    last_year = None
    i = 0
    while i < len(cols):
        hc = cols[i]
        if hc.year is not None:
            last_year = hc.year
        spec, s = match_spec(hc, kind)
        if spec is None:
            if hc.path:
                unmatched.append(hc)
            i += 1
            continue
        if spec.year_from_left and hc.year is None:
            hc = cols[i] = dataclasses.replace(hc, year=last_year)     # never the shared one
        span = [hc]
        if spec.split:
            j = i + 1
            while j < len(cols) and _same_path(cols[j], hc, cat) and len(span) < len(spec.split):
                span.append(cols[j])
                j += 1
        names: Sequence[str | None] = spec.split if len(span) > 1 else [spec.name]
        if spec.type == "text" and i + 1 < len(cols) and len(span) <= 2:
            span, names = _number_and_text(view, bottom, kind, spec, cols, i, span, names)
        for k, part in enumerate(span):
            name = names[k]
            if name is None:
                continue
            sp = spec if name == spec.name else (kind.spec(name) or spec)
            key = (sp.name, part.year if sp.per == "year" else None, part.quarter if sp.per == "quarter" else None)
            if key in used:
                prev = cols[used[key] - c_min] if 0 <= used[key] - c_min < len(cols) else None
                if prev is None or prev.anchor != part.anchor:
                    duplicates.append((part, sp))   # one merged header over two columns is not a duplicate
                continue
            used[key] = part.col
            mapping[part.col] = (sp, part)
        score += s
        i += len(span)
    year_spec = next((sp for sp in kind.columns if sp.role == "year"), None)
    if year_spec is not None and all(sp is not year_spec for sp, _ in mapping.values()):
        years_col = _years_column(view, bottom, [h for h in cols if h.col not in mapping])
        if years_col is not None:           # `Pagu | Target | …` over 2022, 2023: the years say it
            mapping[years_col.col] = (year_spec, years_col)
            unmatched = [u for u in unmatched if u.col != years_col.col]
            score += 1
    found = {sp.name for sp, _ in mapping.values()}
    if not all(req in found for req in kind.require):
        return None
    return Mapping(kind, top, bottom, mapping, unmatched, duplicates, score, _first_texts(view, top, c_min, c_max, cat))


def _first_texts(view: SheetView, top: int, c_min: int, c_max: int, cat: Catalog) -> set[str]:
    """The compact texts of a header's first row (every kind tried on it asks): worked out
    once per view and row span; each Mapping gets its own set."""
    memo = view.memo["first_texts"]
    key = (top, c_min, c_max, id(cat))
    hit = memo.get(key)
    if hit is None or hit[0] is not cat:
        hit = memo[key] = (cat, frozenset(compact(view.text(top, c), cat.aliases)
                                          for c in range(c_min, c_max + 1)) - {""})
    return set(hit[1])


def _same_path(a: HeaderColumn, b: HeaderColumn, cat: Catalog) -> bool:
    """One header written over two columns, unmerged: the same words, whatever the case,
    spacing or line breaks (`KEGIATAN/KRO` over `Kegiatan/ KRO` after a page break)."""
    return len(a.path) == len(b.path) and all(
        x == y or compact(x, cat.aliases) == compact(y, cat.aliases) for x, y in zip(a.path, b.path))


def _years_column(view: SheetView, bottom: int, free: list[HeaderColumn], sample: int = 6) -> HeaderColumn | None:
    """The leftmost free column whose cells under the header are all years (at least two):
    the year column of a table written years down, whatever its header says."""
    for hc in sorted(free, key=lambda h: h.col)[:3]:
        years = []
        r = bottom
        for _ in range(sample):
            nxt = view.next_row(r)
            if nxt is None or nxt > bottom + sample + 3:
                break
            r = nxt
            text = view.text(r, hc.col)
            if not text:
                break
            y = is_year_token(text)
            if y is None:
                break
            years.append(y)
        if len(years) >= 2 and len(set(years)) == len(years):
            return hc
    return None


def _number_and_text(view: SheetView, bottom: int, kind: KindSpec, spec: ColumnSpec,
                     cols: list[HeaderColumn], i: int, span: list[HeaderColumn], names: Sequence[str | None]):
    """A text column's header over two sheet columns (merged, or written once over an
    unlabelled neighbour): if the data puts small integers in one and text in the other,
    the text is the named column and the integers its number (`no_ik`, or the number
    part the catalog splits off). Otherwise the header keeps its ordinary reading."""
    hc, nxt = cols[i], cols[i + 1]
    if nxt.path and nxt.path != hc.path:
        return span, names
    roles = _int_text_columns(view, bottom, hc.col, nxt.col)
    if roles is None:
        return (span, names) if len(span) > 1 or not nxt.path else ([hc], [spec.name])
    int_col, _ = roles
    number = "no_ik" if kind.spec("no_ik") else next((n for n in spec.split if n != spec.name), None)
    if number is None:     # no column for the number: the text column alone is the named one
        return [hc, nxt], ([None, spec.name] if int_col == hc.col else [spec.name, None])
    pair = [hc, nxt]
    return pair, ([number, spec.name] if int_col == hc.col else [spec.name, number])


_SMALL_INT = re.compile(r"\d{1,2}\.?")


def _small_int(cell: RawCell | None) -> bool:
    if cell is None or cell.value is None or isinstance(cell.value, bool):
        return False
    v = cell.value
    if isinstance(v, (int, float)) or _is_numberish(cell):
        return float(v) == int(v) and 0 < int(v) < 100
    return bool(_SMALL_INT.fullmatch(str(v).strip()))


def _texty(cell: RawCell | None) -> bool:
    if cell is None or not isinstance(cell.value, str):
        return False
    s = cell.value.strip()
    return len(s) >= 3 and not _number_text(s)


def _int_text_columns(view: SheetView, bottom: int, a: int, b: int, sample: int = 40) -> tuple[int, int] | None:
    """(integer column, text column) when the rows below the header, up to a blank row,
    pair a small integer in one with a text in the other, and never the other way round.
    Every kind tried on a header asks it of the same columns: remembered per view."""
    memo = view.memo["int_text"]
    key = (bottom, a, b, sample)
    if key not in memo:
        memo[key] = _pair_roles(view, bottom, a, b, sample)
    return memo[key]


def _pair_roles(view: SheetView, bottom: int, a: int, b: int, sample: int) -> tuple[int, int] | None:
    ab = ba = 0
    start = bisect.bisect_right(view.order, bottom)
    prev = bottom
    for r in view.order[start:start + sample]:
        if r > prev + 1:
            break           # a blank row: what follows may be another table
        prev = r
        if is_column_number_row(view, r):
            continue
        ca, cb = view.cell(r, a), view.cell(r, b)
        if _small_int(ca) and _texty(cb):
            ab += 1
        elif _small_int(cb) and _texty(ca):
            ba += 1
    if ab and not ba:
        return a, b
    if ba and not ab:
        return b, a
    return None


def header_like(view: SheetView, r: int) -> bool:
    """A row that could be part of a header: texts, years or quarter letters, no amounts.
    Asked many times per row while headers are searched, so remembered per view."""
    memo = view.memo["header_like"]
    if r not in memo:
        memo[r] = _header_like(view, r)
    return memo[r]


def _header_like(view: SheetView, r: int) -> bool:
    cells = view.rows.get(r, {})
    if not cells:
        return False
    texts = 0
    for cell in cells.values():
        v = cell.value
        if v is None:
            continue
        if _is_numberish(cell):
            if not (isinstance(v, int) and (1900 < v < 2100 or 0 < v < 60)):
                return False
            continue
        s = str(v).strip()
        if len(s) > MAX_LABEL_LEN:
            return False
        if s and _number_text(s):
            return False
        texts += 1
    return texts > 0


def is_column_number_row(view: SheetView, r: int) -> bool:
    """The `1 2 3 4 …` row printed under many headers (remembered per view)."""
    memo = view.memo["number_rows"]
    if r not in memo:
        memo[r] = _is_column_number_row(view, r)
    return memo[r]


def _is_column_number_row(view: SheetView, r: int) -> bool:
    cells = view.rows.get(r, {})
    nums = []
    for c in sorted(cells):
        v = cells[c].value
        if v is None or str(v).strip() == "":
            continue
        n = ascii_int(str(v).strip().strip("()"), 3)         # `1 2 3` or `(1) (2) (3)`
        if n is None:
            return False
        nums.append(n)
    if len(nums) < 3 or nums[0] != 1:
        return False
    return all(0 <= b - a <= 2 for a, b in zip(nums, nums[1:]))


def find_year_header(view: SheetView, r: int) -> list[tuple[int, int]] | None:
    """Columns of a row that are years, for tables that run years across (transposed)."""
    cells = view.rows.get(r, {})
    years = []
    for c in sorted(cells):
        y = is_year_token(cells[c].value) if cells[c].value is not None else None
        if y:
            years.append((c, y))
    return years if len(years) >= 2 else None
