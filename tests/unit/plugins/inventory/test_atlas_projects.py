# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""The atlas_projects inventory plugin, loaded by ansible-core's plugin loader and parsed from a real
config file, with Atlas mocked by ``responses`` (a small paginated fake of /groups, /orgs, /orgs/{id}/groups)."""

from __future__ import annotations

import base64
import json
import os
import re
from urllib.parse import parse_qs, urlparse

import pytest
import responses
import yaml

from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import inventory_loader

from ansible_collections.atlasops.networking.plugins.doc_fragments.atlas import ModuleDocFragment
from ansible_collections.atlasops.networking.plugins.inventory import atlas_projects

NAME = 'atlasops.networking.atlas_projects'
BASE = 'https://atlas.example.test'
API = BASE + '/api/atlas/v2'
PUBLIC_KEY = 'inventory-public'
PRIVATE_KEY = 'private-key-never-shown-5b1e'
CLIENT_ID = 'mdb_sa_id_inventory'
CLIENT_SECRET = 'mdb_sa_sk_never-shown-c04d'
ACME, BETA, GAMMA = 'a' * 24, 'b' * 24, 'c' * 24
ORG_NAMES = {ACME: 'acme', BETA: 'beta', GAMMA: 'gamma'}


def project_id(number):
    return '%024x' % (0x6000 + number)


def project(number, name, org, tags=None, clusters=0):
    return {'id': project_id(number), 'name': name, 'orgId': org, 'clusterCount': clusters,
            'created': '2025-01-07T10:00:00Z', 'links': [],
            'tags': [{'key': key, 'value': value} for key, value in (tags or {}).items()]}


class FakeAtlas(object):
    """Paginated lists as Atlas serves them (itemsPerPage 1..500, pageNum, a `next` link while more exist)."""

    def __init__(self, mock, projects, orgs=None):
        self.projects = projects
        self.orgs = dict(ORG_NAMES if orgs is None else orgs)
        self.calls = []
        self.faults = []  # (path regex, status, headers) answered once each, first match
        mock.add_callback('GET', re.compile(re.escape(API) + r'/.*'), callback=self.answer)
        mock.add_callback('POST', BASE + '/api/oauth/token', callback=self.token)
        self.tokens = 0

    def token(self, request):
        self.tokens += 1
        self.token_auth = base64.b64decode(request.headers['Authorization'].split()[1]).decode()
        return 200, {}, json.dumps({'access_token': 'eyJtoken%d.x.y' % self.tokens, 'expires_in': 3600,
                                    'token_type': 'Bearer'})

    def answer(self, request):
        url = urlparse(request.url)
        path = url.path[len('/api/atlas/v2'):]
        query = dict((key, values[0]) for key, values in parse_qs(url.query).items())
        self.calls.append((path, query, request.headers.get('Authorization', '')))
        for fault in list(self.faults):
            if re.match(fault[0], path):
                self.faults.remove(fault)
                return fault[1], fault[2], json.dumps({'error': fault[1], 'errorCode': 'FAULT', 'detail': 'injected'})
        assert request.headers['Accept'] == 'application/vnd.atlas.2023-01-01+json'
        if path == '/orgs':
            items = [{'id': org_id, 'name': name, 'isDeleted': False} for org_id, name in sorted(self.orgs.items())]
            return self.page(items, query)
        match = re.match(r'^/orgs/([0-9a-f]{24})(/groups)?$', path)
        if match:
            if match.group(1) not in self.orgs:
                return 404, {}, json.dumps({'error': 404, 'errorCode': 'ORG_NOT_FOUND',
                                            'detail': 'No organization with ID %s exists.' % match.group(1)})
            if not match.group(2):
                return 200, {}, json.dumps({'id': match.group(1), 'name': self.orgs[match.group(1)]})
            prefix = query.get('name', '').lower()
            items = [p for p in self.projects if p['orgId'] == match.group(1) and p['name'].lower().startswith(prefix)]
            return self.page(items, query)
        if path == '/groups':
            return self.page(self.projects, query)
        return 404, {}, json.dumps({'error': 404, 'errorCode': 'NOT_SERVED'})

    @staticmethod
    def page(items, query):
        size, number = int(query.get('itemsPerPage', 100)), int(query.get('pageNum', 1))
        assert 1 <= size <= 500
        results = items[(number - 1) * size:number * size]
        links = [{'rel': 'self', 'href': 'x'}]
        if number * size < len(items):
            links.append({'rel': 'next', 'href': 'y'})
        return 200, {}, json.dumps({'results': results, 'totalCount': len(items), 'links': links})

    def paths(self):
        return [call[0] for call in self.calls]


@pytest.fixture
def atlas_env(monkeypatch, tmp_path):
    for key in list(os.environ):
        if key.startswith(('MONGODB_ATLAS_', 'ANSIBLE_INVENTORY_CACHE', 'ANSIBLE_CACHE_PLUGIN')):
            monkeypatch.delenv(key)
    monkeypatch.setenv('ATLASOPS_TOKEN_CACHE_DIR', str(tmp_path / 'tokens'))


@pytest.fixture
def mock():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as requests_mock:
        yield requests_mock


def fleet():
    """Three organizations; two project names exist in two organizations."""
    return [
        project(1, 'pay-prod-eu', ACME, {'env': 'prod', 'team': 'pay'}, clusters=2),
        project(2, 'pay-prod-us', ACME, {'env': 'prod', 'team': 'pay'}),
        project(3, 'pay-dev', ACME, {'env': 'dev', 'team': 'pay'}),
        project(4, 'Search-prod', BETA, {'env': 'prod'}),
        project(5, 'shared', BETA),
        project(6, 'shared', GAMMA, {'env': 'staging'}),
    ]


def parse(tmp_path, config, cache=True, credentials=None, name='fleet.atlas_projects.yml'):
    """Run the plugin on a config file as `ansible-inventory` does; return the InventoryData."""
    path = tmp_path / name
    document = {'plugin': NAME, 'base_url': BASE}
    document.update({'public_key': PUBLIC_KEY, 'private_key': PRIVATE_KEY} if credentials is None else credentials)
    document.update(config)
    path.write_text(yaml.safe_dump(document))
    inventory = InventoryData()
    plugin = inventory_loader.get(NAME)
    assert plugin.verify_file(str(path))
    plugin.parse(inventory, DataLoader(), str(path), cache=cache)
    if plugin.get_option('cache'):
        plugin.update_cache_if_changed()  # what the InventoryManager does after parse()
    return inventory


def hosts(inventory, group=None):
    if group is None:
        return sorted(inventory.hosts)
    return sorted(host.name for host in inventory.groups[group].get_hosts())


def hostvars(inventory, host):
    return inventory.get_host(host).get_vars()


# -- listing, paging, host variables -------------------------------------------------------------------------

def test_every_visible_project_in_pages_of_500(tmp_path, atlas_env, mock):
    projects = [project(n, 'p-%04d' % n, (ACME, BETA, GAMMA)[n % 3], {'env': 'prod' if n % 2 else 'dev'})
                for n in range(1, 1203)]
    atlas = FakeAtlas(mock, projects)
    inventory = parse(tmp_path, {})
    assert len(hosts(inventory)) == 1202
    pages = [call[1] for call in atlas.calls if call[0] == '/groups']
    assert [(q['itemsPerPage'], q['pageNum']) for q in pages] == [('500', '1'), ('500', '2'), ('500', '3')]
    assert all('name' not in q for q in pages)  # /groups has no name filter
    assert atlas.paths() == ['/orgs', '/groups', '/groups', '/groups']


def test_host_variables(tmp_path, atlas_env, mock):
    FakeAtlas(mock, fleet())
    inventory = parse(tmp_path, {'organizations': ['acme']})
    assert hostvars(inventory, 'pay-prod-eu') == dict(
        hostvars(inventory, 'pay-prod-eu'),
        ansible_connection='local', atlas_project_id=project_id(1), atlas_peering_project_id=project_id(1),
        atlas_project_name='pay-prod-eu', atlas_org_id=ACME, atlas_org_name='acme',
        atlas_project_tags={'env': 'prod', 'team': 'pay'}, atlas_cluster_count=2,
        atlas_project_created='2025-01-07T10:00:00Z')
    assert hostvars(inventory, 'pay-dev')['atlas_cluster_count'] == 0


# -- filters ---------------------------------------------------------------------------------------------------

def test_organizations_by_name_and_id_use_atlas_prefix_filter(tmp_path, atlas_env, mock):
    atlas = FakeAtlas(mock, fleet())
    inventory = parse(tmp_path, {'organizations': ['acme', BETA, 'acme'], 'name_prefix': 'PAY-PROD'})
    assert hosts(inventory) == ['pay-prod-eu', 'pay-prod-us']
    org_lists = [(call[0], call[1].get('name')) for call in atlas.calls if call[0].endswith('/groups')]
    assert org_lists == [('/orgs/%s/groups' % ACME, 'PAY-PROD'), ('/orgs/%s/groups' % BETA, 'PAY-PROD')]
    assert '/groups' not in atlas.paths()


def test_name_prefix_without_organizations_is_applied_by_the_plugin(tmp_path, atlas_env, mock):
    FakeAtlas(mock, fleet())
    assert hosts(parse(tmp_path, {'name_prefix': 'SEARCH'})) == ['Search-prod']


def test_name_regex_after_the_prefix(tmp_path, atlas_env, mock):
    FakeAtlas(mock, fleet())
    inventory = parse(tmp_path, {'organizations': ['acme'], 'name_prefix': 'pay-', 'name_regex': '-(eu|dev)$'})
    assert hosts(inventory) == ['pay-dev', 'pay-prod-eu']


@pytest.mark.parametrize('tags, expected', [
    ({'env': 'prod'}, ['Search-prod', 'pay-prod-eu', 'pay-prod-us']),
    ({'env': ['dev', 'staging']}, ['pay-dev', 'shared']),
    ({'env': 'prod', 'team': 'pay'}, ['pay-prod-eu', 'pay-prod-us']),
    ({'team': 'nobody'}, []),
])
def test_tags(tmp_path, atlas_env, mock, tags, expected):
    FakeAtlas(mock, fleet())
    assert hosts(parse(tmp_path, {'tags': tags})) == expected


# -- constructed --------------------------------------------------------------------------------------------

def test_keyed_groups_groups_and_compose(tmp_path, atlas_env, mock):
    FakeAtlas(mock, fleet())
    inventory = parse(tmp_path, {
        'hostname': 'id',
        'keyed_groups': [{'key': 'atlas_project_tags.env', 'prefix': 'env'},
                         {'key': 'atlas_org_name', 'prefix': 'org'},
                         {'key': 'atlas_project_tags', 'prefix': 'tag'}],
        'groups': {'with_clusters': 'atlas_cluster_count > 0'},
        'compose': {'my_role_project_id': 'atlas_project_id', 'upper_name': 'atlas_project_name | upper'},
    })
    assert hosts(inventory, 'env_prod') == [project_id(1), project_id(2), project_id(4)]
    assert hosts(inventory, 'env_staging') == [project_id(6)]
    assert hosts(inventory, 'org_beta') == [project_id(4), project_id(5)]
    assert hosts(inventory, 'tag_team_pay') == [project_id(1), project_id(2), project_id(3)]
    assert hosts(inventory, 'with_clusters') == [project_id(1)]
    assert hostvars(inventory, project_id(3))['my_role_project_id'] == project_id(3)
    assert hostvars(inventory, project_id(4))['upper_name'] == 'SEARCH-PROD'
    assert 'env_' not in inventory.groups  # a project without the tag is in no env group


def test_atlas_names_are_never_templated(tmp_path, atlas_env, mock):
    FakeAtlas(mock, [project(1, "{{ lookup('env', 'HOME') }}", ACME, {'env': '{{ 7 * 6 }}'})])
    inventory = parse(tmp_path, {'hostname': 'id', 'compose': {'copy': 'atlas_project_tags.env'}})
    assert hostvars(inventory, project_id(1))['copy'] == '{{ 7 * 6 }}'


# -- host names ---------------------------------------------------------------------------------------------

def test_duplicate_names_fail_naming_the_option(tmp_path, atlas_env, mock):
    FakeAtlas(mock, fleet())
    with pytest.raises(AnsibleParserError) as error:
        parse(tmp_path, {})
    message = str(error.value)
    assert "option 'hostname'" in message and project_id(5) in message and project_id(6) in message
    assert 'beta' in message and 'gamma' in message


@pytest.mark.parametrize('hostname, expected', [
    ('id', [project_id(5), project_id(6)]),
    ('org_and_name', ['beta/shared', 'gamma/shared']),
])
def test_hostname_id_or_org_and_name_tell_duplicates_apart(tmp_path, atlas_env, mock, hostname, expected):
    FakeAtlas(mock, fleet())
    inventory = parse(tmp_path, {'hostname': hostname, 'name_regex': '^shared$'})
    assert hosts(inventory) == expected


def test_narrowed_organizations_avoid_duplicates(tmp_path, atlas_env, mock):
    FakeAtlas(mock, fleet())
    assert hosts(parse(tmp_path, {'organizations': ['gamma']})) == ['shared']


# -- cache --------------------------------------------------------------------------------------------------

def cached(tmp_path, **extra):
    config = {'cache': True, 'cache_plugin': 'ansible.builtin.jsonfile',
              'cache_connection': str(tmp_path / 'cache'), 'keyed_groups': [{'key': 'atlas_project_tags.env'}]}
    config.update(extra)
    return config


def test_cache_serves_the_second_parse_without_a_request(tmp_path, atlas_env, mock):
    atlas = FakeAtlas(mock, fleet())
    first = parse(tmp_path, cached(tmp_path, hostname='id'))
    sent = len(atlas.calls)
    assert sent == 2
    second = parse(tmp_path, cached(tmp_path, hostname='id'))
    assert len(atlas.calls) == sent
    assert hosts(second) == hosts(first) and hosts(second, '_prod') == hosts(first, '_prod')
    # filters applied after the cache take effect at once
    assert hosts(parse(tmp_path, cached(tmp_path, hostname='id', tags={'env': 'dev'}))) == [project_id(3)]
    assert len(atlas.calls) == sent
    # --flush-cache (cache=False) reads Atlas again and refreshes the cache
    atlas.projects = atlas.projects[:1]
    assert hosts(parse(tmp_path, cached(tmp_path, hostname='id'), cache=False)) == [project_id(1)]
    assert len(atlas.calls) == sent + 2
    assert hosts(parse(tmp_path, cached(tmp_path, hostname='id'))) == [project_id(1)]
    assert len(atlas.calls) == sent + 2


def test_cache_holds_no_credential_and_is_per_credential(tmp_path, atlas_env, mock):
    atlas = FakeAtlas(mock, fleet())
    service_account = {'client_id': CLIENT_ID, 'client_secret': CLIENT_SECRET}
    parse(tmp_path, cached(tmp_path, hostname='id'), credentials=service_account)
    parse(tmp_path, cached(tmp_path, hostname='id'))  # another credential: not served from the first one's cache
    assert len(atlas.calls) == 4
    assert atlas.tokens == 1
    files = sorted((tmp_path / 'cache').iterdir())
    assert len(files) == 2
    for path in files:
        text = path.read_text()
        assert project_id(1) in text
        for secret in (PRIVATE_KEY, CLIENT_SECRET, 'eyJtoken'):
            assert secret not in text
    # the bearer token sits in the modules' token cache (0600), never in the inventory cache
    token_files = [p for p in (tmp_path / 'tokens').iterdir() if p.suffix == '.json']
    assert len(token_files) == 1 and oct(token_files[0].stat().st_mode & 0o777) == '0o600'


def test_no_credential_in_host_variables(tmp_path, atlas_env, mock):
    FakeAtlas(mock, fleet())
    inventory = parse(tmp_path, {'hostname': 'id'}, credentials={'client_id': CLIENT_ID, 'client_secret': CLIENT_SECRET})
    everything = json.dumps(dict((h.name, h.get_vars()) for h in inventory.hosts.values()), default=str)
    assert CLIENT_SECRET not in everything and CLIENT_ID not in everything and 'eyJ' not in everything


# -- credentials from the environment (the AWX credential type's injectors) -----------------------------------

def test_credentials_from_the_injected_environment(tmp_path, atlas_env, mock, monkeypatch):
    atlas = FakeAtlas(mock, fleet())
    for key, value in {'MONGODB_ATLAS_BASE_URL': BASE, 'MONGODB_ATLAS_CLIENT_ID': CLIENT_ID,
                       'MONGODB_ATLAS_CLIENT_SECRET': CLIENT_SECRET, 'MONGODB_ATLAS_PUBLIC_API_KEY': '',
                       'MONGODB_ATLAS_PRIVATE_API_KEY': '', 'MONGODB_ATLAS_PROJECT_ID': ''}.items():
        monkeypatch.setenv(key, value)
    path = tmp_path / 'env.atlas_projects.yml'
    path.write_text('plugin: %s\nhostname: id\n' % NAME)
    plugin = inventory_loader.get(NAME)
    inventory = InventoryData()
    plugin.parse(inventory, DataLoader(), str(path))
    assert len(hosts(inventory)) == 6
    assert atlas.tokens == 1 and atlas.token_auth == '%s:%s' % (CLIENT_ID, CLIENT_SECRET)
    assert all(call[2].startswith('Bearer ') for call in atlas.calls)


def test_a_pair_in_the_config_beats_the_environment(tmp_path, atlas_env, mock, monkeypatch):
    """As for the modules: the API key the file sets is used, not the environment's service account."""
    atlas = FakeAtlas(mock, fleet())
    monkeypatch.setenv('MONGODB_ATLAS_CLIENT_ID', CLIENT_ID)
    monkeypatch.setenv('MONGODB_ATLAS_CLIENT_SECRET', CLIENT_SECRET)
    assert len(hosts(parse(tmp_path, {'hostname': 'id'}))) == 6
    assert atlas.tokens == 0 and not any(call[2].startswith('Bearer ') for call in atlas.calls)


