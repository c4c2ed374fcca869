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

import re
from collections.abc import Mapping
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
  | (?P<clock>T\+\d{1,3}:[0-5]\d(?::[0-5]\d)?)
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
                offset, hint_for(first, set(scope.decisions))))
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


def evaluate(expr: Expr, facts: Facts) -> bool:
    """Evaluate a checked condition. A comparison with an unknown value is false."""
    return bool(_value(expr, facts))


def _value(expr: Expr, facts: Facts) -> object:
    if isinstance(expr, Lit):
        return expr.value
    if isinstance(expr, Name):
        if expr.name == "elapsed":
            return facts.elapsed
        if expr.name == "since_awareness":
            return facts.since_awareness
        if expr.name == "aware":
            return facts.since_awareness is not None
        value = facts.variables.get(expr.name)
        if isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, str) and (duration := parse_duration(value)) is not None:
            return duration
        return value
    if isinstance(expr, Call):
        if expr.func == "seen":
            return expr.args[0] in facts.seen
        if expr.func == "done":
            return expr.args[0] in facts.done
        return facts.choices.get(expr.args[0]) == expr.args[1]
    if isinstance(expr, Not):
        return not _value(expr.operand, facts)
    if isinstance(expr, BoolOp):
        if expr.op == "and":
            return bool(_value(expr.left, facts)) and bool(_value(expr.right, facts))
        return bool(_value(expr.left, facts)) or bool(_value(expr.right, facts))
    left, right = _value(expr.left, facts), _value(expr.right, facts)
    if left is None or right is None:
        return False
    try:
        return {
            "==": lambda: left == right,
            "!=": lambda: left != right,
            "<": lambda: left < right,  # type: ignore[operator]
            "<=": lambda: left <= right,  # type: ignore[operator]
            ">": lambda: left > right,  # type: ignore[operator]
            ">=": lambda: left >= right,  # type: ignore[operator]
        }[expr.op]()
    except TypeError:
        return False


def walk(expr: Expr):
    """Every node of the tree, depth first."""
    yield expr
    if isinstance(expr, Not):
        yield from walk(expr.operand)
    elif isinstance(expr, (BoolOp, Compare)):
        yield from walk(expr.left)
        yield from walk(expr.right)
