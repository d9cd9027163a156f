"""Edit an .xlsx package in place of a round trip: every part of the input is carried over
as it is (cached values, formulas, styles, defined names, validations, conditional formats,
comments, images, charts, print settings, ignored-error flags, parts no library knows),
and only the parts that must change are touched, by small text edits:

- a marked cell gets a style of its own: its old style with one fill added (styles.xml
  gains the fills and cell formats; the sheet's `<c>` gets the new `s`; a cell not in the
  sheet is written as an empty styled cell);
- comments are added to the sheet's comments part (made when the sheet has none, with the
  VML drawing Excel needs to show them);
- new worksheets (the Temuan sheet) are added as new parts, first in the workbook; defined
  names local to a sheet follow their sheet (`localSheetId` shifts); the sheet the
  workbook opens on becomes the new one;
- a custom document property is set (docProps/custom.xml, made when missing).

Nothing here knows what a finding is: annotate.py says what to mark and what to write.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from xml.sax.saxutils import escape

from ..read.grid import col_index

NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_SHEET = NS_REL + "/worksheet"
REL_COMMENTS = NS_REL + "/comments"
REL_VML = NS_REL + "/vmlDrawing"
REL_CUSTOM = NS_REL + "/custom-properties"
REL_STYLES = NS_REL + "/styles"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CT_STYLES = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)    # the date of every zip entry we write: same content, same bytes
_SAVE_TIMES = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")


def workbook_bytes(wb) -> bytes:
    """An openpyxl workbook as .xlsx bytes that depend on its content only: openpyxl dates
    every zip entry and the core properties with the time of saving, so the same workbook
    saved twice differed. Entries are dated FIXED_TIME and the two times left out (both
    optional; Excel then shows none)."""
    saved = io.BytesIO()
    wb.save(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(saved) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _SAVE_TIMES.sub(b"", body)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type, entry.external_attr = info.compress_type, info.external_attr
            zout.writestr(entry, body)
    return out.getvalue()


def attr(s: str) -> str:
    return escape(s, {'"': "&quot;"})


def split_coord(coord: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]{1,3})(\d+)", coord)
    if m is None:
        raise ValueError(f"not a cell reference: {coord!r}")
    return int(m.group(2)), col_index(m.group(1))


@dataclass
class Package:
    parts: dict[str, bytes]
    infos: list[zipfile.ZipInfo]
    added: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, path: str) -> "Package":
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            return cls({i.filename: z.read(i.filename) for i in infos}, infos)

    def text(self, name: str) -> str:
        return self.parts[name].decode("utf-8")

    def free_name(self, pattern: str) -> tuple[str, int]:
        """The first part name `pattern.format(n)` (n = 1, 2, …) not in the package, and its n."""
        n = 1
        while pattern.format(n) in self.parts:
            n += 1
        return pattern.format(n), n

    def put(self, name: str, text: str) -> None:
        if name not in self.parts:
            self.added.append(name)
        self.parts[name] = text.encode("utf-8")

    def write(self, path: str) -> None:
        with zipfile.ZipFile(path, "w") as z:
            for info in self.infos:
                z.writestr(info, self.parts[info.filename], compress_type=info.compress_type)
            for name in self.added:            # dated FIXED_TIME: the same copy, the same bytes
                z.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME), self.parts[name],
                           compress_type=zipfile.ZIP_DEFLATED)

    # -- relationships and content types ------------------------------------------------
    @staticmethod
    def rels_name(part: str) -> str:
        d, _, f = part.rpartition("/")
        return f"{d}/_rels/{f}.rels" if d else f"_rels/{f}.rels"

    def rels(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target resolved to a part name) of a part's relationships."""
        name = self.rels_name(part)
        if name not in self.parts:
            return []
        base = part.rpartition("/")[0]
        out = []
        for m in re.finditer(r"<Relationship\b([^>]*)/?>", self.text(name)):
            a = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            if a.get("TargetMode") == "External":
                continue
            out.append((a["Id"], a["Type"], _resolve(base, a["Target"])))
        return out

    def add_rel(self, part: str, rtype: str, target_part: str) -> str:
        name = self.rels_name(part)
        if name in self.parts:
            text = self.text(name)
        else:
            text = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
                    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')
        ids = set(re.findall(r'Id="([^"]*)"', text))
        n = 1
        while f"rId{n}" in ids or f"lakip{n}" in ids:
            n += 1
        rid = f"lakip{n}"
        target = _relative(part.rpartition("/")[0], target_part)
        text = text.replace("</Relationships>", f'<Relationship Id="{rid}" Type="{rtype}" Target="{attr(target)}"/>'
                                                 "</Relationships>")
        self.put(name, text)
        return rid

    def add_override(self, part: str, content_type: str) -> None:
        text = self.text("[Content_Types].xml")
        if f'PartName="/{part}"' in text:
            return
        self.put("[Content_Types].xml", text.replace(
            "</Types>", f'<Override PartName="/{attr(part)}" ContentType="{content_type}"/></Types>'))

    def add_default(self, ext: str, content_type: str) -> None:
        text = self.text("[Content_Types].xml")
        if re.search(rf'<Default Extension="{ext}"', text, re.I):
            return
        self.put("[Content_Types].xml", text.replace(
            "<Override", f'<Default Extension="{ext}" ContentType="{content_type}"/><Override', 1))

    def workbook_part(self) -> str:
        for _, t, target in self.rels(""):
            if t.endswith("/officeDocument"):
                return target
        return "xl/workbook.xml"

    def sheets(self) -> list[tuple[str, str]]:
        """(sheet name, part) in workbook order."""
        wb = self.workbook_part()
        by_id = {rid: target for rid, _, target in self.rels(wb)}
        out = []
        for m in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)/>", self.text(wb)):
            a = dict(re.findall(r'([\w:]+)="([^"]*)"', m.group(1)))
            rid = next((v for k, v in a.items() if k.endswith(":id")), None)
            if rid in by_id:
                out.append((_unescape(a["name"]), by_id[rid]))
        return out


