# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the simulator holds for a project, read through the API itself (with faults off)."""

from __future__ import annotations

import collections


def project_items(sim, project):
    """{kind: [Atlas items]} of every kind of resource the collection manages (private endpoints: AWS)."""
    base = '/groups/%s' % project
    items = collections.OrderedDict()
    items['containers'] = sim.list_all(base + '/containers/all')
    items['peerings'] = [peer for provider in ('AWS', 'AZURE', 'GCP')
                         for peer in sim.list_all(base + '/peers', params={'providerName': provider})]
    items['stream private links'] = sim.list_all(base + '/streams/privateLinkConnections', version='2023-02-01')
    items['backup private endpoints'] = sim.list_all(base + '/backup/AWS/privateEndpoints', version='2024-11-13')
    items['access list entries'] = sim.list_all(base + '/accessList')
    items['private endpoint services'] = sim.list_all(base + '/privateEndpoint/AWS/endpointService')
    items['Data Federation private endpoints'] = sim.list_all(base + '/privateNetworkSettings/endpointIds')
    items['encryption at rest private endpoints'] = sim.list_all(base + '/encryptionAtRest/AWS/privateEndpoints')
    return items
