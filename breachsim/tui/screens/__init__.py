"""The app's screens. Each is imported on first use, so that the app's first frame waits only
for the screen it shows."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .briefing import BriefingScreen
    from .console import ConsoleScreen
    from .dialogs import ActionMenu, ConfirmScreen, DecisionScreen
    from .facilitator import FacilitatorScreen
    from .forms import FormScreen
    from .help import HelpScreen
    from .picker import PickerScreen
    from .role import RoleScreen
    from .storm import StormScreen
    from .summary import SummaryScreen

_HOMES = {
    "PickerScreen": "picker", "BriefingScreen": "briefing", "ConsoleScreen": "console",
    "FacilitatorScreen": "facilitator", "StormScreen": "storm", "SummaryScreen": "summary",
    "FormScreen": "forms", "DecisionScreen": "dialogs", "ActionMenu": "dialogs",
    "ConfirmScreen": "dialogs", "HelpScreen": "help", "RoleScreen": "role",
}

__all__ = ["SCREENS", "ActionMenu", "BriefingScreen", "ConfirmScreen", "ConsoleScreen",
           "DecisionScreen", "FacilitatorScreen", "FormScreen", "HelpScreen", "PickerScreen",
           "RoleScreen", "StormScreen", "SummaryScreen"]


def __getattr__(name: str) -> Any:
    if name == "SCREENS":  # every screen, in the order of _HOMES
        value: Any = tuple(__getattr__(screen) for screen in _HOMES)
    elif name in _HOMES:
        value = getattr(import_module(f".{_HOMES[name]}", __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
