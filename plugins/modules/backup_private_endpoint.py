#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: backup_private_endpoint
short_description: Manage an Atlas object-storage private endpoint for cloud backups
version_added: 0.1.0
description:
  - Ensures the private endpoint that Atlas uses to reach cloud provider object storage (S3) privately
    for backup operations exists in a region, or does not exist.
  - The module finds the endpoint by its natural key, O(cloud_provider) + O(region_name) +
    O(vpc_region_name). An omitted O(vpc_region_name) means a same-region endpoint, for which Atlas
    reports the VPC region equal to the bucket region; it never matches a cross-region endpoint.
  - Atlas cannot change an endpoint in place. A different region is a different endpoint, so changing
    O(region_name) or O(vpc_region_name) in a task creates another endpoint and leaves the old one; remove
    the old one with O(state=absent).
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes
options:
  cloud_provider:
    description:
      - The cloud provider of the endpoint. Atlas accepts only V(AWS) today; any other value fails
        before a request is sent. V(aws) is accepted as V(AWS).
    type: str
    default: AWS
  region_name:
    description:
      - The region of the object storage bucket, in Atlas form (V(US_EAST_1)) or AWS form (V(us-east-1)).
      - One of the regions Atlas documents for backup private endpoints, for example V(US_EAST_1),
        V(EU_WEST_1), V(AP_SOUTHEAST_2) or V(GLOBAL). An unknown region fails before a request is sent
        and the message lists every allowed region.
    type: str
    required: true
  vpc_region_name:
    description:
      - For a cross-region endpoint, the region in which Atlas deploys the VPC interface endpoint, in the
        same forms and from the same list as O(region_name).
      - Omit it (or set it equal to O(region_name)) for a same-region endpoint.
    type: str
  state:
    description:
      - V(present) creates the endpoint; V(absent) deletes it.
      - Deleting an endpoint Atlas is already deleting (status V(DELETING)) reports no change.
    type: str
    default: present
    choices: [present, absent]
  wait:
    description:
      - With O(state=present), wait until the endpoint is V(ACTIVE). V(FAILED) fails the task with
        Atlas's error message.
      - With O(state=absent), wait until the endpoint is gone.
      - Never waits in check mode.
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds to wait when O(wait=true). A timeout fails the task with the last status seen;
        Atlas keeps working on the endpoint, and running the task again keeps waiting.
    type: int
    default: 1200
notes:
  - A run that finds the endpoint as wanted costs one API request (one page of up to 500 endpoints).
  - Atlas requires the Project Owner role for every operation on these endpoints.
seealso:
  - module: atlasops.networking.backup_private_endpoint_info
  - name: Create one object storage private endpoint (Atlas Administration API)
    description: The Atlas API operation this module calls to create an endpoint.
    link: https://www.mongodb.com/docs/api/doc/atlas-admin-api-v2/operation/operation-creategroupbackupprivateendpoint
'''

EXAMPLES = r'''
- name: Ensure a same-region backup private endpoint in us-east-1 and wait until it is active
  atlasops.networking.backup_private_endpoint:
    project_id: "{{ atlas_project_id }}"
    region_name: US_EAST_1
    wait: true
    wait_timeout: 120
  register: backup_endpoint

- name: Ensure a cross-region endpoint for a bucket in eu-west-1 reached from a VPC in eu-central-1
  atlasops.networking.backup_private_endpoint:
    project_id: "{{ atlas_project_id }}"
    cloud_provider: AWS
    region_name: eu-west-1
    vpc_region_name: eu-central-1

- name: Delete the cross-region endpoint and wait until it is gone
  atlasops.networking.backup_private_endpoint:
    project_id: "{{ atlas_project_id }}"
    region_name: EU_WEST_1
    vpc_region_name: EU_CENTRAL_1
    state: absent
    wait: true
    wait_timeout: 120
