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
OUTDIR/injected.json as {file, cell, kind, old, new, partner}.

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
    run_rules(report, rules, {}, stats)
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
            "report": report}


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
             prep: dict | None = None, relaid: float = 0.2) -> list[dict]:
    prep = prep or prepare()
    rng = random.Random(seed)
    os.makedirs(outdir, exist_ok=True)
    others = []
    if relaid > 0:
        import tempfile
        with tempfile.TemporaryDirectory() as work:
            others = relaid_preps(work)
    injected, files = [], []
    for i in range(n):
        city = CITIES[i % len(CITIES)]
        delta = rng.choice([-2, -1, 0, 1, 2, 3])
        year = BASE_YEAR + delta
        name = f"{i:04d}-lakip-bspji-{city.lower()}-{year}.xlsx"
        this = rng.choice(others) if others and rng.random() < relaid else prep
        muts = inject(this, rng, errors) if errors and rng.random() < dirty else []
        write_copy(this, os.path.join(outdir, name), city, delta, muts)
        files.append({"file": name, "balai": f"BSPJI {city}", "year": year, "injected": len(muts),
                      "layout": "canonical" if this is prep else "relaid"})
        for m in muts:
            injected.append({"file": name, "cell": m["cell"], "kind": m["kind"], "old": m["old"],
                             "new": retext(m["new"], city, delta), "partner": m["partner"],
                             "table": m["table"], "row": m["row"]})
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
    a = ap.parse_args(argv)
    t = time.perf_counter()
    prep = prepare()
    t1 = time.perf_counter()
    inj = generate(a.n, a.outdir, a.seed, a.errors, a.dirty, prep, a.relaid)
    t2 = time.perf_counter()
    print(f"{a.n} workbooks, {len(inj)} injected errors in {a.outdir}: prepare {t1 - t:.1f} s, "
          f"generate {t2 - t1:.1f} s ({a.n / max(t2 - t1, 1e-9):.0f}/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