def _unescape(s: str) -> str:
    return (s.replace("&quot;", '"').replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">")
            .replace("&amp;", "&"))


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target[1:]
    parts = (base.split("/") if base else []) + target.split("/")
    out: list[str] = []
    for p in parts:
        if p == "..":
            if out:
                out.pop()
        elif p and p != ".":
            out.append(p)
    return "/".join(out)


def _relative(base: str, part: str) -> str:
    b = base.split("/") if base else []
    p = part.split("/")
    i = 0
    while i < len(b) and i < len(p) - 1 and b[i] == p[i]:
        i += 1
    return "/".join([".."] * (len(b) - i) + p[i:])


# -- styles --------------------------------------------------------------------------------
MAX_PLAIN_XFS = 65_536      # Excel's limit on cell formats: how many plain ones a made styles part holds
_STYLE_INDEX = re.compile(r'<(?:\w+:)?c\b[^>]*?\bs="(\d{1,9})"')


def _minimal_styles(pkg: "Package") -> str:
    """What Excel needs of a styles part — one font, the two reserved fills, one border, the
    Normal style — with as many plain cell formats as the sheets' cells name (`s="5"` with
    no styles part is a plain cell): the formats added after them then style no cell of the
    workbook's own."""
    used = max((int(m.group(1)) for name, data in pkg.parts.items() if name.startswith("xl/worksheets/")
                and name.endswith(".xml") for m in _STYLE_INDEX.finditer(data.decode("utf-8", "replace"))),
               default=0)
    n = min(used + 1, MAX_PLAIN_XFS)
    plain = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{n}">{plain * n}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '</styleSheet>')


