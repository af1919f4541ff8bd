"""Helpers shared by the resource routers."""

from __future__ import annotations

import json
from typing import Any, Dict

from starlette.requests import Request

from .errors import ApiError


def sim(request: Request):
    return request.app.state.sim


def project(request: Request, gid: str) -> Dict[str, Dict[str, Any]]:
    proj = sim(request).store.project(gid)
    if proj is None:  # the middleware checks this first; kept for direct app use
        raise ApiError("GROUP_NOT_FOUND", [gid])
    return proj


async def read_json(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        raise ApiError("INVALID_JSON", detail="Request body is required.")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise ApiError("MALFORMED_JSON") from None


def now(request: Request) -> float:
    return sim(request).clock.now()


def step(request: Request) -> float:
    return sim(request).config.transition_seconds


def dirty(request: Request) -> None:
    sim(request).store.mark_dirty()
