# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a user sets up in Atlas, outside this collection, before some modules' EXAMPLES can work, and
how the suites that run the EXAMPLES against the simulator (tests/packaging, tests/reliability) set
it up there: one simulator control per module."""

from __future__ import annotations

# module -> (method, control path with %s for the project id, body)
PREREQUISITES = {
    # Encryption at rest with customer key management that requires private networking
    # (Atlas: awsKms.requirePrivateNetworking, azureKeyVault.requirePrivateNetworking).
    'encryption_at_rest_private_endpoint': ('PATCH', '/_sim/projects/%s/private_networking',
                                            {'ear_require_private_networking': {'AWS': True, 'AZURE': True}}),
}


def set_up(sim, modules, project_id):
    """Set up in ``project_id`` what the EXAMPLES of ``modules`` need, through ``sim.control()``."""
    for module in modules:
        if module in PREREQUISITES:
            method, path, body = PREREQUISITES[module]
            sim.control(method, path % project_id, body)