class Styles:
    """Add fills, fonts and cell formats to styles.xml by text edits."""

    def __init__(self, pkg: Package):
        self.pkg = pkg
        wb = pkg.workbook_part()
        part = next((t for _, rt, t in pkg.rels(wb) if rt.endswith("/styles")), None)
        if part is None or part not in pkg.parts:      # a workbook need not have one: it gets one
            if part is None:
                part = "xl/styles.xml" if "xl/styles.xml" not in pkg.parts else pkg.free_name("xl/styles{}.xml")[0]
                pkg.add_rel(wb, REL_STYLES, part)
            pkg.add_override(part, CT_STYLES)
            pkg.put(part, _minimal_styles(pkg))
        self.part = part
        self._text = pkg.text(part)
        self._filled: dict[tuple[int, str], int] = {}

    def _section(self, tag: str) -> tuple[int, int] | None:
        m = re.search(rf"<{tag}\b[^>]*?(/>|>)", self._text)
        if not m:
            return None
        if m.group(1) == "/>":
            return m.start(), m.end()
        end = self._text.index(f"</{tag}>", m.end()) + len(f"</{tag}>")
        return m.start(), end

    def _items(self, tag: str, item: str) -> list[str]:
        sec = self._section(tag)
        if sec is None:
            return []
        body = self._text[sec[0]:sec[1]]
        return re.findall(rf"<{item}\b(?:[^>]*/>|.*?</{item}>)", body, re.S)

    def _append(self, tag: str, item_xml: str, before: str | None = None) -> int:
        """Append an item to a collection (creating it); its index."""
        sec = self._section(tag)
        if sec is None:
            where = self._text.index(f"<{before}") if before and f"<{before}" in self._text else \
                self._text.index("</styleSheet>")
            self._text = self._text[:where] + f'<{tag} count="1">{item_xml}</{tag}>' + self._text[where:]
            return 0
        items = len(self._items(tag, tag[:-1] if tag != "cellXfs" else "xf"))
        start, end = sec
        block = self._text[start:end]
        if block.endswith("/>"):
            block = block[:-2] + f">{item_xml}</{tag}>"
        else:
            block = block[: -len(f"</{tag}>")] + item_xml + f"</{tag}>"
        block = re.sub(r'count="\d+"', f'count="{items + 1}"', block, count=1)
        self._text = self._text[:start] + block + self._text[end:]
        return items

    def num_fmt(self, code: str) -> int:
        """A custom number format's id (made once)."""
        for m in re.finditer(r'<numFmt\b[^>]*numFmtId="(\d+)"[^>]*formatCode="([^"]*)"', self._text):
            if m.group(2) == attr(code):
                return int(m.group(1))
        ids = [int(x) for x in re.findall(r'<numFmt\b[^>]*numFmtId="(\d+)"', self._text)]
        fid = max([163, *ids]) + 1
        self._append("numFmts", f'<numFmt numFmtId="{fid}" formatCode="{attr(code)}"/>', before="fonts")
        return fid

    def fill(self, rgb: str) -> int:
        return self._append("fills", f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/>'
                                     '<bgColor indexed="64"/></patternFill></fill>')

    def font(self, bold: bool = False, colour: str | None = None, underline: bool = False) -> int:
        inner = ("<b/>" if bold else "") + ("<u/>" if underline else "") + '<sz val="11"/>' + \
            (f'<color rgb="FF{colour}"/>' if colour else "") + '<name val="Calibri"/><family val="2"/>'
        return self._append("fonts", f"<font>{inner}</font>")

    def xf(self, fill: int = 0, font: int = 0, num_fmt: int = 0, wrap: bool = False, top: bool = True) -> int:
        align = "<alignment" + (' vertical="top"' if top else "") + (' wrapText="1"' if wrap else "") + "/>"
        return self._append("cellXfs", f'<xf numFmtId="{num_fmt}" fontId="{font}" fillId="{fill}" borderId="0" '
                                       f'xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" '
                                       f'applyAlignment="1">{align}</xf>')

    def with_fill(self, style: int, rgb: str) -> int:
        """A cell format equal to `style` but filled with `rgb` (made once per pair)."""
        key = (style, rgb)
        if key in self._filled:
            return self._filled[key]
        xfs = self._items("cellXfs", "xf")
        base = xfs[style] if 0 <= style < len(xfs) else (xfs[0] if xfs else '<xf numFmtId="0" fontId="0" '
                                                          'fillId="0" borderId="0" xfId="0"/>')
        fid = self.fill(rgb)
        new = re.sub(r'\sfillId="\d+"', "", base, count=1)
        new = re.sub(r'\sapplyFill="\d"', "", new, count=1)
        new = re.sub(r"^<xf\b", f'<xf fillId="{fid}" applyFill="1"', new)
        idx = self._append("cellXfs", new)
        self._filled[key] = idx
        return idx

    def save(self) -> None:
        self.pkg.put(self.part, self._text)


