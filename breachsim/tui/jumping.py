"""The facilitator's jump in the app: on to the next thing due, stopping before a deadline of
the team (``application.jumps``), and going past one only when the facilitator says so in a
dialog that names what turns overdue; Enter there changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from ..application.jumps import LEAD
from ..engine.refused import Refused
from .format import clean, deadline_label, offset
from .i18n import t

if TYPE_CHECKING:
    from ..rules.deadlines import Deadline
    from .app import BreachsimApp

#: How many passed deadlines the dialog lists by name.
LISTED = 6


def label(deadline: Deadline, titles: dict[str, str]) -> str:
    """What a deadline of the team is for, in the interface language."""
    if deadline.kind == "press":
        return t("jump.press", outlet=clean(deadline.label, 30))
    if deadline.kind == "contact":
        return t("jump.contact", kind=t("storm.contact." + deadline.label))
    return deadline_label(deadline, titles)


def jump(app: BreachsimApp) -> None:
    """``j``: jump, stop before the team's next deadline, or ask before passing it."""
    exercise = app.exercise
    try:
        plan = app.record(exercise.plan_jump)
    except Refused as refused:  # and NotRecorded: the store could not record
        app.show_refused(refused)
        return
    titles = {d.inject: d.title for d in exercise.view().deliveries}
    if plan.stop is None:
        app.push_screen(_question(plan, titles), lambda yes: yes and _go(app, plan, True))
        return
    if _go(app, plan, False) and plan.passes:
        first = plan.passes[0]
        app.notify(t("jump.stopped", time=offset(exercise.now), lead=LEAD // 60,
                     label=label(first, titles), due=offset(first.due)), markup=False)


def _go(app: BreachsimApp, plan, past: bool) -> bool:
    """Jump, past the deadlines the facilitator was shown when ``past``; whether it did."""
    exercise = app.exercise
    agreed = {d.id for d in plan.passes} if past else ()
    try:
        app.record(lambda: exercise.jump(past=agreed))
    except Refused as refused:
        app.show_refused(refused)
        return False
    return True


def _question(plan, titles: dict[str, str]):
    from .screens import ConfirmScreen

    lines = [Content(t("jump.question", target=offset(plan.target)))]
    lines += [Content(t("jump.item", label=label(d, titles), due=offset(d.due)))
              for d in plan.passes[:LISTED]]
    if len(plan.passes) > LISTED:
        lines.append(Content(t("jump.more", count=len(plan.passes) - LISTED)))
    return ConfirmScreen(Content("\n").join(lines), t("jump.past_yes"))
