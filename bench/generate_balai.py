"""Generate N realistic balai LAKIP workbooks from the clean sample, with injected errors.

    python bench/generate_balai.py N OUTDIR [--seed S] [--errors K] [--dirty SHARE]

Each workbook is the clean printed sample `samples/bspji-pekanbaru-2023-bersih.xlsx` with
- another balai: "Pekanbaru" (every spelling) → another city, in the Ikhtisar "Nama satker",
  captions, the unit's own rows of the all-satker tables and the texts that name it;
- another fiscal year: every year 2010–2039 written in a text (headers, TA, dates,
  Renstra periods) shifted by the same number of years (−2 … +3), so the year-indexed
  tables stay consistent with the fiscal year.
Values are NOT rescaled: every copy has the sample's numbers (see bench/README.md). A share
of the files (`--relaid`, default 0.2) start from the report re-laid by the layout
generator (tests/layouts.py: flat headers, years down, captions with units, English
numbers, page breaks, codes in labels, sasaran sections) instead of the sample's layout.

A share of the files (`--dirty`, default 0.5) get K single-cell errors (`--errors`,
default 1) of the mutation test's kinds (tests/mutation.py: transposisi, x1000, tukar,
total, persen, hapus_baris — a data row whose figures are all cleared) on cells an equality of the rule pack reads (a sum, a formula, a chain, the
same fact in another table — not cells only bounded by an order or a band, where a
changed value can stay within its bounds and no linter could see it); every injection is recorded in
OUTDIR/injected.json as {file, cell, kind, old, new, partner} (a cleared row: also `cells`, every
figure it cleared).

Speed: the sample's zip members are read once; a copy edits the shared-string table and
the mutated sheets' XML (a mutated cell becomes an inline string) and writes a new zip —
no spreadsheet library per file.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

from lakip_lint.read.grid import col_letter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLEAN = os.path.join(ROOT, "samples", "bspji-pekanbaru-2023-bersih.xlsx")
CITIES = ["Jambi", "Kendari", "Mataram", "Kupang", "Bengkulu", "Palu", "Jayapura", "Gorontalo", "Ternate",
          "Sorong", "Mamuju", "Tanjungpinang", "Pangkalpinang", "Serang", "Semarang", "Makassar", "Malang",
          "Cirebon", "Tegal", "Balikpapan", "Batam", "Bukittinggi", "Kediri", "Pekalongan", "Madiun"]
KINDS = ("transposisi", "x1000", "tukar", "total", "persen", "hapus_baris")
YEAR = re.compile(r"(?<!\d)(20[1-3]\d)(?!\d)")
BASE_YEAR = 2023
FACTORS = (1, 2, 3, 5)      # every amount of a balai's reports is multiplied by one of these (per balai)
DETERMINING = {"row_formula", "column_total", "rollup", "chain", "cross_table", "cumulative", "same_entity"}


def _load_mutation():
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import mutation
    return mutation


def prepare(path: str = CLEAN) -> dict:
    """Everything computed once from the clean sample: zip members, sheet paths, sites."""
    from lakip_lint.read import read_report
    from lakip_lint.read.xlsx import read_xlsx
    from lakip_lint.read.sniff import Limits
    from lakip_lint.rules import load_rules, run_rules
    mutation = _load_mutation()
    with zipfile.ZipFile(path) as z:
        members = [(i, z.read(i.filename)) for i in z.infolist()]
    files = {i.filename: data for i, data in members}
    wb = files["xl/workbook.xml"].decode()
    rels = files["xl/_rels/workbook.xml.rels"].decode()
    targets = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', rels)) or {}
    targets.update({a: b for b, a in re.findall(r'Target="([^"]+)"[^>]*Id="(rId\d+)"', rels)})
    sheet_xml = {}
    for name, rid in re.findall(r'<sheet name="([^"]+)"[^>]*r:id="(rId\d+)"', wb):
        t = targets[rid]
        sheet_xml[name.replace("&amp;", "&").replace("&apos;", "'")] = "xl/" + t.lstrip("/").removeprefix("xl/")
    report = read_report(path)
    book = read_xlsx(path, Limits())
    rules = load_rules()
    stats: dict = {}
    findings = run_rules(report, rules, {}, stats)
    loud = [f for f in list(report.notices) + findings if f.severity in ("error", "warning")]
    kind_of = {r.id: r.kind for r in rules}
    # cells an equality reads (a sum, a formula, the same fact elsewhere): a wrong value
    # there contradicts something; a value only bounded (monotonic, a band, a range) can
    # change within its bounds unseen, so it is no test of the linter
    determined = {cell.replace("$", "") for rid, st in stats.items() if kind_of.get(rid) in DETERMINING
                  for _, cell in st.covered}
    sites = mutation.numeric_sites(report)
    per_table: dict = {}
    for s in sites:
        per_table.setdefault(s.table_index, []).append(s)
    ctx = {"style": {ti: mutation.table_style(ss) for ti, ss in per_table.items()},
           "by_rc": {(s.sheet, s.r, s.c): s for s in sites},
           "sheets": {sh.name: sh for sh in book.sheets}}
    pool = [s for s in sites if s.cell in determined]
    return {"members": members, "sheet_xml": sheet_xml, "pool": pool, "ctx": ctx, "mutation": mutation,
            "report": report, "amounts": _amount_sites(report, sites), "loud": loud}


def _amount_sites(report, sites) -> list:
    """The sites that hold rupiah: amount columns, and Ikhtisar facts of type amount."""
    from lakip_lint.catalog import load_catalog
    kind = load_catalog().kind("ikhtisar")
    amount_facts = {f["name"] for f in kind.facts if f.get("type") == "amount"}
    fact_cells = {v.cell for name, v in report.facts.items() if name in amount_facts}
    return [s for s in sites if s.col_type == "amount" or s.cell in fact_cells]


def rescaled(prep: dict, factor: int, workdir: str) -> dict | None:
    """The prepared report with every amount multiplied by `factor` (an integer, so a sum
    of parts stays the sum), each written as its cell wrote it: a native number stays a
    number, a text keeps its separators, decimals and surrounding words (`Rp. …,-`).
    Percentages, indices and counts are ratios or tallies and do not change.

    A figure the report derives by rounding (an amount in thousands beside its rupiah
    figure, a cost per unit) does not scale: k × round(x) is not round(k × x). Those are
    re-derived: the copy is checked and each derived figure the check names is written
    as the value it computes, at the figure's own precision; at most three rounds. A
    factor that leaves a finding is not used for this layout (None). Prepared again from
    the rescaled file, so that injected errors start from the rescaled figures."""
    if factor == 1:
        return prep
    mutation, style = prep["mutation"], prep["ctx"]["style"]
    values = {site.cell: (site, site.stated * factor) for site in prep["amounts"]}
    dest = os.path.join(workdir, f"rescaled-{factor}-{len(os.listdir(workdir))}.xlsx")
    members, sheet_xml = prep["members"], prep["sheet_xml"]
    for _ in range(8):
        edits: dict[str, dict[str, tuple]] = {}
        for site, new in values.values():
            text = mutation.rewrite(site, new, style.get(site.table_index, (".", ",")))
            if text is not None:
                edits.setdefault(sheet_xml[site.sheet], {})[f"{col_letter(site.c)}{site.r}"] = (new, text)
        with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            for info, data in members:
                if info.filename in edits:
                    xml = data.decode("utf-8")
                    for ref, (number, text) in edits[info.filename].items():
                        xml = _set_amount(xml, ref, number, text)
                    data = xml.encode("utf-8")
                z.writestr(info, data)
        out = prepare(dest)
        if not out["loud"]:
            return out
        sites = {s.cell: s for s in mutation.numeric_sites(prep["report"])}
        amounts = {s.cell for s in prep["amounts"]}
        scale = {v.cell: v.scale for t in out["report"].tables for row in t.rows for v in row.values.values()}
        derived = 0
        for f in out["loud"]:
            if f.expected is None or f.stated is None:
                continue
            # the coarser figure follows the finer one: an amount in thousands beside its
            # rupiah figure is the rounding of it, never the other way round
            coarse = [c for c in f.related if c in sites and scale.get(c, 1) > (f.scale or 1)] \
                if f.cell in amounts else []
            targets = [(sites[c], Decimal(f.stated) / scale[c]) for c in coarse] if coarse else \
                [(sites[f.cell], Decimal(f.expected) / (f.scale or 1))] if f.cell in sites else []
            for site, exact in targets:
                new = exact.quantize(Decimal(1).scaleb(-site.decimals), ROUND_HALF_UP)
                if values.get(site.cell, (None, None))[1] != new:
                    values[site.cell] = (site, new)
                    derived += 1
        if not derived:
            break
    return None


def _set_amount(xml: str, ref: str, number, text: str) -> str:
    """A native number cell gets the new number; any other cell the new text."""
    m = re.search(r'<c r="%s"(?P<attrs>[^>]*?)(?:/>|>.*?</c>)' % ref, xml, re.S)
    if m and not re.search(r'\bt="(?!n")', m.group("attrs")):
        value = format(number.normalize(), "f") if number == number.to_integral_value() else format(number, "f")
        return xml[: m.start()] + f'<c r="{ref}"{m.group("attrs")}><v>{value}</v></c>' + xml[m.end():]
    return _set_cell(xml, ref, text)


def _set_cell(xml: str, ref: str, text: str) -> str:
    """The cell `ref` holds `text` as an inline string (style kept)."""
    m = re.search(r'<c r="%s"(?P<attrs>[^>]*?)(?:/>|>.*?</c>)' % ref, xml, re.S)
    body = f'<is><t xml:space="preserve">{escape(text)}</t></is>'
    if m:
        attrs = re.sub(r'\s*t="[^"]*"', "", m.group("attrs"))
        if text == "":                       # a cleared cell: its style only, no value
            return xml[: m.start()] + f'<c r="{ref}"{attrs}/>' + xml[m.end():]
        return xml[: m.start()] + f'<c r="{ref}"{attrs} t="inlineStr">{body}</c>' + xml[m.end():]
    raise KeyError(ref)


def retext(text: str, city: str, delta: int) -> str:
    text = text.replace("Pekanbaru", city).replace("PEKANBARU", city.upper()).replace("pekanbaru", city.lower())
    return YEAR.sub(lambda m: str(int(m.group(1)) + delta), text) if delta else text


def inject(prep: dict, rng: random.Random, k: int) -> list[dict]:
    """k mutations on distinct cells: [{cell, sheet, r, c, kind, old, new, partner, edits}]."""
    mutation, ctx = prep["mutation"], prep["ctx"]
    out, used = [], set()
    tries = 0
    while len(out) < k and tries < 200:
        tries += 1
        kind = rng.choice(KINDS)
        site = rng.choice(prep["pool"])
        if site.cell in used:
            continue
        if kind == "hapus_baris":
            cleared = _row_cells(prep, site)
            if not cleared or any(c in used for c, _ in cleared) or site.row_kind != "data":
                continue
            used |= {c for c, _ in cleared}
            out.append({"cell": site.cell, "kind": kind, "old": site.raw, "new": "", "partner": None,
                        "cells": [c for c, _ in cleared],
                        "edits": {rc: "" for _, rc in cleared}, "table": site.table, "row": site.r})
            continue
        res = mutation.OPS[kind](rng, site, ctx)
        if res is None:
            continue
        if kind == "tukar":
            desc, _, other = res
            if other.cell in used:
                continue
            edits = {(site.sheet, site.r, site.c): other.raw, (other.sheet, other.r, other.c): site.raw}
            used |= {site.cell, other.cell}
            out.append({"cell": site.cell, "kind": kind, "old": site.raw, "new": other.raw,
                        "partner": other.cell, "edits": edits, "table": site.table, "row": site.r})
        else:
            new = res[0]
            if new == site.raw:
                continue
            used.add(site.cell)
            out.append({"cell": site.cell, "kind": kind, "old": site.raw, "new": new, "partner": None,
                        "edits": {(site.sheet, site.r, site.c): new}, "table": site.table, "row": site.r})
    return out


def _row_cells(prep: dict, site) -> list[tuple[str, tuple]]:
    """The figures of the site's data row, when they all sit on the site's sheet row (a row
    deleted: its figures cleared; the parts of a total then no longer add up)."""
    from lakip_lint.model import CellRef
    row = prep["report"].tables[site.table_index].rows[site.row_index]
    out = []
    for v in row.values.values():
        if v.is_number and not v.carried_from:
            ref = CellRef.parse(v.cell)
            if ref is None or ref.sheet != site.sheet or ref.row != site.r:
                return []
            out.append((v.cell, (site.sheet, ref.row, ref.col)))
    return out


def write_copy(prep: dict, dest: str, city: str, delta: int, mutations: list[dict]) -> None:
    by_sheet: dict[str, dict] = {}
    for m in mutations:
        for (sheet, r, c), text in m["edits"].items():
            by_sheet.setdefault(prep["sheet_xml"][sheet], {})[f"{col_letter(c)}{r}"] = retext(text, city, delta)
    tmp = dest + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info, data in prep["members"]:
            name = info.filename
            if name == "xl/sharedStrings.xml" or name in ("docProps/core.xml", "docProps/app.xml"):
                data = retext(data.decode("utf-8"), city, delta).encode("utf-8")
            if name in by_sheet:
                xml = data.decode("utf-8")
                for ref, text in by_sheet[name].items():
                    xml = _set_cell(xml, ref, text)
                data = xml.encode("utf-8")
            zi = zipfile.ZipInfo(name, date_time=info.date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data, compresslevel=1)
    os.replace(tmp, dest)


RELAID = [(3, ("header_flat", "totals")), (5, ("years_down", "caption_unit")), (8, ("numbers_english", "page_break")),
          (13, ("code_in_label", "percent_forms")), (21, ("sasaran_section", "header_flat"))]


def relaid_preps(workdir: str) -> list[dict]:
    """The clean report re-laid by the layout generator (tests/layouts.py) in a few ways,
    each prepared like the sample: a batch is then screened on varied layouts, not one."""
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    try:
        import layouts
    finally:
        sys.path.remove(os.path.join(ROOT, "tests"))
    from pathlib import Path
    out = []
    for seed, variations in RELAID:
        built = layouts.build(Path(workdir) / f"relaid-{seed}.xlsx", layouts.Composition(seed, variations), clean=True)
        out.append(prepare(str(built.path)))
    return out


def generate(n: int, outdir: str, seed: int = 1, errors: int = 1, dirty: float = 0.5,
             prep: dict | None = None, relaid: float = 0.2, rescale: bool = True) -> list[dict]:
    import tempfile
    prep = prep or prepare()
    rng = random.Random(seed)
    os.makedirs(outdir, exist_ok=True)
    others = []
    if relaid > 0:
        with tempfile.TemporaryDirectory() as work:
            others = relaid_preps(work)
    injected, files = [], []
    scaled: dict[tuple[int, int], dict] = {}
    with tempfile.TemporaryDirectory() as work:
        for i in range(n):
            city = CITIES[i % len(CITIES)]
            delta = rng.choice([-2, -1, 0, 1, 2, 3])
            year = BASE_YEAR + delta
            name = f"{i:04d}-lakip-bspji-{city.lower()}-{year}.xlsx"
            base = rng.choice(others) if others and rng.random() < relaid else prep
            factor = FACTORS[CITIES.index(city) % len(FACTORS)] if rescale else 1
            if (id(base), factor) not in scaled:
                scaled[(id(base), factor)] = rescaled(base, factor, work)
            this = scaled[(id(base), factor)]
            if this is None:                 # no consistent copy at this factor: the sample's amounts
                this, factor = base, 1
            muts = inject(this, rng, errors) if errors and rng.random() < dirty else []
            write_copy(this, os.path.join(outdir, name), city, delta, muts)
            files.append({"file": name, "balai": f"BSPJI {city}", "year": year, "injected": len(muts),
                          "layout": "canonical" if base is prep else "relaid", "amounts_times": factor})
            for m in muts:
                injected.append({"file": name, "cell": m["cell"], "kind": m["kind"], "old": m["old"],
                                 "new": retext(m["new"], city, delta), "partner": m["partner"],
                                 "cells": m.get("cells", []), "table": m["table"], "row": m["row"]})
    with open(os.path.join(outdir, "injected.json"), "w", encoding="utf-8") as fh:
        json.dump({"files": files, "injected": injected}, fh, ensure_ascii=False, indent=1)
    return injected


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("outdir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--errors", type=int, default=1, help="errors per dirty file")
    ap.add_argument("--dirty", type=float, default=0.5, help="share of files that get errors")
    ap.add_argument("--relaid", type=float, default=0.2, help="share of files in a re-laid layout")
    ap.add_argument("--no-rescale", action="store_true", help="keep the sample's amounts in every copy")
    a = ap.parse_args(argv)
    t = time.perf_counter()
    prep = prepare()
    t1 = time.perf_counter()
    inj = generate(a.n, a.outdir, a.seed, a.errors, a.dirty, prep, a.relaid, not a.no_rescale)
    t2 = time.perf_counter()
    print(f"{a.n} workbooks, {len(inj)} injected errors in {a.outdir}: prepare {t1 - t:.1f} s, "
          f"generate {t2 - t1:.1f} s ({a.n / max(t2 - t1, 1e-9):.0f}/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
