# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment(object):

    # The connection, credential and project options every module shares.
    DOCUMENTATION = r'''
options:
  base_url:
    description:
      - Base URL of Atlas, for example V(https://cloud.mongodb.com). The API path C(/api/atlas/v2) the Atlas
        documentation prints after it may be included or left out (it is taken off); any other path into the
        API is refused.
      - Must start with C(https://) (C(http://) only for a local simulator) and name a host; anything else fails
        before any request is sent, naming this option.
      - Point it at a local simulator (C(atlas-sim)) to rehearse playbooks offline.
      - If not set, the environment variable E(MONGODB_ATLAS_BASE_URL) is used.
    type: str
    default: https://cloud.mongodb.com
  public_key:
    description:
      - Public key of an Atlas programmatic API key (HTTP Digest authentication). Needs O(private_key).
      - If neither O(public_key) nor O(private_key) is set, E(MONGODB_ATLAS_PUBLIC_API_KEY), then
        E(MONGODB_ATLAS_PUBLIC_KEY), is used (see the notes for which credential is used).
    type: str
  private_key:
    description:
      - Private key of the Atlas programmatic API key.
      - If not set, E(MONGODB_ATLAS_PRIVATE_API_KEY), then E(MONGODB_ATLAS_PRIVATE_KEY), is used.
    type: str
  client_id:
    description:
      - Client ID of an Atlas service account (OAuth 2.0 client credentials). Recommended over API keys.
        Needs O(client_secret).
      - If neither O(client_id) nor O(client_secret) is set, E(MONGODB_ATLAS_CLIENT_ID) is used (see the notes
        for which credential is used).
      - Access tokens are cached per user (file mode 0600 in a 0700 directory, C(~/.cache/atlasops.networking/tokens),
        or E(ATLASOPS_TOKEN_CACHE_DIR)) and reused across tasks until shortly before they expire,
        because Atlas allows only 10 token requests a minute per service account. The secret is never cached.
    type: str
  client_secret:
    description:
      - Client secret of the Atlas service account.
      - If not set, E(MONGODB_ATLAS_CLIENT_SECRET) is used.
    type: str
  project_id:
    description:
      - The Atlas project (group) ID, 24 hexadecimal characters.
      - If not set, E(MONGODB_ATLAS_PROJECT_ID) is used.
    type: str
    required: true
    aliases: [group_id]
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(base_url). Only disable for a trusted test endpoint.
    type: bool
    default: true
  request_timeout:
    description:
      - Seconds to wait for Atlas to answer one HTTP request.
    type: float
    default: 30
  max_retries:
    description:
      - How many times a request is retried after HTTP 429, 500, 502, 503, 504, 405
        C(WRITES_NOT_ALLOWED_DURING_APP_UPGRADES) (Atlas being upgraded) or a connection failure.
      - Retries back off exponentially with jitter and honour C(Retry-After). Each retry prints a warning.
      - A create (POST) is re-sent only after an answer saying Atlas did nothing (429, 503
        C(SERVICE_UNAVAILABLE), 405 C(WRITES_NOT_ALLOWED_DURING_APP_UPGRADES)). A create whose outcome is
        unknown is never re-sent blindly; the module looks the resource up first, so retries never create
        duplicates.
      - A refusal of the credential (HTTP 401 or 403 for a wrong key, a missing role, or an address not on the
        organization's API access list) is never retried; the message names the credential (its public key
        or client id, never the secret) and, for a missing role, the role the request needs.
    type: int
    default: 5
  max_retry_time:
    description:
      - Upper bound, in seconds, on the time spent retrying one request.
    type: float
    default: 120
requirements:
  - requests >= 2.28
  - pydantic >= 2.5
notes:
  - Every option is validated before any request is sent to Atlas.
  - "Which credential is used: what the task sets (its options, then C(module_defaults), including what a role
    passes as options) comes before the environment. A credential option the task sets picks its pair (service
    account: O(client_id) and O(client_secret); API key: O(public_key) and O(private_key)), and the environment
    only fills in the other half of that pair; credentials of the other kind in the environment are then
    ignored. When the task sets no credential option, both pairs are read from the environment. A pair with only
    one half fails the task naming the missing option. When both pairs are complete (both set by the task, or both
    in the environment), the service account wins. An empty value counts as not set."
  - "Use O(project_id) and the credential options in C(module_defaults) with the group
    C(group/atlasops.networking.atlas) to set them once per play."
  - "When Atlas marks the API version a request uses as deprecated (C(Deprecation) and C(Sunset) headers), the
    task warns once per run with the version and the dates; a newer release of the collection uses a newer
    version. A version Atlas no longer serves (410 C(VERSION_GONE)) fails the task: upgrade the collection."
'''
