"""read: workbook file → cells → tables found by header → typed values → Report."""
from __future__ import annotations

import re
from collections import Counter

from ..catalog import load_catalog
from ..messages import notice
from ..model import Report
from .dates import MAX_YEAR, MIN_YEAR, assign_years, parse_date_parts
from .sniff import Limits, Refused, sniff
from .tables import SheetReader, sheet_first_cell, year_tokens
from .values import NUMERIC_TYPES, Evidence, resolve

__all__ = ["read_report", "report_from_book", "Limits"]

_LANJUTAN_WORD = re.compile(r"\b(lanjutan|lanj\.|sambungan|continued)\b", re.I)


def read_report(path: str, limits: Limits | None = None) -> Report:
    """Read one workbook. Never raises for a bad file: problems become notices."""
    limits = limits or Limits()
    shown = str(path)
    try:
        fmt = sniff(path, limits)
        if fmt == "xlsx":
            from .xlsx import read_xlsx
            book = read_xlsx(path, limits)
        else:
            from .calamine_reader import read_with_calamine
            book = read_with_calamine(path, fmt, limits)
    except Refused as e:
        report = Report(path=shown, format="?", parser="-")
        report.notices.append(notice(e.code, shown, **_params(e.code, e.params)))
        return report
    return report_from_book(book, shown)


def report_from_book(book, path: str, sheet_reader=SheetReader) -> Report:
    """The Report of a workbook already read into cells (a RawWorkbook, see grid.py):
    tables found by header, rows classified, values typed. `read_report` is sniff + cells
    + this; the mutation test (tests/mutation.py) calls it on cells it changed in memory,
    with a `sheet_reader` that reuses the tables of the sheets it did not change (anything
    built as `sheet_reader(path, sheet, catalog)` with `.read()`, `.tables`, `.notices`
    as SheetReader has). Does not modify `book`."""
    shown = str(path)
    report = Report(path=shown, format=book.format, parser=book.parser,
                    sheets=[s.name for s in book.sheets])
    if book.lakip_annotated:
        report.notices.append(notice("annotated_copy", shown))
    cat = load_catalog()
    parses_by_table = []
    for sheet in book.sheets:
        if sheet.hidden and sheet.cells:
            report.notices.append(notice("hidden_sheet", shown, sheet.name, name=sheet.name))
        if sheet.truncated:
            report.notices.append(notice("sheet_truncated", shown, sheet.name, name=sheet.name))
        reader = sheet_reader(shown, sheet, cat)
        tables = reader.read()
        report.notices.extend(reader.notices)
        for t, parses in reader.tables:
            report.tables.append(t)
            parses_by_table.append((t, parses))
        if sheet.cells and not tables:
            report.notices.append(notice("sheet_no_table", shown, sheet.name, sheet_first_cell(sheet),
                                         name=sheet.name, first=sheet_first_cell(sheet)))
    parses_by_table = _join_continued(report, parses_by_table, cat)
    if not any(s.cells for s in book.sheets):
        report.notices.append(notice("no_sheets", shown))
    elif not report.tables:
        report.notices.append(notice("no_tables", shown))
    _facts(report)
    _fiscal_year(report)
    for table, parses in parses_by_table:
        _finish_values(report, table, parses)
    _fact_dates(report)
    return report


_NEXT_PART = re.compile(r"^\s*(\(\s*\d+\s*\)|[-_ ]\s*\d+|\(?\s*(lanjutan|lanj\.?|sambungan)\s*\)?)\s*$", re.I)
_PART_NO = re.compile(r"^(.*?)\s*\(\s*(\d+)\s*\)\s*$")
_TABLE_NO = re.compile(r"\btabel\s*(\d+[a-z]?)\b", re.I)


def _join_continued(report: Report, parses_by_table: list, cat) -> list:
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
    last, last_sheet = None, None
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
    import dataclasses
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
    from .grid import ascii_int
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
    import dataclasses

    from .tables import relink
    t1, p1 = first
    t2, p2 = second
    rows = [dataclasses.replace(r) for r in t1.rows]
    section = next((r.section or (r.label if r.kind == "section" else None) for r in reversed(rows)
                    if r.section or r.kind == "section"), None)
    for row in t2.rows:
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


def _fact_dates(report: Report) -> None:
    """A date stated as text in the Ikhtisar (`27 Oktober 2023`) becomes a date."""
    for val in report.facts.values():
        if val.kind == "date" and val.date is None and val.raw:
            parts = parse_date_parts(val.raw)
            if parts:
                val.date = assign_years([parts], report.fiscal_year)[0]
                val.text = None


