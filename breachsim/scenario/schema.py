"""The JSON Schema of scenario and library files (and of any model, such as the report's), for
editors and for CI drift checks."""

from __future__ import annotations

import json

from pydantic import BaseModel

from .model import LibraryFile, ScenarioFile


def json_schema(model: type[BaseModel]) -> str:
    """``model``'s JSON Schema (draft 2020-12) as stable text: keys sorted, one per line."""
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def scenario_schema() -> str:
    return json_schema(ScenarioFile)


def library_schema() -> str:
    return json_schema(LibraryFile)
