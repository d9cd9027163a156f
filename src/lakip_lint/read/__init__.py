"""read: workbook file → cells → tables found by header → typed values → Report."""
from __future__ import annotations

import gc
import re
import threading
from collections import Counter
from contextlib import contextmanager

from ..catalog import load_catalog
from ..findings import Number
from ..labels import words
from ..messages import notice
from ..model import Report
from .dates import MAX_YEAR, MIN_YEAR, assign_years, parse_date_parts
from .generic import KIND as GENERIC_KIND, MONEY_WORDS
from .join import join_continued
from .numbers import terbilang
from .plausible import misreading
from .sniff import Limits, Refused, sniff
from .tables import SheetReader, sheet_first_cell, year_tokens
from .values import NUMERIC_TYPES, Evidence, resolve, resolve_by_total

__all__ = ["read_report", "read_cells", "report_from_book", "Limits", "Refused"]


def read_cells(path: str, limits: Limits | None = None):
    """A workbook's cells (grid.RawWorkbook), the parser picked by content; raises Refused
    (its message key and parameters) for a file that is no workbook we can read."""
    limits = limits or Limits()
    fmt = sniff(path, limits)
    if fmt == "xlsx":
        from .xlsx import read_xlsx
        return read_xlsx(path, limits)
    from .calamine_reader import read_with_calamine
    return read_with_calamine(path, fmt, limits)


def read_report(path: str, limits: Limits | None = None) -> Report:
    """Read one workbook. Never raises for a bad file: problems become notices."""
    limits = limits or Limits()
    shown = str(path)
    with _collecting_less():
        try:
            book = read_cells(path, limits)
        except Refused as e:
            report = Report(path=shown, format="?", parser="-")
            report.notices.append(notice(e.code, shown, **e.params))
            return report
        return report_from_book(book, shown)


READ_GC_THRESHOLD = 50_000    # allocations between young-generation collections while a workbook is read
_gc_lock = threading.Lock()
_gc_readers = 0               # reads under way (nested, or in threads)
_gc_saved: tuple[int, ...] = ()


@contextmanager
def _collecting_less():
    """Reading a workbook makes ~10^5 objects that either stay (the model) or go when their
    last reference does; the cycle collector's young-generation passes over them, every 700
    allocations by default, were ~6 % of a read. While a workbook is read they come every
    READ_GC_THRESHOLD allocations; the setting is put back after, also when reading fails,
    with reads nested or in threads. A collector turned off (threshold 0) stays off."""
    global _gc_readers, _gc_saved
    with _gc_lock:
        if _gc_readers == 0:
            _gc_saved = gc.get_threshold()
            if _gc_saved[0]:
                gc.set_threshold(max(_gc_saved[0], READ_GC_THRESHOLD), *_gc_saved[1:])
        _gc_readers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_readers -= 1
            if _gc_readers == 0:
                gc.set_threshold(*_gc_saved)


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
    for i, sheet in enumerate(book.sheets):
        if book.lakip_annotated and i == 0 and re.fullmatch(r"(Temuan|Findings)( \(\d+\))?", sheet.name):
            continue                  # the copy's own list of findings is not the report
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
    parses_by_table = join_continued(report, parses_by_table, cat)
    if not any(s.cells for s in book.sheets):
        report.notices.append(notice("no_sheets", shown))
    elif not report.tables:
        report.notices.append(notice("no_tables", shown))
    _facts(report)
    _fiscal_year(report)
    for table, parses in parses_by_table:
        _finish_values(report, table, parses)
        bad = misreading(table)
        if bad is not None:
            name, cell, evidence = bad
            table.misread = evidence
            report.notices.append(notice("table_misread", report.path, table.sheet, cell,
                                         table=table.label, label=table.label, column=table.title_of(name),
                                         evidence=evidence))
    _fact_dates(report)
    _years_named(report)
    return report


_SPAN = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*(?:-|–|—|s\.?\s*d\.?|s/d|sampai(?: dengan)?)\s*((?:19|20)\d\d)(?!\d)",
                   re.I)


def _years_named(report: Report) -> None:
    """A caption naming a span of years (`TA. 2019-2023`) over a table laid out by year
    (years across or down) that lacks some of them: a year's column or row is gone."""
    for t in report.tables:
        m = _SPAN.search(t.caption or "")
        if not m:
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if not (0 < b - a <= 10):
            continue
        held = {c.year for c in t.columns if c.year} | {r.year for r in t.rows if r.year}
        if len(held & set(range(a, b + 1))) < 2:
            continue                      # not a table by year (or not these years)
        missing = [y for y in range(a, b + 1) if y not in held]
        if missing:
            report.notices.append(notice("years_missing", report.path, t.sheet, t.ref.split(":")[0], t.label,
                                         label=t.label, span=f"{a}–{b}", missing=", ".join(map(str, missing))))


def _fact_dates(report: Report) -> None:
    """A date stated as text in the Ikhtisar (`27 Oktober 2023`) becomes a date."""
    for val in report.facts.values():
        if val.kind == "date" and val.date is None and val.raw:
            parts = parse_date_parts(val.raw)
            if parts:
                val.date = assign_years([parts], report.fiscal_year)[0]
                val.text = None


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
            value = row.values.get("nilai")
            if best is None and (value is None or value.kind == "empty") and _filled_lines(t) >= 2:
                report.notices.append(notice("empty_fact", report.path, t.sheet, value.cell if value else label.cell,
                                             t.label, label=label.text))
                continue
            if best is None and value is not None and (value.kind in ("number", "ambiguous")
                                                       or label.text.strip().lower() == "terbilang"):
                continue             # a figure of the unit's own list, or its words: the list relations read it
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


