"""One mistake, one finding: the findings that follow from one wrong cell are grouped
under the finding that points at that cell.

A failing check B is a symptom of a failing check A when B read A's cell: the total that
no longer adds up read the wrong part; the percentage read the wrong amount. The same
wrong value written into two tables against the same reference (one figure copied twice)
is one mistake too, and so are checks of several rules failing at one cell. A row whose
figures were deleted is one finding (LKP013) with its blanks and what they break under it;
a cell read by failing checks and checked by none is one (LKP012). Following these links
to their end gives each group its primary
finding — the cell most likely wrong; the others keep their place in JSON with a pointer
to it (`primary`), and the text output lists them under it ("juga terlihat di …"). A
group is as severe as its worst member.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .findings import SEVERITY_RANK, Finding
from .messages import notice
from .model import CellRef, local_part, sheet_of


def group(findings: list[Finding], sized: frozenset[str] = frozenset(),
          sized_by_formula: frozenset[str] = frozenset()) -> None:
    """Set `primary` on symptoms and `symptoms` on primaries, in place (deterministic:
    findings are visited in the order given). `sized`: the codes of rules whose figure is a
    sum, a copy, a product or a quotient of what they read — there an error carries as it is
    or in proportion, and a gap far beyond it is a mistake of its own (`_could_explain`);
    `sized_by_formula`: rules that are so unless the formula a finding states takes a
    difference (a minimising capaian). Any other finding follows from a failing cell it
    read, whatever the sizes (through a difference a 1,6 % slip can move a rate 22 %)."""
    failing = [f for f in findings if f.outcome == "failed" and f.cell
               and SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warning"]]
    own: dict[str, list[Finding]] = {}
    for f in failing:
        own.setdefault(f.cell, []).append(f)
    points_to: dict[int, Finding] = {}
    for f in failing:
        read = [c for c in dict.fromkeys([*f.related, *f.reads]) if c != f.cell]
        causes = [g for c in read for g in own.get(c, ()) if g is not f]
        sized_here = f.code in sized or (f.code in sized_by_formula and not _through_difference(f))
        if not causes or (sized_here and not _could_explain(causes, f)):
            continue
        # the most specific cause: the check that read the fewest cells (a part before its total)
        g = min(causes, key=lambda g: (_size(g), failing.index(g)))
        if _size(g) > _size(f) and f.cell in (*g.related, *g.reads):
            continue                  # each reads the other's cell: the more specific (f) explains g
        if points_to.get(id(g)) is f:
            continue                  # each reads the other: the one seen first stays primary
        points_to[id(f)] = g
    _same_cell(own, failing, points_to)
    _same_value(failing, points_to)
    for f in failing:
        root, seen = f, {id(f)}
        while id(root) in points_to and id(points_to[id(root)]) not in seen:
            root = points_to[id(root)]
            seen.add(id(root))
        if root is f:
            continue
        f.primary = root.ident
        root.symptoms.append(f.ident)
        if SEVERITY_RANK[f.severity] > SEVERITY_RANK[root.severity]:
            root.severity = f.severity   # a blank that breaks a total is as grave as the total


def likely_cells(findings: list[Finding]) -> list[Finding]:
    """A cell no check failed on, read by two or more failing checks of different rules
    that nothing else explains (a wrong leaf in an RKA-K/L tree: its parent's sum and its
    own percentage fail, the leaf itself is checked by nothing): one new primary finding
    at that cell, the checks listed under it. Returns the new findings (add them)."""
    roots = [f for f in findings if f.outcome == "failed" and f.cell and not f.primary
             and SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warning"]]
    own = {f.cell for f in findings if f.cell}
    readers: dict[str, list[Finding]] = {}
    for f in roots:
        for c in dict.fromkeys([*f.related, *f.reads]):
            if c != f.cell and c not in own:
                readers.setdefault(c, []).append(f)
    out: list[Finding] = []
    used: set[int] = set()
    for cell, fs in readers.items():
        fs = [f for f in fs if id(f) not in used]
        if len(fs) < 2 or len({f.code for f in fs}) < 2:
            continue
        worst = max(fs, key=lambda f: SEVERITY_RANK[f.severity])
        codes = ", ".join(f"{f.code} {local_part(f.cell)}" for f in fs)
        new = notice("likely_wrong_cell", worst.file, sheet_of(cell) or worst.sheet,
                     cell, worst.table, at=cell, n=len(fs), codes=codes)
        new.severity, new.outcome = worst.severity, "failed"
        new.related, new.reads = [f.cell for f in fs], [cell]
        used.update(id(f) for f in fs)
        _adopt(new, fs, findings)
        out.append(new)
    return out


def blank_rows(findings: list[Finding]) -> list[Finding]:
    """Two or more blanks that checks needed (key `rule.blank_cell`), all on one row of one
    table and no primary yet: the row lost its figures (deleted, or never filled) — one
    mistake. One new primary finding (LKP013) at the row's first blank names every cell;
    the blanks and what followed from them are listed under it. A blank alone on its row
    leads what else failed at its cell. Returns the new findings."""
    rows: dict[tuple, list[Finding]] = {}
    for f in findings:
        ref = CellRef.parse(f.cell) if f.key == "rule.blank_cell" and not f.primary else None
        if ref is not None:
            rows.setdefault((f.file, f.table, ref.sheet, ref.row), []).append(f)
    out = []
    for fs in rows.values():
        if len(fs) < 2:
            continue
        fs.sort(key=lambda f: CellRef.parse(f.cell).order)
        cells = [CellRef.parse(f.cell).local for f in fs]
        shown = ", ".join(cells) if len(cells) <= 4 else f"{cells[0]} … {cells[-1]}"
        first = fs[0]
        new = notice("blank_row", first.file, first.sheet, first.cell, first.table,
                     row=first.params.get("row", first.row_key), label=first.table, n=len(fs), cells=shown)
        new.outcome, new.row_key = "failed", first.row_key
        new.severity = max((f.severity for f in fs), key=lambda s: SEVERITY_RANK[s])
        new.related, new.reads = [f.cell for f in fs[1:]], [f.cell for f in fs]
        blanks = [CellRef.parse(f.cell) for f in fs]
        # what failed on the row itself (a value required there), or a total over the column
        # that skipped the blank (it names itself and the ends of its parts)
        members = {id(f) for f in fs}
        spanning = [g for g in findings if g.outcome == "failed" and not g.primary and id(g) not in members
                    and g.key != "rule.blank_cell" and g.cell and g.table == first.table
                    and (_on_row(g, blanks[0]) or any(_spans(g, b) for b in blanks))]
        _adopt(new, fs + spanning, findings)
        out.append(new)
    _blank_and_others_at_one_cell(findings)
    return out


def _blank_and_others_at_one_cell(findings: list[Finding]) -> None:
    """A blank the checks needed, alone on its row, and another rule failing at that same
    cell (a value required there, a range): one empty cell, one mistake. The blank says
    what to do (fill it, or write '-'); it leads, as grave as the worst of them."""
    at: dict[str, list[Finding]] = {}
    for f in findings:
        if f.outcome == "failed" and f.cell and not f.primary and SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warning"]:
            at.setdefault(f.cell, []).append(f)
    for fs in at.values():
        if len(fs) < 2 or not any(f.key == "rule.blank_cell" for f in fs):
            continue
        head = next(f for f in fs if f.key == "rule.blank_cell")
        head.severity = max((f.severity for f in fs), key=lambda s: SEVERITY_RANK[s])
        _adopt(head, [f for f in fs if f is not head], findings)


def _on_row(f: Finding, blank: CellRef) -> bool:
    ref = CellRef.parse(f.cell)
    return ref is not None and ref.sheet == blank.sheet and ref.row == blank.row


def _spans(f: Finding, blank: CellRef) -> bool:
    """Does a failing check's range — the cells it names and read in the blank's sheet and
    column — run over the blank's row (a sum whose parts include the blank)?"""
    rows = [r.row for r in (CellRef.parse(c) for c in [f.cell, *f.related, *f.reads])
            if r is not None and r.sheet == blank.sheet and r.col == blank.col]
    return len(rows) >= 2 and min(rows) < blank.row < max(rows)