def test_half_a_pair_in_the_config_is_completed_from_the_environment(tmp_path, atlas_env, mock, monkeypatch):
    atlas = FakeAtlas(mock, fleet())
    monkeypatch.setenv('MONGODB_ATLAS_CLIENT_SECRET', CLIENT_SECRET)
    parse(tmp_path, {'hostname': 'id'}, credentials={'client_id': CLIENT_ID})
    assert atlas.tokens == 1 and atlas.token_auth == '%s:%s' % (CLIENT_ID, CLIENT_SECRET)


# -- retries --------------------------------------------------------------------------------------------------

def test_throttled_page_is_retried(tmp_path, atlas_env, mock):
    atlas = FakeAtlas(mock, [project(n, 'p-%d' % n, ACME) for n in range(1, 702)])
    atlas.faults.append((r'^/groups$', 429, {'Retry-After': '0'}))
    atlas.faults.append((r'^/groups$', 503, {'Retry-After': '0'}))
    inventory = parse(tmp_path, {'hostname': 'id'})
    assert len(hosts(inventory)) == 701
    assert atlas.paths().count('/groups') == 4


# -- errors: named, and nothing sent -------------------------------------------------------------------------

@pytest.mark.parametrize('config, credentials, words', [
    ({'name_regex': '(['}, None, ["option 'name_regex'", 'not a valid regular expression']),
    ({'organizations': ['acme', ' ']}, None, ["option 'organizations'", 'must not be empty']),
    ({'tags': {'env': 7}}, None, ["option 'tags'", "tag 'env'"]),
    ({'tags': {'env': []}}, None, ["option 'tags'"]),
    ({'request_timeout': 0}, None, ["option 'request_timeout'", 'greater than 0']),
    ({'max_retries': -1}, None, ["option 'max_retries'"]),
    ({'base_url': 'cloud.mongodb.com'}, None, ["option 'base_url'", 'is not an http(s) URL']),
    ({'base_url': 'https://cloud.mongodb.com/api/atlas/v2/groups'}, None, ["option 'base_url'", 'points into the API']),
    ({}, {'client_id': CLIENT_ID}, ["option 'client_secret' is missing"]),
    ({}, {'public_key': PUBLIC_KEY}, ["option 'private_key' is missing"]),
    ({}, {}, ['No Atlas credentials were given']),
])
def test_bad_config_fails_naming_the_option_before_any_request(tmp_path, atlas_env, mock, config, credentials, words):
    atlas = FakeAtlas(mock, fleet())
    with pytest.raises(AnsibleParserError) as error:
        parse(tmp_path, config, credentials=credentials)
    message = str(error.value)
    assert message.startswith(NAME + ': ')
    for word in words:
        assert word in message
    assert atlas.calls == [] and atlas.tokens == 0
    assert PRIVATE_KEY not in message and CLIENT_SECRET not in message


