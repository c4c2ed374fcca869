"""Checks across a whole scenario: ids, references, conditions, templates, the graph."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from functools import partial

from . import branches, conditions, templates, timing
from .diagnostics import Diagnostic, Diagnostics, did_you_mean, hint_for
from .model import Scenario, _scalar_fits
from .vocab import TEAM_ACTIONS, Criterion, Role, VarType, choices
from .yamlsource import Source


class _Linter:
    def __init__(self, scenario: Scenario, source: Source, origins: dict,
                 library_params: dict[str, set[str]], out: Diagnostics):
        self.scenario = scenario
        self.source = source
        self.origins = origins
        self.library_params = library_params
        self.out = out
        self.read_vars: set[str] = set()
        self.set_vars: set[str] = set()
        self.chosen: set[tuple[str, str]] = set()

    # -- helpers ---------------------------------------------------------------------------

    def emit(self, code: str, where: tuple[str, int, int], message: str,
             hint: str | Callable[[], str | None] | None = None, related: tuple = ()) -> None:
        """Report a problem. A hint that searches for the nearest name is a function, called
        only if the diagnostic is kept (see ``Diagnostics``)."""
        self.out.add(where[0], code, _diagnostic, code, where, message, hint, related)

    def top(self, *path: str | int, key: bool = False) -> tuple[str, int, int]:
        line, col = self.source.locate(path, at_key=key)
        return self.source.path, line, col

    def at(self, inject_id: str, *path: str | int, key: bool = False) -> tuple[str, int, int]:
        origin = self.origins.get(inject_id)
        if origin is None:
            return self.top("injects")
        return origin.locate(*path, at_key=key)

    def entry(self, inject_id: str) -> tuple[str, int, int]:
        origin = self.origins.get(inject_id)
        return origin.entry() if origin is not None else self.top("injects")

    def text_at(self, inject_id: str, key: str, offset: int) -> tuple[str, int, int]:
        """Where character ``offset`` of the inject's text value ``key`` stands in its file."""
        origin = self.origins.get(inject_id)
        if origin is None:
            return self.top("injects")
        source, loc = origin.written(key)
        node, _ = source.node_at(loc)
        line, col = source.position_in(node, offset)
        return source.path, line, col

    # -- checks ----------------------------------------------------------------------------

    def run(self) -> None:
        if not self.check_ids():
            return
        self.check_start_and_awareness()
        self.check_references()
        self.check_conditions()
        self.check_templates()
        self.check_graph()
        self.check_variables()
        self.check_loose_ends()
        self.check_branches()

    def check_ids(self) -> bool:
        counts = Counter(i.id for i in self.scenario.injects)
        seen: dict[str, tuple[str, int, int]] = {}
        clean = True
        for index, inject in enumerate(self.scenario.injects):
            if counts[inject.id] < 2:
                continue
            here = self.top("injects", index, "id")
            if inject.id in seen:
                first = seen[inject.id]
                hint = ("give each use of a library inject its own `id`"
                        if inject.library else "every inject needs its own id")
                self.emit("BS300", here, f"inject id {inject.id!r} is used twice "
                          f"(first at line {first[1]})", hint, related=((first[1], first[2]),))
                clean = False
            else:
                seen[inject.id] = here
        if not clean:  # later checks key by id; rebuild origins per index for them
            return False
        for inject in self.scenario.injects:
            if inject.decision is None:
                continue
            first_option: dict[str, int] = {}
            for index, option in enumerate(inject.decision.options):
                if option.id in first_option:
                    first = self.at(inject.id, "decision", "options", first_option[option.id],
                                    "id")
                    self.emit("BS300", self.at(inject.id, "decision", "options", index, "id"),
                              f"option id {option.id!r} is used twice in decision "
                              f"{inject.id!r} (first at line {first[1]})",
                              "each option needs its own id", related=((first[1], first[2]),))
                first_option.setdefault(option.id, index)
        expect_ids: Counter[str] = Counter()
        for inject in self.scenario.injects:
            for index, exp in enumerate(inject.expect):
                if exp.id is None:
                    continue
                expect_ids[exp.id] += 1
                if expect_ids[exp.id] == 2 or exp.id in counts:
                    self.emit("BS300", self.at(inject.id, "expect", index, "id"),
                              f"expectation id {exp.id!r} is already used",
                              "expectation ids are unique and differ from inject ids")
        first_objective: dict[str, int] = {}
        for index, objective in enumerate(self.scenario.objectives):
            if objective.id in first_objective:
                first = self.top("objectives", first_objective[objective.id], "id")
                self.emit("BS300", self.top("objectives", index, "id"),
                          f"objective id {objective.id!r} is used twice "
                          f"(first at line {first[1]})", "each objective needs its own id",
                          related=((first[1], first[2]),))
            first_objective.setdefault(objective.id, index)
        return True

    def check_start_and_awareness(self) -> None:
        ids = set(self.scenario.by_id)
        if self.scenario.start not in ids:
            self.emit("BS301", self.top("start"),
                      f"the start inject {self.scenario.start!r} is not defined",
                      hint_for(self.scenario.start, ids))
        if not any(i.marks_awareness for i in self.scenario.injects):
            self.emit("BS308", self.top("injects", key=True),
                      "no inject marks the moment the team becomes aware of the breach",
                      "set `marks_awareness: true` on the inject after which a reasonable "
                      "team knows personal data was breached; the 72-hour clock starts there")

    def check_references(self) -> None:
        ids = set(self.scenario.by_id)
        personas = set(self.scenario.personas)
        senders = personas | set(choices(Role))
        for inject in self.scenario.injects:
            if inject.at is not None and inject.after is not None:
                self.emit("BS202", self.at(inject.id, "after", key=True),
                          f"inject {inject.id!r} is timed by both `at` and `after`",
                          "keep one: `at` counts from the start, `after` from another inject")
            if inject.after is not None and inject.after.inject not in ids:
                self.emit("BS302", self.at(inject.id, "after", "inject"),
                          f"`after` names an unknown inject {inject.after.inject!r}",
                          partial(hint_for, inject.after.inject, ids))
            for key, value in (("from", inject.from_), ("to", inject.to)):
                if value is not None and value not in senders:
                    self.emit("BS302", self.at(inject.id, key),
                              f"{value!r} is neither a declared persona nor a role",
                              partial(_suggest, value, senders,
                                      "declare it under `personas:` with a role, or use a "
                                      "role such as journalist, regulator, customer, it or ceo"))
            decision = inject.decision
            if decision is None:
                continue
            option_ids = [o.id for o in decision.options]
            if decision.timeout is not None and decision.default is None:
                self.emit("BS306", self.at(inject.id, "decision", "timeout"),
                          f"decision {inject.id!r} times out but has no `default` option",
                          f"add `default:` with one of: {', '.join(option_ids)}")
            if decision.default is not None and decision.default not in option_ids:
                self.emit("BS302", self.at(inject.id, "decision", "default"),
                          f"the default {decision.default!r} is not an option of this decision",
                          partial(hint_for, decision.default, option_ids))
            for o_index, option in enumerate(decision.options):
                for t_index, trigger in enumerate(option.triggers):
                    if trigger.inject not in ids:
                        self.emit("BS302", self.at(inject.id, "decision", "options", o_index,
                                                   "triggers", t_index),
                                  f"option {option.id!r} triggers an unknown inject "
                                  f"{trigger.inject!r}", partial(hint_for, trigger.inject, ids))
                for name, value in option.set.items():
                    self.check_assignment(inject.id, o_index, name, value)
        expect_ids = {e.id for i in self.scenario.injects for e in i.expect if e.id}
        criteria = set(choices(Criterion)) | expect_ids
        for index, objective in enumerate(self.scenario.objectives):
            for c_index, criterion in enumerate(objective.criteria):
                if criterion not in criteria:
                    self.emit("BS302", self.top("objectives", index, "criteria", c_index),
                              f"{criterion!r} is neither a scoring criterion nor the id of an "
                              "expectation", partial(hint_for, criterion, criteria))

    def check_assignment(self, inject_id: str, o_index: int, name: str, value: object) -> None:
        path = ("decision", "options", o_index, "set", name)
        where = self.at(inject_id, *path)
        variable = self.scenario.variables.get(name)
        if variable is None:
            self.emit("BS401", self.at(inject_id, *path, key=True),
                      f"`set` names an undeclared variable {name!r}",
                      partial(_suggest, name, self.scenario.variables.keys(),
                              "declare it under `variables:`"))
            return
        self.set_vars.add(name)
        if not _scalar_fits(variable.type, value, variable.values):
            expected = (f"one of {', '.join(variable.values or [])}"
                        if variable.type is VarType.enum else f"a {variable.type.value}")
            self.emit("BS402", where, f"{name!r} is {expected}, but is set to {value!r}")

    def scope(self) -> conditions.Scope:
        return conditions.Scope(
            variables={n: (v.type.value, v.values) for n, v in self.scenario.variables.items()},
            injects=set(self.scenario.by_id),
            decisions={i.id: [o.id for o in i.decision.options]
                       for i in self.scenario.injects if i.decision},
            actions=set(TEAM_ACTIONS),
            used=self.read_vars,
        )

    def check_conditions(self) -> None:
        scope = self.scope()
        for inject in self.scenario.injects:
            if inject.when is None:
                continue
            try:
                expr = conditions.parse(inject.when)
            except conditions.ConditionError as exc:
                self.emit(exc.code, self.condition_at(inject.id, exc.offset),
                          f"in `when`: {exc.message}", exc.hint)
                continue
            for node in conditions.walk(expr):
                if isinstance(node, conditions.Call) and node.func == "chose":
                    self.chosen.add((node.args[0], node.args[1]))
            for error in conditions.check(expr, scope):
                self.emit(error.code, self.condition_at(inject.id, error.offset),
                          f"in `when`: {error.message}", error.hint)

    def condition_at(self, inject_id: str, offset: int) -> tuple[str, int, int]:
        return self.text_at(inject_id, "when", offset)

    def check_templates(self) -> None:
        variables = set(self.scenario.variables)
        for inject in self.scenario.injects:
            if not inject.body:
                continue
            params = self.library_params.get(inject.library) if inject.library else None
            origin = self.origins.get(inject.id)
            in_library = origin is not None and origin.written("body")[0] is not origin.source
            for problem in templates.check(inject.body, None if in_library else variables,
                                           params):
                self.emit(problem.code, self.text_at(inject.id, "body",
                                                     problem.offset_in(inject.body)),
                          f"in `body`: {problem.message}", problem.hint)
            self.read_vars |= templates.variables_read(inject.body)

    def check_graph(self) -> None:
        in_cycles = set()
        for cycle in timing.after_cycles(self.scenario):
            in_cycles.update(cycle)
            for node in cycle:
                if node in self.scenario.by_id:
                    self.emit("BS305", self.at(node, "after"),
                              f"{node!r} waits (`after`) on a chain that comes back to it: "
                              f"{' → '.join(cycle)}",
                              "time one of them with `at` or a trigger instead")
        times = timing.earliest(self.scenario)
        arriving = timing.in_time(self.scenario)
        duration = self.scenario.clock.duration
        for inject in self.scenario.injects:
            if inject.id in in_cycles:
                continue  # BS305 said why
            if inject.id not in times:
                self.emit("BS303", self.entry(inject.id),
                          f"inject {inject.id!r} can never be delivered",
                          "time it with `at` or `after`, give it a `when` condition, or "
                          "trigger it from a decision option")
            elif inject.id not in arriving:
                from .durations import format_offset

                when = format_offset(times[inject.id])
                self.emit("BS307", self.at(inject.id, "at") if inject.at else self.entry(inject.id),
                          f"inject {inject.id!r} comes at {when} at the earliest, after the "
                          f"planned duration ({format_offset(duration)})"
                          if times[inject.id] > duration else
                          f"inject {inject.id!r} comes only from a decision at the very end "
                          f"({when}), which the session ends before anyone takes",
                          "bring it forward or lengthen `clock.duration`")

    def check_variables(self) -> None:
        for name in self.scenario.variables:
            if name in self.read_vars:
                continue
            what = ("is set but never read" if name in self.set_vars
                    else "is never used")
            self.emit("BS403", self.top("variables", name, key=True),
                      f"variable {name!r} {what}",
                      f"read it in a `when` condition or a body ({{{{ vars.{name} }}}}), "
                      "or remove it")

    def check_loose_ends(self) -> None:
        for inject in self.scenario.injects:
            if inject.decision is None:
                continue
            for index, option in enumerate(inject.decision.options):
                if (option.set or option.triggers or option.ends
                        or (inject.id, option.id) in self.chosen):
                    continue
                self.emit("BS304", self.at(inject.id, "decision", "options", index),
                          f"choosing {option.id!r} in {inject.id!r} changes nothing: it sets no "
                          "variable, triggers no inject, does not end the exercise, and no "
                          f"condition tests chose({inject.id}, {option.id})",
                          "give the option a consequence, or test it in a `when` condition")

    def check_branches(self) -> None:
        for inject in branches.flat_decisions(self.scenario):
            options = ", ".join(o.id for o in inject.decision.options)
            self.emit("BS310", self.at(inject.id, "decision", key=True),
                      f"whatever the team chooses in {inject.id!r} ({options}), the same "
                      f"injects follow: {branches.describe(inject)}, and no condition tells "
                      "the options apart",
                      "let the options lead to different injects (`triggers`, a variable a "
                      "`when` reads, or a condition on chose(...)), or make it an inject "
                      "without a decision")


def _diagnostic(code: str, where: tuple[str, int, int], message: str,
                hint: str | Callable[[], str | None] | None, related: tuple) -> Diagnostic:
    return Diagnostic.make(code, *where, message, hint() if callable(hint) else hint, related)


def _suggest(word: str, candidates: Collection[str], otherwise: str) -> str:
    return did_you_mean(word, candidates) or otherwise


def lint(scenario: Scenario, source: Source, origins: dict,
         library_params: dict[str, set[str]], into: Diagnostics) -> None:
    _Linter(scenario, source, origins, library_params, into).run()
