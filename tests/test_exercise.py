"""The exercise coordinator without a screen: the clock, the intents, the MSEL and the view."""

from __future__ import annotations

import threading

import pytest

from breachsim.application.exercise import SPEEDS, Exercise
from breachsim.engine.actions import Refused
from breachsim.scenario.bundled import bundled_scenarios
from breachsim.store import StoreFull, open_store

from .app_support import WALL, FakeClock, scenario

H = 3600


@pytest.fixture
def exercise(tmp_path):
    clock = FakeClock()
    store = open_store(tmp_path / "s.sqlite3")
    ex = Exercise.begin(store, scenario(), seed=5, team="Red", wall=lambda: WALL,
                        monotonic=clock)
    ex.fake = clock
    yield ex
    store.close()


def run_for(exercise, world_seconds):
    exercise.fake.now += world_seconds / exercise.state.speed
    exercise.tick()


def test_a_tick_the_store_refuses_leaves_nothing_of_it_stored_or_shown(exercise, monkeypatch):
    exercise.start()
    session, before = exercise.session.id, exercise.view()
    store = exercise.session.store

    def full(*args, **kwargs):
        raise StoreFull("the disk is full")

    monkeypatch.setattr(store, "append_many", full)
    with pytest.raises(StoreFull):
        run_for(exercise, 2 * H)  # a tick of four events: three deliveries and a decision
    assert exercise.view() == before
    assert "ransomware_confirmed" not in exercise.state.delivered
    assert len(store.events(session)) == before.seq


def test_a_tick_after_another_console_recorded_takes_that_in_and_goes_on(exercise, tmp_path):
    exercise.start()
    session, before = exercise.session.id, exercise.view()
    with open_store(tmp_path / "s.sqlite3") as other:  # another writer takes the next seq
        other.append_next(session, "note_added", 0, WALL, {"by": "observer", "text": "Hm."})
    run_for(exercise, 2 * H)
    stored = exercise.session.store.events(session)
    assert stored[before.seq].kind == "note_added"  # the other's event kept its place
    assert [e.seq for e in stored] == list(range(1, len(stored) + 1))
    assert "ransomware_confirmed" in exercise.state.delivered
    assert [n.text for n in exercise.state.notes] == ["Hm."]
    assert exercise.state.seq == stored[-1].seq


def test_the_clock_runs_only_once_started_and_while_not_paused(exercise):
    run_for(exercise, H)
    assert exercise.now == 0 and not exercise.running
    exercise.start()
    run_for(exercise, H)
    assert exercise.now == H
    exercise.pause()
    run_for(exercise, 5 * H)
    assert exercise.now == H
    exercise.resume()
    run_for(exercise, 30 * 60)
    assert exercise.now == H + 30 * 60


def test_an_ended_exercise_cannot_be_started_again(exercise):
    exercise.start()
    exercise.end()
    seq = exercise.state.seq
    with pytest.raises(Refused) as refused:
        exercise.start()
    assert refused.value.code == "ended"
    assert not exercise.running and exercise.state.seq == seq


def test_speed_steps_along_the_ladder_and_keeps_in_world_time(exercise):
    exercise.start()
    run_for(exercise, H)
    start_speed = exercise.state.speed
    faster = exercise.step_speed(1)
    assert faster == min(s for s in SPEEDS if s > start_speed)
    assert exercise.now == H  # changing speed does not move time
    exercise.fake.now += 10
    exercise.tick()
    assert exercise.now == H + int(10 * faster)
    for _ in SPEEDS:
        exercise.step_speed(-1)
    assert exercise.state.speed == SPEEDS[0]


def test_jump_goes_to_the_next_thing_due_and_the_clock_follows(exercise):
    exercise.start()
    world = exercise.jump()
    assert world == 40 * 60  # the CISO's call
    assert "ransomware_confirmed" in exercise.state.delivered
    run_for(exercise, 60)
    assert exercise.now == world + 60


