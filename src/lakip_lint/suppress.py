"""Suppressions and baselines: findings a team has decided about, kept out of the report.

A suppression names a rule (id or name) and where it applies — a table, a row key (the row
as the report names it) or a cell — and must say why. It comes from `suppress` entries in
the configuration (`[[tool.lakip-lint.suppress]]` or `[[suppress]]` in lakip-lint.toml) or
from `.lakip-lint-ignore.yaml`. A suppression that matched nothing is itself reported, so
stale ones do not pile up.

A baseline is a file of the findings that already existed: later runs report only new ones.
Entries are keyed by rule + workbook name + table + row key + column, never by the cell
address, so inserting a row does not make old findings reappear.
"""
from __future__ import annotations

import fnmatch
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from .findings import Finding
from .messages import notice

IGNORE_FILE = ".lakip-lint-ignore.yaml"


class SuppressionError(ValueError):
    pass


@dataclass
class Suppression:
    rule: str
    reason: str
    source: str                      # where it was written: file and entry number
    table: str | None = None
    row: str | None = None
    cell: str | None = None
    file: str | None = None          # optional glob on the workbook name
    used: int = 0

    def matches(self, f: Finding) -> bool:
        if self.rule not in (f.code, f.name) and self.rule.upper() != f.code:
            return False
        if self.file and not (fnmatch.fnmatch(os.path.basename(f.file), self.file) or fnmatch.fnmatch(f.file, self.file)):
            return False
        if self.table and (f.table or "").casefold() != self.table.casefold():
            return False
        if self.row and (f.row_key or "").casefold() != self.row.casefold():
            return False
        if self.cell and _cell(f.cell) != _cell(self.cell):
            return False
        return True

    def scope(self) -> str:
        parts = [f"{k}={v}" for k, v in (("tabel", self.table), ("baris", self.row), ("sel", self.cell),
                                           ("berkas", self.file)) if v]
        return ", ".join(parts)


def _cell(ref: str | None) -> str:
    """'Tabel 6'!D5 and Tabel 6!d5 are the same cell."""
    if not ref:
        return ""
    sheet, _, addr = ref.rpartition("!")
    return f"{sheet.strip(chr(39)).casefold()}!{addr.replace('$', '').upper()}"


def parse(entries, source: str) -> list[Suppression]:
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise SuppressionError(f"{source}: 'suppress' harus berupa daftar")
    out = []
    for i, e in enumerate(entries, 1):
        where = f"{source} #{i}"
        if not isinstance(e, dict):
            raise SuppressionError(f"{where}: setiap penekanan berupa tabel/objek")
        unknown = set(e) - {"rule", "reason", "table", "row", "cell", "file"}
        if unknown:
            raise SuppressionError(f"{where}: kunci tidak dikenal: {', '.join(sorted(unknown))}")
        if not str(e.get("rule", "")).strip():
            raise SuppressionError(f"{where}: 'rule' wajib diisi")
        if not str(e.get("reason", "")).strip():
            raise SuppressionError(f"{where}: penekanan {e['rule']} wajib menyebut alasan ('reason')")
        if not any(e.get(k) for k in ("table", "row", "cell")):
            raise SuppressionError(f"{where}: penekanan {e['rule']} harus menyebut tabel, baris atau sel "
                                   "(untuk seluruh laporan pakai --ignore)")
        out.append(Suppression(rule=str(e["rule"]).strip(), reason=str(e["reason"]).strip(), source=where,
                               table=e.get("table"), row=e.get("row"), cell=e.get("cell"), file=e.get("file")))
    return out


def load(config: dict, config_path: str | None, start: Path | None = None) -> list[Suppression]:
    """Suppressions from the configuration and from the nearest .lakip-lint-ignore.yaml."""
    out = parse(config.get("suppress"), config_path or "konfigurasi")
    here = (start or Path.cwd()).resolve()
    for d in [here, *here.parents]:
        p = d / IGNORE_FILE
        if p.is_file():
            from .rules.loader import RuleFileError, read_rule_text, screen_yaml_events
            try:       # a file in a shared folder: the rule files' limits (size, no aliases, nesting)
                text = read_rule_text(p)
                screen_yaml_events(text, str(p))
                data = yaml.safe_load(text)
            except RuleFileError as e:
                raise SuppressionError(str(e))
            except (OSError, yaml.YAMLError) as e:
                raise SuppressionError(f"{p}: tidak dapat dibaca: {e}")
            out += parse(data.get("suppress") if isinstance(data, dict) else data, str(p))
            break
    return out


def apply(findings: list[Finding], suppressions: list[Suppression]) -> tuple[list[Finding], int, list[Finding]]:
    """(kept findings, number suppressed, notices for suppressions that matched nothing)."""
    kept, n = [], 0
    for f in findings:
        hit = next((s for s in suppressions if s.matches(f)), None)
        if hit is None:
            kept.append(f)
        else:
            hit.used += 1
            n += 1
    unused = [notice("unused_suppression", s.source.rsplit(" #", 1)[0], rule=s.rule, scope=s.scope(),
                     where=s.source) for s in suppressions if s.used == 0]
    return kept, n, unused


# -- baselines -------------------------------------------------------------------------------

def key(f: Finding) -> tuple:
    anchor = "" if (f.row_key or f.column) else (f.cell or "")
    table = f.table or ""
    if "!" in table:                  # an uncaptioned table is named by its range: keep only the sheet
        table = table.rsplit("!", 1)[0].strip("'")
    return (f.code, os.path.basename(f.file), table, f.row_key or "", f.column or "", anchor)


def _entry(k: tuple, count: int) -> dict:
    rule, file, table, row, column, cell = k
    e = {"rule": rule, "file": file, "table": table, "row": row, "column": column, "count": count}
    if cell:
        e["cell"] = cell
    return e


def _key_of(e: dict) -> tuple:
    return (e["rule"], e["file"], e.get("table", ""), e.get("row", ""), e.get("column", ""), e.get("cell", ""))


def write_baseline(path: str, findings: list[Finding]) -> int:
    counts = Counter(key(f) for f in findings)
    doc = {"tool": "lakip-lint", "baseline": 1,
           "entries": [_entry(k, n) for k, n in sorted(counts.items())]}
    from .atomic import write_atomically
    write_atomically(str(path), json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    return sum(counts.values())


def read_baseline(path: str) -> Counter:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        return Counter({_key_of(e): int(e.get("count", 1)) for e in doc["entries"]})
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise SuppressionError(f"{path}: baseline tidak dapat dibaca: {e}")


def apply_baseline(findings: list[Finding], base: Counter) -> tuple[list[Finding], int, Counter]:
    """(new findings, number known, baseline entries that still occur)."""
    left, seen = Counter(base), Counter[tuple]()
    kept: list[Finding] = []
    known = 0
    for f in findings:
        k = key(f)
        if left[k] > 0:
            left[k] -= 1
            seen[k] += 1
            known += 1
        else:
            kept.append(f)
    return kept, known, seen


def prune_baseline(path: str, seen: Counter) -> int:
    doc = {"tool": "lakip-lint", "baseline": 1,
           "entries": [_entry(k, n) for k, n in sorted(seen.items()) if n > 0]}
    from .atomic import write_atomically
    write_atomically(str(path), json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    return sum(seen.values())
