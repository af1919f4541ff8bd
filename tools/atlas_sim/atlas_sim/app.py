"""Application factory: ``create_app(config)`` returns the ASGI app (FastAPI + SimMiddleware)."""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from typing import Optional

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request

from . import auth as auth_mod
from . import settings as settings_mod
from .access import Access
from .clock import Clock
from .config import SimConfig
from .errors import ApiError
from .faults import Faults
from .middleware import SimMiddleware
from .ratelimit import RateLimiter
from .respond import error_response
from .store import Store

log = logging.getLogger("atlas_sim")


class Sim:
    """Everything one simulator instance owns."""

    def __init__(self, config: SimConfig, store: Optional[Store] = None):
        self.config = config
        if store is None:
            store = Store(config.state_file)
            store.load()
        self.store = store
        self.cli_settings = settings_mod.current(config)
        self.apply_settings(store.settings)
        self.clock = Clock(store.clock_offset)
        self.access = Access(self)
        self.auth = auth_mod.Authenticator(config, self.clock, bytes.fromhex(store.secret), self.access.get)
        self.ratelimit = RateLimiter(config.rate_limit)
        self.faults = Faults()
        if store.maintenance:
            self.faults.open_window(store.maintenance)
        self.request_log: deque = deque(maxlen=config.request_log_size)
        self.access_list_in_flight: set = set()
        self.aws = None
        if config.aws_endpoint:
            from .aws import AwsBridge

            self.aws = AwsBridge(config.aws_endpoint)
        store.seed_orgs = list(config.orgs)
        store.seed_project_names = dict(config.project_names)
        for org_id, name in config.orgs:
            store.add_org(org_id, name)
        store.ensure_default_org()
        store.seed_projects = list(config.projects)
        for gid in config.projects:
            store.add_project(gid, name=config.project_names.get(gid))
        if store.default_project is None:
            store.default_project = config.projects[0] if config.projects else store.add_project()
            store.add_project(store.default_project)
        store.mark_dirty()

    @property
    def default_project(self) -> str:
        return self.store.default_project

    def sync_clock(self) -> None:
        self.store.clock_offset = self.clock.offset

    def apply_settings(self, overrides) -> None:
        """Runtime settings (/_sim/settings) over the command-line values; kept in the state file."""
        for name, value in settings_mod.current(self.config).items():
            setattr(self.config, name, overrides.get(name, self.cli_settings[name]))
        self.store.settings = dict(overrides)
        self.store.mark_dirty()

    def set_maintenance(self, window) -> None:
        if window is None:
            self.faults.close_window()
        else:
            self.faults.open_window(window)
        self.store.maintenance = window
        self.store.mark_dirty()

    def save(self) -> None:
        self.sync_clock()
        self.store.save()

    def reset(self) -> None:
        self.clock.reset()
        self.store.reset()
        self.sync_clock()
        self.request_log.clear()
        self.faults.clear()
        self.faults.close_window()
        self.apply_settings({})
        self.ratelimit.reset()
        self.auth.reset()
        self.access_list_in_flight.clear()


def create_app(config: Optional[SimConfig] = None, store: Optional[Store] = None):
    config = config or SimConfig()
    sim = Sim(config, store)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        try:
            sim.save()
        except OSError as exc:  # pragma: no cover
            log.error("cannot save state: %s", exc)
        yield
        sim.save()

    api = FastAPI(title="atlas-sim", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    api.state.sim = sim

    @api.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return error_response(exc, request)

    @api.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 405:
            err = ApiError("METHOD_NOT_ALLOWED", [request.method, request.url.path])
        elif exc.status_code == 404:
            err = ApiError("RESOURCE_NOT_FOUND", [request.url.path])
        else:
            err = ApiError("UNEXPECTED_ERROR", status=exc.status_code, detail=str(exc.detail))
        return error_response(err, request)

    @api.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        errs = exc.errors()
        name = ".".join(str(p) for p in errs[0].get("loc", ())[1:]) if errs else "request"
        return error_response(ApiError("INVALID_ATTRIBUTE", [name]), request)

    @api.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):  # pragma: no cover
        log.exception("unexpected error")
        return error_response(ApiError("UNEXPECTED_ERROR"), request)

    from .routers import access_list, backup, containers, peers, projects, streams
    from . import control, control_tenancy

    api.add_api_route("/api/oauth/token", auth_mod.token_endpoint, methods=["POST"], include_in_schema=False)
    api.add_api_route("/api/oauth/revoke", auth_mod.revoke_endpoint, methods=["POST"], include_in_schema=False)
    api.include_router(projects.router, prefix="/api/atlas/v2")  # before the group-relative routers: /groups/byName/...
    for mod in (containers, peers, streams, backup, access_list):
        api.include_router(mod.router, prefix="/api/atlas/v2/groups/{groupId}")
    api.include_router(control.router, prefix="/_sim")
    api.include_router(control_tenancy.router, prefix="/_sim")
    # private endpoints: cluster endpoint services and endpoints, Data Federation, encryption at rest
    from .routers import data_federation, ear_private_endpoints, endpoint_services, private_endpoints
    from . import control_privatelink

    for mod in (endpoint_services, private_endpoints, data_federation, ear_private_endpoints):
        api.include_router(mod.router, prefix="/api/atlas/v2/groups/{groupId}")
    api.include_router(control_privatelink.router, prefix="/_sim")

    app = SimMiddleware(api, sim)
    app.state = api.state  # convenience: create_app(...).state.sim
    app.sim = sim
    app.fastapi = api
    return app
