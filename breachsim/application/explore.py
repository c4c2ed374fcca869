"""Walk every combination of decision options, bounded, and report what each path reaches.

Each path is a full headless run. Decisions named in the path's script are taken the moment
they open; the rest take their timeout default (or, without a timeout, their first option).
A default the clock took is a path of its own beside the same option taken at once, since
what it triggers comes later (and may fall past the end).
Every path is played by three teams: a passive one that takes no action, a diligent one that
takes every expected action at once, and a tardy one that does the same but notifies the
authority only after the 72-hour window — so injects that wait on ``done(...)`` are reached.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..engine import events as ev
from ..engine.director import Director
from ..rules.deadlines import Status, deadlines
from ..scenario.durations import format_offset
from ..scenario.model import Scenario

TEAMS = ("passive", "diligent", "tardy")


@dataclass
class Walk:
    team: str
    choices: list[tuple[str, str]]  # (decision, option) in the order they opened
    ending: str
    ended_at: int
    delivered: list[str]
    met: list[str]
    missed: list[str]
    events: list = field(default_factory=list, repr=False)  # the path's log, for scoring
    timed_out: list[str] = field(default_factory=list)  # decisions the clock took


@dataclass
class Exploration:
    scenario: str
    paths: list[Walk] = field(default_factory=list)
    truncated: bool = False

    @property
    def endings(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for path in self.paths:
            counts[path.ending] = counts.get(path.ending, 0) + 1
        return counts

    def never_delivered(self, scenario: Scenario) -> list[str]:
        """Injects no walked path delivered (when truncated, some paths were not walked)."""
        reached = {inject for path in self.paths for inject in path.delivered}
        return [i.id for i in scenario.injects if i.id not in reached]


def stock_form(action: str, scenario: Scenario) -> dict[str, Any]:
    """A plausible, complete form for the diligent team, built from the scenario's facts."""
    breach = scenario.breach
    text = f"{scenario.title}: see the incident log."
    forms: dict[str, dict[str, Any]] = {
        "declare_awareness": {},
        "notify_authority": {
            "nature": text, "categories": [c.value for c in breach.data_categories or []]
            or ["identity"], "subjects_approx": breach.data_subjects,
            "records_approx": breach.records, "dpo_contact": "dpo@example.org",
            "consequences": "Risk of fraud and phishing for the people affected.",
            "measures": "Contained; forensic investigation under way.",
            "delay_reasons": "Facts were being established."},
        "notify_subjects": {"channel": "email", "audience": "everyone affected",
                            "message": text},
        "public_communication": {"channel": "website", "message": text},
        "public_statement": {"kind": "holding", "stance": "apologise", "text": text},
        "register_breach": {"summary": text},
        "brief_contact_centre": {"script": text},
        "answer_journalist": {"text": text},
        "answer_request": {"text": text},
    }
    return forms.get(action, {"message": text})


def _run(scenario: Scenario, seed: int, team: str, script: list[str],
         wall: Callable[[], str]) -> tuple[Walk, list[tuple[str, list[str], str | None]]]:
    """One path; returns it and the decisions met on it: (decision, options, option taken)."""
    log: list = []
    director = Director.start(scenario, session=f"explore-{team}", seed=seed, team=team,
                              wall=wall, sink=log.extend)
    met: list[tuple[str, list[str]]] = []
    diligence = _Diligence(tardy=team == "tardy") if team != "passive" else None
    while not director.ended:
        _decide_new(director, met, script)
        if diligence is not None and not director.ended:
            diligence.act(director, log)
            _decide_new(director, met, script)  # an action may have opened a decision
        if director.ended:
            break
        upcoming = director.next_due()
        if upcoming is None:
            break
        director.advance_to(upcoming)
    return _path(scenario, director, team, met, log)


def _decide_new(director: Director, met: list[tuple[str, list[str]]],
                script: list[str]) -> None:
    """Meet every decision that is open now, until taking one opens no other."""
    seen = {d for d, _ in met}
    while not director.ended:
        fresh = [d for d in director.state.open_decisions.values() if d.decision not in seen]
        if not fresh:
            return
        decision = fresh[0]
        seen.add(decision.decision)
        options = [o["id"] for o in decision.options]
        met.append((decision.decision, options))
        index = len(met) - 1
        if index < len(script):
            director.decide(decision.decision, script[index])
        elif decision.deadline is None:
            director.decide(decision.decision, options[0])


def _path(scenario: Scenario, director: Director, team: str,
          met: list[tuple[str, list[str]]], log: list
          ) -> tuple[Walk, list[tuple[str, list[str], str | None]]]:
    state = director.state
    taken = [(d, state.choices[d].option) for d, _ in met if d in state.choices]
    # a default the clock took comes later than the same option taken at once, and may
    # trigger past the end: it is not that option explored, so the walk branches on it too
    opened = [(d, options, state.choices[d].option
               if d in state.choices and state.choices[d].by != "timeout" else None)
              for d, options in met]
    found = deadlines(scenario, state, director.now)
    ending = (state.ended or {}).get("ending") or (state.ended or {}).get("reason", "none")
    return Walk(team, taken, ending, director.now, list(state.delivered),
                [d.id for d in found if d.status is Status.met],
                [d.id for d in found if d.status is Status.missed], log,
                [d for d, _ in taken if state.choices[d].by == "timeout"]), opened


