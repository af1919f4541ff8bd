# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""The steps of the role atlasops.networking.peering, in order, and the ``atlas_peering_result`` they add up to.

Each step is one module run, through ``run(module, args)`` (the module's own action plugin, in process
where it can be); its result is the module's own. Nothing here reads Atlas itself.

    present: network_container -> network_peering (once the container has an id) -> access_list
    absent:  network_container_info -> network_peering_info (the container's peerings) ->
             network_peering absent (waits until it is gone) -> access_list absent (only the role's
             entries: its comment) -> network_container absent, unless something else uses it
"""

from __future__ import annotations

from ansible_collections.atlasops.networking.plugins.modules import network_container, network_peering
from ansible_collections.atlasops.networking.plugins.plugin_utils._peering_plan import DELETING_STATUSES

AZURE_APP_ID = 'e90a1407-55c3-432d-9cb1-3638900a9d22'  # Atlas's Azure service principal
AZURE_ACTIONS = [
    'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/read',
    'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write',
    'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete',
    'Microsoft.Network/virtualNetworks/peer/action',
]
IN_USE = 'CONTAINERS_IN_USE'


class StepFailed(Exception):
    """A step's module failed; ``result`` is its result."""

    def __init__(self, module, result):
        super(StepFailed, self).__init__('%s: %s' % (module, result.get('msg')))
        self.module = module
        self.result = result


def container_in_use(result):
    """Whether a failed network_container deletion was Atlas refusing it because something uses the container."""
    return IN_USE in str((result.get('error') or {}).get('error_code')) or IN_USE in str(result.get('msg'))


class Steps(object):
    """Runs a Plan's steps through ``run(module, args)`` and builds the role's result."""

    def __init__(self, plan, run, check_mode=False):
        self.plan = plan
        self._run = run
        self.check_mode = check_mode
        self.results = []          # (module, result) of every step run, in order
        self.predicted = False     # check mode: a change no step could report (a container deleted after its peering)

    def run(self, module, args, tolerated=None):
        result = self._run(module, args)
        self.results.append((module, result))
        if result.get('failed') and not (tolerated and tolerated(result)):
            raise StepFailed(module, result)
        return result

    @property
    def changed(self):
        return self.predicted or any(result.get('changed') and not result.get('failed') for _module, result in self.results)

    @property
    def project_id(self):
        return next((result['project_id'] for _module, result in self.results if result.get('project_id')), None)

    # -- present ---------------------------------------------------------------------------------
    def setup(self):
        plan = self.plan
        container = self.run('network_container', plan.container_args())['container']
        peering = {}
        if container.get('id'):  # in check mode a container that does not exist yet has none
            peering = self.run('network_peering', plan.peering_args(container['id']))
        access = self.run('access_list', plan.access_list_args()) if plan.cidr_blocks else {}
        view = peering.get('peering') or {}
        status = view.get('status') or ('WOULD_BE_CREATED' if self.check_mode else 'UNKNOWN')
        steps = self._next_steps(container, view, peering.get('next_steps') or {})
        steps.update(status=status, action=self._action(status, container, view, steps))
        return self._fact(container=container, peering=view, access=access, next_steps=steps)

    def _next_steps(self, container, view, module_steps):
        """What the user's side needs, per provider: from network_peering's next_steps where it gave them,
        else from the container and the peering the steps returned (never another read)."""
        plan = self.plan
        if plan.provider == 'AWS':
            aws = plan.aws()
            return {
                'connection_id': view.get('connection_id') or module_steps.get('connection_id'),
                'atlas_cidr_block': container.get('atlas_cidr_block'),
                'atlas_vpc_id': module_steps.get('atlas_vpc_id') or container.get('vpc_id'),
                'vpc_id': plan.value('vpc_id'),
                'aws_account_id': str(plan.value('aws_account_id')),
                'aws_region': aws['region'],
                'accepted_by_role': False,
                'route_table_ids': aws['route_table_ids'],
            }
        if plan.provider == 'GCP':
            project = module_steps.get('atlas_gcp_project_id') or container.get('gcp_project_id')
            network = module_steps.get('atlas_network_name') or container.get('network_name')
            return {
                'atlas_cidr_block': container.get('atlas_cidr_block'),
                'atlas_gcp_project_id': project,
                'atlas_network_name': network,
                'atlas_gcp_network': 'projects/%s/global/networks/%s' % (project, network) if network else None,
                'gcloud_command': ('gcloud compute networks peerings create atlas-peering --project=%s --network=%s '
                                   '--peer-project=%s --peer-network=%s'
                                   % (plan.value('gcp_project_id'), plan.value('network_name'), project, network))
                if network else None,
            }
        return {'atlas_cidr_block': container.get('atlas_cidr_block'), 'azure_role_assignment': self._azure_role()}

    def _azure_scope(self):
        plan = self.plan
        return ('/subscriptions/%s/resourceGroups/%s/providers/Microsoft.Network/virtualNetworks/%s'
                % (plan.value('azure_subscription_id'), plan.value('resource_group_name'), plan.value('vnet_name')))

    def _azure_role(self):
        plan = self.plan
        role = 'AtlasPeering/%s/%s/%s' % (plan.value('azure_subscription_id'), plan.value('resource_group_name'),
                                          plan.value('vnet_name'))
        return {
            'atlas_service_principal_app_id': AZURE_APP_ID,
            'role_name': role,
            'scope': self._azure_scope(),
            'actions': list(AZURE_ACTIONS),
            'commands': [
                'az ad sp create --id %s' % AZURE_APP_ID,
                'az role definition create --role-definition peering-role.json',
                'az role assignment create --role "%s" --assignee %s --scope "%s"' % (role, AZURE_APP_ID, self._azure_scope()),
            ],
        }

    def _action(self, status, container, view, steps):
        """What to do next, in words."""
        plan = self.plan
        cidr = container.get('atlas_cidr_block')
        if status == 'WOULD_BE_CREATED':
            return 'Check mode: the peering connection would be created; run without --check to create it.'
        if status == 'AVAILABLE' and plan.provider == 'AWS':
            return ('Nothing in Atlas: the peering is AVAILABLE. Make sure the route tables of %s route %s to %s.'
                    % (plan.value('vpc_id'), cidr, view.get('connection_id') or 'the peering connection'))
        if status == 'AVAILABLE':
            return 'Nothing: the peering is AVAILABLE.'
        if plan.provider == 'AWS':
            return ('Accept the VPC peering connection %s in AWS account %s (%s), then route %s to it from the route '
                    'tables of %s (or run the role with atlas_peering_aws_accept: true).'
                    % (steps['connection_id'] or '(not created yet)', plan.value('aws_account_id'), steps['aws_region'],
                       cidr, plan.value('vpc_id')))
        if plan.provider == 'GCP':
            return ('Create the peering from your network %s in project %s to the Atlas network '
                    'projects/%s/global/networks/%s (see gcloud_command).'
                    % (plan.value('network_name'), plan.value('gcp_project_id'), steps['atlas_gcp_project_id'],
                       steps['atlas_network_name']))
        return ('Status %s: Atlas completes an Azure peering itself once its service principal may manage peerings on '
                '%s (see azure_role_assignment; a prerequisite, best done before the peering is created).'
                % (status, self._azure_scope()))

    # -- absent ----------------------------------------------------------------------------------
    def teardown(self):
        plan = self.plan
        container = self._find_container(self.run('network_container_info', plan.info_args())['containers'])
        ours, others = None, []
        if container:
            peerings = self.run('network_peering_info', plan.info_args())['peerings']
            ours, others = self._split_peerings(peerings, container['id'])
        if ours:
            self.run('network_peering', plan.peering_args(container['id'], 'absent'))
        access = self.run('access_list', plan.access_list_args('absent')) if plan.cidr_blocks else {}
        kept = self._remove_container(container, ours, others) if container else None
        steps = {'container_kept': kept}
        if plan.provider == 'AWS':
            aws = plan.aws()
            steps.update(connection_id=(ours or {}).get('connection_id'),
                         atlas_cidr_block=(container or {}).get('atlas_cidr_block'),
                         vpc_id=aws['vpc_id'], aws_region=aws['region'], route_table_ids=aws['route_table_ids'],
                         routes_removed_by_role=[])
        status = 'WOULD_BE_DELETED' if self.check_mode and self.changed else 'DELETED'
        steps.update(status=status, action=self._absent_action(status, container, kept))
        return self._fact(container=container if kept else {}, peering={}, access=access, next_steps=steps)

    def _find_container(self, containers):
        """The container of the provider region (network_container's natural key), or None."""
        region_field = network_container.REGION_FIELD.get(self.plan.provider)
        region = self.plan.container_region()
        for container in containers:
            if region_field is None or container.get(region_field) == region:
                return container
        return None

    def _split_peerings(self, peerings, container_id):
        """(the role's peering connection or None, the live others in the container)."""
        ours, others = None, []
        for peering in peerings:
            if peering.get('container_id') != container_id:
                continue
            if ours is None and self._is_ours(peering):
                ours = peering
            elif peering.get('status') not in DELETING_STATUSES:
                others.append(peering)
        return ours, others

    def _is_ours(self, peering):
        """network_peering's natural key: the peer network's fields, some case-insensitive."""
        for option in network_peering.KEY_OPTIONS[self.plan.provider]:
            mine, theirs = self.plan.value(option), peering.get(option)
            if option in network_peering.CASE_INSENSITIVE_FIELDS and mine is not None and theirs is not None:
                mine, theirs = str(mine).lower(), str(theirs).lower()
            if mine is None or str(mine) != str(theirs):
                return False
        return True

    def _remove_container(self, container, ours, others):
        """Delete the container unless something else uses it; return why it is kept, or None."""
        if self.plan.value('keep_container'):
            return 'atlas_peering_keep_container is true'
        if others:
            return 'other peering connections use it: %s' % ', '.join(
                '%s (%s)' % (peering.get('id'), peering.get('status')) for peering in others)
        if self.check_mode and ours:
            # network_container would refuse it now, as the role's own peering still uses it; a real run
            # deletes that peering first. Clusters or private endpoints would keep it: Atlas says so then.
            self.predicted = True
            return None
        result = self.run('network_container', self.plan.container_args('absent'), tolerated=container_in_use)
        return result.get('msg') if result.get('failed') else None

    def _absent_action(self, status, container, kept):
        if status == 'WOULD_BE_DELETED':
            return ('Check mode: the role would delete its peering connection, its access list entries%s; run without '
                    '--check to delete them.' % (' and the container' if container and not kept else ''))
        if kept:
            return ("Nothing in Atlas: the role's peering connection and access list entries are deleted; the container "
                    '%s is kept: %s' % (container.get('id'), kept))
        return "Nothing: the role's peering connection, access list entries and container are deleted."

    # -- the result ------------------------------------------------------------------------------
    def _fact(self, container, peering, access, next_steps):
        return {
            'state': self.plan.state,
            'provider': self.plan.provider,
            'changed': self.changed,
            'project_id': self.project_id,
            'container': container or {},
            'peering': peering or {},
            'access_list': {
                'cidr_blocks': list(self.plan.cidr_blocks),
                'comment': self.plan.comment,
                'added': access.get('added', []),
                'updated': access.get('updated', []),
                'removed': access.get('removed', []),
                'entries': access.get('entries', []),
            },
            'next_steps': next_steps,
        }
