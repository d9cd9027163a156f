"""The xlsx reader reads a small part as elements and a large one through callbacks
(read/xlsx.py, TREE_BYTES): both must read every part the same way, and a large part must
not be held as elements."""
from __future__ import annotations

import random
import tracemalloc
import zipfile
from pathlib import Path

from lakip_lint.read import Limits, Refused
from lakip_lint.read import xlsx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

STYLES = f"""<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="{MAIN}"><numFmts count="3"><numFmt numFmtId="164" formatCode="0.0%"/>
<numFmt numFmtId="165" formatCode="dd/mm/yyyy"/><numFmt numFmtId="166" formatCode="#,##0.00"/></numFmts>
<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/>
<xf numFmtId="9"/><xf numFmtId="14"/></cellXfs></styleSheet>"""


def _book(path: Path, sheets: list[str], shared: str, styles: str = STYLES, ids: list[str] | None = None) -> Path:
    """A workbook of these sheet parts; `ids`: each sheet's relationship id ('' for none)."""
    ids = [f"rId{i + 1}" for i in range(len(sheets))] if ids is None else ids
    entries = "".join(f'<sheet name="S{i}" sheetId="{i + 1}"' + (f' r:id="{ids[i]}"' if ids[i] else "") + "/>"
                      for i in range(len(sheets)))
    rels = "".join(f'<Relationship' + (f' Id="{ids[i]}"' if ids[i] else "") +
                   f' Target="worksheets/sheet{i + 1}.xml" Type="ws"/>' for i in range(len(sheets)))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{entries}</sheets></workbook>')
        zf.writestr("xl/_rels/workbook.xml.rels",
                    f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}'
                    f'</Relationships>')
        zf.writestr("xl/styles.xml", styles)
        zf.writestr("xl/sharedStrings.xml", shared)
        for i, sheet in enumerate(sheets):
            zf.writestr(f"xl/worksheets/sheet{i + 1}.xml", sheet)
    return path


def _text(rng: random.Random) -> str:
    return rng.choice(["Target", "92,5", "7.592.226", "Rp. 7.680.590.000,-", "a &amp; b", "&lt;x&gt;", " ",
                       "", "<![CDATA[1<2]]>", "1<!-- c -->2", "&#x41;&#66;", "Jumlah\nTotal"])


def _shared(rng: random.Random, p: str) -> str:
    items = []
    for _ in range(rng.randint(0, 12)):
        choice = rng.random()
        if choice < 0.4:
            items.append(f"<{p}si><{p}t>{_text(rng)}</{p}t></{p}si>")
        elif choice < 0.6:
            items.append(f"<{p}si><{p}r><{p}rPr><{p}b/><{p}sz val='11'/></{p}rPr><{p}t>{_text(rng)}</{p}t></{p}r>"
                         f"<{p}r><{p}t xml:space='preserve'> {_text(rng)}</{p}t></{p}r></{p}si>")
        elif choice < 0.75:
            items.append(f"<{p}si><{p}t>{_text(rng)}</{p}t><{p}rPh sb='0' eb='1'><{p}t>ruby</{p}t></{p}rPh>"
                         f"<{p}phoneticPr fontId='1'/></{p}si>")
        elif choice < 0.85:
            items.append(f"<{p}si/>")
        elif choice < 0.93:          # unusual: a stray <t> between items, an element inside a <t>
            items.append(f"<{p}t>stray</{p}t>")
        else:
            items.append(f"<{p}si><{p}t>a<{p}x>b</{p}x>c</{p}t></{p}si>")
    root = "sst"
    if items and rng.random() < 0.05:        # a part that is one item itself
        items, root = [items[0].replace(f"<{p}si>", "", 1).replace(f"</{p}si>", "")], "si"
    return f'<{p}{root} xmlns{":" + p[:-1] if p else ""}="{MAIN}">{"".join(items)}</{p}{root}>'


