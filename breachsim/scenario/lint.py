"""Checks across a whole scenario: ids, references, conditions, templates, the graph."""

from __future__ import annotations

from collections import Counter

from . import conditions, graph, templates
from .diagnostics import Diagnostic, hint_for
from .model import Scenario, _scalar_fits
from .vocab import Action, Criterion, Role, VarType, choices
from .yamlsource import Source


class _Linter:
    def __init__(self, scenario: Scenario, source: Source, origins: dict,
                 library_params: dict[str, set[str]]):
        self.scenario = scenario
        self.source = source
        self.origins = origins
        self.library_params = library_params
        self.out: list[Diagnostic] = []
        self.read_vars: set[str] = set()
        self.set_vars: set[str] = set()
        self.chosen: set[tuple[str, str]] = set()

    # -- helpers ---------------------------------------------------------------------------

    def emit(self, code: str, where: tuple[str, int, int], message: str,
             hint: str | None = None, related: tuple = ()) -> None:
        self.out.append(Diagnostic.make(code, where[0], where[1], where[2], message, hint,
                                        related))

    def top(self, *path: str | int, key: bool = False) -> tuple[str, int, int]:
        line, col = self.source.locate(path, at_key=key)
        return self.source.path, line, col

    def at(self, inject_id: str, *path: str | int) -> tuple[str, int, int]:
        origin = self.origins.get(inject_id)
        if origin is None:
            return self.top("injects")
        return origin.locate(*path)

    # -- checks ----------------------------------------------------------------------------

    def run(self) -> list[Diagnostic]:
        if not self.check_ids():
            return self.out
        self.check_start_and_awareness()
        self.check_references()
        self.check_conditions()
        self.check_templates()
        self.check_graph()
        self.check_variables()
        self.check_loose_ends()
        return self.out

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
            option_ids = Counter(o.id for o in inject.decision.options)
            for index, option in enumerate(inject.decision.options):
                if option_ids[option.id] > 1:
                    self.emit("BS300", self.at(inject.id, "decision", "options", index, "id"),
                              f"option id {option.id!r} is used twice in decision "
                              f"{inject.id!r}", "each option needs its own id")
                    option_ids[option.id] = 0
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
        objective_ids = Counter(o.id for o in self.scenario.objectives)
        for index, objective in enumerate(self.scenario.objectives):
            if objective_ids[objective.id] > 1:
                self.emit("BS300", self.top("objectives", index, "id"),
                          f"objective id {objective.id!r} is used twice")
                objective_ids[objective.id] = 0
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
            if inject.after is not None and inject.after.inject not in ids:
                self.emit("BS302", self.at(inject.id, "after", "inject"),
                          f"`after` names an unknown inject {inject.after.inject!r}",
                          hint_for(inject.after.inject, ids))
            for key, value in (("from", inject.from_), ("to", inject.to)):
                if value is not None and value not in senders:
                    self.emit("BS302", self.at(inject.id, key),
                              f"{value!r} is neither a declared persona nor a role",
                              hint_for(value, senders) or "declare it under `personas:`")
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
                          hint_for(decision.default, option_ids))
            for o_index, option in enumerate(decision.options):
                for t_index, trigger in enumerate(option.triggers):
                    if trigger.inject not in ids:
                        self.emit("BS302", self.at(inject.id, "decision", "options", o_index,
                                                   "triggers", t_index),
                                  f"option {option.id!r} triggers an unknown inject "
                                  f"{trigger.inject!r}", hint_for(trigger.inject, ids))
                for name, value in option.set.items():
                    self.check_assignment(inject.id, o_index, name, value)
        expect_ids = {e.id for i in self.scenario.injects for e in i.expect if e.id}
        criteria = set(choices(Criterion)) | expect_ids
        for index, objective in enumerate(self.scenario.objectives):
            for c_index, criterion in enumerate(objective.criteria):
                if criterion not in criteria:
                    self.emit("BS302", self.top("objectives", index, "criteria", c_index),
                              f"{criterion!r} is neither a scoring criterion nor the id of an "
                              "expectation", hint_for(criterion, criteria))

    def check_assignment(self, inject_id: str, o_index: int, name: str, value: object) -> None:
        where = self.at(inject_id, "decision", "options", o_index, "set", name)
        variable = self.scenario.variables.get(name)
        if variable is None:
            self.emit("BS401", where, f"`set` names an undeclared variable {name!r}",
                      hint_for(name, set(self.scenario.variables))
                      or "declare it under `variables:`")
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
            actions=set(choices(Action)) - {Action.decide.value},
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
        file, line, col = self.at(inject_id, "when")
        origin = self.origins.get(inject_id)
        node = None
        if origin is not None:
            source = origin.source
            node, _ = source.node_at(origin.loc + ("when",))
        style = getattr(node, "style", None)
        if style in ("|", ">"):
            return file, line + 1, col + offset
        return file, line, col + offset + (1 if style in ("'", '"') else 0)

    def check_templates(self) -> None:
        variables = set(self.scenario.variables)
        for inject in self.scenario.injects:
            if not inject.body:
                continue
            params = self.library_params.get(inject.library) if inject.library else None
            file, line, col = self.at(inject.id, "body")
            origin = self.origins.get(inject.id)
            src, loc = (origin.source, origin.loc) if origin else (self.source, ())
            in_library = origin is not None and origin.library is not None and file != src.path
            if in_library:  # the body comes from the library file, which cannot know vars
                src, loc = origin.library
            node, _ = src.node_at((*loc, "body"))
            block = getattr(node, "style", None) in ("|", ">")
            for problem in templates.check(inject.body, None if in_library else variables,
                                           params):
                where = (file, line + problem.line, col + 2) if block else (file, line, col)
                self.emit(problem.code, where, f"in `body`: {problem.message}", problem.hint)
            for name in _vars_in(inject.body):
                self.read_vars.add(name)

    def check_graph(self) -> None:
        built = graph.build(self.scenario)
        for cycle in graph.after_cycles(self.scenario):
            for node in cycle:
                if node in self.scenario.by_id:
                    self.emit("BS305", self.at(node, "after"),
                              f"{node!r} waits (`after`) on a chain that comes back to it: "
                              f"{' → '.join(cycle)}",
                              "time one of them with `at` or a trigger instead")
        times = graph.earliest(built)
        duration = self.scenario.clock.duration
        for inject in self.scenario.injects:
            if inject.id not in times:
                self.emit("BS303", self.at(inject.id, "id"),
                          f"inject {inject.id!r} can never be delivered",
                          "time it with `at` or `after`, give it a `when` condition, or "
                          "trigger it from a decision option")
            elif times[inject.id] > duration:
                from .durations import format_offset

                self.emit("BS307", self.at(inject.id, "at" if inject.at else "id"),
                          f"inject {inject.id!r} comes at {format_offset(times[inject.id])} "
                          f"at the earliest, after the planned duration "
                          f"({format_offset(duration)})",
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


def _vars_in(body: str) -> set[str]:
    import re

    return set(re.findall(r"\bvars\.([a-z][a-z0-9_]*)", body))


def lint(scenario: Scenario, source: Source, origins: dict,
         library_params: dict[str, set[str]]) -> list[Diagnostic]:
    return _Linter(scenario, source, origins, library_params).run()
