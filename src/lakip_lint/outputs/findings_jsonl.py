"""`check --format jsonl`: JSON Lines, one finding per line.

Each line is the object `--format json` lists under ``findings`` (it names its ``file``),
in the same order (file as given, sheet, row, column, code). UTF-8, no indentation, no
header or summary line, nothing for a clean result. A consumer can stream it, grep it or
diff two runs line by line.
"""
from __future__ import annotations

import json

from ..check import CheckResult
from .lang import message


# Line separators other than \n that str.splitlines() and some editors break on; inside a
# JSON string they may be written as \u escapes, so every line stays one physical line.
_SEPARATORS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def line(obj: dict) -> str:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in _SEPARATORS.items():
        text = text.replace(ch, esc)
    return text


def lines(result: CheckResult, lang: str = "id") -> list[str]:
    return [line(f.to_dict(message(f, lang))) for f in result.findings]


def render(result: CheckResult, lang: str = "id") -> str:
    """Lines joined by newlines; the CLI writes the final newline (empty result: empty text)."""
    return "\n".join(lines(result, lang))
