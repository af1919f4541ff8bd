#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: network_peering_info
short_description: List the Atlas network peering connections of a project
version_added: 0.1.0
description:
  - Returns the network peering connections of an Atlas project, every page of them, or one connection by O(id).
  - Atlas lists only AWS connections unless a provider is named, so without O(provider_name) the module
    lists each provider (AWS, Azure, GCP) in turn.
  - Never changes anything.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes.info_module
options:
  provider_name:
    description:
      - Only list the connections of this cloud provider. Lists every provider when omitted.
      - With O(id), return the connection only if it belongs to this provider.
    type: str
    choices: [AWS, AZURE, GCP]
  id:
    description:
      - Return only the connection with this Atlas ID (24 lowercase hexadecimal characters).
      - An ID that does not exist gives an empty list.
    type: str
seealso:
  - module: atlasops.networking.network_peering
'''

EXAMPLES = r'''
- name: List every peering connection of the project
  atlasops.networking.network_peering_info:
    project_id: "{{ atlas_project_id }}"
  register: peerings

- name: List the GCP peering connections
  atlasops.networking.network_peering_info:
    project_id: "{{ atlas_project_id }}"
    provider_name: GCP

- name: Read one peering connection
  atlasops.networking.network_peering_info:
    project_id: "{{ atlas_project_id }}"
    id: "{{ peerings.peerings[0].id }}"
  when: peerings.peerings | length > 0
'''

RETURN = r'''
peerings:
  description:
    - The connections, in snake_case, with C(status) and C(error_state) for every provider
      (see M(atlasops.networking.network_peering) for the fields).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 6a1b2c3d4e5f60718293a4b6
      container_id: 6a1b2c3d4e5f60718293a4b5
      provider_name: AWS
      status: PENDING_ACCEPTANCE
      status_name: PENDING_ACCEPTANCE
      error_state: null
      connection_id: pcx-0123456789abcdef0
      vpc_id: vpc-0123456789abcdef0
      aws_account_id: "123456789012"
      route_table_cidr_block: 10.10.0.0/16
      accepter_region_name: us-east-1
project_id:
  description:
    - The Atlas project the task worked on, wherever it came from (O(project_id), C(module_defaults) or the
      C(MONGODB_ATLAS_PROJECT_ID) environment variable).
  returned: success
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
'''

from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import PEERS
from ansible_collections.atlasops.networking.plugins.module_utils._info import read_one, run_info_module
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    OptionRules,
    atlas_id,
    option_rule,
    options_model,
)
from ansible_collections.atlasops.networking.plugins.module_utils._peering import peering_view

PROVIDERS = ('AWS', 'AZURE', 'GCP')

ARGUMENT_SPEC = dict(
    provider_name=dict(type='str', choices=list(PROVIDERS)),
    id=dict(type='str'),
)


class PeeringInfoRules(OptionRules):
    _check_id = option_rule('id', atlas_id('peering'))


PeeringInfoOptions = options_model('PeeringInfoOptions', ARGUMENT_SPEC, PeeringInfoRules)


def list_peerings(atlas):
    options = atlas.options
    group_id = atlas.project_id
    if options.id:
        items = read_one(atlas, PEERS.item(options.id, group_id=group_id), PEERS.version('get'))
        return [item for item in items
                if not options.provider_name or (item.get('providerName') or 'AWS') == options.provider_name]
    items = []
    for provider in [options.provider_name] if options.provider_name else PROVIDERS:
        items.extend(atlas.client.list_all(PEERS.collection(group_id=group_id), PEERS.version('list'),
                                           params={'providerName': provider}))
    return items


def main():
    run_info_module(PeeringInfoOptions, 'peerings', list_peerings, view=peering_view)


if __name__ == '__main__':
    main()
