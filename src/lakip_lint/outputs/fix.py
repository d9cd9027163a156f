"""What to do about one finding, in the reviewer's language: the value its cell should hold
where there is one, then the rule's own advice (`rules explain … Cara memperbaiki`). Used
by every format that shows a fix (the Temuan sheet, the HTML report)."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ..findings import Finding
from .lang import say


def number(text: str | None) -> Decimal | None:
    """Expected / stated / difference are machine numbers ('7592226000') or labels."""
    if text is None:
        return None
    try:
        d = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def shown(text: str | None, lang: str) -> str:
    """A finding's number as the messages write it (`7.592.226.000`), a label as it is."""
    from .numfmt import fmt
    d = number(text)
    return fmt(d, lang) if d is not None else str(text)


def rule_fix(f: Finding, rules: dict, lang: str) -> str:
    rule = rules.get(f.code)
    if rule is None or not rule.explain:
        return ""
    ex = rule.explain.get(lang) or rule.explain.get("id") or {}
    return " ".join(str(ex.get("fix") or "").split())


def fix_text(f: Finding, rules: dict, lang: str) -> str:
    general = rule_fix(f, rules, lang)
    if f.expected and number(f.expected) is not None and f.cell:
        where = f.cell.split("!")[-1]
        lead = say("fix.write_expected", lang, value=shown(f.expected, lang), cell=where)
        return f"{lead} {general}".strip()
    return general