def _filled_lines(table) -> int:
    return sum(1 for r in table.rows if (v := r.values.get("nilai")) is not None and v.kind != "empty")


def _fiscal_year(report: Report) -> None:
    fy = report.facts.get("tahun_anggaran")
    n = fy.number if fy is not None and fy.is_number else None
    if n is not None and n == n.to_integral_value() and MIN_YEAR <= n <= MAX_YEAR:
        report.fiscal_year = int(n)
        return
    if fy is not None:                      # 'TA 2024', 'Tahun 2024'
        m = re.search(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", str(fy.raw or fy.text or ""))
        if m:
            report.fiscal_year = int(m.group(1))
            return
        if fy.kind != "formula_uncached":   # (a formula without its value is said as such already)
            shown = fy.raw or fy.text or (str(fy.number) if fy.number is not None else "")
            report.notices.append(notice("fiscal_year_invalid", report.path, None, fy.cell, None,
                                         raw=" ".join(shown.split())[:40]))
    years: Counter[int] = Counter()
    for t in report.tables:
        for y in year_tokens(t.caption or ""):
            years[y] += 1
    if years:
        report.fiscal_year = max(years.items(), key=lambda kv: (kv[1], kv[0]))[0]


def _finish_values(report: Report, table, parses: dict) -> None:
    notes = {v.cell for r in table.rows if r.kind == "note" for v in r.values.values()}
    if notes:                 # a row of shares under the total says nothing of the parts' separators
        parses = {name: [(v, p) for v, p in items if v.cell not in notes] for name, items in parses.items()}
    # a heading row holding its one text (`SK1 Meningkatnya …`) states no figure, whichever
    # column the text stands in; a section row that also holds unreadable figures says so
    headings = set()
    for r in table.rows:
        filled = [v.cell for v in r.values.values() if v.kind != "empty"]
        if r.kind == "section" and len(filled) == 1:
            headings.add(filled[0])
    table_ev = Evidence()
    for items in parses.values():
        for _, p in items:
            if p is not None:
                table_ev.add(p)
    for name, items in parses.items():
        col = table.column(name)
        ctype = col.type if col else "text"
        if ctype == "fact":            # a list of figures: its lines vouch for each other's separators
            for val in resolve(items, table_ev, "number", 1):
                a, b = val.alternatives
                report.notices.append(notice("ambiguous_number", report.path, table.sheet, val.cell,
                                             table=table.label, raw=val.raw, a=Number(a), b=Number(b)))
        if ctype in NUMERIC_TYPES:
            left = resolve(items, table_ev, ctype, col.scale, money=_money(table, col, items))
            left = resolve_by_total(table, name, items, left, ctype, col.scale)
            for val in left:
                a, b = val.alternatives
                report.notices.append(notice("ambiguous_number", report.path, table.sheet, val.cell,
                                             table=table.label, raw=val.raw, a=Number(a), b=Number(b)))
        if ctype == "date":
            _dates(report, table, items)
        for val, p in items:
            if p is not None and val.kind == "number" and val.stated is not None and _mixed_thousands(p, val.stated):
                report.notices.append(notice("separators_mixed", report.path, table.sheet, val.cell,
                                             table=table.label, raw=val.raw, value=Number(val.stated)))
            if p is not None and p.words and val.kind == "number" and val.stated is not None:
                said = terbilang(p.words)         # `Rp 1.250.000 (satu juta dua ratus ribu rupiah)`
                if said is not None and said != val.stated:
                    report.notices.append(notice("terbilang_mismatch", report.path, table.sheet, val.cell,
                                                 table=table.label, raw=val.raw, words=p.words, said=Number(said)))
            if val.kind == "formula_uncached":
                report.notices.append(notice("formula_uncached", report.path, table.sheet, val.cell,
                                             table=table.label, formula=val.formula))
            elif val.kind == "error":
                report.notices.append(notice("error_value", report.path, table.sheet, val.cell,
                                             table=table.label, error=val.raw))
            elif val.kind == "text" and ctype in NUMERIC_TYPES and val.cell not in headings:
                if _looks_numeric(val.raw):
                    report.notices.append(notice("unreadable_number", report.path, table.sheet, val.cell,
                                                 table=table.label, raw=val.raw, column=table.title_of(name)))


def _money(table, col, items) -> bool:
    """The column holds whole rupiah: an amount in rupiah (scale 1 — in thousands, `(000)`,
    three decimals are the rupiah) of a catalog kind, or of a generic table that says money
    in the column's header, the caption (`… (Rp)`) or its cells (`Rp 3.398.600,000`) — a
    generic figure column is typed amount whatever it measures (`Luas Lahan (Ha)`)."""
    if col is None or col.type != "amount" or col.scale != 1:
        return False
    if table.kind != GENERIC_KIND:
        return True
    said = {w for h in [*col.header, table.caption or ""] for w in words(h)}
    return bool(said & MONEY_WORDS) or any(p is not None and p.unit == "rupiah" for _, p in items)


def _mixed_thousands(p, stated) -> bool:
    """`3.398.600,000` settled as 3 398 600 000 (ParsedNumber.mixed, read as thousands)."""
    return p.mixed and stated == p.readings[0].value and p.readings[0].decimals == 0


def _looks_numeric(raw: str | None) -> bool:
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
