"""A streaming reader for .xlsx/.xlsm that keeps what a linter needs and nothing more.

Why not openpyxl here: it needs two loads to get both a formula and its cached value,
and it walks every cell up to the stated dimension. Why not calamine: it does not say
whether a formula had a cached value nor which number format (percent, date) a cell
has, and it aborts the process on some hostile zips. This reader streams each sheet's
XML once with expat, keeps present cells only, refuses DTDs (entity bombs), bounds the
bytes it inflates and the cells it keeps. Measured against both in bench/.
"""
from __future__ import annotations

import datetime as _dt
import math
import posixpath
import re
import zipfile
import zlib
import xml.etree.ElementTree as ET
from functools import lru_cache
from typing import IO, Iterator

from .grid import MAX_COL, MAX_ROW, RawCell, RawSheet, RawWorkbook, ascii_int, col_index
from .numbers import clean_float
from .sniff import Limits, Refused
from ..findings import phrase

# built-in number formats that matter: percent and dates
_BUILTIN_PERCENT = {9: "0%", 10: "0.00%"}
_BUILTIN_DATE = set(range(14, 23)) | {27, 30, 36, 45, 46, 47, 50, 57}
MERGE_AREA = 10_000            # cells of one merged range that is expanded
MERGED_PER_SHEET = 200_000     # merged cells expanded per sheet
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")
ANNOTATION_MARK = "lakip-lint-annotated"


class _Bounded:
    """A file-like view that refuses to inflate more than `limit` bytes."""

    def __init__(self, fh: IO[bytes], limit: int, name: str):
        self.fh, self.left, self.name = fh, limit, name

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(65536 if n is None or n < 0 else min(n, 65536))
        self.left -= len(data)
        if self.left < 0:
            raise Refused("zip_bomb", reason=phrase("zip.inflates", name=self.name))
        return data


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _open_xml(zf: zipfile.ZipFile, name: str, limits: Limits):
    """Open an XML part after making sure it declares no DTD (no entities, no bombs)."""
    with zf.open(name) as fh:
        prolog = fh.read(4096)
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
        raise Refused("xml_entities", part=name)
    return _Bounded(zf.open(name), limits.max_member_bytes, name)


def _iter(zf, name, limits, events=("end",)) -> Iterator[tuple[str, ET.Element]]:
    src = _open_xml(zf, name, limits)
    try:
        for ev, el in ET.iterparse(src, events=events):
            yield ev, el
    except ET.ParseError as e:
        raise Refused("corrupt_xml", part=name, reason=str(e)) from None
    except LookupError as e:             # <?xml encoding="ebcdic"?>: an encoding Python does not know
        raise Refused("corrupt_xml", part=name, reason=phrase("xml.encoding", error=str(e))) from None
    finally:
        src.fh.close()


def _find_part(names: set[str], wanted: str) -> str | None:
    if wanted in names:
        return wanted
    low = wanted.lower()
    return next((n for n in names if n.lower() == low), None)


def read_xlsx(path: str, limits: Limits) -> RawWorkbook:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, NotImplementedError) as e:
        raise Refused("corrupt_zip", reason=str(e)) from None
    try:
        with zf:
            return _read(zf, path, limits)
    except zipfile.BadZipFile as e:        # CRC mismatch, truncated member
        raise Refused("corrupt_zip", reason=str(e)) from None
    except (EOFError, OSError, ValueError, NotImplementedError, zlib.error) as e:   # bad member data or method
        raise Refused("corrupt_zip", reason=str(e)) from None