# -- cells in a sheet ------------------------------------------------------------------------
# One pass over a sheet's text for all the cells to mark, whatever their number: searching the
# text once per cell made a copy with thousands of marks take minutes. A sheet may be written
# with a namespace prefix (`<x:c>`, as the OpenXML SDK does): its own prefix is used throughout.
_CELL_R = re.compile(r'\br="([A-Z]{1,3}\d+)"')
_CELL_S = re.compile(r'\bs="(\d+)"')
_MERGE = re.compile(r'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]{1,3}\d+):([A-Z]{1,3}\d+)"')
MERGE_INDEXED = 10_000          # cells of one merged range looked up by position
MERGE_INDEX_BUDGET = 1_000_000  # merged cells indexed per sheet
MERGE_LARGE = 1_000             # larger ranges kept apart; beyond, every range is tried per cell


@dataclass(frozen=True)
class _SheetTags:
    prefix: str
    cell: re.Pattern             # a cell's start tag
    cell_col: re.Pattern         # a cell's start tag, its column letters
    row: re.Pattern              # a row's start tag: its number, "/" when it has no cells
    row_end: re.Pattern
    data_empty: re.Pattern       # `<sheetData/>`
    data_end: re.Pattern


@lru_cache(maxsize=8)
def _sheet_tags(prefix: str) -> _SheetTags:
    p = re.escape(prefix)
    return _SheetTags(prefix, re.compile(rf"<{p}c\b[^>]*?/?>"), re.compile(rf'<{p}c\b[^>]*\br="([A-Z]+)\d+"'),
                      re.compile(rf'<{p}row\b[^>]*?\br="(\d+)"[^>]*?(/?)>'), re.compile(rf"</{p}row\s*>"),
                      re.compile(rf"<{p}sheetData\s*/>"), re.compile(rf"</{p}sheetData\s*>"))


def _tags_of(sheet_xml: str) -> _SheetTags:
    m = re.search(r"<(\w+:)?sheetData\b", sheet_xml)
    return _sheet_tags(m.group(1) or "" if m else "")


def cell_styles(sheet_xml: str, coords) -> dict[str, int]:
    """The style index of each of `coords` the sheet has (its first `<c>`); absent ones left out."""
    wanted, found = set(coords), {}
    for m in _tags_of(sheet_xml).cell.finditer(sheet_xml):
        r = _CELL_R.search(m.group(0))
        if r and r.group(1) in wanted and r.group(1) not in found:
            s = _CELL_S.search(m.group(0))
            found[r.group(1)] = int(s.group(1)) if s else 0
    return found


def set_cell_styles(sheet_xml: str, styles: dict[str, int]) -> str:
    """Give each cell of `styles` (`coord → style index`) its style, adding an empty styled
    cell where the sheet has none (into its row, in column order; a row it lacks is added
    in row order). A sheet without a place for cells (no sheetData) is left as it is."""
    tags = _tags_of(sheet_xml)
    done: set[str] = set()

    def restyle(m: re.Match) -> str:
        tag = m.group(0)
        r = _CELL_R.search(tag)
        if not r or r.group(1) not in styles or r.group(1) in done:
            return tag
        coord = r.group(1)
        done.add(coord)
        s = _CELL_S.search(tag)
        if s:
            return f'{tag[:s.start()]}s="{styles[coord]}"{tag[s.end():]}'
        return f'{tag[:r.end()]} s="{styles[coord]}"{tag[r.end():]}'

    xml = tags.cell.sub(restyle, sheet_xml)
    missing: dict[int, list[tuple[int, str]]] = {}
    for coord, style in styles.items():
        if coord not in done:
            r, c = split_coord(coord)
            missing.setdefault(r, []).append((c, f'<{tags.prefix}c r="{coord}" s="{style}"/>'))
    return _add_cells(xml, missing, tags) if missing else xml


