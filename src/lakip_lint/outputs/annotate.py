"""An annotated COPY of the checked workbook: offending cells filled and commented, and a
first sheet `Temuan` (`Findings`) that lists every finding with a link to its cell.

The copy is the input's package with every part kept as it is — cached values, formulas,
styles, defined names, validations, conditional formats, comments, images, charts, print
settings — plus the fills, comments and the Temuan sheet, made by small edits of the
package (package.py; the input file is only read). It carries the custom document
property `lakip-lint-annotated`, which the reader (`read/xlsx.py`, ANNOTATION_MARK) turns
into notice LKP108, so a copy is never linted as if it were the report.

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

import click

from ..findings import SEVERITY_RANK, Finding
from .fix import fix_text, number, rule_fix, shown
from .lang import message, say
from .fit import wrapped_lines

MARK_PROPERTY = "lakip-lint-annotated"     # read/xlsx.py looks for this string in docProps/custom.xml
AUTHOR = "lakip-lint"

FILL_COLOURS = {"error": "FFC7CE", "warning": "FFE699", "info": "DDEBF7"}
HEADER_FILL = "D9D9D9"
LINK_COLOUR = "0563C1"

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
    """Write the annotated copy of `report.path` to `out_path` (atomically): the input's
    package with every part kept, plus fills, comments and the Temuan sheet (package.py)."""
    from . import package as pk
    lang = "en" if lang == "en" else "id"
    src, out = str(report.path), str(out_path)
    _refuse_bad_target(report, src, out, lang)
    try:
        pkg = pk.Package.read(src)
        sheets = dict(pkg.sheets())
    except Exception as e:   # our reader accepted it; a package we cannot edit is said, not hidden
        raise AnnotateError(say("annotate.error.unreadable_package", lang, src=src,
                                error=f"{type(e).__name__}: {e}")) from None
    mine = _ordered([f for f in findings if _same_file(f.file, src)], report)
    rules = _rules_by_id()
    placed: list[tuple[Finding, str, str]] = []
    unplaced = 0
    for f in mine:
        ref = split_ref(f.cell)
        part = sheets.get(ref[0]) if ref else None
        if ref is None:
            continue
        if part is None:
            unplaced += 1
            continue
        placed.append((f, ref[0], ref[1]))
    # each sheet part is read once for all its marks (merged ranges, styles) and written once;
    # parts, not names: two sheet entries may name one part
    texts = {part: pkg.text(part) for part in dict.fromkeys(sheets[s] for _, s, _ in placed)}
    anchors = {part: pk.merge_anchors(xml, {c for _, s, c in placed if sheets[s] == part})
               for part, xml in texts.items()}
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for f, sheet, coord in placed:
        by_cell.setdefault((sheet, anchors[sheets[sheet]][coord]), []).append(f)
    old_styles = {part: pk.cell_styles(xml, {c for s, c in by_cell if sheets[s] == part})
                  for part, xml in texts.items()}
    styles = pk.Styles(pkg)
    new_styles: dict[str, dict[str, int]] = {}
    per_sheet: dict[str, dict[str, str]] = {}
    for (sheet, coord), group in by_cell.items():
        part = sheets[sheet]
        worst = max(group, key=lambda f: SEVERITY_RANK.get(f.severity, 0)).severity
        new_styles.setdefault(part, {})[coord] = styles.with_fill(old_styles[part].get(coord, 0),
                                                                  FILL_COLOURS.get(worst, FILL_COLOURS["info"]))
        ordered = sorted(group, key=lambda f: -SEVERITY_RANK.get(f.severity, 0))
        per_sheet.setdefault(part, {})[coord] = "\n\n".join(_note(f, rules, lang) for f in ordered)
    for part, marks in new_styles.items():
        pkg.put(part, pk.set_cell_styles(texts[part], marks))
    for part, notes in per_sheet.items():
        pk.add_comments(pkg, part, notes, AUTHOR)
    title = base = say("annotate.sheet_title", lang)
    n = 2
    while title in sheets:                          # the report has its own sheet of that name
        title = f"{base} ({n})"
        n += 1
    pk.add_first_sheet(pkg, title, _findings_sheet_xml(mine, rules, lang, styles, set(sheets)))
    styles.save()
    from .. import __version__
    pk.set_custom_property(pkg, MARK_PROPERTY, __version__)
    from ..atomic import write_atomically
    write_atomically(out, pkg.write, suffix=os.path.splitext(out)[1])
    return AnnotateSummary(out, len(mine), len(by_cell), unplaced)


def _ordered(findings: list[Finding], report) -> list[Finding]:
    """By severity (errors first), then in the workbook's sheet order and cell order."""
    pos = {s: i for i, s in enumerate(report.sheets)}
    return sorted(findings, key=lambda f: (-SEVERITY_RANK.get(f.severity, 0), pos.get(f.sheet, 1 << 20),
                                           f.sort_key()[2], f.code))


# ----------------------------------------------------------------------------- checks

def _same_file(a: str, b: str) -> bool:
    return a == b or os.path.abspath(a) == os.path.abspath(b)


def _same_path(a: str, b: str) -> bool:
    if os.path.exists(a) and os.path.exists(b):
        return os.path.samefile(a, b)
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def _refuse_bad_target(report, src: str, out: str, lang: str) -> None:
    if _same_path(src, out):
        raise AnnotateError(say("annotate.error.same_file", lang, out=out))
    if not out.lower().endswith((".xlsx", ".xlsm")):
        raise AnnotateError(say("annotate.error.suffix", lang, out=out))
    if out.lower().endswith(".xlsm") and not src.lower().endswith(".xlsm"):
        raise AnnotateError(say("annotate.error.no_macros", lang, src=src))
    if any(n.code == "LKP108" for n in report.notices):
        raise AnnotateError(say("annotate.error.already_annotated", lang, src=src))
    if report.format != "xlsx":
        fmt = {"xls": ".xls", "ods": ".ods"}.get(report.format, report.format)
        raise AnnotateError(say("annotate.error.format", lang, src=src, format=fmt))
    if not report.readable:
        raise AnnotateError(say("annotate.error.unreadable", lang, src=src))


