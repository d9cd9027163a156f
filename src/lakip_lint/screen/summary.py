"""The worker side of screening: one workbook → a small picklable Summary.

A Summary holds findings as plain dicts, per-rule outcome counts, the handful of values
the cross-balai checks compare (`facts`, see `extract`), and the tables the Great
Expectations rules read (`gx_tables`, dropped once those rules have run in the parent).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..findings import SEVERITY_RANK, Finding
from ..messages import notice

_STATE: dict = {}

# (kind, field) of the values year-over-year checks compare; per-year columns are `field[YYYY]`
YEARLY = {
    "renstra_capaian": ("target", "realisasi"),
    "renstra_target": ("target",),
    "pnbp_per_jenis": ("pnbp",),
    "pnbp_target_realisasi": ("target", "realisasi"),
    "riwayat_anggaran": ("pagu", "realisasi"),
}
ROW_NAME = {"renstra_capaian": "uraian", "renstra_target": "uraian", "pnbp_per_jenis": "jenis"}
IK_PATTERNS = {"sakip": "akuntabilitas kinerja", "lapkeu": "laporan keuangan"}


@dataclass
class Summary:
    file: str
    readable: bool = False
    unit_name: str | None = None
    fiscal_year: int | None = None
    sheets: list = field(default_factory=list)
    n_tables: int = 0
    findings: list = field(default_factory=list)        # Finding.__dict__ copies
    found: list = field(default_factory=list)           # the Finding objects themselves (pages)
    counts: dict = field(default_factory=dict)          # rule id -> {passed, failed, ...}
    facts: dict = field(default_factory=dict)           # see extract()
    gx_tables: list = field(default_factory=list)
    balai: str = ""
    year: int | None = None
    status: str = ""
    error: str | None = None

    @classmethod
    def broken(cls, path: str, why: str) -> "Summary":
        s = cls(file=path)
        s.error = why
        s.add(notice("file_unreadable", path, reason=why))
        return s

    def add(self, f: Finding) -> None:
        from ..outputs.lang import message
        d = f.to_dict(message(f, "id"))
        d["message_id"], d["message_en"] = d.pop("message"), message(f, "en")
        for k in ("cell", "expected", "stated", "related", "table", "row_key", "sheet"):
            d.setdefault(k, None)
        self.findings.append(d)
        self.found.append(f)

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f["severity"] == severity)

    def top_rules(self, n: int = 3) -> list[tuple[str, int]]:
        c = Counter(f["code"] for f in self.findings if f["severity"] in ("error", "warning"))
        return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[:n]

    def finish(self) -> None:
        from ..findings import _cell_order
        self.findings.sort(key=lambda f: (-SEVERITY_RANK[f["severity"]], f.get("sheet") or "",
                                          _cell_order(f.get("cell")), f["code"]))
        self.found.sort(key=lambda f: (-SEVERITY_RANK[f.severity], f.sheet or "", _cell_order(f.cell), f.code))
        if not self.readable:
            self.status = "TIDAK TERBACA"
        elif any(f["severity"] in ("error", "warning") for f in self.findings):
            self.status = "PERLU PERBAIKAN"
        else:
            self.status = "LULUS"


def worker_init(rule_dirs: tuple = ()) -> None:
    """Rules are loaded once per process; expectation rules are left to the parent (stacked)."""
    if _STATE.get("dirs") == rule_dirs:
        return
    from ..rules import load_rules
    rules = load_rules(rule_dirs)
    _STATE["dirs"] = rule_dirs
    _STATE["rules"] = [r for r in rules if r.kind != "expectation"]
    from ..rules import gx
    from ..rules.engine import ROW_LABEL_COLUMNS
    needs: dict[str, set[str]] = {}
    for r in rules:
        if r.kind != "expectation":
            continue
        cols = set(gx.Spec.of(r).columns) | set(r.params.get("key") or []) | set(ROW_LABEL_COLUMNS)
        for t in r.tables:
            if t != "ikhtisar":
                needs.setdefault(t, set()).update(cols)
    _STATE["gx_kinds"] = needs
    try:
        from ..config import find_config
        _STATE["config"] = find_config()[0] or {}
    except Exception:
        _STATE["config"] = {}


def summarise(path: str, extract_only: bool = False) -> Summary:
    """Read and check one workbook. Never raises for a bad file."""
    from ..read import read_report
    from ..rules import run_rules
    s = Summary(file=str(path))
    try:
        report = read_report(path)
    except Exception as e:       # the reader promises not to raise; a bug must still not stop the batch
        return Summary.broken(str(path), f"{type(e).__name__}: {e}")
    s.readable = report.readable
    s.unit_name, s.fiscal_year = report.unit_name, report.fiscal_year
    s.sheets, s.n_tables = list(report.sheets), len(report.tables)
    try:
        s.facts = extract(report)
    except Exception as e:
        s.facts = {}
        s.error = f"extract: {type(e).__name__}: {e}"
    if extract_only:
        return s
    for n in report.notices:
        s.add(n)
    stats: dict = {}
    for f in run_rules(report, _STATE["rules"], _STATE["config"], stats):
        s.add(f)
    s.counts = {rid: dict(st.counts) for rid, st in stats.items()}
    if report.readable:
        needs = _STATE["gx_kinds"]
        s.gx_tables = [_slim(t, needs[t.kind]) for t in report.tables if t.kind in needs]
    return s


def _slim(table, names: set[str]):
    """What the expectation rules read of a table, to send to the parent: its data rows and
    the columns they name (a full table costs ~10× more to pickle and to hold for a batch)."""
    from ..model import Row, Table
    keep = lambda n: n in names or n.split("[")[0] in names       # noqa: E731 — per-year columns
    out = Table(kind=table.kind, sheet=table.sheet, ref=table.ref, caption=table.caption, number=table.number,
                columns=[c for c in table.columns if keep(c.name)], hidden_sheet=table.hidden_sheet,
                header_rows=list(table.header_rows))
    out.rows = [Row(index=r.index, sheet_row=r.sheet_row, kind=r.kind, label=r.label, section=r.section,
                    level=r.level, parent=r.parent, year=r.year,
                    values={n: v for n, v in r.values.items() if keep(n)})
                for r in table.rows if r.kind == "data"]
    return out


def _text(v) -> str:
    if v is None:
        return ""
    return " ".join(str(v.text if v.text is not None else (v.raw or "")).split())


def _num(v):
    if v is None or not v.is_number:
        return None
    return (v.number, v.decimals or 0, v.cell)


def _own(name: str, unit_words: set[str]) -> bool:
    words = set(re.findall(r"[a-z0-9]+", name.lower()))
    return bool(words) and words <= unit_words


def extract(report) -> dict:
    """What the screening checks compare, as plain data:

    - `sakip`: rows of the all-satker SAKIP table (unit, total, predikat, cells, own row?)
    - `lapkeu`: rows of the all-satker financial-report table (satker, nilai, cell, own?)
    - `ik`: this unit's IK realisasi for SAKIP and for the financial report (capaian tables)
    - `yearly`: (kind, row key, field, year, number, decimals, cell) of the year-indexed values
    """
    from ..rules.matching import normal
    unit_words = set(re.findall(r"[a-z0-9]+", (report.unit_name or "").lower()))
    out: dict = {"sakip": [], "lapkeu": [], "ik": {"sakip": [], "lapkeu": []}, "yearly": []}
    own_best = {"sakip": 0, "lapkeu": 0}
    for t in report.tables:
        if t.kind == "sakip_satker":
            for row in t.data_rows():
                name = _text(row.get("unit"))
                if name:
                    out["sakip"].append({"name": name, "total": _num(row.get("total")),
                                         "predikat": _text(row.get("predikat")),
                                         "predikat_cell": row.get("predikat").cell if row.get("predikat") else None,
                                         "own": _own(name, unit_words), "table": t.label})
        elif t.kind == "nilai_lapkeu":
            for row in t.data_rows():
                name = _text(row.get("satker"))
                if name:
                    out["lapkeu"].append({"name": name, "nilai": _num(row.get("nilai")),
                                          "own": _own(name, unit_words), "table": t.label})
        elif t.kind in ("capaian_kinerja", "capaian_triwulan"):
            for row in t.data_rows():
                ind = _text(row.get("indikator")).lower()
                for key, pat in IK_PATTERNS.items():
                    if pat in ind and _num(row.get("realisasi")):
                        out["ik"][key].append({"value": _num(row.get("realisasi")), "table": t.label,
                                               "indikator": _text(row.get("indikator"))})
        if t.kind in YEARLY:
            fields = YEARLY[t.kind]
            name_col = ROW_NAME.get(t.kind)
            for row in t.data_rows():
                key = normal(_text(row.get(name_col))) if name_col else ""
                if name_col and not key:
                    continue
                for col in t.columns:
                    base = col.base or col.name.split("[")[0]
                    if base not in fields:
                        continue
                    year = col.year if col.year is not None else row.year
                    n = _num(row.get(col.name))
                    if year is None or n is None:
                        continue
                    out["yearly"].append((t.kind, key, base, int(year), n[0], n[1], n[2], t.label))
    # the most specific own row only (as the rules choose it)
    for k in ("sakip", "lapkeu"):
        owns = [r for r in out[k] if r["own"]]
        if len(owns) > 1:
            best = max(len(re.findall(r"[a-z0-9]+", r["name"].lower())) for r in owns)
            for r in owns:
                r["own"] = len(re.findall(r"[a-z0-9]+", r["name"].lower())) == best
    del own_best
    return out