def _params(code: str, params: dict) -> dict:
    from ..messages import NOTICES
    import string
    wanted = {f for _, f, _, _ in string.Formatter().parse(NOTICES[code][3]) if f}
    return {k: params.get(k, "?") for k in wanted}


def _facts(report: Report) -> None:
    """Ikhtisar rows → named facts. A label names a fact when it is one of the fact's
    labels, or contains all of a label's words (qualifiers like 'seluruh' or 'TA 2023'
    allowed); the longest such label wins. An unrecognised label is reported, not dropped."""
    from ..catalog import fact_for, load_catalog
    cat = load_catalog()
    kind = cat.kind("ikhtisar")
    for t in report.of_kind("ikhtisar"):
        for row in t.rows:
            label = row.values.get("uraian")
            if not label or not label.text:
                continue
            best = fact_for(label.text, kind, cat.aliases)
            if best is None:
                report.notices.append(notice("unknown_fact", report.path, t.sheet, label.cell, t.label,
                                             label=label.text))
                continue
            row.label = best["name"]
            value = row.values.get("nilai")
            if value is None or value.kind == "empty":
                report.notices.append(notice("empty_fact", report.path, t.sheet, value.cell if value else label.cell,
                                             t.label, label=label.text))
            elif "nilai" in row.values:
                report.facts.setdefault(best["name"], row.values["nilai"])
    unit = report.facts.get("nama_satker")
    if unit is not None:
        report.unit_name = unit.text


def _fiscal_year(report: Report) -> None:
    fy = report.facts.get("tahun_anggaran")
    if fy is not None and fy.is_number and fy.number == fy.number.to_integral_value() \
            and MIN_YEAR <= fy.number <= MAX_YEAR:
        report.fiscal_year = int(fy.number)
        return
    if fy is not None:                      # 'TA 2024', 'Tahun 2024'
        import re
        m = re.search(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", str(fy.raw or fy.text or ""))
        if m:
            report.fiscal_year = int(m.group(1))
            return
        report.notices.append(notice("fiscal_year_invalid", report.path, None, fy.cell, None,
                                     raw=" ".join(str(fy.raw or fy.text or fy.number).split())[:40]))
    years = Counter()
    for t in report.tables:
        for y in year_tokens(t.caption or ""):
            years[y] += 1
    if years:
        report.fiscal_year = max(years.items(), key=lambda kv: (kv[1], kv[0]))[0]


def _finish_values(report: Report, table, parses: dict) -> None:
    table_ev = Evidence()
    for items in parses.values():
        for _, p in items:
            if p is not None:
                table_ev.add(p)
    for name, items in parses.items():
        col = table.column(name)
        ctype = col.type if col else "text"
        if ctype in NUMERIC_TYPES:
            left = resolve(items, table_ev, ctype, col.scale)
            for val in left:
                a, b = val.alternatives
                report.notices.append(notice("ambiguous_number", report.path, table.sheet, val.cell,
                                             table=table.label, raw=val.raw, a=_fmt(a), b=_fmt(b)))
        if ctype == "date":
            _dates(report, table, items)
        for val, _ in items:
            if val.kind == "formula_uncached":
                report.notices.append(notice("formula_uncached", report.path, table.sheet, val.cell,
                                             table=table.label, formula=val.formula))
            elif val.kind == "error":
                report.notices.append(notice("error_value", report.path, table.sheet, val.cell,
                                             table=table.label, error=val.raw))
            elif val.kind == "text" and ctype in NUMERIC_TYPES:
                if _looks_numeric(val.raw):
                    report.notices.append(notice("unreadable_number", report.path, table.sheet, val.cell,
                                                 table=table.label, raw=val.raw, column=name))


def _looks_numeric(raw: str | None) -> bool:
    import re
    if not raw:
        return False
    stripped = re.sub(r"(?<!\d)(19|20)\d{2}(?!\d)", "", raw)
    return bool(re.search(r"\d", stripped))


def _dates(report: Report, table, items) -> None:
    parts = []
    for val, _ in items:
        if val.kind == "date" and val.date is None and val.raw:
            parts.append(parse_date_parts(val.raw))
        else:
            parts.append(None)
    dates = assign_years(parts, report.fiscal_year)
    for (val, _), d, p in zip(items, dates, parts):
        if p is not None:
            val.date = d
            val.text = None
        if val.kind == "text" and val.raw:
            report.notices.append(notice("unreadable_date", report.path, table.sheet, val.cell,
                                         table=table.label, raw=val.raw))


def _fmt(x) -> str:
    return format(x.normalize(), "f") if x == x.to_integral_value() else format(x, "f")
