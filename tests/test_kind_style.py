"""Every rule kind is written in one style (rules/outcomes.py): `NAME`, a `Params`
dataclass, a docstring saying what it checks with each option and a passing and a failing
table, and one `check(params, run)` generator; the rule schema's `$defs.p_<NAME>` names
exactly the fields of `Params` (and, where the type is simple, with the same type)."""
from __future__ import annotations

import dataclasses
import inspect
import json
import pkgutil
import re
from pathlib import Path

import pytest

from lakip_lint.rules import kinds as kinds_pkg
from lakip_lint.rules.kinds import KINDS, STYLED
from lakip_lint.rules.outcomes import param_key, params_schema

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "schemas" / "rules.schema.json").read_text(encoding="utf-8"))
DEFS = SCHEMA["$defs"]
SIMPLE = {"string", "integer", "number", "boolean", "array", "object"}


def module_of(name):
    run = KINDS[name]
    module = getattr(run, "module", None)
    assert module is not None, f"{name}: registered as a bare run(ctx), not through adapt() (Params + check())"
    return module


def resolve(fragment: dict) -> dict:
    """A property's fragment with a local $ref followed (`#/$defs/column` → its type)."""
    seen = 0
    while "$ref" in fragment and seen < 10:
        ref = fragment["$ref"]
        assert ref.startswith("#/$defs/"), ref
        fragment = {**DEFS[ref.split("/")[-1]], **{k: v for k, v in fragment.items() if k != "$ref"}}
        seen += 1
    return fragment


def test_every_kind_module_is_registered_in_the_style():
    names = {m.name for m in pkgutil.iter_modules(kinds_pkg.__path__)}
    assert names == {m.__name__.rsplit(".", 1)[-1] for m in STYLED}, "a kind module outside STYLED"
    assert set(KINDS) == {m.NAME for m in STYLED}
    assert set(KINDS) == set(DEFS["rule"]["properties"]["kind"]["enum"])


@pytest.mark.parametrize("name", sorted(KINDS))
def test_kind_has_name_params_check_and_doc(name):
    module = module_of(name)
    assert module.NAME == name
    assert module.__name__.rsplit(".", 1)[-1] == name
    assert inspect.isclass(getattr(module, "Params", None)) and dataclasses.is_dataclass(module.Params), \
        f"{name}: no Params dataclass"
    for f in dataclasses.fields(module.Params):
        assert f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING, \
            f"{name}: Params.{f.name} has no default"
    module.Params()                                  # every option has its default
    assert inspect.isgeneratorfunction(getattr(module, "check", None)), f"{name}: check() is no generator"
    assert list(inspect.signature(module.check).parameters) == ["params", "run"]
    doc = module.__doc__ or ""
    assert KINDS[name].__doc__ == doc
    for f in dataclasses.fields(module.Params):
        assert re.search(rf"(?<![\w-]){re.escape(param_key(f))}(?![\w-])", doc), \
            f"{name}: the docstring does not mention the option {param_key(f)}"
    low = doc.lower()
    assert "passes" in low and "fails" in low, f"{name}: the docstring lacks a passing and a failing example"
    assert "|" in doc, f"{name}: the docstring has no example table"


@pytest.mark.parametrize("name", sorted(KINDS))
def test_schema_fragment_follows_params(name):
    module = module_of(name)
    written = DEFS.get(f"p_{name}")
    assert written is not None, f"schema has no $defs.p_{name}"
    derived = params_schema(module.Params)
    assert written.get("type") == "object" and written.get("additionalProperties") is False
    assert set(written["properties"]) == set(derived["properties"]), \
        f"{name}: schema properties {sorted(written['properties'])} ≠ Params {sorted(derived['properties'])}"
    for key, mine in derived["properties"].items():
        theirs = resolve(written["properties"][key])
        if theirs.get("type") in SIMPLE:
            assert mine.get("type") == theirs["type"], f"{name}.{key}: {mine} ≠ {theirs}"
        if theirs.get("type") == "array" and "items" in theirs and "items" in mine:
            items = resolve(theirs["items"])
            for k in ("type", "enum"):
                if k in items and k in mine["items"]:
                    assert mine["items"][k] == items[k], f"{name}.{key} items: {mine['items']} ≠ {items}"
        for k in ("enum", "minimum", "maximum"):
            if k in mine:
                assert theirs.get(k) == mine[k], f"{name}.{key}: {k} {mine[k]} ≠ {theirs.get(k)}"
            elif k in theirs and theirs.get("type") in ("integer", "number"):
                pytest.fail(f"{name}.{key}: the schema's {k} is not in Params metadata")


def test_the_check_fails_for_a_kind_out_of_style(monkeypatch):
    """The tests above catch a kind that lacks a part: a bare run(ctx), a missing Params field."""
    def bare(ctx):
        pass
    monkeypatch.setitem(KINDS, "sequence", bare)
    with pytest.raises(AssertionError):
        test_kind_has_name_params_check_and_doc("sequence")
    monkeypatch.setitem(KINDS, "sequence", KINDS["row_formula"])
    with pytest.raises(AssertionError):
        test_schema_fragment_follows_params("sequence")
