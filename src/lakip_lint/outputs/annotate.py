"""An annotated COPY of the checked workbook: offending cells filled and commented, and a
first sheet `Temuan` (`Findings`) that lists every finding with a link to its cell.

The copy is written with openpyxl (load, change, save to another path; the input file
is only read). It carries the custom document property `lakip-lint-annotated`, which the
reader (`read/xlsx.py`, ANNOTATION_MARK) turns into notice LKP108, so a copy is never
linted as if it were the report. What openpyxl does not carry over on save is listed in
the README ("Annotated copy").

Choices:
- one fill per cell, the worst severity among its findings (light red / amber / blue:
  the cell's text stays readable); the cell's own fill is replaced in the copy;
- one comment per cell holding every note; a comment already on the cell is kept and the
  notes are appended under it;
- related cells are not marked (a border would overwrite the table's own borders); they
  are named in the note and in the `Terkait` column of the Temuan sheet;
- findings without a cell (rule-level notices) are listed in Temuan without a link.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import click

from ..findings import SEVERITY_RANK, Finding

MARK_PROPERTY = "lakip-lint-annotated"     # read/xlsx.py looks for this string in docProps/custom.xml
AUTHOR = "lakip-lint"

FILL_COLOURS = {"error": "FFC7CE", "warning": "FFE699", "info": "DDEBF7"}
HEADER_FILL = "D9D9D9"
LINK_COLOUR = "0563C1"

_SHEET_TITLE = {"id": "Temuan", "en": "Findings"}
_HEADERS = {
    "id": ["No", "Tingkat", "Kode", "Aturan", "Sheet", "Sel", "Pesan", "Diharapkan",
           "Tertulis", "Selisih", "Terkait"],
    "en": ["No", "Severity", "Code", "Rule", "Sheet", "Cell", "Message", "Expected",
           "Stated", "Difference", "Related"],
}
_WIDTHS = [6, 10, 10, 42, 18, 22, 90, 20, 20, 18, 30]
_LABELS = {
    "id": {"expected": "Diharapkan", "stated": "Tertulis", "difference": "Selisih",
           "related": "Terkait", "fix": "Perbaikan", "notes": "Catatan lakip-lint"},
    "en": {"expected": "Expected", "stated": "Stated", "difference": "Difference",
           "related": "Related", "fix": "Fix", "notes": "lakip-lint notes"},
}
_REF = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]{1,3})\$?(\d+)$")


class AnnotateError(click.UsageError):
    """The copy cannot be written (same path as the input, a format openpyxl cannot
    write, an unreadable input). A UsageError: the CLI exits 2 with the message."""


@dataclass
class AnnotateSummary:
    path: str
    findings: int       # rows of the Temuan sheet
    cells: int          # cells filled and commented
    unplaced: int       # findings with a cell that is not in the workbook (listed, not marked)


def split_ref(ref: str | None) -> tuple[str, str] | None:
    """`'Tabel 6'!D5` → ('Tabel 6', 'D5'); `Ikhtisar!B6` → ('Ikhtisar', 'B6'); else None."""
    if not ref:
        return None
    m = _REF.match(ref.strip())
    if not m:
        return None
    sheet = m.group(1).replace("''", "'") if m.group(1) is not None else m.group(2)
    return sheet, f"{m.group(3)}{m.group(4)}"


def write_annotated(report, findings: list[Finding], out_path, lang: str = "id") -> AnnotateSummary:
    """Write the annotated copy of `report.path` to `out_path` (atomically)."""
    lang = "en" if lang == "en" else "id"
    src, out = str(report.path), str(out_path)
    _refuse_bad_target(report, src, out, lang)
    from openpyxl import load_workbook
    keep_vba = src.lower().endswith(".xlsm") and out.lower().endswith(".xlsm")
    try:
        wb = load_workbook(src, keep_vba=keep_vba, keep_links=True, rich_text=True)
    except Exception as e:   # openpyxl raises many types for files our own reader accepted
        raise AnnotateError(_t(lang, f"--annotate: {src} tidak dapat dibuka oleh openpyxl ({type(e).__name__}: {e})",
                               f"--annotate: openpyxl cannot open {src} ({type(e).__name__}: {e})")) from None
    mine = [f for f in findings if _same_file(f.file, src)]
    rules = _rules_by_id()
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    unplaced = 0
    for f in mine:
        ref = split_ref(f.cell)
        if ref is None:
            continue
        target = _target_cell(wb, *ref)
        if target is None:
            unplaced += 1
            continue
        by_cell.setdefault(target, []).append(f)
    for (sheet, coord), group in by_cell.items():
        _mark_cell(wb[sheet][coord], group, rules, lang)
    _findings_sheet(wb, mine, rules, lang)
    _mark_copy(wb)
    _save_atomically(wb, out)
    return AnnotateSummary(out, len(mine), len(by_cell), unplaced)


# ----------------------------------------------------------------------------- checks

def _t(lang: str, id_text: str, en_text: str) -> str:
    return en_text if lang == "en" else id_text


def _same_file(a: str, b: str) -> bool:
    return a == b or os.path.abspath(a) == os.path.abspath(b)


def _same_path(a: str, b: str) -> bool:
    if os.path.exists(a) and os.path.exists(b):
        return os.path.samefile(a, b)
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def _refuse_bad_target(report, src: str, out: str, lang: str) -> None:
    if _same_path(src, out):
        raise AnnotateError(_t(lang, f"--annotate: {out} adalah berkas yang diperiksa; salinan beranotasi harus ditulis ke berkas lain",
                               f"--annotate: {out} is the workbook being checked; write the annotated copy to another file"))
    if not out.lower().endswith((".xlsx", ".xlsm")):
        raise AnnotateError(_t(lang, f"--annotate: {out} harus berakhiran .xlsx atau .xlsm",
                               f"--annotate: {out} must end in .xlsx or .xlsm"))
    if out.lower().endswith(".xlsm") and not src.lower().endswith(".xlsm"):
        raise AnnotateError(_t(lang, f"--annotate: {src} tidak bermakro; tulis salinannya sebagai .xlsx",
                               f"--annotate: {src} has no macros; write the copy as .xlsx"))
    if any(n.code == "LKP108" for n in report.notices):
        raise AnnotateError(_t(lang, f"--annotate: {src} sudah salinan beranotasi lakip-lint; anotasikan berkas aslinya",
                               f"--annotate: {src} is already an annotated copy by lakip-lint; annotate the original"))
    if report.format != "xlsx":
        fmt = {"xls": ".xls", "ods": ".ods"}.get(report.format, report.format)
        raise AnnotateError(_t(lang, f"--annotate: hanya .xlsx/.xlsm yang dapat dianotasi; {src} berformat {fmt} "
                                     "(dibaca dengan calamine, yang tidak dapat menulis). Simpan sebagai .xlsx lalu ulangi.",
                               f"--annotate: only .xlsx/.xlsm workbooks can be annotated; {src} is {fmt} "
                               "(read with calamine, which cannot write). Save it as .xlsx and run again."))
    if not report.readable:
        raise AnnotateError(_t(lang, f"--annotate: {src} tidak dapat dibaca, tidak ada yang dapat dianotasi",
                               f"--annotate: {src} cannot be read; there is nothing to annotate"))


# ----------------------------------------------------------------------------- cells

def _target_cell(wb, sheet: str, coord: str) -> tuple[str, str] | None:
    """The cell to mark: the finding's cell, or the top-left cell of the merged range it is in."""
    if sheet not in wb.sheetnames:
        return None
    ws = wb[sheet]
    for rng in ws.merged_cells.ranges:
        if coord in rng:
            return sheet, rng.start_cell.coordinate
    return sheet, coord


