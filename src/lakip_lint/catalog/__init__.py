"""Load the table catalog (tables.yaml), validate it, and index it for header matching."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from ..labels import compact


@dataclass
class ColumnSpec:
    name: str
    type: str
    headers: set[str]
    group: set[str] = field(default_factory=set)
    group_optional: bool = False
    per: str | None = None
    year_attr: bool = False
    year_from_left: bool = False
    carry_down: bool = False
    role: str | None = None
    split: list[str] = field(default_factory=list)
    display: str = ""            # the catalog's first spelling, for templates and messages
    display_group: str = ""


@dataclass
class KindSpec:
    kind: str
    title: dict
    orientation: str
    require: list[str]
    forbid: list[str]
    key: list[str]
    columns: list[ColumnSpec]
    default_scale: int = 1
    shared_scale: bool = False   # amount columns without a stated scale take the one stated in the table
    section_pattern: re.Pattern | None = None
    hierarchy: dict | None = None
    facts: list[dict] = field(default_factory=list)
    # a Total / Jumlah / Rata-rata first word makes a row a total whatever follows
    # (`Total Pendapatan`) unless the row is numbered: tables read without a catalog kind
    loose_totals: bool = False

    def spec(self, name: str) -> ColumnSpec | None:
        """The column named `name` (the first, if two share it), by a lookup kept with the
        list it was built from (asked for every row read)."""
        index = self.__dict__.get("_by_name")
        if index is None or index[0] is not self.columns or index[1] != len(self.columns):
            by_name: dict[str, ColumnSpec] = {}
            for c in self.columns:
                by_name.setdefault(c.name, c)
            index = self.__dict__["_by_name"] = (self.columns, len(self.columns), by_name)
        return index[2].get(name)

    @property
    def needed_headers(self) -> list[set[str]]:
        """For each required column that only a header text can find (not a number split off
        a neighbouring column), the texts that name it: a header block naming none of one
        set cannot be this kind, whatever its layout, so mapping it is skipped."""
        made = {n for c in self.columns for n in c.split} | {"no_ik"}
        return [s.headers for s in self.columns if s.name in self.require and s.headers and s.name not in made]


MEMO_SIZE = 1 << 15   # entries a catalog memo holds at most (emptied when full)
MEMO_TEXT = 512       # a text (or texts together) longer than this is not remembered


class _Memo(dict):
    """A dict emptied when an entry would make it hold more than MEMO_SIZE, and that keeps
    no long text: a paragraph seldom recurs, and kept it would hold its memory after the
    read (so at most MEMO_SIZE × MEMO_TEXT characters stay between files)."""

    def __setitem__(self, key, value) -> None:
        chars = len(key) if isinstance(key, str) else sum(map(len, key))   # a text, or a tuple of texts
        if chars > MEMO_TEXT:
            return
        if len(self) >= MEMO_SIZE and key not in self:
            self.clear()
        super().__setitem__(key, value)


@dataclass
class Catalog:
    kinds: list[KindSpec]
    aliases: dict[str, str]
    scales: list[tuple[str, int]]
    total_labels: dict[str, set[str]]
    header_index: dict[str, set[str]]      # compact header text -> kinds using it
    typos: set[str] = field(default_factory=set)   # alias keys that are misspellings (not `variants`)
    _memos: dict = field(default_factory=dict, init=False, repr=False, compare=False)   # a copy starts afresh

    def memo(self, space: str, *depends) -> dict:
        """A dict for what reading works out once per text under this catalog (a header
        text's label forms, whether a label opens with Jumlah/Rata-rata), shared by every
        sheet and file read with it. `depends`: the catalog's tables the answers come
        from; one of them replaced, or grown or shrunk, starts the memo afresh. It never
        holds more than MEMO_SIZE entries (emptied when full) nor a text longer than
        MEMO_TEXT, so a long watch or a screen of many reports stays bounded."""
        sizes = tuple(len(d) for d in depends)
        kept = self._memos.get(space)
        if kept is None or kept[1] != sizes or any(a is not b for a, b in zip(kept[0], depends)):
            kept = self._memos[space] = (depends, sizes, _Memo())
        return kept[2]

    def kind(self, name: str) -> KindSpec:
        for k in self.kinds:
            if k.kind == name:
                return k
        raise KeyError(name)


def schema_path(name: str):
    return resources.files("lakip_lint").joinpath("schemas").joinpath(name)


def load_schema(name: str) -> dict:
    return json.loads(schema_path(name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def load_catalog() -> Catalog:
    import jsonschema
    text = resources.files("lakip_lint").joinpath("catalog").joinpath("tables.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    jsonschema.validate(data, load_schema("catalog.schema.json"))
    return build_catalog(data)


def build_catalog(data: dict) -> Catalog:
    aliases = {k.lower(): v.lower() for k, v in (data.get("aliases") or {}).items()}
    kinds: list[KindSpec] = []
    index: dict[str, set[str]] = {}
    for k in data["kinds"]:
        cols = []
        for c in k["columns"]:
            headers = {compact(h, aliases) for h in c["headers"]}
            group = {compact(g, aliases) for g in c.get("group", [])}
            spec = ColumnSpec(
                name=c["name"], type=c["type"], headers=headers,
                group={g for g in group if g}, group_optional="" in group,
                per=c.get("per"), year_attr=c.get("year_attr", False),
                year_from_left=c.get("year_from_left", False),
                carry_down=c.get("carry_down", False), role=c.get("role"),
                split=c.get("split", []),
                display=c["headers"][0] if c["headers"] else c["name"],
                display_group=next((g for g in c.get("group", []) if g), ""))
            cols.append(spec)
            for h in headers:
                index.setdefault(h, set()).add(k["kind"])
        for name in k["require"] + k["key"]:
            if name not in {c.name for c in cols} and name not in ("tahun", "fakta"):
                raise ValueError(f"catalog: kind {k['kind']} names unknown column {name}")
        kinds.append(KindSpec(
            kind=k["kind"], title=k["title"], orientation=k.get("orientation", "rows"),
            require=k["require"], forbid=[f if f.startswith("@") else compact(f, aliases) for f in k.get("forbid", [])],
            key=k["key"], columns=cols, default_scale=k.get("default_scale", 1),
            shared_scale=k.get("shared_scale", False),
            section_pattern=re.compile(k["section_pattern"], re.I) if k.get("section_pattern") else None,
            hierarchy=k.get("hierarchy"), facts=k.get("facts", [])))
    scales = [(compact(s["phrase"], aliases), s["factor"]) for s in data.get("scales", [])]
    totals = {kind: {compact(x, aliases) for x in labels}
              for kind, labels in (data.get("total_labels") or {}).items()}
    typos = {k for k in aliases if k not in {v.lower() for v in data.get("variants") or []}}
    return Catalog(kinds, aliases, scales, totals, index, typos)


def _words(text: str) -> set[str]:
    return set(_word_list(text))


def fact_for(label: str, kind: KindSpec, aliases: dict[str, str]) -> dict | None:
    """Which Ikhtisar fact a row label names: one of the fact's labels exactly, or the
    longest label whose words all appear in it ('Realisasi seluruh PNBP TA 2023' names
    realisasi_pnbp; 'Persentase realisasi seluruh PNBP' names persen_pnbp) — for the year,
    in its order ('Total Pagu Anggaran Balittanah Tahun 2021' is no tahun_anggaran)."""
    lab, lab_words, lab_order = compact(label, aliases), _words(label), _word_list(label)
    share = bool(lab_words & _SHARE_WORDS)      # `persen dari Total Pagu Anggaran`: a share of it, not it
    best, best_rank = None, (0, False)
    for fact, x_compact, x_words, x_order in _fact_labels(kind, aliases):
        if lab == x_compact:
            return fact
        if share and fact.get("type") != "percent":
            continue
        n = len(x_words)
        # one word ('tahun', 'ta') names a fact only alone: 'Perkara diterima tahun 2011' is no year
        if not (x_words <= lab_words and (n > 1 or not {w for w in lab_words - x_words if not w.isdigit()})):
            continue
        ordered = _in_order(x_order, lab_order)
        # the year only in its order ('… Anggaran … Tahun 2021' is a budget of a year); another
        # fact in any ('PNBP (Realisasi)'), the label in order first among as long ones
        # ('Realisasi PNBP terhadap Target' is the realisasi_pnbp, not the target_pnbp)
        if fact.get("type") == "year" and not ordered:
            continue
        if (n, ordered) > best_rank:
            best, best_rank = fact, (n, ordered)
    return best


_SHARE_WORDS = {"persen", "persentase", "prosentase", "%"}


def _word_list(text: str) -> list[str]:
    return re.findall(r"[a-z0-9%]+", text.lower())


def _in_order(want: list[str], have: list[str]) -> bool:
    """`want`'s words occur in `have` in that order, others between them allowed."""
    rest = iter(have)
    return all(any(w == h for h in rest) for w in want)


def _fact_labels(kind: KindSpec, aliases: dict[str, str]) -> list[tuple[dict, str, set[str], list[str]]]:
    """(fact, its label compact, the label's words, and in order) for every label of the kind's facts, in
    order: kept with the fact list and alias table they were worked out from."""
    sizes = (len(kind.facts), len(aliases or {}))
    kept = kind.__dict__.get("_fact_labels")
    if kept is None or kept[0] is not kind.facts or kept[1] is not aliases or kept[2] != sizes:
        labels = [(fact, compact(x, aliases), _words(x), _word_list(x)) for fact in kind.facts for x in fact["labels"]]
        kept = kind.__dict__["_fact_labels"] = (kind.facts, aliases, sizes, labels)
    return kept[3]