def _adopt(new: Finding, members: list[Finding], findings: list[Finding]) -> None:
    """`new` is the primary of `members` and of everything that followed from them."""
    by_ident = {f.ident: f for f in findings}
    for f in members:
        for k in [f.ident, *f.symptoms]:
            if k not in new.symptoms:
                new.symptoms.append(k)
            if k in by_ident:
                by_ident[k].primary = new.ident


EXPLAINS = 10     # how much larger than its causes' relative error a symptom's may be and still follow from them


def _could_explain(causes: list[Finding], f: Finding) -> bool:
    """Could putting the cells of `causes` right close `f`'s gap? An error carries through a
    sum or a copy as it is (a part 60 000 000 off leaves its total 60 000 000 off) and
    through a product or a quotient in proportion (a realisation 10× too large makes its
    percentage 10× too large; target and realisation swapped, 100×). A gap neither way
    explains — a Total's % 0,30 points off while the Total it reads is 7 883 rupiah off, a
    total 10 000 000 off while a part is 500 off — is a mistake of its own. Asked only of
    sums, copies, products and quotients (`group`). Causes off by a factor of 2 or more
    explain anything that read them. When a finding states no figures, that the one read
    the other's cell decides, as before."""
    b = _gap(f)
    gaps = [_gap(g) for g in causes]
    if b is None or any(a is None for a in gaps):
        return True
    db, fb, tb = b
    if any(abs(db - da) <= max(da / 100, ta, tb) for da, _, ta in gaps):
        return True
    by_cell: dict[str | None, Decimal] = {}
    for g, (_, fa, _) in zip(causes, gaps):
        by_cell[g.cell] = max(by_cell.get(g.cell, Decimal(1)), fa)
    combined = Decimal(1)
    for fa in by_cell.values():
        combined *= fa
    # a cause off by half or more (×1000, a swap) can throw any formula anywhere, through
    # 1 − IBR / IBT as much as through a sum; a small one only in proportion, at most
    return combined >= 2 or fb - 1 <= (combined - 1) * EXPLAINS


