"""Mutation test of the rule pack (issue 4): how many realistic single-cell slips it catches.

Takes the clean sample `samples/bspji-pekanbaru-2023-bersih.xlsx` (no finding at warning
level), applies one mutation of the kind real reports suffer, runs the reader notices and
the full rule pack on each mutant, and reports the share caught.

Mutation kinds (the site is one cell; every kind leaves the rest of the workbook alone):

- `transposisi`   two adjacent different digits of the number as written swapped,
                  separators kept (`7.592.226` → `7.952.226`);
- `x1000`         a ×1000 slip on a whole number: `.000` appended in the report's own
                  thousands separator (`7.592.226` → `7.592.226.000`), or dropped when
                  the number ends in one;
- `tukar`         the cell and an adjacent numeric cell of the same table (same row or
                  same column) swapped;
- `total`         a Total / Jumlah / Rata-rata row value changed by 2–5 %;
- `hapus_baris`   a data row deleted: its numeric cells cleared, or (tables read by rows)
                  the sheet row removed so the rows below move up;
- `persen`        a % / capaian / persen cell changed by 1–5 points;
- `hapus`         one value deleted (the cell left empty).

Sites are drawn only from numeric cells the rule pack covers: the engine records, per
rule, the cells each check read (`RuleStats.covered`); the union over all rules on the
clean sample is the site pool. A numeric cell here is a value read as a number in a
recognised table (year label columns excluded, cells carried down from the row above
excluded). The script prints that coverage per table kind. Mutants are spread over
mutation kinds evenly and, within a kind, round-robin over the table kinds that have
sites. A mutant equal to the original at the cell's precision (or a swap of two equal
values) is equivalent: it is skipped and another drawn.

Caught: the mutant yields at least one finding (reader notice or rule) at warning or
error level — what `lakip-lint check` would fail on. Localised: one such finding names
the mutated cell (or the swapped partner, or a cell of the deleted row) as its cell or a
related cell; for a removed sheet row, a cell of the rows either side of the gap (the row
number it had, now the row below, and the row above). Should the clean sample itself give findings (a rule still being written),
they are printed as a warning and not counted as catches.

Speed: the workbook's cells are read once (`read_xlsx`); each mutant changes a copy of
the one affected sheet in memory and is turned into a Report by `report_from_book`, the
same pipeline `read_report` uses; the sheets it did not change replay their clean
SheetReader result (`CachedSheets`), the changed sheet is read anew. Only the rules that
read a table of the changed sheet are run (`rules_reading`; all of them when the Ikhtisar
changed): the others read what they read on the clean sample, so they cannot add a
finding (tests/test_mutation.py checks both shortcuts against the plain path). Mutants are evaluated in a pool of `--jobs` processes.
Deterministic: fixed seed, sorted site lists, results in mutant order.

    python tests/mutation.py [--seed 2023] [--n 120] [--min 0.90] [--jobs 2] [--verbose]

Exit 1 if the share caught is below `--min`.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import random
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from lakip_lint.outputs.lang import message

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLEAN = os.path.join("samples", "bspji-pekanbaru-2023-bersih.xlsx")
KINDS = ("transposisi", "x1000", "tukar", "total", "hapus_baris", "persen", "hapus")
DEFAULT_SEED = 2023
DEFAULT_N = 120
DEFAULT_MIN = 0.90

_TOKEN = re.compile(r"\d(?:[\d.,]|\s+(?=\d))*\d|\d")
_REF = re.compile(r"^(?P<sheet>.*)!\$?(?P<col>[A-Z]+)\$?(?P<row>\d+)$")


# -- the clean workbook's numeric cells ------------------------------------------------

@dataclass
class Site:
    cell: str                 # 'Tabel 6'!D5
    sheet: str
    r: int
    c: int
    table_kind: str
    table: str                # label: Tabel 6
    column: str
    row_kind: str             # data, total, mean, section
    col_type: str
    raw: str
    stated: Decimal
    decimals: int
    row_index: int
    table_index: int


@dataclass
class Mutant:
    idx: int
    kind: str
    site: Site
    old: str
    new: str
    sheet: str
    edits: dict = field(default_factory=dict)     # (r, c) → RawCell or None (cleared)
    remove_row: int | None = None
    local_cells: frozenset = frozenset()          # refs whose finding makes the catch localised
    local_row: int | None = None                  # any cell of this row on `sheet`
    seam: bool = False                            # row removed: the row above the gap counts too
    partner: str | None = None


@dataclass
class Outcome:
    idx: int
    caught: bool
    localised: bool
    reader_only: bool
    codes: tuple


def _rc(ref: str) -> tuple[str, int, int]:
    from lakip_lint.read.grid import col_index
    from lakip_lint.rules.engine import sheet_of
    m = _REF.match(ref.replace("$", ""))
    return sheet_of(ref), int(m.group("row")), col_index(m.group("col"))


def numeric_sites(report) -> list[Site]:
    """Every value read as a number in a recognised table, in sheet/cell order."""
    from lakip_lint.read.values import NUMERIC_TYPES
    out, seen = [], set()
    for ti, t in enumerate(report.tables):
        for row in t.rows:
            for name, v in row.values.items():
                col = t.column(name)
                ctype = col.type if col else "text"
                if not v.is_number or v.carried_from or ctype == "year" or v.cell in seen:
                    continue
                if ctype not in NUMERIC_TYPES and t.kind != "ikhtisar":
                    continue
                if not isinstance(v.raw, str) or v.stated is None:
                    continue
                seen.add(v.cell)
                sheet, r, c = _rc(v.cell)
                out.append(Site(v.cell, sheet, r, c, t.kind, t.label, name,
                                row.kind, ctype, v.raw, v.stated, v.decimals or 0, row.index, ti))
    return out


def coverage(report, rules) -> tuple[set[str], set[tuple]]:
    """Cells the rule pack read on the clean sample, and the sample's own findings at warning
    level or above (none when the rules and the sample agree; a rule still being written may
    add some, and they are then not counted as catches)."""
    from lakip_lint.rules import run_rules
    stats: dict = {}
    findings = run_rules(report, rules, {}, stats)
    cells = {cell.replace("$", "") for _, cell in set().union(*(s.covered for s in stats.values()))}
    return cells, {_key(f) for f in list(report.notices) + findings if f.severity in ("error", "warning")}


def _key(f) -> tuple:
    return (f.code, f.cell, message(f, "id"))


# -- numbers as the report writes them -------------------------------------------------

def _seps(tok: str, decimals: int) -> tuple[str | None, str | None]:
    """(thousands, decimal) separators a token shows; None where it shows none."""
    seps = [ch for ch in tok if ch in ".,"]
    if not seps:
        return None, None
    if decimals > 0:
        d = seps[-1]
        t = next((ch for ch in seps[:-1] if ch != d), None)
        return t, d
    return seps[0], None


def table_style(sites: list[Site]) -> tuple[str, str]:
    """The table's (thousands, decimal) separators by majority of its tokens; Indonesian default."""
    votes: dict[tuple[str, str], int] = defaultdict(int)
    for s in sites:
        m = _TOKEN.search(s.raw)
        if not m:
            continue
        t, d = _seps(m.group(), s.decimals)
        if t or d:
            t = t or ("," if d == "." else ".")
            d = d or ("," if t == "." else ".")
            if t != d:
                votes[(t, d)] += 1
    if not votes:
        return ".", ","
    return max(sorted(votes.items()), key=lambda kv: kv[1])[0]


