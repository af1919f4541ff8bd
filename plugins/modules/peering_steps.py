#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: peering_steps
short_description: Run the Atlas steps of the peering role in one task
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
  - Its result is what the role registers as C(atlas_peering_result) (see the role's documentation).
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
  register: atlas_peering_result
  vars:
    atlas_peering_project_id: "{{ atlas_project_id }}"
    atlas_peering_provider: AWS
    atlas_peering_region: US_EAST_1
    atlas_peering_atlas_cidr_block: 192.168.248.0/21
    atlas_peering_vpc_id: vpc-0123456789abcdef0
    atlas_peering_aws_account_id: "123456789012"
    atlas_peering_route_table_cidr_block: 10.10.0.0/16
'''

RETURN = r'''
state:
  description: V(present) or V(absent), what the task did.
  returned: when no step failed
  type: str
provider:
  description: The cloud provider of the peer network.
  returned: when no step failed
  type: str
  sample: AWS
project_id:
  description: The Atlas project the steps used (from their results).
  returned: when no step failed
  type: str
container:
  description:
    - The container, as M(atlasops.networking.network_container) returns it.
    - After a teardown, the container when it was kept, else empty.
  returned: when no step failed
  type: dict
peering:
  description: The peering connection, as M(atlasops.networking.network_peering) returns it; empty after a teardown.
  returned: when no step failed
  type: dict
access_list:
  description:
    - The access list entries of the peer network - C(cidr_blocks) asked for, C(comment) (the role's, which marks its
      entries), C(added), C(updated), C(removed) and C(entries) (the whole list after the task), as
      M(atlasops.networking.access_list) returns them.
  returned: when no step failed
  type: dict
next_steps:
  description:
    - What your side must do next - C(status), C(action) (in words) and the values per provider; after a teardown
      C(status), C(container_kept) and for AWS C(connection_id). See the role's documentation.
  returned: when no step failed
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
      description: V(present) or V(absent).
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
    atlas_cidr_block:
      description: The Atlas CIDR block the routes lead to.
      type: str
    wait:
      description: Whether to wait until Atlas shows the peering AVAILABLE after the accept.
      type: bool
    wait_timeout:
      description: Seconds to wait.
      type: int
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
