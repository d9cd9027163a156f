"""One finding type for everything the linter reports: reader notices and rule results.

A finding names the file, the sheet and the cell, and carries its message as a key and
typed parameters — numbers, cells, header texts, phrases — never as rendered text: the
language is applied in `outputs/`, from one catalog per language (`outputs/lang/`). Where
a value can be computed it states the expected value, the stated value and the
difference (machine form, base units). Reader notices use codes LKP0xx/LKP1xx; rule
findings use their rule id.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

from .model import CellRef

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}


# -- typed message parameters -------------------------------------------------------
@dataclass(frozen=True)
class Phrase:
    """A phrase of the catalog used as a parameter of another message (`rata-rata` /
    `mean`), with its own parameters."""
    key: str
    params: dict = field(default_factory=dict)

    def __hash__(self):
        return hash((self.key, _canonical(self.params)))


@dataclass(frozen=True)
class Number:
    """A figure for a message. `shown` and `decimals` are how the report wrote it, `scale`
    the unit its header states (1000 for `(000)`, 10⁶ for `juta`): a scaled figure is quoted
    as written with its reading after it (`738,96 (juta) = 738.960.000`). `approx` marks a
    computed value, shown a little more precisely than the figure it is compared with."""
    value: Decimal
    decimals: int | None = None
    unit: str | None = None
    scale: int = 1
    shown: Decimal | None = None
    approx: bool = False


@dataclass(frozen=True)
class RuleText:
    """A rule's own text (its title) in the language of the output."""
    rule: str
    field: str = "title"


@dataclass(frozen=True)
class Words:
    """Words a rule file states in both languages (`label: {id: …, en: …}`): rule data, put
    in the output's language like the rule's own message."""
    id: str
    en: str | None = None


@dataclass(frozen=True)
class Listing:
    """Several parameters written one after another (`a; b; c`)."""
    items: tuple
    sep: str = "; "


def phrase(key: str, **params) -> Phrase:
    return Phrase(key, params)


def plain(x: Decimal | None) -> str | None:
    """Machine form for JSON: no grouping, '.' decimal mark, no exponent, no trailing zeros."""
    if x is None:
        return None
    s = format(x, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _canonical(obj) -> str:
    return json.dumps(obj, sort_keys=True, default=_jsonable, ensure_ascii=False)


def _jsonable(v):
    if isinstance(v, Decimal):
        return plain(v)
    if isinstance(v, Phrase):
        return {"phrase": v.key, "params": v.params}
    if isinstance(v, Number):
        d = {"number": plain(v.value)}
        if v.scale != 1:
            d["scale"] = v.scale
        if v.unit:
            d["unit"] = v.unit
        return d
    if isinstance(v, RuleText):
        return {"rule": v.rule, "field": v.field}
    if isinstance(v, Words):
        return {"id": v.id, "en": v.en}
    if isinstance(v, Listing):
        return list(v.items)
    if isinstance(v, CellRef):
        return str(v)
    return str(v)


def params_json(params: dict) -> dict:
    """The parameters in JSON form (machine output: the message key and its parameters)."""
    return json.loads(_canonical(params))


@dataclass
class Finding:
    code: str
    severity: str
    key: str                             # message key: 'notice.file_empty', 'rule.LKP201', …
    file: str
    params: dict = field(default_factory=dict)   # typed message parameters (see above)
    sheet: str | None = None
    cell: str | None = None              # full reference: 'Tabel 6'!D5
    table: str | None = None
    related: list[str] = field(default_factory=list)
    expected: str | None = None
    stated: str | None = None
    difference: str | None = None
    tolerance: str | None = None
    scale: int = 1                       # the stated figure's unit (1000 for '(000)'): tolerance shown in it
    unit: str | None = None              # 'persen' for percentages
    decimals: int | None = None          # the stated figure's written precision
    name: str | None = None              # slug name of the rule or notice
    outcome: str | None = None           # rules: 'failed' or 'not_run' (could not be checked)
    row_key: str | None = None           # the row as the report names it (IK, jenis, revision, code)
    column: str | None = None            # the catalog column name (stable across layouts)
    reads: list[str] = field(default_factory=list)     # every cell the check read (grouping)
    primary: str | None = None           # a symptom of the finding with this key (grouping.py)
    symptoms: list[str] = field(default_factory=list)  # keys of the findings that follow from this one

    @classmethod
    def of_text(cls, code: str, severity: str, text_id: str, text_en: str | None, file: str,
                sheet: str | None = None, cell: str | None = None, **kw) -> "Finding":
        """A finding whose words are given whole in both languages (catalog key `literal`):
        for findings built outside the rule pack, such as a test's."""
        return cls(code=code, severity=severity, key="literal", params={"text": Words(text_id, text_en)},
                   file=file, sheet=sheet, cell=cell, **kw)

    @property
    def ident(self) -> str:
        """How findings name each other (primary / symptoms): code and cell."""
        return f"{self.code}@{self.cell}"

    @property
    def follows(self) -> str | None:
        """For a finding that follows from another (grouping.py), that one's code and cell,
        as the outputs show it: `LKP013 'Tabel 31'!C29`."""
        if not self.primary:
            return None
        code, _, cell = self.primary.partition("@")
        return f"{code} {cell}"

    @property
    def message_args(self) -> str:
        """The message key and parameters in one canonical string: a stable sort key and a
        language-free identity."""
        return self.key + " " + _canonical(self.params)

    def sort_key(self):
        return (self.file, self.sheet or "", _cell_order(self.cell), self.code, self.message_args)

    def to_dict(self, message: str) -> dict:
        """The finding for machine outputs, with its message rendered by the caller."""
        d: dict[str, object] = {"code": self.code, "name": self.name, "severity": self.severity,
             "message": message, "message_key": self.key, "params": params_json(self.params), "file": self.file}
        if self.outcome:
            d["outcome"] = self.outcome
        for key in ("sheet", "cell", "table", "row_key", "column", "expected", "stated", "difference", "tolerance"):
            if getattr(self, key) is not None:
                d[key] = getattr(self, key)
        if self.related:
            d["related"] = list(self.related)
        if self.primary:
            d["primary"] = self.primary
        if self.symptoms:
            d["symptoms"] = list(self.symptoms)
        return d


def mistakes(findings, severity: str) -> int:
    """The findings at `severity`, one per mistake, as every face counts them (text and HTML
    summaries, the watch log, screening): a finding that follows from another is listed under
    it and not counted again, and a check that could not run is no finding."""
    return sum(1 for f in findings if f.severity == severity and not f.primary and f.outcome != "not_run")


def _cell_order(ref: str | None):
    """Sort D10 after D9: by row, then column."""
    c = CellRef.parse(ref)
    return c.order if c else (0, 0)
