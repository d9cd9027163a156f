"""`--statistics`: per rule, how many checks ran, passed, failed, did not apply and could not run.

This is how a user tells "checked and fine" from "not checked".
"""
from __future__ import annotations

from ..check import CheckResult
from .lang import message

HEAD = {"id": ("aturan", "nama", "jalan", "lulus", "gagal", "tdk berlaku", "tdk dapat dijalankan"),
        "en": ("rule", "name", "ran", "passed", "failed", "n/a", "could not run")}


def rows(result: CheckResult) -> list[dict]:
    out = []
    for rule_id, st in sorted(result.stats.items()):
        c = st.counts
        out.append({"rule": rule_id, "name": st.rule.name, "ran": st.ran, "passed": c["passed"],
                    "failed": c["failed"], "not_applicable": c["not_applicable"], "not_run": c["not_run"]})
    return out


def render(result: CheckResult, lang: str = "id") -> str:
    head = HEAD["en" if lang == "en" else "id"]
    data = [[r["rule"], r["name"], r["ran"], r["passed"], r["failed"], r["not_applicable"], r["not_run"]]
            for r in rows(result)]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *data)] if data else [len(h) for h in head]
    line = lambda vals: "  ".join(str(v).ljust(w) if i < 2 else str(v).rjust(w) for i, (v, w) in enumerate(zip(vals, widths)))
    out = [line(head), *(line(d) for d in data)]
    not_run = [f for f in result.findings if f.outcome == "not_run"]
    if not_run:                     # what the text output leaves out: which checks could not run, and why
        out += ["", "Tidak dapat dijalankan:" if lang != "en" else "Could not run:"]
        for f in not_run:
            where = f.cell or f.sheet or ""
            out.append(f"  {f.file}:{where + ':' if where else ''} {f.code} {message(f, lang)}")
    return "\n".join(out)
