# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
name: atlas_projects
short_description: MongoDB Atlas projects as inventory hosts
version_added: 0.1.0
description:
  - Lists the Atlas projects (API "groups") that the credentials can see, through the Atlas Administration
    API v2, and makes each one a host with C(ansible_connection=local), so a play runs once per project on
    the controller (with C(--forks) projects at a time, or sliced over several AWX jobs).
  - All projects, or those of the given O(organizations); then filtered by O(name_prefix) (Atlas's own
    prefix filter where the API has one), O(name_regex) and O(tags).
  - "Host variables of every project: C(atlas_project_id) and C(atlas_peering_project_id) (the project id;
    the second one is the variable the role C(atlasops.networking.peering) reads), C(atlas_project_name),
    C(atlas_org_id), C(atlas_org_name), C(atlas_project_tags) (a dictionary of the project's tags),
    C(atlas_cluster_count), C(atlas_project_created) and C(ansible_connection=local)."
  - "The modules do not take the project from the inventory by themselves: give them the project of each host
    with C(module_defaults) for C(group/atlasops.networking.atlas) and C(project_id: '{{ atlas_project_id }}')
    in the play (templated per host); see the examples."
  - Lists are read in pages of 500 with the retries of the modules (HTTP 429 and 5xx after
    C(Retry-After) with backoff). The credentials, their environment variables, which credential is used
    and the token cache are those of the modules, so a credential of the C(MongoDB Atlas) AWX credential
    type works as is (see C(docs/awx.md)).
  - The configuration file must be named C(*atlas_projects.yml) or C(*atlas_projects.yaml).
  - Every option is checked before any request; a wrong one fails with a message that names it.
author:
  - atlasops.networking developers (@atlasops)
requirements:
  - requests >= 2.28
  - pydantic >= 2.5
extends_documentation_fragment:
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
notes:
  - The inventory cache (O(cache)) holds the projects Atlas returned (ids, names, organizations, tags,
    cluster counts), never a credential. Its key includes the base URL, the credential's public identity
    (O(client_id) or O(public_key)), O(organizations) and O(name_prefix), so two credentials never share
    cached projects; O(name_regex) and O(tags) are applied after reading the cache.
  - "Which credential is used, as for the modules: a credential option the config file sets picks its pair
    (O(client_id)/O(client_secret) or O(public_key)/O(private_key)), and the environment only fills in the
    other half of that pair; with none set in the file, both pairs come from the environment. A pair with
    one half only fails naming the missing option; when both pairs are complete, the service account
    wins. An empty value counts as not set (AWX injects the unused pair's variables empty)."
  - Project names may contain characters that host patterns treat specially (V(,), V(:), V(&)). Use
    O(hostname=id) when such a project must be targeted with C(--limit) or C(hosts:).
  - In process (the default), the modules run with the controller's Python. On the module path
    (C(atlasops_networking_in_process=false)) a C(local) host uses interpreter discovery; set
    C(ansible_python_interpreter) (for example to C("{{ ansible_playbook_python }}") as a play variable) when the
    discovered Python lacks requests or pydantic.
seealso:
  - name: Job slicing in AWX and the inventory source
    description: The plugin as an AWX inventory source, and sliced job templates over its hosts.
    link: https://github.com/atlasops/networking/blob/main/docs/awx.md
options:
  plugin:
    description:
      - The name of this plugin.
    type: str
    required: true
    choices: [atlasops.networking.atlas_projects]
  base_url:
    description:
      - Base URL of Atlas, for example V(https://cloud.mongodb.com); a trailing C(/api/atlas/v2) is taken off.
      - Must start with C(https://) (C(http://) only for a local simulator) and name a host.
    type: str
    default: https://cloud.mongodb.com
    env:
      - name: MONGODB_ATLAS_BASE_URL
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
  organizations:
    description:
      - Only the projects of these organizations, each given by its id (24 hexadecimal characters) or its exact
        name. Names are looked up in the organizations the credentials can see.
      - When not set, every project the credentials can see.
    type: list
    elements: str
  name_prefix:
    description:
      - Only projects whose name starts with this prefix (case-insensitive, as Atlas compares it).
      - With O(organizations), Atlas filters the lists itself (C(name) of C(/orgs/{orgId}/groups)); without
        it, the plugin filters C(/groups), which has no such filter.
    type: str
  name_regex:
    description:
      - Only projects whose name matches this Python regular expression (C(re.search); anchor it with C(^)
        and C($) for a whole-name match). Applied after O(name_prefix).
    type: str
  tags:
    description:
      - Only projects that have all these tags. Each key maps to a value, or to a list of accepted values.
    type: dict
  hostname:
    description:
      - What names the host of a project.
      - V(name), the project name. Project names are unique within an organization only; when two projects
        the plugin lists share a name, it fails and names them (use another O(hostname) or narrow
        O(organizations)).
      - V(id), the project id.
      - V(org_and_name), the organization name and the project name, as C(<org name>/<project name>).
    type: str
    default: name
    choices: [name, id, org_and_name]
'''

EXAMPLES = r'''
# atlas_projects.yml: every project the credentials can see, one group per value of the tag "env"
# (credentials from MONGODB_ATLAS_CLIENT_ID / MONGODB_ATLAS_CLIENT_SECRET or the API key variables)
plugin: atlasops.networking.atlas_projects
keyed_groups:
  - key: atlas_project_tags.env
    prefix: env
  - key: atlas_org_name
    prefix: org

---
# prod_atlas_projects.yml: the production projects of two organizations, named by id, cached for an hour
plugin: atlasops.networking.atlas_projects
organizations:
  - acme-payments
  - 5f3c0b8e9d1a2b3c4d5e6f71
name_prefix: pay-
name_regex: '-(eu|us)$'
tags:
  env: [prod, production]
hostname: id
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/atlas_projects_inventory
cache_timeout: 3600
groups:
  has_clusters: atlas_cluster_count > 0
compose:
  # a variable of another role of your own, from the project id
  my_role_project_id: atlas_project_id

---
# Then, a playbook over a keyed group: the role reads atlas_peering_project_id from each host;
# the modules get the host's project through module_defaults, templated per host.
- name: Peer every production project with its GCP network
  hosts: env_prod
  gather_facts: false
  module_defaults:
    group/atlasops.networking.atlas:
      project_id: "{{ atlas_project_id }}"
  tasks:
    - name: Peer the network named after the project
      ansible.builtin.include_role:
        name: atlasops.networking.peering
      vars:
        atlas_peering_provider: GCP
        atlas_peering_atlas_cidr_block: 10.8.0.0/18
        atlas_peering_gcp_project_id: "{{ atlas_project_tags.gcp_project | default('shared-vpc-host') }}"
        atlas_peering_network_name: "{{ atlas_project_name }}-net"
        atlas_peering_access_list: [10.30.0.0/16]

    - name: Read the project's GCP containers
      atlasops.networking.network_container_info:
        provider_name: GCP
'''

import hashlib
import json
import os
import re

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import ORG_PROJECTS, ORGS, PROJECTS
from ansible_collections.atlasops.networking.plugins.module_utils._atlas_module import (
    CredentialError,
    atlas_argument_spec,
    build_client,
    resolve_credentials,
)
from ansible_collections.atlasops.networking.plugins.module_utils._client import HAS_REQUESTS
from ansible_collections.atlasops.networking.plugins.module_utils._errors import AtlasError
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    HAS_PYDANTIC,
    OptionRules,
    ValidationError,
    describe_validation_error,
    field_validator,
    options_model,
)
from ansible_collections.atlasops.networking.plugins.module_utils._validators import ATLAS_ID_PATTERN

HOSTNAMES = ('name', 'id', 'org_and_name')


class InventoryConfigError(Exception):
    """The configuration cannot work (the message names the option); nothing more is sent to Atlas."""


# The options with rules, declared like a module's argument spec (tests compare them with DOCUMENTATION):
# the modules' connection options without project_id, and the filters.
ARGUMENT_SPEC = dict(
    dict((name, spec) for name, spec in atlas_argument_spec().items() if name != 'project_id'),
    organizations=dict(type='list', elements='str'),
    name_prefix=dict(type='str'),
    name_regex=dict(type='str'),
    tags=dict(type='dict'),
    hostname=dict(type='str', default='name', choices=list(HOSTNAMES)),
)


class InventoryRules(OptionRules):
    """The filters' rules; base_url, request_timeout, max_retries and max_retry_time have the modules'
    rules (_options.COMMON_RULES)."""

    @field_validator('organizations')
    @classmethod
    def _no_empty_organization(cls, value):
        if value is not None and any(not (entry or '').strip() for entry in value):
            raise ValueError('an organization id or name must not be empty')
        return value

    @field_validator('name_regex')
    @classmethod
    def _compiles(cls, value):
        if value is not None:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError('%r is not a valid regular expression: %s' % (value, error))
        return value

    @field_validator('tags')
    @classmethod
    def _tag_values(cls, value):
        for key, accepted in (value or {}).items():
            values = accepted if isinstance(accepted, list) else [accepted]
            if not key or not values or not all(isinstance(item, str) and item for item in values):
                raise ValueError('tag %r must map to a non-empty string or a list of them, got %r' % (key, accepted))
        return value


InventoryOptions = options_model('AtlasProjectsInventoryOptions', ARGUMENT_SPEC, InventoryRules)


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = 'atlasops.networking.atlas_projects'

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and \
            path.endswith(('atlas_projects.yml', 'atlas_projects.yaml'))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        try:
            options, credential = self._validated_options()
            projects = self._projects(options, credential, path, cache)
            self._populate(select_projects(projects, options), options)
        except (InventoryConfigError, AtlasError) as error:
            raise AnsibleParserError('%s: %s' % (self.NAME, error))

    # -- options ------------------------------------------------------------------------
    def _validated_options(self):
        if not HAS_REQUESTS or not HAS_PYDANTIC:
            raise AnsibleParserError('The %s inventory plugin needs the Python libraries requests and pydantic>=2 '
                                     'on the controller.' % self.NAME)
        values = dict((name, self.get_option(name)) for name in ARGUMENT_SPEC)
        try:
            return InventoryOptions(**values), resolve_credentials(values, os.environ)
        except ValidationError as error:
            raise InventoryConfigError(describe_validation_error(error))
        except CredentialError as error:
            raise InventoryConfigError(str(error))

    # -- Atlas, through the cache -------------------------------------------------------
    def _projects(self, options, credential, path, cache):
        """The projects Atlas lists for the organizations and prefix, from the cache when allowed."""
        use_cache = self.get_option('cache')
        key = '%s_%s' % (self.get_cache_key(path), cache_fingerprint(options, credential))
        if use_cache and cache:
            try:
                return self._cache[key]
            except KeyError:
                pass  # not cached yet, or expired: read Atlas and cache it
        projects = self._fetch(options, credential)
        if use_cache:
            self._cache[key] = projects
        return projects

    def _fetch(self, options, credential):
        client = build_client(options, credential, self.display.warning)
        return fetch_projects(client, options.organizations, options.name_prefix)

    # -- hosts ----------------------------------------------------------------------------
    def _populate(self, projects, options):
        names = host_names(projects, options.hostname)
        strict = self.get_option('strict')
        for project in projects:
            host = self.inventory.add_host(names[project['id']])
            variables = host_variables(project)
            for name, value in variables.items():
                self.inventory.set_variable(host, name, value)
            self._set_composite_vars(self.get_option('compose'), variables, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option('groups'), variables, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option('keyed_groups'), variables, host, strict=strict)


def fetch_projects(client, organizations, name_prefix):
    """Every project listed for ``organizations`` (ids or names; None: all visible), as plain records.

    With organizations, Atlas applies the name prefix (``name`` of /orgs/{orgId}/groups); /groups has
    no filter, so there the prefix is applied here, case-insensitively as Atlas does.
    """
    version = PROJECTS.version('list')
    org_names = dict((org['id'], org.get('name')) for org in client.iter_items(ORGS.collection(), version))
    if organizations:
        query = {'name': name_prefix} if name_prefix else None
        items = []
        for org_id in resolve_organizations(client, organizations, org_names):
            items.extend(client.iter_items(ORG_PROJECTS.collection(org_id=org_id), version, query))
    else:
        prefix = (name_prefix or '').lower()
        items = [item for item in client.iter_items(PROJECTS.collection(), version)
                 if (item.get('name') or '').lower().startswith(prefix)]
    projects, seen = [], set()
    for item in items:
        if item.get('id') not in seen:
            seen.add(item.get('id'))
            projects.append(project_record(item, org_names))
    return projects


def resolve_organizations(client, organizations, org_names):
    """The ids of ``organizations`` (ids or exact names) in the order given, each once.

    An id the listing lacks is read on its own (GET /orgs/{id}), so Atlas says why it is not visible.
    """
    ids = []
    for entry in (value.strip() for value in organizations):
        if re.match(ATLAS_ID_PATTERN, entry):
            if entry not in org_names:
                try:
                    org_names[entry] = client.get(ORGS.item(entry), ORGS.version('get')).get('name')
                except AtlasError as error:
                    raise InventoryConfigError("option 'organizations': organization %s: %s" % (entry, error))
            org_id = entry
        else:
            matching = [org_id for org_id, name in org_names.items() if name == entry]
            if not matching:
                raise InventoryConfigError("option 'organizations': no organization named %r is visible to these "
                                           "credentials (visible: %s)" % (entry, _some(org_names.values())))
            org_id = matching[0]
        if org_id not in ids:
            ids.append(org_id)
    return ids


def _some(names, shown=20):
    names = sorted(str(name) for name in names)
    if not names:
        return 'none'
    return ', '.join(names[:shown]) + (', ... (%d in all)' % len(names) if len(names) > shown else '')


def project_record(item, org_names):
    """What the inventory keeps of an Atlas project (also what the cache holds)."""
    return {
        'id': item.get('id'),
        'name': item.get('name'),
        'org_id': item.get('orgId'),
        'org_name': org_names.get(item.get('orgId')),
        'tags': dict((tag.get('key'), tag.get('value')) for tag in item.get('tags') or []),
        'cluster_count': item.get('clusterCount'),
        'created': item.get('created'),
    }


def select_projects(projects, options):
    """``projects`` that match ``name_regex`` and every tag of ``tags``."""
    pattern = re.compile(options.name_regex) if options.name_regex else None
    wanted = dict((key, value if isinstance(value, list) else [value]) for key, value in (options.tags or {}).items())
    return [project for project in projects
            if (pattern is None or pattern.search(project['name'] or ''))
            and all(project['tags'].get(key) in accepted for key, accepted in wanted.items())]


def host_names(projects, hostname):
    """Project id -> host name; refuses two projects that would be one host."""
    names, owners = {}, {}
    for project in projects:
        if hostname == 'id':
            name = project['id']
        elif hostname == 'org_and_name':
            name = '%s/%s' % (project['org_name'] or project['org_id'], project['name'])
        else:
            name = project['name']
        if name in owners:
            other = owners[name]
            raise InventoryConfigError(
                "option 'hostname': projects %s (organization %s) and %s (organization %s) would both be the host %r; "
                "set hostname to 'id' or 'org_and_name', or narrow 'organizations'"
                % (other['id'], other['org_name'] or other['org_id'], project['id'],
                   project['org_name'] or project['org_id'], name))
        owners[name] = project
        names[project['id']] = name
    return names


def host_variables(project):
    return {
        'ansible_connection': 'local',
        'atlas_project_id': project['id'],
        'atlas_peering_project_id': project['id'],
        'atlas_project_name': project['name'],
        'atlas_org_id': project['org_id'],
        'atlas_org_name': project['org_name'],
        'atlas_project_tags': project['tags'],
        'atlas_cluster_count': project['cluster_count'],
        'atlas_project_created': project['created'],
    }


def cache_fingerprint(options, credential):
    """What the listing depends on besides the config path; of the credential, its kind and public identity."""
    kind, identity, _secret = credential
    source = json.dumps([options.base_url, kind, identity, options.organizations, options.name_prefix])
    return hashlib.sha256(source.encode('utf-8')).hexdigest()[:12]
