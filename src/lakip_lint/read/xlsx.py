"""A reader for .xlsx/.xlsm that keeps what a linter needs and nothing more.

Why not openpyxl here: it needs two loads to get both a formula and its cached value,
and it walks every cell up to the stated dimension. Why not calamine: it does not say
whether a formula had a cached value nor which number format (percent, date) a cell
has, and it aborts the process on some hostile zips. This reader parses each sheet's
XML once with expat — a part of up to TREE_BYTES into elements (in C) read cell by cell,
a larger one streamed through callbacks, both reading a cell alike — keeps present cells
only, refuses DTDs (entity bombs), bounds the bytes it inflates and the cells it keeps.
Measured against both in bench/.
"""
from __future__ import annotations

import datetime as _dt
import itertools
import math
import posixpath
import re
import zipfile
import zlib
import xml.etree.ElementTree as ET
from functools import lru_cache
from typing import IO, Iterator

from .grid import MAX_COL, MAX_ROW, RawCell, RawSheet, RawWorkbook, ascii_int, col_index, xml_uint
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


# what reading a damaged member raises (CRC mismatch, truncated member, bad data or method)
_ZIP_DATA_ERRORS = (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, zlib.error)


def read_xlsx(path: str, limits: Limits) -> RawWorkbook:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, NotImplementedError) as e:
        raise Refused("corrupt_zip", reason=str(e)) from None
    try:
        with zf:
            return _read(zf, path, limits)
    except _ZIP_DATA_ERRORS as e:        # CRC mismatch, truncated member, bad member data or method
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
    known = _Known(formats)
    for name, state, rid in sheets_meta[: limits.max_sheets]:
        target = rels.get(rid)
        if not target:
            continue
        wanted = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        part = _find_part(names, wanted)
        if not part:
            continue
        sheet = RawSheet(name=name, hidden=state in ("hidden", "veryHidden"))
        _sheet(zf, part, sheet, strings, known, date1904, limits, budget)
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


def _rels(zf, names, wanted, limits) -> dict[str, str]:
    part = _find_part(names, wanted)
    if not part:
        return {}
    out: dict[str, str] = {}
    for _, el in _iter(zf, part, limits):
        rid = el.get("Id")
        if rid is not None and _local(el.tag) == "Relationship":    # no Id: nothing names it
            out[rid] = el.get("Target", "")
    return out


def _shared_strings(zf, names, limits) -> list[str]:
    part = _find_part(names, "xl/sharedStrings.xml")
    if not part:
        return []
    target = _SharedStringsTarget()
    data = _small_part(zf, part, limits)
    if data is None:
        _parse_with(zf, part, limits, target)
        return target.out
    root = _tree(data, part)
    tags: dict[str, str] = {}      # a tag as parsed -> its local name
    if _local_of(root.tag, tags) in ("si", "t", "rPh"):
        _replay(target, root)            # a part that is one item (or text) itself
        return target.out
    for si in root:
        text = _si_text(si, tags) if target.texts == [] and target.text is None else None
        if text is None:
            _replay(target, si)          # anything unusual: as the callbacks read it
        else:
            target.out.append(text)
    return target.out


def _si_text(si: ET.Element, names: dict[str, str]) -> str | None:
    """The text of a plain `<si>`: its `<t>` and rich-text runs' `<t>`, phonetic guides
    (`<rPh>`) left out; None for anything else (then replayed through the callbacks)."""
    if _local_of(si.tag, names) != "si":
        return None
    if len(si) == 1 and not len(t := si[0]) and _local_of(t.tag, names) == "t":
        return t.text or ""              # the usual item: <si><t>text</t></si>
    texts = []
    for part in si:
        k = _local_of(part.tag, names)
        if k == "rPh":                   # its <t> is a reading guide, not the text
            if _holds(part, names, ("si", "rPh"), skip_self=True):
                return None
            continue
        if k != "t" and k != "r":
            if _holds(part, names, ("t", "si", "rPh")):
                return None
            continue
        for q in ([part] if k == "t" else part):     # a <t>, or a rich-text run's <rPr> and <t>
            kq = _local_of(q.tag, names)
            if kq == "t" and not len(q):
                texts.append(q.text or "")
            elif kq != "rPr" or _holds(q, names, ("t", "si", "rPh")):
                return None
    return "".join(texts)


def _holds(el: ET.Element, names: dict[str, str], tags: tuple[str, ...], skip_self: bool = False) -> bool:
    """Whether `el` (or, with skip_self, something inside it) is one of `tags`."""
    return any(_local_of(x.tag, names) in tags for x in el.iter() if not (skip_self and x is el))


