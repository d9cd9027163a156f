"""`screen`'s ringkasan.xlsx: the ranking a head of division opens in Excel.

Sheets: the ranking (one row per submitted file, worst first, as the dashboard orders it)
with a native bar chart of errors per file; the rules × files matrix by rule title (error
counts); every finding with its cells, expected and stated values. Column widths and
wrapping are set, numbers carry Indonesian (or English) number formats, headers are
frozen and filtered. Written atomically; the same batch gives the same workbook.
"""
from __future__ import annotations

import os
from collections import Counter
from decimal import Decimal

from ..findings import SEVERITY_RANK
from ..submissions import Submission, superseded, top_problems
from .fit import row_height
from .lang import message, say, title

# number formats: LCID 421 is Indonesian (7.592.226.000; 92,5); 409 English
INT_FMT = {"id": "[$-421]#,##0", "en": "[$-409]#,##0"}
NUM_FMT = {"id": "[$-421]#,##0.##", "en": "[$-409]#,##0.##"}
PCT_FMT = {"id": "[$-421]0%", "en": "[$-409]0%"}
STATUS_FILL = {"TIDAK TERBACA": "9E9E9E", "PERLU PERBAIKAN": "F8D7DA", "TIDAK DIPERIKSA": "FFF3CD",
               "LULUS": "D4EDDA"}


def _number(x: str | None):
    """A finding's machine number as a cell value (a Decimal → float, kept whole)."""
    if x is None:
        return None
    try:
        d = Decimal(x)
    except Exception:        # noqa: BLE001 - a text value (a rating) stays text
        return x
    return int(d) if d == d.to_integral_value() and abs(d) < 10 ** 15 else float(d)


def problem_text(s: Submission, lang: str) -> str:
    """The file's three most frequent problems, by title."""
    return "; ".join(f"{title(code, lang)} ({n}×)" for code, n in top_problems(s))


def note_text(s: Submission, old: dict, lang: str) -> str:
    parts = []
    if s.path in old:
        parts.append(say("screen.superseded_by", lang, file=os.path.basename(old[s.path].path)))
    if s.readable and not s.named:
        parts.append(say("screen.balai_from_file", lang))
    return "; ".join(parts)