def _read(zf: zipfile.ZipFile, path: str, limits: Limits) -> RawWorkbook:
    names = {i.filename for i in zf.infolist()}
    wb_part = _find_part(names, "xl/workbook.xml")
    sheets_meta, date1904 = _workbook(zf, wb_part, limits)
    rels = _rels(zf, names, "xl/_rels/workbook.xml.rels", limits)
    strings = _shared_strings(zf, names, limits)
    formats = _styles(zf, names, limits)
    book = RawWorkbook(path=path, format="xlsx", parser="lakip-xlsx")
    props = _find_part(names, "docProps/custom.xml")
    if props:
        with zf.open(props) as fh:
            book.lakip_annotated = ANNOTATION_MARK.encode() in fh.read(65536)
    budget = [limits.max_cells, limits.max_merged_cells]
    for name, state, rid in sheets_meta[: limits.max_sheets]:
        target = rels.get(rid)
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        part = _find_part(names, part)
        if not part:
            continue
        sheet = RawSheet(name=name, hidden=state in ("hidden", "veryHidden"))
        _sheet(zf, part, sheet, strings, formats, date1904, limits, budget)
        book.sheets.append(sheet)
    return book


def _workbook(zf, part, limits):
    sheets, date1904 = [], False
    for _, el in _iter(zf, part, limits):
        tag = _local(el.tag)
        if tag == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            sheets.append((el.get("name", "?"), el.get("state", "visible"), rid))
        elif tag == "workbookPr":
            date1904 = el.get("date1904") in ("1", "true")
    return sheets, date1904


def _rels(zf, names, part, limits) -> dict[str, str]:
    part = _find_part(names, part)
    if not part:
        return {}
    return {el.get("Id"): el.get("Target", "") for _, el in _iter(zf, part, limits)
            if _local(el.tag) == "Relationship"}


def _shared_strings(zf, names, limits) -> list[str]:
    part = _find_part(names, "xl/sharedStrings.xml")
    if not part:
        return []
    target = _SharedStringsTarget()
    _parse_with(zf, part, limits, target)
    return target.out


class _SharedStringsTarget:
    """Each `<si>`: its `<t>` texts joined (rich-text runs), phonetic guides (`<rPh>`) left out."""

    def __init__(self):
        self.out: list[str] = []
        self.texts: list[str] = []
        self.text: list[str] | None = None
        self.in_phonetic = 0

    def start(self, tag: str, attrib: dict) -> None:
        tag = tag[tag.rfind("}") + 1:]
        if tag == "t" and not self.in_phonetic:
            self.text = []
        elif tag == "rPh":
            self.in_phonetic += 1

    def data(self, text: str) -> None:
        if self.text is not None:
            self.text.append(text)

    def end(self, tag: str) -> None:
        tag = tag[tag.rfind("}") + 1:]
        if tag == "t" and self.text is not None:
            self.texts.append("".join(self.text))
            self.text = None
        elif tag == "rPh":
            self.in_phonetic -= 1
        elif tag == "si":
            self.out.append("".join(self.texts))
            self.texts = []

    def close(self) -> None:
        return None


def _styles(zf, names, limits) -> list[str | None]:
    """Number format code for each cellXfs index (None = General)."""
    part = _find_part(names, "xl/styles.xml")
    if not part:
        return []
    custom: dict[int, str] = {}
    xfs: list[str | None] = []
    in_cellxfs = False
    for ev, el in _iter(zf, part, limits, events=("start", "end")):
        tag = _local(el.tag)
        if tag == "numFmt" and ev == "end":
            custom[int(el.get("numFmtId", "0"))] = el.get("formatCode", "")
        elif tag == "cellXfs":
            in_cellxfs = ev == "start"
        elif tag == "xf" and ev == "start" and in_cellxfs:
            fid = int(el.get("numFmtId", "0") or 0)
            if fid in custom:
                xfs.append(custom[fid])
            elif fid in _BUILTIN_PERCENT:
                xfs.append(_BUILTIN_PERCENT[fid])
            elif fid in _BUILTIN_DATE:
                xfs.append("d-mmm-yy")
            elif fid:
                xfs.append(f"builtin:{fid}")
            else:
                xfs.append(None)
    return xfs


@lru_cache(maxsize=1024)
def is_date_format(code: str | None) -> bool:
    if not code:
        return False
    stripped = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    return bool(re.search(r"[dy]|mmm|m{1,2}[^a-z]*[dy]|[dy][^a-z]*m", stripped)) and "0" not in stripped.split(";")[0]


@lru_cache(maxsize=1024)
def is_percent_format(code: str | None) -> bool:
    if not code:
        return False
    return "%" in re.sub(r'"[^"]*"|\\.', "", code)


