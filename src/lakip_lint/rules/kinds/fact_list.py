"""Fact list: the lines of an `Uraian | Nilai` list (an Ikhtisar, a summary block, figures
quoted from a paragraph) agree with each other as their labels say.

Each line's label is read for its role — a percentage (`Persentase`, `Capaian`, `Rasio`,
`%`), a base (`Pagu`, `Anggaran`, `Alokasi`, `Estimasi`, `Target`, `Beban`), a realisation,
a remainder (`Sisa`, `Selisih`), a change (`Kenaikan`, `Peningkatan`, `Penurunan`), a year —
and for its subject (the other words, compared by stem so `pengiriman` meets `dikirim`).
The relation checked is chosen by `relation`:

- `formula`: a label that prints its own formula (`Realisasi = 11 / 15 x 100`) equals it;
- `percent`: a percentage = the realisation / the base × 100 (`capaian` against a target),
  the pair taken from the same list, matched by subject, nearest first; the pair must be
  unique, or nothing is said;
- `change`: a Kenaikan/Peningkatan/Penurunan = this year's figure − the previous year's
  (`tahun sebelumnya` or the year before), or that change over the previous × 100, or, for
  two percentages, their difference in points;
- `remainder`: a Sisa/Selisih = the base − the realisation;
- `parts`: a line followed by two or more lines that repeat its words and add one each
  (`Perkara diterima` → `Perkara gugatan diterima`, `Perkara permohonan diterima`), or a
  `Jumlah …` line followed by codes (`OT`, `HM`, …): the line equals the sum of those lines;
- `same`: lines of the report's lists with the same label (years included, list markers,
  `pada`, `yang` and the like aside) state the same value;
- `terbilang`: a `Terbilang` line says in words the figure of the line above it.

Options: relation (required), percent / base / realised / remainder / change / previous —
the label words of each role (defaults beside the fields of `Params`).

Passes (relation percent):
  | Uraian                        | Nilai              |
  | Jumlah anggaran               | Rp 22.275.313.470  |
  | Realisasi                     | Rp 18.817.240.527  |
  | Persentase realisasi          | 84,48              |
Fails: `Persentase realisasi` written 84,84 — 18.817.240.527 / 22.275.313.470 × 100 = 84,48.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from ...labels import stems, words
from ...read.numbers import parse_number, terbilang
from ..engine import as_number
from ..outcomes import Broken, Compared, NotApplicable, NotRun, Passed, figure, is_figure
from ..tolerance import Approx, same
from ...findings import Number, phrase
from ...model import CellRef, Row, Table, Value

NAME = "fact_list"
OPTIONAL = True          # relations found in the report: none found is no failure to run
RELATIONS = ["formula", "percent", "change", "remainder", "parts", "same", "terbilang", "table", "unit"]
MONEY_WORDS = {"pagu", "anggaran", "alokasi", "estimasi", "belanja", "pendapatan", "dana", "biaya", "rp", "rupiah",
               "dipa", "apbn", "apbd", "pnbp"}
TABLE_ROLES = ["realisasi", "target", "capaian"]
STOP = {"yang", "pada", "di", "ke", "dari", "dan", "atau", "untuk", "dengan", "sebesar", "sebanyak", "tahun", "ta",
        "terhadap", "dalam", "oleh", "sampai", "sd", "s", "d", "per", "tersebut", "ini", "itu", "adalah", "nilai",
        "a", "b", "c", "e", "f", "rp", "rupiah", "jumlah", "total", "seluruh", "keseluruhan", "sehingga", "secara",
        "x", "100", "%", "januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
        "oktober", "november", "desember", "akhir", "awal"}
MEAN_WORDS = {"rata", "ratarata", "rerata"}
HUNDRED = Approx.exact(100)
# pairs of lines weighed for one line: a report's fact lists hold a dozen lines (13 at most in
# the samples and the corpus: 169 pairs); a list of thousands would cost lines³, so past this
# the line is said not checked
MAX_PAIRS = 2_500


class _TooMany(Exception):
    def __init__(self, pairs: int):
        super().__init__(pairs)
        self.pairs = pairs


def _bounded(a: list, b: list) -> None:
    if len(a) * len(b) > MAX_PAIRS:
        raise _TooMany(len(a) * len(b))


def _too_many(line: "Line", e: _TooMany) -> NotRun:
    return NotRun(phrase("reason.too_many_pairs", pairs=Number(Decimal(e.pairs)), limit=Number(Decimal(MAX_PAIRS))),
                  line.value.cell, line.table)


@dataclass
class Params:
    relation: str = field(default="percent", metadata={"enum": RELATIONS})
    percent: list[str] = field(default_factory=lambda: ["persentase", "prosentase", "persen", "capaian", "rasio",
                                                        "%"])
    base: list[str] = field(default_factory=lambda: ["pagu", "anggaran", "alokasi", "estimasi", "target", "beban",
                                                     "dipa"])
    realised: list[str] = field(default_factory=lambda: ["realisasi", "realisasinya", "terealisasi", "diputus",
                                                         "putus", "diselesaikan", "dikirim", "terserap", "sisa"])
    remainder: list[str] = field(default_factory=lambda: ["sisa", "selisih", "lebih", "kurang"])
    change: list[str] = field(default_factory=lambda: ["kenaikan", "peningkatan", "penurunan", "naik", "turun",
                                                       "pertumbuhan", "perubahan"])
    previous: list[str] = field(default_factory=lambda: ["sebelumnya", "lalu"])


@dataclass
class Line:
    table: Table
    row: Row
    label: str
    value: Value
    index: int                       # position in its list
    content: set                     # label words that say what it is (stop words and years aside)
    years: set
    percent: bool
    checked: bool = True             # False: a catalog fact, read here but checked by its own rules

    def has(self, ws) -> bool:
        return any(w in self.content for w in ws)

    def meets(self, other_words) -> int:
        """Label words shared with another label, by stem."""
        mine = self.stems
        return sum(1 for w in other_words if stems(w) & mine)

    @cached_property
    def stems(self) -> frozenset:
        """Every stem of the label's words (worked out once: labels are compared pair by pair)."""
        return stem_union(self.content)