def _through_difference(f: Finding) -> bool:
    """The formula `f` states (a rule's own expression, as rendered) takes a difference —
    a minimising capaian `(2 × target − realisasi) / target × 100` — or states none."""
    formula = f.params.get("formula") if isinstance(f.params, dict) else None
    return not isinstance(formula, str) or any(sign in formula for sign in ("−", "-", "+"))


def _gap(f: Finding):
    """(|stated − expected|, the factor between them (≥ 1; stated and expected of one sign,
    else infinite), the tolerance), or None when the finding states no figures."""
    try:
        stated, expected = Decimal(str(f.stated)), Decimal(str(f.expected))
        tolerance = Decimal(str(f.tolerance)) if f.tolerance is not None else Decimal(0)
    except (InvalidOperation, ValueError, TypeError):
        return None
    if not (stated.is_finite() and expected.is_finite() and tolerance.is_finite()):
        return None
    if stated == expected:
        factor = Decimal(1)
    elif stated * expected > 0:
        factor = max(stated / expected, expected / stated)
    else:
        factor = Decimal("Infinity")
    return abs(stated - expected), factor, abs(tolerance)


def _size(f: Finding) -> int:
    return len(f.reads or f.related) or 1


def _same_cell(own: dict, failing: list[Finding], points_to: dict) -> None:
    """Checks of different rules that fail at one cell say the same thing: that cell is
    wrong. The worst (then the first) is the primary, the others follow from it. A blank
    the checks needed is left to `blank_rows` (a row of blanks is one finding of its own)."""
    for cell, fs in own.items():
        fs = [f for f in fs if f.key != "rule.blank_cell"]
        if len(fs) < 2:
            continue
        head = max(fs, key=lambda f: (SEVERITY_RANK[f.severity], -failing.index(f)))
        for f in fs:
            if f is head or id(f) in points_to or _leads_to(head, f, points_to):
                continue
            points_to[id(f)] = head


def _leads_to(a: Finding, b: Finding, points_to: dict) -> bool:
    seen = set()
    while id(a) in points_to and id(a) not in seen:
        seen.add(id(a))
        a = points_to[id(a)]
        if a is b:
            return True
    return False


def _same_value(failing: list[Finding], points_to: dict) -> None:
    """Findings of one rule stating the same value against the same expected one and the
    same reference cell: one figure copied into several tables, one mistake."""
    first: dict[tuple, Finding] = {}
    for f in failing:
        if id(f) in points_to or f.stated is None or f.expected is None:
            continue
        for ref in f.related:
            k = (f.code, f.stated, f.expected, ref)
            if k in first and first[k] is not f:
                points_to[id(f)] = first[k]
                if f.cell not in first[k].related:
                    first[k].related.append(f.cell)      # the primary names every cell holding the copy
                break
            first.setdefault(k, f)
