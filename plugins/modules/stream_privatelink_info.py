#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: stream_privatelink_info
short_description: List the Atlas Stream Processing Private Link connections of a project
version_added: 0.1.0
description:
  - Returns the Atlas Stream Processing Private Link connections of an Atlas project, every page of them,
    or the one connection with O(id).
  - Never changes anything.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes.info_module
options:
  id:
    description:
      - Only return the connection with this Atlas ID (24 hexadecimal characters). An unknown ID returns
        an empty list.
    type: str
seealso:
  - module: atlasops.networking.stream_privatelink
'''

EXAMPLES = r'''
- name: List every Stream Processing Private Link connection of the project
  atlasops.networking.stream_privatelink_info:
    project_id: "{{ atlas_project_id }}"
  register: stream_links

- name: Read one connection
  atlasops.networking.stream_privatelink_info:
    project_id: "{{ atlas_project_id }}"
    id: "{{ stream_links.connections[0].id }}"
  when: stream_links.connections | length > 0
'''

RETURN = r'''
connections:
  description:
    - The connections, in snake_case (see M(atlasops.networking.stream_privatelink) for the fields);
      Atlas's C(_id) is returned as C(id).
  returned: always
  type: list
  elements: dict
  sample:
    - id: 6a1b2c3d4e5f60718293a4b5
      provider: AWS
      vendor: MSK
      region: us-east-1
      arn: arn:aws:kafka:us-east-1:123456789012:cluster/orders/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9-1
      state: DONE
      interface_endpoint_id: vpce-0a1b2c3d4e5f60718
project_id:
  description:
    - The Atlas project the task worked on, wherever it came from (O(project_id), C(module_defaults) or the
      C(MONGODB_ATLAS_PROJECT_ID) environment variable).
  returned: success
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
'''

from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import STREAM_PRIVATE_LINKS
from ansible_collections.atlasops.networking.plugins.module_utils._info import read_one, run_info_module
from ansible_collections.atlasops.networking.plugins.module_utils._options import (
    OptionRules,
    atlas_id,
    option_rule,
    options_model,
)

ARGUMENT_SPEC = dict(id=dict(type='str'))


class StreamPrivateLinkInfoRules(OptionRules):
    _check_id = option_rule('id', atlas_id('connection'))


StreamPrivateLinkInfoOptions = options_model('StreamPrivateLinkInfoOptions', ARGUMENT_SPEC, StreamPrivateLinkInfoRules)


def list_connections(atlas):
    group_id = atlas.project_id
    connection_id = atlas.options.id
    if connection_id is not None:
        return read_one(atlas, STREAM_PRIVATE_LINKS.item(connection_id, group_id=group_id),
                        STREAM_PRIVATE_LINKS.version('get'))
    return atlas.client.list_all(STREAM_PRIVATE_LINKS.collection(group_id=group_id), STREAM_PRIVATE_LINKS.version('list'))


def main():
    run_info_module(StreamPrivateLinkInfoOptions, 'connections', list_connections)


if __name__ == '__main__':
    main()