'''

RETURN = r'''
endpoint:
  description:
    - The endpoint after the task, in snake_case. Empty after deletion.
    - In check mode, what the task would create.
  returned: always
  type: dict
  contains:
    id:
      description: Atlas ID of the endpoint.
      type: str
      sample: 32b6e34b3d91647abb20e7b8
    cloud_provider:
      description: Cloud provider of the endpoint.
      type: str
      sample: AWS
    region_name:
      description: Region of the object storage bucket.
      type: str
      sample: US_EAST_1
    vpc_region_name:
      description: Region of the VPC interface endpoint; equal to RV(endpoint.region_name) for a same-region endpoint.
      type: str
      sample: US_EAST_1
    status:
      description: >-
        Status of the endpoint: V(INITIATING), V(PENDING_ACCEPTANCE), V(ACTIVE), V(FAILED),
        V(PENDING_RECREATION) or V(DELETING).
      type: str
      sample: ACTIVE
    private_endpoint_connection_name:
      description: Connection name of the private endpoint, once Atlas has one; null before.
      type: str
      sample: vpce-0a1b2c3d4e5f60718
    error_message:
      description: Why the endpoint failed, when its status is V(FAILED); null otherwise.
      type: str
      sample: null
project_id:
  description:
    - The Atlas project the task worked on, wherever it came from (O(project_id), C(module_defaults) or the
      C(MONGODB_ATLAS_PROJECT_ID) environment variable).
  returned: success
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
'''

from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import BACKUP_PRIVATE_ENDPOINTS
from ansible_collections.atlasops.networking.plugins.module_utils._backup_private_endpoint import (
    backup_region_name,
    cloud_provider_name,
    endpoint_view,
)
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    OptionRules,
    option_rule,
    options_model,
)
from ansible_collections.atlasops.networking.plugins.module_utils._resource import (
    AtlasResource,
    run_resource_module,
    state_options,
)

ARGUMENT_SPEC = dict(
    cloud_provider=dict(type='str', default='AWS'),
    region_name=dict(type='str', required=True),
    vpc_region_name=dict(type='str'),
    **state_options(wait_timeout_default=1200)
)


class BackupPrivateEndpointRules(OptionRules):
    _check_cloud_provider = option_rule('cloud_provider', cloud_provider_name)
    _check_regions = option_rule(('region_name', 'vpc_region_name'), backup_region_name)

    @property
    def effective_vpc_region(self):
        """The VPC region Atlas reports: the bucket region itself for a same-region endpoint."""
        return self.vpc_region_name or self.region_name

    @property
    def cross_region(self):
        return self.effective_vpc_region != self.region_name


BackupPrivateEndpointOptions = options_model('BackupPrivateEndpointOptions', ARGUMENT_SPEC, BackupPrivateEndpointRules)


class BackupPrivateEndpoint(AtlasResource):
    api = BACKUP_PRIVATE_ENDPOINTS
    options_model = BackupPrivateEndpointOptions
    result_key = 'endpoint'
    label = 'backup private endpoint'
    ready_statuses = ('ACTIVE',)
    failed_statuses = ('FAILED',)
    deleting_statuses = ('DELETING',)
    delete_done_codes = ('OBJECT_STORAGE_PRIVATE_ENDPOINT_NOT_FOUND',)
    create_conflict_codes = ('OBJECT_STORAGE_PRIVATE_ENDPOINT_ALREADY_EXISTS',)

    def path_params(self):
        return dict(group_id=self.atlas.project_id, cloud_provider=self.desired.cloud_provider)

    def is_same_resource(self, item):
        desired = self.desired
        if (item.get('cloudProvider') or desired.cloud_provider) != desired.cloud_provider:
            return False
        region = item.get('regionName')
        if region != desired.region_name:
            return False
        if (item.get('vpcRegionName') or region) != desired.effective_vpc_region:
            return False
        # An endpoint on its way out is no longer the endpoint a present task wants: create a new one.
        if desired.state == 'present' and self.status_of(item) in self.deleting_statuses:
            return False
        return True

    def create_body(self):
        desired = self.desired
        body = {'cloudProvider': desired.cloud_provider, 'regionName': desired.region_name}
        if desired.cross_region:
            body['vpcRegionName'] = desired.vpc_region_name
        return body

    def desired_view(self):
        desired = self.desired
        return {'cloud_provider': desired.cloud_provider, 'region_name': desired.region_name,
                'vpc_region_name': desired.effective_vpc_region}

    def view(self, item):
        return endpoint_view(item)


def main():
    run_resource_module(BackupPrivateEndpoint)


if __name__ == '__main__':
    main()
