"""`--statistics`: per rule, how many checks ran, passed, failed, did not apply and could not run.

This is how a user tells "checked and fine" from "not checked".
"""
from __future__ import annotations

from ..check import CheckResult
from .lang import message, say


def head(lang: str = "id") -> tuple[str, ...]:
    """The table's column headings: rule, name, then the counts of `rows`."""
    return (say("statistics.rule", lang), say("statistics.name", lang), say("statistics.ran", lang),
            say("statistics.passed", lang), say("statistics.failed", lang),
            say("statistics.not_applicable", lang), say("statistics.not_run", lang))


def rows(result: CheckResult) -> list[dict]:
    out = []
    for rule_id, st in sorted(result.stats.items()):
        c = st.counts
        out.append({"rule": rule_id, "name": st.rule.name, "ran": st.ran, "passed": c["passed"],
                    "failed": c["failed"], "not_applicable": c["not_applicable"], "not_run": c["not_run"]})
    return out


def render(result: CheckResult, lang: str = "id") -> str:
    heads = head(lang)
    data = [[r["rule"], r["name"], r["ran"], r["passed"], r["failed"], r["not_applicable"], r["not_run"]]
            for r in rows(result)]
    widths = [max(len(str(x)) for x in col) for col in zip(heads, *data)] if data else [len(h) for h in heads]
    line = lambda vals: "  ".join(str(v).ljust(w) if i < 2 else str(v).rjust(w) for i, (v, w) in enumerate(zip(vals, widths)))
    out = [line(heads), *(line(d) for d in data)]
    not_run = [f for f in result.findings if f.outcome == "not_run"]
    if not_run:                     # what the text output leaves out: which checks could not run, and why
        out += ["", say("statistics.could_not_run", lang) + ":"]
        for f in not_run:
            where = f.cell or f.sheet or ""
            out.append(f"  {f.file}:{where + ':' if where else ''} {f.code} {message(f, lang)}")
    return "\n".join(out)