_MARKER = re.compile(r"^\s*(?:[a-z]|\d{1,2})[.)]\s+", re.I)
_FORMULA = re.compile(r"=\s*([\d.,]+)\s*[/:]\s*([\d.,]+)\s*[x×*]\s*100\b", re.I)
_CODE = re.compile(r"^[A-Z]{1,5}$")


def _catalog_facts() -> dict[str, str]:
    """Ikhtisar facts the catalog names, with their types: their own rules check them."""
    from ...catalog import load_catalog
    return {f["name"]: f["type"] for f in load_catalog().kind("ikhtisar").facts}


def lists(run) -> list[list[Line]]:
    """The report's fact lists: Ikhtisar tables, and tables of one label and one figure
    column. A line the catalog names as a fact (`pagu_akhir`) is an input here, never a
    line checked: the catalog's own rules check it; a year, date or text fact is neither."""
    known = _catalog_facts()
    out = []
    for table in (t for t in run.report.tables if t.kind in run.rule.tables):
        label_col, value_col = _columns(table)
        if label_col is None:
            continue
        lines: list[Line] = []
        for row in table.rows:
            lab, val = row.get(label_col), row.get(value_col)
            if lab is None or not (lab.text or lab.raw) or val is None:
                continue
            text = _MARKER.sub("", str(lab.text or lab.raw))
            ws = words(text)
            years = {int(w) for w in ws if re.fullmatch(r"(19|20)\d\d", w)}
            content = {w for w in ws if w not in STOP and not w.isdigit()}
            pct = (val.unit == "persen") or bool(set(ws) & {"persentase", "prosentase", "persen", "capaian",
                                                            "rasio", "%"}) or "%" in text
            fact = known.get(row.label) if table.kind == "ikhtisar" else None
            if fact in ("year", "date", "text", "count") or val.kind == "date":
                continue
            lines.append(Line(table, row, text, val, len(lines), content, years, pct, checked=fact is None))
        if lines:
            out.append(lines)
    return out