def write_number(x: Decimal, decimals: int, thousands: str | None, dec: str) -> str:
    q = x.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    s = format(abs(q), "f")
    ip, _, fp = s.partition(".")
    if thousands:
        groups = []
        while len(ip) > 3:
            groups.insert(0, ip[-3:])
            ip = ip[:-3]
        ip = thousands.join([ip] + groups)
    return sign + ip + (dec + fp if decimals > 0 else "")


def rewrite(site: Site, new_stated: Decimal, style: tuple[str, str]) -> str | None:
    """The site's raw text with its number replaced, in the cell's own separators, decimals
    and surrounding text (`Rp. …,-`, `… (Persen)`, `…%`)."""
    m = _TOKEN.search(site.raw)
    if not m:
        return None
    tok = m.group()
    t, d = _seps(tok, site.decimals)
    int_digits = len(re.sub(r"\D", "", tok)) - site.decimals
    if t is None and int_digits >= 4:
        thousands = None                         # written ungrouped: stays ungrouped
    else:
        thousands = t or style[0]
    dec = d or (style[1] if style[1] != thousands else ("," if thousands == "." else "."))
    return site.raw[: m.start()] + write_number(new_stated, site.decimals, thousands, dec) + site.raw[m.end():]


def _same(site: Site, new_raw: str | None) -> bool:
    return new_raw is None or new_raw == site.raw


