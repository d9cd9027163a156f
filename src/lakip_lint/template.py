"""`lakip-lint template`: a blank workbook with every catalog table's header.

One sheet per table kind, the header written with the catalog's first spelling of each
column (years and quarters spelled out), and the Ikhtisar sheet with every fact label.
Reading it back finds every kind with zero rows — the catalog and the reader agree.
"""
from __future__ import annotations

from .catalog import load_catalog

YEARS = (2021, 2022, 2023, 2024)


def write_template(path: str, lang: str = "id") -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Font
    cat = load_catalog()
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for kind in cat.kinds:
        ws = wb.create_sheet(kind.kind[:31])
        ws.cell(1, 1, kind.title[lang]).font = bold
        if kind.orientation == "facts":
            for j, col in enumerate(kind.columns, start=1):
                ws.cell(3, j, col.name.capitalize()).font = bold
            for i, fact in enumerate(kind.facts, start=4):
                ws.cell(i, 1, fact["labels"][0].capitalize())
            continue
        if kind.orientation == "transposed":
            ws.cell(3, 1, "Uraian").font = bold
            for j, y in enumerate(YEARS, start=2):
                ws.cell(3, j, str(y)).font = bold
            for i, col in enumerate((c for c in kind.columns if c.role != "year"), start=4):
                ws.cell(i, 1, col.display).font = bold
            continue
        _rows_header(ws, kind, bold)
        for row in ws.iter_rows(min_row=3, max_row=5):
            for c in row:
                c.alignment = Alignment(wrap_text=True, vertical="center")
    wb.properties.title = "Templat lakip-lint"
    from .atomic import write_atomically
    from .outputs.package import workbook_bytes
    write_atomically(str(path), workbook_bytes(wb), suffix=".xlsx")


def _rows_header(ws, kind, bold) -> None:
    """Group row (3), label row (4); per-year/quarter columns expanded."""
    j = 1
    for col in kind.columns:
        if not col.headers:
            continue
        label = col.display
        group = col.display_group
        if col.per == "year":
            for y in YEARS:
                ws.cell(3, j, str(y)).font = bold
                ws.cell(4, j, label).font = bold
                j += 1
        elif col.per == "quarter":
            for q, roman in enumerate(("I", "II", "III", "IV"), start=1):
                ws.cell(3, j, f"Triwulan {roman}").font = bold
                ws.cell(4, j, label).font = bold
                j += 1
        elif group:
            ws.cell(3, j, group).font = bold
            ws.cell(4, j, label).font = bold
            j += 1
        else:
            ws.cell(3, j, label).font = bold
            j += 1
