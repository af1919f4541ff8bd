#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: access_list_info
short_description: List the IP access list entries of an Atlas project, with their status
version_added: 0.1.0
description:
  - Returns every entry of an Atlas project's IP access list, every page of them.
  - With O(with_status=true) (the default), also returns each entry's status (C(PENDING), C(ACTIVE) or
    C(FAILED)). Atlas only reports the status one entry at a time, so this costs one request per entry
    on top of one per 500 entries; set O(with_status=false) for large lists when the status does not matter.
  - Never changes anything.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes.info_module
options:
  with_status:
    description:
      - Read each entry's status (one request per entry).
    type: bool
    default: true
seealso:
  - module: atlasops.networking.access_list
'''

EXAMPLES = r'''
- name: List the access list with each entry's status
  atlasops.networking.access_list_info:
    project_id: "{{ atlas_project_id }}"
  register: access

- name: Show the entries that are not applied yet
  ansible.builtin.debug:
    msg: "{{ access.entries | rejectattr('status', 'eq', 'ACTIVE') | map(attribute='cidr_block') | list }}"

- name: List the entries only (one request per 500 entries)
  atlasops.networking.access_list_info:
    project_id: "{{ atlas_project_id }}"
    with_status: false
'''

RETURN = r'''
entries:
  description:
    - The entries, in snake_case (see M(atlasops.networking.access_list) for the fields).
    - An entry that disappears while its status is read (a temporary entry expiring) is left out.
  returned: always
  type: list
  elements: dict
  contains:
    status:
      description:
        - C(ACTIVE) once the entry applies to every cloud provider of the project, C(PENDING) before, C(FAILED)
          if Atlas could not apply it.
        - Only with O(with_status=true).
      type: str
      returned: when O(with_status=true)
      sample: ACTIVE
  sample:
    - cidr_block: 198.51.100.7/32
      ip_address: 198.51.100.7
      comment: VPN gateway
      group_id: 6a1b2c3d4e5f60718293a4b5
      status: ACTIVE
    - cidr_block: 203.0.113.0/24
      comment: Office
      group_id: 6a1b2c3d4e5f60718293a4b5
      status: PENDING
project_id:
  description:
    - The Atlas project the task worked on, wherever it came from (O(project_id), C(module_defaults) or the
      C(MONGODB_ATLAS_PROJECT_ID) environment variable).
  returned: success
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
'''

from ansible_collections.atlasops.networking.plugins.module_utils._access_list import item_key, read_status
from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import ACCESS_LIST
from ansible_collections.atlasops.networking.plugins.module_utils._errors import PROJECT_NOT_FOUND_CODES, AtlasApiError
from ansible_collections.atlasops.networking.plugins.module_utils._info import run_info_module
from ansible_collections.atlasops.networking.plugins.module_utils._options import options_model

ARGUMENT_SPEC = dict(with_status=dict(type='bool', default=True))

AccessListInfoOptions = options_model('AccessListInfoOptions', ARGUMENT_SPEC)


def list_entries(atlas):
    group_id = atlas.project_id
    items = atlas.client.list_all(ACCESS_LIST.collection(group_id=group_id), ACCESS_LIST.version('list'))
    if not atlas.options.with_status:
        return items
    with_status = []
    for item in items:
        try:
            status = read_status(atlas.client, group_id, item_key(item))
        except AtlasApiError as error:
            if error.status == 404 and error.error_code not in PROJECT_NOT_FOUND_CODES:
                continue  # gone since the list was read (a temporary entry expired)
            raise
        with_status.append(dict(item, status=status))
    return with_status


def main():
    run_info_module(AccessListInfoOptions, 'entries', list_entries)


if __name__ == '__main__':
    main()