def test_the_msel_lists_what_is_to_come_with_when_and_why(exercise):
    exercise.start()
    rows = {row.inject.id: row for row in exercise.msel()}
    assert "night_alert" not in rows  # delivered
    assert rows["ransomware_confirmed"].earliest == 40 * 60
    assert rows["ransomware_confirmed"].how == "after" and rows["ransomware_confirmed"].exact
    assert rows["go_public"].how == "at" and rows["go_public"].earliest == 4 * H
    ambulance = rows["ambulance_news"]
    assert (ambulance.how, ambulance.status, ambulance.exact) == ("trigger", "waiting", False)
    assert ambulance.detail == "care_decision → divert"
    times = [r.earliest for r in exercise.msel() if r.earliest is not None
             and r.status not in ("unreachable", "skipped")]
    assert times == sorted(times)
    exercise.skip("go_public")
    assert {r.inject.id: r.status for r in exercise.msel()}["go_public"] == "skipped"
    with pytest.raises(Refused, match="already skipped"):
        exercise.skip("go_public")


def test_refused_intents_name_what_is_missing_and_record_nothing(exercise):
    exercise.start()
    before = exercise.state.seq
    with pytest.raises(Refused) as refused:
        exercise.act("notify_subjects", {"channel": "email"})
    assert set(refused.value.missing) == {"audience", "message"}
    with pytest.raises(Refused):
        exercise.decide("care_decision", "divert")  # not open yet
    assert exercise.state.seq == before


def test_the_view_is_a_consistent_picture_while_another_thread_ticks(exercise):
    exercise.start()
    stop = threading.Event()

    def ticker():
        while not stop.is_set() and not exercise.ended:
            run_for(exercise, 600)

    thread = threading.Thread(target=ticker)
    thread.start()
    try:
        for _ in range(200):
            view = exercise.view()
            assert len({d.inject for d in view.deliveries}) == len(view.deliveries)
            assert [d.seq for d in view.deliveries] == sorted(d.seq for d in view.deliveries)
            assert all(d.world <= view.now for d in view.deliveries)
    finally:
        stop.set()
        thread.join()


def test_export_from_a_worker_thread_writes_every_event(exercise, tmp_path):
    exercise.start()
    run_for(exercise, 5 * H)
    exercise.end()
    written = []
    worker = threading.Thread(target=lambda: written.append(exercise.export(tmp_path / "out")))
    worker.start()
    worker.join()
    lines = written[0].read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + exercise.state.seq


def test_a_tick_in_slices_records_exactly_what_one_tick_records(tmp_path):
    logs = []
    for slice_events in (None, 1, 3):
        clock = FakeClock()
        store = open_store(tmp_path / f"s{slice_events}.sqlite3")
        ex = Exercise.begin(store, scenario(), seed=5, team="Red", wall=lambda: WALL,
                            monotonic=clock)
        ex.start()
        clock.now += 40 * H / ex.state.speed
        ex.tick(slice_events)
        assert ex.now == 40 * H
        logs.append([e.without_wall() for e in store.events(ex.session.id)][1:])  # ids differ
        store.close()
    assert logs[0] == logs[1] == logs[2]
    assert len(logs[0]) > 30


@pytest.mark.parametrize("path", bundled_scenarios(), ids=lambda p: p.name)
def test_what_the_msel_promises_exactly_is_when_the_director_delivers(tmp_path, path):
    """The MSEL and the director read one arrival rule: a row the facilitator is shown as exact
    arrives at that second, or sooner when a decision triggers it before then."""
    clock = FakeClock()
    store = open_store(tmp_path / "s.sqlite3")
    ex = Exercise.begin(store, scenario(str(path)), seed=3, team="T",
                        wall=lambda: WALL, monotonic=clock)
    ex.start()
    promised: dict[str, int] = {}
    while not ex.ended:
        for row in ex.msel():
            if row.exact and row.status in ("due", "triggered"):
                assert row.earliest <= promised.get(row.inject.id, row.earliest)
                promised[row.inject.id] = row.earliest
        for decision in list(ex.state.open_decisions.values()):
            ex.decide(decision.decision, decision.options[-1]["id"])
        ex.jump(past=True)
    delivered = ex.state.delivered
    arrived = {i: p for i, p in promised.items() if i in delivered}
    assert arrived, "every bundled scenario has injects whose time is known in advance"
    assert {i: delivered[i].world for i in arrived} == arrived
    store.close()


