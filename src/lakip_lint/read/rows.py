"""Read a table's rows under its header into the model.

Rows after a header belong to its table until a caption, another table's header, a
narrative line or blank rows followed by something else. On the way: column-number rows
are skipped, repeated page headers re-map the columns (they may shift), group columns
left blank carry down, Total/Jumlah/Rata-rata rows are kept apart, section and heading
rows (`SK1 …`) give the rows below their group, text continuing the row above is joined,
numbers and codes written into a name are split off, and a header cell one column off
its data is put back (one notice).
"""
from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from ..catalog import ColumnSpec, KindSpec, fact_for
from ..findings import Finding
from ..labels import compact, is_year_token, unit_scale, words
from ..messages import notice
from ..model import Column, Row, Table, Value
from .detect import CAPTION, Detector, OnSheet
from .pages import NUMBERED, Pages, group_spec
from .grid import a1, cell_ref
from .headers import HeaderColumn, Mapping, is_column_number_row
from .numbers import parse_number
from .values import NUMERIC_TYPES, make_value

_HEADING_PREFIX = re.compile(r"^\s*(?:(?:SK|SS|SP)\s*[.-]?\s*\d+|sasaran(?:\s+(?:kegiatan|strategis|program))?\s+\d+)"
                             r"\s*[.:)\-]?\s*", re.I)


