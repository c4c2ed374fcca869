"""Events are the truth: the fold of a stored log equals the live state, and runs repeat."""

from __future__ import annotations

import dataclasses
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from breachsim.engine.actions import Refused
from breachsim.engine.director import Director
from breachsim.engine.events import Event
from breachsim.engine.state import fold
from breachsim.scenario import load

from .conftest import ROOT
from .test_engine import NOTIFY

SCENARIO = load(ROOT / "tests" / "engine_cases" / "branching.scenario.yaml").scenario

MOVES = st.one_of(
    st.tuples(st.just("advance"), st.integers(0, 20 * 3600)),
    st.tuples(st.just("decide"), st.sampled_from(["pay", "refuse"])),
    st.tuples(st.just("act"), st.sampled_from(["declare_awareness", "notify_authority",
                                                "register_breach", "answer_journalist"])),
    st.tuples(st.just("note"), st.text(min_size=1, max_size=20)),
    st.tuples(st.just("clock"), st.sampled_from(["pause", "resume", "speed", "jump"])),
    st.tuples(st.just("fire"), st.sampled_from([i.id for i in SCENARIO.injects])),
)

FORMS = {"declare_awareness": {}, "notify_authority": NOTIFY,
         "register_breach": {"summary": "Logged"}, "answer_journalist": {"text": "No comment"}}


def apply_move(d: Director, kind: str, arg) -> None:
    try:
        if kind == "advance":
            d.advance_to(d.now + arg)
        elif kind == "decide":
            d.decide("ransom", arg)
        elif kind == "act":
            d.act(arg, FORMS[arg])
        elif kind == "note":
            d.note(arg)
        elif kind == "fire":
            d.fire(arg)
        elif arg == "pause":
            d.pause_clock()
        elif arg == "resume":
            d.resume_clock()
        elif arg == "speed":
            d.change_speed(120)
        else:
            d.jump()
    except Refused:
        pass


def play(moves, wall):
    log: list[Event] = []
    d = Director.start(SCENARIO, session="p", seed=5, team="T", wall=wall, sink=log.extend)
    for kind, arg in moves:
        apply_move(d, kind, arg)
    return d, log


@settings(max_examples=60, deadline=None)
@given(st.lists(MOVES, max_size=25))
def test_fold_of_the_log_is_the_live_state(moves):
    director, log = play(moves, wall=lambda: "w")
    assert [e.seq for e in log] == list(range(1, len(log) + 1))
    replayed = fold([Event.from_json(e.to_json()) for e in log])
    assert dataclasses.asdict(replayed) == dataclasses.asdict(director.state)


@settings(max_examples=30, deadline=None)
@given(st.lists(MOVES, max_size=25))
def test_same_scenario_seed_and_moves_give_the_same_log_apart_from_wall_time(moves):
    ticks = itertools.count()
    _, first = play(moves, wall=lambda: f"wall-{next(ticks)}")
    _, second = play(moves, wall=lambda: "other wall")
    assert [e.without_wall() for e in first] == [e.without_wall() for e in second]


@settings(max_examples=30, deadline=None)
@given(st.lists(MOVES, max_size=20), st.lists(MOVES, max_size=10))
def test_resuming_from_the_log_continues_exactly(before, after):
    director, log = play(before, wall=lambda: "w")
    resumed = Director.resume(SCENARIO, list(log), wall=lambda: "w", sink=log.extend,
                              now=director.now)
    for kind, arg in after:
        apply_move(resumed, kind, arg)
    _, uninterrupted = play(before + after, wall=lambda: "w")
    assert [e.without_wall() for e in log] == [e.without_wall() for e in uninterrupted]


@settings(max_examples=40, deadline=None)
@given(st.lists(MOVES, max_size=25), st.sets(st.integers(0, 24)))
def test_a_step_the_sink_cannot_record_leaves_no_trace(moves, failing):
    """A move whose events cannot be recorded leaves the director as it was; made again, the
    session goes on as if nothing had failed."""
    log: list[Event] = []
    full = False

    def sink(events):
        if full:
            raise OSError("the disk is full")
        log.extend(events)

    d = Director.start(SCENARIO, session="p", seed=5, team="T", wall=lambda: "w", sink=sink)
    for index, (kind, arg) in enumerate(moves):
        if index in failing:
            before = (dataclasses.asdict(d.state), d.now, d.next_due())
            full = True
            try:
                apply_move(d, kind, arg)
                continue  # it made no event, so nothing could fail
            except OSError:
                assert (dataclasses.asdict(d.state), d.now, d.next_due()) == before
            finally:
                full = False
        apply_move(d, kind, arg)
    assert dataclasses.asdict(fold(log)) == dataclasses.asdict(d.state)
    _, uninterrupted = play(moves, wall=lambda: "w")
    assert log == uninterrupted
