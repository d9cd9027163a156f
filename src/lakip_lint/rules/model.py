"""A rule as loaded from a rule file: data only, no behaviour."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Rule:
    id: str                      # stable code, e.g. LKP201
    name: str                    # slug, e.g. revisi-berantai
    title: dict                  # {'id': ..., 'en': ...}
    severity: str                # error / warning / info
    source: str                  # the regulation or manual the rule comes from
    kind: str                    # which rule kind implements it
    tables: list[str]            # table kinds it reads ('ikhtisar' for facts)
    params: dict
    message: dict                # {'id': template, 'en': template}
    explain: dict                # {'id': {what, why, example, fix}, 'en': {...}}
    family: str = ""
    file: str = ""
    line: int = 0
    columns: list[str] = field(default_factory=list)   # columns it reads (documentation)

    def text(self, field_: str, lang: str) -> str:
        d = getattr(self, field_)
        return d.get(lang) or d.get("id") or ""
