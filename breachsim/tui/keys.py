"""Key bindings with ids: every binding has one, so keys can be remapped in the config file
(``keys: {console.pause: f5}``), and its description and tooltip come from the catalogue."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding
from textual.dom import DOMNode

from .i18n import catalogue, t


def bind(binding_id: str, key: str, action: str, *, show: bool = True,
         priority: bool = False, key_display: str | None = None) -> Binding:
    """A binding whose description and tooltip are looked up when a screen is built."""
    return Binding(key, action, binding_id, show=show, priority=priority, id=binding_id,
                   key_display=key_display)


def localise(node: DOMNode) -> None:
    """Give ``node``'s bindings their description and tooltip in the current language.

    Textual copies a class's bindings into each instance; we translate that copy, because
    the language is chosen at run time, after the classes were defined."""
    for key, bindings in node._bindings.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [
            replace(b, description=t(f"bind.{b.id}"), tooltip=t(f"tip.{b.id}")) if b.id
            else b for b in bindings]


def key_label(keys: str) -> str:
    """Key names as the interface language says them (``space`` is ``spatie`` in Dutch)."""
    return ",".join(t(f"key.{k}") if f"key.{k}" in catalogue() else k for k in keys.split(","))


def description(binding: Binding) -> str:
    """What a binding does: ours from the catalogue; one of Textual's own widgets (the open
    list of a Select says "Dismiss menu") from ``keybar.ACTION`` when the catalogue has it."""
    if binding.id:
        return t(f"bind.{binding.id}")
    key = f"keybar.{binding.action}"
    return t(key) if key in catalogue() else binding.description


class Localised:
    """Mix into a screen or the app: its bindings speak the interface language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        localise(self)  # type: ignore[arg-type]


def all_bindings() -> dict[str, Binding]:
    """Every binding of the app by id, for the help screen and to check the config's keys."""
    from .app import BreachsimApp
    from .screens import SCREENS
    from .widgets.checklist import CheckList

    found: dict[str, Binding] = {}
    for owner in (BreachsimApp, *SCREENS, CheckList):
        for binding in owner.BINDINGS:
            if isinstance(binding, Binding) and binding.id:
                found[binding.id] = binding
    return found
