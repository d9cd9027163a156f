"""Build the sample workbooks in samples/ from the seed's tables in samples/source/.

    python samples/build_samples.py

- bspji-pekanbaru-2023.xlsx: the report as printed — one table per sheet `Tabel N`,
  caption on top, every value the report's own text, repeated page headers kept,
  group headers merged; plus the Ikhtisar sheet of headline facts from the text.
- bspji-pekanbaru-2023-rapi.xlsx: the same facts tidy — native numbers with number
  formats and dates, SUM formulas (with cached values) for totals that add up, several
  tables per sheet at different offsets; code columns (kegiatan/komponen codes such as
  `051`, 6-digit accounts) stay text, as budget exports write them.
- bspji-pekanbaru-2023-bersih.xlsx, bspji-pekanbaru-2023-rapi-bersih.xlsx: the same two
  layouts with the corrections of source/corrections.yaml applied.

The seed's mistakes are kept on purpose in the first two: they are what the linter must
find. A total that does not equal its parts is written as the typed constant the report
states. Deterministic: the same sources give the same bytes (fixed document dates).
"""
from __future__ import annotations

import copy
import datetime as dt
import re
import sys
from decimal import Decimal
from pathlib import Path

import yaml
import xlsxwriter

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
from lakip_lint.labels import compact, is_year_token  # noqa: E402
from lakip_lint.read.dates import assign_years, parse_date_parts  # noqa: E402
from lakip_lint.read.numbers import parse_number  # noqa: E402

SOURCE = HERE / "source"
FIXED = dt.datetime(2024, 1, 29, 8, 0, 0)

# Headline facts as the report's text states them (Ikhtisar Eksekutif, Bab II 2.3, Bab IV, PK).
IKHTISAR = [
    ("Nama satker", "Balai Standardisasi dan Pelayanan Jasa Industri (BSPJI) Pekanbaru", "Sampul"),
    ("Tahun anggaran", "2023", "Sampul"),
    ("Pagu awal DIPA", "Rp. 7.952.226.000,-", "Bab II 2.3 Rencana Anggaran"),
    ("Jumlah revisi DIPA", "18 kali", "Bab II 2.3 Rencana Anggaran"),
    ("Pagu akhir DIPA", "Rp. 7.680.590.000,-", "Bab II 2.3 Rencana Anggaran"),
    ("Realisasi anggaran", "Rp. 7,680,058,359,-", "Ikhtisar Eksekutif"),
    ("Persentase realisasi anggaran", "99,99%", "Ikhtisar Eksekutif"),
    ("Target PNBP", "Rp. 250.000.000,-", "Ikhtisar Eksekutif"),
    ("Realisasi PNBP", "Rp. 616.640.854,-", "Ikhtisar Eksekutif"),
    ("Persentase realisasi PNBP", "246,66%", "Ikhtisar Eksekutif"),
    ("Tanggal Perjanjian Kinerja", "27 Oktober 2023", "Lampiran PK"),
    ("Total Anggaran Perjanjian Kinerja", "Rp. 7.350.321.000,-", "Lampiran PK"),
]

# rapi layout: sheet -> list of (table id, first column index 0-based)
RAPI_LAYOUT = {
    "Kinerja": [("tabel-01", 1), ("tabel-05", 0), ("tabel-08", 2), ("pk", 1), ("tabel-09", 0),
                ("tabel-11", 1)] + [(f"capaian-sk{i}", 0) for i in range(1, 9)],
    "Anggaran": [("tabel-06", 1), ("tabel-07", 0), ("tabel-30", 2), ("lampiran-1", 0), ("tabel-31", 1),
                 ("tabel-32", 0), ("tabel-33", 3)],
    "PNBP": [("tabel-13", 0), ("tabel-14", 2), ("tabel-15", 0), ("tabel-16", 1), ("tabel-34", 0), ("tabel-35", 4)],
    "Layanan": [("tabel-17", 0), ("tabel-36", 1), ("tabel-37", 0), ("tabel-18", 2), ("tabel-19", 0)],
    "Survei dan Nilai": [("tabel-20", 0), ("tabel-21", 1), ("tabel-22", 0), ("tabel-23", 0), ("tabel-25", 2),
                         ("tabel-26", 0), ("tabel-27", 1), ("tabel-28", 0)],
    "Renstra": [("tabel-04", 0), ("tabel-29", 0), ("tabel-29b", 1), ("tabel-38", 0)],
}
# tables whose page parts shift columns: the tidy copy keeps their repeated headers
KEEP_REPEATED_HEADERS = {"tabel-04", "tabel-29", "tabel-29b", "tabel-38"}


