"""Join a table continued on the next sheet into one, and keep apart what only looks
continued: the last table of a sheet and the first of the next are one table when they
are of one kind with the same columns and the second says it continues; a header the
second part repeats further down, over numbers that do not go on, starts another table.
"""
from __future__ import annotations

import dataclasses
import re

from ..model import Report, Row
from .grid import ascii_int
from .rows import relink

_LANJUTAN_WORD = re.compile(r"\b(lanjutan|lanj\.|sambungan|continued)\b", re.I)
_NEXT_PART = re.compile(r"^\s*(\(\s*\d+\s*\)|[-_ ]\s*\d+|\(?\s*(lanjutan|lanj\.?|sambungan)\s*\)?)\s*$", re.I)
_PART_NO = re.compile(r"^(.*?)\s*\(\s*(\d+)\s*\)\s*$")
_TABLE_NO = re.compile(r"\btabel\s*(\d+[a-z]?)\b", re.I)


def join_continued(report: Report, parses_by_table: list, cat) -> list:
    """A table continued on the next sheet is one table: the last table of a sheet and the
    first of the next join when they are of one kind, the second's columns are the first's,
    and the second says it continues — a `(lanjutan)` caption, the same table number, or a
    sheet named as the next part of the first's (`Tabel 19` → `Tabel 19 (2)`)."""
    by_sheet: dict[str, list] = {}
    for item in parses_by_table:
        by_sheet.setdefault(item[0].sheet, []).append(item)
    gone: set[int] = set()
    joined: dict[int, tuple] = {}          # id of a first part -> (new table, its parses)
    split: dict[int, tuple] = {}           # id of a part -> (its rows before, the table after)
    last: tuple | None = None
    last_sheet = ""                       # the sheet `last` was read from (set with it)
    for name in report.sheets:
        items = by_sheet.get(name, [])
        if items and last is not None and _continues(last[0], items[0][0], last_sheet, name):
            part, after = _split_at_restart(items[0], last[0])
            if after is not None:               # the part's own repeated header starts another table
                split[id(items[0][0])] = (part, after)
                items = [part, after] + items[1:]
            whole = _append(last, items[0], cat)
            first_id = next((k for k, v in joined.items() if v is last), id(last[0]))
            joined[first_id] = whole
            gone.add(id(items[0][0]))
            last = whole
            items = items[1:]
        if items:
            last, last_sheet = items[-1], name
        elif name in by_sheet:
            last_sheet = name                 # a sheet holding only the continuation
    if not gone:
        return parses_by_table
    tables, items = [], []
    for item in parses_by_table:
        t = item[0]
        if id(t) in split:                     # its first rows joined the table before; the rest stays
            tables.append(split[id(t)][1][0])
            items.append(split[id(t)][1])
        elif id(t) not in gone:
            tables.append(joined[id(t)][0] if id(t) in joined else t)
            items.append(joined.get(id(t), item))
    report.tables = tables
    return items


def _split_at_restart(item: tuple, before) -> tuple:
    """A table's first part on a sheet ((table, parses)), read on under a header repeated
    further down, and the table it continues (`before`, on the sheet before): when the
    numbers under the repeated header do not go on from the last one before it (`6` after
    `3`), that header starts another table. (the part, the other table) or (item, None)."""
    t2, parses = item
    blocks = []
    rows = sorted(t2.header_rows)
    for k, r in enumerate(rows):
        if k == 0 or r != rows[k - 1] + 1:
            blocks.append(r)
    last = _last_number(before.rows)
    for top in blocks[1:]:
        head = [r for r in t2.rows if r.sheet_row < top]
        tail = [r for r in t2.rows if r.sheet_row > top]
        own = _last_number(head)
        last_here = own if own is not None else last
        first = next((n for r in tail if (n := _row_number(r)) is not None), None)
        if last_here is None or first is None or first in (last_here, last_here + 1) or not head or not tail:
            continue
        mine = {id(v) for r in head for v in r.values.values()}
        p_head = {k: [x for x in v if id(x[0]) in mine] for k, v in parses.items()}
        p_tail = {k: [x for x in v if id(x[0]) not in mine] for k, v in parses.items()}
        first_part = dataclasses.replace(t2, rows=head, header_rows=[r for r in t2.header_rows if r < top])
        tail = [dataclasses.replace(r, index=i) for i, r in enumerate(tail)]   # the part stays as read
        sheet_ref = t2.ref.split("!")[0]
        col = t2.ref.split("!")[-1].split(":")[0].rstrip("0123456789")
        end = t2.ref.split(":")[-1]
        other = dataclasses.replace(t2, rows=tail, header_rows=[r for r in t2.header_rows if r >= top],
                                    caption=None, number=None, ref=f"{sheet_ref}!{col}{top}:{end}")
        return (first_part, p_head), (other, p_tail)
    return item, None


def _row_number(row) -> int | None:
    v = row.values.get("no")
    if v is None or v.carried_from is not None or not v.raw:
        return None
    return ascii_int(v.raw.strip().rstrip(".)"))


