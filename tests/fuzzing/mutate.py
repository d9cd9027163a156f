"""Seeded mutations of a workbook at three levels, each one a way real or hostile files differ.

- **value**: a shared string or a number cell replaced by a text reports write or a hostile
  one (`²`, a 5,000-digit number, a year `20233`, `NaN`, `Rp 12.345.678,901,-`, …);
- **xml**: cell types and references, row numbers, merged ranges (many, huge, broken), the
  XML declaration (unknown encodings), truncation, DTDs, deep nesting, sheet states and names,
  number formats and style indices;
- **zip / bytes**: compression method 99, "version needed" 14.8, the encryption flag, missing
  or duplicated members, flipped, zeroed, inserted or truncated bytes.

`mutate(data, seed)` is deterministic: the same sample and seed give the same bytes.
"""
from __future__ import annotations

import io
import random
import re
import struct
import zipfile

from lakip_lint.read.grid import col_letter

HOSTILE_TEXTS = [
    "²", "¹²³", "٣", "١٢٣", "Ⅻ", "½", "¼%", "5" * 5000, "1" + "0" * 400, "9" * 30 + ",5", "20233", "99999",
    "0", "-0", "NaN", "nan", "inf", "-inf", "Infinity", "1e400", "1E-400", "1e5", "0x10", "Rp 12.345.678,901,-",
    "12.345.678,901,-", "Rp. 7.680.590.000,-", "7.592.226", "92,5", "1.2.3.4", "1.1.1.1.1", "(1.234)", "(5%)",
    "--", "—", "-", "%", "%%", "1/0", "=1/0", "#REF!", "#N/A", "#DIV/0!", "29 Februari 2023", "31 Juni 2023",
    "0 Januari 20233", "Desember 99999", "32 Desember 2023", "TA 20233", "Tahun 0", "\u202e123", "a" * 100_000,
    " ", "\t\n", "Tabel 1", "TOTAL", "Jumlah", "Rata-rata", "No", "12,345,678.90", "0,0000000000000000000001",
    "1.000.000.000.000.000.000.000.000.000", "-9.999.999.999.999,99", "100 %", "84,31 (Persen)", "N/A", "n/a",
    "1,2,3", ",", ".", "1..2", "1,,2", "+-1", "1-", "1 2 3", "٫٥", "１２３", "１２，５", "Rp", "Rp -", "(000)",
    "(dalam milyar rupiah)", "SEMULA", "MENJADI", "TARGET PNBPN", "\u00a0", "\ufeff12", "1\u200b234",
    "2023" * 50, "SK1", "SK" + "9" * 5000, "0" * 5000, "." * 5000, "-" * 5000, "(" * 5000,
]
NUMBER_VALUES = ["NaN", "nan", "inf", "-inf", "INF", "1e308", "1e309", "-1e309", "1e-320", "", "abc", "1,5",
                 "0x10", "9" * 5000, "-0", " 12 ", "1_000", "1e5000", "4.9e-324", "-", "true"]
CELL_TYPES = ["s", "b", "e", "str", "inlineStr", "d", "n", "zz", ""]
CELL_REFS = ["", "A0", "ZZZZ1", "XFD1048576", "XFE1", "A99999999", "A1048577", "1A", "a1", "$A$1", "A-1", "AAAAAAAAAA1"]
ROW_REFS = ["0", "-1", "1048576", "1048577", "99999999999", "x", "", "1.5", "١"]
ENCODINGS = ["x-unknown", "utf-16", "ebcdic", "utf-7", "", "UTF-8\x00", "us-ascii", "latin-1", "cp1252"]
NUMFMTS = ["0.00%", '[$-421]dd mmmm yyyy', "@", '"Rp"#,##0', "#,##0.00;(#,##0.00)", "0%%%", "x" * 5000,
           "[Red][<=100]0;[Blue]0", "General", "yyyy-mm-dd", "0.0E+00", ";;;", "0" * 400]