class RowTables(OnSheet):
    """Reads the row tables of one sheet (`read(mapping)` per header found), collecting
    them with their per-cell parses, and the reading notices."""

    def __init__(self, detect: Detector):
        super().__init__(detect)
        self.pages = Pages(detect)
        self.notices: list[Finding] = []
        self.tables: list[tuple[Table, dict[str, list]]] = []   # table, per-cell parses by column
        self._plans: dict[tuple[int, int], tuple] = {}
        self._where: dict[int, tuple] = {}             # per plan: (the plan, column of each name)
        self._stated_scales: dict[int, Counter] = {}   # per table: scales its amount headers state
        self._table_scale: dict[int, tuple] = {}       # per table: (table, scale stated above its header)
        totals = detect.cat.total_labels
        self._summary_heads = detect.cat.memo("summary_heads", detect.cat.aliases, totals,       # text -> _heads(text)
                                              totals.get("sum", _NO_LABELS), totals.get("mean", _NO_LABELS))
        self._kind_facts: dict[int, _KindFacts] = {}    # per kind read on this sheet (the kind held)
        self._by_name: dict[int, tuple] = {}             # per table: its columns by name (_columns)

    def read(self, m: Mapping) -> int:
        """Read a table; if one header cell sits one column off its data (a header over an
        empty or text column, numbers under no header beside it), put the cell back over
        its data, say so once (LKP007) and read the table again."""
        n_tables, n_notices = len(self.tables), len(self.notices)
        end = self._read_rows_table(m)
        stray = self._stray_header(self.tables[-1][0], m) if len(self.tables) > n_tables else None
        if stray is None:
            return end
        (hr, c_from), c_to = stray
        del self.tables[n_tables:]
        del self.notices[n_notices:]
        cell = self.view.move_cell(hr, c_from, c_to)
        self._forget_layout()
        m2 = self.detect.best_header(m.top)
        if m2 is None:                      # put it back: the move made things worse
            self.view.move_cell(hr, c_to, c_from)
            self._forget_layout()
            return self._read_rows_table(m)
        self.notices.append(notice("stray_header", self.file, self.sheet.name, cell_ref(self.sheet.name, hr, c_from),
                                   header=" ".join(str(cell.value).split()), at=cell_ref(self.sheet.name, hr, c_from),
                                   data=a1(hr, c_to)[:-len(str(hr))]))
        return self._read_rows_table(m2)

    def _forget_layout(self) -> None:
        self.detect.forget()
        self._plans.clear()

    def _stray_header(self, table: Table, m: Mapping):
        """((header row, its column), the column of its data) for a header cell written one
        column beside its data, judged from the data's own shape: the header's column holds
        (almost) no numbers, the neighbour holds numbers and has no header of its own."""
        data_rows = [row.sheet_row for row in table.rows if row.kind in ("data", "total", "mean")]
        if not data_rows:
            return None
        header_rows = range(m.top, m.bottom + 1)
        for c, (spec, hc) in sorted(m.columns.items()):
            if hc.leaf_row not in header_rows or self.view.is_merged_into(hc.leaf_row, c) \
                    or self.view.text(hc.leaf_row, c) == "":
                continue
            share, filled = self._number_share(data_rows, c)
            numeric = spec.type in NUMERIC_TYPES
            empty_here = filled <= len(data_rows) // 5
            if not (empty_here or (numeric and share <= 0.2)):
                continue
            for n in (c + 1, c - 1):
                own = m.columns.get(n)
                if n < 1 or self.view.text(hc.leaf_row, n) or self.view.is_merged_into(hc.leaf_row, n) \
                        or (own is not None and own[1].leaf_row == hc.leaf_row):
                    continue                # the neighbour has a header of its own at that row
                n_share, n_filled = self._number_share(data_rows, n)
                # a group column (sasaran) is written once per group, blank below: a third will do
                share_needed = (len(data_rows) // 3) if spec.carry_down else (len(data_rows) * 4) // 5
                if numeric and filled == 0 and n_share == 1.0:
                    share_needed = min(share_needed, 2)   # a sparse column (TKDN on two accounts) under no header
                need = max(1 if len(data_rows) == 1 else 2, share_needed if empty_here else 2)
                if spec.carry_down and filled == 0 and self.view.text(data_rows[0], n):
                    need = 1                # one group (sasaran) over all the rows: written once, first
                if n_filled < need or (len(data_rows) == 1 and filled):
                    continue                # one row is evidence only for a header over an empty cell
                if (numeric and n_share >= 0.8) or (not numeric and empty_here and n_share <= 0.2):
                    return (hc.leaf_row, c), n
        return None

    def _number_share(self, rows: list[int], c: int) -> tuple[float, int]:
        """(share of the filled cells that are numbers, how many are filled) in column c."""
        filled = numbers = 0
        for r in rows:
            cell = self.view.cell(r, c)
            if cell is None or cell.value is None or str(cell.value).strip() == "":
                continue
            filled += 1
            v = cell.value
            if (isinstance(v, (int, float)) and not isinstance(v, bool)) or \
                    parse_number(str(v)).kind in ("number", "ambiguous", "dash"):
                numbers += 1
        return (numbers / filled, filled) if filled else (0.0, 0)

    def _read_rows_table(self, m: Mapping) -> int:
        kind = m.kind
        caption, number, stated_scale = self.detect.caption_above(m.top)
        table = Table(kind=kind.kind, sheet=self.sheet.name, ref="", caption=caption, number=number,
                      hidden_sheet=self.sheet.hidden, header_rows=list(range(m.top, m.bottom + 1)))
        if stated_scale:
            self._table_scale[id(table)] = (table, stated_scale)
        parses: dict[str, list] = {}
        self._set_columns(table, m)
        self._header_notices(table, m)
        view = self.view
        r = m.bottom
        last_row = m.bottom
        carry: dict[str, Value] = {}
        section = None
        hier_stack: list[tuple[int, int]] = []
        after_header = True
        while True:
            nxt = view.next_row(r)
            if nxt is None:
                break
            if nxt > r + 1 and not self.pages.continues_after_gap(nxt, m, table):
                break
            r = nxt
            if is_column_number_row(view, r):
                last_row = r
                continue
            if after_header and self._unit_row(table, m, r):
                table.header_rows.append(r)
                last_row = r
                continue
            after_header = False
            if CAPTION.match(self.detect.first_text(r) or "") and len(self.detect.texts(r)) == 1:
                if self.pages.continuation_caption(r, m, table):
                    continue                 # `Tabel 14 (lanjutan)`: the header repeated comes next
                break
            if self.pages.repeats_header(r, m):
                if self.pages.another_table_starts(r, m, table):
                    break                    # the same header over another table, no gap between
                m2 = self.pages.remap(r, m)
                if m2 is not None:
                    m = m2
                    table.header_rows.extend(range(m.top, m.bottom + 1))
                    self._merge_columns(table, m)
                    r = m.bottom
                    last_row = r
                    after_header = True
                    continue
            other = self.detect.best_header(r)
            if other is not None:
                break
            if self.detect.is_narrative(r, m):
                break
            row = self._make_row(table, m, r, parses)
            if row is None:
                continue
            if kind.orientation == "transposed" and not self._year_row(row):
                continue   # years down: a row without a year, or with nothing for its year
            if kind.orientation == "facts" and all(v.kind == "empty" for n, v in row.values.items()
                                                   if n != "uraian" and not n.startswith("_")) \
                    and (row.values.get("uraian") is None or str(row.values["uraian"].text or "").rstrip().endswith(":")
                         or row.values["uraian"].kind != "text"):
                continue   # a heading (`Anggaran:`) states nothing; a label without its value is read (LKP111)
            last_row = r
            self._classify(table, kind, row, m, carry)
            if row.kind == "continuation":
                continue
            if row.kind == "section":
                section = row.label
            elif section:
                row.section = section
            link_row(kind, row, hier_stack)
            table.rows.append(row)
        if kind.orientation == "facts":
            def empty(row):
                return all(v.kind == "empty" for n, v in row.values.items() if n != "uraian" and not n.startswith("_"))
            if sum(1 for row in table.rows if not empty(row)) < 2:
                table.rows = [row for row in table.rows if not empty(row)]   # a blank form: labels only
        c_min = min(m.columns) if m.columns else 1
        c_max = max(m.columns) if m.columns else 1
        table.ref = f"{cell_ref(self.sheet.name, table.header_rows[0], c_min)}:{a1(last_row, c_max)}"
        self.tables.append((table, parses))
        return last_row

    def _set_columns(self, table: Table, m: Mapping) -> None:
        self._stated_scales.setdefault(id(table), Counter()).update(
            hc.scale for spec, hc in m.columns.values() if spec.type == "amount" and hc.scale)
        for col in sorted(m.columns):
            spec, hc = m.columns[col]
            name = spec.name
            if spec.per == "year" and hc.year is not None:
                name = f"{spec.name}[{hc.year}]"
            elif spec.per == "quarter" and hc.quarter is not None:
                name = f"{spec.name}[{hc.quarter}]"
            scale, stated = self._amount_scale(table, m, hc) if spec.type == "amount" else (1, False)
            if table.column(name) is None:
                table.columns.append(Column(name=name, header=hc.path, cell=cell_ref(self.sheet.name, hc.leaf_row, col),
                                            type=spec.type, scale=scale, base=spec.name, year=hc.year,
                                            quarter=hc.quarter, scale_stated=stated))

    def _unit_row(self, table: Table, m: Mapping, r: int) -> bool:
        """A row under the header that states only units (`(000)`, `(Rp.)`, `%`) is part of
        the header: each amount column below a scale takes it."""
        cells = self.view.rows.get(r, {})
        texts = {c: str(x.value).strip() for c, x in cells.items() if x.value is not None and str(x.value).strip()}
        if not texts or not all(isinstance(cells[c].value, str) for c in texts):
            return False
        scales = {}
        for c, t in texts.items():
            s = unit_scale(t, self.cat.scales, self.cat.aliases)
            if s is None and t not in ("%", "(%)"):
                return False
            scales[c] = s
        stated = set()
        for c, s in scales.items():
            name = self._column_name(m, c)
            col = table.column(name) if name else None
            if col is not None and s is not None and col.type == "amount":
                col.scale, col.scale_stated = s, True
                stated.add(s)
        if m.kind.shared_scale and len(stated) == 1:      # one unit for the table's amounts
            unit = stated.pop()
            for c, (spec, hc) in m.columns.items():
                col = table.column(self._column_name(m, c) or "")
                if col is not None and col.type == "amount" and not hc.scale and c not in scales:
                    col.scale, col.scale_stated = unit, True
        self._plans.pop((id(table), id(m)), None)
        return True

    def _amount_scale(self, table: Table, m: Mapping, hc) -> tuple[int, bool]:
        """An amount column's scale and whether the report states it: its header's, else a
        unit line or caption above the header, else (kinds whose amounts share one unit)
        the scale the table's other amount headers state, else the kind's default."""
        if hc.scale:
            return hc.scale, True
        above = self._table_scale.get(id(table))
        if above is not None and above[0] is table:
            return above[1], True
        stated = self._stated_scales.get(id(table))
        if m.kind.shared_scale and stated:
            return stated.most_common(1)[0][0], True
        return m.kind.default_scale, False

    def _merge_columns(self, table: Table, m: Mapping) -> None:
        self._set_columns(table, m)
        self._header_notices(table, m)

    def _header_notices(self, table: Table, m: Mapping) -> None:
        for hc, spec in m.duplicates:
            self.notices.append(notice("duplicate_header", self.file, self.sheet.name,
                                       cell_ref(self.sheet.name, hc.leaf_row, hc.col),
                                       table=table.caption, header=hc.path[-1] if hc.path else "?",
                                       column=self._kept_title(m, spec, hc)))

    @staticmethod
    def _kept_title(m: Mapping, spec, dup) -> str:
        """The header of the column a duplicated header loses to, as the report writes it."""
        kept = next((hc for c, (sp, hc) in sorted(m.columns.items()) if sp is spec), None)
        path = kept.path if kept is not None else dup.path
        return " ".join(dict.fromkeys(" ".join(str(p).split()) for p in path)) or spec.display

    def _column_name(self, m: Mapping, col: int) -> str | None:
        return self._name_of(*m.columns[col]) if col in m.columns else None

    @staticmethod
    def _name_of(spec: ColumnSpec, hc: HeaderColumn) -> str:
        """A mapped column's name: the spec's, with its year or quarter when it has one."""
        if spec.per == "year" and hc.year is not None:
            return f"{spec.name}[{hc.year}]"
        if spec.per == "quarter" and hc.quarter is not None:
            return f"{spec.name}[{hc.quarter}]"
        return spec.name

    def _facts_of(self, kind: KindSpec) -> _KindFacts:
        got = self._kind_facts.get(id(kind))
        if got is None or got.kind is not kind:
            got = self._kind_facts[id(kind)] = _KindFacts(kind)
        return got

    def _columns(self, table: Table) -> dict[str, Column]:
        """The table's columns by name (the first of a name, as Table.column finds it), kept
        while the table's column list only grows (columns are only ever added here)."""
        kept = self._by_name.get(id(table))
        if kept is None or kept[0] is not table or kept[1] != len(table.columns):
            index: dict[str, Column] = {}
            for c in table.columns:
                index.setdefault(c.name, c)
            kept = self._by_name[id(table)] = (table, len(table.columns), index)   # holds table: its id stays its own
        return kept[2]

    def _plan(self, table: Table, m: Mapping) -> list[tuple[int, str, str, int, str]]:
        """(sheet column, column name, type, scale, its cells' reference without the row)
        of each mapped column, in sheet order: worked out once per header mapping, used for
        every row under it."""
        key = (id(table), id(m))
        hit = self._plans.get(key)
        if hit is not None and hit[0] is table and hit[1] is m:
            return hit[2]
        plan = []
        for col in sorted(m.columns):
            spec, hc = m.columns[col]
            name = self._name_of(spec, hc)
            column = table.column(name)
            plan.append((col, name, spec.type, column.scale if column else 1, cell_ref(self.sheet.name, 0, col)[:-1]))
        self._plans[key] = (table, m, plan)     # held, so neither id can be reused
        return plan

    def _make_row(self, table: Table, m: Mapping, r: int, parses: dict) -> Row | None:
        cells = self.view.rows.get(r, {})
        if not any(c.value is not None and str(c.value).strip() != "" or c.error or not c.cached
                   for c in cells.values()):
            return None
        row = Row(index=len(table.rows), sheet_row=r, kind="data")
        row_no = str(r)
        for col, name, ctype, scale, ref in self._plan(table, m):
            if ctype == "fact":
                ctype = self._fact_type(m, cells)
            val, p = make_value(cells.get(col), ref + row_no, ctype, scale)
            row.values[name] = val
            parses.setdefault(name, []).append((val, p))
        for col in sorted(c for c in cells if c not in m.columns):
            if cells[col].value is not None and str(cells[col].value).strip():
                # a cell outside every mapped column: keep it visible as text
                row.values.setdefault(f"_{a1(1, col)[:-1]}", Value(cell=cell_ref(self.sheet.name, r, col),
                                                                  raw=str(cells[col].value), kind="text",
                                                                  text=str(cells[col].value)))
        if self._facts_of(m.kind).year_attr:
            years = [hc.year for _, hc in m.columns.values() if hc.year]
            row.year = years[0] if years else None
        self._split_numbering(table, m, row)
        self._split_code(table, m, row)
        return row

    @staticmethod
    def _year_row(row: Row) -> bool:
        """A row of a years-down table: a year in its Tahun cell (the row's year and label)
        and something stated for it, as a years-across table reads one year's column."""
        year = row.values.get("tahun")
        if year is None or year.kind not in ("number", "text"):
            return False
        said = year.number
        y = is_year_token(int(said) if year.kind == "number" and said is not None and said == int(said)
                          else year.text or "")
        if not y or not any(v.kind != "empty" for n, v in row.values.items() if n != "tahun" and not n.startswith("_")):
            return False
        if year.kind == "text":               # `TA 2023`: the year it names
            year.kind, year.number, year.stated, year.decimals = "number", Decimal(y), Decimal(y), 0
        year.number = Decimal(y)
        row.year = y
        row.label = str(y)
        return True

    def _split_code(self, table: Table, m: Mapping, row: Row) -> None:
        """A tree whose codes are written into the names (`6077.BDI.006 Nama…`, `D Nama…`)
        rather than a column of their own: a leading token that has the form of one of the
        kind's code levels is the row's code, and the name is read without it."""
        h = m.kind.hierarchy
        if not h or h.get("by") != "code":
            return
        code = h["column"]
        have = row.values.get(code)
        if have is not None and have.kind != "empty":
            return
        spec = next((s for s in m.kind.columns if s.split and code in s.split), None)
        if spec is None:
            return
        val = row.values.get(spec.name)
        if val is None or val.kind != "text" or not val.text:
            return
        head, _, rest = val.text.strip().partition(" ")
        if not rest.strip() or not any(re.match(lvl["pattern"], head) for lvl in h.get("levels", [])):
            return
        val.text = rest.strip()
        row.values[code] = Value(cell=val.cell, raw=head, kind="text", text=head)
        code_spec = m.kind.spec(code)
        if table.column(code) is None and code_spec is not None:    # the codes live inside the name column
            own = table.column(spec.name)
            table.columns.append(Column(name=code, header=list(own.header) if own else [],
                                        cell=own.cell if own else "", type=code_spec.type))

    def _split_numbering(self, table: Table, m: Mapping, row: Row) -> None:
        """A table without its number column that writes the number into the name
        (`1 Produktivitas…`, `1. Riset`, `6) Konsultansi`): the number becomes the row's
        number and the name is read without it (the raw text keeps it)."""
        number = self._facts_of(m.kind).row_number
        if number is None or number.name in row.values or not m.kind.key:
            return
        val = row.values.get(m.kind.key[0])
        if val is None or val.kind != "text" or not val.text:
            return
        hit = NUMBERED.match(val.text)
        if hit is None:
            return
        val.text = hit.group(2)
        row.values[number.name] = Value(cell=val.cell, raw=hit.group(1), kind="text", text=hit.group(1))
        if table.column(number.name) is None:       # the numbers live inside the name column
            key_col = table.column(m.kind.key[0])
            table.columns.append(Column(name=number.name, header=list(key_col.header) if key_col else [],
                                        cell=key_col.cell if key_col else "", type=number.type))

    def _fact_type(self, m: Mapping, cells) -> str:
        """The value cell of an Ikhtisar row is typed by the fact its label names."""
        for col, (spec, _) in m.columns.items():
            if spec.name == "uraian" and col in cells and cells[col].value is not None:
                fact = self.fact_for(str(cells[col].value), m.kind)
                if fact:
                    return "fact_text" if fact["type"] == "text" else fact["type"]
                # a fact the catalog does not name (another unit's list): its figure is still a figure
                value = next((cells[c] for c, (sp, _) in m.columns.items() if sp.name == "nilai" and c in cells), None)
                if value is not None and (isinstance(value.value, (int, float)) and not isinstance(value.value, bool)
                                          or parse_number(str(value.value)).kind in ("number", "ambiguous")):
                    return "number"
        return "fact_text"

    def fact_for(self, label: str, kind: KindSpec) -> dict | None:
        return fact_for(label, kind, self.cat.aliases)

    def _classify(self, table: Table, kind: KindSpec, row: Row, m: Mapping, carry: dict) -> None:
        label = None
        columns = self._columns(table)
        for name, val in row.values.items():
            col = columns.get(name)
            if (col is None or col.type in ("text", "code")) and val.kind == "text":
                label = val.text
                break
        row.label = label
        numeric = [v for n, v in row.values.items()
                   if v.kind in ("number", "ambiguous", "dash", "formula_uncached", "error", "text")
                   and (c := columns.get(n)) is not None and c.type in NUMERIC_TYPES]
        numbers = [v for v in numeric if v.kind != "text"]
        lab = compact(label or "", self.cat.aliases)
        summary = self._summary_label(table, row, m)
        if summary is not None:
            row.kind, where = summary
            row.label = self._place_summary_label(table, row, where)
        elif kind.loose_totals and label is None and any(r.kind == "total" for r in table.rows):
            row.kind = "note"          # figures under the total with no name: shares of it, not a part
        elif kind.loose_totals and (loose := self._loose_total(table, row, label)):
            row.kind = loose
        elif lab in self.cat.total_labels.get("sum", set()):
            row.kind = "total"
        elif lab in self.cat.total_labels.get("mean", set()):
            row.kind = "mean"
        elif lab in self.cat.total_labels.get("index", set()) and numbers:
            row.kind = "total"
        elif kind.section_pattern and label and kind.section_pattern.search(label) and not numbers:
            row.kind = "section"
        elif not numbers and self._is_group_heading(table, kind, row):
            row.kind = "section"
            group = group_spec(kind)
            text, said = next((v, v.text) for v in row.values.values() if v.kind == "text" and v.text)
            carry[group.name] = Value(cell=text.cell, raw=text.raw, kind="text",
                                      text=_HEADING_PREFIX.sub("", said).strip() or said)
            if table.column(group.name) is None:     # the group lives in heading rows only
                table.columns.append(Column(name=group.name, header=[], cell=text.cell, type=group.type,
                                            base=group.name))
            return
        elif not numbers and self._is_continuation(table, kind, row):
            row.kind = "continuation"
            prev = table.rows[-1]
            for name, val in row.values.items():
                if val.kind == "text" and name in prev.values and prev.values[name].carried_from is None:
                    pv = prev.values[name]
                    pv.text = ((pv.text or "") + " " + (val.text or "")).strip()
                    pv.raw = ((pv.raw or "") + "\n" + (val.raw or "")).strip()
            return
        if row.kind == "data":
            for spec in kind.columns:
                if not spec.carry_down:
                    continue
                carried = row.values.get(spec.name)
                if carried is None and spec.name in carry and spec is group_spec(kind):
                    src = carry[spec.name]          # under a heading row, in no column of its own
                    row.values[spec.name] = Value(cell=src.cell, raw=None, kind="text", text=src.text,
                                                  carried_from=src.cell)
                    continue
                if carried is None:
                    continue
                if carried.kind == "empty" and spec.name in carry:
                    src = carry[spec.name]
                    row.values[spec.name] = Value(cell=carried.cell, raw=None, kind=src.kind, text=src.text,
                                                  number=src.number, carried_from=src.cell)
                elif carried.kind != "empty":
                    carry[spec.name] = carried

    def _is_group_heading(self, table: Table, kind: KindSpec, row: Row) -> bool:
        """A row holding one text and nothing else, above the rows it groups (`SK1
        Meningkatnya …`, `Sasaran Kegiatan 2: …`, or a sasaran written across the row): in a
        kind whose rows carry a group (the sasaran), it names the group of the rows below.
        Told from text continuing the row above by its form: a heading's number, or a text
        standing in the row-number column or left of every key."""
        group = group_spec(kind)
        if group is None:
            return False
        texts = [(n, v) for n, v in row.values.items() if v.kind != "empty"]
        if len(texts) != 1 or texts[0][1].kind != "text" or not texts[0][1].text:
            return False
        name, val = texts[0]
        text = val.text or ""
        if _HEADING_PREFIX.match(text) and _HEADING_PREFIX.sub("", text).strip():
            return True
        spec = kind.spec(name)
        if spec is not None and spec.role == "row_number" and parse_number(text).kind == "text" \
                and len(text.split()) >= 3:
            return True
        key_cols = [_column_of(row.values[k].cell) for k in kind.key if k in row.values]
        return bool(key_cols) and _column_of(val.cell) < min(key_cols) and len(text.split()) >= 3 \
            and (spec is None or spec.name == group.name) and not table.rows

    def _summary_label(self, table: Table, row: Row, m: Mapping) -> tuple[str, str] | None:
        """('total' | 'mean', column name) when a text before the row's first number says
        Jumlah/Total/Rata-rata, wherever it sits. The words after it must name what the
        table's headers name (`%Rata-rata Capaian Kinerja`), so that an item called
        `Rata-rata indeks profesionalitas ASN` stays an item."""
        # a value's sheet column: its mapped column, or for an unmapped cell (`_D`) its letters
        plan = self._plan(table, m)
        where = self._where.get(id(plan))
        if where is None or where[0] is not plan:
            where = self._where[id(plan)] = (plan, {name: col for col, name, *_ in plan})
        at = where[1]
        texts = [(at.get(name) or _column_of(val.cell), name, val) for name, val in row.values.items()
                 if val.kind in ("number", "ambiguous", "text")]
        texts.sort(key=_first)
        for _, name, val in texts:
            if val.kind != "text":
                return None
            if not val.text:
                continue
            heads = self._summary_heads.get(val.text)
            if heads is None:
                heads = self._summary_heads[val.text] = self._heads(val.text)
            if heads == _NUMBER:
                return None        # a row number before the label: an item, not a total
            for rkind, rest in heads:
                if rest <= self._header_words(table) or self._summary_shaped(table, row):
                    return rkind, name
        return None

    @staticmethod
    def _summary_shaped(table: Table, row: Row) -> bool:
        """A row stating figures, but leaving empty a figure column every item above it fills
        (`Rata-rata Capaian Sasaran Peningkatan Penyelesaian Perkara` with only its 114 %, under
        items with target, realisasi and capaian): a summary of the items, whatever its label
        goes on to name — an item called `Rata-rata indeks …` states what every item states."""
        items = [r for r in table.rows if r.kind == "data"]
        if len(items) < 2:
            return False
        figures = [c.name for c in table.columns if c.type in NUMERIC_TYPES]
        every = [n for n in figures if all((v := r.values.get(n)) is not None and v.kind == "number" for r in items)]
        own = {n for n in figures if (v := row.values.get(n)) is not None and v.kind == "number"}
        if not own or not own < set(every) or every[0] in own:
            return False            # an item states its first figure (a target), if anything
        # what it leaves is blank: a `-` (not measured yet) is an item's own statement
        return all((v := row.values.get(n)) is None or v.kind == "empty" for n in every if n not in own)

    def _heads(self, text: str):
        """What a text before a row's numbers could say: _NUMBER when it is a number, else
        the (kind, the words after it) of each total or mean label it opens with — kinds in
        order (total first), shorter labels first."""
        if parse_number(text).kind in ("number", "ambiguous"):
            return _NUMBER
        wanted = (("total", self.cat.total_labels.get("sum", set())),
                  ("mean", self.cat.total_labels.get("mean", set())))
        ws = [w.strip("%") for w in words(text, self.cat.aliases)]
        ws = [w for w in ws if w]
        longest = max((len(lab) for _, labels in wanted for lab in labels), default=0)
        heads = []
        for rkind, labels in wanted:
            head = ""
            for k in range(1, len(ws) + 1):
                head += ws[k - 1]
                if len(head) > longest:
                    break               # no label is that long: nor will a longer head be
                if head in labels:
                    heads.append((rkind, frozenset(ws[k:])))
        return tuple(heads)

    def _loose_total(self, table: Table, row: Row, label: str | None) -> str | None:
        """'total' / 'mean' for a row whose label opens with Jumlah / Total / Rata-rata
        (`Total Pendapatan`, `Jumlah Belanja`) and carries no row number of its own."""
        if not label:
            return None
        if any(c.type == "code" and (v := row.values.get(c.name)) is not None and v.kind != "empty"
               for c in table.columns):
            return None             # a numbered row (`5 | Jumlah SDM yang kompeten …`) is an item
        ws = [w for w in words(label, self.cat.aliases) if w != "%"]
        for rkind, key in (("total", "sum"), ("mean", "mean")):
            labels = self.cat.total_labels.get(key, set())
            if any("".join(ws[:k]) in labels for k in range(1, min(3, len(ws)) + 1)):
                return rkind
        return None

    def _header_words(self, table: Table) -> set[str]:
        out: set[str] = set()
        for col in table.columns:
            for text in col.header:
                out.update(w.strip("%") for w in words(text, self.cat.aliases))
        return out

    def _place_summary_label(self, table: Table, row: Row, name: str) -> str:
        """A total's label written over a number column is the row's label, not a value of
        that column: it moves to the table's first empty text column."""
        val = row.values[name]
        text = val.text or ""
        col = table.column(name)
        if col is None or col.type not in NUMERIC_TYPES:
            return text
        target = next((c.name for c in table.columns if c.type == "text" and c.name in row.values
                       and row.values[c.name].kind == "empty"), None)
        if target is not None:
            tv = row.values[target]
            tv.cell, tv.raw, tv.kind, tv.text = val.cell, val.raw, "text", text
        val.raw, val.kind, val.text = None, "empty", None
        return text

    def _is_continuation(self, table: Table, kind: KindSpec, row: Row) -> bool:
        if not table.rows or table.rows[-1].kind not in ("data",):
            return False
        keys = [row.values[k] for k in kind.key if k in row.values]
        if not keys or any(k.kind != "empty" for k in keys):
            return False
        return any(v.kind == "text" for v in row.values.values())


_NUMBER = ("number",)       # _heads of a text that is a number
_NO_LABELS: frozenset[str] = frozenset()


class _KindFacts:
    """What reading a row asks of its kind every time: worked out once per kind and sheet."""

    def __init__(self, kind: KindSpec):
        self.kind = kind
        self.row_number = next((s for s in kind.columns if s.role == "row_number"), None)
        self.year_attr = bool(kind.spec("ikm")) and any(s.year_attr for s in kind.columns)


def _first(item):
    return item[0]


def _column_of(ref: str) -> int:
    """Column number of a cell reference (`'Tabel 38'!D35` → 4)."""
    tail = (ref or "")[(ref or "").rfind("!") + 1:].replace("$", "").rstrip("0123456789")
    n = 0
    for ch in tail:
        if not "A" <= ch <= "Z":
            return 0
        n = n * 26 + ord(ch) - 64
    return n


def relink(kind: KindSpec, table: Table) -> None:
    """Work the hierarchy (level, parent) out again over all rows of a table, e.g. after
    its parts from two sheets were joined."""
    stack: list = []
    for row in table.rows:
        row.level, row.parent = None, None
    for row in table.rows:
        link_row(kind, row, stack)


def link_row(kind: KindSpec, row: Row, stack: list) -> None:
    """Level and parent of one row from the rows linked before it in the same table:
    `stack` holds (depth, row index) of the levels still open (a code tree), or the last
    numbered item (`[(0, index)]`) that the unnumbered rows below it belong to. One step
    per row, whatever the table's length."""
    h = kind.hierarchy
    if not h or row.kind not in ("data",):
        return
    val = row.values.get(h["column"])
    code = (val.text or "").strip() if val and val.kind == "text" else ""
    if h["by"] == "code":
        for depth, lvl in enumerate(h.get("levels", [])):
            if re.match(lvl["pattern"], code):
                row.level = lvl["name"]
                while stack and stack[-1][0] >= depth:
                    stack.pop()
                row.parent = stack[-1][1] if stack else None
                stack.append((depth, row.index))
                return
    elif h["by"] == "numbered":
        if code:
            row.level = "item"
            stack[:] = [(0, row.index)]
        else:
            row.level = "sub"
            row.parent = stack[-1][1] if stack else None
