"""Read a table that runs years across and measures down (`Uraian | 2022 | 2023`):
one row of the model per year, as a years-down table of the same kind is read.
"""
from __future__ import annotations

from decimal import Decimal

from ..labels import compact, split_header
from ..model import Column, Row, Table, Value
from .detect import Detector
from .grid import a1, cell_ref
from .values import make_value


def read_transposed(detect: Detector, tables: list, r: int, years: list[tuple[int, int]]) -> int | None:
    view = detect.view
    first_year_col = years[0][0]
    label_col = None
    cells = view.rows.get(r, {})
    for c in sorted(cells):
        if c < first_year_col:
            label_col = c
    if label_col is None:
        label_col = first_year_col - 1
    if label_col < 1:
        return None
    best = None
    for kind in detect.cat.kinds:
        if kind.orientation != "transposed":
            continue
        rows_found = {}
        rr = r
        while True:
            nxt = view.next_row(rr)
            if nxt is None or nxt > rr + 2:
                break
            label = view.text(nxt, label_col)
            if not label:
                if any(view.text(nxt, c) for c, _ in years):
                    rr = nxt
                    continue
                break
            lab = compact(label, detect.cat.aliases)
            spec = next((s for s in kind.columns if lab in s.headers), None)
            if spec is None:
                break
            if spec.name not in rows_found:
                rows_found[spec.name] = nxt
            rr = nxt
        if all(req in rows_found for req in kind.require):
            if best is None or len(rows_found) > len(best[1]):
                best = (kind, rows_found, rr)
    if best is None:
        return None
    kind, rows_found, end = best
    caption, number, _ = detect.caption_above(r)
    table = Table(kind=kind.kind, sheet=detect.sheet.name,
                  ref=f"{cell_ref(detect.sheet.name, r, label_col)}:{a1(end, years[-1][0])}",
                  caption=caption, number=number, hidden_sheet=detect.sheet.hidden, header_rows=[r])
    for name, sr in rows_found.items():
        spec = kind.spec(name)
        if spec is None:             # not so: rows_found names the kind's own columns
            continue
        label_text = view.text(sr, label_col)
        stated = split_header(label_text, detect.cat.scales, detect.cat.aliases)[3]
        scale = stated or 1
        table.columns.append(Column(name=name, header=[label_text], cell=cell_ref(detect.sheet.name, sr, label_col),
                                    type=spec.type, scale=scale, base=name, scale_stated=bool(stated)))
    table.columns.insert(0, Column(name="tahun", header=["tahun"], cell=cell_ref(detect.sheet.name, r, first_year_col),
                                   type="year", base="tahun"))
    parses: dict[str, list] = {}
    for c, y in years:
        row = Row(index=len(table.rows), sheet_row=r, kind="data", label=str(y), year=y)
        row.values["tahun"] = Value(cell=cell_ref(detect.sheet.name, r, c), raw=view.text(r, c), kind="number",
                                    number=Decimal(y), stated=Decimal(y),
                                    decimals=0)
        for name, sr in rows_found.items():
            col = table.column(name)
            if col is None:          # not so: each was appended above
                continue
            val, p = make_value(view.cell(sr, c), cell_ref(detect.sheet.name, sr, c), col.type, col.scale)
            row.values[name] = val
            parses.setdefault(name, []).append((val, p))
        if any(v.kind != "empty" for n, v in row.values.items() if n != "tahun"):
            row.index = len(table.rows)
            table.rows.append(row)
    tables.append((table, parses))
    return end