def _columns(table):
    if table.kind == "ikhtisar":
        return "uraian", "nilai"
    texts = [c.name for c in table.columns if c.type == "text"]
    figs = [c.name for c in table.columns if c.type in ("amount", "number", "count", "percent", "index")]
    if len(texts) == 1 and len(figs) == 1:
        return texts[0], figs[0]
    return None, None


def _num(line: Line):
    return figure(line.value)


def check(params: Params, run):
    all_lists = lists(run)
    if params.relation == "same":
        yield from _same(all_lists)
        return
    if params.relation == "table":
        for lines in all_lists:
            for line in lines:
                if line.checked:
                    yield from _in_table(run, line)
        return
    for lines in all_lists:
        for line in lines:
            if line.checked:
                yield from RELATION[params.relation](params, line, lines)


# -- formula ---------------------------------------------------------------------------
def _formula(params, line, lines):
    m = _FORMULA.search(line.label)
    if not m:
        return
    a, b = parse_number(m.group(1)), parse_number(m.group(2))
    ra, rb = _same_reading(a, b)
    if ra is None or rb == 0 or line.value.kind not in ("number", "dash"):
        yield NotApplicable()
        return
    computed = Approx.exact(ra) / Approx.exact(rb) * HUNDRED
    yield Compared(as_number(line.value), computed, line.table, related=[],
                   params=_p(line, f"{m.group(1)} / {m.group(2)} × 100"))


def _same_reading(a, b):
    """The two operands of a printed ratio: `36.743 / 39.834` reads both separators the same
    way, and the ratio is the same whichever way that is."""
    if a.kind == "number" and b.kind == "number":
        return a.value, b.value
    if a.kind == "ambiguous" and b.kind == "ambiguous" and a.ambiguous_sep == b.ambiguous_sep:
        return a.readings[0].value, b.readings[0].value
    return None, None


# -- percent ---------------------------------------------------------------------------
def _subject(line: Line, params: Params) -> set:
    drop = set(params.percent) | set(params.change) | {"tingkat", "kinerja"}
    return {w for w in line.content if w not in drop}


def _eligible(line: Line, other: Line, params: Params) -> bool:
    if other is line or other.percent or other.has(MEAN_WORDS) or other.has(params.change) \
            or _FORMULA.search(other.label) or other.value.kind not in ("number", "dash"):
        return False
    if other.has(params.previous) != line.has(params.previous):
        return False                 # last year's figures go with last year's percentage
    if line.years and other.years and not (line.years & other.years):
        return False
    return True


def stem_union(ws) -> frozenset:
    """The stems of a set of words: two sets share a stem between some word of each exactly
    when their unions meet."""
    return frozenset().union(*(stems(w) for w in ws))


def _meets(a: set, b: set) -> bool:
    return bool(stem_union(a) & stem_union(b))


def _bases_named(params: Params, line: Line) -> list[str]:
    """The base roles a percentage or remainder line may be over: those its label names
    (`terhadap estimasi`, `beban perkara`); else pagu/anggaran for a `persentase
    realisasi` or a remainder of funds, a target for a `capaian`; else none — a ratio
    whose base the label does not say is not guessed."""
    named = [w for w in params.base if line.has([w])]
    if named:
        return named
    if line.has(["capaian"]):
        return ["target"]
    if line.percent and line.has(params.remainder):
        return ["beban", "pagu", "anggaran", "alokasi", "target"]
    if line.has(["realisasi", "dana", "anggaran", "pagu"]) or (line.has(params.remainder) and line.has(["dana"])):
        return ["pagu", "anggaran", "alokasi", "dipa"]
    return []


