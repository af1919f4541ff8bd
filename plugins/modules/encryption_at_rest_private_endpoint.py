#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: encryption_at_rest_private_endpoint
short_description: Manage an Atlas private endpoint for encryption at rest with customer-managed keys
version_added: 0.1.0
description:
  - Ensures the private endpoint through which Atlas reaches your key management service (AWS KMS or
    Azure Key Vault) in a region exists, or does not exist.
  - "Atlas has at most one such endpoint per cloud provider and region, so the module finds it by its
    natural key: O(cloud_provider) + O(region_name), never by its id. Atlas gives an endpoint a new id
    when it recreates it: after the customer rejects or removes an Azure Key Vault private endpoint
    connection, the endpoint shows V(PENDING_RECREATION) and Atlas replaces it with a new one, which
    needs approval again."
  - An endpoint Atlas is deleting (V(DELETING)) is not the endpoint a O(state=present) task wants; a new
    one is created. An endpoint in V(PENDING_RECREATION) is being replaced by Atlas itself, so a
    O(state=present) task sends nothing, warns, and with O(wait=true) waits for the replacement.
  - "Azure: once Atlas has created the endpoint (V(PENDING_ACCEPTANCE)), you approve its private endpoint
    connection on your Key Vault. The result's RV(approval) names the connection and gives the
    C(az keyvault private-endpoint-connection approve) command; the task also warns. Atlas reports
    V(ACTIVE) once the connection is approved (this can lag a few minutes). AWS endpoints need no
    approval."
  - "Prerequisite: the project's encryption at rest with customer key management must be enabled for the
    provider and require private networking (C(awsKms.requirePrivateNetworking) or
    C(azureKeyVault.requirePrivateNetworking)). Without it Atlas refuses the endpoint, and the task fails
    saying what to enable."
  - Atlas cannot change an endpoint in place; a different region is a different endpoint. A V(FAILED)
    endpoint is not replaced either; delete it (O(state=absent)) and run the task again.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes
options:
  cloud_provider:
    description:
      - The cloud provider of the key management service.
    type: str
    required: true
    choices: [AWS, AZURE]
  region_name:
    description:
      - The region of the endpoint, in Atlas form (V(US_EAST_1) for AWS, V(US_EAST_2) for Azure) or in the
        cloud's own form (V(us-east-1), V(eastus2)); Atlas always answers in Atlas form.
      - Must be one of the regions the Atlas API lists for these endpoints; anything else fails before a
        request is sent, and the message lists them.
    type: str
    required: true
  key_vault_name:
    description:
      - Azure only. The name of the Key Vault whose connection is to be approved, to complete the
        C(az) command in RV(approval). Atlas does not need it; without it the command has a placeholder.
    type: str
  key_vault_resource_group:
    description:
      - Azure only. The resource group of that Key Vault, for the same command.
    type: str
  state:
    description:
      - V(present) creates the endpoint; V(absent) deletes it (an endpoint in V(PENDING_RECREATION) too,
        which stops Atlas from recreating it).
      - Atlas refuses to delete an endpoint while it is V(INITIATING); the module then retries the deletion
        until O(wait_timeout) has passed.
      - Deleting an endpoint Atlas is already deleting reports no change.
      - With V(absent), O(key_vault_name) and O(key_vault_resource_group) are ignored.
    type: str
    default: present
    choices: [present, absent]
  wait:
    description:
      - With O(state=present), wait until the endpoint is V(ACTIVE), or for Azure (see O(wait_for)) until it
        waits for your approval (V(PENDING_ACCEPTANCE); see RV(approval)). V(FAILED) fails the task with
        Atlas's error message.
      - With O(state=absent), wait until the endpoint is gone.
      - Never waits in check mode.
    type: bool
    default: false
  wait_for:
    description:
      - What O(wait=true) waits for on Azure. V(approval) returns once the endpoint waits for your approval
        (V(PENDING_ACCEPTANCE)) or is V(ACTIVE); V(active) waits until it is V(ACTIVE), for a run after you
        approved the connection.
      - AWS endpoints need no approval; both wait until V(ACTIVE).
    type: str
    default: approval
    choices: [approval, active]
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true), and how long to keep retrying a deletion Atlas refuses
        while the endpoint is V(INITIATING). A timeout fails the task with the last status seen; Atlas
        keeps working on the endpoint, and running the task again keeps waiting.
    type: int
    default: 1800