# -- mutation operators ------------------------------------------------------------------

def _cell(book_sheet, r, c, value):
    from lakip_lint.read.grid import RawCell
    old = book_sheet.cells.get((r, c))
    return dataclasses.replace(old, value=value) if old is not None else RawCell(value=value)


def op_transposisi(rng, site, ctx) -> tuple | None:
    m = _TOKEN.search(site.raw)
    if not m:
        return None
    tok = m.group()
    pairs = [i for i in range(len(tok) - 1)
             if tok[i].isdigit() and tok[i + 1].isdigit() and tok[i] != tok[i + 1]
             and not (i == 0 and tok[1] == "0")]
    if not pairs:
        return None
    i = rng.choice(pairs)
    new_tok = tok[:i] + tok[i + 1] + tok[i] + tok[i + 2:]
    return site.raw[: m.start()] + new_tok + site.raw[m.end():], {}


def op_x1000(rng, site, ctx) -> tuple | None:
    if site.decimals != 0 or _is_percent(site):
        return None
    m = _TOKEN.search(site.raw)
    tok = m.group()
    t, _ = _seps(tok, 0)
    style = ctx["style"][site.table_index]
    digits = re.sub(r"\D", "", tok)
    if t and tok.endswith(t + "000") and rng.random() < 0.5:
        new_tok = tok[: -4]
    elif t is None and len(digits) >= 4:
        new_tok = tok + "000"
    else:
        new_tok = tok + (t or style[0]) + "000"
    return site.raw[: m.start()] + new_tok + site.raw[m.end():], {}


def op_total(rng, site, ctx) -> tuple | None:
    if site.row_kind not in ("total", "mean"):
        return None
    style = ctx["style"][site.table_index]
    for p in rng.sample([-5, -4, -3, -2, 2, 3, 4, 5], 8):
        new = rewrite(site, site.stated * (100 + p) / 100, style)
        if not _same(site, new):
            return new, {}
    return None


def _is_percent(site: Site) -> bool:
    low = site.raw.lower()
    return (site.col_type == "percent" or "capaian" in site.column or "persen" in site.column
            or "%" in low or "persen" in low)


def op_persen(rng, site, ctx) -> tuple | None:
    if not _is_percent(site):
        return None
    style = ctx["style"][site.table_index]
    for p in rng.sample([-5, -4, -3, -2, -1, 1, 2, 3, 4, 5], 10):
        if site.stated + p < 0:
            continue
        new = rewrite(site, site.stated + p, style)
        if not _same(site, new):
            return new, {}
    return None


