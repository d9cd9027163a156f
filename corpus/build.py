"""Build workbooks from the corpus's transcribed reports (corpus/reports/*.yaml).

    python corpus/build.py OUT_DIR [--layout printed|native] [ID ...]

For each report two workbooks: `<id>.xlsx` as published and `<id>-bersih.xlsx` with its
defects corrected. Layouts:

- `printed`: every cell the text the report prints (`Rp 1.234.500,-`, `92,5 %`), as a
  report pasted from a PDF or typed as text arrives;
- `native`: figures as Excel numbers with a number format of the printed decimals
  (a percent sign kept as a `0.00"%"`-style format), text left as text, as a workbook
  typed in Excel arrives. The number reading here is the builder's own, deliberately
  not lakip-lint's, so that a reading mistake of the linter is not built into its input.

Each table goes on its sheet from column A: caption, unit line, header rows (a `null`
header cell merged into the cell on its left in the first header row, into the cell
above below it), then its rows; tables sharing a sheet are stacked two blank rows
apart. `layout_of()` says where each table's rows landed, for tests that point at cells.
"""
from __future__ import annotations

import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPORTS = HERE / "reports"


def load(report_id: str | None = None) -> list[dict]:
    files = sorted(REPORTS.glob("*.yaml"))
    out = []
    for f in files:
        d = yaml.safe_load(f.read_text(encoding="utf-8"))
        if report_id is None or d["id"] == report_id:
            out.append(d)
    return out


def corrected(report: dict) -> dict:
    """The report with each defect's cell set to its corrected text."""
    fixed = {**report, "tables": [{**t, "rows": [list(r) for r in t["rows"]]} for t in report["tables"]]}
    by_id = {t["id"]: t for t in fixed["tables"]}
    for d in report.get("defects", []):
        r, c = d["cell"]
        by_id[d["table"]]["rows"][r - 1][c - 1] = d["corrected"]
    return fixed


# -- the builder's own reading of a printed figure (native layout only) ----------------
_FIG = re.compile(r"^\(?-?\s*(?:rp\.?\s*)?[0-9][0-9.,]*\s*(?:,-|\.-|-)?\s*%?\)?$", re.I)


def native_number(text: str, comma_groups: bool = False) -> tuple[Decimal, int, bool] | None:
    """(value, decimals, percent) of a printed Indonesian figure, or None to keep text.
    `comma_groups`: the table prints decimals with a dot (`50.26`), so `21,541` is 21541."""
    s = str(text).strip()
    if not s or not _FIG.match(s):
        return None
    neg = s.startswith("(") and s.endswith(")") or s.lstrip("(").startswith("-")
    percent = s.rstrip(")").endswith("%")
    body = re.sub(r"(?i)rp\.?", "", s).strip("()%- ").replace(" ", "")
    body = re.sub(r"[,.]-?$", "", body) if re.search(r"[,.]-$", s.rstrip(")%")) else body
    if comma_groups and re.fullmatch(r"\d{1,3}(,\d{3})+", body):
        return Decimal(body.replace(",", "")) * (-1 if neg else 1), 0, percent
    if body.count(",") > 1 or (body.count(".") > 1 and "," in body and body.rfind(",") < body.rfind(".")):
        return None
    if "," in body:
        whole, dec = body.rsplit(",", 1)
        if comma_groups and "." not in body and re.fullmatch(r"\d{1,3}(,\d{3})+", body):
            digits, places = body.replace(",", ""), 0
        elif "." in whole or len(dec) != 3 or percent:
            digits = whole.replace(".", "") + "." + dec
            places = len(dec)
        else:
            return None                 # `1,250` alone: a thousands comma or a decimal — keep the text
    elif body.count(".") == 1 and len(body.split(".")[1]) != 3:
        digits, places = body, len(body.split(".")[1])
    else:
        if body.count(".") == 1 and not percent and len(body.split(".")[0]) <= 3 and body.split(".")[0] == "0":
            return None
        digits, places = body.replace(".", ""), 0
    try:
        v = Decimal(digits)
    except InvalidOperation:
        return None
    return (-v if neg else v), places, percent


def _format(places: int, percent: bool) -> str:
    f = "#,##0" + ("." + "0" * places if places else "")
    return f + '"%"' if percent else f