class _Diligence:
    """What a diligent (or tardy) team still has to do: every expected action of every inject
    delivered so far, learnt from the new events only, so a long session stays linear."""

    def __init__(self, tardy: bool):
        self.tardy = tardy
        self.pending: list[tuple[str, str | None]] = []
        self.read = 0  # events of the log already looked at
        self.aware = False

    def act(self, director: Director, log: list) -> None:
        from ..engine.actions import Refused

        for event in log[self.read:]:
            if event.kind == ev.INJECT_DELIVERED:
                inject = director.scenario.by_id.get(event.data["inject"])
                if inject is not None:
                    self.pending += [(e.action.value, inject.id) for e in inject.expect
                                     if e.action.value != "decide"]
        self.read = len(log)
        state = director.state
        if state.aware_since is not None and not self.aware:
            self.aware = True
            self.pending[:0] = [("declare_awareness", None), ("register_breach", None),
                                ("notify_authority", None)]
        window_passed = (state.aware_since is not None
                         and director.law.past_window(state.aware_since, director.now))
        waiting: list[tuple[str, str | None]] = []
        for action, regarding in self.pending:
            if director.ended:
                break
            if action == "notify_authority" and self.tardy and not window_passed:
                waiting.append((action, regarding))
                continue
            if action == "notify_authority" and "notify_authority" in state.done:
                continue
            fields = stock_form(action, director.scenario)
            if regarding is not None:
                fields["regarding"] = regarding
            try:
                director.act(action, fields)
            except Refused:
                continue
        self.pending = waiting


def explore(scenario: Scenario, *, seed: int, max_paths: int, wall: Callable[[], str]
            ) -> Exploration:
    """Every path for each kind of team, at most ``max_paths`` paths per team."""
    result = Exploration(scenario.id)
    for team in TEAMS:
        stack: list[list[str]] = [[]]
        walked = 0
        while stack:
            if walked >= max_paths:
                result.truncated = True
                break
            script = stack.pop()
            walked += 1
            path, met = _run(scenario, seed, team, script, wall)
            result.paths.append(path)
            chosen = [option for _, _, option in met]
            for index in range(len(met) - 1, len(script) - 1, -1):
                _, options, current = met[index]
                if None in chosen[:index]:
                    continue
                for option in reversed(options):
                    if option != current:
                        stack.append([*chosen[:index], option])
    return result


def summary(result: Exploration, scenario: Scenario,
            scores: list[float | None] | None = None) -> dict[str, Any]:
    """What the exploration found; ``scores`` (one per path, from the rules) adds the best and
    the worst path."""
    scored = scores or [None] * len(result.paths)
    ranked = sorted((s, n) for n, s in enumerate(scored, start=1) if s is not None)
    return {
        "best": {"path": ranked[-1][1], "score": ranked[-1][0]} if ranked else None,
        "worst": {"path": ranked[0][1], "score": ranked[0][0]} if ranked else None,
        "scenario": result.scenario,
        "paths": len(result.paths),
        "truncated": result.truncated,
        "endings": result.endings,
        "never_delivered": result.never_delivered(scenario),
        "per_path": [
            {"team": p.team, "choices": [f"{d}={o}" + (" (timeout)" if d in p.timed_out else "")
                                          for d, o in p.choices],
             "ending": p.ending, "ended_at": format_offset(p.ended_at),
             "delivered": len(p.delivered), "met": p.met, "missed": p.missed, "score": score}
            for p, score in zip(result.paths, scored, strict=True)
        ],
    }


def render_text(data: dict[str, Any]) -> str:
    lines = [f"{data['scenario']}: {data['paths']} paths"
             + (" (stopped at --max-paths)" if data["truncated"] else "")]
    lines.append("endings: " + ", ".join(f"{k} ×{v}" for k, v in data["endings"].items()))
    never = data["never_delivered"]
    lines.append(("never delivered on the paths walked: " if data["truncated"]
                  else "never delivered on any path: ") + (", ".join(never) if never else "none"))
    for label in ("best", "worst"):
        if data.get(label):
            lines.append(f"{label} path: {data[label]['path']} ({data[label]['score']:.0f}%)")
    lines.append("")
    for number, path in enumerate(data["per_path"], start=1):
        lines.append(f"path {number} ({path['team']} team): "
                     + (" · ".join(path["choices"]) or "no decisions"))
        lines.append(f"  ends {path['ended_at']} at {path['ending']}; {path['delivered']} "
                     "injects; "
                     + (f"score {path['score']:.0f}%; " if path["score"] is not None else "")
                     + f"met {len(path['met'])}, missed {len(path['missed'])}"
                     + (f" ({', '.join(path['missed'])})" if path["missed"] else ""))
    return "\n".join(lines)
