"""The app's two themes. Semantic colours (severity, deadlines, storm sentiment) are theme
variables, so the stylesheet and the widgets name what a colour means, never the colour."""

from __future__ import annotations

from textual.theme import Theme

_DARK = {
    "sev-critical": "#ff5f6d", "sev-high": "#ffa94d", "sev-medium": "#ffd43b",
    "sev-low": "#74c0fc", "sev-info": "#adb5bd",
    "clock-ok": "#8ce99a", "clock-warning": "#ffc078", "clock-overdue": "#ff6b6b",
    "clock-done": "#91a7ff", "clock-idle": "#adb5bd",
    "storm-negative": "#ff8787", "storm-neutral": "#ced4da", "storm-positive": "#8ce99a",
    "paused": "#ffd43b", "unread": "#4dabf7",
}
_LIGHT = {
    "sev-critical": "#c92a2a", "sev-high": "#d9480f", "sev-medium": "#946200",
    "sev-low": "#1864ab", "sev-info": "#495057",
    "clock-ok": "#2b8a3e", "clock-warning": "#b35c00", "clock-overdue": "#c92a2a",
    "clock-done": "#364fc7", "clock-idle": "#495057",
    "storm-negative": "#c92a2a", "storm-neutral": "#495057", "storm-positive": "#2b8a3e",
    "paused": "#8f5f00", "unread": "#1864ab",
}

#: The semantic colours any theme gets when it does not set them (Textual's own themes).
THEME_VARIABLES = _DARK

THEMES = {
    "dark": Theme(name="breachsim-dark", primary="#4dabf7", secondary="#9775fa",
                  accent="#ffa94d", warning="#ffc078", error="#ff6b6b", success="#8ce99a",
                  background="#101418", surface="#161b22", panel="#1f2630", dark=True,
                  variables=_DARK),
    "light": Theme(name="breachsim-light", primary="#1864ab", secondary="#5f3dc4",
                   accent="#d9480f", warning="#b35c00", error="#c92a2a", success="#2b8a3e",
                   background="#f8f9fa", surface="#ffffff", panel="#e9ecef", dark=False,
                   variables=_LIGHT),
}
