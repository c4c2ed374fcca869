"""How states read on screen: each one has its own symbol and words, so nothing is said by
colour alone (a monochrome projector or a colour-blind player loses nothing)."""

from __future__ import annotations

from breachsim.rules.deadlines import Deadline, Status
from breachsim.tui import i18n
from breachsim.tui.format import (
    DEADLINE,
    SEVERITY,
    closing,
    deadline_state,
    deadline_text,
    hms,
    reflow,
    severity_label,
)

H = 3600


def deadline(status: Status, due: int = 72 * H, done_at: int | None = None, start: int = 0):
    return Deadline("authority", "authority", "notify_authority", "AP (Art. 33)", start, due,
                    status, done_at)


def test_every_deadline_state_and_severity_has_its_own_symbol():
    assert len({symbol for symbol, _ in DEADLINE.values()}) == len(DEADLINE)
    assert len({symbol for symbol, _ in SEVERITY.values()}) == len(SEVERITY)


def test_deadlines_read_without_colour_in_both_languages():
    cases = {
        "open": (deadline(Status.open), 10 * H),
        "warning": (deadline(Status.open), 61 * H),
        "overdue": (deadline(Status.overdue), 75 * H),
        "met": (deadline(Status.met, done_at=20 * H), 30 * H),
        "missed": (deadline(Status.missed, done_at=80 * H), 90 * H),
    }
    for language in i18n.LANGUAGES:
        i18n.set_language(language)
        texts = {}
        for state, (d, now) in cases.items():
            assert deadline_state(d, now) == state
            text = deadline_text(d, now, {})
            assert text.startswith(DEADLINE[state][0])
            texts[state] = text.split(":", 1)[1]
        assert len(set(texts.values())) == len(texts)  # words differ, not only colours
    i18n.set_language("en")
    assert "OVERDUE +03:00:00" in deadline_text(*cases["overdue"], {})
    assert "62:00:00 left" in deadline_text(*cases["open"], {})


def test_amber_is_the_last_twelve_hours_or_the_last_quarter_of_a_short_window():
    assert closing(12 * H, 72 * H) and not closing(12 * H + 1, 72 * H)
    assert closing(15 * 60, H) and not closing(16 * 60, H)


def test_times_and_severities_and_reflowed_text():
    assert hms(72 * H - 1) == "71:59:59" and hms(-5) == "00:00:00"
    i18n.set_language("nl")
    assert severity_label("critical") == "‼ KRITIEK"
    i18n.set_language("en")
    text = "First line of a\nparagraph.\n\n- a list item\n- another\n  indented"
    assert reflow(text) == "First line of a paragraph.\n\n- a list item\n- another\n  indented"
    assert reflow("bell\x07 and \x1b[31mred") == r"bell\u0007 and \u001b[31mred"  # shown, inert
