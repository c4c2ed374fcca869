"""The storm panel: what the public, the press and the contact centre say about the breach.

The feed (newest first), the volume over the last hours, the mood, what trends, the news, the
journalists waiting for comment (answerable from here) and the contact centre's queue. It
reads the exercise's ``StormView``; the storm is computed in the tick's worker thread, so this
screen only draws, and only when the storm has moved on. Every text here is generated from
the scenario and the team's words: it is shown as plain text, never as markup.
"""

from __future__ import annotations

import time

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from ...application.exercise import Exercise
from ...application.live_storm import SPARK_SPAN, StormView
from ...law.messages import number
from ..format import clean, offset
from ..i18n import language, t
from ..keys import Localised, bind
from ..widgets.clock_bar import ClockBar
from ..widgets.keybar import KeyBar

#: The panel draws at most this often (wall seconds): a peak storm changes every tick.
REDRAW_EVERY = 0.5
_STANCE_MARK = {"supportive": "+", "neutral": "·", "worried": "?", "angry": "!", "mocking": "~",
                "rumour": "»"}
_CHANNEL_MARK = {"microblog": "@", "forum": "#", "news": "N", "ticker": "W", "contact": "☎"}


def summary(view: StormView) -> str:
    """The storm in one line, for the console."""
    waiting = sum(q.open for q in view.queue.values())
    if not (view.per_hour or view.press or waiting):
        return t("storm.quiet")
    negative = "—" if view.negative is None else f"{view.negative:.0%}"
    tag = f" · {view.trending[0][0]}" if view.trending else ""
    return t("storm.line", posts=number(view.per_hour, language()), negative=negative, tag=tag,
             press=len(view.press), contacts=waiting)


class StormScreen(Localised, Screen):
    BINDINGS = [
        bind("storm.back", "s,escape", "back"),
        bind("storm.answer", "enter", "answer", show=False),
    ]

    def __init__(self, exercise: Exercise):
        super().__init__()
        self.exercise = exercise
        self.drawn_until = -1
        self._drawn_at = 0.0
        self._press_ids: tuple[str, ...] | None = None

    def compose(self) -> ComposeResult:
        yield ClockBar(id="clock")
        yield Static(id="storm-line")
        with Horizontal(id="storm-main"):
            with Vertical(id="storm-left"):
                with Vertical(id="storm-feed-box") as box:
                    box.border_title = t("storm.feed")
                    yield Static(id="storm-feed")
                with Vertical(id="storm-news-box") as box:
                    box.border_title = t("storm.news")
                    yield Static(id="storm-news")
            with Vertical(id="storm-side"):
                with Vertical(id="storm-mood-box") as box:
                    box.border_title = t("storm.volume", hours=SPARK_SPAN // 3600)
                    yield Sparkline([], id="storm-spark")
                    yield Static(id="storm-mood")
                with Vertical(id="storm-press-box") as box:
                    box.border_title = t("storm.press")
                    yield OptionList(id="storm-press")
                with Vertical(id="storm-queue-box") as box:
                    box.border_title = t("storm.queue")
                    yield Static(id="storm-queue")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one("#storm-press", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.drawn_until, self._drawn_at, self._press_ids = -1, 0.0, None
        self.refresh_view()

    def on_resize(self) -> None:
        self.drawn_until, self._drawn_at = -1, 0.0

    def refresh_view(self) -> None:
        exercise = self.exercise
        self.query_one(ClockBar).show(exercise.view(), exercise.elapsed_wall(),
                                      exercise.scenario.title)
        view = exercise.storm
        now = time.monotonic()
        if view.until == self.drawn_until or now - self._drawn_at < REDRAW_EVERY:
            return  # nothing new, or drawn a moment ago: a peak storm changes every tick
        self.drawn_until, self._drawn_at = view.until, now
        self.query_one("#storm-line", Static).update(Content(summary(view)))
        self.query_one("#storm-feed", Static).update(self._feed(view))
        self.query_one("#storm-spark", Sparkline).data = list(view.volume) or [0]
        self.query_one("#storm-mood", Static).update(self._mood(view))
        self._press(view)
        self.query_one("#storm-queue", Static).update(self._queue(view))
        news = self.query_one("#storm-news", Static)
        width = max(news.size.width or self.app.size.width, 20)
        self.query_one("#storm-news", Static).update(Content("\n".join(
            clean(f"{offset(p.t)} {clean(p.headline or p.text)}", width)
            for p in view.headlines[:3]) or t("storm.none")))

    def _feed(self, view: StormView) -> Content:
        """One line per post, as many as the feed has room for (the newest): a peak storm
        brings hundreds a minute, and wrapping and drawing them all would stall the screen."""
        feed = self.query_one("#storm-feed", Static)
        # before the first layout the feed has no size yet: assume the whole screen
        rows = feed.size.height or self.app.size.height
        width = max(feed.size.width or self.app.size.width, 20)
        lines = []
        for post in view.posts[:rows]:
            who = clean(post.author.handle or post.author.name, 20)
            mark = _CHANNEL_MARK.get(post.channel, "·") + _STANCE_MARK.get(post.stance, "·")
            line = f"{offset(post.t)} {mark} {who}: {clean(post.headline or post.text)}"
            lines.append(clean(line, width))
        return Content("\n".join(lines) or t("storm.none"))

    def _mood(self, view: StormView) -> Content:
        total = sum(view.stances.values())
        if not total:
            return Content(t("storm.none"))
        mix = "  ".join(f"{_STANCE_MARK[s]} {t('storm.stance.' + s)} {n * 100 // total}%"
                        for s, n in sorted(view.stances.items(), key=lambda i: -i[1]) if n)
        trending = " ".join(f"{clean(tag, 30)} ({n})" for tag, n in view.trending[:3])
        return Content(f"{mix}\n{trending}")

    def _press(self, view: StormView) -> None:
        ids = tuple(r.id for r in view.press)
        if ids == self._press_ids:
            return
        self._press_ids = ids
        press = self.query_one("#storm-press", OptionList)
        keep = press.highlighted_option.id if press.highlighted_option else None
        press.clear_options()
        for request in view.press:
            who = clean(request.journalist.name, 24)
            press.add_option(Option(Content(
                f"{t('storm.due', when=offset(request.due))} {clean(request.outlet, 20)}, "
                f"{who}: {clean(request.question, 80)}"), id=request.id))
        if not view.press:
            press.add_option(Option(Content(t("storm.no_press")), disabled=True))
        if keep is not None and keep in {r.id for r in view.press}:
            press.highlighted = press.get_option_index(keep)

    def _queue(self, view: StormView) -> Content:
        rows = [f"{t('storm.contact.' + kind)}: {q.open}"
                + (f"  ({t('storm.due', when=offset(q.nearest_due))})" if q.nearest_due else "")
                for kind, q in view.queue.items() if q.open]
        return Content("\n".join(rows) or t("storm.no_contacts"))

    @on(OptionList.OptionSelected, "#storm-press")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._answer(event.option.id)

    def action_answer(self) -> None:
        press = self.query_one("#storm-press", OptionList)
        if press.highlighted_option is not None:
            self._answer(press.highlighted_option.id)

    def _answer(self, request_id: str | None) -> None:
        request = next((r for r in self.exercise.storm.press if r.id == request_id), None)
        if request is not None:
            self.app.open_form("answer_journalist", answering=(
                request.id, f"{clean(request.outlet, 30)}: {clean(request.question, 50)}"))

    def action_back(self) -> None:
        self.app.pop_screen()
