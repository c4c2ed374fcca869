"""The user's settings for the app: interface language, theme, key bindings, export folder.

They live in a YAML file (``BREACHSIM_CONFIG``, else ``config.yaml`` in the user config
folder); a missing file means the defaults. A broken file is reported with ``file:line:col``
like a scenario, and the app does not open on it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..scenario.diagnostics import Diagnostic, Diagnostics, hint_for, render_text

ENV_VAR = "BREACHSIM_CONFIG"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    language: Literal["en", "nl"] | None = Field(
        None, description="Interface language; left out: the scenario's, then the system's.")
    theme: Literal["dark", "light"] = "dark"
    keys: dict[str, str] = Field(
        default_factory=dict,
        description="Binding id → key(s), e.g. console.pause: 'p' or 'f5,p'.")
    export_folder: str | None = Field(
        None, description="Where session exports go (default: reports/ in the current folder).")


@dataclass
class Loaded:
    settings: Settings
    path: Path
    problems: list[str] = field(default_factory=list)  # rendered diagnostics

    @property
    def ok(self) -> bool:
        return not self.problems


def config_path() -> Path:
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return platformdirs.user_config_path("breachsim", appauthor=False) / "config.yaml"


def load_settings(path: Path | None = None,
                  binding_ids: Callable[[], Iterable[str]] | None = None) -> Loaded:
    """The settings from ``path`` (default: ``config_path()``), its ``keys`` checked against
    the known binding ids when ``binding_ids`` is given. It is called only when the file
    remaps keys: listing the bindings imports every screen of the app."""
    from ..scenario.schema_errors import diagnostics_for
    from ..scenario.yamlsource import SourceError, parse, read_text

    path = path or config_path()
    if not path.exists():
        return Loaded(Settings(), path)
    shown = str(path)
    try:
        source = parse(read_text(path, shown), shown)
    except SourceError as exc:
        if exc.diagnostic.code == "BS107":  # an empty file: the defaults
            return Loaded(Settings(), path)
        return Loaded(Settings(), path, [render_text(exc.diagnostic, None)])
    problems = [render_text(d, source.lines) for d in source.diagnostics]
    if problems:
        return Loaded(Settings(), path, problems)
    if source.data is None:
        return Loaded(Settings(), path)
    try:
        settings = Settings.model_validate(source.data)
    except ValidationError as exc:
        found = Diagnostics()
        diagnostics_for(exc, source, Settings, found)
        return Loaded(Settings(), path, [render_text(d, source.lines) for d in found])
    known = frozenset(binding_ids()) if binding_ids and settings.keys else frozenset()
    for binding in settings.keys:
        if known and binding not in known:
            line, col = source.locate(("keys", binding), at_key=True)
            problems.append(render_text(Diagnostic.make(
                "BS200", shown, line, col, f"unknown binding id {binding!r} in keys",
                hint_for(binding, sorted(known))), source.lines))
    return Loaded(settings if not problems else Settings(), path, problems)


def export_folder(settings: Settings) -> Path:
    return Path(settings.export_folder).expanduser() if settings.export_folder else (
        Path.cwd() / "reports")