def excel_date(serial: float, date1904: bool) -> _dt.datetime:
    base = _dt.datetime(1904, 1, 1) if date1904 else _dt.datetime(1899, 12, 30)
    return base + _dt.timedelta(days=serial)


def _sheet(zf, part, sheet: RawSheet, strings, formats, date1904, limits, budget):
    """Cells and merged ranges of one worksheet part."""
    _parse_with(zf, part, limits, _SheetTarget(sheet, strings, formats, date1904, budget))


def _parse_with(zf, part: str, limits: Limits, target) -> None:
    """Stream one XML part through the parser into `target` (start/data/end callbacks:
    no element tree, no event queue — most of a workbook's bytes go this way)."""
    parser = ET.XMLParser(target=target)
    src = _open_xml(zf, part, limits)
    try:
        while True:
            chunk = src.read(65536)
            if not chunk:
                break
            parser.feed(chunk)
        parser.close()
    except ET.ParseError as e:
        raise Refused("corrupt_xml", part=part, reason=str(e)) from None
    except LookupError as e:             # <?xml encoding="ebcdic"?>: an encoding Python does not know
        raise Refused("corrupt_xml", part=part, reason=phrase("xml.encoding", error=str(e))) from None
    finally:
        src.fh.close()


class _SheetTarget:
    """Receives a worksheet's elements from the XML parser. A cell names its position
    (`r="D5"`); the rare writer that omits it gets the position from the order of cells
    and the row's own `r`, settled when the row ends."""

    def __init__(self, sheet: RawSheet, strings, formats, date1904, budget):
        self.sheet, self.strings, self.formats, self.date1904 = sheet, strings, formats, date1904
        self.budget = budget
        self.merged_cells = 0
        self.last_row = 0                 # the last row number known (a cell's or a row's `r`)
        self.col_no = 0
        self.row_seen_ref = False
        self.pending: list[tuple[int, RawCell]] = []    # cells without a reference
        self.text: list[str] | None = None              # collecting <v>, <f> or <t> text
        self.cell_attrs: dict | None = None
        self.v = self.f = None
        self.inline: list[str] | None = None
        self.in_is = False

    def start(self, tag: str, attrib: dict) -> None:
        tag = tag[tag.rfind("}") + 1:]
        if tag == "c":
            self.cell_attrs, self.v, self.f, self.inline = attrib, None, None, None
        elif tag == "v" or tag == "f":
            self.text = []
            if tag == "f":
                self.f_attrs = attrib
        elif tag == "is":
            self.in_is, self.inline = True, []
        elif tag == "t" and self.in_is:
            self.text = []
        elif tag == "mergeCell":
            self._merge(attrib.get("ref", ""))
        elif tag == "row":
            self.row_attrs = attrib

    def data(self, text: str) -> None:
        if self.text is not None:
            self.text.append(text)

    def end(self, tag: str) -> None:
        tag = tag[tag.rfind("}") + 1:]
        if tag == "v":
            self.v, self.text = "".join(self.text or ()), None
        elif tag == "f":
            text = "".join(self.text or ())
            self.text = None
            a = self.f_attrs
            self.f = text or ("(shared " + a.get("si", "") + ")" if a.get("t") == "shared" else "")
        elif tag == "t" and self.in_is:
            self.inline.append("".join(self.text or ()))
            self.text = None
        elif tag == "is":
            self.in_is = False
        elif tag == "c":
            self._cell_done()
        elif tag == "row":
            r = self.row_attrs.get("r") if hasattr(self, "row_attrs") else None
            row_no = ascii_int(r)
            if row_no is None or not 0 < row_no <= MAX_ROW:
                row_no = self.last_row if self.row_seen_ref else self.last_row + 1
            for c, cell in self.pending:
                self.sheet.cells[(row_no, c)] = cell
            self.pending.clear()
            self.last_row, self.col_no, self.row_seen_ref = row_no, 0, False

    def _merge(self, rng: str) -> None:
        """One merged range, within the sheet, at most MERGE_AREA cells (a larger one is a
        layout device, never a header); merged cells are bounded per sheet and per workbook
        (`budget[1]`), beyond which the sheet is marked truncated."""
        if ":" not in rng:
            return
        a, b = rng.split(":", 1)
        ma, mb = _CELL_REF.match(a), _CELL_REF.match(b)
        if not (ma and mb):
            return
        r1, c1, r2, c2 = int(ma.group(2)), col_index(ma.group(1)), int(mb.group(2)), col_index(mb.group(1))
        r1, r2, c1, c2 = min(r1, r2), max(r1, r2), min(c1, c2), max(c1, c2)
        if r1 < 1 or c1 < 1 or r2 > MAX_ROW or c2 > MAX_COL:
            return
        area = (r2 - r1 + 1) * (c2 - c1 + 1)
        if area > MERGE_AREA:
            return
        if area > self.budget[1] or self.merged_cells + area > MERGED_PER_SHEET:
            self.sheet.truncated = True
            return
        self.budget[1] -= area
        self.merged_cells += area
        self.sheet.merges.append((r1, c1, r2, c2))

    def _cell_done(self) -> None:
        attrs = self.cell_attrs or {}
        ref = attrs.get("r")
        m = _CELL_REF.match(ref) if ref else None
        if m and not (0 < int(m.group(2)) <= MAX_ROW and col_index(m.group(1)) <= MAX_COL):
            m = None                      # outside any sheet (A0, XFE1, A1048577): placed by order instead
        if m:
            self.col_no = col_index(m.group(1))
            self.last_row = int(m.group(2))
            self.row_seen_ref = True
        else:
            self.col_no += 1
        cell = _cell(attrs.get("t", "n"), attrs.get("s"), self.v, self.f, self.inline,
                     self.strings, self.formats, self.date1904)
        if cell is None:
            return
        if self.budget[0] <= 0:
            self.sheet.truncated = True
            return
        self.budget[0] -= 1
        if m:
            self.sheet.cells[(self.last_row, self.col_no)] = cell
        else:
            self.pending.append((self.col_no, cell))

    def close(self) -> None:
        return None


