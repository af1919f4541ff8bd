"""Local simulator of the MongoDB Atlas Administration API v2 private-networking endpoints."""

__version__ = "0.1.0"

from .config import SimConfig  # noqa: E402,F401


def create_app(config=None):  # pragma: no cover - thin re-export
    from .app import create_app as _create

    return _create(config)