def _cell(rng: random.Random, p: str, row: int, col: int, n_shared: int) -> str:
    letters = "ABCDEFGHIJ"[col - 1]
    ref = rng.choice([f' r="{letters}{row}"'] * 6 + ["", f' r="{letters}0"', ' r="XFE1"', f' r="{letters.lower()}{row}"'])
    style = rng.choice(["", ' s="1"', ' s="2"', ' s="3"', ' s="4"', ' s="5"', ' s="99"', ' s="x"'])
    t = rng.choice(["", ' t="n"', ' t="s"', ' t="str"', ' t="inlineStr"', ' t="b"', ' t="e"', ' t="d"', ' t="zz"'])
    v = rng.choice(["", f"<{p}v>{rng.randint(0, max(0, n_shared + 1))}</{p}v>", f"<{p}v>{rng.uniform(-1e6, 1e6)}</{p}v>",
                    f"<{p}v>0.925</{p}v>", f"<{p}v>45000</{p}v>", f"<{p}v></{p}v>", f"<{p}v>{_text(rng)}</{p}v>",
                    f"<{p}v>2023-12-31T00:00:00</{p}v>", f"<{p}v>1e400</{p}v>", f"<{p}v>1<{p}x/>2</{p}v>"])
    f = rng.choice([""] * 4 + [f"<{p}f>SUM(A1:A3)</{p}f>", f"<{p}f t='shared' si='3'/>", f"<{p}f/>"])
    inline = rng.choice([""] * 3 + [f"<{p}is><{p}t>{_text(rng)}</{p}t></{p}is>",
                                    f"<{p}is><{p}r><{p}t>x</{p}t></{p}r><{p}r><{p}t>y</{p}t></{p}r></{p}is>"])
    extra = rng.choice([""] * 6 + [f"<{p}extLst><{p}ext uri='u'/></{p}extLst>"])
    parts = [f, v, inline, extra]
    rng.shuffle(parts)
    body = "".join(parts)
    return f"<{p}c{ref}{style}{t}/>" if not body and rng.random() < 0.5 else f"<{p}c{ref}{style}{t}>{body}</{p}c>"


def _sheet(rng: random.Random, p: str, n_shared: int) -> str:
    rows = []
    for r in range(1, rng.randint(1, 14)):
        cells = [_cell(rng, p, r, c, n_shared) for c in range(1, rng.randint(1, 9))]
        if cells and rng.random() < 0.15:     # something else among a row's cells, holding a cell or a row
            inner = _cell(rng, p, r, 9, n_shared)
            cells.insert(rng.randrange(len(cells) + 1), rng.choice([
                f"<{p}extLst>{inner}</{p}extLst>", f"<{p}x/>", f"<{p}row r='{r + 40}'>{inner}</{p}row>",
                f"<{p}c r='J{r}'><{p}row r='{r + 50}'>{inner}</{p}row></{p}c>"]))
        cells = "".join(cells)
        r_attr = rng.choice([f' r="{r}"'] * 4 + ["", ' r="0"', ' r="x"'])
        if cells and rng.random() < 0.05:     # cells straight in <sheetData>, in no row
            rows.append(cells)
            continue
        rows.append(f"<{p}row{r_attr} spans='1:9'>{cells}</{p}row>" if cells or rng.random() < 0.5
                    else f"<{p}row{r_attr}/>")
    merges = "".join(f"<{p}mergeCell ref='{rng.choice(['A1:B2', 'C3:C5', 'B2:A1', 'A1', 'ZZZZ1:A2', 'A1:J20'])}'/>"
                     for _ in range(rng.randint(0, 3)))
    merged = f"<{p}mergeCells>{merges}</{p}mergeCells>" if merges else ""
    ns = f'xmlns{":" + p[:-1] if p else ""}="{rng.choice([MAIN, MAIN, STRICT])}"'
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p}worksheet {ns}><{p}dimension ref="A1"/>'
            f"<{p}sheetData>{''.join(rows)}</{p}sheetData>{merged}</{p}worksheet>")


def _read(path: Path):
    book = xlsx.read_xlsx(str(path), Limits())
    return [(s.name, s.hidden, s.truncated, sorted(s.cells.items()), s.merges) for s in book.sheets]


def test_elements_and_callbacks_read_every_part_alike(tmp_path, monkeypatch):
    """500 random workbooks (namespace prefixes, cells without or with bad references, every
    cell type, rich and inline text, formulas, comments, CDATA, entities, elements where
    none belong — among a row's cells too, holding a cell or a row —, cells in no row, a
    strings part that is one item): read as elements and
    read through the callbacks, the cells are identical."""
    rng = random.Random(20261207)
    for i in range(500):
        p = rng.choice(["", "", "x:"])
        shared = _shared(rng, p)
        n_shared = shared.count("<" + p + "si")
        path = _book(tmp_path / f"b{i}.xlsx", [_sheet(rng, p, n_shared) for _ in range(rng.randint(1, 3))], shared)
        as_elements = _read(path)
        monkeypatch.setattr(xlsx, "TREE_BYTES", -1)
        through_callbacks = _read(path)
        monkeypatch.undo()
        assert as_elements == through_callbacks, path


