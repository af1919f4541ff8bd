# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""Authentication: HTTP Digest for API keys, OAuth 2.0 client credentials for service accounts.

Atlas lets a service account request only 10 tokens a minute, and every Ansible task is a new
process, so tokens are cached on disk per user: one file per (base URL, client id, secret) under a hashed name, mode 0600 in
a 0700 directory, holding the token and its expiry but never the client secret. A lock file
serialises fetches so that parallel forks share one token instead of each fetching their own.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import tempfile
import time

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None

try:
    from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth
except ImportError:
    AuthBase = object
    HTTPBasicAuth = HTTPDigestAuth = None

from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import TOKEN_PATH
from ansible_collections.atlasops.networking.plugins.module_utils._errors import (
    AtlasApiError,
    AtlasConnectionError,
    AtlasError,
    Credential,
)

# Refresh this long before Atlas says the token expires, so a token never dies mid-task.
TOKEN_EXPIRY_MARGIN_SECONDS = 120
TOKEN_CACHE_DIR_ENV = 'ATLASOPS_TOKEN_CACHE_DIR'
# How long a fork waits at least for another one fetching the token (a fetch takes well under a second,
# but one the token limit refuses waits for Retry-After: build_client() waits as long as its retries may take).
LOCK_TIMEOUT_SECONDS = 60
LOCK_POLL_SECONDS = 0.05
STALE_TEMP_FILE_SECONDS = 3600


def default_token_cache_dir():
    override = os.environ.get(TOKEN_CACHE_DIR_ENV)
    if override:
        return override
    base = os.environ.get('XDG_CACHE_HOME') or os.path.join(os.path.expanduser('~'), '.cache')
    return os.path.join(base, 'atlasops.networking', 'tokens')


def ensure_private_directory(directory):
    """Create ``directory`` (mode 0700) unless it exists, race-free, then check that it is private.

    Parallel forks and jobs create it at the same moment: ``exist_ok`` makes "someone else made it
    first" a success, never ``File exists``. Whoever made it, it must then be a directory of this
    user that nobody else can read; a too open one of this user is closed to 0700, anything else
    is refused (tokens are bearer credentials).
    """
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        info = os.stat(directory)
    except OSError as error:
        raise AtlasError('Cannot create the token cache directory %s (%s): set %s to a directory you can write.'
                         % (directory, error.strerror or error, TOKEN_CACHE_DIR_ENV))
    if not stat.S_ISDIR(info.st_mode):
        raise AtlasError('The token cache path %s is not a directory: set %s to a private directory.'
                         % (directory, TOKEN_CACHE_DIR_ENV))
    if info.st_uid != os.geteuid():
        raise AtlasError('The token cache directory %s belongs to another user: set %s to a directory of your own.'
                         % (directory, TOKEN_CACHE_DIR_ENV))
    if stat.S_IMODE(info.st_mode) & 0o077:
        try:
            os.chmod(directory, 0o700)
        except OSError as error:
            if error.errno != errno.ENOENT:
                raise AtlasError('The token cache directory %s is open to other users (mode %o) and cannot be '
                                 'made private: %s' % (directory, stat.S_IMODE(info.st_mode), error.strerror))


class TokenCache(object):
    """Per-user file cache of access tokens."""

    def __init__(self, directory, base_url, client_id, client_secret=None):
        self.directory = directory
        # The secret is part of the (hashed) key: a wrong or rotated secret never reuses a token
        # fetched with another one, so wrong credentials fail at once.
        parts = (base_url.rstrip('/'), client_id) + ((client_secret,) if client_secret else ())
        key = hashlib.sha256('\n'.join(parts).encode('utf-8')).hexdigest()
        self.path = os.path.join(directory, key + '.json')
        self.lock_path = self.path + '.lock'

    def _ensure_directory(self):
        ensure_private_directory(self.directory)

    def read(self, now=None):
        """Return a token still valid for at least the expiry margin, else None.

        Anything else in the file (cut short, empty, zeros, garbage, other types) means no token: the
        caller fetches a new one and replaces the file."""
        now = time.time() if now is None else now
        try:
            with open(self.path) as handle:
                entry = json.load(handle)
            token, expires_at = entry['access_token'], float(entry['expires_at'])
        except (IOError, OSError, ValueError, TypeError, KeyError):
            return None
        if not (isinstance(token, str) and token and expires_at - TOKEN_EXPIRY_MARGIN_SECONDS > now):
            return None
        return token

    def write(self, access_token, expires_in, now=None):
        now = time.time() if now is None else now
        self._ensure_directory()
        descriptor, temp_path = tempfile.mkstemp(dir=self.directory, prefix='.token-')
        try:
            os.fchmod(descriptor, 0o600)
            with os.fdopen(descriptor, 'w') as handle:
                json.dump({'access_token': access_token, 'expires_at': now + float(expires_in)}, handle)
            os.replace(temp_path, self.path)
        except Exception:
            if os.path.exists(temp_path):
                os.unlink(temp_path)
            raise
        self._remove_stale_temp_files(now)

    def _remove_stale_temp_files(self, now):
        """Temp files a killed process left behind (it never reached os.replace): harmless, but tidied."""
        for name in os.listdir(self.directory):
            path = os.path.join(self.directory, name)
            try:
                if name.startswith('.token-') and os.stat(path).st_mtime < now - STALE_TEMP_FILE_SECONDS:
                    os.unlink(path)
            except OSError:
                pass  # another process tidied it first

    def discard(self, access_token):
        """Forget a token Atlas rejected, unless another process already replaced it."""
        if self.read(now=0) == access_token:
            try:
                os.unlink(self.path)
            except OSError:
                pass

    def locked(self, timeout=LOCK_TIMEOUT_SECONDS):
        return _FileLock(self.lock_path, self._ensure_directory, timeout)