def load_sources():
    index = yaml.safe_load((SOURCE / "index.yaml").read_text(encoding="utf-8"))
    tables = {}
    for entry in index:
        lines = (SOURCE / f"{entry['id']}.tsv").read_text(encoding="utf-8").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        rows = [line.split("\t") for line in lines]
        entry["rows"] = rows
        entry["header_rows"] = entry.get("header_rows") or header_row_count(rows)
        tables[entry["id"]] = entry
    return index, tables


def load_corrections() -> list[dict]:
    return yaml.safe_load((SOURCE / "corrections.yaml").read_text(encoding="utf-8")) or []


def apply_corrections(index, ikhtisar, corrections):
    """Copies of the table index and the Ikhtisar facts with the corrections applied.
    Each correction's `from` must be what the source says now."""
    index = copy.deepcopy(index)
    tables = {e["id"]: e for e in index}
    facts = [list(f) for f in ikhtisar]
    for n, c in enumerate(corrections, start=1):
        where = f"corrections.yaml entry {n} ({c.get('source')})"
        src, part = c["source"], c.get("part", "cell")
        if src == "ikhtisar":
            hits = [f for f in facts if f[0] == c["fact"]]
            if len(hits) != 1:
                raise SystemExit(f"{where}: no single Ikhtisar fact {c['fact']!r}")
            k = {"label": 0, "value": 1}[part]
            _check_from(where, hits[0][k], c["from"])
            hits[0][k] = c["to"]
        elif src in tables and part == "caption":
            _check_from(where, tables[src].get("caption"), c["from"])
            tables[src]["caption"] = c["to"]
        elif src in tables and part == "cell":
            rows = tables[src]["rows"]
            i, j = c["row"], c["col"]
            if not (0 <= i < len(rows) and 0 <= j < len(rows[i])):
                raise SystemExit(f"{where}: no cell row {i} col {j}")
            _check_from(where, rows[i][j], c["from"])
            rows[i][j] = c["to"]
        else:
            raise SystemExit(f"{where}: unknown source or part")
    return index, {e["id"]: e for e in index}, [tuple(f) for f in facts]


def _check_from(where: str, actual, expected) -> None:
    if actual != expected:
        raise SystemExit(f"{where}: source says {actual!r}, not `from` {expected!r}")


def check_printed_cells(corrections, positions, ikhtisar=IKHTISAR) -> None:
    """Each correction's `printed` cell is where the printed workbook shows that place."""
    labels = [f[0] for f in ikhtisar]
    for n, c in enumerate(corrections, start=1):
        part = c.get("part", "cell")
        if c["source"] == "ikhtisar":
            key = ("ikhtisar", labels.index(c["fact"]), part)
        elif part == "caption":
            key = (c["source"], "caption")
        else:
            key = (c["source"], c["row"], c["col"])
        if positions.get(key) != c["printed"]:
            raise SystemExit(f"corrections.yaml entry {n}: printed {c['printed']!r}, "
                             f"but the printed workbook shows it at {positions.get(key)!r}")


def _ref(sheet: str, row: int, col: int) -> str:
    name = sheet if re.fullmatch(r"[A-Za-z0-9_]+", sheet) else "'" + sheet.replace("'", "''") + "'"
    return f"{name}!{_col(col)}{row + 1}"


def _is_number_text(s: str) -> bool:
    return parse_number(s).kind in ("number", "ambiguous")


def is_column_numbers(row: list[str]) -> bool:
    nums = [c.strip() for c in row if c.strip()]
    if len(nums) < 3 or not all(n.isdigit() for n in nums) or nums[0] != "1":
        return False
    vals = [int(n) for n in nums]
    return all(0 <= b - a <= 2 for a, b in zip(vals, vals[1:]))


def header_row_count(rows: list[list[str]]) -> int:
    """Header rows: leading rows of short texts and years, up to the column-number row or
    the first row that holds a number or a long text."""
    n = 0
    for row in rows[:4]:
        cells = [c.strip() for c in row if c.strip()]
        if not cells or is_column_numbers(row):
            break
        if any(_is_number_text(c) and not is_year_token(c) and len(c) > 1 and c not in ("T", "R") for c in cells):
            break
        if n >= 1 and any(len(c) > 60 for c in cells):
            break
        if n >= 1 and re.match(r"^(SK|BSPJI|Balai)", cells[0]):
            break
        n += 1
    return max(n, 1)