def test_a_large_sheet_part_is_streamed_not_held_as_elements(tmp_path):
    """A sheet part larger than TREE_BYTES goes through the callbacks: 300 000 empty cells
    (6 MB of XML, nothing kept) are read within a few MB — as elements they take ~60 MB."""
    cells = "".join(f'<c r="A{r}" s="0"/>' for r in range(1, 300_001))
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{cells}</row></sheetData></worksheet>'
    assert len(sheet) > xlsx.TREE_BYTES
    path = _book(tmp_path / "big.xlsx", [sheet], f'<sst xmlns="{MAIN}"/>')
    tracemalloc.start()
    try:
        book = xlsx.read_xlsx(str(path), Limits())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert book.sheets[0].cells == {}
    assert peak < 16 * 1024 * 1024, peak


def test_text_of_a_cell_inside_a_stray_inline_element_is_no_crash(tmp_path, monkeypatch):
    """`<t>` directly in an inline-string cell that sits inside a stray `<is>`: the
    callbacks appended to the list the cell had just reset (AttributeError, the workbook
    lost); now both ways read the cell alike, its text outside any `<is>` left out."""
    sheet = (f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><is><c r="A1" t="inlineStr"><t>Target</t></c></is>'
             f'<c r="B1" t="inlineStr"><is><t>Realisasi</t></is></c></row></sheetData></worksheet>')
    path = _book(tmp_path / "odd.xlsx", [sheet], f'<sst xmlns="{MAIN}"/>')
    as_elements = _read(path)
    monkeypatch.setattr(xlsx, "TREE_BYTES", -1)
    assert _read(path) == as_elements
    cells = dict(as_elements[0][3])
    assert (cells[(1, 1)].value, cells[(1, 2)].value) == ("", "Realisasi")


def _refusal(path: Path) -> str | None:
    try:
        xlsx.read_xlsx(str(path), Limits())
    except Refused as e:
        return e.code
    return None


def test_a_dtd_anywhere_in_a_part_is_refused_never_expanded(tmp_path):
    """A DOCTYPE after a comment longer than the prolog the reader looks at, or written in
    UTF-16, was parsed and its entities expanded (as elements, a ≤ 2 MB part of them costs
    gigabytes); now the part is refused wherever the DTD is, in any encoding."""
    dtd = '<!DOCTYPE worksheet [<!ENTITY e "&lt;c/&gt;">]>'
    body = f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="str"><v>&e;</v></c></row></sheetData></worksheet>'
    late = '<?xml version="1.0" encoding="UTF-8"?><!--' + "x" * 10_000 + "-->" + dtd + body
    utf16 = ('<?xml version="1.0" encoding="UTF-16"?>' + dtd + body).encode("utf-16")
    for name, sheet in (("late", late.encode()), ("utf16", utf16)):
        path = tmp_path / f"{name}.xlsx"
        with zipfile.ZipFile(path, "w") as zf:
            _write_book(zf, sheet)
        assert _refusal(path) == "xml_entities", name


def _write_book(zf: zipfile.ZipFile, sheet: bytes) -> None:
    zf.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                                   f'<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
    zf.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                                              '2006/relationships"><Relationship Id="rId1" Target="worksheets/'
                                              'sheet1.xml" Type="ws"/></Relationships>')
    zf.writestr("xl/worksheets/sheet1.xml", sheet)


def test_damaged_zip_data_after_an_xml_error_is_refused_as_the_xml_error(tmp_path):
    """A 300 KB part with a mismatched tag near its start and a byte damaged further on:
    the streaming read meets the XML error first (corrupt_xml); reading the part whole
    first must not turn that into the zip's error (corrupt_zip)."""
    sheet = (f'<worksheet xmlns="{MAIN}"><sheetData></bogus><!--' + "y" * 300_000 + "--></sheetData></worksheet>")
    path = tmp_path / "crc.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        _write_book(zf, sheet.encode())
    data = bytearray(path.read_bytes())
    at = data.index(b"y" * 1000) + 200_000
    data[at] = ord("z")
    path.write_bytes(bytes(data))
    assert _refusal(path) == "corrupt_xml"


