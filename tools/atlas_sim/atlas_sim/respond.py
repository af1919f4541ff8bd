"""JSON rendering shared by every route: alphabetical keys, compact unless ``pretty``,
``envelope`` wrapping, versioned Content-Type on success, ``application/json`` +
``X-Error-Code`` on errors."""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

from starlette.requests import Request
from starlette.responses import Response

from .errors import ApiError


def _flag(request: Request, name: str) -> bool:
    return str(request.query_params.get(name, "false")).lower() == "true"


def dumps(body: Any, pretty: bool = False) -> bytes:
    if pretty:
        return json.dumps(body, sort_keys=True, indent=2, separators=(",", " : ")).encode()
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def sim_info(request: Request) -> Dict[str, Any]:
    return request.scope.setdefault("atlas_sim", {})


def extra_headers(request: Request) -> Dict[str, str]:
    return dict(sim_info(request).get("headers", {}))


def ok(request: Request, body: Any = None, status: int = 200, *, is_list: bool = False) -> Response:
    info = sim_info(request)
    version = info.get("version")
    media = f"application/vnd.atlas.{version}+json;charset=utf-8" if version else "application/json"
    headers = extra_headers(request)
    if body is None:  # 204
        return Response(status_code=status, headers=headers, media_type=media)
    if _flag(request, "envelope"):
        if is_list and isinstance(body, dict):
            body = dict(body, status=status)
        else:
            body = {"content": body, "status": status}
    return Response(dumps(body, _flag(request, "pretty")), status_code=status, headers=headers, media_type=media)


def error_response(err: ApiError, request: Optional[Request] = None, pretty: Optional[bool] = None) -> Response:
    headers = extra_headers(request) if request is not None else {}
    headers.update(err.headers)
    headers["X-Error-Code"] = err.code
    if pretty is None:
        pretty = request is not None and _flag(request, "pretty")
    return Response(dumps(err.body(), pretty), status_code=err.status, headers=headers, media_type="application/json")