def _add_cells(xml: str, missing: dict[int, list[tuple[int, str]]], tags: _SheetTags) -> str:
    """Insert new cells (`row → [(column, <c …/>)]`): edits collected in one pass over the
    rows, applied together."""
    p = tags.prefix
    empty = tags.data_empty.search(xml)
    if empty:                                       # no rows at all: every cell goes into a new row
        xml = f"{xml[:empty.start()]}<{p}sheetData></{p}sheetData>{xml[empty.end():]}"
    edits: list[tuple[int, int, str]] = []          # (start, end, replacement), in order made
    left = dict(missing)
    rows = [(int(m.group(1)), m) for m in tags.row.finditer(xml)]
    for r, m in rows:
        cells = left.pop(r, None)
        if cells is None:
            continue
        cells.sort()
        if m.group(2) == "/":                       # `<row r="5"/>`: open it
            edits.append((m.start(), m.end(), m.group(0)[:-2] + ">" + "".join(t for _, t in cells) + f"</{p}row>"))
            continue
        close = tags.row_end.search(xml, m.end())
        if close is None:
            continue
        end = close.start()
        at = [(col_index(cm.group(1)), m.end() + cm.start()) for cm in tags.cell_col.finditer(xml[m.end():end])]
        for c, text in cells:
            where = next((pos for col, pos in at if col > c), end)
            edits.append((where, where, text))
    data_end = tags.data_end.search(xml)
    for r, cells in sorted(left.items()):           # rows the sheet lacks, in row order
        cells.sort()
        before = next((m.start() for rr, m in rows if rr > r), data_end.start() if data_end else None)
        if before is not None:
            edits.append((before, before, f'<{p}row r="{r}">' + "".join(t for _, t in cells) + f"</{p}row>"))
    return apply_edits(xml, edits)


