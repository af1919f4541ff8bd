#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: peering_steps
short_description: Run the Atlas steps of the peering role in one task
version_added: 0.2.0
description:
  - The task the role C(atlasops.networking.peering) runs. It takes the role's variables (C(atlas_peering_provider),
    C(atlas_peering_vpc_id), ..., as documented by the role) from the task's variables; it has no options of its
    own besides the Atlas connection options every module has.
  - First it checks every variable before any request, with the code of the modules the steps run
    (their argument specs and their options models, the same rules a task of that module applies), and
    fails naming the role variable, for example C(atlas_peering_vpc_id) or C(atlas_peering_access_list[1]).
  - With C(atlas_peering_state=present) it runs M(atlasops.networking.network_container),
    M(atlasops.networking.network_peering) and M(atlasops.networking.access_list) (with
    O(atlasops.networking.access_list#module:keep_other_comments=true)); with C(atlas_peering_state=absent)
    M(atlasops.networking.network_container_info), M(atlasops.networking.network_peering_info), then
    M(atlasops.networking.network_peering), M(atlasops.networking.access_list) and
    M(atlasops.networking.network_container) with O(atlasops.networking.network_container#module:state=absent).
  - Each step runs through its module's own action plugin, as a task of that module would (in process on the
    controller where the module would run there), so its result, check mode and diff mode are the module's own.
  - Sets the fact C(atlas_peering_result) (see the role's documentation).
  - Belongs to the C(atlasops.networking.atlas) action group, so C(module_defaults) for
    C(group/atlasops.networking.atlas) reach its steps; the role's connection variables win over them.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
    details: Each step runs in check mode, so only reads are sent.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
    details: One diff per step, headed by the step's module.
notes:
  - It runs only on the controller, through its action plugin.
seealso:
  - module: atlasops.networking.network_container
  - module: atlasops.networking.network_peering
  - module: atlasops.networking.access_list
'''

EXAMPLES = r'''
# The role runs it; to run the same steps without the role, set its variables on the task:
- name: Peer the app VPC with Atlas in one task
  atlasops.networking.peering_steps:
  vars:
    atlas_peering_project_id: 6a1b2c3d4e5f60718293a4b5
    atlas_peering_provider: AWS
    atlas_peering_region: US_EAST_1
    atlas_peering_atlas_cidr_block: 192.168.248.0/21
    atlas_peering_vpc_id: vpc-0123456789abcdef0
    atlas_peering_aws_account_id: "123456789012"
    atlas_peering_route_table_cidr_block: 10.10.0.0/16
'''

RETURN = r'''
ansible_facts:
  description: The fact the task sets.
  returned: when no step failed
  type: dict
  contains:
    atlas_peering_result:
      description: The result of the role (see the role's documentation for its keys).
      type: dict
steps:
  description: The steps run, in order, each with its module, whether it changed something, and its message if it failed.
  returned: always
  type: list
  elements: dict
  sample: [{module: atlasops.networking.network_container, changed: false}]
check_mode:
  description: Whether the task ran in check mode (C(--check), or C(check_mode) on the task, a block or the role).
  returned: always
  type: bool
aws:
  description: What the role's AWS tasks need (O(atlasops.networking.peering#role:main:atlas_peering_aws_accept)).
  returned: when the variables are valid
  type: dict
  contains:
    accept:
      description: Whether the role accepts the peering in AWS and routes the Atlas CIDR block.
      type: bool
    state:
      description: C(present) or C(absent).
      type: str
    region:
      description: The AWS region of your VPC, AWS form.
      type: str
      sample: us-east-1
    endpoint_url:
      description: The EC2 endpoint for the amazon.aws modules, or null.
      type: str
    route_table_ids:
      description: The route tables that route the Atlas CIDR block.
      type: list
      elements: str
    vpc_id:
      description: Your VPC.
      type: str
problems:
  description: Each problem with the role's variables, naming the variable (nothing was sent to Atlas).
  returned: when the variables are wrong
  type: list
  elements: str
  sample: ["atlas_peering_vpc_id: 'vpc-123' is not valid: must be an AWS VPC id: 'vpc-' and 17 lowercase hexadecimal characters"]
'''

from ansible_collections.atlasops.networking.plugins.module_utils._atlas_module import AtlasModule
from ansible_collections.atlasops.networking.plugins.module_utils._options import options_model

ARGUMENT_SPEC = dict()

PeeringStepsOptions = options_model('PeeringStepsOptions', ARGUMENT_SPEC)


def main():
    atlas = AtlasModule(PeeringStepsOptions)
    atlas.fail('atlasops.networking.peering_steps runs only on the controller, through its action plugin.')


if __name__ == '__main__':
    main()
