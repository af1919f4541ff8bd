#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: private_endpoint_regional_mode
short_description: Turn Atlas's regionalized private endpoint mode of a project on or off
version_added: 0.1.0
description:
  - Ensures that the project's regionalized private endpoint setting is on or off. The setting covers every cloud
    provider of the project.
  - Without it a project may have one private endpoint per region, or several private endpoints in one region and
    none elsewhere. With it, several endpoints per region are allowed, which multi-region and global sharded clusters
    reached from networks that cannot be peered need; each regional endpoint reaches the C(mongos) of its region.
  - B(Turning it on changes the connection strings of existing multi-region and global sharded clusters), which may
    cause downtime until applications use the new strings. Atlas allows it only when the project has no replica set
    clusters, and afterwards no replica set can be created.
  - Atlas refuses to turn it off while the project has more than one endpoint in a region and endpoints in another
    region; the module then says which region and what to remove.
  - One request reads the setting; a second one changes it, only when it differs.
author:
  - atlasops.networking developers (@atlasops)
extends_documentation_fragment:
  - atlasops.networking.atlas
  - atlasops.networking.attributes
options:
  enabled:
    description:
      - V(true) turns regionalized private endpoints on, V(false) off.
    type: bool
    required: true
notes:
  - Atlas requires the Project Owner role to change the setting and Project Read Only to read it.
seealso:
  - module: atlasops.networking.private_endpoint
  - name: Regionalized private endpoints for multi-region sharded clusters
    description: What the setting changes and its limits.
    link: https://www.mongodb.com/docs/atlas/security-private-endpoint/
'''

EXAMPLES = r'''
- name: Turn regionalized private endpoints on (all clusters of the project are sharded)
  atlasops.networking.private_endpoint_regional_mode:
    project_id: "{{ atlas_project_id }}"
    enabled: true
  register: regional_mode

- name: Show the setting
  ansible.builtin.debug:
    msg: "regional mode: {{ regional_mode.regional_mode.enabled }}"

- name: Turn it off again
  atlasops.networking.private_endpoint_regional_mode:
    project_id: "{{ atlas_project_id }}"
    enabled: false
'''

RETURN = r'''
regional_mode:
  description: The setting after the task (in check mode, what the task would set).
  returned: always
  type: dict
  contains:
    enabled:
      description: Whether regionalized private endpoints are on.
      type: bool
      sample: true
project_id:
  description:
    - The Atlas project the task worked on, wherever it came from (O(project_id), C(module_defaults) or the
      C(MONGODB_ATLAS_PROJECT_ID) environment variable).
  returned: success
  type: str
  sample: 6a1b2c3d4e5f60718293a4b5
'''

from ansible_collections.atlasops.networking.plugins.module_utils._api_paths import PRIVATE_ENDPOINT_REGIONAL_MODE
from ansible_collections.atlasops.networking.plugins.module_utils._atlas_module import AtlasModule
from ansible_collections.atlasops.networking.plugins.module_utils._errors import AtlasApiError, AtlasError
from ansible_collections.atlasops.networking.plugins.module_utils._options import options_model

ARGUMENT_SPEC = dict(
    enabled=dict(type='bool', required=True),
)

RegionalModeOptions = options_model('RegionalModeOptions', ARGUMENT_SPEC)

# Atlas's refusals (HTTP 409), and what to change.
REFUSALS = {
    'CANNOT_ENABLE_REGIONALIZED_PRIVATE_ENDPOINTS_WITH_REPLICA_SETS': (
        'The project has replica set clusters, and regionalized private endpoints need every cluster to be sharded. '
        'Convert the replica sets to sharded clusters, or move them to another project, then turn it on.'),
    'CANNOT_DISABLE_REGIONALIZED_PRIVATE_ENDPOINTS': (
        'Without regionalized mode a project may have one private endpoint per region, or several in one region and '
        'none elsewhere. Delete private endpoints (atlasops.networking.private_endpoint, state: absent) until that '
        'holds, then turn it off.'),
}


def toggle(atlas, enabled):
    """PATCH the setting; Atlas answers 202 with the new value."""
    path = PRIVATE_ENDPOINT_REGIONAL_MODE.collection(group_id=atlas.project_id)
    try:
        answer = atlas.client.patch(path, PRIVATE_ENDPOINT_REGIONAL_MODE.version('update'), {'enabled': enabled})
    except AtlasApiError as error:
        hint = REFUSALS.get(error.error_code)
        if hint is None and error.status == 409:
            hint = ('Atlas refused to turn regionalized private endpoints %s in this project; see its message.'
                    % ('on' if enabled else 'off'))
        if hint is None:
            raise
        if error.error_code == 'CANNOT_DISABLE_REGIONALIZED_PRIVATE_ENDPOINTS' and error.parameters:
            hint = 'Atlas names the region %s. %s' % (', '.join(str(value) for value in error.parameters), hint)
        atlas.fail('%s. %s' % (str(error).rstrip('.'), hint), changed=False, error=error.to_result(),
                   regional_mode={'enabled': not enabled})
    return bool((answer or {}).get('enabled', enabled))


def main():
    atlas = AtlasModule(RegionalModeOptions)
    enabled = atlas.options.enabled
    path = PRIVATE_ENDPOINT_REGIONAL_MODE.collection(group_id=atlas.project_id)
    try:
        before = bool((atlas.client.get(path, PRIVATE_ENDPOINT_REGIONAL_MODE.version('get')) or {}).get('enabled'))
        after = before
        if before != enabled and not atlas.check_mode:
            after = toggle(atlas, enabled)
        elif before != enabled:
            after = enabled
    except AtlasError as error:
        atlas.fail_from_error(error, changed=False)
    if enabled and not before:
        atlas.module.warn('Regionalized private endpoints %s on: the connection strings of existing multi-region and '
                          'global sharded clusters change, and applications must use the new ones.'
                          % ('would be turned' if atlas.check_mode else 'are now'))
    result = dict(changed=before != enabled, regional_mode={'enabled': after})
    if atlas.diff_mode:
        result['diff'] = dict(before={'enabled': before}, after={'enabled': after})
    atlas.exit(**result)


if __name__ == '__main__':
    main()
