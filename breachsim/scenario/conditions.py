"""The condition language of ``when``: a closed grammar parsed to a syntax tree.

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := atom (("==" | "!=" | "<" | "<=" | ">" | ">=") atom)?
    atom    := number | duration | string | true | false | name | call | "(" expr ")"
    call    := seen(inject) | chose(decision, option) | done(action)

Names are declared variables and the built-ins ``elapsed``, ``since_awareness`` and
``aware``. Nothing here is ever handed to Python's ``eval``: the tree is checked against
the scenario and evaluated by walking it.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal, Union

from .durations import parse_duration

BUILTINS = {"elapsed": "duration", "since_awareness": "duration", "aware": "bool"}
FUNCTIONS = {"seen": 1, "chose": 2, "done": 1}
KEYWORDS = {"and", "or", "not", "true", "false"}
COMPARATORS = {"==", "!=", "<", "<=", ">", ">="}
MAX_NESTING = 32

Type = Literal["bool", "number", "str", "duration"]


class ConditionError(Exception):
    """A problem at ``offset`` in the condition text."""

    def __init__(self, code: str, message: str, offset: int, hint: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.offset = offset
        self.hint = hint


# --- syntax tree -------------------------------------------------------------------------


@dataclass(frozen=True)
class Lit:
    value: bool | float | str | timedelta
    type: Type
    offset: int


@dataclass(frozen=True)
class Name:
    name: str
    offset: int


@dataclass(frozen=True)
class Call:
    func: str
    args: tuple[str, ...]
    offset: int
    arg_offsets: tuple[int, ...] = field(default=())


@dataclass(frozen=True)
class Not:
    operand: Expr
    offset: int


@dataclass(frozen=True)
class BoolOp:
    op: Literal["and", "or"]
    left: Expr
    right: Expr
    offset: int


@dataclass(frozen=True)
class Compare:
    op: str
    left: Expr
    right: Expr
    offset: int


Expr = Union[Lit, Name, Call, Not, BoolOp, Compare]  # noqa: UP007 - used at runtime


# --- tokens ------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<clock>T\+\d{1,4}:[0-5]\d(?::[0-5]\d)?)
  | (?P<iso>P(?:\d+[WD])*(?:T(?:\d+[HMS])+)?(?![A-Za-z0-9_]))
  | (?P<duration>(?:\d+[wdhms])+(?![A-Za-z0-9_]))
  | (?P<number>\d+(?:\.\d+)?(?![A-Za-z_]))
  | (?P<string>'[^'\n]*'|"[^"\n]*")
  | (?P<op>==|!=|<=|>=|<|>|\(|\)|,)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    offset: int


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            char = text[pos]
            hint = None
            if char == "=":
                hint = "compare with == (a single = is not allowed)"
            elif char in "&|!":
                hint = "write `and`, `or` and `not`"
            elif char in "'\"":
                hint = "close the string with the same quote on the same line"
            raise ConditionError("BS400", f"unexpected character {char!r}", pos, hint)
        kind = match.lastgroup or ""
        if kind != "ws":
            tokens.append(Token(kind, match.group(), pos))
        pos = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


# --- parser ------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0
        self.depth = 0

    def nest(self, token: Token) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise ConditionError("BS400", f"nested more than {MAX_NESTING} levels deep",
                                 token.offset, "split the condition into simpler parts")

    @property
    def current(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def is_word(self, word: str) -> bool:
        return self.current.kind == "name" and self.current.text == word

    def expect_op(self, op: str, context: str) -> Token:
        if self.current.kind == "op" and self.current.text == op:
            return self.take()
        raise ConditionError("BS400", f"expected {op!r} {context}, found {self._found()}",
                             self.current.offset)

    def _found(self) -> str:
        return "the end" if self.current.kind == "end" else repr(self.current.text)

    def parse(self) -> Expr:
        if self.current.kind == "end":
            raise ConditionError("BS400", "the condition is empty", 0,
                                 "write e.g. not done(notify_authority) and elapsed > 24h")
        expr = self.parse_or()
        if self.current.kind != "end":
            hint = None
            if self.current.kind in ("name", "number", "string", "duration"):
                hint = "join conditions with `and` or `or`"
            raise ConditionError("BS400", f"unexpected {self._found()}", self.current.offset,
                                 hint)
        return expr

    def parse_or(self) -> Expr:
        left = self.parse_and()
        while self.is_word("or"):
            token = self.take()
            left = BoolOp("or", left, self.parse_and(), token.offset)
        return left

    def parse_and(self) -> Expr:
        left = self.parse_not()
        while self.is_word("and"):
            token = self.take()
            left = BoolOp("and", left, self.parse_not(), token.offset)
        return left

    def parse_not(self) -> Expr:
        if self.is_word("not"):
            token = self.take()
            self.nest(token)
            operand = self.parse_not()
            self.depth -= 1
            return Not(operand, token.offset)
        return self.parse_compare()

    def parse_compare(self) -> Expr:
        left = self.parse_atom()
        if self.current.kind == "op" and self.current.text in COMPARATORS:
            token = self.take()
            right = self.parse_atom()
            if self.current.kind == "op" and self.current.text in COMPARATORS:
                raise ConditionError("BS400", "comparisons cannot be chained",
                                     self.current.offset, "join two comparisons with `and`")
            return Compare(token.text, left, right, token.offset)
        return left

    def parse_atom(self) -> Expr:
        token = self.current
        if token.kind == "op" and token.text == "(":
            self.take()
            self.nest(token)
            expr = self.parse_or()
            self.expect_op(")", "to close the parenthesis")
            self.depth -= 1
            return expr
        if token.kind == "number":
            self.take()
            return Lit(float(token.text), "number", token.offset)
        if token.kind in ("duration", "clock", "iso"):
            self.take()
            value = parse_duration(token.text)
            if value is None:  # pragma: no cover - the token pattern only admits durations
                raise ConditionError("BS400", f"{token.text!r} is not a duration", token.offset)
            return Lit(value, "duration", token.offset)
        if token.kind == "string":
            self.take()
            return Lit(token.text[1:-1], "str", token.offset)
        if token.kind == "name":
            if token.text in ("true", "false"):
                self.take()
                return Lit(token.text == "true", "bool", token.offset)
            if token.text in KEYWORDS:
                raise ConditionError("BS400", f"expected a value, found {token.text!r}",
                                     token.offset)
            self.take()
            if self.current.kind == "op" and self.current.text == "(":
                return self.parse_call(token)
            return Name(token.text, token.offset)
        raise ConditionError("BS400", f"expected a value, found {self._found()}", token.offset)

    def parse_call(self, name: Token) -> Call:
        if name.text not in FUNCTIONS:
            from .diagnostics import hint_for

            raise ConditionError("BS400", f"unknown function {name.text!r}", name.offset,
                                 hint_for(name.text, set(FUNCTIONS)))
        self.take()  # (
        args: list[str] = []
        offsets: list[int] = []
        while True:
            token = self.current
            if token.kind != "name" or token.text in KEYWORDS:
                raise ConditionError("BS400",
                                     f"{name.text}() takes an id, found {self._found()}",
                                     token.offset)
            args.append(self.take().text)
            offsets.append(token.offset)
            if self.current.kind == "op" and self.current.text == ",":
                self.take()
                continue
            self.expect_op(")", f"to close {name.text}(")
            break
        wanted = FUNCTIONS[name.text]
        if len(args) != wanted:
            usage = {"seen": "seen(inject)", "chose": "chose(decision, option)",
                     "done": "done(action)"}[name.text]
            raise ConditionError("BS400", f"{name.text}() takes {wanted} argument(s), "
                                 f"got {len(args)}", name.offset, f"write {usage}")
        return Call(name.text, tuple(args), name.offset, tuple(offsets))


def parse(text: str) -> Expr:
    """Parse a condition; raise ``ConditionError`` with an offset into ``text``."""
    return _Parser(text).parse()


# --- type checking -----------------------------------------------------------------------


@dataclass
class Scope:
    """What a condition may refer to in one scenario."""

    variables: Mapping[str, tuple[str, list[str] | None]]  # name → (type, enum values)
    injects: set[str]
    decisions: Mapping[str, list[str]]  # decision inject id → option ids
    actions: set[str]
    used: set[str] = field(default_factory=set)


_VAR_TYPES: dict[str, Type] = {
    "bool": "bool", "int": "number", "str": "str", "enum": "str", "duration": "duration",
}


def check(expr: Expr, scope: Scope) -> list[ConditionError]:
    """Every reference and type problem in ``expr`` (it must be a boolean condition)."""
    errors: list[ConditionError] = []
    result = _type_of(expr, scope, errors)
    if result is not None and result != "bool":
        errors.append(ConditionError(
            "BS402", f"a condition must be true or false, but this is a {result}",
            _offset(expr), "compare it, e.g. `calls > 3`"))
    return errors


def _offset(expr: Expr) -> int:
    if isinstance(expr, (BoolOp, Compare)):
        return _offset(expr.left)
    return expr.offset


def _type_of(expr: Expr, scope: Scope, errors: list[ConditionError]) -> Type | None:
    from .diagnostics import did_you_mean

    if isinstance(expr, Lit):
        return expr.type
    if isinstance(expr, Name):
        if expr.name in BUILTINS:
            return BUILTINS[expr.name]  # type: ignore[return-value]
        if expr.name in scope.variables:
            scope.used.add(expr.name)
            return _VAR_TYPES[scope.variables[expr.name][0]]
        known = set(scope.variables) | set(BUILTINS)
        errors.append(ConditionError("BS401", f"{expr.name!r} is not a declared variable",
                                     expr.offset, did_you_mean(expr.name, known)
                                     or "declare it under `variables:`"))
        return None
    if isinstance(expr, Call):
        _check_call(expr, scope, errors)
        return "bool"
    if isinstance(expr, Not):
        inner = _type_of(expr.operand, scope, errors)
        if inner not in (None, "bool"):
            errors.append(ConditionError("BS402", f"`not` needs true or false, not a {inner}",
                                         _offset(expr.operand)))
        return "bool"
    if isinstance(expr, BoolOp):
        for side in (expr.left, expr.right):
            kind = _type_of(side, scope, errors)
            if kind not in (None, "bool"):
                errors.append(ConditionError(
                    "BS402", f"`{expr.op}` joins true/false conditions, not a {kind}",
                    _offset(side), "compare the value, e.g. `calls > 3`"))
        return "bool"
    left = _type_of(expr.left, scope, errors)
    right = _type_of(expr.right, scope, errors)
    if left is None or right is None:
        return "bool"
    if left != right:
        hint = None
        if {left, right} == {"number", "duration"}:
            hint = "write durations with a unit, e.g. 24h or 90m"
        errors.append(ConditionError("BS402", f"cannot compare a {left} with a {right}",
                                     expr.offset, hint))
    elif expr.op not in ("==", "!=") and left in ("bool", "str"):
        errors.append(ConditionError("BS402", f"{expr.op} does not apply to a {left}",
                                     expr.offset, "use == or !="))
    else:
        _check_enum_literal(expr, scope, errors)
    return "bool"


def _check_enum_literal(expr: Compare, scope: Scope, errors: list[ConditionError]) -> None:
    from .diagnostics import hint_for

    for name, lit in ((expr.left, expr.right), (expr.right, expr.left)):
        if isinstance(name, Name) and isinstance(lit, Lit) and name.name in scope.variables:
            vartype, values = scope.variables[name.name]
            if vartype == "enum" and values and lit.value not in values:
                errors.append(ConditionError(
                    "BS402", f"{lit.value!r} is not a value of {name.name!r}", lit.offset,
                    hint_for(str(lit.value), values)))


def _check_call(call: Call, scope: Scope, errors: list[ConditionError]) -> None:
    from .diagnostics import hint_for

    first, offset = call.args[0], call.arg_offsets[0]
    if call.func == "seen" and first not in scope.injects:
        errors.append(ConditionError("BS302", f"seen() names an unknown inject {first!r}",
                                     offset, hint_for(first, scope.injects)))
    elif call.func == "done" and first not in scope.actions:
        errors.append(ConditionError("BS302", f"done() names an unknown action {first!r}",
                                     offset, hint_for(first, scope.actions)))
    elif call.func == "chose":
        if first not in scope.decisions:
            errors.append(ConditionError(
                "BS302", f"chose() names {first!r}, which is not an inject with a decision",
                offset, hint_for(first, scope.decisions.keys())))
        elif call.args[1] not in scope.decisions[first]:
            errors.append(ConditionError(
                "BS302", f"decision {first!r} has no option {call.args[1]!r}",
                call.arg_offsets[1], hint_for(call.args[1], scope.decisions[first])))


# --- evaluation --------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What a condition is evaluated against: the state of a session at one moment."""

    variables: Mapping[str, object]
    seen: frozenset[str] | set[str]
    choices: Mapping[str, str]
    done: frozenset[str] | set[str]
    elapsed: timedelta
    since_awareness: timedelta | None


