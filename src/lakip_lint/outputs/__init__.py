"""outputs: one module per format, each with `render(result, lang) -> str` (or bytes for files).

The CLI only knows these names; a format's module is imported when it is used.
"""
from __future__ import annotations

from importlib import import_module

# format name -> module under lakip_lint.outputs
FINDING_FORMATS = {
    "text": "findings_text",
    "json": "findings_json",
    "jsonl": "findings_jsonl",
    "sarif": "findings_sarif",
    "junit": "findings_junit",
    "github": "findings_github",
    "html": "findings_html",
}


def renderer(fmt: str):
    return import_module(f"{__name__}.{FINDING_FORMATS[fmt]}")
