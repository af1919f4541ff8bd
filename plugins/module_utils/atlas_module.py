# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Ansible side shared by every module: options, credentials, validation and failures."""

from __future__ import annotations

import re

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.atlasops.networking.plugins.module_utils.auth import (
    ServiceAccountAuth,
    TokenCache,
    default_token_cache_dir,
    digest_auth,
)
from ansible_collections.atlasops.networking.plugins.module_utils.client import HAS_REQUESTS, AtlasClient
from ansible_collections.atlasops.networking.plugins.module_utils.errors import AtlasError
from ansible_collections.atlasops.networking.plugins.module_utils.validators import ATLAS_ID_PATTERN
from ansible_collections.atlasops.networking.plugins.module_utils.pydantic_compat import (
    HAS_PYDANTIC,
    PYDANTIC_IMPORT_ERROR,
    ValidationError,
    describe_validation_error,
)

# What AtlasModule reads its options from and reports through: AnsibleModule in a module process.
# The in-process action plugins (plugins/plugin_utils/in_process.py) set a stand-in with the same
# interface (params, check_mode, _diff, warn, fail_json, exit_json) for the length of one task,
# in the forked worker process only, through use_module_backend().
_module_backend = None


def use_module_backend(factory):
    """Make AtlasModule build ``factory(argument_spec=..., **kwargs)`` instead of AnsibleModule.

    ``None`` restores AnsibleModule. Returns the factory that was in place.
    """
    global _module_backend  # pylint: disable=global-statement
    previous, _module_backend = _module_backend, factory
    return previous


CREDENTIAL_HELP = (
    'Set client_id and client_secret (env MONGODB_ATLAS_CLIENT_ID, MONGODB_ATLAS_CLIENT_SECRET) '
    'for a service account, or public_key and private_key (env MONGODB_ATLAS_PUBLIC_API_KEY or '
    'MONGODB_ATLAS_PUBLIC_KEY, MONGODB_ATLAS_PRIVATE_API_KEY or MONGODB_ATLAS_PRIVATE_KEY) for an API key.'
)


def atlas_argument_spec():
    """The options of plugins/doc_fragments/atlas.py; keep the two in step."""
    return dict(
        base_url=dict(type='str', default='https://cloud.mongodb.com',
                      fallback=(env_fallback, ['MONGODB_ATLAS_BASE_URL'])),
        public_key=dict(type='str', no_log=False,
                        fallback=(env_fallback, ['MONGODB_ATLAS_PUBLIC_API_KEY', 'MONGODB_ATLAS_PUBLIC_KEY'])),
        private_key=dict(type='str', no_log=True,
                         fallback=(env_fallback, ['MONGODB_ATLAS_PRIVATE_API_KEY', 'MONGODB_ATLAS_PRIVATE_KEY'])),
        client_id=dict(type='str', fallback=(env_fallback, ['MONGODB_ATLAS_CLIENT_ID'])),
        client_secret=dict(type='str', no_log=True, fallback=(env_fallback, ['MONGODB_ATLAS_CLIENT_SECRET'])),
        project_id=dict(type='str', required=True, aliases=['group_id'],
                        fallback=(env_fallback, ['MONGODB_ATLAS_PROJECT_ID'])),
        validate_certs=dict(type='bool', default=True),
        request_timeout=dict(type='float', default=30),
        max_retries=dict(type='int', default=5),
        max_retry_time=dict(type='float', default=120),
    )


class AtlasModule(object):
    """An AnsibleModule with the shared options, a lazily built client and Atlas-aware failures."""

    def __init__(self, argument_spec, **kwargs):
        spec = atlas_argument_spec()
        spec.update(argument_spec)
        kwargs.setdefault('supports_check_mode', True)
        self.module = (_module_backend or AnsibleModule)(argument_spec=spec, **kwargs)
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        self._client = None
        if not HAS_PYDANTIC:
            self.module.fail_json(msg=missing_required_lib('pydantic>=2'), exception=PYDANTIC_IMPORT_ERROR)
        if not HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib('requests'))
        self._check_shared_options()

    @property
    def diff_mode(self):
        return self.module._diff

    @property
    def project_id(self):
        return self.params['project_id']

    def _check_shared_options(self):
        self.check_atlas_id('project_id', 'project')
        for name in ('request_timeout', 'max_retry_time'):
            if self.params[name] <= 0:
                self.fail("option '%s': must be greater than 0, got %s" % (name, self.params[name]))
        if self.params['max_retries'] < 0:
            self.fail("option 'max_retries': must be 0 or more, got %s" % self.params['max_retries'])
        self._credentials()

    def check_atlas_id(self, option, what):
        """Fail, before any request, unless the option is unset or an Atlas id (24 lowercase hex)."""
        value = self.params.get(option)
        if value is not None and not re.match(ATLAS_ID_PATTERN, value):
            self.fail("option '%s': %r is not an Atlas %s id; it must match %s (24 lowercase hexadecimal characters)"
                      % (option, value, what, ATLAS_ID_PATTERN))

    def _credentials(self):
        """Return ('service_account', id, secret) or ('api_key', public, private); fail on anything else."""
        params = self.params
        service_account = (params['client_id'], params['client_secret'])
        api_key = (params['public_key'], params['private_key'])
        if any(service_account):
            if not all(service_account):
                missing = 'client_secret' if params['client_id'] else 'client_id'
                self.fail("option '%s' is missing: a service account needs both client_id and client_secret. %s"
                          % (missing, CREDENTIAL_HELP))
            return ('service_account',) + service_account
        if any(api_key):
            if not all(api_key):
                missing = 'private_key' if params['public_key'] else 'public_key'
                self.fail("option '%s' is missing: an API key needs both public_key and private_key. %s"
                          % (missing, CREDENTIAL_HELP))
            return ('api_key',) + api_key
        self.fail('No Atlas credentials were given. ' + CREDENTIAL_HELP)

    @property
    def client(self):
        if self._client is None:
            self._client = self._build_client()
        return self._client

    def _build_client(self):
        params = self.params
        client = AtlasClient(
            base_url=params['base_url'],
            auth=None,
            request_timeout=params['request_timeout'],
            validate_certs=params['validate_certs'],
            max_retries=params['max_retries'],
            max_retry_time=params['max_retry_time'],
            warn=self.module.warn,
        )
        kind, identity, secret = self._credentials()
        if kind == 'service_account':
            cache = TokenCache(default_token_cache_dir(), params['base_url'], identity, secret)
            client.session.auth = client.auth = ServiceAccountAuth(
                params['base_url'], identity, secret, client.fetch_token, cache)
        else:
            client.session.auth = client.auth = digest_auth(identity, secret)
        return client

    def validate(self, model_class, option_names=None, **extra):
        """Build the pydantic model from the module's own options; fail naming the option on error."""
        values = dict((name, self.params.get(name)) for name in model_class.model_fields if name in self.params)
        values.update(extra)
        try:
            return model_class(**values)
        except ValidationError as error:
            self.fail('Invalid input: ' + describe_validation_error(error, option_names))

    def fail(self, msg, **result):
        self.module.fail_json(msg=msg, **result)

    def fail_from_error(self, error, **result):
        if isinstance(error, AtlasError) and error.to_result():
            result.setdefault('error', error.to_result())
        self.module.fail_json(msg=str(error), **result)

    def exit(self, **result):
        self.module.exit_json(**result)
