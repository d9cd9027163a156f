"""Screening checks that need more than one workbook.

- identity (LKP605): balai and fiscal year come from the content (Ikhtisar "Nama satker",
  the report's fiscal year); the file name is the fall-back, and a file name that names
  another balai or year is flagged.
- reference (LKP601, LKP604): `--reference REF.xlsx`, first sheet, header row with the
  columns Satker, Tahun, Nilai SAKIP, Predikat, Nilai Laporan Keuangan (any order, case
  ignored; empty cells = no official value). Tahun is the fiscal year of the LAKIP that
  reports the value. LKP601: this balai's own values (IK realisasi of "akuntabilitas
  kinerja" / "laporan keuangan" in the capaian tables, its own row of the SAKIP and
  financial-report tables) differ from the reference. LKP604: its copy of the all-satker
  tables differs from the reference for another satker.
- previous (LKP602, LKP603): `--previous DIR`, last year's reports, matched by unit name.
  LKP602: a value for year fy-1 quoted this year (Renstra realisasi, PNBP per jenis, PNBP
  target/realisasi, budget history) differs from what last year's report stated for its
  own fiscal year. LKP603 (warning): a Renstra target for any year changed between the
  two reports.
"""
from __future__ import annotations

import os
import re
from decimal import ROUND_HALF_UP, Decimal

from ..findings import Finding, Words
from ..model import sheet_of
from ..rules.matching import normal

STOP = {"lakip", "laporan", "kinerja", "bspji", "bbspji", "balai", "bersih", "rapi", "final", "revisi",
        "besar", "standardisasi", "pelayanan", "jasa", "industri", "copy", "salinan", "draft", "tahun"}
COLS = {"satker": "satker", "tahun": "tahun", "nilai sakip": "sakip", "predikat": "predikat",
        "nilai laporan keuangan": "lapkeu"}


class ReferenceError(ValueError):
    pass


def short_name(unit: str | None) -> str | None:
    """'Balai … (BSPJI) Pekanbaru' → 'BSPJI Pekanbaru'."""
    if not unit:
        return None
    m = re.search(r"\(([A-Za-z]{2,})\)\s*(.+)$", unit)
    return f"{m.group(1)} {m.group(2).strip()}" if m else " ".join(unit.split())


