# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""The Ansible side shared by every module: the shared options, credentials, validation and failures."""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.atlasops.networking.plugins.module_utils._auth import (
    ServiceAccountAuth,
    TokenCache,
    default_token_cache_dir,
    digest_auth,
)
from ansible_collections.atlasops.networking.plugins.module_utils._client import HAS_REQUESTS, AtlasClient
from ansible_collections.atlasops.networking.plugins.module_utils._errors import AtlasError
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    HAS_PYDANTIC,
    PYDANTIC_IMPORT_ERROR,
    OptionSpecError,
    ValidationError,
    describe_validation_error,
    options_model,
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
    """The options of plugins/doc_fragments/atlas.py (the unit tests compare the two)."""
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


def atlas_credentials(params):
    """('service_account', client_id, client_secret) or ('api_key', public_key, private_key) from the shared
    options in ``params``; a service account wins. Raises ValueError naming the missing option."""
    service_account = (params.get('client_id'), params.get('client_secret'))
    api_key = (params.get('public_key'), params.get('private_key'))
    if any(service_account):
        if not all(service_account):
            missing = 'client_secret' if service_account[0] else 'client_id'
            raise ValueError("option '%s' is missing: a service account needs both client_id and client_secret. %s"
                             % (missing, CREDENTIAL_HELP))
        return ('service_account',) + service_account
    if any(api_key):
        if not all(api_key):
            missing = 'private_key' if api_key[0] else 'public_key'
            raise ValueError("option '%s' is missing: an API key needs both public_key and private_key. %s"
                             % (missing, CREDENTIAL_HELP))
        return ('api_key',) + api_key
    raise ValueError('No Atlas credentials were given. ' + CREDENTIAL_HELP)


def build_client(params, credentials, warn):
    """An AtlasClient for the shared options in ``params`` and ``credentials`` (atlas_credentials()):
    HTTP Digest for an API key, bearer tokens through the per-user token cache for a service account."""
    client = AtlasClient(
        base_url=params['base_url'],
        auth=None,
        request_timeout=params['request_timeout'],
        validate_certs=params['validate_certs'],
        max_retries=params['max_retries'],
        max_retry_time=params['max_retry_time'],
        warn=warn,
    )
    kind, identity, secret = credentials
    if kind == 'service_account':
        cache = TokenCache(default_token_cache_dir(), params['base_url'], identity, secret)
        client.session.auth = client.auth = ServiceAccountAuth(
            params['base_url'], identity, secret, client.fetch_token, cache)
    else:
        client.session.auth = client.auth = digest_auth(identity, secret)
    return client


# The shared options' model (their rules are options.COMMON_RULES: project_id, timeouts, retries).
SharedOptions = options_model('SharedOptions', atlas_argument_spec())


class AtlasModule(object):
    """An AnsibleModule with the shared options, validated options, a lazily built client and Atlas-aware failures.

    ``options_model`` is the module's own options model (``options_model()`` of its argument spec):
    the module's argument spec is the shared options plus the model's spec. Every option is
    validated before anything else happens: the shared ones and the credentials first, then the
    module's own; ``self.options`` is the validated model.
    """

    def __init__(self, options_model, **kwargs):
        spec = atlas_argument_spec()
        shared = sorted(set(spec) & set(options_model.argument_spec))
        if shared:
            raise OptionSpecError('%s redeclares shared option(s) %s' % (options_model.__name__, ', '.join(shared)))
        spec.update(options_model.argument_spec)
        kwargs.setdefault('supports_check_mode', True)
        self.module = (_module_backend or AnsibleModule)(argument_spec=spec, **kwargs)
        self.params = self.module.params
        self.check_mode = self.module.check_mode
        self._client = None
        if not HAS_PYDANTIC:
            self.module.fail_json(msg=missing_required_lib('pydantic>=2'), exception=PYDANTIC_IMPORT_ERROR)
        if not HAS_REQUESTS:
            self.module.fail_json(msg=missing_required_lib('requests'))
        self.validate(SharedOptions, prefix='')
        self._credentials()
        self.options = self.validate(options_model)

    @property
    def diff_mode(self):
        return self.module._diff

    @property
    def project_id(self):
        return self.params['project_id']

    def validate(self, model_class, prefix='Invalid input: '):
        """The model of the task's options; fails naming the option on an invalid value.

        Every field is read from the task's parameters: a field the parameters lack is a programming
        error (the model is not the one of this module's spec), never a silent default.
        """
        missing = sorted(name for name in model_class.model_fields if name not in self.params)
        if missing:
            raise OptionSpecError('%s has field(s) %s that the argument spec lacks' % (model_class.__name__, ', '.join(missing)))
        try:
            return model_class(**dict((name, self.params[name]) for name in model_class.model_fields))
        except ValidationError as error:
            self.fail(prefix + describe_validation_error(error))

    def _credentials(self):
        """Return ('service_account', id, secret) or ('api_key', public, private); fail on anything else."""
        try:
            return atlas_credentials(self.params)
        except ValueError as error:
            self.fail(str(error))

    @property
    def client(self):
        if self._client is None:
            self._client = self._build_client()
        return self._client

    def _build_client(self):
        return build_client(self.params, self._credentials(), self.module.warn)

    def fail(self, msg, **result):
        self.module.fail_json(msg=msg, **result)

    def fail_from_error(self, error, **result):
        if isinstance(error, AtlasError) and error.to_result():
            result.setdefault('error', error.to_result())
        self.module.fail_json(msg=str(error), **result)

    def exit(self, **result):
        self.module.exit_json(**result)
