# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""The plan of the role atlasops.networking.peering: its variables -> the arguments of each step's module.

Every step's arguments are checked before any request with the module's own code: ansible-core's
``ArgumentSpecValidator`` against the module's ``ARGUMENT_SPEC``, then the module's options model
(the pydantic model ``options_model()`` derives from that spec, with the module's rules). A problem
is reported under the name of the role variable the option came from (``atlas_peering_vpc_id``,
``atlas_peering_access_list[1]``), never under the module's option name. The few rules no module
has (the AWS accept) are checked here.

The role's variables are declared once, in roles/peering/meta/argument_specs.yml: their types,
choices and defaults come from there (``role_values``).
"""

from __future__ import annotations

import os
import re

import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.atlasops.networking.plugins.module_utils import _regions as atlas_regions
from ansible_collections.atlasops.networking.plugins.module_utils._atlas_module import atlas_argument_spec
from ansible_collections.atlasops.networking.plugins.module_utils._options import ValidationError, options_model
from ansible_collections.atlasops.networking.plugins.modules import access_list, network_container, network_peering

ROLE_ARGUMENT_SPECS = os.path.join(os.path.dirname(__file__), '..', '..', 'roles', 'peering', 'meta',
                                   'argument_specs.yml')
PREFIX = 'atlas_peering_'

# Each step's module and the options model that checks its arguments.
MODELS = {
    'network_container': (network_container, network_container.ContainerOptions),
    'network_peering': (network_peering, network_peering.PeeringOptions),
    'access_list': (access_list, access_list.AccessListOptions),
}
CREDENTIAL_OPTIONS = ('public_key', 'private_key', 'client_id', 'client_secret')
CONNECTION_OPTIONS = ('base_url',) + CREDENTIAL_OPTIONS + ('validate_certs', 'project_id')
# The shared options as the role passes them: nothing required (module_defaults or the environment may
# give them), with the rules every module applies (COMMON_RULES: the project id, ...).
ConnectionOptions = options_model('PeeringConnectionOptions', dict(
    (name, dict((key, value) for key, value in spec.items() if key not in ('required', 'fallback')))
    for name, spec in atlas_argument_spec().items() if name in CONNECTION_OPTIONS))

CONTAINER_OPTIONS = {'provider_name': 'provider', 'region': 'region', 'regions': 'gcp_regions',
                     'atlas_cidr_block': 'atlas_cidr_block', 'wait_timeout': 'wait_timeout'}
PEER_OPTIONS = ('vpc_id', 'aws_account_id', 'route_table_cidr_block', 'accepter_region_name', 'azure_directory_id',
                'azure_subscription_id', 'resource_group_name', 'vnet_name', 'gcp_project_id', 'network_name')
# Stands in for the container id while the peering's arguments are checked (the container may not exist yet).
PLACEHOLDER_CONTAINER_ID = '0' * 24
ROUTE_TABLE_PATTERN = r'^rtb-[0-9a-f]{8}([0-9a-f]{9})?$'
MAX_COMMENT = 80
# A peering connection Atlas is deleting (network_peering's own list).
DELETING_STATUSES = network_peering.NetworkPeering.deleting_statuses


class PlanError(Exception):
    """The role's variables are wrong: one sentence per problem, each naming the role variable."""

    def __init__(self, problems):
        super(PlanError, self).__init__('; '.join(problems))
        self.problems = problems


def variable(name):
    return PREFIX + name


def role_options(path=ROLE_ARGUMENT_SPECS):
    """The options of the role's ``main`` entry point, from its meta/argument_specs.yml."""
    with open(path) as handle:
        return yaml.safe_load(handle)['argument_specs']['main']['options']


def role_values(options, given):
    """The role's variables with their types and defaults applied (a None value counts as not set).

    Raises PlanError with ansible-core's own messages (as the role's argument validation words them).
    """
    given = dict((name, value) for name, value in given.items() if name in options and value is not None)
    validation = ArgumentSpecValidator(options).validate(given)
    if validation.error_messages:
        raise PlanError(list(validation.error_messages))
    values = dict((name, None) for name in options)
    values.update(validation.validated_parameters)
    return values


class Plan(object):
    """The validated plan: what each step is given, for ``state`` present or absent."""

    def __init__(self, values, connection_defaults=None):
        self.values = values
        self.provider = values[variable('provider')]
        self.state = values[variable('state')] or 'present'
        shared = atlas_argument_spec()
        shared_names = set(shared).union(*(spec.get('aliases') or () for spec in shared.values()))
        # The play's module_defaults for group/atlasops.networking.atlas (the task's arguments): the role's
        # connection variables win over them, the modules' environment variables fill in the rest.
        self.connection = dict((name, value) for name, value in (connection_defaults or {}).items()
                               if value is not None and name in shared_names)
        given = self.connection_variables()
        if any(name in given for name in CREDENTIAL_OPTIONS):
            # A credential given to the role is used whole: no half of the other pair from module_defaults
            # (the modules would prefer a complete service account to the role's API key).
            for name in CREDENTIAL_OPTIONS:
                self.connection.pop(name, None)
        for name, value in given.items():
            for alias in shared[name].get('aliases') or ():
                self.connection.pop(alias, None)
            self.connection[name] = value
        self.cidr_blocks = self._cidr_blocks()
        self.comment = self._comment()
        self.problems = []
        self.checked = {}  # module -> its options model, as the module's own checks left the step's arguments
        self._validate()
        if self.problems:
            raise PlanError(self.problems)

    def value(self, name):
        return self.values.get(variable(name))

    def connection_variables(self):
        """The role's connection variables that are set, by option name (an empty string is not set, as for
        the modules' credentials: AWX injects the unused pair's variables empty)."""
        return dict((name, self.value(name)) for name in CONNECTION_OPTIONS if self.value(name) not in (None, ''))

    # -- the arguments of each step ----------------------------------------------------------
    def container_args(self, state=None):
        args = self._options(CONTAINER_OPTIONS)
        args['state'] = state or self.state
        return self._with_connection(args)

    def peering_args(self, container_id, state=None):
        args = {'provider_name': self.provider, 'container_id': container_id, 'state': state or self.state,
                'wait': self.value('wait'), 'wait_timeout': self.value('wait_timeout')}
        args.update((option, value) for option, value in self._peer_values().items() if value is not None)
        return self._with_connection(args)

    def access_list_args(self, state=None):
        entries = [{'cidr_block': cidr, 'comment': self.comment} for cidr in self.cidr_blocks]
        return self._with_connection({'entries': entries, 'keep_other_comments': True, 'state': state or self.state,
                                      'wait': self.value('wait'), 'wait_timeout': self.value('wait_timeout')})

    def container_region(self):
        """The container's region as network_container reads it (Atlas form), None for GCP."""
        return self.checked['network_container'].region

    def info_args(self):
        return self._with_connection({'provider_name': self.provider})

    def _options(self, names):
        return dict((option, self.value(name)) for option, name in names.items() if self.value(name) is not None)

    def _peer_values(self):
        values = dict((option, self.value(option)) for option in PEER_OPTIONS)
        if self.provider == 'AWS' and values['accepter_region_name'] is None:
            values['accepter_region_name'] = self.value('region')  # your VPC is in the container's region
        return values

    def _with_connection(self, args):
        args.update(self.connection)
        return args

    # -- derived values ----------------------------------------------------------------------
    def _cidr_blocks(self):
        if self.value('access_list') is not None:
            return [str(cidr) for cidr in self.value('access_list')]
        route = self.value('route_table_cidr_block')
        return [str(route)] if self.provider == 'AWS' and route else []

    def _comment(self):
        """The comment of the role's access list entries: it marks them as the role's (see keep_other_comments)."""
        if self.value('access_list_comment') is not None:
            return self.value('access_list_comment')
        peer = {
            'AWS': 'VPC %s of account %s' % (self.value('vpc_id'), self.value('aws_account_id')),
            'AZURE': 'VNet %s of %s' % (self.value('vnet_name'), self.value('resource_group_name')),
            'GCP': 'network %s of %s' % (self.value('network_name'), self.value('gcp_project_id')),
        }[self.provider]
        return ('atlasops peering %s %s' % (self.provider, peer))[:MAX_COMMENT]

    def aws(self):
        """What the AWS steps (atlas_peering_aws_accept) need, in amazon.aws's terms."""
        region = self.value('aws_region') or self._peer_values()['accepter_region_name'] or self.value('region')
        return {
            'accept': bool(self.value('aws_accept')),
            'region': atlas_regions.aws_region_name(atlas_regions.atlas_region_name(region)) if region else None,
            'endpoint_url': self.value('aws_endpoint_url') or None,
            'route_table_ids': list(self.value('aws_route_table_ids') or []),
            'vpc_id': self.value('vpc_id'),
            'atlas_cidr_block': self.value('atlas_cidr_block'),
            'wait': bool(self.value('wait')),
            'wait_timeout': self.value('wait_timeout'),
        }

    # -- validation --------------------------------------------------------------------------
    def _validate(self):
        self._check_connection()
        self._check_step('network_container', self.container_args(), self._names(CONTAINER_OPTIONS))
        peer_names = dict((option, variable(option)) for option in PEER_OPTIONS)
        if self.provider == 'AWS' and self.value('accepter_region_name') is None:
            peer_names['accepter_region_name'] = variable('region')
        peer_names.update(provider_name=variable('provider'), wait=variable('wait'), wait_timeout=variable('wait_timeout'))
        self._check_step('network_peering', self.peering_args(PLACEHOLDER_CONTAINER_ID), peer_names)
        if self.cidr_blocks:
            self._check_step('access_list', self.access_list_args(),
                             {'entries': variable('access_list'), 'wait': variable('wait'),
                              'wait_timeout': variable('wait_timeout')})
        self._check_aws()

    @staticmethod
    def _names(options):
        return dict((option, variable(name)) for option, name in options.items())

    def _check_connection(self):
        given = self.connection_variables()
        try:
            ConnectionOptions(**given)
        except ValidationError as error:
            self._add(error_problems(error, dict((name, variable(name)) for name in given)))

    def _check_step(self, module_name, args, names):
        """The module's own checks on the arguments of a step: its argument spec, then its options model."""
        module, model = MODELS[module_name]
        names = dict(names)
        names.update((name, variable(name)) for name in CONNECTION_OPTIONS)
        own = dict((name, value) for name, value in args.items() if name in module.ARGUMENT_SPEC)
        validation = ArgumentSpecValidator(module.ARGUMENT_SPEC).validate(own)
        if validation.error_messages:
            self._add(role_words(message, names) for message in validation.error_messages)
            return
        try:
            self.checked[module_name] = model(**validation.validated_parameters)
        except ValidationError as error:
            self._add(error_problems(error, names))

    def _check_aws(self):
        names = dict((name, variable(name)) for name in ('aws_accept', 'aws_route_table_ids', 'aws_region'))
        tables = self.value('aws_route_table_ids') or []
        if self.value('aws_accept') and self.provider != 'AWS':
            self._add(['%s: only for provider AWS, not %s.' % (names['aws_accept'], self.provider)])
        wrong = [table for table in tables if not re.match(ROUTE_TABLE_PATTERN, str(table))]
        if wrong:
            self._add(["%s: %s %s ('rtb-' and 8 or 17 lowercase hexadecimal characters)."
                       % (names['aws_route_table_ids'], ', '.join(map(str, wrong)),
                          'is not an AWS route table id' if len(wrong) == 1 else 'are not AWS route table ids')])
        if tables and not self.value('aws_accept'):
            self._add(['%s: only used with %s: true; set it or remove the route tables.'
                       % (names['aws_route_table_ids'], names['aws_accept'])])
        if self.value('aws_region') is not None:
            try:
                network_peering.aws_region(self.value('aws_region'))
            except ValueError as error:
                self._add(['%s: %s' % (names['aws_region'], error)])

    def _add(self, problems):
        """Keep the first problem of each role variable (steps share variables: the region, the provider)."""
        seen = set(first_variable(problem) for problem in self.problems)
        for problem in problems:
            key = first_variable(problem)
            if key is None or key not in seen:
                self.problems.append(problem)
                seen.add(key)


def first_variable(problem):
    found = re.search(r'\b%s\w+(\[\d+\])?' % PREFIX, problem)
    return found.group(0) if found else None


# -- messages in the role's words --------------------------------------------------------------
def role_name(option, names):
    """The role variable of a module option: ``entries[1].cidr_block`` -> ``atlas_peering_access_list[1]``."""
    entry = re.match(r'^entries(\[\d+\])?(?:\.(\w+))?$', option)
    if entry and 'entries' in names:
        if entry.group(2) == 'comment':
            return variable('access_list_comment')
        return names['entries'] + (entry.group(1) or '')
    return names.get(option, option)


def role_words(message, names):
    """``message`` of a module, with the module's option names replaced by the role's variable names."""
    message = re.sub(r"option '([\w.\[\]]+)'", lambda match: role_name(match.group(1), names), message)
    message = re.sub(r"argument '(\w+)'", lambda match: role_name(match.group(1), names), message)
    message = re.sub(r'\bentries\[\d+\]', lambda match: role_name(match.group(0), names), message)
    message = re.sub(r"'(\w+)'", lambda match: role_name(match.group(1), names) if match.group(1) in names
                     else match.group(0), message)
    return re.sub(r'\b([a-z]+(?:_[a-z]+)+)\b', lambda match: role_name(match.group(1), names), message)


def error_problems(error, names):
    """One sentence per pydantic error, naming the role variable."""
    problems = []
    for item in error.errors():
        message = item.get('msg', 'is invalid')
        if message.startswith('Value error, '):
            message = message[len('Value error, '):]
        location = [str(part) for part in item.get('loc', ())]
        if location:
            option = location[0] + ''.join('[%s]' % part if part.isdigit() else '.%s' % part for part in location[1:])
            problems.append('%s: %s' % (role_name(option, names), role_words(message, names)))
        else:
            problems.append(role_words(message, names))
    return problems


def plan(variables, options, connection_defaults=None):
    """The validated Plan of the role's ``variables`` (templated); raises PlanError naming role variables."""
    return Plan(role_values(options, variables), connection_defaults)