def _local_of(tag: str, names: dict[str, str]) -> str:
    """`_local(tag)`, remembered in `names` (a part repeats a handful of tags)."""
    k = names.get(tag)
    if k is None:
        k = names[tag] = _local(tag)
    return k


def _tree(data: bytes, part: str) -> ET.Element:
    """A part's bytes parsed into elements (C); a parse error refuses the part as before."""
    parser = ET.XMLParser()
    try:
        parser.feed(data)
        return parser.close()
    except ET.ParseError as e:
        raise Refused("corrupt_xml", part=part, reason=str(e)) from None
    except LookupError as e:             # <?xml encoding="ebcdic"?>: an encoding Python does not know
        raise Refused("corrupt_xml", part=part, reason=phrase("xml.encoding", error=str(e))) from None


class _SharedStringsTarget:
    """Each `<si>`: its `<t>` texts joined (rich-text runs), phonetic guides (`<rPh>`) left out."""

    def __init__(self) -> None:
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
            fid = xml_uint(el.get("numFmtId"))
            if fid is not None:               # an id no style can name is left out, not fatal
                custom[fid] = el.get("formatCode", "")
        elif tag == "cellXfs":
            in_cellxfs = ev == "start"
        elif tag == "xf" and ev == "start" and in_cellxfs:
            fid = xml_uint(el.get("numFmtId")) or 0      # missing or not a number: General
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


def _sheet(zf, part, sheet: RawSheet, strings, known: _Known, date1904, limits, budget):
    """Cells and merged ranges of one worksheet part. A part of up to TREE_BYTES is parsed
    into elements by the parser (C) and its cells read from them, a plain cell in one step
    instead of five Python callbacks (start/data/end of `<c>` and `<v>`); a larger part is
    streamed through the same callbacks, so memory does not grow with the sheet."""
    target = _SheetTarget(sheet, strings, known, date1904, budget)
    data = _small_part(zf, part, limits)
    if data is None:
        _parse_with(zf, part, limits, target)
        return
    _walk(target, _tree(data, part))


TREE_BYTES = 2 * 1024 * 1024     # a sheet part read as elements at once (a LAKIP sheet: ~5–200 KB)


def _small_part(zf, part: str, limits: Limits) -> bytes | None:
    """The part's bytes when it inflates to at most TREE_BYTES, is UTF-8 and declares no
    DTD anywhere (a DOCTYPE after a long comment, or in UTF-16, is not in the prolog
    `_open_xml` looks at, so the part is opened once and its bytes looked at whole); else
    None, and the part is streamed through the callbacks, which refuse a DTD wherever it
    is — entities expanded into elements would cost memory the streaming never did.
    Whatever its directory entry claims, at most one chunk more than TREE_BYTES is
    inflated to find out. Damaged zip data is left to the streaming too, so that an XML
    error before the damage is reported as before."""
    try:
        src = _Bounded(zf.open(part), limits.max_member_bytes, part)   # a DTD anywhere: _plain_utf8 says no
        try:
            chunks: list[bytes] = []
            size = 0
            while size <= TREE_BYTES:
                chunk = src.read(65536)
                if not chunk:
                    data = b"".join(chunks)
                    return data if _plain_utf8(data) else None
                chunks.append(chunk)
                size += len(chunk)
            return None
        finally:
            src.fh.close()
    except (Refused, *_ZIP_DATA_ERRORS):
        return None


_DECLARED = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")