def _members(data: bytes) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        return infos, {i.filename: z.read(i.filename) for i in infos}


def _pack(order: list[str], members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in order:
            if name in members:
                z.writestr(name, members[name])
    return buf.getvalue()


def _xml_escape(s: str) -> str:
    s = "".join(ch for ch in s if ch in "\t\n\r" or ord(ch) >= 0x20)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _sheets(members: dict[str, bytes]) -> list[str]:
    return sorted(n for n in members if n.startswith("xl/worksheets/sheet") and n.endswith(".xml"))


def _hostile_text(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return rng.choice(HOSTILE_TEXTS)
    alphabet = "0123456789.,-()% RpE²٣"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))


# -- value level ------------------------------------------------------------------------

def m_shared_string(rng, members):
    name = "xl/sharedStrings.xml"
    xml = members.get(name)
    if not xml:
        return None
    text = xml.decode("utf-8")
    items = list(re.finditer(r"<si>.*?</si>", text, re.S))
    if not items:
        return None
    m = rng.choice(items)
    new = _hostile_text(rng)
    members[name] = (text[:m.start()] + f'<si><t xml:space="preserve">{_xml_escape(new)}</t></si>' + text[m.end():]).encode()
    return f"shared string → {new[:40]!r}{'…' if len(new) > 40 else ''}"


def m_number_value(rng, members):
    sheet = rng.choice(_sheets(members))
    text = members[sheet].decode("utf-8")
    cells = list(re.finditer(r'<c r="[A-Z]+\d+"(?: s="\d+")?><v>([^<]*)</v></c>', text))
    if not cells:
        # no number cell: turn a shared-string cell into a number cell
        cells = list(re.finditer(r'<c r="([A-Z]+\d+)"(?: s="\d+")? t="s"><v>([^<]*)</v></c>', text))
        if not cells:
            return None
        m = rng.choice(cells)
        v = rng.choice(NUMBER_VALUES)
        members[sheet] = (text[:m.start()] + f'<c r="{m.group(1)}"><v>{_xml_escape(v)}</v></c>' + text[m.end():]).encode()
        return f"{sheet} {m.group(1)} number ← {v[:30]!r}"
    m = rng.choice(cells)
    v = rng.choice(NUMBER_VALUES)
    members[sheet] = (text[:m.start(1)] + _xml_escape(v) + text[m.end(1):]).encode()
    return f"{sheet} number value ← {v[:30]!r}"


def m_many_values(rng, members):
    done = []
    for _ in range(rng.randint(2, 6)):
        d = rng.choice([m_shared_string, m_number_value])(rng, members)
        if d:
            done.append(d)
    return "; ".join(done) or None


# -- xml level --------------------------------------------------------------------------

def _random_cell(rng, members):
    sheet = rng.choice(_sheets(members))
    text = members[sheet].decode("utf-8")
    cells = list(re.finditer(r"<c [^>]*?(/>|>.*?</c>)", text, re.S))
    return sheet, text, (rng.choice(cells) if cells else None)


def m_cell_type(rng, members):
    sheet, text, m = _random_cell(rng, members)
    if m is None:
        return None
    t = rng.choice(CELL_TYPES)
    v = rng.choice(["0", "1", "7", "999999", "-1", "abc", "#REF!", "2023-13-45T00:00:00", "", "NaN"])
    attrs = re.sub(r'\s+t="[^"]*"', "", re.match(r"<c ([^>]*?)/?>", m.group(0)).group(1))
    body = f"<is><t>{_xml_escape(v)}</t></is>" if t == "inlineStr" and rng.random() < 0.5 else f"<v>{_xml_escape(v)}</v>"
    new = f'<c {attrs} t="{t}">{body}</c>' if t else f"<c {attrs}>{body}</c>"
    members[sheet] = (text[:m.start()] + new + text[m.end():]).encode()
    return f"{sheet} cell type {t!r} value {v!r}"