def _rules_by_id() -> dict:
    try:
        from ..rules import load_rules
        return {r.id: r for r in load_rules()}
    except Exception:   # a broken rule pack already stopped `check`; notes then go without fix
        return {}


def _title(f: Finding, rules: dict, lang: str) -> str:
    rule = rules.get(f.code)
    if rule is not None:
        return rule.text("title", lang)
    return f.name or ""


def _fix(f: Finding, rules: dict, lang: str) -> str:
    rule = rules.get(f.code)
    if rule is None or not rule.explain:
        return ""
    ex = rule.explain.get(lang) or rule.explain.get("id") or {}
    return " ".join(str(ex.get("fix") or "").split())


def _note(f: Finding, rules: dict, lang: str) -> str:
    lab = _LABELS[lang]
    title = _title(f, rules, lang)
    lines = [f"{f.code} ({f.severity})" + (f" {title}" if title else "")]
    lines.append(f.message(lang))
    values = [f"{lab[k]}: {_shown(getattr(f, k), lang)}" for k in ("expected", "stated", "difference") if getattr(f, k)]
    if values:
        lines.append("; ".join(values))
    if f.related:
        lines.append(f"{lab['related']}: " + ", ".join(f.related))
    fix = _fix(f, rules, lang)
    if fix:
        lines.append(f"{lab['fix']}: {fix}")
    return "\n".join(lines)


