"""`check --format junit`: JUnit XML for CI test-report viewers.

One <testsuite> per workbook, one <testcase> per rule (and per reader-notice code that
occurs): name ``LKP201 revisi-berantai``, classname the rule's family (``lakip-lint`` for
reader notices). A testcase holds one <failure> per finding of its rule in that workbook
(message, type = severity, text with cell, related cells, expected / stated / difference);
a rule that left only "could not be checked" notices in the workbook is <skipped> with
their reasons. Counts follow JUnit's meaning: ``tests`` testcases, ``failures`` testcases
with at least one <failure>, ``skipped`` skipped testcases; the number of findings is in
the suite's properties.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from .. import __version__
from ..check import CheckResult
from ..findings import Finding
from .lang import message, say


def _labels(lang: str) -> dict[str, str]:
    """The words of a failure's text, from the catalog (`junit.*`)."""
    return {"cell": say("junit.cell", lang), "table": say("junit.table", lang), "row": say("junit.row", lang),
            "expected": say("junit.expected", lang), "stated": say("junit.stated", lang),
            "difference": say("junit.difference", lang), "tolerance": say("junit.tolerance", lang),
            "related": say("junit.related", lang)}


def _details(f: Finding, lang: str) -> str:
    L = _labels(lang)
    lines = [message(f, lang)]
    for key, label in (("cell", "cell"), ("table", "table"), ("row_key", "row"), ("expected", "expected"),
                       ("stated", "stated"), ("difference", "difference"), ("tolerance", "tolerance")):
        value = getattr(f, key)
        if value is not None:
            lines.append(f"{L[label]}: {value}")
    if f.related:
        lines.append(f"{L['related']}: {', '.join(f.related)}")
    return "\n".join(lines)


def _where(f: Finding) -> str:
    return f.cell or f.sheet or ""


def _clean(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped; a cell can contain them."""
    return "".join(ch if ch in "\t\n\r" or ord(ch) >= 0x20 else "\ufffd" for ch in str(text))


def _ran_in(result: CheckResult, code: str, path: str, n_paths: int) -> bool:
    """Did any check of this rule run (pass or fail) in this workbook?"""
    st = result.stats.get(code)
    if st is None:
        return False
    if any(isinstance(k, tuple) and k and k[0] == path for k in getattr(st, "covered", ())):
        return True
    return st.ran > 0 and n_paths == 1


def document(result: CheckResult, lang: str = "id") -> ET.Element:
    paths: list[str] = []
    for p in [r.path for r in result.reports] + [f.file for f in result.findings]:
        if p not in paths:
            paths.append(p)
    cases = sorted((r.id, r.name, r.family or "lakip-lint") for r in result.rules)
    known = {c[0] for c in cases}

    root = ET.Element("testsuites", name="lakip-lint")
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for p in paths:
        mine = [f for f in result.findings if f.file == p]
        extra: list[tuple] = []
        for f in mine:
            if f.code not in known and f.code not in {c[0] for c in extra}:
                extra.append((f.code, f.name or "", "lakip-lint"))
        suite_cases = sorted(cases + extra)
        suite = ET.SubElement(root, "testsuite", name=_clean(p))
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="tool", value=f"lakip-lint {__version__}")
        ET.SubElement(props, "property", name="findings",
                      value=str(sum(1 for f in mine if f.outcome != "not_run")))
        counts = {"tests": 0, "failures": 0, "skipped": 0}
        for code, name, family in suite_cases:
            own = [f for f in mine if f.code == code]
            failed = [f for f in own if f.outcome != "not_run"]
            not_run = [f for f in own if f.outcome == "not_run"]
            case = ET.SubElement(suite, "testcase", name=_clean(f"{code} {name}".strip()),
                                 classname=_clean(family), file=_clean(p))
            counts["tests"] += 1
            if failed:
                counts["failures"] += 1
                for f in failed:
                    where = _where(f)
                    msg = f"{where}: {message(f, lang)}" if where else message(f, lang)
                    el = ET.SubElement(case, "failure", message=_clean(msg), type=f.severity)
                    el.text = _clean(_details(f, lang))
            if not_run:
                notes = _clean("\n".join(f"{_where(f) + ': ' if _where(f) else ''}{message(f, lang)}"
                                          for f in not_run))
                if not failed and not _ran_in(result, code, p, len(paths)):
                    counts["skipped"] += 1
                    ET.SubElement(case, "skipped", message=_clean(f"{code}: {say('junit.not_run', lang)}")).text = notes
                else:   # ran somewhere in this workbook, could not run elsewhere in it
                    ET.SubElement(case, "system-out").text = notes
        for k, v in counts.items():
            suite.set(k, str(v))
            totals[k] += v
        suite.set("errors", "0")
    for k, v in totals.items():
        root.set(k, str(v))
    root.set("errors", "0")
    return root


def render(result: CheckResult, lang: str = "id") -> str:
    root = document(result, lang)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
