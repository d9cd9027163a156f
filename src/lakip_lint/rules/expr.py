"""A small, safe expression language for rule files.

Rule files say `realisasi / target * 100` or `sum(target[*])`; this module parses such
text into a tree and evaluates it against a row. There is no eval(), no attribute
access, no imports: only numbers, column names (optionally with a year selector
`[2023]`, `[fy]`, `[fy-1]`, `[*]`), + − × ÷, comparisons, and/or/not, and the functions
below. Anything else is a syntax error reported with its position.

Numbers are `Approx` intervals so that rounding carries through (see tolerance.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .tolerance import Approx
from ..findings import phrase

FUNCTIONS = {"round", "trunc", "abs", "min", "max", "sum", "mean", "count"}
_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<num>\d+(?:\.\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?)
  | (?P<op><=|>=|==|!=|[-+*/()<>,])
""", re.X)


class ExprError(ValueError):
    """A rule expression that does not parse; names the position."""


class NotComputable(Exception):
    """A value the expression needs is missing or unreadable (the check cannot run)."""

    def __init__(self, reason, cell: str | None = None):     # reason: a catalog Phrase
        super().__init__(reason)
        self.reason = reason
        self.cell = cell


class NotApplicable(Exception):
    """An input says 'no value' (N/A, '-', an empty target): the check does not apply."""


@dataclass(frozen=True)
class Node:
    op: str
    args: tuple = ()
    value: Any = None        # num: a Decimal; name: (base name, selector); call: the function's name


def tokenize(text: str) -> list[tuple[str, str, int]]:
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise ExprError(f"karakter tidak dikenal '{text[pos]}' di posisi {pos + 1}: {text}")
        if m.lastgroup != "ws":
            out.append((m.lastgroup, m.group(), pos))
        pos = m.end()
    out.append(("end", "", pos))
    return out


MAX_DEPTH = 30          # nesting of any kind: brackets, calls, unary minus, not
MAX_LENGTH = 400        # characters of one expression, wherever it sits in a rule file
ARITY = {"round": (1, 2), "trunc": (1, 2), "abs": (1, 1), "min": (1, 20), "max": (1, 20),
         "sum": (1, 20), "mean": (1, 20), "count": (1, 20)}


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.toks = tokenize(text)
        self.i = 0
        self.depth = 0

    def peek(self):
        return self.toks[self.i]

    def take(self, want: str | None = None):
        tok = self.toks[self.i]
        if want is not None and tok[1] != want:
            raise ExprError(f"diharapkan '{want}' di posisi {tok[2] + 1}, ditemukan '{tok[1] or 'akhir'}': {self.text}")
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.or_()
        if self.peek()[0] != "end":
            tok = self.peek()
            raise ExprError(f"sisa teks tak terduga '{tok[1]}' di posisi {tok[2] + 1}: {self.text}")
        return node

    def _enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"ungkapan bersarang terlalu dalam (> {MAX_DEPTH}) di posisi {pos + 1}")

    def or_(self):
        self._enter(self.peek()[2])
        node = self.and_()
        while self.peek()[1] == "or":
            self.take()
            node = Node("or", (node, self.and_()))
        self.depth -= 1
        return node

    def and_(self):
        node = self.not_()
        while self.peek()[1] == "and":
            self.take()
            node = Node("and", (node, self.not_()))
        return node

    def not_(self):
        if self.peek()[1] == "not":
            pos = self.take()[2]
            self._enter(pos)
            node = Node("not", (self.not_(),))
            self.depth -= 1
            return node
        return self.cmp()

    def cmp(self):
        node = self.sum()
        if self.peek()[1] in ("<", "<=", ">", ">=", "==", "!="):
            op = self.take()[1]
            node = Node(op, (node, self.sum()))
        return node

    def sum(self):
        node = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            node = Node(op, (node, self.term()))
        return node

    def term(self):
        node = self.unary()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            node = Node(op, (node, self.unary()))
        return node

    def unary(self):
        if self.peek()[1] == "-":
            pos = self.take()[2]
            self._enter(pos)
            node = Node("neg", (self.unary(),))
            self.depth -= 1
            return node
        return self.atom()

    def atom(self):
        kind, text, pos = self.take()
        if kind == "num":
            return Node("num", value=Decimal(text))
        if text == "(":
            node = self.or_()
            self.take(")")
            return node
        if kind == "name" and text not in ("and", "or", "not"):
            if self.peek()[1] == "(":
                if text not in FUNCTIONS:
                    raise ExprError(f"fungsi tidak dikenal '{text}' di posisi {pos + 1}: {self.text}")
                self.take("(")
                args = []
                if self.peek()[1] != ")":
                    args.append(self.or_())
                    while self.peek()[1] == ",":
                        self.take()
                        args.append(self.or_())
                self.take(")")
                return Node("call", tuple(args), text)
            return Node("name", value=_parse_name(text, pos, self.text))
        raise ExprError(f"tidak terduga '{text or 'akhir'}' di posisi {pos + 1}: {self.text}")


def _parse_name(text: str, pos: int, whole: str) -> tuple[str, str | None]:
    """'target[fy-1]' -> ('target', 'fy-1'); validates the selector."""
    if "[" not in text:
        return text, None
    base, sel = text[:-1].split("[", 1)
    sel = sel.strip().replace(" ", "")
    if not re.fullmatch(r"\*|\d{4}|fy(?:[-+]\d+)?|\d", sel):
        raise ExprError(f"pemilih kolom '[{sel}]' tidak dikenal di posisi {pos + 1}: {whole}")
    return base, sel