def layout_of(report: dict) -> dict[str, tuple[str, int, int]]:
    """table id → (sheet, sheet row of its first data row, 1)."""
    out, next_row = {}, {}
    for t in report["tables"]:
        sheet = t["sheet"]
        r = next_row.get(sheet, 1)
        r += bool(t.get("caption")) + bool(t.get("unit_line")) + len(t.get("header") or [])
        out[t["id"]] = (sheet, r, 1)
        next_row[sheet] = r + len(t["rows"]) + 2
    return out


def write(report: dict, path: Path, layout: str = "printed") -> None:
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    wb.set_properties({"title": report.get("document", report["id"]), "created": None})
    bold = wb.add_format({"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1})
    cell_fmt = wb.add_format({"border": 1})
    formats: dict[str, object] = {}
    sheets, next_row = {}, {}
    for t in report["tables"]:
        name = t["sheet"]
        if name not in sheets:
            sheets[name] = wb.add_worksheet(name)
            next_row[name] = 0
        ws = sheets[name]
        r = next_row[name]
        width = max([len(h) for h in t.get("header") or []] + [len(x) for x in t["rows"]] + [1])
        if t.get("caption"):
            ws.write_string(r, 0, t["caption"])
            r += 1
        if t.get("unit_line"):
            ws.write_string(r, 0, t["unit_line"])
            r += 1
        header = t.get("header") or []
        _write_header(ws, r, header, width, bold)
        dot_decimals = any(re.fullmatch(r"\d+\.\d{1,2}%?", str(x).strip()) for row in t["rows"] for x in row)
        r += len(header)
        for row in t["rows"]:
            for c, text in enumerate(row):
                text = "" if text is None else str(text)
                if text == "":
                    continue
                hit = native_number(text, dot_decimals) if layout == "native" else None
                if hit is None:
                    ws.write_string(r, c, text, cell_fmt)
                else:
                    v, places, pct = hit
                    key = _format(places, pct)
                    if key not in formats:
                        formats[key] = wb.add_format({"num_format": key, "border": 1})
                    ws.write_number(r, c, float(v) if places else int(v), formats[key])
            r += 1
        next_row[name] = r + 2
        ws.set_column(0, 0, 8)
        ws.set_column(1, 1, 40)
        ws.set_column(2, max(2, width - 1), 16)
    wb.close()


def _write_header(ws, top: int, header: list[list], width: int, fmt) -> None:
    """Header rows with merges: null in the first row extends the cell on its left, null
    below extends the region above it (all of that region's columns null) downwards."""
    if not header:
        return
    regions: dict[tuple[int, int], list[int]] = {}     # anchor (row, col) → [r1, c1, r2, c2]
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for i, hrow in enumerate(header):
        hrow = list(hrow) + [None] * (width - len(hrow))
        for c in range(width):
            v = hrow[c]
            if v is not None:
                regions[(i, c)] = [i, c, i, c]
                owner[(i, c)] = (i, c)
                continue
            if i == 0:
                if c > 0 and (0, c - 1) in owner:
                    a = owner[(0, c - 1)]
                    regions[a][3] = c
                    owner[(0, c)] = a
                continue
            above = owner.get((i - 1, c))
            if above is None:
                continue
            reg = regions[above]
            if all(hrow[cc] is None for cc in range(reg[1], reg[3] + 1)):
                reg[2] = i
                owner[(i, c)] = above
    for (i, c), (r1, c1, r2, c2) in regions.items():
        text = str(header[i][c])
        if (r1, c1) != (r2, c2):
            ws.merge_range(top + r1, c1, top + r2, c2, text, fmt)
        else:
            ws.write_string(top + r1, c1, text, fmt)


def build(out_dir: Path, layout: str = "printed", ids: list[str] | None = None) -> list[tuple[dict, Path, Path]]:
    out_dir.mkdir(parents=True, exist_ok=True)
    built = []
    for rep in load():
        if ids and rep["id"] not in ids:
            continue
        a = out_dir / f"{rep['id']}.xlsx"
        b = out_dir / f"{rep['id']}-bersih.xlsx"
        write(rep, a, layout)
        write(corrected(rep), b, layout)
        built.append((rep, a, b))
    return built


def main(argv: list[str]) -> int:
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--layout", choices=["printed", "native"], default="printed")
    ap.add_argument("ids", nargs="*")
    a = ap.parse_args(argv)
    for rep, p1, p2 in build(Path(a.out), a.layout, a.ids):
        print(rep["id"], p1, p2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
