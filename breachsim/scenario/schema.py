"""The JSON Schema of scenario and library files, for editors and for CI drift checks."""

from __future__ import annotations

import json

from .model import LibraryFile, ScenarioFile


def _dump(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def scenario_schema() -> str:
    schema = ScenarioFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return _dump(schema)


def library_schema() -> str:
    schema = LibraryFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return _dump(schema)