def op_tukar(rng, site, ctx) -> tuple | None:
    by_cell = ctx["by_rc"]
    options = []
    for dr, dc in ((0, 1), (1, 0), (0, -1), (-1, 0)):
        other = by_cell.get((site.sheet, site.r + dr, site.c + dc))
        if other is None or other.table_index != site.table_index:
            continue
        if other.stated == site.stated or other.raw == site.raw:
            continue                                 # equal values: an equivalent swap
        options.append(other)
    if not options:
        return None
    other = rng.choice(options)
    sheet = ctx["sheets"][site.sheet]
    a, b = sheet.cells[(site.r, site.c)], sheet.cells[(other.r, other.c)]
    return f"{site.raw} ⇄ {other.raw} ({other.cell})", {(site.r, site.c): b, (other.r, other.c): a}, other


def op_hapus(rng, site, ctx) -> tuple | None:
    if site.row_kind != "data":
        return None                  # what a total row leaves blank is its own choice
    return "(kosong)", {}


OPS = {"transposisi": op_transposisi, "x1000": op_x1000, "tukar": op_tukar,
       "total": op_total, "persen": op_persen, "hapus": op_hapus}


# -- drawing mutants ---------------------------------------------------------------------

def draw_mutants(report, book, covered: set[str], seed: int, n: int) -> list[Mutant]:
    rng = random.Random(seed)
    sites = numeric_sites(report)
    per_table: dict[int, list[Site]] = defaultdict(list)
    for s in sites:
        per_table[s.table_index].append(s)
    ctx = {
        "style": {ti: table_style(ss) for ti, ss in per_table.items()},
        "by_rc": {(s.sheet, s.r, s.c): s for s in sites},
        "sheets": {sh.name: sh for sh in book.sheets},
    }
    pool = sorted((s for s in sites if s.cell in covered), key=lambda s: (s.table_kind, s.sheet, s.r, s.c))
    quotas = [n // len(KINDS) + (1 if i < n % len(KINDS) else 0) for i in range(len(KINDS))]
    mutants: list[Mutant] = []
    cursor = 0
    for kind, quota in zip(KINDS, quotas):
        groups: dict[str, list] = defaultdict(list)
        if kind == "hapus_baris":
            rows_seen = set()
            for s in pool:
                if s.row_kind == "data" and (s.table_index, s.row_index) not in rows_seen:
                    rows_seen.add((s.table_index, s.row_index))
                    groups[s.table_kind].append(s)
        else:
            for s in pool:
                groups[s.table_kind].append(s)
        made, seen = 0, set()
        for _ in range(3):             # few sites (totals): a site again, with another change
            left = {tk: list(g) for tk, g in groups.items()}
            order = sorted(left)
            while made < quota and order:
                tk = order[cursor % len(order)]
                group = left[tk]
                mutant = None
                while group and mutant is None:
                    site = group.pop(rng.randrange(len(group)))
                    mutant = make_mutant(rng, kind, site, report, ctx, len(mutants))
                    if mutant is not None and (mutant.site.cell, mutant.new) in seen:
                        mutant = None
                if not group:
                    order.remove(tk)
                else:
                    cursor += 1
                if mutant is not None:
                    seen.add((mutant.site.cell, mutant.new))
                    mutants.append(mutant)
                    made += 1
    return mutants


def make_mutant(rng, kind, site: Site, report, ctx, idx) -> Mutant | None:
    sheet = ctx["sheets"][site.sheet]
    if kind == "hapus_baris":
        return _delete_row(rng, site, report, sheet, idx)
    res = OPS[kind](rng, site, ctx)
    if res is None:
        return None
    if kind == "tukar":
        desc, edits, other = res
        return Mutant(idx, kind, site, site.raw, desc, site.sheet, edits,
                      local_cells=frozenset({site.cell, other.cell}), partner=other.cell)
    new, _ = res
    if new == site.raw:
        return None
    if kind == "hapus":
        return Mutant(idx, kind, site, site.raw, new, site.sheet, {(site.r, site.c): None},
                      local_cells=frozenset({site.cell}))
    return Mutant(idx, kind, site, site.raw, new, site.sheet, {(site.r, site.c): _cell(sheet, site.r, site.c, new)},
                  local_cells=frozenset({site.cell}))


def _delete_row(rng, site: Site, report, sheet, idx) -> Mutant:
    table = report.tables[site.table_index]
    row = table.rows[site.row_index]
    cells = [(v.cell, _rc(v.cell)) for v in row.values.values() if v.is_number and not v.carried_from]
    by_rows = all(rc[1] == site.r and rc[0] == site.sheet for _, rc in cells)
    label = " ".join(str(sheet.cells[(site.r, c)].value) for c in sorted(c for (r, c) in sheet.cells if r == site.r))
    if by_rows and rng.random() < 0.5:
        return Mutant(idx, "hapus_baris", site, f"baris {site.r}: {label[:60]}", "(baris dihapus, baris bawah naik)",
                      site.sheet, remove_row=site.r, local_row=site.r, seam=True)
    edits = {(r, c): None for _, (_, r, c) in cells}
    return Mutant(idx, "hapus_baris", site, " | ".join(v.raw for v in row.values.values() if v.is_number and not v.carried_from),
                  f"(nilai baris {table.label} #{site.row_index + 1} dikosongkan)", site.sheet, edits,
                  local_cells=frozenset(c for c, _ in cells), local_row=site.r if by_rows else None)


# -- evaluating mutants ------------------------------------------------------------------

_STATE: dict = {}


class CachedSheets:
    """A `sheet_reader` for `report_from_book`: a sheet the mutant left alone (the very same
    RawSheet object) gets a fresh copy of its clean reading; a changed sheet is read anew.
    The copy is a pickle round trip, so values stay shared between a table's rows and its
    per-cell parses exactly as SheetReader left them."""

    def __init__(self, book, path: str):
        import pickle
        from lakip_lint.catalog import load_catalog
        from lakip_lint.read.tables import SheetReader
        cat = load_catalog()
        self.blobs = {}
        for sh in book.sheets:
            r = SheetReader(path, sh, cat)
            tables = r.read()
            self.blobs[id(sh)] = (sh, pickle.dumps((tables, r.tables, r.notices), pickle.HIGHEST_PROTOCOL))

    def __call__(self, path, sheet, cat):
        from lakip_lint.read.tables import SheetReader
        hit = self.blobs.get(id(sheet))
        if hit is None or hit[0] is not sheet:
            return SheetReader(path, sheet, cat)
        return _Replay(hit[1])


class _Replay:
    def __init__(self, blob: bytes):
        self.blob = blob
        self.tables, self.notices = [], []

    def read(self):
        import pickle
        tables, self.tables, self.notices = pickle.loads(self.blob)
        return tables


def sheet_kinds(report) -> dict[str, set[str]]:
    """Sheet -> kinds of the tables with cells on it (a table continued on the next sheet
    has cells on both)."""
    out: dict[str, set[str]] = defaultdict(set)
    for t in report.tables:
        out[t.sheet].add(t.kind)
        for row in t.rows:
            for v in row.values.values():
                if v.cell and "!" in v.cell:
                    out[v.cell.rsplit("!", 1)[0].strip("'").replace("''", "'")].add(t.kind)
    return out


def rules_reading(rules, kinds: set[str]) -> list:
    """The rules a change to tables of these kinds can affect: those naming one of them in
    their `tables` (what a rule may read: the loader checks every column and fact a rule
    names against its tables). A change to the Ikhtisar (facts, fiscal year) affects all.
    Any other rule reads exactly what it read on the clean sample, so it gives the clean
    sample's findings again, which are not catches: running it would change nothing."""
    if "ikhtisar" in kinds:
        return list(rules)
    return [r for r in rules if kinds & set(r.tables)]


def _init(path: str, baseline: frozenset) -> None:
    from lakip_lint.read import Limits, report_from_book
    from lakip_lint.read.xlsx import read_xlsx
    from lakip_lint.rules import load_rules
    _STATE["book"] = read_xlsx(path, Limits())
    _STATE["cache"] = CachedSheets(_STATE["book"], path)
    clean = report_from_book(_STATE["book"], path, _STATE["cache"])
    _STATE["sheet_kinds"] = sheet_kinds(clean)
    _STATE["rules"] = load_rules()
    _STATE["path"] = path
    _STATE["baseline"] = baseline


def mutated_book(book, m: Mutant):
    """A copy of the book with the mutant's sheet changed; other sheets shared (read only)."""
    from lakip_lint.read.grid import RawSheet
    sheets = []
    for sh in book.sheets:
        if sh.name != m.sheet:
            sheets.append(sh)
            continue
        cells = dict(sh.cells)
        merges = list(sh.merges)
        for rc, cell in m.edits.items():
            if cell is None:
                cells.pop(rc, None)
            else:
                cells[rc] = cell
        if m.remove_row is not None:
            k = m.remove_row
            cells = {((r - 1 if r > k else r), c): v for (r, c), v in cells.items() if r != k}
            merges = []
            for r1, c1, r2, c2 in sh.merges:
                r1n = r1 - 1 if r1 > k else r1
                r2n = r2 - 1 if r2 >= k else r2
                if r1n <= r2n and not (r1 == r2 == k):
                    merges.append((r1n, c1, r2n, c2))
        sheets.append(RawSheet(sh.name, sh.hidden, cells, merges, sh.truncated))
    return dataclasses.replace(book, sheets=sheets)


def evaluate(m: Mutant) -> Outcome:
    from lakip_lint.read import report_from_book
    from lakip_lint.rules import run_rules
    from lakip_lint.rules.engine import sheet_of
    plain = _STATE.get("plain", False)      # True: no shortcut (tests compare the two)
    report = report_from_book(mutated_book(_STATE["book"], m), _STATE["path"],
                              *(() if plain else (_STATE["cache"],)))
    base = _STATE["baseline"]
    notices = [f for f in report.notices if f.severity in ("error", "warning") and _key(f) not in base]
    kinds = _STATE["sheet_kinds"].get(m.sheet, set()) | sheet_kinds(report).get(m.sheet, set())
    rules = _STATE["rules"] if plain else rules_reading(_STATE["rules"], kinds)
    rule_findings = [f for f in run_rules(report, rules, {}, {})
                     if f.severity in ("error", "warning") and _key(f) not in base]
    found = notices + rule_findings
    localised = False
    for f in found:
        for ref in [f.cell, *f.related]:
            if not ref:
                continue
            ref = ref.replace("$", "")
            if ref in m.local_cells:
                localised = True
            elif m.local_row is not None and sheet_of(ref) == m.sheet:
                mm = _REF.match(ref)
                if mm and (int(mm.group("row")) == m.local_row or (m.seam and int(mm.group("row")) == m.local_row - 1)):
                    localised = True
    return Outcome(m.idx, bool(found), localised, bool(notices) and not rule_findings,
                   tuple(sorted({f.code for f in found})))


def evaluate_all(mutants: list[Mutant], path: str, jobs: int, baseline: frozenset = frozenset()) -> list[Outcome]:
    if jobs <= 1:
        _init(path, baseline)
        return [evaluate(m) for m in mutants]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                             initializer=_init, initargs=(path, baseline)) as ex:
        out = list(ex.map(evaluate, mutants, chunksize=4))
    return sorted(out, key=lambda o: o.idx)