def write(ranked: list[Submission], rules, path: str, lang: str = "id") -> None:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill

    from ..atomic import write_atomically
    from .package import workbook_bytes
    old = superseded(ranked)
    wb = Workbook()
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")

    ws = wb.active
    ws.title = say("screen.sheet_ranking", lang)
    head = [say(f"screen.col_{k}", lang) for k in
            ("rank", "file", "balai", "year", "status", "errors", "warnings", "info", "checked", "problems", "note")]
    ws.append(head)
    widths = (6, 34, 26, 7, 18, 8, 11, 7, 11, 60, 36)
    wraps = (False, True, True, False, True, False, False, False, False, True, True)
    # rows are counted here: a worksheet's max_row walks every cell it holds, once per row appended
    for i, s in enumerate(ranked, 1):
        cov = s.coverage.share if s.coverage.numbers else None
        ws.append([i if s.path not in old else None, os.path.basename(s.path), s.balai, s.year, s.status,
                   s.count("error"), s.count("warning"), s.count("info"), cov,
                   problem_text(s, lang), note_text(s, old, lang)])
        r = i + 1
        for c in (6, 7, 8):
            ws.cell(r, c).number_format = INT_FMT[lang]
        ws.cell(r, 9).number_format = PCT_FMT[lang]
        ws.cell(r, 5).fill = PatternFill("solid", fgColor=STATUS_FILL[s.status])
        for c in range(1, 12):
            ws.cell(r, c).alignment = wrap if wraps[c - 1] else top
        ws.row_dimensions[r].height = row_height([ws.cell(r, c).value for c in range(1, 12)], widths, wraps)
    _finish(ws, widths, bold)
    charted = [s for s in ranked if s.readable and s.path not in old]
    if charted:
        wc = wb.create_sheet(say("screen.sheet_chart", lang))
        wc.append([say("screen.col_file", lang), say("screen.col_errors", lang)])
        for s in charted:
            wc.append([f"{s.balai} {s.year or ''}".strip(), s.count("error")])
        chart = BarChart()
        chart.type = "bar"
        chart.title = say("screen.chart_title", lang)
        chart.legend = None
        n = len(charted)
        chart.add_data(Reference(wc, min_col=2, min_row=1, max_row=n + 1), titles_from_data=True)
        chart.set_categories(Reference(wc, min_col=1, min_row=2, max_row=n + 1))
        chart.x_axis.scaling.orientation = "maxMin"        # the worst file on top, as in the table
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.height, chart.width = max(7.5, 0.55 * n + 3), 18
        _finish(wc, (30, 9), bold)
        wc.add_chart(chart, "D2")

    wm = wb.create_sheet(say("screen.sheet_matrix", lang))
    files = [s for s in ranked if s.readable and s.path not in old]
    codes = sorted({f.code for s in files for f in s.findings if f.severity == "error" and not f.primary
                    and f.outcome != "not_run"})
    wm.append([say("screen.col_rule", lang)] + [f"{s.balai} {s.year or ''}".strip() for s in files]
              + [say("screen.col_total", lang)])
    per_file = [Counter(f.code for f in s.findings if f.severity == "error" and not f.primary
                        and f.outcome != "not_run") for s in files]
    for r, code in enumerate(codes, 2):
        counts = [c[code] for c in per_file]
        wm.append([f"{code} {title(code, lang)}".strip()] + [c or None for c in counts] + [sum(counts)])
        for c, n in enumerate(counts, 2):
            if n:
                shade = "F5B7B1" if n == 1 else "E6786F" if n < 4 else "C0392B"
                wm.cell(r, c).fill = PatternFill("solid", fgColor=shade)
        wm.cell(r, 1).alignment = wrap
    _finish(wm, (48,) + (14,) * len(files) + (9,), bold, freeze="B2")

    wf = wb.create_sheet(say("screen.sheet_findings", lang))
    wf.append([say(f"screen.col_{k}", lang) for k in
               ("file", "balai", "year", "code", "rule", "severity", "cell", "message", "expected", "stated",
                "related", "cause")])
    fwidths = (28, 22, 7, 9, 34, 11, 22, 80, 16, 16, 28, 24)
    fwraps = (True, True, False, False, True, False, True, True, False, False, True, True)
    place = {id(s): i for i, s in enumerate(ranked)}
    by_rank = sorted(((s, f) for s in ranked for f in s.findings if f.outcome != "not_run"),
                     key=lambda sf: (place[id(sf[0])], -SEVERITY_RANK[sf[1].severity]))
    for r, (s, f) in enumerate(by_rank, 2):
        wf.append([os.path.basename(s.path), s.balai, s.year, f.code, title(f.code, lang),
                   say(f"severity.{f.severity}", lang), f.cell or f.sheet or "", message(f, lang),
                   _number(f.expected), _number(f.stated), ", ".join(f.related) or None,
                   f.follows])
        for c in (9, 10):
            if isinstance(wf.cell(r, c).value, (int, float)):
                wf.cell(r, c).number_format = NUM_FMT[lang]
        for c in range(1, len(fwidths) + 1):
            wf.cell(r, c).alignment = wrap if fwraps[c - 1] else top
        wf.row_dimensions[r].height = row_height([wf.cell(r, c).value for c in range(1, len(fwidths) + 1)],
                                                 fwidths, fwraps)
    _finish(wf, fwidths, bold)
    write_atomically(path, workbook_bytes(wb), suffix=".xlsx")


def _finish(ws, widths, bold, freeze: str = "A2") -> None:
    from openpyxl.utils import get_column_letter
    for c in ws[1]:
        c.font = bold
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.freeze_panes = freeze
    ws.auto_filter.ref = ws.dimensions
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
