"""Shared by the contract tests (one per official spec file): which spec declares a recorded
path, and the openapi-core validation of one recorded response."""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Dict
from urllib.parse import parse_qsl

API_ERROR = {"$ref": "#/components/schemas/ApiError"}


def parameters_of_any_type(spec: Dict[str, Any]) -> None:
    """ApiError.parameters items are objects in the spec; Atlas sends strings and integers."""
    spec["components"]["schemas"]["ApiError"]["properties"]["parameters"]["items"] = {}


def errors_default_to_api_error(spec: Dict[str, Any]) -> None:
    """A `default` ApiError response on every operation, for error statuses the spec does not list."""
    for path in spec["paths"].values():
        for op in path.values():
            if isinstance(op, dict) and "responses" in op:
                op["responses"].setdefault("default", {"description": "error", "content": {"application/json": {"schema": API_ERROR}}})


def path_matcher(spec: Dict[str, Any]) -> Callable[[str], bool]:
    """A predicate: does ``spec`` declare this concrete path (``{param}`` = one segment)?"""
    patterns = [re.compile("^" + re.sub(r"\{[^/}]+\}", "[^/]+", p) + "/?$") for p in spec["paths"]]
    return lambda path: any(p.match(path) for p in patterns)


def openapi_for(spec: Dict[str, Any]):
    """openapi-core object for ``spec``; vendor media types (application/vnd.atlas.<date>+json) are
    JSON, so the served version in Content-Type must be one the operation declares."""
    from openapi_core import Config, OpenAPI

    vendor_types = set()
    for path in spec["paths"].values():
        for op in path.values():
            for resp in (op.get("responses") or {}).values() if isinstance(op, dict) else ():
                vendor_types.update(t for t in (resp.get("content") or {}) if t.startswith("application/vnd."))
    return OpenAPI.from_dict(spec, config=Config(extra_media_type_deserializers={t: json.loads for t in vendor_types}))


def validate(openapi, rec: Dict[str, Any]) -> None:
    from openapi_core.testing import MockRequest, MockResponse

    req = MockRequest("https://cloud.mongodb.com", rec["method"].lower(), rec["path"], args=dict(parse_qsl(rec["query"])))
    ctype = rec["headers"].get("content-type", "application/json")
    resp = MockResponse(rec["body"], status_code=rec["status"], headers=rec["headers"], content_type=ctype.split(";")[0])
    openapi.validate_response(req, resp)
