"""The language of every output: one catalog per language (`id.yaml`, `en.yaml` beside this
module), and the one place a finding's message key and typed parameters become words.

- `say(key, lang, **params)` — a catalog text with its placeholders filled;
- `message(finding, lang)` — a finding's message: a reader notice's template from the
  catalog (`notice.<key>`), a rule's from its rule file (`rule.<ID>`: a rule's words are part
  of the rule, like its title and explanation);
- `value(v, lang)` — one parameter as words: numbers in the language's style, a scaled
  figure quoted as written with its reading (`738,96 (juta) = 738.960.000`), a phrase of
  the catalog, a rule's title;
- `tolerance(finding, lang)` — a finding's tolerance in the stated figure's own unit.

Both catalogs hold the same keys with the same placeholders (tests/test_catalog.py).
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from ...findings import Finding, Listing, Number, Phrase, RuleText, Words
from ...model import CellRef
from ..numfmt import fmt, shown

LANGS = ("id", "en")
_SPACES = re.compile(r" {2,}")
HERE = Path(__file__).parent
SCALES = {1000: "thousand", 1_000_000: "million", 1_000_000_000: "billion", 1_000_000_000_000: "trillion"}


@lru_cache(maxsize=4)
def catalog(lang: str) -> dict[str, str]:
    """Every text of one language, by dotted key (`notice.file_empty`)."""
    with open(HERE / f"{lang if lang in LANGS else 'id'}.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or {}
    out: dict[str, str] = {}

    def walk(prefix: str, node) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        else:
            out[prefix] = str(node)
    walk("", data)
    return out


class _Params(dict):
    """A message's parameters, each put into words when the template asks for it; a
    placeholder without a parameter stays as written rather than failing."""

    def __init__(self, params: dict, lang: str):
        super().__init__(params)
        self.lang = lang

    def __getitem__(self, key):
        return value(super().__getitem__(key), self.lang)

    def __missing__(self, key):
        return "{" + key + "}"


def fill(template: str, params: dict, lang: str) -> str:
    """The template (its line breaks and runs of spaces made one space, as YAML folds them)
    with its parameters filled in."""
    text = " ".join(template.split()).format_map(_Params(params, lang))
    return _SPACES.sub(" ", text).strip(" ")          # an empty parameter leaves no double space


def say(key: str, lang: str = "id", **params) -> str:
    """The catalog's text for `key` in `lang`, its placeholders filled."""
    text = catalog(lang).get(key)
    if text is None:
        text = catalog("id").get(key, key)
    return fill(text, params, lang)


def plural(key: str, n: int, lang: str = "id", **params) -> str:
    """`key.one` for one, `key.other` for any other count, with `{n}` filled: `1 finding`,
    `2 findings` (Indonesian writes both alike)."""
    return say(f"{key}.{'one' if n == 1 else 'other'}", lang, n=Number(Decimal(n)), **params)


def count(noun: str, n: int, lang: str = "id") -> str:
    """`3 galat` / `3 errors`: a count with its noun from the catalog's `count.<noun>`."""
    return plural(f"count.{noun}", n, lang)


def template_of(f: Finding, lang: str) -> str:
    if f.key.startswith("rule."):
        from ...rules import rule_by_id
        rule = rule_by_id(f.key[5:])
        if rule is not None:
            return rule.message.get(lang) or rule.message["id"]
    text = catalog(lang).get(f.key) or catalog("id").get(f.key)
    return text if text is not None else f.key


def message(f: Finding, lang: str = "id") -> str:
    """A finding's message in `lang`."""
    return fill(template_of(f, lang), f.params, lang)


def scale_word(scale: int, lang: str) -> str | None:
    name = SCALES.get(scale)
    return say(f"scale.{name}", lang) if name else None


def value(v, lang: str = "id") -> str:
    """One message parameter as words."""
    if isinstance(v, Number):
        return number(v, lang)
    if isinstance(v, Phrase):
        return say(v.key, lang, **v.params)
    if isinstance(v, RuleText):
        from ...rules import rule_by_id
        rule = rule_by_id(v.rule)
        return rule.text(v.field, lang) if rule is not None else v.rule
    if isinstance(v, Words):
        return (v.en or v.id) if lang == "en" else v.id
    if isinstance(v, Listing):
        return v.sep.join(value(x, lang) for x in v.items)
    if isinstance(v, CellRef):
        return str(v)
    if isinstance(v, Decimal):
        return fmt(v, lang)
    if isinstance(v, (bool, int)):
        return str(v)                # counts, years, row numbers: as they are (a figure is a Number)
    if isinstance(v, float):
        return fmt(Decimal(str(v)), lang)
    if isinstance(v, (list, tuple)):
        return ", ".join(value(x, lang) for x in v)
    return "" if v is None else str(v)


def number(n: Number, lang: str = "id") -> str:
    if n.approx:
        text = shown(n.value, n.decimals, lang, n.unit)
    else:
        text = fmt(n.value, lang, n.decimals if n.scale == 1 else None, n.unit)
    word = scale_word(n.scale, lang) if n.unit != "persen" else None
    if word and n.shown is not None and not n.approx:
        return f"{fmt(n.shown, lang, n.decimals)} ({word}) = {text}"
    return text


def tolerance(f: Finding, lang: str = "id") -> str | None:
    """`±0,5` in the stated figure's own unit: `±0,0005 (juta)` for a figure in millions,
    `±0,5 poin persen` for a percentage."""
    if f.tolerance is None:
        return None
    tol = Decimal(f.tolerance)
    word = scale_word(f.scale, lang) if f.unit != "persen" else None
    if word:
        return f"±{fmt((tol / f.scale).normalize(), lang)} ({word})"
    text = f"±{fmt(tol.normalize(), lang)}"
    return say("tolerance.points", lang, value=text) if f.unit == "persen" else text


def title(code: str, lang: str = "id") -> str:
    """What a finding's code is called: its rule's title, or a reader notice's title from
    the catalog (`code.LKP011`)."""
    from ...rules import rule_by_id
    rule = rule_by_id(code)
    if rule is not None:
        return rule.text("title", lang)
    return catalog(lang).get(f"code.{code}") or catalog("id").get(f"code.{code}") or code
