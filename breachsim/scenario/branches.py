"""Decisions that do not branch: every option leads to the same injects.

An option reaches the rest of the scenario in three ways: the injects it triggers (with their
delays), whether it ends the exercise, and what it sets in variables that a condition or a body
reads. A ``when`` condition reaches back through ``chose(decision, option)``. When all options
agree on the first three and every condition that tests the decision comes out the same
whichever option was taken, the team's choice changes nothing in what follows.

Conditions are compared by their truth table: each part of a condition that does not test the
decision counts as an unknown true or false, and the condition must give the same answer for
every option under every combination. Whatever cannot be compared that way (an order on a
test of the decision, too many unknowns) counts as a real branch, so the check never warns
about a decision that does branch.
"""

from __future__ import annotations

from itertools import product

from . import conditions as c
from . import templates
from .model import Inject, Option, Scenario

#: past this many unknowns in one condition, the condition counts as a branch (2ⁿ rows)
MAX_UNKNOWNS = 12


class _Unsure(Exception):
    """The condition cannot be compared option by option."""


def flat_decisions(scenario: Scenario) -> list[Inject]:
    """The injects whose decision has options that all lead to the same injects.

    A decision whose options have no consequence at all is left out: BS304 already names each
    of its options. Nothing is found while a condition does not parse, since it may be the
    one that tells the options apart.
    """
    testing: dict[str, list[c.Expr]] = {}  # decision → the conditions that test it
    read: set[str] = set()
    for inject in scenario.injects:
        if inject.when is not None:
            try:
                expr = c.parse(inject.when)
            except c.ConditionError:
                return []
            for decision in {n.args[0] for n in c.walk(expr)
                             if isinstance(n, c.Call) and n.func == "chose"}:
                testing.setdefault(decision, []).append(expr)
            read |= {node.name for node in c.walk(expr) if isinstance(node, c.Name)}
        read |= templates.variables_read(inject.body)
    found = []
    for inject in scenario.injects:
        decision = inject.decision
        if decision is None:
            continue
        if len({_reach(option, read) for option in decision.options}) > 1:
            continue
        tests = testing.get(inject.id, [])
        if not tests and not any(o.set or o.triggers or o.ends for o in decision.options):
            continue
        options = [option.id for option in decision.options]
        if all(_invariant(expr, inject.id, options) for expr in tests):
            found.append(inject)
    return found


def _reach(option: Option, read: set[str]) -> tuple[frozenset, bool, frozenset]:
    return (frozenset((t.inject, t.delay) for t in option.triggers), option.ends,
            frozenset((name, value) for name, value in option.set.items() if name in read))


def _tests(expr: c.Expr, decision: str) -> bool:
    return any(isinstance(node, c.Call) and node.func == "chose" and node.args[0] == decision
               for node in c.walk(expr))


def _invariant(expr: c.Expr, decision: str, options: list[str]) -> bool:
    unknowns: dict[tuple, int] = {}
    _collect(expr, decision, unknowns)
    if len(unknowns) > MAX_UNKNOWNS:
        return False
    try:
        for row in product((False, True), repeat=len(unknowns)):
            answers = {_eval(expr, decision, chosen, unknowns, row) for chosen in options}
            if len(answers) > 1:
                return False
    except _Unsure:
        return False
    return True


def _collect(expr: c.Expr, decision: str, unknowns: dict[tuple, int]) -> None:
    if not _tests(expr, decision):
        unknowns.setdefault(_key(expr), len(unknowns))
    elif isinstance(expr, c.Not):
        _collect(expr.operand, decision, unknowns)
    elif isinstance(expr, (c.BoolOp, c.Compare)):
        _collect(expr.left, decision, unknowns)
        _collect(expr.right, decision, unknowns)


def _eval(expr: c.Expr, decision: str, chosen: str, unknowns: dict[tuple, int],
          row: tuple[bool, ...]) -> object:
    if not _tests(expr, decision):
        return expr.value if isinstance(expr, c.Lit) else row[unknowns[_key(expr)]]
    if isinstance(expr, c.Call):  # chose(decision, option)
        return expr.args[1] == chosen
    if isinstance(expr, c.Not):
        return not _eval(expr.operand, decision, chosen, unknowns, row)
    left = _eval(expr.left, decision, chosen, unknowns, row)
    right = _eval(expr.right, decision, chosen, unknowns, row)
    if isinstance(expr, c.BoolOp):
        return (left and right) if expr.op == "and" else (left or right)
    if expr.op in ("==", "!=") and isinstance(left, bool) and isinstance(right, bool):
        return (left == right) == (expr.op == "==")
    raise _Unsure


def _key(expr: c.Expr) -> tuple:
    """The condition's structure without its offsets: the same test written twice is one
    unknown."""
    if isinstance(expr, c.Lit):
        return ("lit", expr.type, expr.value)
    if isinstance(expr, c.Name):
        return ("name", expr.name)
    if isinstance(expr, c.Call):
        return ("call", expr.func, expr.args)
    if isinstance(expr, c.Not):
        return ("not", _key(expr.operand))
    return (type(expr).__name__, expr.op, _key(expr.left), _key(expr.right))


def describe(inject: Inject) -> str:
    """What every option of the decision leads to, in words."""
    option = inject.decision.options[0]
    parts = []
    if option.triggers:
        parts.append("triggers " + ", ".join(sorted({repr(t.inject) for t in option.triggers})))
    if option.ends:
        parts.append("ends the exercise")
    return "every option " + " and ".join(parts) if parts else "no option triggers an inject"