def test_tag_names_are_remembered_per_part_not_per_workbook(tmp_path):
    """Twenty sheets of 12 000 distinct tag names each: the names of one part are
    forgotten with it (kept for the workbook, they grew without bound: ~40 MB here)."""
    sheets = [f'<worksheet xmlns="{MAIN}"><sheetData>' + "".join(f"<t{k}x{i:x}/>" for i in range(12_000))
              + "</sheetData></worksheet>" for k in range(20)]
    path = _book(tmp_path / "tags.xlsx", sheets, f'<sst xmlns="{MAIN}"/>')
    tracemalloc.start()
    try:
        xlsx.read_xlsx(str(path), Limits())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12 * 1024 * 1024, peak


def _one_sheet(cells: str) -> str:
    return f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">{cells}</row></sheetData></worksheet>'


SHARED3 = f'<sst xmlns="{MAIN}"><si><t>first</t></si><si><t>second</t></si><si><t>LAST</t></si></sst>'


def test_a_shared_string_index_that_is_no_plain_number_is_a_bad_reference(tmp_path):
    """`-1` would read the last item, `0_1` and a full-width `１` the second: int() takes them
    all. An index as XML writes one (digits, leading zeros, a '+', spaces around) names an
    item within the list; anything else is #SST?."""
    odd = ["-1", "0_1", "\uff11", "3", "1.0", "", "1 1", "+"]
    fine = {" 1 ": "second", "+2": "LAST", "0002": "LAST", "0": "first", "\n2\t": "LAST"}
    cells = "".join(f'<c r="{chr(65 + i)}1" t="s"><v>{v}</v></c>' for i, v in enumerate(odd))
    cells += "".join(f'<c r="{chr(65 + i)}2" t="s"><v>{v}</v></c>' for i, v in enumerate(fine))
    book = xlsx.read_xlsx(str(_book(tmp_path / "sst.xlsx", [_one_sheet(cells)], SHARED3)), Limits())
    got = book.sheets[0].cells
    assert [(got[(1, i + 1)].value, got[(1, i + 1)].error) for i in range(len(odd))] == [(None, "#SST?")] * len(odd)
    assert [got[(2, i + 1)].value for i in range(len(fine))] == list(fine.values())


def test_a_relationship_without_id_names_no_sheet(tmp_path):
    """Two sheets without r:id and a relationship without Id: neither sheet is that part
    (before, both read it, under the key None); a sheet with its id is read as usual."""
    sheet = _one_sheet('<c r="A1" t="s"><v>0</v></c>')
    book = xlsx.read_xlsx(str(_book(tmp_path / "rels.xlsx", [sheet, sheet, sheet], SHARED3, ids=["", "", "rId3"])), Limits())
    assert [s.name for s in book.sheets] == ["S2"]


def test_a_style_with_a_non_numeric_format_id_costs_that_style_not_the_workbook(tmp_path):
    """`numFmtId="y"` refused the whole workbook as damaged; now that style is General. An id
    as XML writes one (` 9 `, `+164`, `0009`) is read as that id."""
    styles = (f'<styleSheet xmlns="{MAIN}"><numFmts count="2"><numFmt numFmtId="x" formatCode="0.0%"/>'
              f'<numFmt numFmtId="164" formatCode="0.0%"/></numFmts>'
              f'<cellXfs count="6"><xf numFmtId="y"/><xf numFmtId="164"/><xf numFmtId="9"/>'
              f'<xf numFmtId=" 9 "/><xf numFmtId="+164"/><xf numFmtId="0009"/></cellXfs></styleSheet>')
    cells = "".join(f'<c r="{chr(65 + s)}1" s="{s}"><v>0.5</v></c>' for s in range(6))
    book = xlsx.read_xlsx(str(_book(tmp_path / "style.xlsx", [_one_sheet(cells)], SHARED3, styles=styles)), Limits())
    got = book.sheets[0].cells
    assert [got[(1, c)].number_format for c in range(1, 7)] == [None, "0.0%", "0%", "0%", "0.0%", "0%"]
