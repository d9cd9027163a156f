"""`rules` and `rules explain`: the rule catalogue as a reader sees it (ruff-style docs)."""
from __future__ import annotations

from ..rules.model import Rule
from .lang import say


def listing(rules: list[Rule], lang: str = "id") -> str:
    w = max((len(r.name) for r in rules), default=4)
    return "\n".join(f"{r.id}  {r.name.ljust(w)}  {say('severity.' + r.severity, lang):<10}  {r.kind:<12}  {r.text('title', lang)}" for r in rules)


def explain(rule: Rule, lang: str = "id") -> str:
    ex = rule.explain.get(lang) or rule.explain["id"]
    out = [f"{rule.id} {rule.name}: {rule.text('title', lang)}", "",
           f"{say('rules_text.severity', lang)}: {say(f'severity.{rule.severity}', lang)}", f"{say('explain.source', lang)}: {rule.source}",
           f"{say('rules_text.kind', lang)}: {rule.kind}", f"{say('rules_text.tables', lang)}: {', '.join(rule.tables)}",
           f"{say('rules_text.file', lang)}: {rule.file}:{rule.line}", ""]
    for key in ("what", "why", "example", "fix"):
        out += [f"## {say(f'explain.{key}', lang)}", ex[key].strip(), ""]
    return "\n".join(out).rstrip() + "\n"


def find(rules: list[Rule], key: str) -> Rule | None:
    return next((r for r in rules if key in (r.id, r.name) or key.upper() == r.id), None)
