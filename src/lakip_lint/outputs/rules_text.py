"""`rules` and `rules explain`: the rule catalogue as a reader sees it (ruff-style docs)."""
from __future__ import annotations

from ..rules.model import Rule

LABELS = {
    "id": {"what": "Yang diperiksa", "why": "Mengapa penting", "example": "Contoh", "fix": "Cara memperbaiki",
           "severity": "Tingkat", "source": "Dasar", "kind": "Jenis aturan", "tables": "Tabel", "file": "Berkas aturan"},
    "en": {"what": "What it checks", "why": "Why it matters", "example": "Example", "fix": "How to fix",
           "severity": "Severity", "source": "Source", "kind": "Rule kind", "tables": "Tables", "file": "Rule file"},
}


def listing(rules: list[Rule], lang: str = "id") -> str:
    w = max((len(r.name) for r in rules), default=4)
    return "\n".join(f"{r.id}  {r.name.ljust(w)}  {r.severity:<7}  {r.kind:<12}  {r.text('title', lang)}" for r in rules)


def explain(rule: Rule, lang: str = "id") -> str:
    L = LABELS["en" if lang == "en" else "id"]
    ex = rule.explain.get(lang) or rule.explain["id"]
    out = [f"{rule.id} {rule.name}: {rule.text('title', lang)}", "",
           f"{L['severity']}: {rule.severity}", f"{L['source']}: {rule.source}",
           f"{L['kind']}: {rule.kind}", f"{L['tables']}: {', '.join(rule.tables)}",
           f"{L['file']}: {rule.file}:{rule.line}", ""]
    for key in ("what", "why", "example", "fix"):
        out += [f"## {L[key]}", ex[key].strip(), ""]
    return "\n".join(out).rstrip() + "\n"


def find(rules: list[Rule], key: str) -> Rule | None:
    return next((r for r in rules if key in (r.id, r.name) or key.upper() == r.id), None)