def _number(text: str | None) -> Decimal | None:
    """Expected / stated / difference are machine numbers ('7592226000') or labels."""
    if text is None:
        return None
    try:
        d = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def _shown(text: str | None, lang: str) -> str:
    from ..rules.numfmt import fmt
    d = _number(text)
    return fmt(d, lang) if d is not None else str(text)


def _cell_value(text: str | None):
    """A number for the Temuan sheet (so it sorts and filters as a number), else the text."""
    d = _number(text)
    if d is None:
        return text
    return int(d) if d == d.to_integral_value() else float(d)


def _mark_cell(cell, group: list[Finding], rules: dict, lang: str) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill
    worst = max(group, key=lambda f: SEVERITY_RANK.get(f.severity, 0)).severity
    colour = FILL_COLOURS.get(worst, FILL_COLOURS["info"])
    cell.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
    ordered = sorted(group, key=lambda f: -SEVERITY_RANK.get(f.severity, 0))
    notes = "\n\n".join(_note(f, rules, lang) for f in ordered)
    old = cell.comment
    if old is not None and (old.text or "").strip():
        text = f"{old.text.rstrip()}\n\n— {_LABELS[lang]['notes']} —\n{notes}"
        author = old.author or AUTHOR
    else:
        text, author = notes, AUTHOR
    lines = sum(1 + len(line) // 60 for line in text.split("\n"))
    cell.comment = Comment(text, author, height=min(600, 20 + 15 * lines), width=420)


# ----------------------------------------------------------------------------- Temuan sheet

def _findings_sheet(wb, findings: list[Finding], rules: dict, lang: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink
    title = _SHEET_TITLE[lang]
    n = 2
    while title in wb.sheetnames:                  # the report has its own sheet of that name
        title = f"{_SHEET_TITLE[lang]} ({n})"
        n += 1
    for ws in wb.worksheets:                        # otherwise Excel opens with sheets grouped
        ws.sheet_view.tabSelected = False
    ws = wb.create_sheet(title, 0)
    wb.active = 0
    ws.sheet_view.tabSelected = True
    headers = _HEADERS[lang]
    ws.append(headers)
    bold = Font(bold=True)
    grey = PatternFill(fill_type="solid", start_color=HEADER_FILL, end_color=HEADER_FILL)
    for c in ws[1]:
        c.font, c.fill = bold, grey
        c.alignment = Alignment(vertical="center")
    link_font = Font(color=LINK_COLOUR, underline="single")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for i, f in enumerate(findings, start=1):
        ref = split_ref(f.cell)
        ws.append([i, f.severity, f.code, _title(f, rules, lang), f.sheet or (ref[0] if ref else None),
                   f.cell, f.message(lang), _cell_value(f.expected), _cell_value(f.stated),
                   _cell_value(f.difference),
                   ", ".join(f.related) if f.related else None])
        row = ws.max_row
        for c in ws[row]:
            c.alignment = top
        ws.cell(row, 7).alignment = wrap
        ws.cell(row, 4).alignment = wrap
        for col in (8, 9, 10):
            c = ws.cell(row, col)
            if isinstance(c.value, int):
                c.number_format = "#,##0"
        sev = ws.cell(row, 2)
        colour = FILL_COLOURS.get(f.severity)
        if colour:
            sev.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
        if ref and ref[0] in wb.sheetnames:
            link = ws.cell(row, 6)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f.cell, display=f.cell)
            link.font = link_font
    for idx, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(idx)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(ws.max_row, 2)}"


def _mark_copy(wb) -> None:
    from openpyxl.packaging.custom import StringProperty
    from .. import __version__
    # an input that already had this property was refused (LKP108), so the name is free
    wb.custom_doc_props.append(StringProperty(name=MARK_PROPERTY, value=__version__))


def _save_atomically(wb, out: str) -> None:
    from ..atomic import write_atomically
    write_atomically(out, wb.save, suffix=os.path.splitext(out)[1])