def _cell(t: str, s: str | None, v_text: str | None, formula: str | None, inline: list[str] | None,
          strings, formats, date1904) -> RawCell | None:
    """One cell from its type, style index, cached value text, formula and inline text."""
    fmt = None
    si = ascii_int(s)
    if si is not None and si < len(formats):
        fmt = formats[si]
    inline = inline or []
    if formula is not None and (v_text is None or v_text == "") and t != "inlineStr":
        return RawCell(value=None, number_format=fmt, formula="=" + formula, cached=False)
    ftext = "=" + formula if formula is not None else None
    if t == "s":
        try:
            return RawCell(strings[int(v_text)], fmt, ftext)
        except (TypeError, ValueError, IndexError):
            return RawCell(None, fmt, ftext, error="#SST?")
    if t == "inlineStr":
        return RawCell("".join(inline), fmt, ftext)
    if t == "str":
        return RawCell(v_text or "", fmt, ftext)
    if t == "b":
        return RawCell(v_text == "1", fmt, ftext)
    if t == "e":
        return RawCell(None, fmt, ftext, error=v_text or "#ERR")
    if t == "d":
        try:
            return RawCell(_dt.datetime.fromisoformat(v_text), fmt, ftext, is_date=True)
        except (TypeError, ValueError):
            return RawCell(v_text, fmt, ftext)
    if v_text is None or v_text == "":
        return None
    try:
        num = float(v_text)
    except ValueError:
        return RawCell(v_text, fmt, ftext)
    if not math.isfinite(num):           # NaN, inf, 1e400: no spreadsheet stores these as numbers
        return RawCell(None, fmt, ftext, error="#NUM!")
    if is_date_format(fmt) and 0 < num < 2958466:
        return RawCell(excel_date(num, date1904), fmt, ftext, is_date=True)
    value = int(num) if num.is_integer() and abs(num) < 2**53 else clean_float(num)
    return RawCell(value, fmt, ftext)