def header_merges(block: list[list[str]], width: int) -> list[tuple[int, int, int, int]]:
    """Merged ranges for a printed header block (row offsets within the block)."""
    merges = []
    taken = set()
    h = len(block)
    for i, row in enumerate(block):
        for j in range(width):
            text = row[j].strip() if j < len(row) else ""
            if not text or (i, j) in taken:
                continue
            j2 = j
            if i < h - 1:
                while j2 + 1 < width and not (row[j2 + 1].strip() if j2 + 1 < len(row) else ""):
                    below_any = any((block[k][j2 + 1].strip() if j2 + 1 < len(block[k]) else "") for k in range(i + 1, h))
                    here_below = any((block[k][j].strip() if j < len(block[k]) else "") for k in range(i + 1, h))
                    if not below_any and here_below:
                        break
                    if j2 + 1 - j >= 6:
                        break
                    j2 += 1
            i2 = i
            while i2 + 1 < h and all(not (block[i2 + 1][c].strip() if c < len(block[i2 + 1]) else "")
                                     for c in range(j, j2 + 1)):
                i2 += 1
            if (i2, j2) != (i, j):
                merges.append((i, j, i2, j2))
                for a in range(i, i2 + 1):
                    for b in range(j, j2 + 1):
                        taken.add((a, b))
    return merges


def header_positions(entry) -> list[int]:
    """Row offsets where the header block (first row) starts, including repeats."""
    rows, h = entry["rows"], entry["header_rows"]
    first = rows[0]
    out = []
    for i, row in enumerate(rows):
        if row == first or (i > 0 and compact(" ".join(row)) == compact(" ".join(first))):
            out.append(i)
    return out


# ---------------------------------------------------------------- printed workbook
def build_printed(path: Path, index, tables, ikhtisar=IKHTISAR,
                  title="LAKIP BSPJI Pekanbaru TA 2023 (sampel tercetak)") -> dict:
    """Write the printed workbook; return where each source place landed:
    (table id, row, col) / (table id, "caption") / ("ikhtisar", fact index, part) -> cell."""
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    wb.set_properties({"title": title, "created": FIXED})
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1})
    cellf = wb.add_format({"border": 1, "valign": "top", "text_wrap": True})
    ikhtisar_sheet(wb, bold, head, cellf, native=False, facts=ikhtisar)
    positions = {}
    for k in range(len(ikhtisar)):
        positions[("ikhtisar", k, "label")] = _ref("Ikhtisar", 3 + k, 0)
        positions[("ikhtisar", k, "value")] = _ref("Ikhtisar", 3 + k, 1)
    sheets = {}
    for entry in index:
        name = entry["sheet"]
        if name not in sheets:
            sheets[name] = [wb.add_worksheet(name), 0]
        ws, row0 = sheets[name]
        if row0:
            row0 += 2
        if entry.get("caption"):
            ws.write_string(row0, 0, entry["caption"], bold)
            positions[(entry["id"], "caption")] = _ref(name, row0, 0)
            row0 += 2
        rows = entry["rows"]
        for a, row in enumerate(rows):
            for b in range(len(row)):
                positions[(entry["id"], a, b)] = _ref(name, row0 + a, b)
        width = max(len(r) for r in rows)
        h = entry["header_rows"]
        starts = set(header_positions(entry))
        i = 0
        while i < len(rows):
            if i in starts:
                block = [r + [""] * (width - len(r)) for r in rows[i:i + h]]
                merged = header_merges(block, width)
                covered = set()
                for a, b, c, d in merged:
                    ws.merge_range(row0 + i + a, b, row0 + i + c, d, block[a][b], head)
                    covered |= {(x, y) for x in range(a, c + 1) for y in range(b, d + 1)}
                for a in range(len(block)):
                    for b in range(width):
                        if (a, b) not in covered and block[a][b]:
                            ws.write_string(row0 + i + a, b, block[a][b], head)
                i += h
                continue
            for j, text in enumerate(rows[i]):
                if text != "":
                    ws.write_string(row0 + i, j, text, cellf)
            i += 1
        row0 += len(rows)
        if entry["id"] == "pk":
            ws.write_string(row0 + 1, 0, "Total Anggaran Tahun 2023 : Rp. 7.350.321.000,-")
            ws.write_string(row0 + 3, 0, "Jakarta, 27 Oktober 2023")
            row0 += 3
        sheets[name][1] = row0
        ws.set_column(0, width, 16)
    wb.close()
    return positions


