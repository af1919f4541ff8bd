"""Authentication: HTTP Digest (API keys) and OAuth 2.0 client-credentials Bearer tokens.

Digest follows what Atlas sends (facts §2.1): realm ``MMS Public API``, MD5, ``qop="auth"``;
the 401 body is Jackson-style pretty JSON with Atlas's own key order.  Nonces are
stateless (timestamp + HMAC) and expire after ``nonce_ttl`` seconds.

Bearer tokens are HS256 JWTs signed with the simulator's secret; they carry ``exp`` on the
simulated clock so ``/_sim/clock/advance`` can expire them.

Credentials (several API keys and service accounts) come from ``lookup(name)``, the
registry in ``access.py``; a deleted service account's tokens stop working.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import struct
import time
from collections import defaultdict, deque
from typing import Callable, Deque, Dict, Optional, Tuple

from starlette.requests import Request
from starlette.responses import Response

from .errors import ApiError

REALM = "MMS Public API"

# Body Atlas sends with the Digest challenge / on bad credentials (non-alphabetical key order,
# Jackson pretty printer), observed in the Atlas CLI e2e snapshots.
DIGEST_401_BODY = (
    "{\n"
    '  "error" : 401,\n'
    '  "reason" : "Unauthorized",\n'
    '  "detail" : "You are not authorized for this resource.",\n'
    '  "errorCode" : "UNEXPECTED_ERROR"\n'
    "}"
).encode()

_PARAM_RX = re.compile(r'(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))')


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()  # noqa: S324 - Digest MD5 is the protocol


class Authenticator:
    def __init__(self, config, clock, secret: bytes, lookup: Optional[Callable] = None):
        self.config = config
        self.clock = clock
        self.secret = secret
        if lookup is None:
            from .access import cli_credentials

            known = {c.name: c for c in cli_credentials(config)}
            lookup = known.get
        self.lookup = lookup
        self.revoked: set = set()
        self._token_calls: Dict[str, Deque[float]] = defaultdict(deque)

    # ---------------------------------------------------------------- digest
    def new_nonce(self) -> str:
        ts = struct.pack(">d", time.time())
        mac = hmac.new(self.secret, ts, hashlib.sha256).digest()[:16]
        return _b64(ts + mac)  # 32 characters

    def nonce_state(self, nonce: str) -> str:
        """'ok', 'stale' or 'bad'."""
        try:
            raw = _unb64(nonce)
        except Exception:
            return "bad"
        if len(raw) != 24:
            return "bad"
        ts, mac = raw[:8], raw[8:]
        if not hmac.compare_digest(mac, hmac.new(self.secret, ts, hashlib.sha256).digest()[:16]):
            return "bad"
        if time.time() - struct.unpack(">d", ts)[0] > self.config.nonce_ttl:
            return "stale"
        return "ok"

    def challenge(self, stale: bool = False) -> Response:
        header = (
            f'Digest realm="{REALM}", domain="", nonce="{self.new_nonce()}", '
            f'algorithm=MD5, qop="auth", stale={"true" if stale else "false"}'
        )
        return Response(
            DIGEST_401_BODY,
            status_code=401,
            media_type="application/json",
            headers={"WWW-Authenticate": header, "X-Error-Code": "UNEXPECTED_ERROR"},
        )

    def check_digest(self, method: str, header: str) -> str:
        """'ok', 'stale' or 'bad' for an ``Authorization: Digest ...`` header."""
        return self.digest_user(method, header)[0]

    def digest_user(self, method: str, header: str) -> Tuple[str, Optional[str]]:
        """('ok' | 'stale' | 'bad', API key name) for an ``Authorization: Digest ...`` header."""
        params = {m.group(1).lower(): (m.group(2) if m.group(2) is not None else m.group(3)) for m in _PARAM_RX.finditer(header[7:])}
        user = params.get("username")
        cred = self.lookup(user) if user else None
        if cred is None or cred.kind != "api_key" or params.get("realm") != REALM:
            return "bad", None
        nonce, uri, resp = params.get("nonce"), params.get("uri"), params.get("response")
        if not (nonce and uri and resp):
            return "bad", None
        algorithm = (params.get("algorithm") or "MD5").upper()
        if algorithm != "MD5":
            return "bad", None
        ha1 = cred.verifier
        ha2 = _md5(f"{method}:{uri}")
        qop = params.get("qop")
        if qop:
            if qop != "auth":
                return "bad", None
            expected = _md5(f"{ha1}:{nonce}:{params.get('nc', '')}:{params.get('cnonce', '')}:{qop}:{ha2}")
        else:
            expected = _md5(f"{ha1}:{nonce}:{ha2}")
        if not hmac.compare_digest(expected, resp.lower()):
            return "bad", None
        return self.nonce_state(nonce), user

    # ---------------------------------------------------------------- bearer
    def issue_token(self, client_id: str) -> Dict[str, object]:
        now = self.clock.now()
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
        payload = _b64(
            json.dumps(
                {"sub": client_id, "iat": int(now), "exp": now + self.config.token_lifetime, "jti": secrets.token_hex(8)},
                separators=(",", ":"),
            ).encode()
        )
        sig = _b64(hmac.new(self.secret, f"{header}.{payload}".encode(), hashlib.sha256).digest())
        return {"access_token": f"{header}.{payload}.{sig}", "expires_in": int(self.config.token_lifetime), "token_type": "Bearer"}

    def check_bearer(self, token: str) -> bool:
        return self.bearer_user(token) is not None

    def bearer_user(self, token: str) -> Optional[str]:
        """The service account a valid, unexpired, unrevoked token belongs to, else None."""
        try:
            header, payload, sig = token.split(".")
            expected = _b64(hmac.new(self.secret, f"{header}.{payload}".encode(), hashlib.sha256).digest())
            if not hmac.compare_digest(expected, sig):
                return False
            claims = json.loads(_unb64(payload))
        except Exception:
            return None
        if token in self.revoked:
            return None
        sub = claims.get("sub")
        cred = self.lookup(sub) if isinstance(sub, str) else None
        if cred is None or cred.kind != "service_account" or float(claims.get("exp", 0)) <= self.clock.now():
            return None
        return sub

    def client_ok(self, client_id: Optional[str], secret: Optional[str]) -> bool:
        cred = self.lookup(client_id) if client_id else None
        return cred is not None and cred.check_secret(secret or "")

    def bearer_401(self) -> ApiError:
        return ApiError(
            "UNAUTHORIZED",
            headers={"WWW-Authenticate": 'Bearer realm="MMS Public API", error="invalid_token"'},
        )

    # ------------------------------------------------------------ api gate
    def authenticate(self, method: str, authorization: Optional[str]):
        """(None, credential name) when authenticated, else (a Response / ApiError to send, None)."""
        if not authorization:
            return self.challenge(), None
        scheme = authorization.split(" ", 1)[0].lower()
        if scheme == "digest":
            state, user = self.digest_user(method, authorization)
            if state == "ok":
                return None, user
            return self.challenge(stale=(state == "stale")), None
        if scheme == "bearer":
            token = authorization.split(" ", 1)[1].strip() if " " in authorization else ""
            user = self.bearer_user(token)
            return (None, user) if user else (self.bearer_401(), None)
        return self.challenge(), None

    # ------------------------------------------------------- token endpoint
    def token_rate_ok(self, client_id: str) -> Optional[int]:
        """Record one token call; return None if allowed, else seconds to wait."""
        now = self.clock.now()
        calls = self._token_calls[client_id]
        while calls and now - calls[0] >= 60:
            calls.popleft()
        if len(calls) >= self.config.token_rate_limit:
            return max(1, int(60 - (now - calls[0])) + 1)
        calls.append(now)
        return None

    def reset(self) -> None:
        self._token_calls.clear()
        self.revoked.clear()


def _oauth_error(status: int, error: str, description: str, headers=None) -> Response:
    body = json.dumps({"error": error, "error_description": description}, separators=(",", ":"), sort_keys=True)
    return Response(body, status_code=status, media_type="application/json", headers=headers or {})


def _basic_credentials(request: Request):
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return None, None
    try:
        user, _, pw = base64.b64decode(header[6:].strip()).decode().partition(":")
    except Exception:
        return None, None
    return user, pw


async def token_endpoint(request: Request) -> Response:
    auth: Authenticator = request.app.state.sim.auth
    client_id, secret = _basic_credentials(request)
    if client_id is None:
        form = await _form(request)
        client_id, secret = form.get("client_id"), form.get("client_secret")
    else:
        form = await _form(request)
    if client_id:
        wait = auth.token_rate_ok(client_id)
        if wait is not None:
            lim = auth.config.token_rate_limit
            err = ApiError(
                "RATE_LIMITED_TOKEN_BUCKET",
                ["api/oauth/token", wait, lim, lim, 60],
                headers={"Retry-After": str(wait), "RateLimit-Limit": str(lim), "RateLimit-Remaining": "0"},
            )
            from .respond import error_response

            return error_response(err)
    if form.get("grant_type") != "client_credentials":
        if not form.get("grant_type"):
            return _oauth_error(400, "invalid_request", "Missing grant_type.")
        return _oauth_error(400, "unsupported_grant_type", "Unsupported grant type.")
    if not auth.client_ok(client_id, secret):
        return _oauth_error(401, "invalid_client", "Invalid credentials provided.", {"WWW-Authenticate": 'Basic realm="oauth"'})
    body = json.dumps(auth.issue_token(client_id), separators=(",", ":"), sort_keys=True)
    return Response(body, status_code=200, media_type="application/json", headers={"Cache-Control": "no-store"})


async def revoke_endpoint(request: Request) -> Response:
    auth: Authenticator = request.app.state.sim.auth
    client_id, secret = _basic_credentials(request)
    if not auth.client_ok(client_id, secret):
        return _oauth_error(401, "invalid_client", "Invalid credentials provided.")
    form = await _form(request)
    if form.get("token"):
        auth.revoked.add(form["token"])
    return Response(status_code=200)


async def _form(request: Request) -> Dict[str, str]:
    from urllib.parse import parse_qs

    raw = (await request.body()).decode("utf-8", "replace")
    return {k: v[0] for k, v in parse_qs(raw).items()}