def test_hostname_choice_is_checked_by_ansible(tmp_path, atlas_env, mock):
    atlas = FakeAtlas(mock, fleet())
    with pytest.raises(Exception) as error:
        parse(tmp_path, {'hostname': 'uuid'})
    assert 'hostname' in str(error.value) and 'uuid' in str(error.value)
    assert atlas.calls == []


def test_unknown_organization_name(tmp_path, atlas_env, mock):
    FakeAtlas(mock, fleet())
    with pytest.raises(AnsibleParserError, match=r"option 'organizations': no organization named 'acme-corp' is visible.*"
                                                 r"\(visible: acme, beta, gamma\)"):
        parse(tmp_path, {'organizations': ['acme-corp']})


def test_unknown_organization_id_says_what_atlas_said(tmp_path, atlas_env, mock):
    atlas = FakeAtlas(mock, fleet())
    with pytest.raises(AnsibleParserError, match=r"option 'organizations': organization d{24}: Atlas API 404 ORG_NOT_FOUND"):
        parse(tmp_path, {'organizations': ['d' * 24]})
    assert not any(path.endswith('/groups') for path in atlas.paths())


def test_atlas_refusal_fails_the_source(tmp_path, atlas_env, mock):
    atlas = FakeAtlas(mock, fleet())
    atlas.faults.append((r'^/orgs$', 401, {}))
    with pytest.raises(AnsibleParserError, match=r'^atlasops.networking.atlas_projects: Atlas API 401'):
        parse(tmp_path, {})


