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
      - Base URL of the Atlas Administration API, without C(/api/atlas/v2).
      - Point it at a local simulator (C(atlas-sim)) to rehearse playbooks offline.
      - If not set, the environment variable E(MONGODB_ATLAS_BASE_URL) is used.
    type: str
    default: https://cloud.mongodb.com
  public_key:
    description:
      - Public key of an Atlas programmatic API key (HTTP Digest authentication).
      - If not set, E(MONGODB_ATLAS_PUBLIC_API_KEY), then E(MONGODB_ATLAS_PUBLIC_KEY), is used.
      - Needs O(private_key). Ignored when a service account (O(client_id) and O(client_secret)) is given.
    type: str
  private_key:
    description:
      - Private key of the Atlas programmatic API key.
      - If not set, E(MONGODB_ATLAS_PRIVATE_API_KEY), then E(MONGODB_ATLAS_PRIVATE_KEY), is used.
    type: str
  client_id:
    description:
      - Client ID of an Atlas service account (OAuth 2.0 client credentials). Recommended over API keys.
      - If not set, E(MONGODB_ATLAS_CLIENT_ID) is used.
      - A service account wins over an API key when both are configured.
      - Access tokens are cached per user (file mode 0600 under C(~/.cache/atlasops.networking/tokens),
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
      - How many times a request is retried after HTTP 429, 500, 502, 503, 504 or a connection failure.
      - Retries back off exponentially with jitter and honour C(Retry-After). Each retry prints a warning.
      - A create (POST) whose outcome is unknown is never re-sent blindly; the module looks the
        resource up first, so retries never create duplicates.
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
  - "Use O(project_id) and the credential options in C(module_defaults) with the group
    C(group/atlasops.networking.atlas) to set them once per play."
'''