def _pair(params: Params, line: Line, lines: list[Line], base_words: list[str]):
    """The (realisation, base) lines a percentage or remainder line speaks of, or None."""
    base_words = _bases_named(params, line)
    if not base_words:
        return None
    subject = _subject(line, params)
    wants_target = line.has(["capaian"])
    bases = [o for o in lines if _eligible(line, o, params) and o.has(base_words) and not o.has(params.realised)]
    if wants_target:
        bases = [o for o in bases if o.has(["target"])] or bases
    elif any(not o.has(["target"]) for o in bases) and not line.has(["target"]):
        bases = [o for o in bases if not o.has(["target"])]
    in_bases = {id(o) for o in bases}            # (a line equals only itself: its index is its own)
    nums = [o for o in lines if _eligible(line, o, params) and id(o) not in in_bases
            and (o.has(params.realised) or o.meets(subject))]
    _bounded(nums, bases)
    scored = []
    roles = set(params.base) | set(params.realised) | set(params.percent) | set(params.remainder)
    s_qs = stem_union(subject - roles)
    own = set(base_words) | set(params.realised)
    # what each candidate brings, worked out once rather than once per pair: its words beyond
    # the roles (and their stems), how many of the subject's words it meets
    sides = {id(o): (o.content - roles, stem_union(o.content - roles), o.meets(subject)) for o in nums + bases}
    remainder = line.has(params.remainder)
    for n in nums:
        if n.has(params.remainder) and not remainder:
            continue
        qn, s_qn, n_subject = sides[id(n)]
        for b in bases:
            if n.years and b.years and not (n.years & b.years):
                continue                 # this year's realisation over this year's base
            qb, s_qb, b_subject = sides[id(b)]
            if (qn and not s_qn & (s_qs | s_qb)) or (qb and not s_qb & (s_qs | s_qn)):
                continue                 # `Realisasi PNBP` is no part of a `Persentase realisasi` of the whole
            score = n_subject + b_subject + n.meets(b.content - own)
            dist = abs(n.index - line.index) + abs(b.index - line.index)
            scored.append((score, -dist, n, b))
    if not scored:
        return None
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    if len(scored) > 1 and scored[0][:2] == scored[1][:2]:
        return None                  # two pairs fit as well: say nothing rather than guess
    return scored[0][2], scored[0][3]


def _pair_figures(params: Params, line: Line, lines: list[Line]):
    """(realisation line, base line, their figures), or None when the pair is not unique or
    a figure cannot be read."""
    pair = _pair(params, line, lines, params.base)
    if pair is None:
        return None
    n, b = pair
    x, y = _num(n), _num(b)
    return (n, b, x, y) if is_figure(x) and is_figure(y) else None


def _percent(params, line, lines):
    if not line.percent or line.has(params.change) or line.has(MEAN_WORDS) or _FORMULA.search(line.label) \
            or line.value.kind not in ("number", "dash"):
        return
    try:
        found = _pair_figures(params, line, lines)
    except _TooMany as e:
        yield _too_many(line, e)
        return
    if found is None:
        yield NotApplicable()
        return
    n, b, x, y = found
    try:
        computed = x / y * HUNDRED
    except ZeroDivisionError:
        yield NotApplicable()
        return
    yield Compared(as_number(line.value), computed, line.table, related=[n.value.cell, b.value.cell],
                   params=_p(line, f"'{n.label}' / '{b.label}' × 100"))


# -- remainder -------------------------------------------------------------------------
def _remainder(params, line, lines):
    if line.percent or not line.has(params.remainder) or line.has(params.change) or line.has(MEAN_WORDS) \
            or line.value.kind not in ("number", "dash"):
        return
    realised = [w for w in params.realised if w not in params.remainder]
    try:
        found = _pair_figures(Params(**{**params.__dict__, "realised": realised}), line, lines)
    except _TooMany as e:
        yield _too_many(line, e)
        return
    if found is None:
        yield NotApplicable()
        return
    n, b, x, y = found
    yield Compared(as_number(line.value), y - x, line.table, related=[b.value.cell, n.value.cell],
                   params=_p(line, f"'{b.label}' − '{n.label}'"))