def _plain_utf8(data: bytes) -> bool:
    """UTF-8 (as declared, or by default) with no DTD: the bytes `<!DOCTYPE` / `<!ENTITY`
    appear in a UTF-8 text exactly where the parser would see them."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if not body.startswith(b"<"):
        return False                     # UTF-16, or text before the first tag: the parser decides
    declared = _DECLARED.match(body[:200])
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return False
    return b"<!DOCTYPE" not in data and b"<!ENTITY" not in data


def _walk(target: _SheetTarget, root: ET.Element) -> None:
    """Read a sheet's element tree in document order, as the callbacks would: each `<c>`
    (plain: directly; else replayed through the callbacks), each `<row>`'s start and end,
    each `<mergeCell>`. Elements are visited with an explicit stack (no recursion)."""
    names: dict[str, str] = {}       # a tag as parsed -> its local name (this part's tags only)
    stack: list[tuple[ET.Element | None, Iterator[ET.Element]]] = [(None, iter((root,)))]
    while stack:
        parent, children = stack[-1]
        el = next(children, None)
        if el is None:
            stack.pop()
            if parent is not None and names[parent.tag] == "row":
                attrs = target.row_attrs            # the last row begun, as the callbacks see it
                target.row_done(attrs.get("r") if attrs is not None else None)
            continue
        tag = el.tag
        k = _local_of(tag, names)
        if k == "c":
            _tree_cell(target, el, names)
            continue
        if k == "row":
            target.row_attrs = el.attrib
            cells = iter(el)
            for child in cells:          # a row of cells only, the usual: read in one loop
                if _local_of(child.tag, names) != "c":
                    stack.append((el, itertools.chain((child,), cells)))   # the rest as any element
                    break
                _tree_cell(target, child, names)
            else:
                target.row_done(target.row_attrs.get("r"))
            continue
        if k == "mergeCell":
            target.merge(el.attrib.get("ref", ""))
        if len(el):
            stack.append((el, iter(el)))


def _tree_cell(target: _SheetTarget, c: ET.Element, names: dict[str, str]) -> None:
    """One `<c>` element: plain `<v>`/`<f>` parts read directly; anything else (an inline
    string, rich text, something nested) replayed through the callbacks."""
    v = f = None
    for part in c:
        tag = part.tag
        k = _local_of(tag, names)
        if len(part) or (k != "v" and k != "f"):
            _replay(target, c)
            return
        if k == "v":
            v = part.text or ""
        else:
            text = part.text or ""
            a = part.attrib
            f = text or ("(shared " + a.get("si", "") + ")" if a.get("t") == "shared" else "")
    target.place(c.attrib, v, f, None)


def _replay(target, root: ET.Element) -> None:
    """Hand an element and everything in it to `target` as the parser's callbacks would
    (start, its text, each child, the child's tail, end), without recursion."""
    stack: list[tuple[ET.Element, int]] = [(root, 0)]
    target.start(root.tag, root.attrib)
    if root.text:
        target.data(root.text)
    while stack:
        el, i = stack[-1]
        if i < len(el):
            stack[-1] = (el, i + 1)
            child = el[i]
            target.start(child.tag, child.attrib)
            if child.text:
                target.data(child.text)
            stack.append((child, 0))
            continue
        stack.pop()
        target.end(el.tag)
        if stack and el.tail:
            target.data(el.tail)


class _Doctype(Exception):
    """A DTD met while parsing (wherever it is, in whatever encoding)."""


def _parse_with(zf, part: str, limits: Limits, target) -> None:
    """Stream one XML part through the parser into `target` (start/data/end callbacks:
    no element tree, no event queue). A DTD anywhere refuses the part, as one in the
    prolog does (`_open_xml`): entities are never expanded."""
    parser = ET.XMLParser(target=_NoDoctype(target))
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
    except _Doctype:
        raise Refused("xml_entities", part=part) from None
    finally:
        src.fh.close()


class _NoDoctype:
    """A target's callbacks, and a DOCTYPE refused the moment the parser meets it."""

    def __init__(self, target):
        self.start, self.end, self.data, self.close = target.start, target.end, target.data, target.close

    def doctype(self, name, pubid, system) -> None:
        raise _Doctype(name)


class _SheetTarget:
    """Receives a worksheet's elements from the XML parser. A cell names its position
    (`r="D5"`); the rare writer that omits it gets the position from the order of cells
    and the row's own `r`, settled when the row ends."""

    def __init__(self, sheet: RawSheet, strings, known: _Known, date1904, budget):
        self.sheet, self.strings, self.known, self.date1904 = sheet, strings, known, date1904
        self.budget = budget
        self.merged_cells = 0
        self.last_row = 0                 # the last row number known (a cell's or a row's `r`)
        self.col_no = 0
        self.row_seen_ref = False
        self.pending: list[tuple[int, RawCell]] = []    # cells without a reference
        self.text: list[str] | None = None              # collecting <v>, <f> or <t> text
        self.cell_attrs: dict | None = None
        self.v: str | None = None
        self.f: str | None = None
        self.inline: list[str] | None = None
        self.in_is = False
        self.row_attrs: dict | None = None

    def start(self, tag: str, attrib: dict) -> None:
        tag = tag[tag.rfind("}") + 1:]
        if tag == "c":
            # a cell's inline text is its own <is>, never one it sits in
            self.cell_attrs, self.v, self.f, self.inline, self.in_is = attrib, None, None, None, False
        elif tag == "v" or tag == "f":
            self.text = []
            if tag == "f":
                self.f_attrs = attrib
        elif tag == "is":
            self.in_is, self.inline = True, []
        elif tag == "t" and self.in_is:
            self.text = []
        elif tag == "mergeCell":
            self.merge(attrib.get("ref", ""))
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
            if self.inline is not None:     # None: a cell began inside a stray <is>; its <t> is no inline text
                self.inline.append("".join(self.text or ()))
            self.text = None
        elif tag == "is":
            self.in_is = False
        elif tag == "c":
            self._cell_done()
        elif tag == "row":
            self.row_done(self.row_attrs.get("r") if self.row_attrs is not None else None)

    def row_done(self, r: str | None) -> None:
        """A row ended: its cells without a reference take its number (or the next one)."""
        row_no = ascii_int(r)
        if row_no is None or not 0 < row_no <= MAX_ROW:
            row_no = self.last_row if self.row_seen_ref else self.last_row + 1
        for c, cell in self.pending:
            self.sheet.cells[(row_no, c)] = cell
        self.pending.clear()
        self.last_row, self.col_no, self.row_seen_ref = row_no, 0, False

    def merge(self, rng: str) -> None:
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
        self.place(self.cell_attrs or {}, self.v, self.f, self.inline)

    def place(self, attrs: dict, v: str | None, f: str | None, inline: list[str] | None) -> None:
        """One cell read: where it goes (its `r`, else next to the one before) and what it holds."""
        ref = attrs.get("r")
        known = self.known
        at = known.position(ref) if ref else None
        if at:
            self.last_row, self.col_no = at
            self.row_seen_ref = True
        else:
            self.col_no += 1
        fmt, dated = known.style(attrs.get("s"))
        cell = _cell(attrs.get("t", "n"), fmt, dated, v, f, inline, self.strings, self.date1904)
        if cell is None:
            return
        if self.budget[0] <= 0:
            self.sheet.truncated = True
            return
        self.budget[0] -= 1
        if at:
            self.sheet.cells[at] = cell
        else:
            self.pending.append((self.col_no, cell))

    def close(self) -> None:
        return None


class _Known:
    """What a workbook's cells repeat, worked out once per workbook: the (row, column) a
    reference names (`D5` recurs on every sheet) and the number format of a style index
    with whether it shows a date; each kept up to MAX_KEPT entries."""

    MAX_KEPT = 1 << 16

    def __init__(self, formats: list[str | None]):
        self.formats = formats
        self.positions: dict[str, tuple[int, int] | None] = {}
        self.styles: dict[str | None, tuple[str | None, bool]] = {}

    def position(self, ref: str) -> tuple[int, int] | None:
        """(row, column) of `D5`; None for a reference outside any sheet (A0, XFE1,
        A1048577) or not one at all: such a cell is placed by order instead."""
        at = self.positions.get(ref, False)
        if at is False:
            at = None
            m = _CELL_REF.match(ref)
            if m:
                row, col = int(m.group(2)), col_index(m.group(1))
                if 0 < row <= MAX_ROW and col <= MAX_COL:
                    at = (row, col)
            if len(self.positions) < self.MAX_KEPT:
                self.positions[ref] = at
        return at        # type: ignore[return-value]  # False (not seen yet) was replaced above

    def style(self, s: str | None) -> tuple[str | None, bool]:
        """(number format, shows a date) of a cell's `s` attribute (None: General)."""
        hit = self.styles.get(s)
        if hit is None:
            fmt = None
            si = ascii_int(s)
            if si is not None and si < len(self.formats):
                fmt = self.formats[si]
            hit = (fmt, is_date_format(fmt))
            if len(self.styles) < self.MAX_KEPT:
                self.styles[s] = hit
        return hit


def _cell(t: str, fmt: str | None, dated: bool, v_text: str | None, formula: str | None,
          inline: list[str] | None, strings, date1904) -> RawCell | None:
    """One cell from its type, number format (and whether it shows a date), cached value
    text, formula and inline text."""
    if formula is not None and (v_text is None or v_text == "") and t != "inlineStr":
        return RawCell(value=None, number_format=fmt, formula="=" + formula, cached=False)
    ftext = "=" + formula if formula is not None else None
    if t == "s":          # an index as XML writes one (int() would also take '-1', '0_1', '１')
        i = xml_uint(v_text)
        if i is None or i >= len(strings):
            return RawCell(None, fmt, ftext, error="#SST?")
        return RawCell(strings[i], fmt, ftext)
    if t == "inlineStr":
        return RawCell("".join(inline or ()), fmt, ftext)
    if t == "str":
        return RawCell(v_text or "", fmt, ftext)
    if t == "b":
        return RawCell(v_text == "1", fmt, ftext)
    if t == "e":
        return RawCell(None, fmt, ftext, error=v_text or "#ERR")
    if t == "d":
        try:
            return RawCell(_dt.datetime.fromisoformat(v_text or ""), fmt, ftext, is_date=True)
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
    if dated and 0 < num < 2958466:
        return RawCell(excel_date(num, date1904), fmt, ftext, is_date=True)
    value = int(num) if num.is_integer() and abs(num) < 2**53 else clean_float(num)
    return RawCell(value, fmt, ftext)