def m_cell_ref(rng, members):
    sheet, text, m = _random_cell(rng, members)
    if m is None:
        return None
    ref = rng.choice(CELL_REFS)
    new = re.sub(r'r="[^"]*"', f'r="{ref}"', m.group(0), count=1)
    members[sheet] = (text[:m.start()] + new + text[m.end():]).encode()
    return f"{sheet} cell ref → {ref!r}"


def m_row_ref(rng, members):
    sheet = rng.choice(_sheets(members))
    text = members[sheet].decode("utf-8")
    rows = list(re.finditer(r'<row r="(\d+)"', text))
    if not rows:
        return None
    m = rng.choice(rows)
    r = rng.choice(ROW_REFS)
    members[sheet] = (text[:m.start(1)] + r + text[m.end(1):]).encode()
    return f"{sheet} row {m.group(1)} → {r!r}"



def m_merges(rng, members):
    sheet = rng.choice(_sheets(members))
    text = members[sheet].decode("utf-8")
    how = rng.choice(["many_big", "giant", "overlap", "broken", "many_small"])
    if how == "many_big":
        refs = [f"{col_letter(1 + (i % 50) * 100)}{1 + (i // 50) * 100}:{col_letter(99 + (i % 50) * 100)}{99 + (i // 50) * 100}"
                for i in range(1000)]
    elif how == "giant":
        refs = ["A1:XFD1048576"]
    elif how == "overlap":
        refs = ["A1:D10", "B2:E20", "A1:A1", "C3:C3"] * 50
    elif how == "broken":
        refs = rng.sample(["A1:", ":B2", "Z9:A1", "A0:B1", "A1:B1048577", "XFE1:XFE2", "", "A1:B2:C3", "foo"], 4)
    else:
        refs = [f"A{i}:B{i}" for i in range(1, 20001)]
    body = f'<mergeCells count="{len(refs)}">' + "".join(f'<mergeCell ref="{r}"/>' for r in refs) + "</mergeCells>"
    text = re.sub(r"<mergeCells.*?</mergeCells>", "", text, flags=re.S)
    text = text.replace("</sheetData>", "</sheetData>" + body, 1)
    members[sheet] = text.encode()
    return f"{sheet} merges {how} ({len(refs)})"


def m_xml_decl(rng, members):
    name = rng.choice(_sheets(members) + ["xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml"])
    if name not in members:
        return None
    enc = rng.choice(ENCODINGS)
    text = members[name]
    body = re.sub(rb"^<\?xml[^>]*\?>", b"", text)
    if rng.random() < 0.15:
        members[name] = body
        return f"{name} without XML declaration"
    members[name] = f'<?xml version="1.0" encoding="{enc}" standalone="yes"?>'.encode("utf-8", "replace") + body
    return f"{name} encoding {enc!r}"


def m_xml_break(rng, members):
    name = rng.choice(_sheets(members) + ["xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml",
                                          "[Content_Types].xml", "xl/_rels/workbook.xml.rels"])
    if name not in members:
        return None
    data = members[name]
    how = rng.choice(["truncate", "doctype", "unbalanced", "deep", "garbage", "empty", "entity_ref"])
    if how == "truncate":
        members[name] = data[: rng.randint(0, max(1, len(data) - 1))]
    elif how == "doctype":
        members[name] = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', 1)
    elif how == "unbalanced":
        members[name] = data.replace(b"</sheetData>", b"<row></sheetData>", 1).replace(b"</sst>", b"<si></sst>", 1)
    elif how == "deep":
        pos = data.find(b"<sheetData>")
        pos = pos + len(b"<sheetData>") if pos >= 0 else len(data) // 2
        members[name] = data[:pos] + b"<x>" * 100_000 + b"</x>" * 100_000 + data[pos:]
    elif how == "garbage":
        pos = rng.randint(0, len(data))
        members[name] = data[:pos] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))) + data[pos:]
    elif how == "empty":
        members[name] = b""
    else:
        members[name] = data.replace(b"<v>", b"<v>&undefined;", 1)
    return f"{name} xml {how}"