def ikhtisar_sheet(wb, bold, head, cellf, native: bool, facts=IKHTISAR) -> None:
    ws = wb.add_worksheet("Ikhtisar")
    ws.write_string(0, 0, "Ikhtisar: fakta utama yang dinyatakan dalam teks laporan", bold)
    for j, h in enumerate(("Uraian", "Nilai", "Sumber")):
        ws.write_string(2, j, h, head)
    money = wb.add_format({"num_format": '"Rp "#,##0', "border": 1})
    pct = wb.add_format({"num_format": "0.00%", "border": 1})
    datef = wb.add_format({"num_format": "d mmmm yyyy", "border": 1})
    for i, (label, text, source) in enumerate(facts, start=3):
        ws.write_string(i, 0, label, cellf)
        ws.write_string(i, 2, source, cellf)
        if not native:
            ws.write_string(i, 1, text, cellf)
            continue
        p = parse_number(text)
        if "Tanggal" in label:
            d, m, y = parse_date_parts(text)
            ws.write_datetime(i, 1, dt.datetime(y, m, d), datef)
        elif p.kind == "number" and p.percent_sign:
            ws.write_number(i, 1, float(p.value / 100), pct)
        elif p.kind == "number" and p.unit == "rupiah":
            ws.write_number(i, 1, float(p.value), money)
        elif p.kind == "number":
            ws.write_number(i, 1, float(p.value), cellf)
        else:
            ws.write_string(i, 1, text, cellf)
    ws.set_column(0, 0, 38)
    ws.set_column(1, 1, 26)
    ws.set_column(2, 2, 30)


# ---------------------------------------------------------------- tidy workbook
class Tidy:
    def __init__(self, wb):
        self.wb = wb
        self.formats = {}

    def fmt(self, num_format: str | None, bold=False):
        key = (num_format, bold)
        if key not in self.formats:
            spec = {"border": 1}
            if num_format:
                spec["num_format"] = num_format
            if bold:
                spec["bold"] = True
            self.formats[key] = self.wb.add_format(spec)
        return self.formats[key]


def _number_format(p, decimals: int) -> str:
    zeros = "." + "0" * decimals if decimals else ""
    if p.percent_sign:
        return f"0{zeros}%"
    if p.unit in ("persen", "indeks", "nilai", "perusahaan"):
        unit = {"persen": "Persen", "indeks": "Indeks", "nilai": "Nilai", "perusahaan": "Perusahaan"}[p.unit]
        return f'#,##0{zeros} "({unit})"'
    return f"#,##0{zeros}"


def tidy_cell(text: str):
    """A printed cell as a native value: (kind, value, number format)."""
    s = text.strip()
    if s == "":
        return ("blank", None, None)
    p = parse_number(s)
    if p.kind == "ambiguous":
        r = p.readings[0]  # every ambiguous number in the seed is a thousands group
        return ("number", float(r.value / 100 if p.percent_sign else r.value), _number_format(p, 0))
    if p.kind == "number":
        r = p.readings[0]
        value = r.value / 100 if p.percent_sign else r.value
        return ("number", float(value), _number_format(p, r.decimals))
    return ("text", s, None)


def build_tidy(path: Path, tables, ikhtisar=IKHTISAR,
               title="LAKIP BSPJI Pekanbaru TA 2023 (sampel rapi)") -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    wb.set_properties({"title": title, "created": FIXED})
    bold = wb.add_format({"bold": True})
    head = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1})
    tidy = Tidy(wb)
    ikhtisar_sheet(wb, bold, head, tidy.fmt(None), native=True, facts=ikhtisar)
    for sheet_name, placed in RAPI_LAYOUT.items():
        ws = wb.add_worksheet(sheet_name)
        r = 1
        for tid, c0 in placed:
            entry = tables[tid]
            r = _tidy_table(ws, entry, r, c0, tidy, bold, head) + 3
    wb.close()