@pytest.mark.parametrize('name, ok', [
    ('atlas_projects.yml', True), ('prod.atlas_projects.yaml', True), ('prod_atlas_projects.yml', True),
    ('inventory.yml', False), ('atlas_projects.json', False),
])
def test_verify_file(tmp_path, name, ok):
    path = tmp_path / name
    path.write_text('plugin: %s\n' % NAME)
    assert inventory_loader.get(NAME).verify_file(str(path)) is ok


# -- the options declared for validation are those of DOCUMENTATION ------------------------------------------

def test_argument_spec_matches_documentation():
    options = yaml.safe_load(atlas_projects.DOCUMENTATION)['options']
    for name, spec in atlas_projects.ARGUMENT_SPEC.items():
        documented = options[name]
        assert documented.get('type', 'str') == spec.get('type', 'str'), name
        assert documented.get('default') == spec.get('default'), name
        assert documented.get('choices') == spec.get('choices'), name
        assert documented.get('elements') == spec.get('elements'), name
    # Only base_url is read from the environment by Ansible's config system, as the modules' env_fallback
    # does; the credentials' variables are applied by resolve_credentials(), as for the modules.
    env = dict((name, [entry['name'] for entry in spec.get('env', [])]) for name, spec in options.items()
               if name in atlas_projects.ARGUMENT_SPEC)
    assert dict((name, names) for name, names in env.items() if names) == {'base_url': ['MONGODB_ATLAS_BASE_URL']}


def test_shared_options_are_documented_as_for_the_modules():
    """The credential and request options are copies of the modules' doc fragment (a plugin cannot extend it:
    it declares project_id and notes of modules, and ansible-test's yamllint reads fragments as literals only).
    Each of the plugin's sentences must be one of the fragment's (it leaves out what only modules do)."""
    options = yaml.safe_load(atlas_projects.DOCUMENTATION)['options']
    fragment = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']
    shared = sorted(set(options) & set(fragment) - {'base_url'})
    assert shared == ['client_id', 'client_secret', 'max_retries', 'max_retry_time', 'private_key', 'public_key',
                      'request_timeout', 'validate_certs']
    for name in shared:
        assert dict(options[name], description=None) == dict(fragment[name], description=None), name
        assert options[name]['description'] and set(options[name]['description']) <= set(fragment[name]['description']), name
