"""Patterns from rule and configuration files, run by a linear-time engine (RE2).

A rule pack may come from a shared folder, so its patterns are untrusted: Python's `re`
backtracks, and `(\\S*\\s?)*!` against a long cell never ends. Every pattern that a rule
file or a configuration file states is compiled here, by RE2 (google-re2), whose matching
time is linear in the text; a pattern RE2 cannot run (back-references, look-around) or
longer than `MAX_PATTERN` is refused when the file is loaded. Matching is case-insensitive
and searches anywhere in the text (as `re.search(p, text, re.I)` did); texts are capped
at `MAX_TEXT` characters.

Our own fixed patterns (the reader's, the catalog's) stay with `re`: they are reviewed code.
"""
from __future__ import annotations

from functools import lru_cache

import re2

MAX_PATTERN = 500           # characters
MAX_TEXT = 10_000           # characters of a cell looked at
_MAX_MEM = 8 << 20          # bytes RE2 may use for one compiled pattern


class UnsafePattern(ValueError):
    """A pattern that RE2 refuses or that exceeds the limits; the message says why."""


def _options(ignore_case: bool):
    o = re2.Options()
    o.log_errors = False           # RE2 would print parse errors to stderr itself
    o.case_sensitive = not ignore_case
    o.max_mem = _MAX_MEM
    return o


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str, ignore_case: bool = True):
    """The compiled pattern, or UnsafePattern saying why it cannot be used."""
    if not isinstance(pattern, str):
        raise UnsafePattern("pola harus berupa teks")
    if len(pattern) > MAX_PATTERN:
        raise UnsafePattern(f"pola lebih dari {MAX_PATTERN} karakter")
    try:
        return re2.compile(pattern, _options(ignore_case))
    except re2.error as e:
        why = e.args[0] if e.args else e
        if isinstance(why, bytes):
            why = why.decode("utf-8", "replace")
        raise UnsafePattern(f"pola tidak dapat dijalankan mesin linear (RE2): {why}") from None


def check(pattern: str) -> str | None:
    """None when `pattern` is usable, else the reason (for loaders: file:line + reason)."""
    try:
        compile_pattern(pattern)
    except UnsafePattern as e:
        return str(e)
    return None


def search(pattern: str, text: str | None, ignore_case: bool = True) -> bool:
    """Whether `pattern` occurs anywhere in `text` (None or empty text: only if it matches '')."""
    return compile_pattern(pattern, ignore_case).search((text or "")[:MAX_TEXT]) is not None
