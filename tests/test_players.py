"""Players on their own consoles: one session, many processes, one log. The facilitator's
process keeps the clock; players (``join``, ``act``, ``decide``, ``note``) record into the same
log and see what every other process records."""

from __future__ import annotations

import itertools
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from textual.widgets import Button, OptionList

from breachsim.application.exercise import Exercise
from breachsim.application.standing import GONE_AFTER, kept_elsewhere
from breachsim.engine.refused import Refused
from breachsim.law.messages import message
from breachsim.report import build_report
from breachsim.report.render import render
from breachsim.rules.scoring import score
from breachsim.store import StoreError, open_store
from breachsim.tui import i18n
from breachsim.tui.app import BreachsimApp
from breachsim.tui.widgets.keybar import KeyBar

from .app_support import FakeClock, scenario
from .conftest import run_cli
from .report_examples import GENERATED

H = 3600
pytestmark = pytest.mark.xdist_group("players")


@pytest.fixture
def store_path(stores):
    """The session store every process opens: each test runs on SQLite and on PostgreSQL."""
    return stores.location


@pytest.fixture
def facilitator(store_path):
    clock = FakeClock()
    store = open_store(store_path)
    exercise = Exercise.begin(store, scenario(), seed=5, team="Red", monotonic=clock)
    exercise.fake = clock
    exercise.start()
    yield exercise
    store.close()


def run_for(exercise, world_seconds):
    exercise.fake.now += world_seconds / exercise.state.speed
    exercise.tick()


def until_open(exercise, decision):
    while decision not in exercise.state.open_decisions:
        run_for(exercise, 600)
        assert not exercise.ended


def players_app(store_path, facilitator, role: str | None, **options) -> BreachsimApp:
    """A player's app, in English, joined to the facilitator's session as ``role``."""
    i18n.set_language("en")
    store = open_store(store_path)
    return BreachsimApp(store, exercise=Exercise.join(store, facilitator.session.id, role=role),
                        **options)


def test_an_action_from_a_shell_reaches_the_facilitators_console(facilitator, store_path):
    run_for(facilitator, H)
    proc = run_cli("act", facilitator.session.id[:12], "declare_awareness", "--role", "DPO",
                   "--field", "note=Ransomware confirmed by the CISO", "--store", store_path)
    assert proc.returncode == 0, proc.stderr
    assert "awareness_declared at T+01:00" in proc.stdout and "by dpo" in proc.stdout
    assert facilitator.follow(1.0)  # shown within the second
    [record] = facilitator.state.actions
    assert (record.action, record.role, record.world) == ("declare_awareness", "dpo", H)
    assert record.fields == {"note": "Ransomware confirmed by the CISO"}
    run_for(facilitator, H)  # the facilitator's next tick goes on after it, seqs unbroken
    stored = facilitator.session.store.events(facilitator.session.id)
    assert [e.seq for e in stored] == list(range(1, len(stored) + 1))


