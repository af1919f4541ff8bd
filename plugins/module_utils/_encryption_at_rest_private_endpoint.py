# -*- coding: utf-8 -*-
# Copyright: atlasops.networking contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# PRIVATE to atlasops.networking: it may change in any release; do not import it from other collections or your own code.

"""What encryption_at_rest_private_endpoint and its _info twin share: the provider and region rules,
Atlas's endpoint in snake_case with every documented key, and the explanation of the refusal people
meet first (the encryption-at-rest prerequisite). The Project Owner role Atlas requires even to read
these endpoints is named by the client's own advice (_errors.required_role)."""

from __future__ import annotations

import re

from ansible_collections.atlasops.networking.plugins.module_utils import _regions as atlas_regions
from ansible_collections.atlasops.networking.plugins.module_utils._errors import AtlasApiError
from ansible_collections.atlasops.networking.plugins.module_utils._views import snake_view

PROVIDERS = ('AWS', 'AZURE')
REGIONS = {'AWS': atlas_regions.EAR_AWS_REGIONS, 'AZURE': atlas_regions.EAR_AZURE_REGIONS}
REGION_EXAMPLES = {'AWS': 'US_EAST_1, or us-east-1', 'AZURE': 'US_EAST_2, or eastus2'}
ENDPOINT_FIELDS = ('id', 'cloud_provider', 'region_name', 'status', 'private_endpoint_connection_name', 'error_message')
KEY_SERVICES = {'AWS': 'AWS KMS', 'AZURE': 'Azure Key Vault'}
# Where Atlas keeps the setting, per provider (PATCH /api/atlas/v2/groups/{groupId}/encryptionAtRest).
PRIVATE_NETWORKING_SETTINGS = {'AWS': 'awsKms.requirePrivateNetworking',
                               'AZURE': 'azureKeyVault.requirePrivateNetworking'}
# The simulator's code for the missing prerequisite (Atlas's own is not documented); Atlas's detail
# is recognised by its words as well.
PREREQUISITE_CODES = ('ENCRYPTION_AT_REST_PRIVATE_NETWORKING_NOT_ENABLED',)
PREREQUISITE_WORDS = re.compile(r'require\s*private\s*networking|private\s*networking', re.IGNORECASE)


def region_name(provider, value):
    """'us-east-1', 'eastus2' or Atlas's own 'US_EAST_1' -> Atlas's name, one of the provider's regions for
    these endpoints (the cloud's names are mapped exactly: Azure's are not a mechanical rewrite)."""
    try:
        name = atlas_regions.provider_region(provider, value)
    except ValueError:
        name = atlas_regions.atlas_region_name(value)
    if name not in REGIONS[provider]:
        raise ValueError('%r is not an %s region for encryption-at-rest private endpoints (Atlas form, for example %s); '
                         'expected one of: %s' % (value, provider, REGION_EXAMPLES[provider], ', '.join(REGIONS[provider])))
    return name


def endpoint_view(item):
    """Atlas's endpoint in snake_case, with every documented key (null when Atlas omits it)."""
    view = snake_view(item)
    for key in ENDPOINT_FIELDS:
        view.setdefault(key, None)
    return view


class ExplainedApiError(AtlasApiError):
    """An Atlas refusal whose message starts with what to do about it; the ``error`` result is Atlas's own."""

    def __init__(self, error, explanation):
        self.explanation = explanation
        super(ExplainedApiError, self).__init__(
            error.status, error.error_code, error.reason, error.detail, error.parameters, error.bad_request_fields,
            error.method, error.path)
        self.__dict__.update(vars(error))  # and whatever else the client attached to Atlas's error
        self.args = (self.message,)

    @property
    def message(self):
        return '%s %s' % (self.explanation, super(ExplainedApiError, self).message)


def explained(error, atlas, cloud_provider, region=None):
    """``error`` with an explanation when Atlas refused for a reason people can fix; otherwise ``error``."""
    if error.status == 400 and (error.error_code in PREREQUISITE_CODES
                                or PREREQUISITE_WORDS.search(error.detail or '')):
        return ExplainedApiError(error, (
            'Project %s does not require private networking for encryption at rest with %s yet, so Atlas creates no '
            'private endpoint%s. Enable encryption at rest with customer key management (%s) in the project and set '
            '%s to true (Atlas UI: Advanced > Encryption at Rest; API: PATCH /api/atlas/v2/groups/%s/encryptionAtRest), '
            '%sthen run the task again.'
            % (atlas.project_id, KEY_SERVICES[cloud_provider], ' in %s' % region if region else '',
               KEY_SERVICES[cloud_provider], PRIVATE_NETWORKING_SETTINGS[cloud_provider], atlas.project_id,
               'register the Microsoft.Network resource provider in the Azure subscription, '
               if cloud_provider == 'AZURE' else '')))
    return error
