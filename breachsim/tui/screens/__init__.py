"""The app's screens."""

from .briefing import BriefingScreen
from .console import ConsoleScreen
from .dialogs import ActionMenu, ConfirmScreen, DecisionScreen
from .facilitator import FacilitatorScreen
from .forms import FormScreen
from .help import HelpScreen
from .picker import PickerScreen
from .storm import StormScreen
from .summary import SummaryScreen

SCREENS = (PickerScreen, BriefingScreen, ConsoleScreen, FacilitatorScreen, StormScreen,
           SummaryScreen, FormScreen, DecisionScreen, ActionMenu, ConfirmScreen, HelpScreen)

__all__ = ["SCREENS", "ActionMenu", "BriefingScreen", "ConfirmScreen", "ConsoleScreen",
           "DecisionScreen", "FacilitatorScreen", "FormScreen", "HelpScreen", "PickerScreen",
           "StormScreen", "SummaryScreen"]