def m_workbook(rng, members):
    name = "xl/workbook.xml"
    text = members[name].decode("utf-8")
    sheets = list(re.finditer(r"<sheet [^>]*/>", text))
    if not sheets:
        return None
    m = rng.choice(sheets)
    how = rng.choice(["veryHidden", "hidden", "name_long", "name_empty", "name_quote", "no_sheets", "dup", "bad_rid",
                      "defined_names"])
    s = m.group(0)
    if how in ("veryHidden", "hidden"):
        new = s.replace("/>", f' state="{how}"/>')
    elif how.startswith("name_"):
        nm = {"name_long": "T" * 5000, "name_empty": "", "name_quote": "Tabel '1'!&lt;x&gt;"}[how]
        new = re.sub(r'name="[^"]*"', f'name="{nm}"', s)
    elif how == "no_sheets":
        members[name] = re.sub(r"<sheets>.*?</sheets>", "<sheets/>", text, flags=re.S).encode()
        return "workbook without sheets"
    elif how == "dup":
        new = s + s
    elif how == "bad_rid":
        new = re.sub(r'r:id="[^"]*"', 'r:id="rId99999"', s)
    else:
        members[name] = text.replace("</workbook>", "<definedNames><definedName name=\"x\">" + "A1," * 5000
                                     + "</definedName></definedNames></workbook>").encode()
        return "workbook defined names"
    members[name] = (text[:m.start()] + new + text[m.end():]).encode()
    return f"workbook sheet {how}"


def m_styles(rng, members):
    name = "xl/styles.xml"
    if name not in members:
        return None
    text = members[name].decode("utf-8")
    how = rng.choice(["numfmt", "xf_index", "numfmt_id"])
    if how == "numfmt":
        code = rng.choice(NUMFMTS)
        fmt = f'<numFmt numFmtId="200" formatCode="{_xml_escape(code).replace(chr(34), "&quot;")}"/>'
        if "<numFmts" in text:
            text = re.sub(r"(<numFmts[^>]*>)", r"\1" + fmt.replace("\\", "\\\\"), text, count=1)
        else:
            text = text.replace("<fonts", f'<numFmts count="1">{fmt}</numFmts><fonts', 1)
        text = re.sub(r'(<cellXfs[^>]*>\s*<xf [^>]*?)numFmtId="\d+"', r'\1numFmtId="200"', text, count=1)
        members[name] = text.encode()
        return f"styles numFmt {code[:30]!r}"
    if how == "numfmt_id":
        members[name] = re.sub(r'numFmtId="\d+"', 'numFmtId="99999999999"', text, count=3).encode()
        return "styles numFmtId huge"
    sheet, stext, m = _random_cell(rng, members)
    if m is None:
        return None
    idx = rng.choice(["99999", "-1", "x", "1" * 30])
    new = re.sub(r'\s+s="[^"]*"', "", m.group(0)).replace("<c ", f'<c s="{idx}" ', 1)
    members[sheet] = (stext[:m.start()] + new + stext[m.end():]).encode()
    return f"{sheet} style index {idx}"


XML_MUTATORS = [m_cell_type, m_cell_ref, m_row_ref, m_merges, m_xml_decl, m_xml_break, m_workbook, m_styles]
VALUE_MUTATORS = [m_shared_string, m_number_value, m_many_values]


# -- zip and byte level -----------------------------------------------------------------

def _central_entries(data: bytes):
    """(central header offset, local header offset, name) of every member."""
    eocd = data.rfind(b"PK\x05\x06")
    if eocd < 0:
        return []
    count, size, start = struct.unpack("<HII", data[eocd + 10:eocd + 20])
    out, pos = [], start
    for _ in range(count):
        if data[pos:pos + 4] != b"PK\x01\x02":
            break
        n, e, c = struct.unpack("<HHH", data[pos + 28:pos + 34])
        local = struct.unpack("<I", data[pos + 42:pos + 46])[0]
        out.append((pos, local, data[pos + 46:pos + 46 + n].decode("utf-8", "replace")))
        pos += 46 + n + e + c
    return out


