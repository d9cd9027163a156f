"""`check --format github`: GitHub Actions workflow commands, one annotation per finding.

    ::error file=samples/x.xlsx,title=LKP201 revisi-berantai::Ikhtisar!B6: Ikhtisar (Pagu awal DIPA) tertulis …

Error findings become ``::error``, warnings ``::warning``, info and "could not be checked"
notices ``::notice``. The annotation names the workbook (``file=``) and puts the cell at the
start of the message, with related cells and the expected value on following lines. There
is no ``line=``: a workbook is a zip of XML parts, its cells have no line in the file GitHub
would show, and a line number would point the annotation at a meaningless place in a
binary diff, so a file-level annotation is the honest one.

Escaping follows the runner's rules: in the message ``%``, CR and LF become ``%25``,
``%0D``, ``%0A``; in property values (file, title) ``:`` and ``,`` also become ``%3A`` and
``%2C``.
"""
from __future__ import annotations

from ..check import CheckResult
from ..findings import Finding
from .lang import message, say

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props: str | None) -> str:
    """``::kind k=v,k=v::message`` with every part escaped; empty properties left out."""
    fields = ",".join(f"{k}={escape_property(v)}" for k, v in props.items() if v not in (None, ""))
    return f"::{kind}{' ' + fields if fields else ''}::{escape_data(message)}"


def annotation(f: Finding, lang: str = "id") -> str:
    where = f.cell or f.sheet
    text = f"{where}: {message(f, lang)}" if where else message(f, lang)
    extra = []
    if f.related:
        extra.append(f"{say('github.related', lang)}: {', '.join(f.related)}")
    if f.expected is not None and f.outcome != "not_run":
        extra.append(f"{say('github.expected', lang)}: {f.expected}")
    if extra:
        text += "\n" + "\n".join(extra)
    title = f"{f.code} {f.name}" if f.name else f.code
    if f.outcome == "not_run":
        title += f" ({say('github.not_run', lang)})"
    return command(COMMAND.get(f.severity, "warning"), text, file=f.file, title=title)


def render(result: CheckResult, lang: str = "id") -> str:
    return "\n".join(annotation(f, lang) for f in result.findings)