def _last_number(rows) -> int | None:
    return next((n for r in reversed(rows) if (n := _row_number(r)) is not None), None)


def _continues(t1, t2, sheet1: str, sheet2: str) -> bool:
    if t1.kind != t2.kind or t1.kind == "ikhtisar" or not t2.rows:
        return False
    if not {c.name for c in t2.columns} <= {c.name for c in t1.columns}:
        return False
    caption = t2.caption or ""
    if _LANJUTAN_WORD.search(caption) or (t2.number and t2.number == t1.number):
        return True
    if t2.caption and t2.number != t1.number:
        return False
    s1, s2 = sheet1.strip().lower(), sheet2.strip().lower()
    if s2.startswith(s1) and _NEXT_PART.match(s2[len(s1):]):
        return True                        # `Tabel 19` → `Tabel 19 (2)`, `Lampiran` → `Lampiran lanjutan`
    p1, p2 = _PART_NO.match(s1), _PART_NO.match(s2)
    if p1 and p2 and p1.group(1) == p2.group(1) and int(p2.group(2)) == int(p1.group(2)) + 1:
        return True                        # `Tabel 19 (1)` → `Tabel 19 (2)`
    n1, n2 = _TABLE_NO.search(sheet1), _TABLE_NO.search(sheet2)
    return bool(n1 and n2 and n1.group(1).lower() == n2.group(1).lower())


def _append(first, second, cat) -> tuple:
    """A new table: the first part's rows, then the second's (copies: the parts, which a
    caller may hold, are left as they were read)."""
    t1, p1 = first
    t2, p2 = second
    t2, p2 = _scaled_like(t1, t2, p2)
    rows: list[Row] = [dataclasses.replace(r) for r in t1.rows]
    section = next((r.section or (r.label if r.kind == "section" else None) for r in reversed(rows)
                    if r.section or r.kind == "section"), None)
    key = cat.kind(t1.kind).key
    for k, row in enumerate(t2.rows):
        if k == 0 and rows and _continues_row(row, rows[-1], key):
            rows[-1] = _joined_text(rows[-1], row)    # the page broke inside a row's text
            continue
        row = dataclasses.replace(row, index=len(rows))
        if row.kind == "section":
            section = None
        elif row.section is None and section:
            row.section = section
        rows.append(row)
    whole = dataclasses.replace(t1, rows=rows, columns=list(t1.columns), header_rows=list(t1.header_rows))
    parses = {name: list(items) for name, items in p1.items()}
    for name, items in p2.items():
        parses.setdefault(name, []).extend(items)
    relink(cat.kind(whole.kind), whole)
    return whole, parses


def _continues_row(row, prev, key: list[str]) -> bool:
    """The first row of a part that only goes on with the text of the part before's last
    row (its key cell empty, no figure, some text), as a row inside a table would."""
    if row.kind != "data" or prev.kind != "data":
        return False
    keys = [row.values.get(k) for k in key if k in row.values]
    if not keys or any(v.kind != "empty" for v in keys):
        return False
    if any(v.kind in ("number", "ambiguous", "dash", "na") for v in row.values.values()):
        return False
    return any(v.kind == "text" and v.text for n, v in row.values.items() if not n.startswith("_"))


def _joined_text(prev, row):
    """prev with row's texts appended to its own (new values: the parts stay as read)."""
    values = dict(prev.values)
    for name, v in row.values.items():
        p = values.get(name)
        if v.kind == "text" and p is not None and p.kind == "text" and p.carried_from is None:
            values[name] = dataclasses.replace(p, text=((p.text or "") + " " + (v.text or "")).strip(),
                                               raw=((p.raw or "") + "\n" + (v.raw or "")).strip())
    return dataclasses.replace(prev, values=values)


def _scaled_like(t1, t2, p2: dict) -> tuple:
    """A part on the next sheet whose amounts state no unit takes the unit the first part
    states (`(dalam ribuan rupiah)` above the first page only): its values are read again
    at that scale (new values; the part stays as read)."""
    change = {}
    for c2 in t2.columns:
        c1 = t1.column(c2.name)
        if c1 is not None and c2.type == "amount" and c1.scale_stated and not c2.scale_stated \
                and c1.scale != c2.scale:
            change[c2.name] = (c2.scale, c1.scale)
    if not change:
        return t2, p2
    fresh: dict[int, object] = {}
    rows = []
    for row in t2.rows:
        values = dict(row.values)
        for name, (old, new) in change.items():
            v = values.get(name)
            if v is None or (v.number is None and not v.alternatives):
                continue
            nv = dataclasses.replace(v, number=None if v.number is None else v.number / old * new, scale=new,
                                     alternatives=[a / old * new for a in v.alternatives])
            values[name] = fresh[id(v)] = nv
        rows.append(dataclasses.replace(row, values=values))
    columns = [dataclasses.replace(c, scale=change[c.name][1], scale_stated=True) if c.name in change else c
               for c in t2.columns]
    parses = {name: [(fresh.get(id(v), v), p) for v, p in items] for name, items in p2.items()}
    return dataclasses.replace(t2, rows=rows, columns=columns), parses
