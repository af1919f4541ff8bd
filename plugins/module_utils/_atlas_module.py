# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""The Ansible side shared by every module: the shared options, credentials, validation and failures."""

from __future__ import annotations

import os

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.atlasops.networking.plugins.module_utils._auth import (
    LOCK_TIMEOUT_SECONDS,
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

# The two kinds of credential, the service account first (it wins when both are complete), each a
# pair of (option, environment variables that fill it in when nothing set it).
CREDENTIAL_PAIRS = (
    ('service_account', 'a service account', (
        ('client_id', ('MONGODB_ATLAS_CLIENT_ID',)),
        ('client_secret', ('MONGODB_ATLAS_CLIENT_SECRET',)),
    )),
    ('api_key', 'an API key', (
        ('public_key', ('MONGODB_ATLAS_PUBLIC_API_KEY', 'MONGODB_ATLAS_PUBLIC_KEY')),
        ('private_key', ('MONGODB_ATLAS_PRIVATE_API_KEY', 'MONGODB_ATLAS_PRIVATE_KEY')),
    )),
)


class CredentialError(Exception):
    """The credentials the task and the environment give are incomplete (the message says which option)."""


def resolve_credentials(params, environ):
    """(kind, identity, secret) of the credential to use, with Ansible's precedence.

    What the task sets (task options, module_defaults, role variables passed as options: all of them
    arrive as ``params``) beats the environment. The pairs the task touches are the only candidates,
    and the environment only fills in the half of such a pair that nothing set; the environment's
    other pair is ignored. With no credential option set, both pairs come from the environment. A
    candidate pair with one half only is an error naming the missing option (never silently
    replaced by the other pair); when both pairs are complete, the service account wins. An empty
    string counts as not set (AWX injects the unused pair's variables empty).
    """
    touched = [kind for kind, _words, pair in CREDENTIAL_PAIRS if any(params.get(option) for option, _names in pair)]
    candidates = [_fill_pair(pair, params, environ) + (kind, words, pair)
                  for kind, words, pair in CREDENTIAL_PAIRS if not touched or kind in touched]
    for values, sources, _kind, words, pair in candidates:
        if any(values) and not all(values):
            given, missing = (0, 1) if values[0] else (1, 0)
            raise CredentialError(
                "option '%s' is missing: %s needs both %s and %s, but only %s is given (%s). Set %s or env %s "
                "(a credential option the task sets picks its pair; the environment only fills in the other half "
                "of that pair)." % (pair[missing][0], words, pair[0][0], pair[1][0], pair[given][0], sources[given],
                                    pair[missing][0], ' or '.join(pair[missing][1])))
    for values, _sources, kind, _words, _pair in candidates:
        if all(values):
            return kind, values[0], values[1]
    raise CredentialError('No Atlas credentials were given. ' + CREDENTIAL_HELP)


def _fill_pair(pair, params, environ):
    """([value, value], [where each came from]) of one credential pair: the task's value, else the environment's."""
    values, sources = [], []
    for option, names in pair:
        name = next((name for name in names if environ.get(name)), None)
        if params.get(option):
            values.append(params[option])
            sources.append('set in the task or module_defaults')
        elif name:
            values.append(environ[name])
            sources.append('from env %s' % name)
        else:
            values.append(None)
            sources.append(None)
    return values, sources


def atlas_argument_spec():
    """The options of plugins/doc_fragments/atlas.py (the unit tests compare the two).

    The credential options have no ``fallback``: an environment fallback would be applied before the
    module sees its parameters, and the module could no longer tell a credential the task set from
    one the environment set (resolve_credentials() applies the environment itself).
    """
    return dict(
        base_url=dict(type='str', default='https://cloud.mongodb.com',
                      fallback=(env_fallback, ['MONGODB_ATLAS_BASE_URL'])),
        public_key=dict(type='str', no_log=False),
        private_key=dict(type='str', no_log=True),
        client_id=dict(type='str'),
        client_secret=dict(type='str', no_log=True),
        project_id=dict(type='str', required=True, aliases=['group_id'],
                        fallback=(env_fallback, ['MONGODB_ATLAS_PROJECT_ID'])),
        validate_certs=dict(type='bool', default=True),
        request_timeout=dict(type='float', default=30),
        max_retries=dict(type='int', default=5),
        max_retry_time=dict(type='float', default=120),
    )


def build_client(shared, credential, warn):
    """The AtlasClient of validated shared options (``base_url``, ``request_timeout``, ``validate_certs``,
    ``max_retries``, ``max_retry_time``) and a ``resolve_credentials()`` result: HTTP Digest for an API key,
    bearer tokens through the per-user token cache for a service account. The modules and the
    atlas_projects inventory plugin build their clients here."""
    client = AtlasClient(
        base_url=shared.base_url,
        auth=None,
        request_timeout=shared.request_timeout,
        validate_certs=shared.validate_certs,
        max_retries=shared.max_retries,
        max_retry_time=shared.max_retry_time,
        warn=warn,
    )
    kind, identity, secret = credential
    if kind == 'service_account':
        cache = TokenCache(default_token_cache_dir(), client.base_url, identity, secret)
        # the forks of a run wait for the one fetching the token as long as its retries may take:
        # max_retry_time of backoff and Retry-After, then a last attempt (10 s to connect, request_timeout to answer)
        lock_timeout = max(LOCK_TIMEOUT_SECONDS, shared.max_retry_time + shared.request_timeout + 10)
        client.session.auth = client.auth = ServiceAccountAuth(
            client.base_url, identity, secret, client.fetch_token, cache, lock_timeout)
    else:
        client.session.auth = client.auth = digest_auth(identity, secret)
    return client


# The shared options' model (their rules are _options.COMMON_RULES: base_url, project_id, timeouts, retries).
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
        self.shared = self.validate(SharedOptions, prefix='')
        self.credential = self._credentials()
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
        """('service_account', id, secret) or ('api_key', public, private); fail on anything else."""
        try:
            kind, identity, secret = resolve_credentials(self.params, os.environ)
        except CredentialError as error:
            self.fail(str(error))
        # Masked in everything the task returns, also when it came from the environment (as the
        # fallback value of a no_log option would be).
        self.module.no_log_values.add(secret)
        return kind, identity, secret

    @property
    def client(self):
        if self._client is None:
            self._client = self._build_client()
        return self._client

    def _build_client(self):
        return build_client(self.shared, self.credential, self.module.warn)

    def fail(self, msg, **result):
        self.module.fail_json(msg=msg, **result)

    def fail_from_error(self, error, **result):
        if isinstance(error, AtlasError) and error.to_result():
            result.setdefault('error', error.to_result())
        self.module.fail_json(msg=str(error), **result)

    def exit(self, **result):
        # Which project the task used, wherever it came from (option, module_defaults, environment).
        result.setdefault('project_id', self.project_id)
        self.module.exit_json(**result)