# -- change ----------------------------------------------------------------------------
def _change(params, line, lines):
    if not line.has(params.change) or line.has(MEAN_WORDS) or line.value.kind not in ("number", "dash"):
        return
    subject = {w for w in line.content if w not in set(params.change) and w not in set(params.percent)
               and w not in {"dibandingkan", "dibanding", "tingkat"}}
    try:
        found = _years_pair(params, line, lines, subject)
    except _TooMany as e:
        yield _too_many(line, e)
        return
    if found is None:
        yield NotApplicable()
        return
    cur, prev = found
    x, y = _num(cur), _num(prev)
    if not (is_figure(x) and is_figure(y)):
        yield NotApplicable()
        return
    stated = as_number(line.value)
    down = line.has(["penurunan", "turun"])
    options = [("diff", x - y)]                # in the figures' own unit, or points between two percentages
    try:
        options.append(("rel", (x - y) / y * HUNDRED))
    except ZeroDivisionError:
        pass
    if down:
        options += [(k, -v) for k, v in options]
    verdicts = [(Compared(stated, v, line.table).verdict, k, v) for k, v in options]
    ok = next((t for t in verdicts if t[0].ok), None)
    if ok is None:                             # say it in the form the line states: % → relative change
        want = "rel" if line.percent and not (cur.percent and prev.percent) else "diff"
        ok = min((t for t in verdicts if t[1] == want), key=lambda t: abs(t[0].difference), default=verdicts[0])
    _, kind, computed = ok
    if kind == "rel":
        f = f"('{cur.label}' − '{prev.label}') / '{prev.label}' × 100"
    else:
        f = f"'{cur.label}' − '{prev.label}'"
    yield Compared(stated, computed, line.table, related=[cur.value.cell, prev.value.cell], params=_p(line, f))


def _years_pair(params: Params, line: Line, lines: list[Line], subject: set):
    """(this year's line, the previous year's) of the subject a change line names."""
    cands = [o for o in lines if o is not line and not o.has(params.change) and not o.has(MEAN_WORDS)
             and o.value.kind in ("number", "dash") and o.meets(subject) and not _FORMULA.search(o.label)]
    prevs = [o for o in cands if o.has(params.previous)]
    curs = [o for o in cands if not o.has(params.previous)]
    if not prevs and len({y for o in cands for y in o.years}) >= 2:
        top = max(y for o in cands for y in o.years)
        prevs = [o for o in cands if o.years and max(o.years) == top - 1]
        curs = [o for o in cands if o.years and max(o.years) == top] + [o for o in curs if not o.years]
    _bounded(curs, prevs)
    best = None
    for c in curs:
        for p in prevs:
            if c is p or c.percent != p.percent:
                continue
            dated = bool(c.years) and bool(p.years)          # two years named beat a line without one
            score = (dated, c.meets(subject) + p.meets(subject), -abs(c.index - line.index) - abs(p.index - line.index))
            if best is None or score > best[0]:
                best = (score, c, p, 1)
            elif score == best[0]:
                best = (score, best[1], best[2], best[3] + 1)
    if best is None or best[3] > 1:
        return None
    return best[1], best[2]


# -- parts -----------------------------------------------------------------------------
def _parts(params, line, lines):
    if line.percent or line.has(MEAN_WORDS) or line.value.kind not in ("number", "dash"):
        return
    whole = line.content
    by_source = _by_source(params, line, lines)
    if by_source:
        yield from _sum_of(line, by_source)
        return
    parts = []
    first = words(line.label)[:1]
    leads_codes = bool(set(first) & {"jumlah", "total"})
    budget = line.has(params.base) or leads_codes
    lead = None                      # the word a run of `Belanja …` lines opens with
    for o in lines[line.index + 1:]:
        if o.percent or o.value.kind not in ("number", "dash", "empty"):
            break
        ws = words(o.label)
        if whole and whole < o.content and len(o.content - whole) >= 1 and not o.has(params.change):
            parts.append(o)
        elif leads_codes and _CODE.match(o.label.strip()):
            parts.append(o)
        elif budget and len(ws) >= 2 and ws[0] not in first and ws[0] not in STOP \
                and ((lead is None and not parts) or ws[0] == lead):
            lead = ws[0]
            parts.append(o)
        else:
            break
    if len(parts) < 2:
        return
    yield from _sum_of(line, parts)


SOURCES = {"rm", "murni", "pnbp", "blu", "phln", "hibah", "sbsn", "pln", "pdn"}


