"""One finding type for everything the linter reports: reader notices and rule results.

A finding names the file, the sheet and the cell, carries its message in Indonesian and
English, and — where a value can be computed — the expected value, the stated value and
the difference. Reader notices use codes LKP0xx/LKP1xx; rule findings use their rule id.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


@dataclass
class Finding:
    code: str
    severity: str
    message_id: str
    message_en: str
    file: str
    sheet: str | None = None
    cell: str | None = None              # full reference: 'Tabel 6'!D5
    table: str | None = None
    related: list[str] = field(default_factory=list)
    expected: str | None = None
    stated: str | None = None
    difference: str | None = None
    tolerance: str | None = None
    name: str | None = None              # slug name of the rule or notice
    outcome: str | None = None           # rules: 'failed' or 'not_run' (could not be checked)
    row_key: str | None = None           # the row as the report names it (IK, jenis, revision, code)
    column: str | None = None            # the catalog column name (stable across layouts)
    reads: list[str] = field(default_factory=list)     # every cell the check read (grouping)
    primary: str | None = None           # a symptom of the finding with this key (grouping.py)
    symptoms: list[str] = field(default_factory=list)  # keys of the findings that follow from this one

    @property
    def key(self) -> str:
        return f"{self.code}@{self.cell}"

    def message(self, lang: str = "id") -> str:
        return self.message_en if lang == "en" else self.message_id

    def sort_key(self):
        return (self.file, self.sheet or "", _cell_order(self.cell), self.code, self.message_id)

    def to_dict(self, lang: str = "id") -> dict:
        d = {"code": self.code, "name": self.name, "severity": self.severity,
             "message": self.message(lang), "file": self.file}
        if self.outcome:
            d["outcome"] = self.outcome
        for key in ("sheet", "cell", "table", "row_key", "column", "expected", "stated", "difference", "tolerance"):
            if getattr(self, key) is not None:
                d[key] = getattr(self, key)
        if self.related:
            d["related"] = list(self.related)
        if self.primary:
            d["primary"] = self.primary
        if self.symptoms:
            d["symptoms"] = list(self.symptoms)
        return d


def _cell_order(ref: str | None):
    """Sort D10 after D9: by row, then column."""
    if not ref:
        return (0, 0)
    import re
    m = re.search(r"!\$?([A-Z]+)\$?(\d+)", ref)
    if not m:
        return (0, 0)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return (int(m.group(2)), col)
