"""`check --format sarif`: a SARIF 2.1.0 log (validates against schemas/sarif-schema-2.1.0.json).

One run; the driver lists every selected rule and every reader notice code. A workbook has
no text lines, so a result's place is the workbook (physical location, a relative URI) plus
the cell as a logical location of kind ``cell`` (the spec's list of kinds is open-ended).

Fingerprint (``partialFingerprints["lakipLint/rowColumn/v1"]``): SHA-256 over the rule id,
sheet, row key (the row as the report names it) and column (the catalog column, or the
column letter when the rule names none) — never the A1 row number, so a row inserted above
a finding keeps its fingerprint. (Not the table either: an uncaptioned table is named by
its range, which moves with the rows.) A finding without a row key falls back to its cell
address; one without a cell to its sheet, table and English message. The workbook's path is
left out (a report renamed for the next year keeps its fingerprints); two findings of one
workbook with the same key get ``:2``, ``:3``… in report order.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from urllib.parse import quote

from .. import __version__
from ..check import CheckResult
from ..findings import Finding
from ..rules.model import Rule
from .lang import message, say

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT = "lakipLint/rowColumn/v1"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}

_CELL = re.compile(r"^(?P<sheet>.+)!\$?(?P<col>[A-Z]{1,3})\$?(?P<row>\d+)$")


def split_cell(ref: str | None) -> tuple[str | None, str | None, int | None]:
    """``'Tabel 6'!D5`` → (``Tabel 6``, ``D``, 5); anything else → sheet only or Nones."""
    if not ref:
        return None, None, None
    m = _CELL.match(ref)
    if not m:
        sheet = ref.rsplit("!", 1)[0] if "!" in ref else None
        return (_unquote(sheet) if sheet else None), None, None
    return _unquote(m.group("sheet")), m.group("col"), int(m.group("row"))


def _unquote(sheet: str) -> str:
    return sheet[1:-1].replace("''", "'") if sheet.startswith("'") and sheet.endswith("'") else sheet


def _norm(s) -> str:
    return " ".join(str(s).split()).casefold() if s is not None else ""


def fingerprint_key(f: Finding) -> list[str]:
    """The identity of a finding that survives rows inserted or deleted above it."""
    sheet, letter, _ = split_cell(f.cell)
    sheet = f.sheet or sheet
    if f.row_key:
        return ["row", f.code, _norm(sheet), _norm(f.row_key), _norm(f.column or letter)]
    if f.cell:
        return ["cell", f.code, _norm(sheet), f.cell.split("!")[-1].replace("$", "")]
    table = f.table if f.table and "!" not in f.table else None     # a range moves with the rows
    return ["none", f.code, _norm(sheet), _norm(table), f.message_args]


def fingerprints(findings: list[Finding]) -> list[str]:
    """One fingerprint per finding, in order; repeats within one workbook numbered ``:2``, ``:3``."""
    seen: dict[tuple[str, str], int] = {}
    out = []
    for f in findings:
        digest = hashlib.sha256(json.dumps(fingerprint_key(f), ensure_ascii=False).encode("utf-8")).hexdigest()
        n = seen[(f.file, digest)] = seen.get((f.file, digest), 0) + 1
        out.append(digest if n == 1 else f"{digest}:{n}")
    return out


def artifact_uri(path: str) -> str:
    """A relative URI for a path under the current folder; a file: URI otherwise."""
    p = path.replace(os.sep, "/") if os.sep != "/" else path
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        if rel.startswith(".."):
            return "file://" + quote(os.path.abspath(path).replace(os.sep, "/"), safe="/:")
        p = rel.replace(os.sep, "/")
    if p.startswith("./"):
        p = p[2:]
    return quote(p, safe="/")


def _help(rule: Rule, lang: str) -> tuple[str, str]:
    ex = rule.explain.get(lang) or rule.explain.get("id") or {}
    parts = [(say(f"explain.{k}", lang), str(ex[k]).strip()) for k in ("what", "why", "example", "fix") if ex.get(k)]
    text = "\n\n".join(f"{h}: {body}" for h, body in parts)
    markdown = "\n\n".join(f"## {h}\n\n{body}" for h, body in parts)
    return text, markdown


def rule_descriptor(rule: Rule, lang: str) -> dict:
    title = rule.text("title", lang) or rule.name
    ex = rule.explain.get(lang) or rule.explain.get("id") or {}
    text, markdown = _help(rule, lang)
    d = {"id": rule.id, "name": rule.name,
         "shortDescription": {"text": title},
         "fullDescription": {"text": str(ex.get("what") or title).strip()},
         "defaultConfiguration": {"level": LEVEL.get(rule.severity, "warning")},
         "properties": {"tags": [t for t in (rule.family, rule.kind) if t],
                        "family": rule.family, "kind": rule.kind, "source": rule.source,
                        "tables": list(rule.tables), "severity": rule.severity}}
    if text:
        d["help"] = {"text": text, "markdown": markdown}
    return d


def notice_descriptors(lang: str) -> list[dict]:
    """Reader notices (LKP0xx/LKP1xx) are not rule-file rules but still need a descriptor."""
    from ..messages import NOTICES
    out: dict[str, dict] = {}
    for code, name, severity, *_ in NOTICES.values():
        if code in out:
            continue
        label = say("sarif.reading_notice", lang)
        out[code] = {"id": code, "name": name,
                     "shortDescription": {"text": f"{label}: {name}"},
                     "defaultConfiguration": {"level": LEVEL.get(severity, "warning")},
                     "properties": {"tags": ["reader"], "kind": "reader", "severity": severity}}
    return [out[c] for c in sorted(out)]


def _logical_cell(ref: str, f: Finding | None = None) -> dict:
    sheet, letter, row = split_cell(ref)
    props: dict = {}
    if sheet is not None:
        props["sheet"] = sheet
    if row is not None:
        props["row"] = row
        props["column"] = letter
    if f is not None:
        for key, value in (("columnName", f.column), ("table", f.table), ("rowKey", f.row_key)):
            if value is not None:
                props[key] = value
    loc: dict = {"name": ref.split("!")[-1] if row is not None else ref, "fullyQualifiedName": ref,
           "kind": "cell" if row is not None else "sheet"}
    if props:
        loc["properties"] = props
    return loc


def _location(f: Finding, ref: str | None, art: dict, main: bool) -> dict:
    loc: dict = {"physicalLocation": {"artifactLocation": dict(art)}}
    if ref:
        loc["logicalLocations"] = [_logical_cell(ref, f if main else None)]
    elif main and f.sheet:
        props = {"sheet": f.sheet} | ({"table": f.table} if f.table else {})
        loc["logicalLocations"] = [{"name": f.sheet, "fullyQualifiedName": f.sheet, "kind": "sheet",
                                    "properties": props}]
    return loc


def result_object(f: Finding, lang: str, fp: str, rule_index: dict[str, int], art: dict) -> dict:
    res: dict = {"ruleId": f.code}
    if f.code in rule_index:
        res["ruleIndex"] = rule_index[f.code]
    res["level"] = LEVEL.get(f.severity, "warning")
    res["message"] = {"text": message(f, lang)}
    res["locations"] = [_location(f, f.cell, art, True)]
    if f.related:
        res["relatedLocations"] = [dict(_location(f, ref, art, False), id=i, message={"text": ref})
                                   for i, ref in enumerate(f.related)]
    res["partialFingerprints"] = {FINGERPRINT: fp}
    props: dict = {}
    for key in ("expected", "stated", "difference", "tolerance", "outcome"):
        if getattr(f, key) is not None:
            props[key] = getattr(f, key)
    if f.outcome == "not_run":
        # Not checked is never fine: a note, marked so that nobody reads it as a pass. (SARIF's
        # kind "open" would say the same but forces level "none", which hides it in viewers.)
        props["notRun"] = True
        props["tags"] = ["not-run"]
    if f.name:
        props["ruleName"] = f.name
    if props:
        res["properties"] = props
    return res


def document(result: CheckResult, lang: str = "id") -> dict:
    rules = [rule_descriptor(r, lang) for r in result.rules]
    known = {r["id"] for r in rules}
    rules += [d for d in notice_descriptors(lang) if d["id"] not in known]
    rule_index = {r["id"]: i for i, r in enumerate(rules)}

    paths: list[str] = []
    for p in [r.path for r in result.reports] + [f.file for f in result.findings]:
        if p not in paths:
            paths.append(p)
    by_path = {r.path: r for r in result.reports}
    artifacts = []
    for p in paths:
        a: dict = {"location": {"uri": artifact_uri(p)}}
        rep = by_path.get(p)
        props = {}
        if rep is not None:
            props = {k: v for k, v in (("fiscalYear", rep.fiscal_year), ("unit", rep.unit_name),
                                       ("format", getattr(rep, "format", None))) if v is not None}
            cov = result.coverage.get(p)
            if cov is not None:            # numeric cells, and how many a check that ran read
                props |= {"numbers": cov.numbers, "numbersChecked": cov.checked}
        if props:
            a["properties"] = props
        artifacts.append(a)
    art_of = {p: {"uri": artifacts[i]["location"]["uri"], "index": i} for i, p in enumerate(paths)}

    fps = fingerprints(result.findings)
    results = [result_object(f, lang, fp, rule_index, art_of[f.file]) for f, fp in zip(result.findings, fps)]
    driver = {"name": "lakip-lint", "version": __version__, "rules": rules}
    if re.fullmatch(r"\d+\.\d+\.\d+(?:[-+].*)?", __version__ or ""):
        driver["semanticVersion"] = __version__
    return {"$schema": SCHEMA_URI, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "language": "en" if lang == "en" else "id",
                      "artifacts": artifacts, "results": results}]}


def render(result: CheckResult, lang: str = "id") -> str:
    return json.dumps(document(result, lang), ensure_ascii=False, indent=2)