def _by_source(params: Params, line: Line, lines: list[Line]) -> list[Line]:
    """`Realisasi anggaran` followed by `Realisasi RM`, `Realisasi PNBP` (per source of
    funds, two or more): the whole is their sum. The whole names no source itself."""
    role = [w for w in ("pagu", "realisasi", "anggaran", "alokasi", "dipa") if w in line.content]
    if not role or line.content & SOURCES or line.percent:
        return []
    parts = []
    for o in lines[line.index + 1:]:
        if o.percent or not (o.content & SOURCES) or not (o.content - SOURCES <= line.content):
            break                        # `Pagu RM`, `RM`, `Rupiah Murni` under `Pagu anggaran`
        parts.append(o)
    return parts if len(parts) >= 2 else []


def _sum_of(line: Line, parts: list[Line]):
    total, cells = Approx.exact(0), []
    for o in parts:
        x = _num(o)
        if isinstance(x, NotApplicable):
            continue
        if not is_figure(x):
            yield NotApplicable()
            return
        total = total + x
        cells.append(o.value.cell)
    f = " + ".join(f"'{o.label}'" for o in parts) if len(parts) <= 3 else \
        phrase("phrase.sum_of_lines", first=parts[0].label, last=parts[-1].label, n=len(parts))
    yield Compared(as_number(line.value), total, line.table, related=cells, params=_p(line, f))


# -- terbilang -------------------------------------------------------------------------
def _terbilang(params, line, lines):
    if words(line.label) != ["terbilang"] or line.index == 0:
        return
    above = lines[line.index - 1]
    said = terbilang(str(line.value.raw or line.value.text or ""))
    if said is None or above.value.kind != "number" or above.value.stated is None:
        yield NotApplicable()
        return
    yield Compared(above.value, Approx.exact(said * (above.value.scale or 1)), line.table,
                   related=[line.value.cell],
                   params=_p(above, phrase("phrase.in_words", raw=line.value.raw)))


# -- same ------------------------------------------------------------------------------
def _same(all_lists):
    groups: dict = {}
    for i, lines in enumerate(all_lists):
        for line in lines:
            if line.value.kind != "number" or not line.content or line.has({"terbilang"}) or not line.checked:
                continue
            ids = frozenset(w for w in words(line.label) if w.isdigit() and not re.fullmatch(r"(19|20)\d\d", w))
            # across lists only a label that says what and when (`Perkara diterima tahun 2011`);
            # `Realisasi` or `OT` means what its own list is about
            scope = "report" if line.years and len(line.content) >= 2 else i
            key = (scope, frozenset(line.content), ids, frozenset(line.years), line.percent)
            groups.setdefault(key, []).append(line)
    for key, members in groups.items():
        if len(members) < 2:
            continue
        counts = Counter(m.value.number for m in members)
        ref_value = counts.most_common(1)[0][0]
        ref = next(m for m in members if m.value.number == ref_value)
        for m in members:
            if m is ref:
                continue
            if same(m.value, ref.value).ok:
                yield Passed((m.value.cell, ref.value.cell))
            else:
                yield Compared(m.value, Approx.exact(ref.value.number), m.table, related=[ref.value.cell],
                               params=_p(m, f"'{ref.label}' ({ref.value.cell})"))


# -- unit ------------------------------------------------------------------------------
def _unit(params, line, lines):
    """A percentage line whose value is in rupiah, or a line of money whose value is a
    percentage: the value belongs to another line (or the label to another value)."""
    if line.value.kind != "number" or line.has(params.change) or line.has(MEAN_WORDS):
        return
    says_pct = bool(set(words(line.label)) & {"persentase", "prosentase", "persen", "capaian", "rasio"}) \
        or "%" in line.label
    unit = line.value.unit
    if says_pct and unit == "rupiah":
        yield Broken(line.value.cell, line.table, params={"row": line.label[:80], "shown": str(line.value.raw),
                                                          "what": phrase("phrase.a_percentage"),
                                                          "got": "rupiah"})
    elif unit == "persen" and not says_pct and line.has(MONEY_WORDS) and not line.has(params.realised):
        yield Broken(line.value.cell, line.table, params={"row": line.label[:80], "shown": str(line.value.raw),
                                                          "what": phrase("phrase.an_amount"),
                                                          "got": phrase("phrase.a_percentage")})
    else:                            # a sanity check, not a relation: it vouches for no figure
        yield NotApplicable()


# -- the same fact in a list and in a table ----------------------------------------------
_PAREN = re.compile(r"\([^()]*\)")
_RANGE = re.compile(r"((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)")