notes:
  - Atlas requires the Project Owner role for every operation on these endpoints, reading them included;
    a credential without it gets a message that says so.
  - A run that finds the endpoint as wanted costs one API request (the provider's list, one page of up to 500).
seealso:
  - module: atlasops.networking.encryption_at_rest_private_endpoint_info
  - name: Manage customer keys with Azure Key Vault over private endpoints
    description: The Atlas side and the Azure side of the approval.
    link: https://www.mongodb.com/docs/atlas/security/azure-kms-over-private-endpoint/
  - name: Manage customer keys with AWS KMS over private endpoints
    description: The prerequisites on the Atlas side.
    link: https://www.mongodb.com/docs/atlas/security/aws-kms-over-private-endpoint/
'''

EXAMPLES = r'''
- name: Ensure the AWS KMS private endpoint in us-east-1 and wait until it is active
  atlasops.networking.encryption_at_rest_private_endpoint:
    project_id: "{{ atlas_project_id }}"
    cloud_provider: AWS
    region_name: us-east-1
    wait: true
    wait_timeout: 600

- name: Ensure the Azure Key Vault private endpoint in eastus2, wait until it needs approval
  atlasops.networking.encryption_at_rest_private_endpoint:
    project_id: "{{ atlas_project_id }}"
    cloud_provider: AZURE
    region_name: US_EAST_2
    key_vault_name: atlas-keys
    key_vault_resource_group: security
    wait: true
    wait_timeout: 600
  register: key_vault_endpoint

- name: Show what to approve on the Key Vault
  ansible.builtin.debug:
    msg: "{{ key_vault_endpoint.approval.command }}"
  when: key_vault_endpoint.approval is not none

- name: Delete the AWS KMS private endpoint and wait until it is gone
  atlasops.networking.encryption_at_rest_private_endpoint:
    project_id: "{{ atlas_project_id }}"
    cloud_provider: AWS
    region_name: US_EAST_1
    state: absent
    wait: true
    wait_timeout: 600
'''

RETURN = r'''
endpoint:
  description:
    - The endpoint after the task, in snake_case, with every documented key (null when Atlas has no
      value). Empty after deletion.
    - In check mode, what the task would create.
  returned: always
  type: dict
  contains:
    id:
      description: Atlas ID of the endpoint. It changes when Atlas recreates the endpoint.
      type: str
      sample: 74f3712a524b198ee7cededa
    cloud_provider:
      description: Cloud provider.
      type: str
      sample: AZURE
    region_name:
      description: Region of the endpoint, in Atlas form.
      type: str
      sample: US_EAST_2
    status:
      description: >-
        V(INITIATING), V(PENDING_ACCEPTANCE) (Azure: waits for your approval), V(ACTIVE), V(FAILED),
        V(PENDING_RECREATION) or V(DELETING).
      type: str
      sample: PENDING_ACCEPTANCE
    private_endpoint_connection_name:
      description: >-
        Azure, the Key Vault private endpoint connection to approve; AWS, the interface endpoint. Null
        until Atlas has one.
      type: str
      sample: atlas-pe-74f3712a524b198ee7cededa.1e0b6c5d-3a4f-4b8e-9a0c-2d7f1e6b5c4a
    error_message:
      description: Why the endpoint failed or is being recreated; null otherwise.
      type: str
      sample: null
approval:
  description:
    - What to approve on the Azure side, when the endpoint is an Azure one in V(PENDING_ACCEPTANCE);
      null otherwise.
  returned: always
  type: dict
  contains:
    private_endpoint_connection_name:
      description: The Key Vault private endpoint connection to approve.
      type: str
      sample: atlas-pe-74f3712a524b198ee7cededa.1e0b6c5d-3a4f-4b8e-9a0c-2d7f1e6b5c4a
    key_vault_name:
      description: O(key_vault_name), or null.
      type: str
      sample: atlas-keys
    key_vault_resource_group:
      description: O(key_vault_resource_group), or null.
      type: str
      sample: security
    command:
      description: >-
        The Azure CLI command that approves the connection; placeholders in angle brackets stand for
        O(key_vault_name) and O(key_vault_resource_group) when the task does not give them.
      type: str
      sample: >-
        az keyvault private-endpoint-connection approve --resource-group security --vault-name atlas-keys
        --name atlas-pe-74f3712a524b198ee7cededa.1e0b6c5d-3a4f-4b8e-9a0c-2d7f1e6b5c4a
project_id:
  description:
    - The Atlas project the task worked on, wherever it came from (O(project_id), C(module_defaults) or the
      C(MONGODB_ATLAS_PROJECT_ID) environment variable).
  returned: success
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
'''

import shlex

from ansible_collections.atlasops.networking.plugins.module_utils import _validators as validators
from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import EAR_PRIVATE_ENDPOINTS
from ansible_collections.atlasops.networking.plugins.module_utils._encryption_at_rest_private_endpoint import (
    endpoint_view,
    explained,
    region_name,
)
from ansible_collections.atlasops.networking.plugins.module_utils._errors import AtlasApiError
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    OptionRules,
    model_validator,
    options_model,
)
from ansible_collections.atlasops.networking.plugins.module_utils._resource import (
    AtlasResource,
    ResourceEngine,
    run_resource_module,
    state_options,
)
from ansible_collections.atlasops.networking.plugins.module_utils._waiter import should_wait

ARGUMENT_SPEC = dict(
    cloud_provider=dict(type='str', required=True, choices=['AWS', 'AZURE']),
    region_name=dict(type='str', required=True),
    key_vault_name=dict(type='str', no_log=False),
    key_vault_resource_group=dict(type='str', no_log=False),
    wait_for=dict(type='str', default='approval', choices=['approval', 'active']),
    **state_options(wait_timeout_default=1800)
)

RECREATING = 'PENDING_RECREATION'
AWAITING_APPROVAL = 'PENDING_ACCEPTANCE'
KEY_VAULT_OPTIONS = ('key_vault_name', 'key_vault_resource_group')
# Azure's naming rules: a vault name is 3-24 letters, digits and single hyphens, starting with a letter;
# a resource group 1-90 letters, digits, '_', '-', '.', '(' and ')', not ending with '.'.
KEY_VAULT_NAME = (r'^(?!.*--)[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$',
                  '3 to 24 letters, digits and single hyphens, starting with a letter and ending with a letter or digit')
RESOURCE_GROUP = (r'^[-\w.()]{0,89}[-\w()]$',
                  '1 to 90 letters, digits, underscores, hyphens, periods and parentheses, not ending with a period')


class EarPrivateEndpointRules(OptionRules):

    @model_validator(mode='after')
    def _check(self):
        try:
            self.region_name = region_name(self.cloud_provider, self.region_name)
        except ValueError as error:
            raise ValueError("option 'region_name': %s" % error)
        if self.state == 'present':
            for option, (pattern, rule) in zip(KEY_VAULT_OPTIONS, (KEY_VAULT_NAME, RESOURCE_GROUP)):
                value = getattr(self, option)
                if value is None:
                    continue
                if self.cloud_provider != 'AZURE':
                    raise ValueError("option '%s' is only for Azure Key Vault endpoints (cloud_provider AZURE)" % option)
                try:
                    validators.match(value, pattern, rule)
                except ValueError as error:
                    raise ValueError("option '%s': %s" % (option, error))
        return self


EarPrivateEndpointOptions = options_model('EarPrivateEndpointOptions', ARGUMENT_SPEC, EarPrivateEndpointRules)


class EarPrivateEndpoint(AtlasResource):
    api = EAR_PRIVATE_ENDPOINTS
    options_model = EarPrivateEndpointOptions
    result_key = 'endpoint'
    label = 'encryption-at-rest private endpoint'
    failed_statuses = ('FAILED',)
    deleting_statuses = ('DELETING',)
    recreate_while_deleting = True  # Atlas takes a new endpoint in the region while the old one is deleting
    delete_retry_codes = ('ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_DELETE_BLOCKED_DURING_PROVISIONING',)
    delete_done_codes = ('ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_NOT_FOUND',)
    create_conflict_codes = ('ENCRYPTION_AT_REST_PRIVATE_ENDPOINT_ALREADY_EXISTS',)

    @property
    def ready_statuses(self):
        if self.desired.cloud_provider == 'AZURE' and self.desired.wait_for == 'approval':
            return ('ACTIVE', AWAITING_APPROVAL)
        return ('ACTIVE',)

    def path_params(self):
        return dict(group_id=self.atlas.project_id, cloud_provider=self.desired.cloud_provider)

    def is_same_resource(self, item):
        desired = self.desired
        if (item.get('cloudProvider') or desired.cloud_provider) != desired.cloud_provider:
            return False
        return item.get('regionName') == desired.region_name

    def desired_view(self):
        return {'cloud_provider': self.desired.cloud_provider, 'region_name': self.desired.region_name}

    def create_body(self):
        return {'regionName': self.desired.region_name}

    def view(self, item):
        return endpoint_view(item)

    def result(self, view):
        approval = self.approval(view)
        if approval:
            self.atlas.module.warn(
                'The Azure Key Vault private endpoint connection %s of the encryption-at-rest private endpoint %s (%s) '
                'waits for your approval; Atlas reports it ACTIVE once approved. Approve it with: %s'
                % (approval['private_endpoint_connection_name'], view.get('id'), view.get('region_name'),
                   approval['command']))
        return {self.result_key: view, 'approval': approval}

    def approval(self, view):
        """What to approve on the Key Vault, for an Azure endpoint in PENDING_ACCEPTANCE; else None."""
        name = view.get('private_endpoint_connection_name')
        if self.desired.cloud_provider != 'AZURE' or view.get('status') != AWAITING_APPROVAL or not name:
            return None
        vault, group = self.desired.key_vault_name, self.desired.key_vault_resource_group
        command = 'az keyvault private-endpoint-connection approve --resource-group %s --vault-name %s --name %s' % (
            shlex.quote(group) if group else '<key-vault-resource-group>',
            shlex.quote(vault) if vault else '<key-vault-name>', shlex.quote(name))
        return {'private_endpoint_connection_name': name, 'key_vault_name': vault, 'key_vault_resource_group': group,
                'command': command}


class EarEngine(ResourceEngine):
    """The resource engine, with what these endpoints add: the natural key also while Atlas recreates an
    endpoint under a new id, and the missing prerequisite explained."""

    def run(self):
        try:
            return super(EarEngine, self).run()
        except AtlasApiError as error:
            desired = self.resource.desired
            raise explained(error, self.atlas, desired.cloud_provider, desired.region_name)

    def lookup(self):
        """The endpoint of this provider and region: one Atlas keeps, else one it is recreating, else one it is
        deleting (the engine never takes that one for present)."""
        found = [item for item in self.client.iter_items(self.api.collection(**self.resource.path_params()),
                                                         self.api.version('list'))
                 if self.resource.is_same_resource(item)]

        def rank(item):  # 0: Atlas keeps it, 1: it recreates it, 2: it deletes it
            status = self.resource.status_of(item)
            return 1 if status == RECREATING else 2 if status in self.resource.deleting_statuses else 0

        return min(found, key=rank) if found else None

    def ensure_present(self, current, before):
        if current is not None and self.resource.status_of(current) == RECREATING:
            self.atlas.module.warn(
                'The %s %s in %s %s is %s (%s): its private endpoint connection was rejected or removed, and Atlas '
                'replaces it with a new endpoint (a new id) that needs approval again. The task sends nothing%s.'
                % (self.resource.label, current.get('id'), current.get('cloudProvider'), current.get('regionName'),
                   RECREATING, current.get('errorMessage') or 'no reason given',
                   '; it waits for the new endpoint' if should_wait(self.atlas)
                   else '; wait: true waits for the new endpoint'))
        return super(EarEngine, self).ensure_present(current, before)

    def read(self, item_id, missing_ok=True):
        # Waiting for a present endpoint follows the natural key: a recreated endpoint has a new id.
        if self.params['state'] == 'present':
            return self.live(self.lookup())
        return super(EarEngine, self).read(item_id, missing_ok)


def main():
    run_resource_module(EarPrivateEndpoint, engine_class=EarEngine)


if __name__ == '__main__':
    main()