def z_header(rng, data: bytes):
    entries = _central_entries(data)
    if not entries:
        return data, None
    central, local, name = rng.choice(entries)
    b = bytearray(data)
    how = rng.choice(["method99", "version148", "encrypted", "method_stored_lie", "sizes"])
    if how == "method99":
        struct.pack_into("<H", b, central + 10, 99)
        struct.pack_into("<H", b, local + 8, 99)
    elif how == "version148":
        struct.pack_into("<H", b, central + 6, 148)
        struct.pack_into("<H", b, local + 4, 148)
    elif how == "encrypted":
        flags = struct.unpack_from("<H", b, central + 8)[0] | 1
        struct.pack_into("<H", b, central + 8, flags)
        struct.pack_into("<H", b, local + 6, flags)
    elif how == "method_stored_lie":
        struct.pack_into("<H", b, central + 10, 0)
        struct.pack_into("<H", b, local + 8, 0)
    else:
        struct.pack_into("<I", b, central + 24, 0xFFFFFFF0)
        struct.pack_into("<I", b, local + 22, 0xFFFFFFF0)
    return bytes(b), f"zip {how} on {name}"


def z_members(rng, infos, members):
    order = [i.filename for i in infos]
    how = rng.choice(["drop", "dup", "extra_huge_name", "reorder"])
    if how == "drop":
        victim = rng.choice(["xl/workbook.xml", "xl/sharedStrings.xml", "[Content_Types].xml",
                             "xl/_rels/workbook.xml.rels", "xl/styles.xml", rng.choice(_sheets(members))])
        members.pop(victim, None)
        return _pack(order, members), f"zip without {victim}"
    if how == "dup":
        victim = rng.choice(_sheets(members) + ["xl/sharedStrings.xml"])
        buf = io.BytesIO()
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
                for n in order:
                    z.writestr(n, members[n])
                z.writestr(victim, b"<x/>")
        return buf.getvalue(), f"zip duplicate {victim}"
    if how == "extra_huge_name":
        members["x" * 60000] = b"x"
        return _pack(order + ["x" * 60000], members), "zip member with a 60000-character name"
    rng.shuffle(order)
    return _pack(order, members), "zip members reordered"


def b_bytes(rng, data: bytes):
    b = bytearray(data)
    how = rng.choice(["flip", "truncate", "insert", "zero"])
    if how == "flip":
        for _ in range(rng.randint(1, 20)):
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
    elif how == "truncate":
        b = b[: rng.randrange(len(b))]
    elif how == "insert":
        i = rng.randrange(len(b))
        b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
    else:
        i = rng.randrange(len(b))
        n = rng.randint(1, 4096)
        b[i:i + n] = bytes(min(n, len(b) - i))
    return bytes(b), f"bytes {how}"


LEVELS = ("value", "xml", "zip", "bytes")


def mutate(data: bytes, seed: int) -> tuple[bytes, str]:
    """One mutated copy of `data` (an xlsx) and what was done; deterministic in `seed`."""
    rng = random.Random(seed)
    level = rng.choices(LEVELS, weights=(40, 35, 10, 15))[0]
    infos, members = _members(data)
    order = [i.filename for i in infos]
    if level == "bytes":
        out, what = b_bytes(rng, data)
        return out, what
    if level == "zip":
        if rng.random() < 0.5:
            out, what = z_header(rng, data)
            return out, what or "zip unchanged"
        out, what = z_members(rng, infos, members)
        return out, what
    mutators = VALUE_MUTATORS if level == "value" else XML_MUTATORS
    for _ in range(10):
        what = rng.choice(mutators)(rng, members)
        if what:
            return _pack(order, members), what
    return data, "unchanged"