def _in_table(run, line: Line):
    """A list line naming a realisasi / target / capaian of a year (or of the report's
    year), or the mean of one over a span of years (`Rata-rata capaian 2012-2015`), and a
    table of the report with exactly one row and that role's columns by year: the table
    states the same fact."""
    ws = words(_PAREN.sub(" ", line.label))
    role = next((w for w in ws if w in TABLE_ROLES), None)
    if role is None or line.value.kind != "number" or line.has(["kenaikan", "peningkatan", "penurunan", "selisih"]) \
            or _FORMULA.search(line.label):
        return
    plain = {"tingkat", "kinerja", "persentase", "prosentase", "uraian", "tabel"}
    qualifiers = {w for w in ws if w not in STOP and not w.isdigit() and w not in TABLE_ROLES
                  and w not in MEAN_WORDS and w not in plain}
    if not qualifiers:           # `Realisasi` means the realisasi of what its list is about
        qualifiers = {w for w in words(_PAREN.sub(" ", line.table.caption or "")) if w not in STOP
                      and not w.isdigit() and w not in TABLE_ROLES and w not in plain and len(w) > 1}
    span = _RANGE.search(line.label)
    mean = line.has(MEAN_WORDS)
    if mean and not span:
        return
    years = set(range(int(span.group(1)), int(span.group(2)) + 1)) if span else \
        (line.years or ({run.report.fiscal_year} if run.report.fiscal_year else set()))
    if not years or (not mean and len(years) != 1):
        return
    hits = []
    for table in run.report.tables:
        if table.kind != "umum" or len(table.data_rows()) != 1:
            continue
        about = {w for c in table.columns for h in c.header for w in words(h)} | set(words(table.caption or "")) \
            | {w for v in table.data_rows()[0].values.values() if v.kind == "text" for w in words(v.text or "")}
        if not all(_meets({q}, about) for q in qualifiers):
            continue             # every word saying what the line is about is the table's too
        cols = [c for c in table.columns if c.year in years and c.type in ("amount", "number", "percent")
                and role in {w for h in c.header for w in words(h)}]
        if len(cols) == len(years):
            hits.append((table, cols))
    near = [h for h in hits if h[0].sheet == line.table.sheet]
    # a line naming no subject (`dengan persentase capaian`, in a list without a caption)
    # beside a one-row table stating that role means that table: one on another sheet is
    # about something else as likely (a list alone on its sheet may still mean the one)
    beside = any(t.kind == "umum" and len(t.data_rows()) == 1 and t.sheet == line.table.sheet
                 and any(role in {w for h in c.header for w in words(h)} for c in t.columns)
                 for t in run.report.tables)
    hits = near or ([] if beside and not qualifiers else hits)
    if len(hits) != 1:
        return
    table, cols = hits[0]
    row = table.data_rows()[0]
    values = [row.get(c.name) for c in cols]
    xs = [figure(v) for v in values]
    figures = [x for x in xs if isinstance(x, Approx)]
    if len(figures) != len(xs):
        yield NotApplicable()
        return
    cells = [v.cell for v in values]
    if mean:
        total = Approx.exact(0)
        for x in figures:
            total = total + x
        computed = total / Approx.exact(len(figures))
        last = CellRef.parse(cells[-1])
        shown = f"{cells[0]}:{last.local if last else cells[-1]}"
        yield Compared(as_number(line.value), computed, line.table, related=cells,
                       params=_p(line, phrase("phrase.mean_of", span=shown, table=table.label)))
        return
    first = values[0]
    if first.number is not None and same(line.value, first).ok:     # a dash states no number: it reads as 0
        yield Passed((line.value.cell, cells[0]))
        return
    yield Compared(line.value, figures[0] if first.number is None else Approx.exact(first.number), line.table,
                   related=cells, params=_p(line, f"{cells[0]} ({table.label})"))


def _p(line: Line, formula) -> dict:
    return {"row": line.label[:80], "formula": formula}


RELATION = {"formula": _formula, "percent": _percent, "change": _change, "remainder": _remainder,
            "parts": _parts, "terbilang": _terbilang, "unit": _unit}
