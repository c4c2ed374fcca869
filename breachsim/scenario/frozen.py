"""A resolved scenario as plain JSON data, and back: the session store keeps this frozen copy,
so a session replays against exactly the scenario it started with."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .model import Inject, Scenario


def freeze(scenario: Scenario) -> dict[str, Any]:
    data = scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    for inject, dumped in zip(scenario.injects, data["injects"], strict=True):
        if inject.library is not None:
            dumped["$library"] = {"use": inject.library, "params": dict(inject.param_values)}
    return data


def thaw(data: dict[str, Any]) -> Scenario:
    data = json.loads(json.dumps(data))  # never mutate the caller's copy
    extras = [inject.pop("$library", None) for inject in data["injects"]]
    scenario = Scenario.model_validate(data)
    for inject, extra in zip(scenario.injects, extras, strict=True):
        if extra is not None:
            _mark_library(inject, extra["use"], extra["params"])
    return scenario


def _mark_library(inject: Inject, use: str, params: dict[str, str]) -> None:
    inject._library = use
    inject._param_values = dict(params)


def canonical(scenario: Scenario) -> str:
    """The frozen copy as one canonical JSON text (made once per scenario object)."""
    return scenario.canonical_json


def canonical_text(scenario: Scenario) -> str:
    return json.dumps(freeze(scenario), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def fingerprint(scenario: Scenario) -> str:
    """sha256 of the resolved scenario: two sessions of the same scenario share it."""
    return hashlib.sha256(canonical(scenario).encode("utf-8")).hexdigest()