# -- the run -----------------------------------------------------------------------------

@dataclass
class Result:
    mutants: list[Mutant]
    outcomes: list[Outcome]
    coverage: dict                     # table kind → (covered numeric, all numeric)
    seconds: float
    baseline: int = 0                  # findings of the clean sample itself (should be 0)

    @property
    def score(self) -> float:
        return sum(o.caught for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    @property
    def localised(self) -> float:
        return sum(o.localised for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    def missed(self) -> list[Mutant]:
        return [m for m, o in zip(self.mutants, self.outcomes) if not o.caught]


def run(seed: int = DEFAULT_SEED, n: int = DEFAULT_N, jobs: int = 2, path: str | None = None) -> Result:
    from lakip_lint.read import Limits, report_from_book
    from lakip_lint.read.xlsx import read_xlsx
    from lakip_lint.rules import load_rules
    t0 = time.perf_counter()
    path = path or CLEAN
    cwd = os.getcwd()
    os.chdir(ROOT)                     # cells are named 'samples/…' however the script is started
    try:
        book = read_xlsx(path, Limits())
        report = report_from_book(book, path)
        covered, baseline = coverage(report, load_rules())
        sites = numeric_sites(report)
        cov: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for s in sites:
            cov[s.table_kind][1] += 1
            cov[s.table_kind][0] += s.cell in covered
        mutants = draw_mutants(report, book, covered, seed, n)
        outcomes = evaluate_all(mutants, path, jobs, frozenset(baseline))
    finally:
        os.chdir(cwd)
    return Result(mutants, outcomes, {k: tuple(v) for k, v in sorted(cov.items())}, time.perf_counter() - t0,
                  len(baseline))


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "    -"


def render(res: Result, verbose: bool = False) -> str:
    lines = []
    if res.baseline:
        lines.append(f"PERINGATAN: sampel bersih sendiri memberi {res.baseline} temuan peringatan/error; "
                     "temuan itu tidak dihitung sebagai tangkapan.")
    tot_c = sum(c for c, _ in res.coverage.values())
    tot_n = sum(n for _, n in res.coverage.values())
    lines.append(f"Cakupan (sel angka yang dibaca aturan / sel angka tabel dikenali): {tot_c}/{tot_n} {_pct(tot_c, tot_n)}")
    lines.append(f"  {'jenis tabel':<24} {'tercakup':>8} {'semua':>6} {'%':>6}")
    for k, (c, n) in res.coverage.items():
        lines.append(f"  {k:<24} {c:>8} {n:>6} {_pct(c, n)}")
    pairs = list(zip(res.mutants, res.outcomes))

    def table(title: str, key) -> None:
        groups: dict[str, list] = defaultdict(list)
        for m, o in pairs:
            groups[key(m)].append(o)
        lines.append("")
        lines.append(f"  {title:<24} {'mutan':>6} {'tertangkap':>10} {'%':>6} {'terlokalisasi':>13} {'%':>6}")
        for k in (KINDS if title == "jenis mutasi" else sorted(groups)):
            os_ = groups.get(k, [])
            c, l = sum(o.caught for o in os_), sum(o.localised for o in os_)
            lines.append(f"  {k:<24} {len(os_):>6} {c:>10} {_pct(c, len(os_))} {l:>13} {_pct(l, len(os_))}")
    table("jenis mutasi", lambda m: m.kind)
    table("jenis tabel", lambda m: m.site.table_kind)
    caught = sum(o.caught for o in res.outcomes)
    loc = sum(o.localised for o in res.outcomes)
    reader = sum(o.reader_only for o in res.outcomes)
    lines.append("")
    lines.append(f"Skor: {caught}/{len(res.outcomes)} tertangkap = {res.score:.3f}; "
                 f"terlokalisasi {loc}/{len(res.outcomes)} = {res.localised:.3f}; "
                 f"{reader} hanya oleh catatan pembacaan (LKP0xx/1xx); {res.seconds:.1f} s")
    if verbose:
        missed = res.missed()
        lines.append("")
        lines.append(f"Mutan lolos ({len(missed)}), per jenis tabel / kolom:")
        for m in sorted(missed, key=lambda m: (m.site.table_kind, m.site.column, m.site.sheet, m.site.r, m.site.c, m.idx)):
            lines.append(f"  {m.site.table_kind:<22} {m.site.column:<22} {m.site.cell:<22} {m.site.row_kind:<6} "
                         f"{m.kind:<12} {m.old} → {m.new}")
    return "\n".join(lines)


CORPUS_N = 24            # mutants per corrected twin of the corpus
CORPUS_MIN = 0.80


def run_corpus(seed: int = DEFAULT_SEED, n: int = CORPUS_N, jobs: int = 2, layouts=("printed", "native"),
               out_dir: str | None = None) -> list[tuple[str, Result]]:
    """The mutation test on the corrected twins of the corpus of other units' reports
    (corpus/): each twin, in each layout, gets `n` mutants of the same kinds. On the
    corpus a mutant counts as caught only when a warning or error names the changed cell
    (localised), since other units' figures are what the generic relations must find."""
    import tempfile
    sys.path.insert(0, os.path.join(ROOT, "corpus"))
    import build as corpus_build
    tmp = tempfile.TemporaryDirectory() if out_dir is None else None
    base = tmp.name if tmp else out_dir
    out = []
    try:
        for layout in layouts:
            for rep, _, fixed in corpus_build.build(__import__("pathlib").Path(base) / layout, layout):
                out.append((f"{rep['id']} ({layout})", run(seed, n, jobs, str(fixed))))
    finally:
        if tmp:
            tmp.cleanup()
    return out


def render_corpus(results: list[tuple[str, Result]], verbose: bool = False) -> str:
    lines = [f"  {'laporan':<40} {'mutan':>6} {'menyebut sel':>12} {'%':>6} {'tertangkap':>10}"]
    tot = loc = caught = 0
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name, res in results:
        n, l_, c = len(res.outcomes), sum(o.localised for o in res.outcomes), sum(o.caught for o in res.outcomes)
        tot, loc, caught = tot + n, loc + l_, caught + c
        for m, o in zip(res.mutants, res.outcomes):
            kinds[m.kind][0] += 1
            kinds[m.kind][1] += o.localised
        warn = " (sampel bersih bersuara!)" if res.baseline else ""
        lines.append(f"  {name:<40} {n:>6} {l_:>12} {_pct(l_, n)} {c:>10}{warn}")
        if verbose:
            for m, o in zip(res.mutants, res.outcomes):
                if not o.localised:
                    lines.append(f"      lolos: {m.kind:<12} {m.site.cell:<28} {m.old} → {m.new}  {o.codes}")
    lines.append("")
    for k in KINDS:
        n, l_ = kinds.get(k, [0, 0])
        lines.append(f"  {k:<14} {n:>5} {l_:>5} {_pct(l_, n)}")
    score = loc / tot if tot else 0.0
    lines.append("")
    lines.append(f"Skor korpus: {loc}/{tot} menyebut sel yang diubah = {score:.3f} (tertangkap apa pun: {caught}/{tot})")
    return "\n".join(lines)


def corpus_score(results: list[tuple[str, Result]]) -> float:
    tot = sum(len(r.outcomes) for _, r in results)
    return sum(o.localised for _, r in results for o in r.outcomes) / tot if tot else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Mutation test of the lakip-lint rule pack on the clean sample.")
    ap.add_argument("--corpus", action="store_true",
                    help="run on the corrected twins of corpus/ (other units' reports) instead; --n per twin")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--n", type=int, default=DEFAULT_N, help="number of mutants (spread evenly over the 6 kinds)")
    ap.add_argument("--min", type=float, default=DEFAULT_MIN, help="exit 1 below this share caught")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--verbose", action="store_true", help="list every missed mutant")
    args = ap.parse_args(argv)
    if args.corpus:
        n = CORPUS_N if args.n == DEFAULT_N else args.n
        minimum = CORPUS_MIN if args.min == DEFAULT_MIN else args.min
        results = run_corpus(args.seed, n, args.jobs)
        print(render_corpus(results, args.verbose))
        return 0 if corpus_score(results) >= minimum else 1
    res = run(args.seed, args.n, args.jobs)
    print(render(res, args.verbose))
    return 0 if res.score >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