# ----------------------------------------------------------------------------- what a marked cell says

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


def _note(f: Finding, rules: dict, lang: str) -> str:
    title = _title(f, rules, lang)
    lines = [f"{f.code} ({_severity(f.severity, lang)})" + (f" {title}" if title else "")]
    lines.append(message(f, lang))
    values = [f"{say(f'annotate.column.{k}', lang)}: {shown(getattr(f, k), lang)}"
              for k in ("expected", "stated", "difference") if getattr(f, k)]
    if values:
        lines.append("; ".join(values))
    if f.related:
        lines.append(f"{say('annotate.column.related', lang)}: " + ", ".join(f.related))
    fix = rule_fix(f, rules, lang)
    if fix:
        lines.append(f"{say('annotate.column.fix', lang)}: {fix}")
    return "\n".join(lines)


def _cell_value(text: str | None):
    """A number for the Temuan sheet (so it sorts and filters as a number), else the text."""
    d = number(text)
    if d is None:
        return text
    return int(d) if d == d.to_integral_value() else float(d)


# ----------------------------------------------------------------------------- Temuan sheet

_COLUMNS = [   # header (catalog `annotate.column.<key>`), width (characters), wraps
    ("index", 5, False), ("severity", 11, False), ("code", 8, False), ("rule", 30, True), ("cell", 16, False),
    ("message", 60, True), ("fix", 36, True), ("expected", 16, False), ("stated", 16, False),
    ("difference", 14, False), ("related", 18, True), ("follows", 22, True)]


def _severity(severity: str, lang: str) -> str:
    return say(f"severity.{severity}", lang) if severity in SEVERITY_RANK else severity


def _findings_sheet_xml(findings: list[Finding], rules: dict, lang: str, styles, sheet_names: set) -> str:
    """The Temuan sheet as worksheet XML: one row per finding, errors first; row heights that
    fit the wrapped text; numbers as numbers; a link to each cell; the header frozen and
    filtered; printed landscape, fit to one page wide."""
    from .package import attr
    from xml.sax.saxutils import escape
    cols = [(say(f"annotate.column.{key}", lang), width, wraps) for key, width, wraps in _COLUMNS]
    grey = styles.fill(HEADER_FILL)
    bold = styles.font(bold=True)
    link_font = styles.font(colour=LINK_COLOUR, underline=True)
    st = {"head": styles.xf(fill=grey, font=bold, wrap=True), "text": styles.xf(), "wrap": styles.xf(wrap=True),
          "link": styles.xf(font=link_font),
          # Indonesian figures in an Indonesian sheet (7.592.226.000; 108,11), English ones in English
          "int": styles.xf(num_fmt=styles.num_fmt("[$-421]#,##0" if lang == "id" else "#,##0")),
          "dec": styles.xf(num_fmt=styles.num_fmt("[$-421]#,##0.00" if lang == "id" else "#,##0.00"))}
    sev = {k: styles.xf(fill=styles.fill(v)) for k, v in FILL_COLOURS.items()}

    def cell(ref: str, value, style: int) -> str:
        if value is None or value == "":
            return f'<c r="{ref}" s="{style}"/>'
        if isinstance(value, (int, float)):
            return f'<c r="{ref}" s="{style}"><v>{value}</v></c>'
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'

    letters = [chr(65 + i) for i in range(len(cols))]
    rows = ['<row r="1" ht="30" customHeight="1">' + "".join(cell(f"{letters[i]}1", h, st["head"])
                                                              for i, (h, _, _) in enumerate(cols)) + "</row>"]
    links = []
    for i, f in enumerate(findings, start=1):
        r = i + 1
        ref = split_ref(f.cell)
        values = [i, _severity(f.severity, lang), f.code, _title(f, rules, lang), f.cell,
                  message(f, lang), fix_text(f, rules, lang), _cell_value(f.expected), _cell_value(f.stated),
                  _cell_value(f.difference), ", ".join(f.related) if f.related else None, f.follows]
        out = []
        for j, v in enumerate(values):
            style = st["wrap"] if cols[j][2] else st["text"]
            if j == 1:
                style = sev.get(f.severity, st["text"])
            elif j == 4 and ref and ref[0] in sheet_names:
                style = st["link"]
                links.append(f'<hyperlink ref="E{r}" location="{attr(f.cell or "")}" display="{attr(f.cell or "")}"/>')
            elif isinstance(v, int):
                style = st["int"]
            elif isinstance(v, float):
                style = st["dec"]
            out.append(cell(f"{letters[j]}{r}", v, style))
        height = max(wrapped_lines(v, cols[j][1]) for j, v in enumerate(values) if cols[j][2] and v) if any(
            cols[j][2] and v for j, v in enumerate(values)) else 1
        rows.append(f'<row r="{r}" ht="{15 * height + 3}" customHeight="1">' + "".join(out) + "</row>")
    last = f"{letters[-1]}{max(2, len(findings) + 1)}"
    widths = "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>' for i, (_, w, _) in enumerate(cols))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<dimension ref="A1:{last}"/>'
            '<sheetViews><sheetView tabSelected="1" workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
            'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            '</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>'
            f"<cols>{widths}</cols><sheetData>{''.join(rows)}</sheetData>"
            f'<autoFilter ref="A1:{last}"/>'
            + (f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else "")
            + '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>'
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            "</worksheet>")
