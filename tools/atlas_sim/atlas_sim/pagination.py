"""Atlas pagination: ``itemsPerPage`` (1..500, default 100), ``pageNum`` (>=1, default 1),
``includeCount`` (default true).  Self link echoes the normalised defaults; a ``next``
link is added only when more results exist (facts §5)."""

from __future__ import annotations

from typing import Any, Dict, List, Sequence, Tuple

from starlette.requests import Request

from .errors import ApiError


def _int_param(request: Request, name: str, default: int, lo: int, hi: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        val = int(raw)
    except ValueError:
        raise ApiError("INVALID_QUERY_PARAMETER", [name]) from None
    if val < lo or val > hi:
        raise ApiError("INVALID_QUERY_PARAMETER", [name])
    return val


def _bool_param(request: Request, name: str, default: bool) -> bool:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    low = raw.lower()
    if low not in ("true", "false"):
        raise ApiError("INVALID_QUERY_PARAMETER", [name])
    return low == "true"


def params(request: Request) -> Tuple[int, int, bool]:
    return (
        _int_param(request, "itemsPerPage", 100, 1, 500),
        _int_param(request, "pageNum", 1, 1, 10**9),
        _bool_param(request, "includeCount", True),
    )


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _item_key(item: Any):
    if not isinstance(item, dict):
        return None
    return item.get("id") or item.get("_id") or item.get("cidrBlock") or item.get("awsSecurityGroup")


def hide_recent(request: Request, items: Sequence[Any]) -> Sequence[Any]:
    """Eventual consistency (``list_lag_seconds``): a GET list of a project leaves out the
    resources created less than that many simulated seconds ago."""
    s = getattr(request.app.state, "sim", None)
    gid = request.path_params.get("groupId")
    if s is None or request.method != "GET" or not gid or s.config.list_lag_seconds <= 0:
        return items
    proj = s.store.project(gid) or {}
    cutoff = s.clock.now() - s.config.list_lag_seconds
    recent = set()
    for coll in proj.values():
        for key, rec in (coll.items() if isinstance(coll, dict) else ()):
            if isinstance(rec, dict) and rec.get("_created", cutoff) > cutoff:
                recent.update(k for k in (key, rec.get("id")) if k)
    return [item for item in items if _item_key(item) not in recent] if recent else items


def paginate(
    request: Request,
    items: Sequence[Any],
    *,
    extra: Sequence[Tuple[str, str]] = (),
    with_include_count: bool = True,
    path: str = None,
    force: Tuple[int, int, bool] = None,
) -> Dict[str, Any]:
    items_per_page, page_num, include_count = force or params(request)
    items = hide_recent(request, items)
    start = (page_num - 1) * items_per_page
    page: List[Any] = list(items[start:start + items_per_page])
    url = base_url(request) + (path or request.url.path)
    self_q = []
    if with_include_count:
        self_q.append(("includeCount", "true" if include_count else "false"))
    self_q.extend(extra)
    self_q += [("pageNum", str(page_num)), ("itemsPerPage", str(items_per_page))]
    links = [{"href": url + "?" + "&".join(f"{k}={v}" for k, v in self_q), "rel": "self"}]
    if start + items_per_page < len(items):
        next_q = []
        if with_include_count:
            next_q.append(("includeCount", "true" if include_count else "false"))
        next_q.extend(extra)
        next_q += [("itemsPerPage", str(items_per_page)), ("pageNum", str(page_num + 1))]
        links.append({"href": url + "?" + "&".join(f"{k}={v}" for k, v in next_q), "rel": "next"})
    out: Dict[str, Any] = {"links": links, "results": page}
    if include_count or not with_include_count:
        out["totalCount"] = len(items)
    return out