def apply_edits(text: str, edits: list[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, replacement) applied — spans of the original text, not
    overlapping; several insertions at one position keep the order they were made in. One
    copy of the text, however many edits."""
    out, last = [], len(text)
    for _, (start, end, new) in sorted(enumerate(edits), key=lambda e: (e[1][0], e[1][1], e[0]), reverse=True):
        out.append(text[end:last])
        out.append(new)
        last = start
    out.append(text[:last])
    return "".join(reversed(out))


def merge_anchors(sheet_xml: str, coords) -> dict[str, str]:
    """For each of `coords`, the top-left cell of the merged range it lies in (the first such
    range in the sheet; the cell Excel shows), or the cell itself. The cells of ranges up to
    MERGE_INDEXED cells are looked up (MERGE_INDEX_BUDGET in all), larger ones tried one by
    one; past MERGE_LARGE of those, every range is tried for every cell."""
    index: dict[tuple[int, int], int] = {}
    large, ranges = [], []
    budget = MERGE_INDEX_BUDGET
    for i, m in enumerate(_MERGE.finditer(sheet_xml)):
        (r1, c1), (r2, c2) = split_coord(m.group(1)), split_coord(m.group(2))
        ranges.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2), m.group(1), r1 <= r2 and c1 <= c2))
        area = (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)
        if r1 <= r2 and c1 <= c2 and area <= min(MERGE_INDEXED, budget):
            budget -= area
            for r in range(r1, r2 + 1):
                for c in range(c1, c2 + 1):
                    index.setdefault((r, c), i)
        else:
            large.append(i)
    every = len(large) > MERGE_LARGE
    out = {}
    for coord in coords:
        r, c = split_coord(coord)
        tried = range(len(ranges)) if every else large
        hits = [i for i in tried if ranges[i][5] and ranges[i][0] <= r <= ranges[i][2] and ranges[i][1] <= c <= ranges[i][3]]
        if (r, c) in index:
            hits.append(index[(r, c)])
        out[coord] = ranges[min(hits)][4] if hits else coord
    return out


# -- comments ----------------------------------------------------------------------------------
_AFTER_LEGACY = ("legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems",
                 "tableParts", "extLst")


def add_comments(pkg: Package, sheet_part: str, notes: dict[str, str], author: str) -> None:
    """Comments (`coord → text`) on a sheet: appended to its comments part (a note already
    on a cell keeps its text; ours goes under it), or a new comments part and VML drawing."""
    if not notes:
        return
    rels = pkg.rels(sheet_part)
    comments = next((t for _, rt, t in rels if rt == REL_COMMENTS), None)
    vml = next((t for _, rt, t in rels if rt == REL_VML), None)
    sheet = pkg.text(sheet_part)
    if comments is None:
        comments, _ = pkg.free_name("xl/comments{}.xml")
        pkg.put(comments, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="http://schemas.'
                          'openxmlformats.org/spreadsheetml/2006/main"><authors></authors><commentList></commentList>'
                          '</comments>')
        pkg.add_rel(sheet_part, REL_COMMENTS, comments)
        pkg.add_override(comments, CT_COMMENTS)
    if vml is None:
        vml, n = pkg.free_name("xl/drawings/vmlDrawing{}.vml")
        pkg.put(vml, '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
                     'xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext='
                     f'"edit" data="{1000 + n}"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" '
                     'o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok='
                     '"t" o:connecttype="rect"/></v:shapetype></xml>')
        rid = pkg.add_rel(sheet_part, REL_VML, vml)
        pkg.add_default("vml", CT_VML)
        sp = _tags_of(sheet).prefix                # the sheet's own prefix, if it writes one
        tag = f'<{sp}legacyDrawing r:id="{rid}"/>'
        if 'xmlns:r="' not in sheet[:600]:
            sheet = re.sub(rf"<{re.escape(sp)}worksheet\b", lambda m: f'{m.group(0)} xmlns:r="{NS_REL}"', sheet, count=1)
        for after in _AFTER_LEGACY:
            m = re.search(rf"<{re.escape(sp)}{after}\b", sheet)
            if m:
                sheet = sheet[:m.start()] + tag + sheet[m.start():]
                break
        else:
            sheet = re.sub(rf"</{re.escape(sp)}worksheet\s*>", lambda m: tag + m.group(0), sheet, count=1)
        pkg.put(sheet_part, sheet)
    text = pkg.text(comments)
    head = re.search(r"<(\w+:)?comments\b[^>]*>", text)
    if head is None:
        return                                   # not a comments part we can add to
    cp = head.group(1) or ""
    q = re.escape(cp)
    me = escape(author)
    authors = re.findall(rf"<{q}author>(.*?)</{q}author\s*>", text, re.S)
    if me not in authors:
        text = re.sub(rf"<{q}authors\s*/>", lambda m: f"<{cp}authors></{cp}authors>", text, count=1)
        if re.search(rf"</{q}authors\s*>", text):
            text = re.sub(rf"</{q}authors\s*>", lambda m: f"<{cp}author>{me}</{cp}author>{m.group(0)}", text, count=1)
        else:
            at = head.end()
            text = f"{text[:at]}<{cp}authors><{cp}author>{me}</{cp}author></{cp}authors>{text[at:]}"
        authors.append(me)
    aid = authors.index(me)
    text = re.sub(rf"<{q}commentList\s*/>", lambda m: f"<{cp}commentList></{cp}commentList>", text, count=1)
    if not re.search(rf"</{q}commentList\s*>", text):
        end = re.search(rf"</{q}comments\s*>", text)
        if end is None:
            return
        text = f"{text[:end.start()]}<{cp}commentList></{cp}commentList>{text[end.start():]}"
    # the comments the part has, found once (each cell's first); edits applied together at the end
    have: dict[str, re.Match] = {}
    for m in re.finditer(rf"<{q}comment\b([^>]*?)(?:/>|>(.*?)</{q}comment\s*>)", text, re.S):
        ref = re.search(r'\bref="([A-Z]{1,3}\d+)"', m.group(1))
        if ref:
            have.setdefault(ref.group(1), m)
    edits: list[tuple[int, int, str]] = []
    added = []
    shapes = []
    for coord, note in notes.items():
        body = f'<{cp}r><{cp}t xml:space="preserve">{escape(note)}</{cp}t></{cp}r>'
        old = have.get(coord)
        if old is not None and old.group(2) is None:     # `<comment ref=… />` holds no text: ours is its text
            edits.append((old.start(), old.end(), f"<{cp}comment{old.group(1)}><{cp}text>{body}</{cp}text></{cp}comment>"))
            continue
        if old is not None:                      # the cell's own note first, ours under it
            inner = re.sub(rf"</{q}text\s*>",
                           lambda m: f'<{cp}r><{cp}t xml:space="preserve">\n\n</{cp}t></{cp}r>{body}{m.group(0)}',
                           old.group(2), count=1)
            edits.append((old.start(2), old.end(2), inner))
            continue
        added.append(f'<{cp}comment ref="{coord}" authorId="{aid}"><{cp}text>{body}</{cp}text></{cp}comment>')
        r, c = split_coord(coord)
        lines = sum(1 + len(x) // 60 for x in note.split("\n"))
        shapes.append(
            f'<v:shape type="#_x0000_t202" style="position:absolute;margin-left:80pt;margin-top:2pt;width:300pt;'
            f'height:{min(450, 14 + 12 * lines)}pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" '
            'o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
            '<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left">'
            '</div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>'
            f'<x:Anchor>{c},15,{r - 1},2,{c + 5},15,{r + min(30, lines)},2</x:Anchor><x:AutoFill>False</x:AutoFill>'
            f'<x:Row>{r - 1}</x:Row><x:Column>{c - 1}</x:Column></x:ClientData></v:shape>')
    closing = re.search(rf"</{q}commentList\s*>", text)
    if added and closing is not None:          # (made above when the part had none)
        edits.append((closing.start(), closing.start(), "".join(added)))
    pkg.put(comments, apply_edits(text, edits))
    vtext = pkg.text(vml)
    close = vtext.rfind("</xml>")
    if close >= 0:                               # a drawing we can add the notes' shapes to
        pkg.put(vml, vtext[:close] + "".join(shapes) + vtext[close:])


# -- sheets, names, properties ---------------------------------------------------------------
def add_first_sheet(pkg: Package, name: str, sheet_xml: str) -> str:
    """A new worksheet, first in the workbook and the one it opens on."""
    wb = pkg.workbook_part()
    part, _ = pkg.free_name("xl/worksheets/sheet{}.xml")
    pkg.put(part, sheet_xml)
    pkg.add_override(part, CT_SHEET)
    rid = pkg.add_rel(wb, REL_SHEET, part)
    text = pkg.text(wb)
    ids = [int(x) for x in re.findall(r'<(?:\w+:)?sheet\b[^>]*\bsheetId="(\d+)"', text)]
    sheets = re.search(r"<(\w+:)?sheets\b", text)
    if sheets is None:
        raise ValueError("the workbook part lists no sheets")
    prefix = sheets.group(1) or ""
    rprefix = re.search(r'xmlns:(\w+)="' + re.escape(NS_REL) + '"', text)
    rp = rprefix.group(1) if rprefix else "r"
    if not rprefix:
        text = re.sub(r"<(\w+:)?workbook\b", lambda m: m.group(0) + f' xmlns:r="{NS_REL}"', text, count=1)
    entry = f'<{prefix}sheet name="{attr(name)}" sheetId="{max(ids, default=0) + 1}" {rp}:id="{rid}"/>'
    text = re.sub(r"(<(?:\w+:)?sheets\b[^>]*>)", lambda m: m.group(1) + entry, text, count=1)
    text = re.sub(r'localSheetId="(\d+)"', lambda m: f'localSheetId="{int(m.group(1)) + 1}"', text)
    text = re.sub(r'\s(activeTab|firstSheet)="\d+"', "", text)
    pkg.put(wb, text)
    for _, sp in pkg.sheets():                 # one selected tab, or Excel opens them grouped
        if sp != part and sp in pkg.parts:
            st = pkg.text(sp)
            if 'tabSelected="1"' in st:
                pkg.put(sp, st.replace(' tabSelected="1"', ""))
    return part


def set_custom_property(pkg: Package, name: str, value: str) -> None:
    part = "docProps/custom.xml"
    prop_ns = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
    vt_ns = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    if part not in pkg.parts:
        pkg.put(part, f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="{prop_ns}" '
                      f'xmlns:vt="{vt_ns}"></Properties>')
        pkg.add_override(part, CT_CUSTOM)
        pkg.add_rel("", REL_CUSTOM, part)
    text = pkg.text(part)
    pids = [int(x) for x in re.findall(r'pid="(\d+)"', text)]
    vt = re.search(r'xmlns:(\w+)="' + re.escape(vt_ns) + '"', text)
    vp = vt.group(1) if vt else "vt"
    if not vt:
        text = text.replace("<Properties", f'<Properties xmlns:vt="{vt_ns}"', 1)
    prop = (f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{max(pids, default=1) + 1}" '
            f'name="{attr(name)}"><{vp}:lpwstr>{escape(value)}</{vp}:lpwstr></property>')
    text = re.sub(r"<Properties\b([^>]*)/>", r"<Properties\1></Properties>", text, count=1)
    pkg.put(part, text.replace("</Properties>", prop + "</Properties>"))