def _words(s: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", s.lower()))


def _f(s, code, name, severity, mid, men, cell=None, expected=None, stated=None, related=(), table=None, row_key=None):
    s.add(Finding(code=code, name=name, severity=severity, key="literal", params={"text": Words(mid, men)},
                  file=s.file,
                  sheet=sheet_of(cell), cell=cell, expected=None if expected is None else _plain(expected),
                  stated=None if stated is None else _plain(stated), related=list(related), table=table,
                  outcome="failed", row_key=row_key,
                  difference=_plain(stated - expected) if isinstance(stated, Decimal) and isinstance(expected, Decimal) else None))


def _plain(x) -> str:
    if isinstance(x, Decimal):
        return format(x.normalize(), "f") if x == x.to_integral_value() else format(x, "f")
    return str(x)


def identity(s) -> None:
    stem = os.path.splitext(os.path.basename(s.file))[0]
    name = short_name(s.unit_name)
    s.balai = name or stem
    s.year = s.fiscal_year
    years = [int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", stem)]
    if s.fiscal_year is None and years:
        s.year = years[0]
    if not s.readable:
        return
    if not name:
        _f(s, "LKP605", "identitas-berkas", "info",
           f"Nama satker tidak ditemukan di isi laporan; balai diambil dari nama berkas ({stem}).",
           f"The unit name was not found in the report; the balai is taken from the file name ({stem}).")
        return
    tokens = [w for w in re.findall(r"[a-z]+", stem.lower()) if len(w) >= 4 and w not in STOP]
    unit = _words(s.unit_name)
    if tokens and not any(t in unit for t in tokens):
        _f(s, "LKP605", "identitas-berkas", "warning",
           f"Nama berkas ({stem}) tidak menyebut satker yang tertulis di laporan ({name}).",
           f"The file name ({stem}) does not name the unit stated in the report ({name}).")
    if years and s.fiscal_year is not None and s.fiscal_year not in years:
        _f(s, "LKP605", "identitas-berkas", "warning",
           f"Nama berkas menyebut tahun {years[0]}, laporan menyatakan TA {s.fiscal_year}.",
           f"The file name says {years[0]}, the report states fiscal year {s.fiscal_year}.")


# -- reference -------------------------------------------------------------------------

def read_reference(path: str) -> list[dict]:
    from openpyxl import load_workbook
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as e:
        raise ReferenceError(f"{path}: {type(e).__name__}: {e}") from e
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    wb.close()
    for hi, row in enumerate(rows):
        heads = {COLS.get(" ".join(str(c).lower().split())): i for i, c in enumerate(row) if c is not None}
        heads.pop(None, None)
        if "satker" in heads and "tahun" in heads:
            break
    else:
        raise ReferenceError(f"{path}: tidak ada baris judul dengan kolom Satker dan Tahun")
    out = []
    for r, row in enumerate(rows[hi + 1:], start=hi + 2):
        get = lambda k: row[heads[k]] if k in heads and heads[k] < len(row) else None  # noqa: E731
        if not get("satker"):
            continue
        try:
            year = int(str(get("tahun")).strip().split(".")[0])
        except ValueError as e:
            raise ReferenceError(f"{path}: baris {r}: Tahun '{get('tahun')}' bukan tahun") from e
        rec = {"satker": " ".join(str(get("satker")).split()), "tahun": year, "row": r}
        for k in ("sakip", "lapkeu"):
            v = get(k)
            rec[k] = None if v in (None, "") else _dec(v, path, r)
        rec["predikat"] = " ".join(str(get("predikat")).split()) if get("predikat") not in (None, "") else None
        out.append(rec)
    return out


def _dec(v, path, r) -> Decimal:
    if isinstance(v, (int, float)):
        return Decimal(str(v))
    t = str(v).strip().replace(" ", "")
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    try:
        return Decimal(t)
    except Exception as e:
        raise ReferenceError(f"{path}: baris {r}: '{v}' bukan angka") from e


def _same(stated: Decimal, decimals: int, official: Decimal) -> bool:
    """Equal, or the official value rounded to the decimals the report wrote."""
    if stated == official:
        return True
    q = Decimal(1).scaleb(-max(decimals, 0))
    return official.quantize(q, rounding=ROUND_HALF_UP) == stated


def _ref_for(name: str, refs: list[dict]) -> dict | None:
    n, w = normal(name), _words(name)
    for r in refs:
        if normal(r["satker"]) == n:
            return r
    best = [r for r in refs if _words(r["satker"]) and (_words(r["satker"]) <= w)]
    return max(best, key=lambda r: len(_words(r["satker"])), default=None)


def against_reference(s, reference: list[dict]) -> None:
    if not s.readable or s.year is None:
        return
    refs = [r for r in reference if r["tahun"] == s.year]
    if not refs:
        return
    own = _ref_for(s.unit_name or s.balai, refs)
    facts = s.facts or {}
    label = {"sakip": ("nilai SAKIP", "SAKIP score"), "lapkeu": ("nilai laporan keuangan", "financial-report score")}
    if own is not None:
        for key in ("sakip", "lapkeu"):
            official = own.get(key)
            if official is None:
                continue
            places = [(ik["value"], f"IK {ik['indikator']} ({ik['table']})") for ik in facts.get("ik", {}).get(key, [])]
            rows = facts.get(key, [])
            field = "total" if key == "sakip" else "nilai"
            places += [(r[field], f"{r['table']}, baris {r['name']}") for r in rows if r["own"] and r[field]]
            for (num, dec, cell), where in places:
                if not _same(num, dec, official):
                    _f(s, "LKP601", "nilai-referensi", "error",
                       f"{label[key][0].capitalize()} di {where} tertulis {_plain(num)}, padahal nilai resmi BSKJI "
                       f"untuk {own['satker']} TA {s.year} adalah {_plain(official)}.",
                       f"{label[key][1].capitalize()} in {where} reads {_plain(num)}, but BSKJI's official value for "
                       f"{own['satker']} FY {s.year} is {_plain(official)}.",
                       cell=cell, expected=official, stated=num, row_key=own["satker"])
        if own.get("predikat"):
            for r in facts.get("sakip", []):
                if r["own"] and r["predikat"] and r["predikat"].upper() != own["predikat"].upper():
                    _f(s, "LKP601", "nilai-referensi", "error",
                       f"Predikat SAKIP di {r['table']} tertulis {r['predikat']}, padahal predikat resmi "
                       f"{own['satker']} TA {s.year} adalah {own['predikat']}.",
                       f"SAKIP grade in {r['table']} reads {r['predikat']}, but the official grade of "
                       f"{own['satker']} FY {s.year} is {own['predikat']}.",
                       cell=r["predikat_cell"], expected=own["predikat"], stated=r["predikat"], row_key=own["satker"])
    for key, field in (("sakip", "total"), ("lapkeu", "nilai")):
        for r in facts.get(key, []):
            if r["own"] or not r[field]:
                continue
            ref = _ref_for(r["name"], refs)
            if ref is None or ref.get(key) is None or ref is own:
                continue
            num, dec, cell = r[field]
            if not _same(num, dec, ref[key]):
                _f(s, "LKP604", "salinan-tabel-satker", "error",
                   f"{r['table']} mencatat {label[key][0]} {r['name']} {_plain(num)}, padahal nilai resmi BSKJI "
                   f"TA {s.year} adalah {_plain(ref[key])}.",
                   f"{r['table']} records the {label[key][1]} of {r['name']} as {_plain(num)}, but BSKJI's official "
                   f"value for FY {s.year} is {_plain(ref[key])}.",
                   cell=cell, expected=ref[key], stated=num, row_key=r["name"])


# -- previous year -----------------------------------------------------------------------

def _agrees_with_any(num: Decimal, dec: int, theirs: list) -> bool:
    """Does this year's value equal one of last year's statements (num, decimals, …) at the
    coarser of the two precisions?"""
    return any(_same(num, dec, t[0]) or _same(t[0], t[1], num) for t in theirs)


def _same_unit(a: str | None, b: str | None) -> bool:
    return bool(a and b) and (normal(a) == normal(b) or _words(a) == _words(b))


def against_previous(s, previous: list) -> None:
    if not s.readable or s.fiscal_year is None:
        return
    prev = [p for p in previous if p.readable and p.fiscal_year == s.fiscal_year - 1
            and _same_unit(p.unit_name, s.unit_name)]
    if not prev:
        return
    p = prev[0]
    last = s.fiscal_year - 1
    stated: dict[tuple, list] = {}
    targets: dict[tuple, list] = {}
    for kind, key, field, year, num, dec, cell, table in p.facts.get("yearly", []):
        if year == last and field != "target" or (kind == "pnbp_target_realisasi" and year == last):
            stated.setdefault((kind, key, field), []).append((num, dec, cell, table))
        if kind.startswith("renstra") and field == "target":
            targets.setdefault((key, year), []).append((num, dec, cell, table))
    pname = os.path.basename(p.file)
    for kind, key, field, year, num, dec, cell, table in s.facts.get("yearly", []):
        if year == last and (kind, key, field) in stated and (field != "target" or kind == "pnbp_target_realisasi"):
            theirs = stated[(kind, key, field)]
            if not _agrees_with_any(num, dec, theirs):
                t = theirs[0]
                _f(s, "LKP602", "realisasi-tahun-lalu", "error",
                   f"{table} mencatat {field} {last} {_plain(num)}, padahal laporan TA {last} ({pname}, {t[2]}) "
                   f"menyatakan {_plain(t[0])}.",
                   f"{table} records {field} {last} as {_plain(num)}, but the FY {last} report ({pname}, {t[2]}) "
                   f"stated {_plain(t[0])}.",
                   cell=cell, expected=t[0], stated=num, table=table, row_key=key or str(year))
        if kind.startswith("renstra") and field == "target" and (key, year) in targets:
            theirs = targets[(key, year)]
            if not _agrees_with_any(num, dec, theirs):
                t = theirs[0]
                _f(s, "LKP603", "target-renstra-berubah", "warning",
                   f"Target Renstra {year} di {table} tertulis {_plain(num)}, laporan TA {last} ({pname}, {t[2]}) "
                   f"menyatakan {_plain(t[0])}: perubahan target harus dijelaskan (reviu Renstra).",
                   f"Renstra target {year} in {table} reads {_plain(num)}, the FY {last} report ({pname}, {t[2]}) "
                   f"stated {_plain(t[0])}: a changed target must be explained (Renstra review).",
                   cell=cell, expected=t[0], stated=num, table=table, row_key=key)
