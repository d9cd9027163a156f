"""Submitted files as a batch sees them (BSKJI screening): one `Submission` per file, and
who sent it — the balai and fiscal year read from its content, the file name only when
the content names no unit.

Plain data shared by the screening face (screen/), the batch rules (rules/kinds/batch.py)
and the screening outputs; no reading or checking happens here.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field

from .check import Coverage
from .findings import SEVERITY_RANK, Finding, mistakes
from .model import Report


@dataclass
class Submission:
    """One submitted file, checked."""
    path: str
    report: Report                  # what was read of it: path, format, unit, year, sheets, notices; the
                                    # tables the expectation rules read (dropped once they ran)
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, Counter] = field(default_factory=dict)     # rule id -> outcome counts
    coverage: Coverage = field(default_factory=Coverage)
    facts: dict = field(default_factory=dict)                     # screen/worker.py facts()
    tables: int = 0                 # tables recognised
    mtime: float = 0.0
    trace: str | None = None

    @property
    def readable(self) -> bool:
        return self.report.readable

    @property
    def stem(self) -> str:
        return os.path.splitext(os.path.basename(self.path))[0]

    @property
    def balai(self) -> str:
        """The unit as the report names it ('BSPJI Pekanbaru'), else the file name."""
        return short_name(self.report.unit_name) or self.stem

    @property
    def named(self) -> bool:
        """Whether the balai was read from the content (not taken from the file name)."""
        return bool(short_name(self.report.unit_name))

    @property
    def year(self) -> int | None:
        """The fiscal year the report states, else the first year its file name holds."""
        if self.report.fiscal_year is not None:
            return self.report.fiscal_year
        years = file_years(self.stem)
        return years[0] if years else None

    def count(self, severity: str) -> int:
        """Findings at this severity, one per mistake (a symptom under its primary is not
        counted again; a check that could not run is no finding)."""
        return mistakes(self.findings, severity)

    @property
    def status(self) -> str:
        """LULUS, PERLU PERBAIKAN, TIDAK DIPERIKSA (read, but (almost) nothing checked) or
        TIDAK TERBACA — the words BSKJI uses, the same in every language's table."""
        if not self.readable:
            return "TIDAK TERBACA"
        if self.count("error") or any(f.code != "LKP011" and f.severity == "warning" and not f.primary
                                      for f in self.findings):
            return "PERLU PERBAIKAN"
        if any(f.code == "LKP011" for f in self.findings):
            return "TIDAK DIPERIKSA"
        return "LULUS"


def short_name(unit: str | None) -> str | None:
    """'Balai … (BSPJI) Pekanbaru' → 'BSPJI Pekanbaru'; any other name as written."""
    if not unit:
        return None
    m = re.search(r"\(([A-Za-z]{2,})\)\s*(.+)$", unit)
    return f"{m.group(1)} {m.group(2).strip()}" if m else " ".join(unit.split())


def name_words(name: str | None) -> set[str]:
    """The words of a unit's name, to tell whether two names name the same unit."""
    return set(re.findall(r"[a-z0-9]+", (name or "").lower()))


def file_years(stem: str) -> list[int]:
    return [int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", stem)]


def newest_first(subs: list[Submission]) -> dict[tuple, list[Submission]]:
    """Files that share a balai (read from their content) and a year, newest first (by
    modification time, then name): the first is the one ranked, the others superseded."""
    groups: dict[tuple, list[Submission]] = {}
    for s in subs:
        if s.readable and s.named and s.year is not None:
            groups.setdefault((s.balai.casefold(), s.year), []).append(s)
    return {k: sorted(g, key=lambda s: (-s.mtime, s.path)) for k, g in groups.items() if len(g) > 1}


def superseded(subs: list[Submission]) -> dict[str, Submission]:
    """path of an older duplicate → the newer submission that replaces it."""
    out = {}
    for group in newest_first(subs).values():
        for older in group[1:]:
            out[older.path] = group[0]
    return out


STATUS_ORDER = {"TIDAK TERBACA": 0, "PERLU PERBAIKAN": 1, "TIDAK DIPERIKSA": 2, "LULUS": 3}


def ranking(subs: list[Submission]) -> list[Submission]:
    """Worst first: unreadable files, then by errors, warnings, and the least checked; the
    superseded copies of a balai's report last (listed, not ranked)."""
    old = superseded(subs)

    def key(s: Submission):
        return (s.path in old, STATUS_ORDER[s.status], -s.count("error"), -s.count("warning"),
                s.coverage.share if s.coverage.numbers else 0.0, s.path)
    return sorted(subs, key=key)


def top_problems(s: Submission, n: int = 3) -> list[tuple[str, int]]:
    """The rules (codes) this file breaks most often, errors before warnings."""
    c = Counter(f.code for f in s.findings if SEVERITY_RANK[f.severity] >= 2 and not f.primary
                and f.outcome != "not_run")
    worst: dict[str, int] = {}
    for f in s.findings:
        worst[f.code] = max(worst.get(f.code, 0), SEVERITY_RANK[f.severity])
    return sorted(c.items(), key=lambda kv: (-worst[kv[0]], -kv[1], kv[0]))[:n]