def test_the_live_storm_is_the_storm_of_the_recorded_log(tmp_path):
    """What the storm panel showed is what `breachsim storm` computes from the export, and a
    journalist's request from it is answered through the team's own action."""
    from breachsim.rules.deadlines import missed_notifications
    from breachsim.storm import compute

    from .storm_support import scenario as storm_scenario

    case = storm_scenario(burst=400)
    clock = FakeClock()
    store = open_store(tmp_path / "s.sqlite3")
    ex = Exercise.begin(store, case, seed=7, team="T", wall=lambda: WALL, monotonic=clock)
    ex.start()
    shown = []
    for hours in (1, 3, 6, 9, 12):
        ex.jump(hours * H, past=True)
        before = ex.storm.until
        view = ex.advance_storm()
        shown += [p for p in view.posts if p.t >= before]
    assert view.until == 12 * H and view.per_hour > 0 and view.trending
    events = store.events(ex.session.header.id)
    recomputed = compute(case, 7, events, 12 * H,
                         missed=missed_notifications(ex.obligations()))
    assert {p.id for p in shown} <= {p.id for p in recomputed}
    assert len(view.posts) == min(200, len(recomputed))

    assert view.press, "a storm of this size has journalists asking for comment"
    request = view.press[0]
    with pytest.raises(Refused) as refused:
        ex.act("answer_journalist", {"regarding": "j-999999", "text": "No."})
    assert refused.value.code == "not_delivered"
    ex.act("answer_journalist", {"regarding": request.id, "text": "We are sorry; we are "
                                 "writing to every customer affected today."})
    ex.jump(13 * H, past=True)
    assert request.id not in {r.id for r in ex.advance_storm().press}
    store.close()


def test_a_headless_jump_never_passes_a_deadline_of_the_team_unless_told(exercise):
    from breachsim.application.jumps import LEAD

    exercise.start()
    for _ in range(3):
        exercise.jump()
    plan = exercise.plan_jump()
    [first] = plan.passes
    assert exercise.jump() == first.due - LEAD  # stops short of it
    with pytest.raises(Refused) as refused:
        exercise.jump()  # too close to stop before it again
    assert refused.value.code == "deadline_next" and exercise.now == first.due - LEAD
    assert exercise.jump(past={first.id}) == plan.target


def test_a_jump_counts_the_press_waiting_for_comment_among_the_team_deadlines(tmp_path):
    from breachsim.application.jumps import team_deadlines

    from .storm_support import scenario as storm_scenario

    store = open_store(tmp_path / "s.sqlite3")
    ex = Exercise.begin(store, storm_scenario(burst=400), seed=7, team="T", wall=lambda: WALL,
                        monotonic=FakeClock())
    ex.start()
    ex.jump(6 * H, past=True)
    view = ex.advance_storm()
    assert view.press
    ahead = team_deadlines(ex.scenario, ex.state, ex.now, view)
    press = [d for d in ahead if d.kind == "press"]
    assert {d.inject for d in press} == {r.id for r in view.press if r.due > ex.now}
    first = min(press, key=lambda d: d.due)
    plan = ex.plan_jump(first.due + 1)
    assert first in plan.passes and plan.stop <= first.due - 15 * 60
    store.close()


def test_the_time_played_counts_a_killed_consoles_clock_up_to_its_last_heartbeat():
    from breachsim.application.exercise import played
    from breachsim.engine.events import Event

    def at(seq, kind, wall):
        return Event(seq, kind, 0, f"2026-03-17T10:{wall}.000+00:00", {})

    log = [at(1, "session_started", "00:00"), at(2, "clock_started", "00:00"),
           at(3, "clock_paused", "01:00"), at(4, "clock_resumed", "30:00"),
           at(5, "note_added", "30:30")]
    assert played(log, "2026-03-17T10:31:30.000+00:00") == 60 + 90  # the half hour paused not
    assert played(log[:3], "2026-03-17T11:00:00.000+00:00") == 60
