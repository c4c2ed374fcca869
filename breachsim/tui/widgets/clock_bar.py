"""The header line: in-world date and time, elapsed wall time, speed, and RUNNING/PAUSED."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ...application.exercise import View
from ...engine.render import spell_moment
from ..format import clean, hms
from ..i18n import language, t


class ClockBar(Static):
    DEFAULT_CSS = """
    ClockBar { height: 1; background: $panel; padding: 0 1; }
    ClockBar.-paused { background: $paused 25%; }
    """

    def show(self, view: View, elapsed: float, title: str) -> None:
        self.set_class(not view.running, "-paused")
        if view.ended:
            state = (f"■ {t('clock.ended')}", "bold $clock-done")
        elif view.running:
            state = (f"▶ {t('clock.running')}", "bold $clock-ok")
        elif not view.facilitator:
            state = (f"⏸ {t('clock.facilitator_gone')}", "bold reverse $paused")
        else:
            state = (f"⏸ {t('clock.paused')}", "bold reverse $paused")
        self.update(Content.assemble(
            state, "  ",
            (spell_moment(view.moment, language()), "bold"), "  ",
            (t("clock.speed", speed=f"{view.speed:g}"), "$text-muted"), "  ",
            (t("clock.elapsed", time=hms(int(elapsed))), "$text-muted"), "  ",
            (clean(view.team, 24), "italic"), "  ",
            *(((t("clock.role", role=clean(view.role, 30)), "bold"), "  ") if view.role else ()),
            (clean(title, 60), "$text-muted"),
        ))
