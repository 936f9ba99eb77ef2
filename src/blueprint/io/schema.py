"""The JSON Schema of the service file, generated from the model records."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..model.objects import Channel, Metric, MomentOfTruth, Promise, Standard, Step
from ..model.service import ServiceInfo
from .load import FORMAT_VERSION

__all__ = ["ServiceDocument", "json_schema", "schema_text"]


class ServiceDocument(BaseModel):
    """A service file: one service cycle with its blueprint, factors, standards and promises."""

    model_config = ConfigDict(extra="forbid", title="Blueprint service file")

    version: Literal[1] = Field(description="Format version; this Blueprint reads 1.")
    service: ServiceInfo
    metrics: list[Metric] = []
    channels: list[Channel] = []
    moments: list[MomentOfTruth] = Field([], description="Moments of truth in cycle order.")
    steps: list[Step] = []
    standards: list[Standard] = []
    promises: list[Promise] = []


def json_schema() -> dict[str, Any]:
    """The schema as a dict, with ``$schema`` and ``$id`` set for editors."""
    schema = ServiceDocument.model_json_schema()
    assert FORMAT_VERSION == 1, "update ServiceDocument.version with the format"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "service.schema.json",
        **schema,
    }


def schema_text() -> str:
    """The schema as stable, diff-friendly JSON text."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