class _FileLock(object):
    """An exclusive flock on ``path``. The kernel releases it when its holder dies (even by kill -9);
    a holder that hangs is waited for at most ``timeout`` seconds, then the caller goes on without
    the lock (the worst case is one more token request, never a failed task)."""

    def __init__(self, path, ensure_directory, timeout=LOCK_TIMEOUT_SECONDS, sleep=time.sleep, clock=time.monotonic):
        self.path = path
        self.ensure_directory = ensure_directory
        self.timeout = timeout
        self.sleep = sleep
        self.clock = clock
        self.handle = None

    def __enter__(self):
        if fcntl is None:
            return self
        self.ensure_directory()
        self.handle = os.fdopen(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600), 'w')
        end = self.clock() + self.timeout
        while True:
            try:
                fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except (IOError, OSError) as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES) or self.clock() >= end:
                    self.handle.close()
                    self.handle = None
                    return self
            self.sleep(LOCK_POLL_SECONDS)

    def __exit__(self, *exc_info):
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()


class ServiceAccountAuth(AuthBase):
    """Bearer auth whose token comes from the cache or, failing that, from the token endpoint."""

    def __init__(self, base_url, client_id, client_secret, fetch, cache, lock_timeout=LOCK_TIMEOUT_SECONDS):
        self.base_url = base_url.rstrip('/')
        self.client_id = client_id
        self._client_secret = client_secret
        self._fetch = fetch
        self.cache = cache
        # how long another fork's fetch is waited for: a fetch the token limit answers with 429 waits
        # for Retry-After (up to a minute); a fork that stopped waiting sooner would fetch a token too
        self.lock_timeout = lock_timeout
        self.token = None
        self.tokens_fetched = 0

    def __repr__(self):
        return 'ServiceAccountAuth(client_id=%r)' % self.client_id

    def __call__(self, request):
        if self.token is None:
            self.token = self._cached_or_new_token()
        request.headers['Authorization'] = 'Bearer %s' % self.token
        return request

    def invalidate(self):
        """Called after a 401: drop the token everywhere so the next request fetches a new one."""
        if self.token is not None:
            self.cache.discard(self.token)
        self.token = None

    def _cached_or_new_token(self):
        # A valid cached token needs no lock (the file is replaced atomically), so a hung process that
        # holds the lock delays only the task that must fetch a new token, and that one for a bounded time.
        token = self.cache.read()
        if token:
            return token
        with self.cache.locked(self.lock_timeout):
            token = self.cache.read()
            if token:
                return token
            access_token, expires_in = self._request_token()
            self.cache.write(access_token, expires_in)
            return access_token

    def _request_token(self):
        response = self._fetch(
            self.base_url + TOKEN_PATH,
            HTTPBasicAuth(self.client_id, self._client_secret),
        )
        self.tokens_fetched += 1
        if response.status_code != 200:
            raise AtlasApiError.from_response(response, 'POST', TOKEN_PATH, credential=describe_credential(self))
        try:
            body = response.json()
            return body['access_token'], float(body.get('expires_in', 3600))
        except (ValueError, KeyError, TypeError):
            raise AtlasConnectionError('The token endpoint %s answered without an access_token.' % TOKEN_PATH)


def digest_auth(public_key, private_key):
    return HTTPDigestAuth(public_key, private_key)


def describe_credential(auth):
    """The Credential (kind and public identity) behind a requests auth object, or None."""
    if isinstance(auth, ServiceAccountAuth):
        return Credential('service_account', auth.client_id)
    if HTTPDigestAuth is not None and isinstance(auth, HTTPDigestAuth):
        return Credential('api_key', auth.username)
    return None
