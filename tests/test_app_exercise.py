"""A whole exercise driven through the app with the keyboard, on a clock that moves only
when the test says so: what the facilitator and the team see, and what the store holds."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Static, TextArea

from breachsim.engine.state import fold
from breachsim.tui.i18n import t
from breachsim.tui.screens import (
    ConsoleScreen,
    DecisionScreen,
    FacilitatorScreen,
    FormScreen,
    SummaryScreen,
)
from breachsim.tui.widgets.checklist import CheckList
from breachsim.tui.widgets.feed import InjectFeed

from .app_support import FakeClock, advance, make_app, start

H = 3600


def stored(app):
    store = app.exercise.session.store
    return store.events(app.exercise.session.id)


def kinds(app):
    return [e.kind for e in stored(app)]


async def test_a_scripted_exercise_from_briefing_to_summary(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(140, 45)) as pilot:
        await start(app, pilot)
        exercise = app.exercise
        assert exercise.running and exercise.state.team == "Blue"
        feed = app.screen.query_one(InjectFeed)
        assert feed.option_count == 1  # the night alert at the start

        # time passes: the CISO confirms ransomware (awareness) and more injects arrive
        advance(app, clock, 2 * H)
        await pilot.pause()
        assert "ransomware_confirmed" in exercise.state.delivered
        assert feed.option_count == len(exercise.state.delivered) > 3
        assert exercise.state.aware_since == 40 * 60

        # an open decision: take it from the console with `d` and the option's number
        assert "care_decision" in exercise.state.open_decisions
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DecisionScreen)
        await pilot.press("2")  # stay open on paper
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        assert exercise.state.choices["care_decision"].option == "paper"
        assert stored(app)[-1].kind in ("decision_recorded", "inject_delivered")

        # notify the authority with an incomplete form: refused, the missing fields named
        await pilot.press("2")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#field-nature", TextArea).text = "Ransomware encrypted our systems."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        error = str(form.query_one("#form-error", Static).render())
        assert "Categories of personal data" in error and "Likely consequences" in error
        assert "Nature of the breach" not in error
        assert form.query_one("#field-consequences").has_class("-invalid")
        assert "authority_notified" not in kinds(app)

        # … then complete it: recorded, and only then shown as done
        form.query_one("#field-categories", CheckList).select("health")
        form.query_one("#field-dpo_contact", Input).value = "DPO, privacy@example.org"
        form.query_one("#field-consequences", TextArea).text = "Patients' health data exposed."
        form.query_one("#field-measures", TextArea).text = "Systems isolated; forensics hired."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        notified = [e for e in stored(app) if e.kind == "authority_notified"]
        assert len(notified) == 1
        assert notified[0].data["categories"] == ["health"]
        assert notified[0].data["kind"] == "initial"
        assert str(app.screen.query_one("#do-notify_authority").label).startswith("✔")

        # pause: the clock stops, in the log and on screen
        await pilot.press("space")
        await pilot.pause()
        assert not exercise.running and kinds(app)[-1] == "clock_paused"
        before = exercise.now
        advance(app, clock, 5 * H)
        assert exercise.now == before
        assert "PAUSED" in str(app.screen.query_one("#clock").render())
        await pilot.press("space")
        await pilot.pause()
        assert exercise.running

        # the facilitator: faster, fire an inject now, add a note
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, FacilitatorScreen)
        speed = exercise.state.speed
        await pilot.press("plus")
        await pilot.pause()
        assert exercise.state.speed > speed and kinds(app)[-1] == "speed_changed"
        table = app.screen.query_one("#msel")
        upcoming = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        assert upcoming not in exercise.state.delivered
        await pilot.press("f")
        await pilot.pause()
        assert upcoming in exercise.state.delivered
        assert exercise.state.delivered[upcoming].via == "fired"
        await pilot.press("n")
        await pilot.pause()
        note_form = app.screen
        assert isinstance(note_form, FormScreen)
        note_form.query_one("#field-text", TextArea).text = "Team argued about the ransom."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert exercise.state.notes[-1].text == "Team argued about the ransom."
        assert exercise.state.notes[-1].by == "facilitator"

        # end the exercise: Enter on the confirmation is the safe choice and goes back ...
        await pilot.press("e")
        await pilot.pause()
        assert "Enter or Esc goes back" in str(app.screen.query_one(".hint", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert not exercise.ended
        # ... y ends it: the summary with the score, the export and the report
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert exercise.ended and kinds(app)[-1] == "session_ended"
        score = "\n".join(str(row.render()) for row in app.screen.query("#summary-score Static"))
        assert "Overall:" in score and "%" in score
        notes = str(app.screen.query_one("#summary-notes", Static).render())
        assert "Facilitator: Team argued about the ransom." in notes
        export = str(app.screen.query_one("#summary-export", Static).render())
        path = export.split("written to", 1)[1].split()[0]
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        assert len(lines) == 1 + len(stored(app))
        written = str(app.screen.query_one("#summary-report", Static).render())
        report = Path(written.split("written to", 1)[1].split()[0])
        assert report.suffix == ".html" and "Team argued about the ransom." in report.read_text()

    # everything the screens showed is what the log folds to
    state = fold(stored(app))
    assert state.choices["care_decision"].option == "paper"
    assert state.ended == {"reason": "facilitator", "ending": None}


async def test_the_summary_s_findings_wrap_under_their_own_indent(tmp_path):
    """On a narrow terminal a finding's long observation wraps onto further lines; each
    starts under the first, not back at the margin."""
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(64, 40)) as pilot:
        await start(app, pilot)
        advance(app, clock, 5 * H)
        await pilot.press("f2", "e", "y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        box = app.screen.query_one("#summary-score").content_region
        details = list(app.screen.query("#summary-score .detail"))
        assert details and any(d.content_region.height > 1 for d in details)
        assert all(d.content_region.x == box.x + 5 for d in details)


async def test_a_decision_left_alone_times_out_to_its_default(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        panel = app.screen.query_one("#decisions")
        assert not panel.display  # no empty panel before there is anything to decide
        advance(app, clock, 2 * H)
        await pilot.pause()
        assert "care_decision" in app.exercise.state.open_decisions and panel.display
        advance(app, clock, 3 * H)
        await pilot.pause()
        choice = app.exercise.state.choices["care_decision"]
        assert (choice.option, choice.by) == ("paper", "timeout")
        assert "care_decision" not in str(panel.get_option_at_index(0).id)
        app.exercise.decide("go_public", "holding")  # the next one, opened at T+04:00
        app.tick_now()
        await pilot.pause()
        assert not app.exercise.state.open_decisions and not panel.display


async def test_follow_up_and_late_notification_are_explained(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        advance(app, clock, 80 * H)  # far past the 72 hours
        await pilot.pause()
        app.open_form("notify_authority")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-nature", TextArea).text = "Ransomware."
        form.query_one("#field-categories", CheckList).select("health")
        form.query_one("#field-dpo_contact", Input).value = "DPO"
        form.query_one("#field-consequences", TextArea).text = "Exposure."
        form.query_one("#field-measures", TextArea).text = "Isolated."
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(form.query_one("#form-error", Static).render())
        assert "reasons for the delay are required" in error
        assert form.query_one("#field-delay_reasons").has_class("-invalid")
        form.query_one("#field-delay_reasons", TextArea).text = "We misjudged the risk."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        # a second one is a follow-up by default
        app.open_form("notify_authority")
        await pilot.pause()
        assert app.screen.query_one("#field-kind").value == "follow_up"


async def test_known_facts_fill_the_form_and_ticks_show_as_marks(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        advance(app, clock, 2 * H)
        await pilot.press("2")
        await pilot.pause()
        await pilot.click("#use-facts")
        await pilot.pause()
        categories = app.screen.query_one("#field-categories", CheckList)
        revealed = app.exercise.state.facts["data_categories"]
        assert categories.selected == revealed
        ticked = [str(categories.get_option(c).prompt) for c in revealed]
        assert all(p.startswith("[✔]") for p in ticked)
        assert str(categories.get_option("financial").prompt).startswith("[ ]")
        assert "availability" in app.screen.query_one("#field-nature", TextArea).text
        # space toggles the highlighted category, visibly
        categories.focus()
        categories.highlighted = categories.get_option_index("financial")
        await pilot.press("space")
        assert "financial" in categories.selected
        assert str(categories.get_option("financial").prompt).startswith("[✔]")


async def test_known_facts_take_in_what_injects_revealed_and_what_was_known_all_along(
        tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        while app.exercise.state.facts.get("exfiltration") != "suspected":
            advance(app, clock, H)  # until the forensic firm suspects data were copied out
        await pilot.press("2")
        await pilot.pause()
        await pilot.click("#use-facts")
        await pilot.pause()
        nature = app.screen.query_one("#field-nature", TextArea).text
        assert t("nature.confidentiality") in nature and t("nature.availability") in nature
        assert nature.startswith("A breach of ") and "), " not in nature  # "… and …", not "…, …"
        assert ") and " in nature
        subjects = app.screen.query_one("#field-subjects_approx", Input).value
        assert subjects == str(app.exercise.scenario.breach.data_subjects)  # no inject tells it


async def test_an_open_decision_dialog_counts_down_and_closes_when_time_runs_out(tmp_path):
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        advance(app, clock, 2 * H)
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        before = str(dialog.query_one("#countdown").render())
        advance(app, clock, 30 * 60)
        await pilot.pause()
        assert str(dialog.query_one("#countdown").render()) != before
        advance(app, clock, 3 * H)  # past the timeout: the default was taken
        await pilot.pause()
        assert "closed" in str(dialog.query_one("#countdown").render())
        assert all(b.disabled for b in dialog.query(".option"))
        assert app.exercise.state.choices["care_decision"].by == "timeout"


async def test_a_statement_needs_a_chosen_stance(tmp_path):
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(app, pilot)
        await pilot.press("4")
        await pilot.pause()
        form = app.screen
        assert form.query_one("#field-stance").value is Select.NULL  # nothing chosen for them
        form.query_one("#field-kind").value = "holding"
        form.query_one("#field-text", TextArea).text = "We are investigating an IT incident."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Stance" in str(form.query_one("#form-error").render())
        assert "public_statement" not in app.exercise.state.done
        form.query_one("#field-stance").value = "apologise"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.exercise.state.actions[-1].fields["stance"] == "apologise"