def parse(text: str) -> Node:
    """The tree of `text`; ExprError for anything longer than MAX_LENGTH or nested deeper
    than MAX_DEPTH (so that no later walk of the tree can exhaust the stack)."""
    text = str(text)
    if len(text) > MAX_LENGTH:
        raise ExprError(f"ungkapan lebih dari {MAX_LENGTH} karakter ({len(text)})")
    return _Parser(text).parse()


BOOL_OPS = {"<", "<=", ">", ">=", "==", "!=", "and", "or", "not"}


def type_of(node: Node) -> str:
    """'bool' or 'num', checking operands and function arity on the way: a rule file whose
    expression would fail at run time is refused when it is loaded."""
    op = node.op
    if op in ("num", "name"):
        return "num"
    if op == "call":
        lo, hi = ARITY[node.value]
        if not lo <= len(node.args) <= hi:
            raise ExprError(f"{node.value}() menerima {lo}–{hi} argumen, bukan {len(node.args)}")
        for a in node.args:
            if type_of(a) != "num":
                raise ExprError(f"argumen {node.value}() harus angka")
        if node.value in ("round", "trunc") and len(node.args) == 2:
            d = node.args[1]
            if d.op != "num" or not (0 <= d.value <= 10 and d.value == int(d.value)):
                raise ExprError(f"digit {node.value}() harus bilangan 0–10")
        return "num"
    want = "bool" if op in ("and", "or", "not") else "num"
    for a in node.args:
        if type_of(a) != want:
            raise ExprError(f"operan '{op}' harus {'syarat' if want == 'bool' else 'angka'}")
    return "bool" if op in BOOL_OPS else "num"


def names(node: Node) -> set[str]:
    """Column base names an expression reads (for schema checks and messages)."""
    if node.op == "name":
        return {node.value[0]}
    out: set[str] = set()
    for a in node.args:
        out |= names(a)
    return out


class Env:
    """What an expression can see. Subclasses resolve names against a row or a report."""

    def lookup(self, name: str, selector: str | None) -> Approx:
        raise NotComputable(phrase("reason.unknown_name", name=name))

    def lookup_many(self, name: str, selector: str | None) -> list[Approx]:
        return [self.lookup(name, selector)]


def evaluate(node: Node, env: Env):
    op = node.op
    if op == "num":
        return Approx.exact(node.value)
    if op == "name":
        name, sel = node.value
        if sel == "*":
            raise NotComputable(phrase("reason.star_outside", name=name))
        return env.lookup(name, sel)
    if op == "neg":
        return -_num(evaluate(node.args[0], env))
    if op in ("+", "-", "*", "/"):
        a, b = _num(evaluate(node.args[0], env)), _num(evaluate(node.args[1], env))
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        try:
            return a / b
        except (ZeroDivisionError, InvalidOperation):
            raise NotApplicable("pembagi nol")
    if op in ("<", "<=", ">", ">=", "==", "!="):
        a, b = _num(evaluate(node.args[0], env)), _num(evaluate(node.args[1], env))
        # Benefit of the doubt: a comparison holds if it holds anywhere in the intervals.
        if op == "<":
            return a.lo < b.hi
        if op == "<=":
            return a.lo <= b.hi
        if op == ">":
            return a.hi > b.lo
        if op == ">=":
            return a.hi >= b.lo
        if op == "==":
            return a.overlaps(b.lo, b.hi)
        return not (a.lo == a.hi == b.lo == b.hi)
    if op == "and":
        return _bool(evaluate(node.args[0], env)) and _bool(evaluate(node.args[1], env))
    if op == "or":
        return _bool(evaluate(node.args[0], env)) or _bool(evaluate(node.args[1], env))
    if op == "not":
        return not _bool(evaluate(node.args[0], env))
    if op == "call":
        return _call(node.value, node.args, env)
    raise ExprError(op)


def _num(x) -> Approx:
    if isinstance(x, bool):
        raise NotComputable(phrase("reason.comparison_as_number"))
    return x


def _bool(x) -> bool:
    if not isinstance(x, bool):
        raise NotComputable(phrase("reason.number_as_condition"))
    return x


def _items(args, env) -> list[Approx]:
    out: list[Approx] = []
    for a in args:
        if a.op == "name":
            name, sel = a.value
            if sel == "*":
                out.extend(env.lookup_many(name, sel))
                continue
        try:
            out.append(_num(evaluate(a, env)))
        except NotApplicable:
            continue
    return out


def _call(fn: str, args, env):
    if fn in ("sum", "mean", "count"):
        vals = _items(args, env)
        if fn == "count":
            return Approx.exact(len(vals))
        if not vals:
            raise NotApplicable("tidak ada nilai")
        total = vals[0]
        for v in vals[1:]:
            total = total + v
        return total if fn == "sum" else total / Approx.exact(len(vals))
    vals = [_num(evaluate(a, env)) for a in args]
    if fn == "abs":
        (a,) = vals
        if a.lo >= 0:
            return a
        if a.hi <= 0:
            return -a
        return Approx(Decimal(0), max(-a.lo, a.hi), abs(a.mid))
    if fn in ("min", "max"):
        pick = min if fn == "min" else max
        return Approx(pick(v.lo for v in vals), pick(v.hi for v in vals), pick(v.mid for v in vals))
    if fn in ("round", "trunc"):
        a = vals[0]
        d = int(vals[1].mid) if len(vals) > 1 else 0
        q = Decimal(1).scaleb(-d)
        mode = ROUND_HALF_UP if fn == "round" else ROUND_DOWN
        return Approx(a.lo.quantize(q, mode), a.hi.quantize(q, mode), a.mid.quantize(q, mode))
    raise ExprError(fn)
