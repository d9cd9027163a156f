"""What a rule kind's `check()` yields, and how its parameters are declared.

A kind module in this style holds:

- `NAME`: the kind's name as rule files write it (`kind: total_column`);
- `Params`: a dataclass of its options with their defaults; the rule schema's fragment
  for the kind follows from it (`params_schema`), and a test holds the schema file to it;
- a docstring saying what it checks, its options, a passing and a failing table;
- `check(params, run)`: one generator yielding outcomes — `Compared` (a stated value
  against a computed one), `Broken` (a condition that does not hold), `Passed`,
  `NotApplicable`, `NotRun`. Reading a cell that cannot be read is `figure()`'s business,
  so no kind repeats the same try/except.

`adapt(module)` turns such a module into the engine's `run(ctx)`.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field

from ..findings import Phrase
from ..model import Table, Value
from .expr import NotApplicable as _NA, NotComputable
from .tolerance import Approx, Verdict, judge
from .values import approx


@dataclass
class Passed:
    cells: tuple = ()
    n: int = 1          # checks that passed together (a group of n + 1 names spelled alike)


@dataclass
class NotApplicable:
    n: int = 1


@dataclass
class NotRun:
    reason: Phrase          # why, as a phrase of the message catalog
    cell: str | None = None
    table: Table | None = None


@dataclass
class Compared:
    """A stated value against the value computed for it; passes when they agree at the
    stated value's precision (tolerance.judge)."""
    stated: Value
    computed: Approx
    table: Table | None
    related: list = field(default_factory=list)
    params: dict = field(default_factory=dict)
    judged: Verdict | None = None     # a verdict the kind reached its own way (two stated values: same())

    @property
    def verdict(self) -> Verdict:
        return self.judged if self.judged is not None else judge(self.stated, self.computed)


@dataclass
class Broken:
    """A condition that does not hold at a cell (no computed value to state)."""
    cell: str | None
    table: Table | None
    related: list = field(default_factory=list)
    params: dict = field(default_factory=dict)
    # what the finding states besides its message parameters: expected, stated, tolerance,
    # decimals, unit, severity (RuleRun.fail's keyword arguments)
    figures: dict = field(default_factory=dict)


Outcome = typing.Union[Passed, NotApplicable, NotRun, Compared, Broken]


def figure(v: Value | None, rounded: bool = True, dash_is_zero: bool = True,
           table: Table | None = None) -> Approx | NotApplicable | NotRun:
    """A cell as a number interval, or the outcome that reading it means: an empty or N/A
    cell is not applicable, an unreadable one cannot be checked (and says why, in `table`)."""
    try:
        return approx(v, rounded, dash_is_zero)
    except _NA:
        return NotApplicable()
    except NotComputable as e:
        return NotRun(e.reason, e.cell, table)


def is_figure(x) -> typing.TypeGuard[Approx]:
    return isinstance(x, Approx)


# -- parameters ------------------------------------------------------------------------
_JSON = {str: {"type": "string"}, int: {"type": "integer"}, float: {"type": "number"}, bool: {"type": "boolean"},
         dict: {"type": "object"}, list: {"type": "array"}}


def param_key(f: dataclasses.Field) -> str:
    """The name rule files give a field: its own, or `metadata["key"]` where that name is
    no Python name (row_formula's `assert`)."""
    return f.metadata.get("key", f.name)


def _json_type(t) -> dict:
    """A field's type as JSON Schema: scalars, dict (an object), list / list[X] (an array);
    `X | None` is X — a field left out of the rule file is None, never a null written in it."""
    origin = typing.get_origin(t)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(t) if a is not type(None)]
        return _json_type(args[0]) if len(args) == 1 else {}
    if origin in (list, tuple):
        items = typing.get_args(t)
        return {"type": "array", "items": _json_type(items[0])} if items else {"type": "array"}
    if origin is dict:
        return {"type": "object"}
    return dict(_JSON[t])


def params_schema(params_cls) -> dict:
    """The JSON Schema fragment of a kind's parameters, from its dataclass: every field
    optional (it has a default), nothing else allowed. A field's metadata may add `enum`,
    `items_enum` (the values an array's items may take), `minimum`, `maximum`, and `key`
    (its name in rule files). What a dataclass cannot say (nested objects, column patterns,
    required fields, one-of) stays in the schema file's fragment, which tests hold to this
    one by property names and types."""
    hints = typing.get_type_hints(params_cls)
    props = {}
    for f in dataclasses.fields(params_cls):
        name = param_key(f)
        props[name] = _json_type(hints[f.name])
        if f.metadata.get("enum") is not None:
            props[name]["enum"] = list(f.metadata["enum"])
        if f.metadata.get("items_enum") is not None:
            props[name]["items"] = {"enum": list(f.metadata["items_enum"])}
        if f.metadata.get("minimum") is not None:
            props[name]["minimum"] = f.metadata["minimum"]
        if f.metadata.get("maximum") is not None:
            props[name]["maximum"] = f.metadata["maximum"]
    return {"type": "object", "additionalProperties": False, "properties": props}


def make_params(params_cls, given: dict):
    names = {param_key(f): f.name for f in dataclasses.fields(params_cls)}
    return params_cls(**{names.get(k, k): (list(v) if isinstance(v, list) else v) for k, v in (given or {}).items()})


def adapt(module):
    """The engine's `run(ctx)` for a kind module written as `Params` + `check()`."""
    def run(ctx) -> None:
        params = make_params(module.Params, ctx.rule.params)
        for outcome in module.check(params, ctx):
            ctx.take(outcome)
    run.__doc__ = module.__doc__
    run.module = module
    # a kind that finds its relations in the report (OPTIONAL = True) is silent where there
    # is none: a list without a Sisa line is no check that could not run
    run.optional = getattr(module, "OPTIONAL", False)
    return run