def _tidy_table(ws, entry, r0, c0, tidy, bold, head) -> int:
    rows = entry["rows"]
    width = max(len(x) for x in rows)
    h = entry["header_rows"]
    caption = entry.get("caption") or ""
    if caption:
        ws.write_string(r0, c0, caption, bold)
        r0 += 1
    starts = header_positions(entry)
    keep_repeats = entry["id"] in KEEP_REPEATED_HEADERS
    out_rows = []       # (kind, cells) with kind header/data
    i = 0
    while i < len(rows):
        if i in starts and (i == 0 or keep_repeats):
            out_rows.append(("header", [x + [""] * (width - len(x)) for x in rows[i:i + h]]))
            i += h
            continue
        if i in starts:
            i += h
            continue
        if is_column_numbers(rows[i]):
            i += 1
            continue
        out_rows.append(("data", rows[i] + [""] * (width - len(rows[i]))))
        i += 1
    r = r0
    data_start = None
    dates_col = _date_column(entry)
    years = None
    code_cols = set(entry.get("code_columns") or ())
    if dates_col is not None:
        parts = [parse_date_parts(x[1][dates_col]) if x[0] == "data" else None for x in out_rows]
        years = assign_years(parts, 2023)
    for n, (kind, cells) in enumerate(out_rows):
        if kind == "header":
            block = cells
            merged = header_merges(block, width)
            covered = set()
            for a, b, c, d in merged:
                ws.merge_range(r + a, c0 + b, r + c, c0 + d, block[a][b], head)
                covered |= {(x, y) for x in range(a, c + 1) for y in range(b, d + 1)}
            for a in range(len(block)):
                for b in range(width):
                    if (a, b) not in covered and block[a][b]:
                        ws.write_string(r + a, c0 + b, block[a][b], head)
            r += len(block)
            data_start = r
            continue
        label = compact(" ".join(x for x in cells[:3] if x))
        is_total = label in ("total", "jumlah") or compact(cells[0]) in ("total", "jumlah") \
            or compact(cells[1] if len(cells) > 1 else "") in ("total", "jumlah")
        for j, text in enumerate(cells):
            if j == dates_col and years and years[n]:
                ws.write_datetime(r, c0 + j, dt.datetime.combine(years[n], dt.time()), tidy.fmt("d mmm"))
                continue
            kind_, value, nf = tidy_cell(text)
            if kind_ == "blank":
                continue
            if j in code_cols:      # codes keep their leading zeros: text, as budget exports write them
                ws.write_string(r, c0 + j, text.strip(), tidy.fmt(None, bold=is_total))
                continue
            if kind_ == "text":
                ws.write_string(r, c0 + j, value, tidy.fmt(None, bold=is_total))
                continue
            if is_total and data_start is not None and j > 0:
                parts = _column_parts(out_rows, n, j)
                if parts is not None and _sums_to(parts, value):
                    top = data_start
                    ref = f"{_col(c0 + j)}{top + 1}:{_col(c0 + j)}{r}"
                    ws.write_formula(r, c0 + j, f"=SUM({ref})", tidy.fmt(nf, bold=True), value)
                    continue
            ws.write_number(r, c0 + j, value, tidy.fmt(nf, bold=is_total))
        r += 1
    return r


def _date_column(entry):
    first = entry["rows"][0]
    for j, text in enumerate(first):
        if compact(text) in ("tgl", "tanggal"):
            return j
    return None


def _column_parts(out_rows, n, j):
    """Numbers above a total row in column j, back to the header."""
    vals = []
    for k in range(n - 1, -1, -1):
        kind, cells = out_rows[k]
        if kind == "header":
            break
        kind_, value, _ = tidy_cell(cells[j])
        if kind_ == "number":
            vals.append(value)
        elif kind_ == "text" and cells[j].strip() not in ("-",):
            return None
    return vals


def _sums_to(parts, total) -> bool:
    return abs(sum(Decimal(str(p)) for p in parts) - Decimal(str(total))) < Decimal("0.005")


def _col(idx: int) -> str:
    s, n = "", idx + 1
    while n:
        n, rem = divmod(n - 1, 26)
        s = chr(65 + rem) + s
    return s


def main() -> None:
    index, tables = load_sources()
    build_printed(HERE / "bspji-pekanbaru-2023.xlsx", index, tables)
    build_tidy(HERE / "bspji-pekanbaru-2023-rapi.xlsx", tables)
    corrections = load_corrections()
    c_index, c_tables, c_ikhtisar = apply_corrections(index, IKHTISAR, corrections)
    positions = build_printed(HERE / "bspji-pekanbaru-2023-bersih.xlsx", c_index, c_tables, c_ikhtisar,
                              title="LAKIP BSPJI Pekanbaru TA 2023 (sampel tercetak, bersih)")
    check_printed_cells(corrections, positions)
    build_tidy(HERE / "bspji-pekanbaru-2023-rapi-bersih.xlsx", c_tables, c_ikhtisar,
               title="LAKIP BSPJI Pekanbaru TA 2023 (sampel rapi, bersih)")
    print("samples written:", ", ".join(p.name for p in sorted(HERE.glob("*.xlsx"))))


if __name__ == "__main__":
    main()
