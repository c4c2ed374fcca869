"""The end of the session: deadlines met and missed, decisions, actions, the score per
objective and the top findings, and where the session export was written."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ...application.exercise import Exercise
from ...rules.deadlines import distinct
from ...store import StoreError
from ..format import (
    DEADLINE,
    clean,
    deadline_state,
    deadline_text,
    offset,
    store_message,
)
from ..i18n import language, t
from ..keys import Localised, bind
from ..widgets.keybar import KeyBar

#: How many findings the summary lists (the after-action report has them all).
TOP_FINDINGS = 5


class SummaryScreen(Localised, Screen):
    BINDINGS = [bind("summary.quit", "q", "app.quit", show=False)]

    def __init__(self, exercise: Exercise, export_folder: Path):
        super().__init__()
        self.exercise = exercise
        self.export_folder = export_folder

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="summary") as box:
            box.border_title = t("summary.title")
            # what a board asks first comes first: the score, then how it came about
            yield Static(id="summary-head")
            yield Static(t("summary.exporting"), id="summary-export")
            yield Static(t("summary.reporting"), id="summary-report")
            with Vertical(id="summary-score"):  # a row each, so a wrapped line keeps its indent
                yield Static(t("summary.scoring"))
            yield Static(id="summary-deadlines")
            yield Static(id="summary-decisions")
            yield Static(id="summary-notes")
        yield KeyBar()

    def on_mount(self) -> None:
        exercise = self.exercise
        view = exercise.view()
        state = exercise.state
        scenario = exercise.scenario
        ended = state.ended or {}
        self.query_one("#summary-head", Static).update(Content.assemble(
            (clean(scenario.title, 100), "bold"), "\n",
            t("summary.head", team=clean(view.team, 40), time=offset(view.now),
              injects=len(view.deliveries), actions=len(view.actions),
              reason=t("summary.reason." + ended.get("reason", "facilitator")))))
        lines = [Content.styled(t("summary.deadlines"), "bold underline")]
        titles = {d.inject: d.title for d in view.deliveries}
        for deadline in distinct(view.deadlines):
            state_name = deadline_state(deadline, view.now)
            # still running at the end is not done, though not yet late: amber, not green
            colour = "clock-warning" if state_name in ("open", "warning") else (
                DEADLINE[state_name][1])
            lines.append(Content.styled(deadline_text(deadline, view.now, titles, ended=True),
                                        f"${colour}"))
        if len(lines) == 1:
            lines.append(Content(t("summary.no_deadlines")))
        self.query_one("#summary-deadlines", Static).update(Content("\n").join(lines))
        moments = []
        for decision_id, choice in state.choices.items():
            decision = scenario.decisions.get(decision_id)
            label = next((o.label for o in decision.options if o.id == choice.option),
                         choice.option) if decision else choice.option
            prompt = clean(decision.prompt if decision else decision_id, 70)
            moments.append((choice.seq, Content.assemble(
                (offset(choice.world) + " ", "$text-muted"), "◆ ", prompt, " → ",
                (clean(label, 60), "bold"), (" " + t("summary.by." + choice.by), "italic"))))
        for record in state.actions:
            moments.append((record.seq, Content.assemble(
                (offset(record.world) + " ", "$text-muted"), "✔ ", t("action." + record.action))))
        lines = [Content.styled(t("summary.decisions"), "bold underline")]
        lines += [line for _, line in sorted(moments, key=lambda m: m[0])]
        self.query_one("#summary-decisions", Static).update(Content("\n").join(lines))
        if view.notes:  # the facilitator's and observers' notes feed the hot wash
            lines = [Content.styled(t("summary.notes"), "bold underline")]
            lines += [Content.assemble((offset(n.world) + " ", "$text-muted"),
                                       (t("note.by." + n.by) + ": ", "italic"),
                                       clean(n.text, 400)) for n in view.notes]
            self.query_one("#summary-notes", Static).update(Content("\n").join(lines))
        self.score()
        self.export()
        self.write_report()

    @work(thread=True, exclusive=True, group="score")
    def score(self) -> None:
        result = self.exercise.score()
        self.app.call_from_thread(self._show_score, result)

    def _show_score(self, result) -> None:
        rows = [Static(Content.styled(t("summary.score"), "bold underline"))]
        overall = t("summary.overall", percent="—" if result.percent is None
                    else f"{result.percent:.0f}",
                    rating=self._rated(result.rating.value if result.rating else None))
        rows.append(Static(Content.styled(overall, "bold")))
        if result.reason:
            rows.append(Static(Content.styled(clean(result.reason, 200), "$text-muted"),
                               classes="item"))
        for objective in result.objectives:
            rating = objective.rating.value if objective.rating else None
            rows.append(Static(Content.assemble(
                (f"{rating or '–'}  ", "bold"), (clean(objective.title, 90), "bold"),
                (f" — {self._rating(rating)}", "$text-muted")), classes="item"))
            if objective.reason:
                rows.append(Static(Content.styled(clean(objective.reason, 200), "$text-muted"),
                                   classes="detail"))
        worst = sorted(result.findings, key=lambda f: (f.points, f.criterion))[:TOP_FINDINGS]
        worst = [f for f in worst if f.rating.value != "P"]
        if worst:
            rows.append(Static(Content.styled(t("summary.findings"), "bold underline")))
            for finding in worst:
                rows.append(Static(Content.assemble(
                    (f"{finding.rating.value} ", "bold $clock-overdue"),
                    (clean(finding.title, 80), "bold")), classes="item"))
                rows.append(Static(Content.styled(clean(finding.observed, 200), "$text-muted"),
                                   classes="detail"))
        box = self.query_one("#summary-score", Vertical)
        box.remove_children()
        box.mount_all(rows)

    @staticmethod
    def _rating(rating: str | None) -> str:
        return t(f"rating.{rating}") if rating else t("rating.none")

    def _rated(self, rating: str | None) -> str:
        """``M — performed with major challenges``."""
        return f"{rating or '–'} — {self._rating(rating)}"

    @work(thread=True, exclusive=True, group="export")
    def export(self) -> None:
        try:
            path = self.exercise.export(self.export_folder)
        except StoreError as exc:
            message = Content.styled(t("summary.export_failed", error=store_message(exc)),
                                     "bold $error")
        else:
            message = Content.assemble(t("summary.exported"), " ", (str(path), "bold"), "\n",
                                       (t("summary.export_hint"), "$text-muted"))
        self.app.call_from_thread(self.query_one("#summary-export", Static).update, message)

    @work(thread=True, exclusive=True, group="report")
    def write_report(self) -> None:
        try:
            path = self.exercise.write_report(self.export_folder, language())
        except Exception as exc:  # the summary stays up whatever the report meets
            said = store_message(exc) if isinstance(exc, StoreError) else str(exc)
            message = Content.styled(t("summary.report_failed", error=said), "bold $error")
        else:
            message = Content.assemble(
                t("summary.report_written"), " ", (str(path), "bold"), "\n",
                (t("summary.report_hint", session=self.exercise.session.id), "$text-muted"))
        self.app.call_from_thread(self.query_one("#summary-report", Static).update, message)