def test_consoles_deciding_at_once_record_one_decision_and_tell_the_others_who(
        facilitator, store_path):
    until_open(facilitator, "care_decision")
    facilitator.checkpoint()
    options = [o["id"] for o in facilitator.state.open_decisions["care_decision"].options]
    roles = ["board", "dpo", "it", "legal"]
    command = [sys.executable, "-m", "breachsim", "decide", facilitator.session.id,
               "care_decision"]
    players = [subprocess.Popen([*command, options[i % len(options)], "--role", role,
                                 "--store", store_path], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for i, role in enumerate(roles)]
    results = [(p.wait(timeout=60), *p.communicate()) for p in players]
    assert sorted(code for code, _, _ in results) == [0, 1, 1, 1]
    [(_, said, _)] = [r for r in results if r[0] == 0]
    winner = roles[[r[0] for r in results].index(0)]
    assert f"by {winner}" in said
    for code, _, error in results:
        if code:
            assert f"already decided by {winner} at T+" in error and "Traceback" not in error
    facilitator.follow(1.0)
    choice = facilitator.state.choices["care_decision"]
    assert choice.role == winner
    with pytest.raises(Refused) as refused:
        facilitator.decide("care_decision", options[0])
    assert refused.value.code == "already_decided"
    assert refused.value.values["by"] == winner


def test_a_console_that_wrote_second_is_checked_again_on_what_the_other_recorded(
        facilitator, store_path):
    """Consoles that have not seen each other's latest move: the store refuses the later
    one's seq, and its step runs again on the log as it now stands."""
    until_open(facilitator, "care_decision")
    facilitator.checkpoint()
    options = [o["id"] for o in facilitator.state.open_decisions["care_decision"].options]
    with open_store(store_path) as one, open_store(store_path) as other:
        board = Exercise.join(one, facilitator.session.id, role="board")
        dpo = Exercise.join(other, facilitator.session.id, role="dpo")
        dpo.note("The forensic firm is on its way", by="team")  # the board has not seen it
        board.act("public_statement", {"kind": "holding", "stance": "apologise",
                                       "text": "We are investigating an IT outage."})
        [mine] = board.session.last_step  # its own move, not the note it took in first
        assert (mine.kind, mine.data["role"]) == ("statement_published", "board")
        assert board.state.notes[-1].text == "The forensic firm is on its way"
        board.decide("care_decision", options[0])
        with pytest.raises(Refused) as refused:  # the dpo's console has not seen it
            dpo.decide("care_decision", options[1])
        assert refused.value.code == "already_decided" and refused.value.values["by"] == "board"
        logged = one.events(facilitator.session.id)
    assert [e.seq for e in logged] == list(range(1, len(logged) + 1))
    assert sum(e.kind == "decision_recorded" for e in logged) == 1


def test_a_shells_moves_are_checked_as_the_app_checks_them(facilitator, store_path):
    session = facilitator.session.id
    before = facilitator.state.seq
    counted = run_cli("act", session, "notify_authority", "--field", "records_approx=380 GB",
                      "--store", store_path)
    assert counted.returncode == 1 and "records_approx" in counted.stderr
    unknown = run_cli("act", session, "public_statement", "--field", "colour=red",
                      "--store", store_path)
    assert unknown.returncode == 1 and "no field 'colour'" in unknown.stderr
    assert "stance" in unknown.stderr  # it names the fields there are
    no_role = run_cli("act", session, "declare_awareness", "--role", "janitor",
                      "--store", store_path)
    assert no_role.returncode == 2 and "comms, dpo, legal, it, board, observer" in no_role.stderr
    assert "Data protection officer" in no_role.stderr  # the scenario's own roles, too
    watching = run_cli("act", session, "declare_awareness", "--role", "observer",
                       "--store", store_path)
    assert watching.returncode == 1 and "An observer records observations" in watching.stderr
    nowhere = run_cli("note", session, "Looks calm", "--role", "observer", "--objective", "x",
                      "--store", store_path)
    assert nowhere.returncode == 1 and "regulator" in nowhere.stderr
    for proc in (counted, unknown, no_role, watching, nowhere):
        assert "Traceback" not in proc.stderr
    facilitator.follow(0.2)
    assert facilitator.state.seq == before  # nothing of it was recorded


def test_an_observer_is_refused_the_teams_actions_and_decisions_everywhere_alike(
        facilitator, store_path):
    until_open(facilitator, "care_decision")
    facilitator.checkpoint()
    session = facilitator.session.id
    option = facilitator.state.open_decisions["care_decision"].options[0]["id"]
    before = facilitator.state.seq
    said = message("refused.observer", "en")
    with open_store(store_path) as store:
        observer = Exercise.join(store, session, role="observer")
        for intent in (lambda: observer.act("declare_awareness", {}),
                       lambda: observer.decide("care_decision", option)):
            with pytest.raises(Refused) as refused:
                intent()
            assert refused.value.code == "observer" and refused.value.reason == said
        observer.note("Nobody owns the press line", by="observer")  # what an observer does
    acting = run_cli("act", session, "declare_awareness", "--role", "observer",
                     "--store", store_path)
    deciding = run_cli("decide", session, "care_decision", option, "--role", "observer",
                       "--store", store_path)
    for proc in (acting, deciding):
        assert proc.returncode == 1, proc.stderr
        assert f"error: {said}" in proc.stderr and "Traceback" not in proc.stderr
    facilitator.follow(1.0)
    assert facilitator.state.seq == before + 1  # the note only
    assert not facilitator.state.actions and "care_decision" not in facilitator.state.choices


async def test_an_observers_app_offers_no_team_moves_and_says_how_to_observe(facilitator,
                                                                              store_path):
    until_open(facilitator, "care_decision")
    facilitator.checkpoint()
    app = players_app(store_path, facilitator, "observer", tick_seconds=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        console = app.screen
        assert not console.query_one("#do-declare_awareness", Button).display
        hint = console.query_one("#observer-hint")
        assert hint.display and "n writes a note" in str(hint.render())
        shown = [binding.action for binding, _ in console.query_one(KeyBar).bindings()]
        assert "actions" not in shown and "decide" not in shown
        offered = [command.title for command in app.get_system_commands(console)]
        assert not {"Aware", "All actions", "Decide", "Declare awareness"} & set(offered)
        assert "Note" in offered
        for key in ("a", "d", "1"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is console  # no menu, form or decision opens
        app.open_decision("care_decision")  # as a click on the decision would
        await pilot.pause()
        assert app.screen is console
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is not console  # the observation form
    facilitator.follow(0.2)
    assert "care_decision" not in facilitator.state.choices
    app.store.close()


def test_a_journalist_the_storm_panel_shows_is_answered_from_a_shell(store_path):
    from .storm_support import scenario as storm_scenario

    with open_store(store_path) as store:
        facilitator = Exercise.begin(store, storm_scenario(burst=400), seed=7, team="Red",
                                     monotonic=FakeClock())
        facilitator.start()
        facilitator.jump(12 * H, past=True)
        press = facilitator.advance_storm().press
        assert press, "a storm of this size has journalists asking for comment"
        request = press[0]
        proc = run_cli("act", facilitator.session.id, "answer_journalist", "--role", "comms",
                       "--field", f"regarding={request.id}",
                       "--field", "text=We are writing to every customer affected today.",
                       "--store", store_path)
        assert proc.returncode == 0, proc.stderr
        assert "journalist_answered" in proc.stdout and "by comms" in proc.stdout
        assert facilitator.follow(1.0)
        answer = facilitator.state.actions[-1]
        assert (answer.action, answer.fields["regarding"]) == ("answer_journalist", request.id)
        facilitator.jump(13 * H, past=True)
        assert request.id not in {r.id for r in facilitator.advance_storm().press}  # answered
        unknown = run_cli("act", facilitator.session.id, "answer_journalist",
                          "--field", "regarding=j-999999", "--field", "text=No.",
                          "--store", store_path)
        assert unknown.returncode == 1 and "j-999999" in unknown.stderr


def test_an_observation_is_evidence_for_its_objective_in_the_score_and_the_report(
        facilitator, store_path):
    run_for(facilitator, H)
    proc = run_cli("note", facilitator.session.id, "The DPO waited for the CISO's word",
                   "--role", "observer", "--objective", "regulator", "--store", store_path)
    assert proc.returncode == 0, proc.stderr
    facilitator.follow(1.0)
    [note] = facilitator.state.notes
    assert (note.by, note.role, note.objective) == ("observer", "observer", "regulator")
    scored = score(facilitator.scenario, facilitator.session.store.events(
        facilitator.session.id))
    regulator = next(o for o in scored.objectives if o.id == "regulator")
    assert regulator.observations == (note.seq,)
    assert all(not o.observations for o in scored.objectives if o.id != "regulator")
    from breachsim.application.reporting import from_store

    report = build_report(from_store(facilitator.session.store, facilitator.session.id),
                          generated=GENERATED)
    [entry] = [o for o in report.objectives if o.id == "regulator"]
    assert [o.text for o in entry.observations] == ["The DPO waited for the CISO's word"]
    assert "The DPO waited for the CISO&#39;s word" in render(report, "html")


def test_a_players_console_records_as_its_role_and_cannot_run_the_clock(facilitator,
                                                                         store_path):
    with open_store(store_path) as store:
        player = Exercise.join(store, facilitator.session.id, role="comms")
        assert player.facilitator_present  # the facilitator's heartbeat is fresh
        for intent in (player.pause, player.jump, player.end,
                       lambda: player.fire("ransomware_confirmed")):
            with pytest.raises(Refused) as refused:
                intent()
            assert refused.value.code == "not_facilitator"
        player.act("public_statement", {"kind": "holding", "stance": "apologise",
                                        "text": "We are investigating an IT outage."})
        assert facilitator.follow(1.0)
        assert facilitator.state.actions[-1].role == "comms"
        run_for(facilitator, 2 * H)
        facilitator.checkpoint()
        assert player.follow(1.0)  # the facilitator's time and deliveries reach the player
        assert player.now == facilitator.now
        assert player.state.delivered.keys() == facilitator.state.delivered.keys()


def test_players_see_the_facilitator_by_its_heartbeat_whatever_the_machines_clocks_say(
        stores):
    """The facilitator's machine's clock is years behind the player's: its heartbeats still
    show it there, and once they stop it is gone after GONE_AFTER seconds of the player's own
    clock."""
    beats = itertools.count()
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    skewed = stores.open(clock=lambda: (long_ago + timedelta(seconds=next(beats))).isoformat(
        timespec="milliseconds"))
    facilitator = Exercise.begin(skewed, scenario(), seed=5, team="Red", monotonic=FakeClock())
    facilitator.fake = facilitator._monotonic
    facilitator.start()
    facilitator.checkpoint()
    mine = FakeClock()
    with stores.open() as store:
        player = Exercise.join(store, facilitator.session.id, role="dpo", monotonic=mine)
        assert player.facilitator_present and player.running  # on joining
        for _ in range(3):  # longer together than GONE_AFTER, with heartbeats in between
            mine.now += GONE_AFTER - 1
            run_for(facilitator, 600)
            player.follow(0.1)
            assert player.facilitator_present and player.view().running
        mine.now += GONE_AFTER  # no heartbeat since
        player.follow(0.1)
        assert not player.facilitator_present
        assert not player.view().facilitator and not player.view().running
        run_for(facilitator, 600)  # the facilitator's console is back
        assert player.follow(0.1)
        assert player.facilitator_present and player.now == facilitator.now
    skewed.close()


CHILD = """
import sys, time
from breachsim.application.exercise import Exercise
from breachsim.scenario.bundled import find_bundled
from breachsim.scenario import load
from breachsim.store import open_store

store = open_store(sys.argv[1])
exercise = Exercise.begin(store, load(find_bundled("hospital-ransomware")).scenario, seed=3,
                          team="Killed", speed=600)
exercise.start()
print(exercise.session.id, flush=True)
while True:
    exercise.tick()
    time.sleep(0.05)
"""


def test_the_facilitators_console_killed_mid_session_is_resumed_from_another(store_path):
    child = subprocess.Popen([sys.executable, "-c", CHILD, store_path], stdout=subprocess.PIPE,
                             text=True)
    try:
        session = child.stdout.readline().strip()
        with open_store(store_path) as store:
            assert kept_elsewhere(store, session)  # a second facilitator would be refused
            refused = run_cli("resume", session, "--headless", "--store", store_path)
            assert refused.returncode == 1 and "running in another console" in refused.stderr
            player = Exercise.join(store, session, role="legal")
            player.note("Call the insurer first", by="team")
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    with open_store(store_path) as store:
        assert not kept_elsewhere(store, session)  # its heartbeat stopped
        logged = store.events(session)
        resumed = Exercise.reopen(store, session, monotonic=FakeClock())
        assert [n.text for n in resumed.state.notes] == ["Call the insurer first"]
        assert resumed.state.seq == len(logged) + 1  # nothing lost; the pause it missed
        assert not resumed.running and resumed.state.notes[0].role == "legal"


async def test_a_players_app_shows_what_another_process_records(facilitator, store_path):
    app = players_app(store_path, facilitator, "dpo", tick_seconds=0.25)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.check_action("toggle_pause", ())
        assert not app.check_action("facilitator", ())
        assert app.check_action("note", ())
        proc = run_cli("act", facilitator.session.id, "declare_awareness", "--store",
                       store_path)
        assert proc.returncode == 0, proc.stderr
        button = app.screen.query_one("#do-declare_awareness", Button)
        for _ in range(20):  # the follower waits at most half a second at a time
            await pilot.pause(0.1)
            if "✔" in str(button.label):
                break
        assert "✔" in str(button.label)
        assert "as dpo" in str(app.screen.query_one("#clock").render())
    app.store.close()


async def test_a_players_console_keeps_following_after_the_store_failed_for_a_while(
        facilitator, store_path, monkeypatch):
    i18n.set_language("en")
    store = open_store(store_path)
    player = Exercise.join(store, facilitator.session.id, role="dpo")
    answer = store.wait
    failures = [StoreError("the connection to the store was lost")] * 3

    def flaky(*args, **kwargs):
        if failures:
            raise failures.pop()
        return answer(*args, **kwargs)

    monkeypatch.setattr(store, "wait", flaky)
    app = BreachsimApp(store, exercise=player, tick_seconds=0.25)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(50):
            await pilot.pause(0.1)
            if not failures:
                break
        said = [n.message for n in app._notifications]
        facilitator.act("declare_awareness", {})
        facilitator.checkpoint()
        button = app.screen.query_one("#do-declare_awareness", Button)
        back = "✔ Connected to the session store again"
        for _ in range(100):  # retried after 0.5, 1 and 2 s, then followed as before
            await pilot.pause(0.1)
            if "✔" in str(button.label) and back in [n.message for n in app._notifications]:
                break
        assert "✔" in str(button.label)  # what the facilitator recorded after the failures
        assert any("the connection to the store was lost — reconnecting" in s for s in said)
        assert back in [n.message for n in app._notifications]
        assert not player.halted
        assert "PAUSED" not in str(app.screen.query_one("#clock").render())
    store.close()


async def test_a_player_who_joins_without_a_role_is_asked_for_one(facilitator, store_path):
    app = players_app(store_path, facilitator, None, tick_seconds=None, ask_role=True)
    player = app.exercise
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels == ["The team as a whole (no role of my own)",  # the briefing's roles
                          *(role.title for role in player.scenario.roles),
                          "Observer: I record observations against the objectives"]
        options.highlighted = labels.index("Legal counsel")
        await pilot.press("enter")
        await pilot.pause()
        assert player.role == "Legal counsel"
        assert "as Legal counsel" in str(app.screen.query_one("#clock").render())
        player.act("declare_awareness", {})
        assert facilitator.follow(1.0)
        assert facilitator.state.actions[-1].role == "Legal counsel"
    app.store.close()


def test_a_scenario_role_with_a_long_title_may_act(store_path):
    from breachsim.application.moves import resolve_role

    played = scenario()
    title = "Head of the patient contact centre and of the hospital's complaints desk, " \
            "who speaks for the patients' council too"
    long_role = played.roles[0].model_copy(update={"title": title})
    played = played.model_copy(update={"roles": [*played.roles, long_role]})
    with open_store(store_path) as store:
        exercise = Exercise.begin(store, played, seed=1, team="Red", monotonic=FakeClock())
        exercise.start()
        player = Exercise.join(store, exercise.session.id,
                               role=resolve_role(played, title.upper()))
        player.note("Patients are calling about their appointments", by="team")
        assert player.state.notes[-1].role == title


async def test_a_player_leaves_without_pausing_and_sees_no_facilitators_commands(
        facilitator, store_path):
    app = players_app(store_path, facilitator, "it", tick_seconds=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        offered = [command.title for command in app.get_system_commands(app.screen)]
        assert "Pause/resume" not in offered and "Facilitator" not in offered
        assert "Help" in offered
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value.startswith(f"You left session {facilitator.session.id}")
    assert facilitator.running  # the clock runs on
    app.store.close()


def test_of_two_facilitators_resuming_a_killed_console_at_once_only_one_gets_the_clock(
        facilitator, store_path):
    """The facilitator's console stops beating without letting go (killed); two resume
    within the same beat and a half, and both see the heartbeat stand still."""
    both_watched = threading.Barrier(2, timeout=10)
    answers: list[bool] = []

    def resume() -> None:
        with open_store(store_path) as store:
            answers.append(kept_elsewhere(store, facilitator.session.id,
                                          sleep=lambda seconds: both_watched.wait()))

    resumers = [threading.Thread(target=resume) for _ in range(2)]
    for thread in resumers:
        thread.start()
    for thread in resumers:
        thread.join()
    assert sorted(answers) == [False, True]  # one takes the clock, the other is refused


async def test_a_facilitator_who_quits_lets_the_next_take_the_clock_without_waiting(
        facilitator, store_path):
    i18n.set_language("en")
    app = BreachsimApp(facilitator.session.store, exercise=facilitator, tick_seconds=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_value.startswith(f"Session {facilitator.session.id} is paused")

    def no_waiting(seconds: float) -> None:
        raise AssertionError(f"waited {seconds} s for a console that has closed")

    with open_store(store_path) as store:
        assert not kept_elsewhere(store, facilitator.session.id, sleep=no_waiting)
        assert not store.take_clock(facilitator.session.id)  # the next console has it now


def test_a_facilitator_whose_clock_runs_behind_still_keeps_the_session(store_path):
    """The heartbeat is stamped with the facilitator's machine's clock: one a minute behind
    ours looks a minute old, yet it moves, and a second facilitator is refused."""
    def behind() -> str:
        return (datetime.now(UTC) - timedelta(minutes=1)).isoformat(timespec="milliseconds")

    with open_store(store_path) as theirs, open_store(store_path) as store:
        theirs._clock = behind  # the store stamps the heartbeat with its machine's clock
        exercise = Exercise.begin(theirs, scenario(), seed=3, team="Behind", wall=behind)
        exercise.start()
        beating = threading.Event()

        def heartbeat() -> None:
            while not beating.is_set():
                with exercise.lock:
                    exercise.checkpoint()
                time.sleep(0.2)

        thread = threading.Thread(target=heartbeat)
        thread.start()
        try:
            assert kept_elsewhere(store, exercise.session.id)
        finally:
            beating.set()
            thread.join()
        assert not kept_elsewhere(store, exercise.session.id)  # the heartbeat stopped