Compiled = Callable[[Facts], object]

_OPERATORS: dict[str, Callable[[object, object], bool]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge,
}


def compile_condition(expr: Expr, var_types: Mapping[str, str]) -> Callable[[Facts], bool]:
    """Turn a checked tree into nested closures (no Python source, no ``eval``).

    Evaluating closures is several times faster than walking the tree, which matters when
    thousands of waiting injects are looked at again after each event. ``var_types`` gives
    each declared variable's type, so that duration variables compare as durations.
    """
    inner = _compile(expr, var_types)
    return lambda facts: bool(inner(facts))


def _compile(expr: Expr, var_types: Mapping[str, str]) -> Compiled:
    if isinstance(expr, Lit):
        value = expr.value
        return lambda facts: value
    if isinstance(expr, Name):
        return _compile_name(expr.name, var_types)
    if isinstance(expr, Call):
        first = expr.args[0]
        if expr.func == "seen":
            return lambda facts: first in facts.seen
        if expr.func == "done":
            return lambda facts: first in facts.done
        option = expr.args[1]
        return lambda facts: facts.choices.get(first) == option
    if isinstance(expr, Not):
        operand = _compile(expr.operand, var_types)
        return lambda facts: not operand(facts)
    if isinstance(expr, BoolOp):
        left, right = _compile(expr.left, var_types), _compile(expr.right, var_types)
        if expr.op == "and":
            return lambda facts: bool(left(facts)) and bool(right(facts))
        return lambda facts: bool(left(facts)) or bool(right(facts))
    left, right = _compile(expr.left, var_types), _compile(expr.right, var_types)
    compare = _OPERATORS[expr.op]

    def comparison(facts: Facts) -> bool:
        a, b = left(facts), right(facts)
        if a is None or b is None:
            return False
        try:
            return compare(a, b)
        except TypeError:
            return False

    return comparison


def _compile_name(name: str, var_types: Mapping[str, str]) -> Compiled:
    if name == "elapsed":
        return lambda facts: facts.elapsed
    if name == "since_awareness":
        return lambda facts: facts.since_awareness
    if name == "aware":
        return lambda facts: facts.since_awareness is not None
    kind = var_types.get(name)
    if kind == "int":
        def number(facts: Facts) -> object:
            value = facts.variables.get(name)
            return float(value) if isinstance(value, int) and not isinstance(value, bool) else (
                value)
        return number
    if kind == "duration":
        def duration(facts: Facts) -> object:
            value = facts.variables.get(name)
            return parse_duration(value) if isinstance(value, str) else value
        return duration
    return lambda facts: facts.variables.get(name)


def walk(expr: Expr):
    """Every node of the tree, depth first."""
    yield expr
    if isinstance(expr, Not):
        yield from walk(expr.operand)
    elif isinstance(expr, (BoolOp, Compare)):
        yield from walk(expr.left)
        yield from walk(expr.right)
